/*
 * test_indicators.c: store/indicators.c: periods, computing the indicators
 * from the registry and the node's own records, disclosure control, publish,
 * reading sets back, and the rollup over members.
 *
 * Disclosure control is tested on crafted registries (a single small cell,
 * a cell that a total would reveal, all cells small) and on a few hundred
 * random ones. Each published set is then attacked by code here that sees
 * only what a partner sees: the published values, the confidentiality flags
 * (primary: 1 to min_cell - 1; secondary: at least min_cell) and the
 * relations between the cells (total = sum of areas when every volunteer has
 * one area; total <= sum and area <= total when some have several). The
 * attack works out the values each suppressed cell could have; it must
 * never find just one.
 */
#include "disclosure.h"
#include "indicators.h"
#include "indicators_compute.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "registry.h"
#include "vocab.h"

#define PK(id) svk_crypto_identity_public(id)
#define BIG ((int64_t)1 << 40) /* "no upper bound" for the attacker */

static char dir[64];
static svk_store *st;
static svk_identity *me;

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "indicators");
	st = fx_store(dir, "samverk.db");
	me = fx_identity();
}

static void
teardown(void)
{
	svk_store_close(st);
	svk_crypto_identity_free(me);
	fx_rmdir(dir);
}

/* vol adds a volunteer. */
static void
vol(const char *id, const char *areas, unsigned hours, const char *joined,
    bool active, int birth)
{
	fx_volunteer(st, id, "", areas, hours, joined, active, birth);
}

/* n volunteers in area, active, joined long ago, 5 hours each. */
static void
vols(const char *prefix, const char *area, int n)
{
	char id[32];
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%s%d", prefix, i);
		vol(id, area, 5, "2020-01-01", true, 1970);
	}
}

static const svk_indicator *
cell(const svk_indicator_set *set, const char *code, const char *breakdown)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->cells[i].code, code) == 0 &&
		    strcmp(set->cells[i].breakdown, breakdown) == 0)
			return &set->cells[i];
	ck_abort_msg("no cell %s %s", code, breakdown);
	return NULL;
}

static int
conf(const svk_indicator_set *set, const char *code, const char *area)
{
	char b[64];
	snprintf(b, sizeof(b), area ? "area:%s" : "_T", area);
	return cell(set, code, b)->conf;
}

static uint64_t
value(const svk_indicator_set *set, const char *code, const char *area)
{
	char b[64];
	snprintf(b, sizeof(b), area ? "area:%s" : "_T", area);
	const svk_indicator *c = cell(set, code, b);
	ck_assert_int_eq(c->conf, SVK_CONF_FREE);
	return c->value;
}

static svk_indicator_set *
compute(const char *period, unsigned min_cell)
{
	svk_indicator_set *set = NULL;
	ck_assert_int_eq(svk_indicators_compute(st, PK(me), period, min_cell, &set), 0);
	return set;
}

/* --- the attack -------------------------------------------------------------- */

struct unknown {
	int64_t lo, hi, truth;
	int coef; /* +1 an area, -1 the total */
	const char *what;
};

static size_t attacked; /* suppressed cells the attack looked at */

/* The values x can take when sum(coef * u) = rhs over the unknowns, each in
 * its bounds: exact for one linear equation with unit coefficients. */
static void
solve_additive(struct unknown *u, size_t n, int64_t rhs)
{
	for (size_t i = 0; i < n; i++) {
		int64_t smin = 0, smax = 0;
		for (size_t j = 0; j < n; j++) {
			if (j == i)
				continue;
			smin += u[j].coef > 0 ? u[j].lo : -u[j].hi;
			smax += u[j].coef > 0 ? u[j].hi : -u[j].lo;
		}
		int64_t lo = u[i].coef > 0 ? rhs - smax : smin - rhs;
		int64_t hi = u[i].coef > 0 ? rhs - smin : smax - rhs;
		if (lo < u[i].lo)
			lo = u[i].lo;
		if (hi > u[i].hi)
			hi = u[i].hi;
		ck_assert_msg(lo <= u[i].truth && u[i].truth <= hi,
		    "%s: the truth %lld is outside [%lld, %lld]", u[i].what,
		    (long long)u[i].truth, (long long)lo, (long long)hi);
		if (u[i].truth == 0)
			continue; /* a zero worked out is nobody */
		ck_assert_msg(hi > lo, "%s can be worked out: it is %lld",
		    u[i].what, (long long)lo);
		attacked++;
	}
}

/* Tries every assignment of the unknowns of a table that is not additive
 * (total <= sum of areas, each area <= total), counting the values each
 * could take; only for a few small unknowns. */
static bool
brute(struct unknown *u, size_t n, size_t k, int64_t *x, int64_t total_known,
    int64_t known_sum, int t_index, int64_t seen_lo[], int64_t seen_hi[])
{
	if (k == n) {
		int64_t total = t_index >= 0 ? x[t_index] : total_known,
			sum = known_sum;
		for (size_t i = 0; i < n; i++) {
			if ((int)i == t_index)
				continue;
			sum += x[i];
			if (x[i] > total)
				return false;
		}
		if (total > sum)
			return false;
		for (size_t i = 0; i < n; i++) {
			if (x[i] < seen_lo[i])
				seen_lo[i] = x[i];
			if (x[i] > seen_hi[i])
				seen_hi[i] = x[i];
		}
		return true;
	}
	bool any = false;
	for (int64_t v = u[k].lo; v <= u[k].hi; v++) {
		x[k] = v;
		any |= brute(u, n, k + 1, x, total_known, known_sum, t_index,
		    seen_lo, seen_hi);
	}
	return any;
}

/*
 * attack checks every indicator table of the published set pub. raw is the
 * same set before control (to know the truth and whether each table adds
 * up; an outsider who knows how many areas volunteers may have knows that).
 */
static void
attack(const svk_indicator_set *pub, const svk_indicator_set *raw, int64_t m)
{
	ck_assert_uint_eq(pub->n, raw->n);
	for (size_t i = 0; i < pub->n; i++) {
		if (strcmp(pub->cells[i].breakdown, "_T") != 0)
			continue;
		const char *code = pub->cells[i].code;
		bool hours = strcmp(code, "VOL_HOURS") == 0;
		struct unknown u[64];
		size_t n = 0;
		int64_t known = 0, sum = 0, total = (int64_t)raw->cells[i].value;
		int t_index = -1;
		for (size_t j = 0; j < pub->n; j++) {
			const svk_indicator *c = &pub->cells[j];
			if (strcmp(c->code, code) != 0)
				continue;
			bool is_total = j == i;
			if (!is_total)
				sum += (int64_t)raw->cells[j].value;
			if (c->conf == SVK_CONF_FREE) {
				ck_assert_uint_eq(c->value, raw->cells[j].value);
				if (!is_total)
					known += (int64_t)c->value;
				continue;
			}
			ck_assert_uint_eq(c->value, 0); /* nothing leaks in the field */
			if (is_total)
				t_index = (int)n;
			u[n].coef = is_total ? -1 : 1;
			u[n].truth = (int64_t)raw->cells[j].value;
			u[n].what = c->breakdown;
			if (hours || c->conf == SVK_CONF_WITHHELD) {
				u[n].lo = 0;
				u[n].hi = BIG;
			} else if (c->conf == SVK_CONF_PRIMARY) {
				u[n].lo = 1;
				u[n].hi = m - 1;
			} else {
				u[n].lo = m;
				u[n].hi = BIG;
			}
			n++;
		}
		if (n == 0)
			continue;
		int64_t t_pub = t_index >= 0 ? 0 : total;
		if (total == sum) {
			solve_additive(u, n, t_pub - known);
			continue;
		}
		if (hours || n > 4)
			continue; /* too many to try them all */
		int64_t x[64], lo[64], hi[64];
		for (size_t k = 0; k < n; k++) {
			lo[k] = BIG;
			hi[k] = -1;
			if (u[k].hi > 60)
				u[k].hi = 60; /* the random registries hold at most 40 */
		}
		ck_assert(brute(u, n, 0, x, total, known, t_index, lo, hi));
		for (size_t k = 0; k < n; k++) {
			if (u[k].truth == 0)
				continue;
			ck_assert_msg(hi[k] > lo[k], "%s %s can be worked out: %lld",
			    code, u[k].what, (long long)lo[k]);
			attacked++;
		}
	}
}

/* protect_and_attack computes the set for period both raw and protected,
 * checks that hours follow counts, and attacks it. */
static svk_indicator_set *
protect_and_attack(const char *period, unsigned m)
{
	svk_indicator_set *raw = NULL, *pub = compute(period, m);

	ck_assert_int_eq(svk_indicators_compute_raw(st, PK(me), period, &raw), 0);
	attack(pub, raw, m);
	for (size_t i = 0; i < pub->n; i++) {
		if (strcmp(pub->cells[i].code, "VOL_HOURS") != 0)
			continue;
		ck_assert_int_eq(pub->cells[i].conf,
		    cell(pub, "VOL_ACTIVE", pub->cells[i].breakdown)->conf);
	}
	svk_indicator_set_free(raw);
	return pub;
}

/* --- tests --------------------------------------------------------------------- */

START_TEST(test_periods_are_quarters_months_and_years)
{
	svk_period p;

	ck_assert_int_eq(svk_period_parse("2026-Q3", &p), 0);
	ck_assert_str_eq(p.first, "2026-07-01");
	ck_assert_str_eq(p.last, "2026-09-30");
	ck_assert_int_eq(p.end_ms - p.start_ms, 92 * FX_DAY_MS);
	ck_assert_int_eq(svk_period_parse("2024-02", &p), 0);
	ck_assert_str_eq(p.last, "2024-02-29");
	ck_assert_int_eq(svk_period_parse("2026", &p), 0);
	ck_assert_str_eq(p.first, "2026-01-01");
	ck_assert_str_eq(p.last, "2026-12-31");
	ck_assert_int_eq(p.start_ms, 1767225600000LL);
	const char *bad[] = {"", "26", "2026-Q5", "2026-Q0", "2026-13", "2026-00",
	    "2026-1", "2026-Q3x", "1850", "abcd", "2026-W01", NULL};
	for (int i = 0; bad[i]; i++)
		ck_assert_msg(svk_period_parse(bad[i], &p) == SVK_EINVAL, "%s",
		    bad[i]);
}
END_TEST

START_TEST(test_raw_counts_match_the_sample_registry)
{
	char path[256], why[512], *text, *line, *save = NULL;
	size_t len;
	svk_import_stats s;
	svk_indicator_set *raw = NULL;
	uint64_t active = 0, fresh = 0, hours = 0, young = 0, youth = 0,
		 youth_hours = 0;

	snprintf(path, sizeof(path), "%s/volunteers.csv", FX_DATA);
	text = fx_read_file(path, &len);
	ck_assert_int_eq(svk_registry_import(st, text, len, false, NULL, NULL, &s,
			     why, sizeof(why)),
	    0);
	/* Count again here, from the file (it has no quotes). */
	line = strtok_r(text, "\r\n", &save); /* the header */
	while ((line = strtok_r(NULL, "\r\n", &save)) != NULL) {
		char *f[10], *fs = NULL;
		int k = 0;
		for (char *p = line; k < 10; p = NULL)
			f[k++] = strtok_r(p, ",", &fs);
		bool joined = strcmp(f[8], "2026-09-30") <= 0;
		bool on = strcmp(f[9], "yes") == 0 && joined;
		bool in_youth = strstr(f[6], "youth") != NULL;
		int age = 2026 - atoi(f[2]);
		if (joined && strcmp(f[8], "2026-07-01") >= 0)
			fresh++;
		if (!on)
			continue;
		active++;
		hours += (uint64_t)atoi(f[7]);
		young += age >= 15 && age <= 29;
		youth += in_youth;
		youth_hours += in_youth ? (uint64_t)atoi(f[7]) : 0;
	}
	free(text);
	ck_assert_int_eq(svk_indicators_compute_raw(st, PK(me), "2026-Q3", &raw), 0);
	ck_assert_uint_eq(value(raw, "VOL_ACTIVE", NULL), active);
	ck_assert_uint_eq(value(raw, "VOL_NEW", NULL), fresh);
	ck_assert_uint_eq(value(raw, "VOL_HOURS", NULL), hours);
	ck_assert_uint_eq(value(raw, "VOL_ACTIVE_AGE_15_29", NULL), young);
	ck_assert_uint_eq(value(raw, "VOL_ACTIVE", "youth"), youth);
	ck_assert_uint_eq(value(raw, "VOL_HOURS", "youth"), youth_hours);
	ck_assert_uint_eq(value(raw, "NEED_OPEN", NULL), 0);
	/* No adoptions: no PRACTICE_ADOPTED. */
	for (size_t i = 0; i < raw->n; i++)
		ck_assert_str_ne(raw->cells[i].code, "PRACTICE_ADOPTED");
	ck_assert_uint_eq(raw->n, 7 * 13);
	svk_indicator_set_free(raw);

	/* The sample's published set stands the attack too. */
	for (unsigned m = 3; m <= 10; m++)
		svk_indicator_set_free(protect_and_attack("2026-Q3", m));
	svk_indicator_set_free(protect_and_attack("2026", 5));
	svk_indicator_set_free(protect_and_attack("2026-08", 5));
}
END_TEST

START_TEST(test_a_single_small_cell_is_suppressed_with_one_more)
{
	vols("e", "elderly_care", 10);
	vols("c", "culture", 3);
	vols("y", "youth", 8);
	svk_indicator_set *set = protect_and_attack("2026-Q3", 5);
	ck_assert_int_eq(conf(set, "VOL_ACTIVE", "culture"), SVK_CONF_PRIMARY);
	ck_assert_int_eq(conf(set, "VOL_ACTIVE", "youth"), SVK_CONF_SECONDARY);
	ck_assert_uint_eq(value(set, "VOL_ACTIVE", "elderly_care"), 10);
	ck_assert_uint_eq(value(set, "VOL_ACTIVE", NULL), 21);
	ck_assert_uint_eq(value(set, "VOL_ACTIVE", "housing"), 0);
	ck_assert_int_eq(conf(set, "VOL_HOURS", "culture"), SVK_CONF_PRIMARY);
	ck_assert_int_eq(conf(set, "VOL_HOURS", "youth"), SVK_CONF_SECONDARY);
	ck_assert_uint_eq(value(set, "VOL_HOURS", NULL), 105);
	ck_assert_uint_eq(cell(set, "VOL_ACTIVE", "area:culture")->value, 0);
	ck_assert_uint_eq(set->min_cell, 5);
	svk_indicator_set_free(set);
}
END_TEST

START_TEST(test_a_cell_that_a_total_would_reveal_is_protected)
{
	/* 11 = 10 + 1: suppressing the 10 as well is enough. */
	vols("e", "elderly_care", 10);
	vols("c", "culture", 1);
	svk_indicator_set *set = protect_and_attack("2026-Q3", 5);
	ck_assert_int_eq(conf(set, "VOL_ACTIVE", "culture"), SVK_CONF_PRIMARY);
	ck_assert_int_eq(conf(set, "VOL_ACTIVE", "elderly_care"), SVK_CONF_SECONDARY);
	ck_assert_uint_eq(value(set, "VOL_ACTIVE", NULL), 11);
	svk_indicator_set_free(set);
}
END_TEST

START_TEST(test_a_total_is_suppressed_when_the_other_cell_is_at_the_threshold)
{
	/* 6 = 5 + 1: suppressing the 5 (so at least 5) would leave the 1 to
	 * follow from the total; suppressing the total (at least 5) does not. */
	vols("e", "elderly_care", 5);
	vols("c", "culture", 1);
	svk_indicator_set *set = protect_and_attack("2026-Q3", 5);
	ck_assert_int_eq(conf(set, "VOL_ACTIVE", "culture"), SVK_CONF_PRIMARY);
	ck_assert_int_eq(conf(set, "VOL_ACTIVE", NULL), SVK_CONF_SECONDARY);
	ck_assert_uint_eq(value(set, "VOL_ACTIVE", "elderly_care"), 5);
	svk_indicator_set_free(set);
}
END_TEST

START_TEST(test_an_indicator_no_single_cell_can_protect_is_withheld)
{
	/* Four new volunteers in four areas: the total (1 to 4) and four
	 * cells of at least 1 each would say 4 = 1 + 1 + 1 + 1. */
	vol("a", "elderly_care", 2, "2026-08-01", true, 1970);
	vol("b", "culture", 2, "2026-08-01", true, 1970);
	vol("c", "youth", 2, "2026-08-01", true, 1970);
	vol("d", "housing", 2, "2026-08-01", true, 1970);
	vols("o", "culture", 20);
	svk_indicator_set *set = protect_and_attack("2026-Q3", 5);
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->cells[i].code, "VOL_NEW") == 0)
			ck_assert_int_eq(set->cells[i].conf, SVK_CONF_WITHHELD);
	ck_assert_uint_eq(value(set, "VOL_ACTIVE", NULL), 24);
	svk_indicator_set_free(set);
}
END_TEST

START_TEST(test_when_all_cells_are_small_all_are_suppressed)
{
	vol("a", "elderly_care", 4, "2020-01-01", true, 2000);
	vol("b", "culture", 6, "2026-08-01", true, 1960);
	vol("c", "youth", 2, "2020-01-01", true, 2005);
	svk_indicator_set *set = protect_and_attack("2026-Q3", 5);
	for (size_t i = 0; i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		if (strncmp(c->code, "VOL_", 4) != 0)
			continue;
		if (c->conf == SVK_CONF_FREE)
			ck_assert_msg(c->value == 0, "%s %s published: %llu",
			    c->code, c->breakdown, (unsigned long long)c->value);
	}
	ck_assert_int_eq(conf(set, "VOL_ACTIVE", NULL), SVK_CONF_PRIMARY);
	ck_assert_int_eq(conf(set, "VOL_NEW", NULL), SVK_CONF_PRIMARY);
	ck_assert_int_eq(conf(set, "VOL_ACTIVE_AGE_15_29", "youth"), SVK_CONF_PRIMARY);
	ck_assert_uint_eq(value(set, "VOL_ACTIVE", "housing"), 0);
	svk_indicator_set_free(set);
}
END_TEST

START_TEST(test_volunteers_with_several_areas_are_protected_too)
{
	/* 12 people; 2 of them also in culture: the areas add up to 14. */
	vols("e", "elderly_care", 8);
	vols("y", "youth", 2);
	vol("x1", "youth;culture", 5, "2020-01-01", true, 1970);
	vol("x2", "youth;culture", 5, "2020-01-01", true, 1970);
	svk_indicator_set *set = protect_and_attack("2026-Q3", 5);
	ck_assert_int_eq(conf(set, "VOL_ACTIVE", "culture"), SVK_CONF_PRIMARY);
	svk_indicator_set_free(set);
}
END_TEST

START_TEST(test_random_registries_never_give_a_suppressed_value_away)
{
	static const char *const areas[] = {"elderly_care", "culture", "youth",
	    "housing", "youth;culture", "elderly_care;housing"};
	char id[32];
	unsigned seed = 20260701;

	attacked = 0;
	for (int round = 0; round < 150; round++) {
		bool multi = round % 3 == 0;
		int n = 1 + (int)(rand_r(&seed) % 40);
		fx_exec(st, "DELETE FROM volunteers");
		for (int i = 0; i < n; i++) {
			char joined[16];
			snprintf(id, sizeof(id), "r%d", i);
			snprintf(joined, sizeof(joined), "2026-%02u-15",
			    1 + rand_r(&seed) % 9);
			vol(id, areas[rand_r(&seed) % (multi ? 6 : 4)],
			    rand_r(&seed) % 12, joined, rand_r(&seed) % 10 != 0,
			    1950 + (int)(rand_r(&seed) % 60));
		}
		unsigned m = 3 + (unsigned)(round % 6);
		svk_indicator_set_free(protect_and_attack("2026-Q3", m));
	}
	ck_assert_uint_gt(attacked, 1000);
}
END_TEST

/* need appends a need of mine with status and one area. */
static void
need(const char *id, const char *status, const char *area)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Need n = SAMVERK__NEED__INIT;
	char *areas[] = {(char *)area};

	n.id = (char *)id;
	n.lang = "en";
	n.title = "A need";
	n.description = "Help wanted.";
	n.areas = areas;
	n.n_areas = 1;
	n.urgency = "low";
	n.status = (char *)status;
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = &n;
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
}

static void
adopt(const uint8_t *origin, const char *practice, const char *status)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption a = SAMVERK__ADOPTION__INIT;

	a.practice_origin.data = (uint8_t *)origin;
	a.practice_origin.len = SVK_KEY_LEN;
	a.practice_id = (char *)practice;
	a.status = (char *)status;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &a;
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
}

START_TEST(test_needs_practices_and_adoptions_count_as_the_log_stood)
{
	char now[16], before[16];
	time_t t = time(NULL);
	struct tm tm;
	svk_indicator_set *raw;

	ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
	snprintf(now, sizeof(now), "%04d", tm.tm_year + 1900);
	snprintf(before, sizeof(before), "%04d", tm.tm_year + 1899);
	fx_append_practice(st, me, "p1", "One");
	fx_append_practice(st, me, "p2", "Two");
	fx_append_practice(st, me, "p3", "Three");
	fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_PRACTICE, "p3");
	need("n1", "open", "housing");
	need("n2", "open", "housing");
	need("n3", "open", "elderly_care");
	need("n3", "closed", "elderly_care");
	adopt(PK(me), "p1", "adopted");
	adopt(PK(me), "p2", "piloting");

	ck_assert_int_eq(svk_indicators_compute_raw(st, PK(me), now, &raw), 0);
	ck_assert_uint_eq(value(raw, "PRACTICE_SHARED", NULL), 2);
	ck_assert_uint_eq(value(raw, "PRACTICE_SHARED", "youth"), 2);
	ck_assert_uint_eq(value(raw, "NEED_OPEN", NULL), 2);
	ck_assert_uint_eq(value(raw, "NEED_OPEN", "housing"), 2);
	ck_assert_uint_eq(value(raw, "NEED_MET", NULL), 1);
	ck_assert_uint_eq(value(raw, "NEED_MET", "elderly_care"), 1);
	ck_assert_uint_eq(value(raw, "PRACTICE_ADOPTED", NULL), 1);
	ck_assert_uint_eq(value(raw, "PRACTICE_ADOPTED", "youth"), 1);
	svk_indicator_set_free(raw);

	/* Last year, none of it existed yet. */
	ck_assert_int_eq(svk_indicators_compute_raw(st, PK(me), before, &raw), 0);
	ck_assert_uint_eq(value(raw, "PRACTICE_SHARED", NULL), 0);
	ck_assert_uint_eq(value(raw, "NEED_MET", NULL), 0);
	svk_indicator_set_free(raw);
}
END_TEST

/* What svk_indicators_each gave. */
struct got {
	int n;
	uint64_t seq[4];
	uint64_t culture[4]; /* VOL_ACTIVE area:culture */
};

static int
got_cb(void *arg, const svk_indicator_set *s)
{
	struct got *g = arg;

	ck_assert_int_lt(g->n, 4);
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->cells[i].code, "VOL_ACTIVE") == 0 &&
		    strcmp(s->cells[i].breakdown, "area:culture") == 0)
			g->culture[g->n] = s->cells[i].value;
	g->seq[g->n++] = s->seq;
	return 0;
}

START_TEST(test_publish_writes_only_aggregates_and_a_newer_set_replaces_the_older)
{
	svk_indicator_set *set;
	uint64_t seq1, seq2;

	vols("e", "elderly_care", 10);
	vols("c", "culture", 3);
	set = compute("2026-Q3", 5);
	ck_assert_int_eq(svk_indicators_publish(st, me, set, &seq1), 0);
	svk_indicator_set_free(set);
	vols("d", "culture", 4);
	set = compute("2026-Q3", 5);
	ck_assert_int_eq(svk_indicators_publish(st, me, set, &seq2), 0);
	ck_assert_uint_gt(seq2, seq1);
	svk_indicator_set_free(set);
	set = compute("2026-Q2", 5);
	ck_assert_int_eq(svk_indicators_publish(st, me, set, NULL), 0);
	svk_indicator_set_free(set);

	/* each gives the latest per period, as it was published. */
	struct got got = {0};
	ck_assert_int_eq(svk_indicators_each(st, PK(me), NULL, got_cb, &got), 0);
	ck_assert_int_eq(got.n, 2);
	ck_assert_uint_eq(got.seq[1], seq2); /* 2026-Q2 sorts first */
	ck_assert_uint_eq(got.culture[1], 7);

	/* A set that carries a suppressed value is refused. */
	set = compute("2026-Q3", 5);
	set->cells[0].conf = SVK_CONF_PRIMARY;
	set->cells[0].value = 3;
	ck_assert_int_eq(svk_indicators_publish(st, me, set, NULL), SVK_EINVAL);
	set->cells[0].value = 0;
	snprintf(set->cells[1].breakdown, sizeof(set->cells[1].breakdown),
	    "name:Marco");
	ck_assert_int_eq(svk_indicators_publish(st, me, set, NULL), SVK_EINVAL);
	svk_indicator_set_free(set);
}
END_TEST

/* set_of makes a small set by hand: VOL_ACTIVE _T and area:youth. */
static svk_indicator_set *
set_of(const char *period, uint64_t total, int total_conf, uint64_t youth, int youth_conf)
{
	svk_indicator_set *s = calloc(1, sizeof(*s));
	ck_assert_ptr_nonnull(s);
	s->cells = calloc(2, sizeof(*s->cells));
	ck_assert_ptr_nonnull(s->cells);
	snprintf(s->period, sizeof(s->period), "%s", period);
	s->min_cell = 5;
	s->n = 2;
	for (int i = 0; i < 2; i++) {
		strcpy(s->cells[i].code, "VOL_ACTIVE");
		strcpy(s->cells[i].unit, "PERSONS");
	}
	strcpy(s->cells[0].breakdown, "_T");
	s->cells[0].value = total;
	s->cells[0].conf = total_conf;
	strcpy(s->cells[1].breakdown, "area:youth");
	s->cells[1].value = youth;
	s->cells[1].conf = youth_conf;
	return s;
}

/* publish_by publishes set in s as id, and b ingests it when b is not s. */
static void
publish_by(svk_store *s, const svk_identity *id, svk_indicator_set *set, svk_store *b)
{
	uint64_t seq;
	ck_assert_int_eq(svk_indicators_publish(s, id, set, &seq), 0);
	svk_indicator_set_free(set);
	if (b != s)
		ck_assert_int_eq(fx_ingest(b, s, PK(id), seq, NULL), 0);
}

static const svk_rollup_cell *
rolled(const svk_rollup *r, const char *period, const char *breakdown)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->cells[i].period, period) == 0 &&
		    strcmp(r->cells[i].code, "VOL_ACTIVE") == 0 &&
		    strcmp(r->cells[i].breakdown, breakdown) == 0)
			return &r->cells[i];
	ck_abort_msg("no rollup cell %s %s", period, breakdown);
	return NULL;
}

START_TEST(test_rollup_sums_the_members_that_reported_and_never_counts_a_suppressed_cell)
{
	fx_fed f;
	svk_rollup *r = NULL;

	fx_fed_init(&f, "rollup");
	/* a: 40 and 12; c: 30 and a suppressed youth cell; later c replaces
	 * its 2026-Q3 set; b itself publishes a set with both suppressed. */
	publish_by(f.sa, f.a,
	    set_of("2026-Q3", 40, SVK_CONF_FREE, 12, SVK_CONF_FREE), f.sb);
	publish_by(f.sc, f.c,
	    set_of("2026-Q3", 20, SVK_CONF_FREE, 0, SVK_CONF_PRIMARY), f.sb);
	publish_by(f.sc, f.c,
	    set_of("2026-Q3", 30, SVK_CONF_FREE, 0, SVK_CONF_PRIMARY), f.sb);
	publish_by(f.sc, f.c,
	    set_of("2026-Q2", 25, SVK_CONF_FREE, 9, SVK_CONF_FREE), f.sb);
	publish_by(f.sb, f.b,
	    set_of("2026-Q3", 0, SVK_CONF_PRIMARY, 0, SVK_CONF_SECONDARY), f.sb);

	ck_assert_int_eq(svk_indicators_rollup(f.sb, NULL, &r), 0);
	const svk_rollup_cell *t = rolled(r, "2026-Q3", "_T");
	ck_assert_uint_eq(t->sum, 70);
	ck_assert_uint_eq(t->reported, 2);
	ck_assert_uint_eq(t->confidential, 1);
	ck_assert_uint_eq(t->members, 3);
	const svk_rollup_cell *y = rolled(r, "2026-Q3", "area:youth");
	ck_assert_uint_eq(y->sum, 12);
	ck_assert_uint_eq(y->reported, 1);
	ck_assert_uint_eq(y->confidential, 2);
	t = rolled(r, "2026-Q2", "_T");
	ck_assert_uint_eq(t->sum, 25);
	ck_assert_uint_eq(t->members, 1);
	ck_assert_str_eq(r->cells[0].period, "2026-Q2"); /* ordered by period */
	svk_indicators_rollup_free(r);

	ck_assert_int_eq(svk_indicators_rollup(f.sb, "2026-Q2", &r), 0);
	ck_assert_uint_eq(r->n, 2);
	svk_indicators_rollup_free(r);
	fx_fed_fini(&f);
}
END_TEST

START_TEST(test_cells_that_are_not_well_formed_are_left_out_when_read)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__IndicatorSet m = SAMVERK__INDICATOR_SET__INIT;
	Samverk__Indicator c[3], *cp[3];
	svk_rollup *r = NULL;

	const char *breakdowns[] = {"_T", "name:Marco Papadopoulou", "area:space"};
	for (int i = 0; i < 3; i++) {
		samverk__indicator__init(&c[i]);
		c[i].code = "VOL_ACTIVE";
		c[i].breakdown = (char *)breakdowns[i];
		c[i].value = 7;
		c[i].unit = "PERSONS";
		cp[i] = &c[i];
	}
	m.period = "2026-Q3";
	m.min_cell = 5;
	m.cells = cp;
	m.n_cells = 3;
	body.payload_case = SAMVERK__BODY__PAYLOAD_INDICATORS;
	body.indicators = &m;
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
	ck_assert_int_eq(svk_indicators_rollup(st, NULL, &r), 0);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_str_eq(r->cells[0].breakdown, "_T");
	svk_indicators_rollup_free(r);
}
END_TEST

/* Walks every message a Body can hold; no field may be named for personal
 * data of a volunteer. */
static void
no_personal_fields(const ProtobufCMessageDescriptor *d, int depth)
{
	static const char *const banned[] = {
	    "email", "phone", "birth", "volunteer", "person", "address", NULL};

	ck_assert_int_lt(depth, 8);
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		for (int b = 0; banned[b]; b++)
			ck_assert_msg(strstr(f->name, banned[b]) == NULL, "%s.%s",
			    d->name, f->name);
		if (f->type == PROTOBUF_C_TYPE_MESSAGE)
			no_personal_fields(f->descriptor, depth + 1);
	}
}

START_TEST(test_the_wire_format_has_no_field_for_a_volunteer)
{
	static const char *const set_fields[] = {"period", "min_cell", "cells"};
	static const char *const cell_fields[] = {
	    "code", "breakdown", "value", "conf", "unit"};
	const ProtobufCMessageDescriptor *d = &samverk__indicator_set__descriptor;

	no_personal_fields(&samverk__body__descriptor, 0);
	ck_assert_uint_eq(d->n_fields, 3);
	for (unsigned i = 0; i < d->n_fields; i++)
		ck_assert_str_eq(d->fields[i].name, set_fields[i]);
	d = &samverk__indicator__descriptor;
	ck_assert_uint_eq(d->n_fields, 5);
	for (unsigned i = 0; i < d->n_fields; i++)
		ck_assert_str_eq(d->fields[i].name, cell_fields[i]);
}
END_TEST

START_TEST(test_protect_refuses_a_threshold_that_gives_values_away)
{
	svk_indicator_set *set = NULL;
	ck_assert_int_eq(svk_indicators_compute_raw(st, PK(me), "2026-Q3", &set), 0);
	ck_assert_int_eq(svk_disclosure_protect(set, 2), SVK_EINVAL);
	ck_assert_int_eq(svk_disclosure_protect(set, 1001), SVK_EINVAL);
	ck_assert_int_eq(svk_disclosure_protect(set, 3), 0);
	svk_indicator_set_free(set);
}
END_TEST

Suite *
indicators_suite(void)
{
	Suite *s = suite_create("indicators");
	TCase *tc = tcase_create("indicators");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_periods_are_quarters_months_and_years);
	tcase_add_test(tc, test_raw_counts_match_the_sample_registry);
	tcase_add_test(tc, test_a_single_small_cell_is_suppressed_with_one_more);
	tcase_add_test(tc, test_a_cell_that_a_total_would_reveal_is_protected);
	tcase_add_test(tc,
	    test_a_total_is_suppressed_when_the_other_cell_is_at_the_threshold);
	tcase_add_test(tc, test_an_indicator_no_single_cell_can_protect_is_withheld);
	tcase_add_test(tc, test_when_all_cells_are_small_all_are_suppressed);
	tcase_add_test(tc, test_volunteers_with_several_areas_are_protected_too);
	tcase_add_test(tc, test_random_registries_never_give_a_suppressed_value_away);
	tcase_add_test(tc, test_needs_practices_and_adoptions_count_as_the_log_stood);
	tcase_add_test(tc,
	    test_publish_writes_only_aggregates_and_a_newer_set_replaces_the_older);
	tcase_add_test(tc,
	    test_rollup_sums_the_members_that_reported_and_never_counts_a_suppressed_cell);
	tcase_add_test(tc, test_cells_that_are_not_well_formed_are_left_out_when_read);
	tcase_add_test(tc, test_the_wire_format_has_no_field_for_a_volunteer);
	tcase_add_test(tc, test_protect_refuses_a_threshold_that_gives_values_away);
	suite_add_tcase(s, tc);
	return s;
}
