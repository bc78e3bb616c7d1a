/*
 * indicators_preview.h: a period's indicator set as this node would
 * publish it, with why each hidden cell is hidden, and publishing it: what
 * `samverk indicators compute|publish` and the web app's indicators page
 * both do. The set is the one history.h protects against every set this
 * node published before; a cell that disclosure control of the period
 * alone would have shown, but that is hidden to protect an earlier set,
 * is told apart.
 */
#ifndef SVK_INDICATORS_PREVIEW_H
#define SVK_INDICATORS_PREVIEW_H

#include <stdint.h>

#include "config.h"
#include "home.h"
#include "indicator.h"

/* Why a cell of a preview is hidden. */
typedef enum svk_indicators_why {
	SVK_WHY_SHOWN = 0,
	SVK_WHY_SMALL,	  /* a small count */
	SVK_WHY_PROTECTS, /* it would give a small count of the set away */
	SVK_WHY_WITHHELD, /* its indicator is withheld whole */
	SVK_WHY_EARLIER,  /* hidden to protect a set published before */
} svk_indicators_why;

/* A set ready to publish: set as it would go out, raw its true values (for
 * svk_history_publish), why[i] for set->cells[i]. */
typedef struct svk_indicators_preview {
	svk_indicator_set *set, *raw;
	svk_indicators_why *why;
	size_t hidden; /* cells of set not shown */
} svk_indicators_preview;

/* svk_indicators_preview_make computes the set for period with cfg's
 * min_cell and protection into *pv (free it with
 * svk_indicators_preview_fini, after a failure too). SVK_EMALFORMED when
 * period is not a quarter, month or year; SVK_EINVAL when no choice of
 * cells protects the set well enough (the audit refuses it: nothing is fit
 * to publish). */
int svk_indicators_preview_make(svk_home *home, const svk_config *cfg,
    const char *period, svk_indicators_preview *pv) SVK_WUR;

/* svk_indicators_preview_publish signs pv's set into home's log as
 * svk_history_publish does; *seq gives the entry. */
int svk_indicators_preview_publish(svk_home *home,
    const svk_indicators_preview *pv, uint64_t *seq) SVK_WUR;

/* svk_indicators_preview_fini frees what pv holds. */
void svk_indicators_preview_fini(svk_indicators_preview *pv);

#endif
