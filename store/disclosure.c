/*
 * disclosure.c: disclosure control of an indicator set, in memory and
 * nothing else (no store, no log). See disclosure.h.
 *
 * Disclosure control works on the whole set as one system of cells and of
 * the relations an outsider knows between them, and suppresses cells until
 * every suppressed one is provably not determined by what is published:
 *
 * 1. Primary: a count of people from 1 to min_cell - 1 is suppressed
 *    (CONF_PRIMARY). Zero is published: it is nobody. VOL_HOURS cells are
 *    not counts: each follows its VOL_ACTIVE twin, suppressed exactly when
 *    and as it is. Counts of public signed records (NEED_OPEN, NEED_MET,
 *    PRACTICE_SHARED, PRACTICE_ADOPTED: anyone can count them in the log)
 *    are published as they are, never suppressed. Cells the caller marked
 *    suppressed already (the cross-period audit's choice, see
 *    indicators.c) stay so: secondary, or withheld with their indicator.
 *
 * 2. What an outsider knows. Every published value. Of a suppressed count:
 *    from 1 to min_cell - 1 when primary (the status says so), at least
 *    min_cell when secondary (only cells with a value of min_cell or more are
 *    ever chosen as secondary). Of suppressed hours: at least 0. And each
 *    relation below that holds for the true values (relations that do not
 *    hold, nobody can use):
 *      - total = sum of the area cells, as two inequalities, total <= sum
 *        and total >= sum. With single-area volunteers, needs and practices
 *        both hold and the table is additive; with several areas per person
 *        only total <= sum holds, and the table is not additive, but it is
 *        never treated as less than what holds;
 *      - each area cell <= the total;
 *      - VOL_NEW, VOL_ACTIVE_AGE_15_29 <= VOL_ACTIVE, cell by cell;
 *      - VOL_HOURS <= 744 x VOL_ACTIVE, cell by cell.
 *
 * 3. A suppressed cell is protected when there is a second assignment of
 *    values to the suppressed cells, within what an outsider knows, in
 *    which that cell differs from its true value: then it cannot be worked
 *    out. The search (repair) moves the cell by one up or down, then mends
 *    each relation that breaks by moving another suppressed cell of it by
 *    one, up to SEARCH_DEPTH cells and SEARCH_BUDGET steps. Finding such an
 *    assignment is a proof; not finding one counts as not protected, so the
 *    rule errs towards suppressing more. A cell shown protected stays so as
 *    more cells are suppressed (its assignment still fits).
 *
 * 4. Secondary: while some suppressed cell is not protected, suppress one
 *    more (CONF_SECONDARY), with its hours twin: of the published non-zero
 *    cells sharing a relation with it, the best that alone makes it
 *    protected (its own indicator first, then the smallest value, then an
 *    area cell before a total); when none does alone, the best of its own
 *    indicator, and go on. Repeat to a fixed point.
 *
 * 5. Withheld: when no published cell of the indicator is left to suppress
 *    and a cell is still not protected (four new volunteers in four areas:
 *    a total of 1 to 4 over four cells of at least 1 says 4 = 1+1+1+1), the
 *    whole indicator, with its hours twin, is withheld: every cell, zeros
 *    too, CONF_WITHHELD (SDMX "C"), of which an outsider knows only that it
 *    is at least 0. A withheld cell still not protected has the indicators
 *    it is related to withheld too (VOL_NEW with VOL_ACTIVE); only when
 *    even that fails is the set refused.
 *
 * The guarantee is for non-zero cells: a withheld zero that can be worked
 * out is nobody. So "a single small cell next to a published total" gets a
 * second cell suppressed beside it, "a suppressed total with one published
 * complement" gets that complement suppressed, and 6 = 5 + 1 gets the total
 * suppressed (the 5 alone would not do). Differences between the sets of
 * different periods (VOL_ACTIVE of Q3 minus that of Q2 is VOL_NEW of Q3
 * when nobody left) are not seen here, one set at a time: indicators.c
 * audits every set against the node's published ones (audit.h) and marks
 * more cells before calling this again. Not controlled: what the pattern
 * of suppression itself tells someone who knows this rule.
 */
#include "disclosure.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define INF INT64_MAX

#define MAX_TERMS (2 + SVK_INDICATOR_MAX_AREAS)

/* sum(coef[i] * x[idx[i]]) <= 0 */
struct rel {
	int n;
	int idx[MAX_TERMS];
	int64_t coef[MAX_TERMS];
};

struct sys {
	size_t n;
	int64_t *v;	  /* true values */
	int64_t *w;	  /* a candidate assignment */
	int64_t *lo, *hi; /* what an outsider knows of a suppressed cell */
	int *conf;
	int *twin;	/* VOL_HOURS <-> VOL_ACTIVE, or -1 */
	bool *follower; /* VOL_HOURS: suppressed as its twin is */
	bool *total;
	int *code; /* which indicator: cells of one code share it */
	struct rel *rels;
	size_t nrels, caprels;
	int **touch; /* per cell, the relations it is in */
	size_t *ntouch;
	int **near; /* per cell, the cells it shares a relation with */
	size_t *nnear;
	bool *ok;   /* shown protected (and so it stays: see protect) */
	bool *open; /* a count of public records: never suppressed */
	int64_t m;
};

static void
sys_fini(struct sys *s)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->touch)
			free(s->touch[i]);
		if (s->near)
			free(s->near[i]);
	}
	free(s->v);
	free(s->w);
	free(s->lo);
	free(s->hi);
	free(s->conf);
	free(s->twin);
	free(s->follower);
	free(s->total);
	free(s->code);
	free(s->rels);
	free(s->touch);
	free(s->ntouch);
	free(s->near);
	free(s->nnear);
	free(s->ok);
	free(s->open);
}

static int
push(int **list, size_t *n, int x)
{
	for (size_t i = 0; i < *n; i++)
		if ((*list)[i] == x)
			return 0;
	int *l = realloc(*list, (*n + 1) * sizeof(**list));
	if (l == NULL)
		return -ENOMEM;
	l[(*n)++] = x;
	*list = l;
	return 0;
}

static int64_t
rel_value(const struct rel *r, const int64_t *x)
{
	int64_t sum = 0;
	for (int i = 0; i < r->n; i++)
		sum += r->coef[i] * x[r->idx[i]];
	return sum;
}

/* Adds r when it holds for the true values: a relation that does not hold
 * tells nobody anything. */
static int
relate(struct sys *s, const struct rel *r)
{
	if (rel_value(r, s->v) > 0)
		return 0;
	if (s->nrels == s->caprels) {
		size_t cap = s->caprels ? s->caprels * 2 : 64;
		struct rel *rels = realloc(s->rels, cap * sizeof(*rels));
		if (rels == NULL)
			return -ENOMEM;
		s->rels = rels;
		s->caprels = cap;
	}
	s->rels[s->nrels] = *r;
	for (int i = 0; i < r->n; i++) {
		int x = r->idx[i];
		if (push(&s->touch[x], &s->ntouch[x], (int)s->nrels) != 0)
			return -ENOMEM;
		for (int j = 0; j < r->n; j++)
			if (j != i && push(&s->near[x], &s->nnear[x], r->idx[j]) != 0)
				return -ENOMEM;
	}
	s->nrels++;
	return 0;
}

static int
relate2(struct sys *s, int a, int64_t ca, int b, int64_t cb)
{
	struct rel r = {.n = 2, .idx = {a, b}, .coef = {ca, cb}};
	return relate(s, &r);
}

/* The cells of the set as a table: at[code][1 + area], [code][0] the total. */
static int
sys_init(struct sys *s, const svk_indicator_set *set, unsigned min_cell)
{
	size_t n = set->n, na = svk_indicator_n_areas();
	int at[SVK_INDICATOR_NCODES][1 + SVK_INDICATOR_MAX_AREAS];
	int err = -ENOMEM;

	memset(s, 0, sizeof(*s));
	s->n = n;
	s->m = min_cell;
	if ((s->v = calloc(n, sizeof(int64_t))) == NULL ||
	    (s->w = calloc(n, sizeof(int64_t))) == NULL ||
	    (s->lo = calloc(n, sizeof(int64_t))) == NULL ||
	    (s->hi = calloc(n, sizeof(int64_t))) == NULL ||
	    (s->conf = calloc(n, sizeof(int))) == NULL ||
	    (s->twin = calloc(n, sizeof(int))) == NULL ||
	    (s->follower = calloc(n, sizeof(bool))) == NULL ||
	    (s->total = calloc(n, sizeof(bool))) == NULL ||
	    (s->code = calloc(n, sizeof(int))) == NULL ||
	    (s->touch = calloc(n, sizeof(int *))) == NULL ||
	    (s->ntouch = calloc(n, sizeof(size_t))) == NULL ||
	    (s->near = calloc(n, sizeof(int *))) == NULL ||
	    (s->nnear = calloc(n, sizeof(size_t))) == NULL ||
	    (s->ok = calloc(n, sizeof(bool))) == NULL ||
	    (s->open = calloc(n, sizeof(bool))) == NULL)
		return -ENOMEM;
	for (int c = 0; c < SVK_INDICATOR_NCODES; c++)
		for (size_t a = 0; a <= SVK_INDICATOR_MAX_AREAS; a++)
			at[c][a] = -1;
	for (size_t i = 0; i < n; i++) {
		const svk_indicator *cell = &set->cells[i];
		int area = svk_indicator_breakdown_area(cell->breakdown);
		if (cell->value > (uint64_t)INT64_MAX / (2 * SVK_INDICATOR_HOURS_CAP) ||
		    area == -2)
			return SVK_EINVAL;
		int rank = svk_indicator_code_rank(cell->code);
		s->v[i] = (int64_t)cell->value;
		s->twin[i] = -1;
		s->code[i] = (int)i;
		for (size_t j = 0; j < i; j++)
			if (strcmp(set->cells[j].code, cell->code) == 0) {
				s->code[i] = s->code[j];
				break;
			}
		s->total[i] = area == -1;
		s->follower[i] = rank == SVK_INDICATOR_HOURS;
		s->open[i] = rank >= SVK_INDICATOR_NEED_OPEN &&
			     rank < SVK_INDICATOR_NCODES;
		if (rank < SVK_INDICATOR_NCODES) {
			if (at[rank][1 + area] >= 0)
				return SVK_EINVAL; /* the same cell twice */
			at[rank][1 + area] = (int)i;
		}
	}
	for (int c = 0; c < SVK_INDICATOR_NCODES; c++) {
		int t = at[c][0];
		struct rel le = {0}, ge = {0};
		if (t < 0)
			continue;
		le.idx[le.n] = t;
		le.coef[le.n++] = 1;
		ge.idx[ge.n] = t;
		ge.coef[ge.n++] = -1;
		for (size_t a = 1; a <= na; a++) {
			int x = at[c][a];
			if (x < 0)
				continue;
			le.idx[le.n] = x;
			le.coef[le.n++] = -1;
			ge.idx[ge.n] = x;
			ge.coef[ge.n++] = 1;
			if ((err = relate2(s, x, 1, t, -1)) != 0)
				return err;
		}
		if (le.n > 1 &&
		    ((err = relate(s, &le)) != 0 || (err = relate(s, &ge)) != 0))
			return err;
	}
	for (size_t a = 0; a <= na; a++) {
		int act = at[SVK_INDICATOR_ACTIVE][a];
		if (act < 0)
			continue;
		if ((at[SVK_INDICATOR_NEW][a] >= 0 &&
			(err = relate2(s, at[SVK_INDICATOR_NEW][a], 1, act, -1)) != 0) ||
		    (at[SVK_INDICATOR_YOUNG][a] >= 0 &&
			(err = relate2(s, at[SVK_INDICATOR_YOUNG][a], 1, act, -1)) != 0))
			return err;
		int h = at[SVK_INDICATOR_HOURS][a];
		if (h >= 0) {
			if ((err = relate2(s, h, 1, act, -SVK_INDICATOR_HOURS_CAP)) != 0)
				return err;
			s->twin[h] = act;
			s->twin[act] = h;
		}
	}
	return 0;
}

/* Marks cell x suppressed with status conf, and says what that tells. */
static void
suppress(struct sys *s, int x, int conf)
{
	s->conf[x] = conf;
	if (s->follower[x] || conf == SVK_CONF_WITHHELD) {
		s->lo[x] = 0;
		s->hi[x] = INF;
	} else if (conf == SVK_CONF_PRIMARY) {
		s->lo[x] = 1;
		s->hi[x] = s->m - 1;
	} else {
		s->lo[x] = s->m;
		s->hi[x] = INF;
	}
	int t = s->twin[x];
	if (t >= 0 && s->follower[t] && s->conf[t] != conf)
		suppress(s, t, conf);
}

static bool
hidden(const struct sys *s, int x)
{
	return s->conf[x] != SVK_CONF_FREE;
}

#define SEARCH_DEPTH 8	    /* cells moved to make good for one */
#define SEARCH_BUDGET 20000 /* steps before giving up (as not protected) */

struct search {
	struct sys *s;
	int moved[SEARCH_DEPTH + 1];
	int nmoved;
	long budget;
};

/*
 * Makes good the candidate in s->w: finds a relation it breaks, and tries
 * each suppressed cell of that relation not moved yet, moved by one the way
 * that mends it, then goes on from there. Any assignment that differs from
 * the truth by one in some cells must mend each broken relation that way, so
 * within its depth and budget the search misses none.
 */
static bool
repair(struct search *q, int depth)
{
	struct sys *s = q->s;
	const struct rel *bad = NULL;

	if (--q->budget < 0)
		return false;
	for (int i = 0; i < q->nmoved && bad == NULL; i++) {
		int x = q->moved[i];
		for (size_t j = 0; j < s->ntouch[x] && bad == NULL; j++)
			if (rel_value(&s->rels[s->touch[x][j]], s->w) > 0)
				bad = &s->rels[s->touch[x][j]];
	}
	if (bad == NULL)
		return true;
	if (depth == 0)
		return false;
	for (int t = 0; t < bad->n; t++) {
		int z = bad->idx[t];
		bool moved = false;
		for (int i = 0; i < q->nmoved; i++)
			moved |= q->moved[i] == z;
		if (moved || !hidden(s, z))
			continue;
		int64_t e = bad->coef[t] > 0 ? -1 : 1;
		s->w[z] += e;
		if (s->w[z] >= s->lo[z] && s->w[z] <= s->hi[z]) {
			q->moved[q->nmoved++] = z;
			if (repair(q, depth - 1))
				return true;
			q->nmoved--;
		}
		s->w[z] -= e;
	}
	return false;
}

/* Is there an assignment, within what an outsider knows, where x differs
 * from its true value? x moved by one either way, made good by repair. */
static bool protected(struct sys *s, int x)
{
	for (int d = -1; d <= 1; d += 2) {
		struct search q = {
		    .s = s, .moved = {x}, .nmoved = 1, .budget = SEARCH_BUDGET};
		memcpy(s->w, s->v, s->n * sizeof(*s->w));
		s->w[x] += d;
		if (s->w[x] < s->lo[x] || s->w[x] > s->hi[x])
			continue;
		if (repair(&q, SEARCH_DEPTH))
			return true;
	}
	return false;
}

/* The indicator a cell counts for: VOL_HOURS cells go with VOL_ACTIVE. */
static int
family(const struct sys *s, int x)
{
	return s->follower[x] && s->twin[x] >= 0 ? s->code[s->twin[x]] : s->code[x];
}

/* Is c a better cell to suppress next than best, for a cell of family fam?
 * The same indicator first, then the smaller value, then an area cell. */
static bool
better(const struct sys *s, int fam, int c, int best)
{
	bool cs, bs;

	if (best < 0)
		return true;
	cs = family(s, c) == fam;
	bs = family(s, best) == fam;
	if (cs != bs)
		return cs;
	if (s->v[c] != s->v[best])
		return s->v[c] < s->v[best];
	return !s->total[c] && s->total[best];
}

/* The cell to suppress if c is chosen (hours go with their count), or -1
 * when it cannot be: suppressed already, or zero. */
static int
candidate(const struct sys *s, int c)
{
	if (s->follower[c] && s->twin[c] >= 0)
		c = s->twin[c];
	if (hidden(s, c) || s->v[c] == 0 || s->follower[c] || s->open[c])
		return -1;
	return c;
}

/* Would suppressing c (with its twin) make x protected? Tried and undone. */
static bool
helps(struct sys *s, int x, int c)
{
	int t = s->twin[c];
	int64_t lo[2] = {s->lo[c], t >= 0 ? s->lo[t] : 0};
	int64_t hi[2] = {s->hi[c], t >= 0 ? s->hi[t] : 0};
	int conf[2] = {s->conf[c], t >= 0 ? s->conf[t] : 0};
	bool ok;

	suppress(s, c, SVK_CONF_SECONDARY);
	ok = protected(s, x);
	s->conf[c] = conf[0];
	s->lo[c] = lo[0];
	s->hi[c] = hi[0];
	if (t >= 0) {
		s->conf[t] = conf[1];
		s->lo[t] = lo[1];
		s->hi[t] = hi[1];
	}
	return ok;
}

/*
 * The published cell to suppress next, for x: of the cells sharing a
 * relation with x (or its twin), the best (see better) of those that alone
 * would make x protected; when none would alone, the best of its own
 * indicator, so that a pair may. -1 when there is none of either: the
 * indicator is then withheld as a whole.
 */
static int
complement(struct sys *s, int x)
{
	int fam = family(s, x), best = -1, own = -1;

	for (int pass = 0; pass < 2; pass++) {
		int from = pass == 0 ? x : s->twin[x];
		if (from < 0)
			continue;
		for (size_t j = 0; j < s->nnear[from]; j++) {
			int c = candidate(s, s->near[from][j]);
			if (c < 0)
				continue;
			if (family(s, c) == fam && better(s, fam, c, own))
				own = c;
			if (better(s, fam, c, best) && helps(s, x, c))
				best = c;
		}
	}
	return best >= 0 ? best : own;
}

/* Withholds the whole indicator x belongs to (with its twin's): every cell
 * confidential, zeros too, so that no cell's status tells anything. */
static void
withhold(struct sys *s, int x)
{
	int fam = family(s, x);

	for (size_t i = 0; i < s->n; i++)
		if (family(s, (int)i) == fam) {
			suppress(s, (int)i, SVK_CONF_WITHHELD);
			s->ok[i] = false;
		}
}

/* A withheld cell x still not protected: withholds the indicator of a
 * cell it shares a relation with (VOL_NEW stuck under VOL_ACTIVE); false
 * when every such indicator is withheld already. */
static bool
withhold_near(struct sys *s, int x)
{
	for (int pass = 0; pass < 2; pass++) {
		int from = pass == 0 ? x : s->twin[x];
		if (from < 0)
			continue;
		for (size_t j = 0; j < s->nnear[from]; j++) {
			int c = s->near[from][j];
			if (s->conf[c] != SVK_CONF_WITHHELD && !s->open[c]) {
				withhold(s, c);
				return true;
			}
		}
	}
	return false;
}

int
svk_disclosure_protect(svk_indicator_set *set, unsigned min_cell)
{
	struct sys s;
	int err;

	if (min_cell < SVK_INDICATORS_MIN_CELL_LO ||
	    min_cell > SVK_INDICATORS_MIN_CELL_HI)
		return SVK_EINVAL;
	if ((err = sys_init(&s, set, min_cell)) != 0)
		goto out;
	for (size_t i = 0; i < s.n; i++)
		if (!s.follower[i] && !s.open[i] && s.v[i] > 0 && s.v[i] < s.m)
			suppress(&s, (int)i, SVK_CONF_PRIMARY);
	for (size_t i = 0; i < s.n; i++) {
		int conf = set->cells[i].conf;
		if (conf == SVK_CONF_WITHHELD && !s.open[i])
			withhold(&s, (int)i);
		else if (conf == SVK_CONF_SECONDARY && candidate(&s, (int)i) >= 0)
			suppress(&s, candidate(&s, (int)i), SVK_CONF_SECONDARY);
	}
	/* A cell shown protected stays so as more are suppressed: its
	 * assignment still fits, with the new ones at their true values. */
	for (;;) {
		int stuck = -1, c;
		for (size_t i = 0; i < s.n && stuck < 0; i++) {
			/* A zero worked out is nobody: only withheld cells are
			 * zero, and they need no more than the others. */
			if (!hidden(&s, (int)i) || s.ok[i] || s.v[i] == 0)
				continue;
			if (protected(&s, (int)i))
				s.ok[i] = true;
			else
				stuck = (int)i;
		}
		if (stuck < 0)
			break;
		if ((c = complement(&s, stuck)) >= 0) {
			suppress(&s, c, SVK_CONF_SECONDARY);
		} else if (s.conf[stuck] != SVK_CONF_WITHHELD) {
			withhold(&s, stuck);
		} else if (!withhold_near(&s, stuck)) {
			err = SVK_EINVAL;
			goto out;
		}
	}
	for (size_t i = 0; i < s.n; i++) {
		set->cells[i].conf = s.conf[i];
		if (s.conf[i] != SVK_CONF_FREE)
			set->cells[i].value = 0;
	}
	set->min_cell = min_cell;
out:
	sys_fini(&s);
	return err;
}
