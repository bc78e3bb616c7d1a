/*
 * history.c: a new indicator set protected against the sets published
 * before it. See history.h.
 *
 * The audit's findings that were already there before the new set (a set
 * published before this rule existed) cannot be mended by it: the new set
 * is held only to what it makes worse. For each such finding the cell of
 * the new set to suppress next is, in this order: the same cell; the
 * indicator's total; VOL_ACTIVE and then VOL_NEW of the same breakdown;
 * the indicator's smallest other cell; any count's smallest cell. Hours go
 * with their VOL_ACTIVE twin, and counts of public records are never
 * suppressed (disclosure.c). When none is left, the indicator is withheld,
 * and then, one after the other, the other counts of people.
 */
#include "history.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure.h"
#include "indicators.h"
#include "indicators_compute.h"
#include "store_meta.h"

static int
grow(svk_history *h)
{
	size_t n = h->n + 1;
	svk_indicator_set **s = realloc(h->sets, n * sizeof(*s));
	if (s == NULL)
		return -ENOMEM;
	h->sets = s;
	svk_indicator_set **t = realloc(h->truth, n * sizeof(*t));
	if (t == NULL)
		return -ENOMEM;
	h->truth = t;
	return 0;
}

/* Adds set (taken) with its truth (taken). */
static int
add(svk_history *h, svk_indicator_set *set, svk_indicator_set *truth)
{
	int err = grow(h);
	if (err != 0) {
		svk_indicator_set_free(set);
		svk_indicator_set_free(truth);
		return err;
	}
	h->sets[h->n] = set;
	h->truth[h->n++] = truth;
	return 0;
}

#define TRUTH_KEY "indicator_truth/%llu" /* meta: a set's true values */

/* The true values of published set's cells as kept when it was published
 * (svk_history_publish), into t; SVK_ENOTFOUND for a set published before
 * they were kept. */
static int
truth_kept(svk_store *st, const svk_indicator_set *set, svk_indicator_set *t)
{
	char key[64];
	uint8_t *buf;
	int err;

	if (set->n == 0)
		return 0;
	if ((buf = malloc(set->n * 8)) == NULL)
		return -ENOMEM;
	snprintf(key, sizeof(key), TRUTH_KEY, (unsigned long long)set->seq);
	if ((err = svk_store_meta_get_blob(st, key, buf, set->n * 8)) == 0)
		for (size_t i = 0; i < set->n; i++) {
			uint64_t v = 0;
			for (int b = 7; b >= 0; b--)
				v = v << 8 | buf[i * 8 + (size_t)b];
			t->cells[i].value = v;
		}
	free(buf);
	return err;
}

/* Does raw (computed now) still say what set said when it was published:
 * every free cell the same, every suppressed one within its status? */
static bool
still_true(const svk_indicator_set *set, const svk_indicator_set *raw)
{
	for (size_t i = 0; i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		bool found = false;
		for (size_t j = 0; j < raw->n && !found; j++) {
			const svk_indicator *r = &raw->cells[j];
			if (strcmp(r->code, c->code) != 0 ||
			    strcmp(r->breakdown, c->breakdown) != 0)
				continue;
			found = true;
			if (c->conf == SVK_CONF_FREE && r->value != c->value)
				return false;
			if (c->conf == SVK_CONF_PRIMARY &&
			    (r->value < 1 || r->value >= set->min_cell))
				return false;
		}
		if (!found)
			return false;
	}
	return true;
}

/* The true values of a published set's cells: those kept at publishing,
 * or (a set published before they were kept) computed now, when the
 * registry still agrees with the set; NULL in *out when it does not. */
static int
truth_of(svk_store *st, const uint8_t *me, const svk_indicator_set *set,
    svk_indicator_set **out)
{
	svk_indicator_set *t = svk_indicator_set_copy(set), *raw = NULL;
	int err;

	*out = NULL;
	if (t == NULL)
		return -ENOMEM;
	if ((err = truth_kept(st, set, t)) != SVK_ENOTFOUND) {
		if (err == 0)
			*out = t;
		else
			svk_indicator_set_free(t);
		return err == SVK_ECORRUPT ? 0 : err; /* a bad one: as stale */
	}
	if (svk_indicators_compute_raw(st, me, set->period, &raw) == 0 &&
	    still_true(set, raw)) {
		for (size_t i = 0; i < t->n; i++)
			for (size_t j = 0; j < raw->n; j++)
				if (strcmp(raw->cells[j].code, t->cells[i].code) == 0 &&
				    strcmp(raw->cells[j].breakdown,
					t->cells[i].breakdown) == 0)
					t->cells[i].value = raw->cells[j].value;
		*out = t;
		t = NULL;
	}
	svk_indicator_set_free(raw);
	svk_indicator_set_free(t);
	return 0;
}

struct load {
	svk_history *h;
	svk_store *st;
	const uint8_t *me;
};

static int
load_one(void *arg, const svk_indicator_set *set)
{
	struct load *l = arg;
	svk_indicator_set *copy, *truth;
	int err;

	if ((err = truth_of(l->st, l->me, set, &truth)) != 0)
		return err;
	if (truth == NULL) {
		l->h->stale++;
		return 0;
	}
	if ((copy = svk_indicator_set_copy(set)) == NULL) {
		svk_indicator_set_free(truth);
		return -ENOMEM;
	}
	return add(l->h, copy, truth);
}

static int
load(svk_store *st, const uint8_t *me, svk_history *h)
{
	struct load l = {h, st, me};
	int err;

	memset(h, 0, sizeof(*h));
	if ((err = svk_indicators_history(st, me, load_one, &l)) != 0)
		return err;
	h->published = h->n;
	return 0;
}

void
svk_history_fini(svk_history *h, svk_audit *a)
{
	if (h != NULL) {
		for (size_t i = 0; i < h->n; i++) {
			svk_indicator_set_free(h->sets[i]);
			svk_indicator_set_free(h->truth[i]);
		}
		free(h->sets);
		free(h->truth);
		memset(h, 0, sizeof(*h));
	}
	if (a != NULL)
		svk_audit_fini(a);
}

static bool
same_item(const svk_audit_item *a, const svk_audit_item *b)
{
	return a->set == b->set && a->from == b->from &&
	       strcmp(a->code, b->code) == 0 &&
	       strcmp(a->breakdown, b->breakdown) == 0;
}

/* The first finding of now that before, the audit with the new set
 * withheld whole, did not have: one the new set's values are to blame
 * for. What before has already follows from the other sets and from the
 * new period's mere place among them. */
static const svk_audit_item *
blame(const svk_audit *now, const svk_audit *before)
{
	for (size_t i = 0; i < now->n; i++) {
		const svk_audit_item *it = &now->items[i];
		bool old = false;
		if (it->ok)
			continue;
		for (size_t j = 0; j < before->n && !old; j++)
			old = !before->items[j].ok &&
			      same_item(it, &before->items[j]);
		if (!old)
			return it;
	}
	return NULL;
}

/* raw with every count of people (and its hours) withheld: what the
 * audit sees of a period whose set tells nothing. */
static svk_indicator_set *
blank(const svk_indicator_set *raw, unsigned min_cell)
{
	svk_indicator_set *b = svk_indicator_set_copy(raw);

	if (b != NULL)
		b->min_cell = min_cell;
	for (size_t i = 0; b && i < b->n; i++) {
		int rank = svk_indicator_code_rank(b->cells[i].code);
		if (rank <= SVK_INDICATOR_YOUNG) {
			b->cells[i].conf = SVK_CONF_WITHHELD;
			b->cells[i].value = 0;
		}
	}
	return b;
}

/* Could cell i of work (raw values in raw) be suppressed next? */
static bool
free_count(const svk_indicator_set *work, const svk_indicator_set *raw, size_t i)
{
	int rank = svk_indicator_code_rank(work->cells[i].code);
	return work->cells[i].conf == SVK_CONF_FREE && raw->cells[i].value > 0 &&
	       (rank == SVK_INDICATOR_ACTIVE || rank == SVK_INDICATOR_NEW ||
		   rank == SVK_INDICATOR_YOUNG);
}

static long
find(const svk_indicator_set *set, const char *code, const char *breakdown)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->cells[i].code, code) == 0 &&
		    (breakdown == NULL ||
			strcmp(set->cells[i].breakdown, breakdown) == 0))
			return (long)i;
	return -1;
}

/* The cell of work to suppress for finding it (see the top), or -1. */
static long
choose(const svk_indicator_set *work, const svk_indicator_set *raw,
    const svk_audit_item *it)
{
	const char *code = strcmp(it->code, "VOL_HOURS") == 0 ? "VOL_ACTIVE" : it->code;
	const char *order[][2] = {{code, it->breakdown}, {code, "_T"},
	    {"VOL_ACTIVE", it->breakdown}, {"VOL_NEW", it->breakdown}};
	long best = -1;

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		long i = find(work, order[k][0], order[k][1]);
		if (i >= 0 && free_count(work, raw, (size_t)i))
			return i;
	}
	for (int pass = 0; pass < 2 && best < 0; pass++)
		for (size_t i = 0; i < work->n; i++)
			if ((pass == 1 || strcmp(work->cells[i].code, code) == 0) &&
			    free_count(work, raw, i) &&
			    (best < 0 || raw->cells[i].value < raw->cells[best].value))
				best = (long)i;
	return best;
}

/* Withholds an indicator in marks (VOL_HOURS goes with VOL_ACTIVE): the
 * finding's own, or else the next of VOL_ACTIVE, VOL_NEW and
 * VOL_ACTIVE_AGE_15_29 not withheld yet (a suppressed count is known to be
 * at least min_cell, a withheld one only at least 0); false when all are. */
static bool
withhold(svk_indicator_set *marks, const svk_audit_item *it)
{
	const char *order[] = {
	    strcmp(it->code, "VOL_HOURS") == 0 ? "VOL_ACTIVE" : it->code,
	    "VOL_ACTIVE", "VOL_NEW", "VOL_ACTIVE_AGE_15_29"};

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		bool more = false;
		for (size_t i = 0; i < marks->n; i++) {
			svk_indicator *c = &marks->cells[i];
			bool ours = strcmp(c->code, order[k]) == 0 ||
				    (strcmp(order[k], "VOL_ACTIVE") == 0 &&
					strcmp(c->code, "VOL_HOURS") == 0);
			if (ours && c->conf != SVK_CONF_WITHHELD) {
				c->conf = SVK_CONF_WITHHELD;
				more = true;
			}
		}
		if (more)
			return true;
	}
	return false;
}

/* Protects raw on its own with the marks made so far: into *work. */
static int
protect(const svk_indicator_set *raw, const svk_indicator_set *marks,
    unsigned min_cell, svk_indicator_set **work)
{
	svk_indicator_set *w = svk_indicator_set_copy(raw);
	int err;

	if (w == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < w->n; i++)
		w->cells[i].conf = marks->cells[i].conf;
	if ((err = svk_disclosure_protect(w, min_cell)) != 0) {
		svk_indicator_set_free(w);
		return err;
	}
	*work = w;
	return 0;
}

/* Computes the set for period into h (appended last) and audits all of h
 * into *a. */
static int
compute_into(svk_store *st, const uint8_t *me, const char *period,
    unsigned min_cell, unsigned width, svk_history *h, svk_audit *a)
{
	svk_indicator_set *raw = NULL, *marks = NULL, *work = NULL;
	svk_audit before = {0};
	int err;

	memset(a, 0, sizeof(*a));
	if ((err = svk_indicators_compute_raw(st, me, period, &raw)) != 0)
		goto out;
	if ((marks = svk_indicator_set_copy(raw)) == NULL ||
	    (work = blank(raw, min_cell)) == NULL || (err = grow(h)) != 0) {
		err = err ? err : -ENOMEM;
		goto out;
	}
	h->sets[h->n] = work;
	h->truth[h->n] = raw;
	if ((err = svk_audit_run(h->sets, h->truth, h->n + 1, width, &before)) != 0)
		goto out;
	svk_indicator_set_free(work);
	work = NULL;
	/* Each round suppresses one cell more (or withholds an indicator):
	 * it ends within as many rounds as the set has cells, at worst with
	 * every count withheld, which before shows to be enough. */
	for (size_t round = 0; round <= 2 * raw->n + 1; round++) {
		const svk_audit_item *it;
		long c;
		err = protect(raw, marks, min_cell, &work);
		if (err == SVK_EINVAL) {
			/* The marks made the set itself unprotectable: every
			 * count withheld tells nothing, and is enough. */
			if ((work = blank(raw, min_cell)) == NULL) {
				err = -ENOMEM;
				goto out;
			}
		} else if (err != 0) {
			goto out;
		}
		h->sets[h->n] = work;
		h->truth[h->n] = raw;
		svk_audit_fini(a);
		err = svk_audit_run(h->sets, h->truth, h->n + 1, width, a);
		if (err != 0)
			goto out;
		if ((it = blame(a, &before)) == NULL) {
			h->n++; /* work and raw are h's now */
			work = raw = NULL;
			goto out;
		}
		if ((c = choose(work, raw, it)) >= 0)
			marks->cells[c].conf = SVK_CONF_SECONDARY;
		else if (!withhold(marks, it)) {
			err = SVK_EINVAL; /* cannot be: see before */
			goto out;
		}
		svk_indicator_set_free(work);
		work = NULL;
	}
	err = SVK_EINVAL;
out:
	svk_audit_fini(&before);
	svk_indicator_set_free(work);
	svk_indicator_set_free(raw);
	svk_indicator_set_free(marks);
	return err;
}

int
svk_history_compute(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const char *period, unsigned min_cell, unsigned width,
    svk_indicator_set **out, svk_indicator_set **raw)
{
	svk_history h;
	svk_audit a = {0};
	int err;

	if (min_cell < SVK_INDICATORS_MIN_CELL_LO ||
	    min_cell > SVK_INDICATORS_MIN_CELL_HI)
		return SVK_EINVAL;
	if ((err = load(st, me, &h)) == 0 &&
	    (err = compute_into(st, me, period, min_cell, width, &h, &a)) == 0) {
		*out = h.sets[h.n - 1];
		h.sets[h.n - 1] = NULL;
		if (raw != NULL) {
			*raw = h.truth[h.n - 1];
			h.truth[h.n - 1] = NULL;
		}
	}
	svk_history_fini(&h, &a);
	return err;
}

int
svk_history_publish(svk_store *st, const svk_identity *me,
    const svk_indicator_set *set, const svk_indicator_set *raw, uint64_t *seq)
{
	uint64_t at;
	uint8_t *buf;
	char key[64];
	int err;

	if (raw->n != set->n)
		return SVK_EINVAL;
	if ((buf = malloc(set->n * 8 + 1)) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < set->n; i++)
		for (int b = 0; b < 8; b++)
			buf[i * 8 + (size_t)b] =
			    (uint8_t)(raw->cells[i].value >> (8 * b));
	if ((err = svk_store_begin(st)) != 0)
		goto out;
	if ((err = svk_indicators_publish(st, me, set, &at)) != 0)
		goto fail;
	snprintf(key, sizeof(key), TRUTH_KEY, (unsigned long long)at);
	if ((err = svk_store_meta_set_blob(st, key, buf, set->n * 8)) != 0 ||
	    (err = svk_store_commit(st)) != 0)
		goto fail;
	if (seq != NULL)
		*seq = at;
	goto out;
fail:
	svk_store_rollback(st);
out:
	free(buf);
	return err;
}

int
svk_history_audit(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const char *period, unsigned min_cell, unsigned width, svk_history *h,
    svk_audit *a)
{
	int err;

	memset(a, 0, sizeof(*a));
	if ((err = load(st, me, h)) != 0)
		return err;
	if (period != NULL)
		return compute_into(st, me, period, min_cell, width, h, a);
	return svk_audit_run(h->sets, h->truth, h->n, width, a);
}
