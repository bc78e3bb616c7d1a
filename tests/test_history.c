/*
 * test_history.c: store/audit.c and store/history.c, indicators protected
 * across periods. Each crafted registry here gives a person away when the
 * sets of two or three periods are put side by side and each set is only
 * protected on its own (svk_indicators_compute): the audit must find that,
 * and the sets svk_history_compute gives must leave nothing narrow.
 */
#include "audit.h"
#include "history.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "indicators.h"
#include "indicators_compute.h"
#include "registry.h"

#define PK(id) svk_crypto_identity_public(id)

static char dir[64];
static svk_store *st;
static svk_identity *me;

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "history");
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

/* vol adds an active volunteer. */
static void
vol(const char *id, const char *areas, unsigned hours, const char *joined, int birth)
{
	fx_volunteer(st, id, "", areas, hours, joined, true, birth);
}

/* n volunteers of area who joined long ago, 5 hours each. */
static void
vols(const char *prefix, const char *area, int n, int birth)
{
	char id[32];
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%s%d", prefix, i);
		vol(id, area, 5, "2020-01-01", birth);
	}
}

/* Publishes period as svk_history_compute protects it. */
static void
publish(const char *period)
{
	svk_indicator_set *set = NULL, *raw = NULL;

	ck_assert_int_eq(svk_history_compute(st, PK(me), period, 5, 0, &set, &raw), 0);
	ck_assert_int_eq(svk_history_publish(st, me, set, raw, NULL), 0);
	svk_indicator_set_free(set);
	svk_indicator_set_free(raw);
}

/* The audit of what is published, with period as svk_history_compute
 * gives it when not NULL; the number of narrow intervals. */
static size_t
narrow(const char *period)
{
	svk_history h;
	svk_audit a;
	size_t n;

	ck_assert_int_eq(svk_history_audit(st, PK(me), period, 5, 0, &h, &a), 0);
	n = a.failed;
	svk_history_fini(&h, &a);
	return n;
}

/* The audit of sets published so far (by publish) and of period protected
 * on its own, as it was before the audit existed: the narrow intervals
 * that involve period; *item (if not NULL) gets the first such. */
static size_t
narrow_alone(const char *period, svk_audit_item *first, char *code)
{
	svk_history h;
	svk_audit none, a;
	svk_indicator_set *alone, *raw;
	size_t n = 0;

	ck_assert_int_eq(svk_history_audit(st, PK(me), NULL, 5, 0, &h, &none), 0);
	svk_audit_fini(&none);
	ck_assert_int_eq(svk_indicators_compute(st, PK(me), period, 5, &alone), 0);
	ck_assert_int_eq(svk_indicators_compute_raw(st, PK(me), period, &raw), 0);
	svk_indicator_set **sets = calloc(h.n + 1, sizeof(*sets));
	svk_indicator_set **truth = calloc(h.n + 1, sizeof(*truth));
	ck_assert_ptr_nonnull(sets);
	ck_assert_ptr_nonnull(truth);
	for (size_t i = 0; i < h.n; i++) {
		sets[i] = h.sets[i];
		truth[i] = h.truth[i];
	}
	sets[h.n] = alone;
	truth[h.n] = raw;
	ck_assert_int_eq(svk_audit_run(sets, truth, h.n + 1, 0, &a), 0);
	for (size_t i = 0; i < a.n; i++) {
		const svk_audit_item *it = &a.items[i];
		if (it->ok || (it->set != h.n && it->from != h.n))
			continue;
		if (n++ == 0 && first != NULL)
			*first = *it;
		if (code != NULL && strcmp(it->code, code) == 0)
			strcpy(code, "found");
	}
	svk_audit_fini(&a);
	free(sets);
	free(truth);
	svk_indicator_set_free(alone);
	svk_indicator_set_free(raw);
	svk_history_fini(&h, NULL);
	return n;
}

START_TEST(test_a_newcomer_between_two_quarters_is_found_and_then_hidden)
{
	svk_audit_item it;
	char code[32] = "VOL_HOURS";

	/* 20 in education since 2020; one more joins in May with 14 hours. */
	vols("e", "education", 20, 1970);
	publish("2026-Q1");
	vol("new", "education", 14, "2026-05-10", 1970);
	/* Protected on its own, Q2 shows 21 next to Q1's 20 and 114 hours
	 * next to 100: the newcomer and their 14 hours. */
	ck_assert_uint_gt(narrow_alone("2026-Q2", &it, code), 0);
	ck_assert_str_eq(code, "found");
	ck_assert_double_eq(it.lo, it.hi);
	/* Across periods, nothing is narrow, and stays so once published. */
	ck_assert_uint_eq(narrow("2026-Q2"), 0);
	publish("2026-Q2");
	ck_assert_uint_eq(narrow(NULL), 0);
}
END_TEST

START_TEST(test_new_volunteers_pinned_by_a_rise_of_two_are_hidden)
{
	/* 30 in culture; two join in August: VOL_NEW of Q3 is a small count,
	 * and VOL_ACTIVE's rise from 30 to 32 would say it is 2. */
	vols("c", "culture", 30, 1970);
	publish("2026-Q2");
	vol("n1", "culture", 4, "2026-08-02", 1980);
	vol("n2", "culture", 6, "2026-08-20", 1981);
	ck_assert_uint_gt(narrow_alone("2026-Q3", NULL, NULL), 0);
	publish("2026-Q3");
	ck_assert_uint_eq(narrow(NULL), 0);
}
END_TEST

START_TEST(test_three_quarters_in_a_row_leave_nothing_narrow)
{
	/* Young volunteers: 8 in education; a young one joins youth in Q2,
	 * another education in Q3; older ones fill youth. */
	vols("e", "education", 8, 2001);
	vols("y", "youth", 10, 1970);
	publish("2026-Q1");
	vol("young1", "youth", 9, "2026-04-15", 2002);
	publish("2026-Q2");
	vol("young2", "education", 3, "2026-07-15", 2003);
	vol("o1", "youth", 7, "2026-08-15", 1960);
	ck_assert_uint_gt(narrow_alone("2026-Q3", NULL, NULL), 0);
	publish("2026-Q3");
	ck_assert_uint_eq(narrow(NULL), 0);
	/* A fourth quarter with nobody new adds nothing narrow either. */
	publish("2026-Q4");
	ck_assert_uint_eq(narrow(NULL), 0);
}
END_TEST

START_TEST(test_a_newer_set_for_a_period_does_not_give_away_the_change)
{
	svk_indicator_set *set = NULL, *raw = NULL;

	vols("h", "housing", 12, 1970);
	publish("2026-Q2");
	/* One person entered late, for Q2: the two sets of Q2 would differ by
	 * one volunteer and their hours. */
	vol("late", "housing", 11, "2026-06-01", 1975);
	ck_assert_uint_gt(narrow_alone("2026-Q2", NULL, NULL), 0);
	ck_assert_uint_eq(narrow("2026-Q2"), 0);
	ck_assert_int_eq(svk_history_compute(st, PK(me), "2026-Q2", 5, 0, &set, &raw),
	    0);
	ck_assert_int_eq(svk_history_publish(st, me, set, raw, NULL), 0);
	ck_assert_uint_eq(narrow(NULL), 0);
	svk_indicator_set_free(set);
	svk_indicator_set_free(raw);
}
END_TEST

START_TEST(test_the_true_values_kept_at_publishing_are_what_is_audited)
{
	svk_history h;
	svk_audit a;

	vols("s", "integration", 9, 1970);
	vol("one", "disability", 6, "2020-03-01", 1970);
	publish("2026-Q1");
	/* The registry changes afterwards; the set's hidden cell was 1. */
	vol("two", "disability", 6, "2020-04-01", 1970);
	ck_assert_int_eq(svk_history_audit(st, PK(me), NULL, 5, 0, &h, &a), 0);
	ck_assert_uint_eq(h.n, 1);
	ck_assert_uint_eq(h.stale, 0);
	bool seen = false;
	for (size_t i = 0; i < a.n; i++)
		if (strcmp(a.items[i].code, "VOL_ACTIVE") == 0 &&
		    strcmp(a.items[i].breakdown, "area:disability") == 0) {
			ck_assert_int_eq(a.items[i].truth, 1);
			seen = true;
		}
	ck_assert(seen);
	svk_history_fini(&h, &a);
}
END_TEST

START_TEST(test_counts_of_public_records_are_published_as_they_are)
{
	svk_indicator_set *set = NULL;

	vols("a", "youth", 10, 1970);
	(void)fx_append_practice(st, me, "p1", "One practice");
	ck_assert_int_eq(svk_history_compute(st, PK(me), "2026", 5, 0, &set, NULL), 0);
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->cells[i].code, "PRACTICE_SHARED") == 0 &&
		    strcmp(set->cells[i].breakdown, "_T") == 0) {
			ck_assert_int_eq(set->cells[i].conf, SVK_CONF_FREE);
			ck_assert_uint_eq(set->cells[i].value, 1);
		}
	svk_indicator_set_free(set);
}
END_TEST

/* A set of two quarters by hand: VOL_ACTIVE and VOL_HOURS totals. */
static svk_indicator_set *
hand_set(const char *period, uint64_t active, uint64_t hours, int conf)
{
	svk_indicator_set *s = calloc(1, sizeof(*s));
	ck_assert_ptr_nonnull(s);
	s->cells = calloc(2, sizeof(*s->cells));
	ck_assert_ptr_nonnull(s->cells);
	snprintf(s->period, sizeof(s->period), "%s", period);
	s->min_cell = 5;
	s->n = 2;
	strcpy(s->cells[0].code, "VOL_ACTIVE");
	strcpy(s->cells[1].code, "VOL_HOURS");
	for (int i = 0; i < 2; i++) {
		strcpy(s->cells[i].breakdown, "_T");
		s->cells[i].conf = conf;
	}
	s->cells[0].value = active;
	s->cells[1].value = hours;
	return s;
}

START_TEST(test_the_audit_pins_a_published_difference_and_not_a_lone_small_count)
{
	svk_indicator_set *q1 = hand_set("2026-Q1", 20, 100, SVK_CONF_FREE);
	svk_indicator_set *q2 = hand_set("2026-Q2", 21, 114, SVK_CONF_FREE);
	svk_indicator_set *sets[2] = {q1, q2};
	svk_audit a;

	ck_assert_int_eq(svk_audit_run(sets, sets, 2, 0, &a), 0);
	ck_assert_uint_eq(a.n, 2); /* the one person and their hours */
	ck_assert_uint_eq(a.failed, 2);
	ck_assert_double_eq(a.items[0].lo, 1);
	ck_assert_double_eq(a.items[0].hi, 1);
	ck_assert_double_eq(a.items[1].lo, 14);
	ck_assert_double_eq(a.items[1].hi, 14);
	svk_audit_fini(&a);
	/* A lone small count, suppressed: 1 to 4, as its status says. */
	svk_indicator_set *t = hand_set("2026-Q3", 3, 30, SVK_CONF_FREE);
	svk_indicator_set *s = hand_set("2026-Q3", 0, 0, SVK_CONF_PRIMARY);
	ck_assert_int_eq(svk_audit_run(&s, &t, 1, 0, &a), 0);
	ck_assert_uint_eq(a.n, 1);
	ck_assert(a.items[0].ok);
	ck_assert_double_eq(a.items[0].lo, 1);
	ck_assert_double_eq(a.items[0].hi, 4);
	svk_audit_fini(&a);
	/* Truth that does not match the sets is refused. */
	t->n = 1;
	ck_assert_int_eq(svk_audit_run(&s, &t, 1, 0, &a), SVK_EINVAL);
	svk_audit_fini(&a);
	svk_indicator_set_free(q1);
	svk_indicator_set_free(q2);
	svk_indicator_set_free(s);
	svk_indicator_set_free(t);
}
END_TEST

Suite *
history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("history");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc,
	    test_a_newcomer_between_two_quarters_is_found_and_then_hidden);
	tcase_add_test(tc, test_new_volunteers_pinned_by_a_rise_of_two_are_hidden);
	tcase_add_test(tc, test_three_quarters_in_a_row_leave_nothing_narrow);
	tcase_add_test(tc, test_a_newer_set_for_a_period_does_not_give_away_the_change);
	tcase_add_test(tc, test_the_true_values_kept_at_publishing_are_what_is_audited);
	tcase_add_test(tc, test_counts_of_public_records_are_published_as_they_are);
	tcase_add_test(tc,
	    test_the_audit_pins_a_published_difference_and_not_a_lone_small_count);
	suite_add_tcase(s, tc);
	return s;
}
