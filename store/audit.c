/*
 * audit.c: the intervals an outsider can work out for a node's suppressed
 * indicator cells, over all its published periods at once. See audit.h.
 *
 * The model is one linear program over every cell of every set:
 *
 * - Bounds, from what is published: a free cell is its value; a suppressed
 *   small count (primary) lies in 1 .. min_cell - 1; any other suppressed
 *   count (secondary) is at least min_cell (only such cells are chosen);
 *   suppressed hours and withheld cells are at least 0.
 * - Within a set, the relations disclosure.c knows: the total against the
 *   sum of the area cells (both ways), each area cell against the total,
 *   VOL_NEW and VOL_ACTIVE_AGE_15_29 against VOL_ACTIVE, VOL_HOURS against
 *   744 x VOL_ACTIVE.
 * - Between two sets (the stock/flow identities): sets of the same period
 *   agree cell by cell; stocks (VOL_ACTIVE, VOL_HOURS, VOL_ACTIVE_AGE_15_29)
 *   at the same last day agree, and one at a later day is not smaller
 *   (nobody left); from any period to a later one VOL_ACTIVE grew by at
 *   least VOL_NEW of the later one (everybody who joined is active), and
 *   for a period right after another by at most that VOL_NEW, while
 *   VOL_HOURS grew by at most 744 x that VOL_NEW; within one year,
 *   VOL_ACTIVE_AGE_15_29 grew by no more than VOL_ACTIVE did;
 *   VOL_NEW of a period within another is not more than the other's.
 *
 * A relation goes in only when it holds for the true values: one that does
 * not hold would mislead whoever used it, and the truth always fits the
 * program, so it is never infeasible. An outsider who knows these facts can
 * do no better than the program's least and greatest values (rounded in,
 * as counts and hours are whole numbers), whatever else they assume that
 * holds here too. Not modelled: facts from outside the published sets
 * (a newspaper's "one new volunteer in May").
 */
#include "audit.h"

#include <errno.h>
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"

#define NAREAS (1 + SVK_INDICATOR_MAX_AREAS)

/* The model being built: GLPK's problem, the column of each cell, and the
 * true value of each column (index from 1, as GLPK's). */
struct model {
	glp_prob *lp;
	svk_indicator_set *const *sets;
	size_t n;
	int (*at)[SVK_INDICATOR_NCODES][NAREAS]; /* per set: column or 0 */
	svk_period *periods;
	double *truth; /* per column */
	int ncols;
};

static bool
stock(int rank)
{
	return rank == SVK_INDICATOR_ACTIVE || rank == SVK_INDICATOR_HOURS ||
	       rank == SVK_INDICATOR_YOUNG;
}

static bool
person_count(int rank)
{
	return rank == SVK_INDICATOR_ACTIVE || rank == SVK_INDICATOR_NEW ||
	       rank == SVK_INDICATOR_YOUNG;
}

static double
truth_of(const struct model *m, int n, const int *col, const double *coef)
{
	double sum = 0;
	for (int i = 1; i <= n; i++)
		sum += coef[i] * m->truth[col[i]];
	return sum;
}

/* Adds sum(coef[i] * x[col[i]]) <= 0 (1-based arrays of n terms) when it
 * holds for the truth. A term whose column is 0 (no such cell) drops the
 * relation. */
static void
relate(struct model *m, int n, const int *col, const double *coef)
{
	for (int i = 1; i <= n; i++)
		if (col[i] == 0)
			return;
	if (truth_of(m, n, col, coef) > 1e-9)
		return;
	int row = glp_add_rows(m->lp, 1);
	glp_set_row_bnds(m->lp, row, GLP_UP, 0.0, 0.0);
	glp_set_mat_row(m->lp, row, n, col, coef);
}

static void
relate2(struct model *m, int a, double ca, int b, double cb)
{
	int col[3] = {0, a, b};
	double coef[3] = {0, ca, cb};
	relate(m, 2, col, coef);
}

/* a - b <= 0 and b - a <= 0, each when it holds. */
static void
equal(struct model *m, int a, int b)
{
	relate2(m, a, 1, b, -1);
	relate2(m, b, 1, a, -1);
}

/* The columns of set s and their bounds and truth. */
static int
add_cells(struct model *m, size_t s, const svk_indicator_set *truth)
{
	const svk_indicator_set *set = m->sets[s];
	double mc = set->min_cell;

	for (size_t j = 0; j < set->n; j++) {
		const svk_indicator *c = &set->cells[j];
		int rank = svk_indicator_code_rank(c->code);
		int area = svk_indicator_breakdown_area(c->breakdown);
		int col = (int)(m->ncols + 1);
		double v = (double)truth->cells[j].value;

		if (strcmp(truth->cells[j].code, c->code) != 0 ||
		    strcmp(truth->cells[j].breakdown, c->breakdown) != 0)
			return SVK_EINVAL;
		if (rank >= SVK_INDICATOR_NCODES || area == -2)
			continue; /* not one we know: no relation uses it */
		if (glp_add_cols(m->lp, 1) != col)
			return -ENOMEM;
		m->ncols = col;
		m->at[s][rank][1 + area] = col;
		if (c->conf == SVK_CONF_FREE) {
			v = (double)c->value;
			glp_set_col_bnds(m->lp, col, GLP_FX, v, v);
		} else if (rank == SVK_INDICATOR_HOURS || c->conf == SVK_CONF_WITHHELD) {
			glp_set_col_bnds(m->lp, col, GLP_LO, 0.0, 0.0);
		} else if (c->conf == SVK_CONF_PRIMARY) {
			v = fmin(fmax(v, 1), mc - 1);
			glp_set_col_bnds(m->lp, col, GLP_DB, 1.0, mc - 1);
		} else {
			v = fmax(v, mc);
			glp_set_col_bnds(m->lp, col, GLP_LO, mc, 0.0);
		}
		m->truth[col] = v;
	}
	return 0;
}

/* The relations within set s (see the top). */
static void
relate_within(struct model *m, size_t s)
{
	int(*at)[NAREAS] = m->at[s];
	size_t na = svk_indicator_n_areas();
	int col[NAREAS + 1];
	double le[NAREAS + 1], ge[NAREAS + 1];

	for (int c = 0; c < SVK_INDICATOR_NCODES; c++) {
		int n = 0;
		if (at[c][0] == 0)
			continue;
		col[++n] = at[c][0];
		le[n] = 1;
		ge[n] = -1;
		for (size_t a = 1; a <= na; a++) {
			if (at[c][a] == 0)
				continue;
			col[++n] = at[c][a];
			le[n] = -1;
			ge[n] = 1;
			relate2(m, at[c][a], 1, at[c][0], -1);
		}
		if (n > 1) {
			relate(m, n, col, le);
			relate(m, n, col, ge);
		}
	}
	for (size_t a = 0; a <= na; a++) {
		int act = at[SVK_INDICATOR_ACTIVE][a];
		if (act == 0)
			continue;
		if (at[SVK_INDICATOR_NEW][a])
			relate2(m, at[SVK_INDICATOR_NEW][a], 1, act, -1);
		if (at[SVK_INDICATOR_YOUNG][a])
			relate2(m, at[SVK_INDICATOR_YOUNG][a], 1, act, -1);
		if (at[SVK_INDICATOR_HOURS][a])
			relate2(m, at[SVK_INDICATOR_HOURS][a], 1, act,
			    -SVK_INDICATOR_HOURS_CAP);
	}
}

/* The relations between set a and a later or equal set b (see the top). */
static void
relate_between(struct model *m, size_t a, size_t b)
{
	const svk_period *pa = &m->periods[a], *pb = &m->periods[b];
	int(*xa)[NAREAS] = m->at[a];
	int(*xb)[NAREAS] = m->at[b];
	bool same = pa->start_ms == pb->start_ms && pa->end_ms == pb->end_ms;
	bool next = pa->end_ms == pb->start_ms;
	bool within = pb->start_ms <= pa->start_ms && pa->end_ms <= pb->end_ms;

	for (size_t ar = 0; ar <= svk_indicator_n_areas(); ar++) {
		for (int c = 0; c < SVK_INDICATOR_NCODES; c++) {
			if (xa[c][ar] == 0 || xb[c][ar] == 0)
				continue;
			if (same || (stock(c) && pa->end_ms == pb->end_ms))
				equal(m, xa[c][ar], xb[c][ar]);
			else if (stock(c) && pa->end_ms < pb->end_ms)
				relate2(m, xa[c][ar], 1, xb[c][ar], -1);
			if (c == SVK_INDICATOR_NEW && within && !same)
				relate2(m, xa[c][ar], 1, xb[c][ar], -1);
		}
		/* Within one year nobody's age group changes: the young grew by
		 * no more than all did. */
		if (pa->last_year == pb->last_year && pa->end_ms < pb->end_ms) {
			int ycol[5] = {0, xb[SVK_INDICATOR_YOUNG][ar],
			    xa[SVK_INDICATOR_YOUNG][ar], xb[SVK_INDICATOR_ACTIVE][ar],
			    xa[SVK_INDICATOR_ACTIVE][ar]};
			double yup[5] = {0, 1, -1, -1, 1};
			relate(m, 4, ycol, yup);
		}
		int na = xb[SVK_INDICATOR_NEW][ar];
		if (pa->end_ms > pb->start_ms || na == 0)
			continue;
		int col[4] = {0, xb[SVK_INDICATOR_ACTIVE][ar],
		    xa[SVK_INDICATOR_ACTIVE][ar], na};
		double up[4] = {0, 1, -1, -1}, down[4] = {0, -1, 1, 1};
		relate(m, 3, col, down); /* b's newcomers are among its active */
		if (!next)
			continue;
		relate(m, 3, col, up);
		int hcol[4] = {0, xb[SVK_INDICATOR_HOURS][ar],
		    xa[SVK_INDICATOR_HOURS][ar], na};
		double hup[4] = {0, 1, -1, -SVK_INDICATOR_HOURS_CAP};
		relate(m, 3, hcol, hup);
	}
}

static void
model_fini(struct model *m)
{
	if (m->lp)
		glp_delete_prob(m->lp);
	free(m->at);
	free(m->periods);
	free(m->truth);
}

static int
model_build(struct model *m, svk_indicator_set *const *sets,
    svk_indicator_set *const *truth, size_t n)
{
	size_t cells = 0;
	int err;

	memset(m, 0, sizeof(*m));
	m->sets = sets;
	m->n = n;
	for (size_t i = 0; i < n; i++) {
		if (truth[i]->n != sets[i]->n)
			return SVK_EINVAL;
		cells += sets[i]->n;
	}
	if ((m->at = calloc(n ? n : 1, sizeof(*m->at))) == NULL ||
	    (m->periods = calloc(n ? n : 1, sizeof(*m->periods))) == NULL ||
	    (m->truth = calloc(cells + 1, sizeof(*m->truth))) == NULL)
		return -ENOMEM;
	glp_term_out(GLP_OFF);
	if ((m->lp = glp_create_prob()) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (svk_period_parse(sets[i]->period, &m->periods[i]) != 0)
			return SVK_EINVAL;
		if ((err = add_cells(m, i, truth[i])) != 0)
			return err;
	}
	for (size_t i = 0; i < n; i++)
		relate_within(m, i);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (i != j &&
			    (m->periods[i].end_ms < m->periods[j].end_ms ||
				(m->periods[i].end_ms == m->periods[j].end_ms && i < j)))
				relate_between(m, i, j);
	return 0;
}

/* The least (dir GLP_MIN) or greatest value of a - b (b 0: of a alone);
 * false when it has no bound. */
static bool
extreme(struct model *m, int a, int b, int dir, double *out)
{
	glp_smcp parm;

	for (int j = 1; j <= m->ncols; j++)
		glp_set_obj_coef(m->lp, j, 0.0);
	glp_set_obj_coef(m->lp, a, 1.0);
	if (b)
		glp_set_obj_coef(m->lp, b, -1.0);
	glp_set_obj_dir(m->lp, dir);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	if (glp_simplex(m->lp, &parm) != 0) {
		/* A lost basis: start again from a fresh one. */
		glp_adv_basis(m->lp, 0);
		if (glp_simplex(m->lp, &parm) != 0)
			return false;
	}
	if (glp_get_status(m->lp) != GLP_OPT)
		return false;
	*out = glp_get_obj_val(m->lp);
	return true;
}

static int
add_item(svk_audit *out, size_t *cap, const svk_audit_item *it)
{
	if (out->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		svk_audit_item *items = realloc(out->items, ncap * sizeof(*items));
		if (items == NULL)
			return -ENOMEM;
		out->items = items;
		*cap = ncap;
	}
	out->items[out->n++] = *it;
	return 0;
}

/* Audits the quantity x[a] - x[b] (b 0: x[a]) into *it. */
static int
measure(struct model *m, int a, int b, unsigned width, svk_audit_item *it)
{
	double lo, hi;

	it->truth = (int64_t)llround(m->truth[a] - (b ? m->truth[b] : 0));
	/* The truth fits, so no bound means no bound (a difference can have
	 * none below). */
	bool low = extreme(m, a, b, GLP_MIN, &lo);
	bool high = extreme(m, a, b, GLP_MAX, &hi);
	it->lo = low ? ceil(lo - 1e-6) + 0.0 : -HUGE_VAL; /* + 0.0: never -0 */
	it->hi = high ? floor(hi + 1e-6) : HUGE_VAL;
	it->unbounded = !low || !high;
	it->ok = it->unbounded || it->hi - it->lo >= (double)width;
	return 0;
}

static void
name_item(svk_audit_item *it, const svk_indicator_set *set, int rank, size_t ar)
{
	snprintf(it->code, sizeof(it->code), "%s", svk_indicator_code_name(rank));
	for (size_t j = 0; j < set->n; j++)
		if (svk_indicator_code_rank(set->cells[j].code) == rank &&
		    svk_indicator_breakdown_area(set->cells[j].breakdown) + 1 ==
			(int)ar) {
			snprintf(it->breakdown, sizeof(it->breakdown), "%s",
			    set->cells[j].breakdown);
			return;
		}
}

/* The change of cell (rank, ar) from set f to set s, when it counts a few
 * people, with the change of their hours for VOL_ACTIVE. */
static int
audit_change(struct model *m, size_t f, size_t s, int rank, size_t ar, unsigned w,
    svk_audit *out, size_t *cap)
{
	int b = m->at[s][rank][ar], a = m->at[f][rank][ar];
	int hb = m->at[s][SVK_INDICATOR_HOURS][ar];
	int ha = m->at[f][SVK_INDICATOR_HOURS][ar];
	double d;
	int err;

	if (a == 0 || b == 0)
		return 0;
	d = fabs(m->truth[b] - m->truth[a]);
	if (d < 1 || d > m->sets[s]->min_cell - 1)
		return 0; /* nobody, or not a few people */
	svk_audit_item it = {.set = s, .from = f};
	name_item(&it, m->sets[s], rank, ar);
	if ((err = measure(m, b, a, w, &it)) != 0 ||
	    (err = add_item(out, cap, &it)) != 0)
		return err;
	if (rank != SVK_INDICATOR_ACTIVE || ha == 0 || hb == 0)
		return 0;
	svk_audit_item h = {.set = s, .from = f};
	name_item(&h, m->sets[s], SVK_INDICATOR_HOURS, ar);
	if ((err = measure(m, hb, ha, w, &h)) != 0)
		return err;
	return add_item(out, cap, &h);
}

/* The items of set s: its suppressed counts, and its changes from a set
 * whose period ends before it or from an older set of its own period. */
static int
audit_set(struct model *m, size_t s, unsigned width, svk_audit *out, size_t *cap)
{
	const svk_indicator_set *set = m->sets[s];
	unsigned w = width ? width : (set->min_cell > 3 ? set->min_cell - 2 : 1);
	int err;

	for (size_t j = 0; j < set->n; j++) {
		const svk_indicator *c = &set->cells[j];
		int rank = svk_indicator_code_rank(c->code);
		int area = svk_indicator_breakdown_area(c->breakdown);
		if (c->conf == SVK_CONF_FREE || !person_count(rank) || area == -2)
			continue;
		int col = m->at[s][rank][1 + area];
		if (col == 0 || m->truth[col] < 1 || m->truth[col] > set->min_cell - 1)
			continue; /* nobody, or not a few people */
		svk_audit_item it = {.set = s, .from = s};
		name_item(&it, set, rank, (size_t)(1 + area));
		if ((err = measure(m, col, 0, w, &it)) != 0 ||
		    (err = add_item(out, cap, &it)) != 0)
			return err;
	}
	for (size_t f = 0; f < m->n; f++) {
		/* Stocks at an earlier last day, whatever the periods' lengths
		 * (a month and its quarter, a quarter and the year): the
		 * difference is who joined in between. */
		bool earlier = m->periods[f].end_ms < m->periods[s].end_ms;
		bool again = f < s &&
			     m->periods[f].start_ms == m->periods[s].start_ms &&
			     m->periods[f].end_ms == m->periods[s].end_ms;
		if (!earlier && !again)
			continue;
		for (size_t ar = 0; ar <= svk_indicator_n_areas(); ar++) {
			/* VOL_NEW differs between two sets of one period only */
			int ranks[3] = {SVK_INDICATOR_ACTIVE, SVK_INDICATOR_YOUNG,
			    again ? SVK_INDICATOR_NEW : -1};
			for (int k = 0; k < 3 && ranks[k] >= 0; k++)
				if ((err = audit_change(m, f, s, ranks[k], ar, w,
					 out, cap)) != 0)
					return err;
		}
	}
	return 0;
}

int
svk_audit_run(svk_indicator_set *const *sets, svk_indicator_set *const *truth,
    size_t n, unsigned width, svk_audit *out)
{
	struct model m;
	size_t cap = 0;
	int err;

	memset(out, 0, sizeof(*out));
	out->width = width;
	if ((err = model_build(&m, sets, truth, n)) != 0)
		goto out;
	for (size_t s = 0; s < n && err == 0; s++)
		err = audit_set(&m, s, width, out, &cap);
	for (size_t i = 0; i < out->n; i++)
		out->failed += !out->items[i].ok;
out:
	model_fini(&m);
	if (err != 0)
		svk_audit_fini(out);
	return err;
}

void
svk_audit_fini(svk_audit *a)
{
	free(a->items);
	a->items = NULL;
	a->n = a->failed = 0;
}
