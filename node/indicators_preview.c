/*
 * indicators_preview.c: a period's set as it would be published, and why
 * each hidden cell is hidden. See indicators_preview.h.
 */
#include "indicators_preview.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "indicators.h"
#include "indicators_compute.h"
#include "period.h"

/* The cell of alone with c's code and breakdown, or NULL. */
static const svk_indicator *
same_cell(const svk_indicator_set *alone, const svk_indicator *c)
{
	for (size_t i = 0; alone != NULL && i < alone->n; i++)
		if (strcmp(alone->cells[i].code, c->code) == 0 &&
		    strcmp(alone->cells[i].breakdown, c->breakdown) == 0)
			return &alone->cells[i];
	return NULL;
}

/* Why c is hidden: by its own status, unless the period on its own (alone,
 * NULL when it could not be protected alone) would show it, or hide it
 * less, when it is hidden for a set published before. */
static svk_indicators_why
why_of(const svk_indicator *c, const svk_indicator_set *alone)
{
	const svk_indicator *a = same_cell(alone, c);

	if (c->conf == SVK_CONF_FREE)
		return SVK_WHY_SHOWN;
	if (a != NULL &&
	    (a->conf == SVK_CONF_FREE ||
		(c->conf == SVK_CONF_WITHHELD && a->conf != SVK_CONF_WITHHELD)))
		return SVK_WHY_EARLIER;
	return c->conf == SVK_CONF_PRIMARY   ? SVK_WHY_SMALL :
	       c->conf == SVK_CONF_SECONDARY ? SVK_WHY_PROTECTS :
					       SVK_WHY_WITHHELD;
}

int
svk_indicators_preview_make(svk_home *home, const svk_config *cfg,
    const char *period, svk_indicators_preview *pv)
{
	const uint8_t *me = svk_crypto_identity_public(home->id);
	svk_indicator_set *alone = NULL;
	svk_period p;
	int err;

	memset(pv, 0, sizeof(*pv));
	if (period == NULL || svk_period_parse(period, &p) != 0)
		return SVK_EMALFORMED;
	err = svk_history_compute(home->store, me, period, cfg->min_cell,
	    cfg->protection, &pv->set, &pv->raw);
	if (err != 0)
		return err;
	/* The period on its own: a cell it would hide too is hidden for the
	 * set's own sake. It may fail to protect (SVK_EINVAL) where the
	 * history's choice did not: then every reason is the status's. */
	err = svk_indicators_compute(home->store, me, period, cfg->min_cell, &alone);
	if (err != 0 && err != SVK_EINVAL)
		return err;
	if ((pv->why = calloc(pv->set->n ? pv->set->n : 1, sizeof(*pv->why))) == NULL) {
		svk_indicator_set_free(alone);
		return -ENOMEM;
	}
	for (size_t i = 0; i < pv->set->n; i++) {
		pv->why[i] = why_of(&pv->set->cells[i], alone);
		pv->hidden += pv->why[i] != SVK_WHY_SHOWN;
	}
	svk_indicator_set_free(alone);
	return 0;
}

int
svk_indicators_preview_publish(svk_home *home, const svk_indicators_preview *pv,
    uint64_t *seq)
{
	if (pv->set == NULL || pv->raw == NULL)
		return SVK_EINVAL;
	return svk_history_publish(home->store, home->id, pv->set, pv->raw, seq);
}

void
svk_indicators_preview_fini(svk_indicators_preview *pv)
{
	svk_indicator_set_free(pv->set);
	svk_indicator_set_free(pv->raw);
	free(pv->why);
	memset(pv, 0, sizeof(*pv));
}
