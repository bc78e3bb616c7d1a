/*
 * indicators.c: publishing indicator sets, reading them back, and the
 * rollup over the sets members published. A set is computed by
 * indicators_compute.c; disclosure control is disclosure.c's. See
 * indicators.h.
 */
#include "indicators.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "log.h"
#include "samverk.pb-c.h"

/* --- publishing and reading back ----------------------------------------- */

static bool
word_valid(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n >= max || s[0] < 'A' || s[0] > 'Z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
			(s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* A cell fit to be published or summed: a code and unit in capitals, a
 * breakdown that is the total or a known area, and no value when it is
 * suppressed (when strict; a partner's stray value is dropped instead). */
static bool
cell_valid(const char *code, const char *breakdown, const char *unit, int conf)
{
	return word_valid(code, SVK_INDICATOR_CODE_LEN) &&
	       word_valid(unit, SVK_INDICATOR_UNIT_LEN) &&
	       strlen(breakdown) < SVK_INDICATOR_BREAKDOWN_LEN &&
	       svk_indicator_breakdown_area(breakdown) >= -1 &&
	       conf >= SVK_CONF_FREE && conf <= SVK_CONF_WITHHELD;
}

int
svk_indicators_publish(svk_store *st, const svk_identity *me,
    const svk_indicator_set *set, uint64_t *seq)
{
	Samverk__IndicatorSet msg = SAMVERK__INDICATOR_SET__INIT;
	Samverk__Indicator *items;
	Samverk__Indicator **ptrs;
	Samverk__Body body = SAMVERK__BODY__INIT;
	svk_period p;
	int err;

	if (svk_period_parse(set->period, &p) != 0 || set->n == 0 ||
	    set->min_cell < SVK_INDICATORS_MIN_CELL_LO)
		return SVK_EINVAL;
	for (size_t i = 0; i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		if (!cell_valid(c->code, c->breakdown, c->unit, c->conf) ||
		    svk_indicator_code_rank(c->code) == SVK_INDICATOR_NCODES ||
		    (c->conf != SVK_CONF_FREE && c->value != 0))
			return SVK_EINVAL;
	}
	items = calloc(set->n, sizeof(*items));
	ptrs = calloc(set->n, sizeof(*ptrs));
	if (items == NULL || ptrs == NULL) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		samverk__indicator__init(&items[i]);
		items[i].code = (char *)c->code;
		items[i].breakdown = (char *)c->breakdown;
		items[i].value = c->conf == SVK_CONF_FREE ? c->value : 0;
		items[i].conf = (Samverk__ConfStatus)c->conf;
		items[i].unit = (char *)c->unit;
		ptrs[i] = &items[i];
	}
	msg.period = (char *)set->period;
	msg.min_cell = set->min_cell;
	msg.cells = ptrs;
	msg.n_cells = set->n;
	body.payload_case = SAMVERK__BODY__PAYLOAD_INDICATORS;
	body.indicators = &msg;
	err = svk_log_append(st, me, &body, seq, NULL);
out:
	free(items);
	free(ptrs);
	return err;
}

/* A set from a decoded entry, with the cells that are well formed. */
static int
set_from_body(const Samverk__Body *b, svk_indicator_set **out)
{
	const Samverk__IndicatorSet *m = b->indicators;
	svk_indicator_set *set;
	svk_period p;

	*out = NULL;
	if (m == NULL || svk_period_parse(m->period, &p) != 0 ||
	    b->origin.len != SVK_KEY_LEN)
		return 0; /* not a set we can read: skipped */
	if ((set = calloc(1, sizeof(*set))) == NULL ||
	    (m->n_cells > 0 &&
		(set->cells = calloc(m->n_cells, sizeof(*set->cells))) == NULL)) {
		free(set);
		return -ENOMEM;
	}
	memcpy(set->period, p.text, sizeof(set->period));
	set->min_cell = m->min_cell;
	memcpy(set->origin, b->origin.data, SVK_KEY_LEN);
	set->seq = b->seq;
	set->time_ms = b->time_ms;
	for (size_t i = 0; i < m->n_cells; i++) {
		const Samverk__Indicator *c = m->cells[i];
		svk_indicator *d = &set->cells[set->n];
		bool twice = false;
		if (!cell_valid(c->code, c->breakdown, c->unit, (int)c->conf))
			continue;
		for (size_t j = 0; j < set->n && !twice; j++)
			twice = strcmp(set->cells[j].code, c->code) == 0 &&
				strcmp(set->cells[j].breakdown, c->breakdown) == 0;
		if (twice)
			continue;
		snprintf(d->code, sizeof(d->code), "%s", c->code);
		snprintf(d->breakdown, sizeof(d->breakdown), "%s", c->breakdown);
		snprintf(d->unit, sizeof(d->unit), "%s", c->unit);
		d->conf = (int)c->conf;
		d->value = d->conf == SVK_CONF_FREE ? c->value : 0;
		set->n++;
	}
	*out = set;
	return 0;
}

static int
set_order(const void *a, const void *b)
{
	const svk_indicator_set *x = *(const svk_indicator_set *const *)a;
	const svk_indicator_set *y = *(const svk_indicator_set *const *)b;
	int c = memcmp(x->origin, y->origin, SVK_KEY_LEN);
	if (c == 0)
		c = strcmp(x->period, y->period);
	if (c == 0)
		c = (x->seq < y->seq) - (x->seq > y->seq); /* newest first */
	return c;
}

/* Every readable set held (of origin, of period), newest first within each
 * (origin, period). */
static int
load_sets(svk_store *st, const uint8_t *origin, const char *period,
    svk_indicator_set ***out, size_t *nout)
{
	svk_indicator_set **sets = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *stmt;
	int rc, err = 0;

	rc = sqlite3_prepare_v2(svk__store_db(st),
	    "SELECT envelope FROM log WHERE kind = ?1 AND (?2 IS NULL OR "
	    "origin = ?2) ORDER BY origin, seq",
	    -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	(void)sqlite3_bind_int(stmt, 1, SAMVERK__BODY__PAYLOAD_INDICATORS);
	if (origin != NULL)
		(void)sqlite3_bind_blob(stmt, 2, origin, SVK_KEY_LEN, SQLITE_STATIC);
	while (err == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Samverk__Body *b = svk__envelope_body(sqlite3_column_blob(stmt, 0),
		    (size_t)sqlite3_column_bytes(stmt, 0));
		svk_indicator_set *set = NULL;
		if (b == NULL)
			err = SVK_ECORRUPT;
		else if (b->payload_case == SAMVERK__BODY__PAYLOAD_INDICATORS)
			err = set_from_body(b, &set);
		if (b)
			samverk__body__free_unpacked(b, NULL);
		if (set == NULL)
			continue;
		if (period != NULL && strcmp(set->period, period) != 0) {
			svk_indicator_set_free(set);
			continue;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			svk_indicator_set **s = realloc(sets, ncap * sizeof(*s));
			if (s == NULL) {
				svk_indicator_set_free(set);
				err = -ENOMEM;
				break;
			}
			sets = s;
			cap = ncap;
		}
		sets[n++] = set;
	}
	if (err == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		err = svk__store_err(rc);
	sqlite3_finalize(stmt);
	if (err != 0) {
		for (size_t i = 0; i < n; i++)
			svk_indicator_set_free(sets[i]);
		free(sets);
		return err;
	}
	if (n > 1)
		qsort(sets, n, sizeof(*sets), set_order);
	*out = sets;
	*nout = n;
	return 0;
}

static void
free_sets(svk_indicator_set **sets, size_t n)
{
	for (size_t i = 0; i < n; i++)
		svk_indicator_set_free(sets[i]);
	free(sets);
}

static bool
same_place(const svk_indicator_set *a, const svk_indicator_set *b)
{
	return memcmp(a->origin, b->origin, SVK_KEY_LEN) == 0 &&
	       strcmp(a->period, b->period) == 0;
}

int
svk_indicators_each(svk_store *st, const uint8_t *origin, const char *period,
    svk_indicator_set_fn fn, void *arg)
{
	svk_indicator_set **sets;
	size_t n;
	int err;

	if ((err = load_sets(st, origin, period, &sets, &n)) != 0)
		return err;
	for (size_t i = 0; i < n && err == 0; i++)
		if (i == 0 || !same_place(sets[i - 1], sets[i]))
			err = fn(arg, sets[i]); /* the newest of its place */
	free_sets(sets, n);
	return err;
}

int
svk_indicators_history(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    svk_indicator_set_fn fn, void *arg)
{
	svk_indicator_set **sets;
	size_t n;
	int err;

	if ((err = load_sets(st, origin, NULL, &sets, &n)) != 0)
		return err;
	for (size_t i = 0; i < n && err == 0; i++)
		err = fn(arg, sets[i]);
	free_sets(sets, n);
	return err;
}

void
svk_indicators_rollup_free(svk_rollup *r)
{
	if (r == NULL)
		return;
	free(r->cells);
	free(r);
}

static int
breakdown_rank(const char *b)
{
	int a = svk_indicator_breakdown_area(b);
	return a == -1 ? -1 : a >= 0 ? a : SVK_INDICATOR_MAX_AREAS;
}

static int
cell_order(const void *a, const void *b)
{
	const svk_rollup_cell *x = a, *y = b;
	int c = strcmp(x->period, y->period);
	if (c == 0)
		c = svk_indicator_code_rank(x->code) -
		    svk_indicator_code_rank(y->code);
	if (c == 0)
		c = strcmp(x->code, y->code);
	if (c == 0)
		c = breakdown_rank(x->breakdown) - breakdown_rank(y->breakdown);
	if (c == 0)
		c = strcmp(x->breakdown, y->breakdown);
	return c;
}

int
svk_indicators_rollup(svk_store *st, const char *period, svk_rollup **out)
{
	svk_indicator_set **sets;
	svk_rollup_cell *all = NULL;
	svk_rollup *r;
	size_t n, total = 0, k = 0;
	int err;

	if ((err = load_sets(st, NULL, period, &sets, &n)) != 0)
		return err;
	/* One row per cell of each member's latest set, then merged. */
	for (size_t i = 0; i < n; i++)
		if (i == 0 || !same_place(sets[i - 1], sets[i]))
			total += sets[i]->n;
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (total > 0 && (all = calloc(total, sizeof(*all))) == NULL)) {
		free(r);
		free_sets(sets, n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && same_place(sets[i - 1], sets[i]))
			continue;
		for (size_t j = 0; j < sets[i]->n; j++) {
			const svk_indicator *c = &sets[i]->cells[j];
			svk_rollup_cell *d = &all[k++];
			memcpy(d->period, sets[i]->period, sizeof(d->period));
			memcpy(d->code, c->code, sizeof(d->code));
			memcpy(d->breakdown, c->breakdown, sizeof(d->breakdown));
			memcpy(d->unit, c->unit, sizeof(d->unit));
			if (c->conf == SVK_CONF_FREE) {
				d->sum = c->value;
				d->reported = 1;
			} else {
				d->confidential = 1;
			}
		}
	}
	if (k > 1)
		qsort(all, k, sizeof(*all), cell_order);
	size_t m = 0;
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && cell_order(&all[m - 1], &all[i]) == 0) {
			all[m - 1].sum += all[i].sum;
			all[m - 1].reported += all[i].reported;
			all[m - 1].confidential += all[i].confidential;
		} else {
			all[m++] = all[i];
		}
	}
	/* How many members have a set for each period. */
	for (size_t i = 0; i < m; i++) {
		unsigned members = 0;
		for (size_t j = 0; j < n; j++)
			if ((j == 0 || !same_place(sets[j - 1], sets[j])) &&
			    strcmp(sets[j]->period, all[i].period) == 0)
				members++;
		all[i].members = members;
	}
	free_sets(sets, n);
	r->cells = all;
	r->n = m;
	*out = r;
	return 0;
}
