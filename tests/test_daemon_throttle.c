/*
 * test_daemon_throttle.c: node/daemon/throttle.c: the token buckets that
 * limit one partner, driven with a clock of the test's own.
 */
#include "throttle.h"

#include <check.h>

#define T0 1000000 /* any time in ms; 0 means "never used" */

START_TEST(test_a_fresh_bucket_lets_a_burst_of_twice_the_rate_through)
{
	svk_throttle t = {0};
	int passed = 0;

	for (int i = 0; i < 100; i++)
		passed += svk_throttle_take(&t, T0, 10, 1e9, 1);
	ck_assert_int_eq(passed, 20);
	ck_assert_uint_eq(svk_throttle_dropped(&t), 80);
}
END_TEST

START_TEST(test_an_empty_bucket_refills_at_the_rate)
{
	svk_throttle t = {0};
	int passed = 0;

	while (svk_throttle_take(&t, T0, 10, 1e9, 1))
		;
	/* Half a second at 10 a second: five more. */
	for (int i = 0; i < 10; i++)
		passed += svk_throttle_take(&t, T0 + 500, 10, 1e9, 1);
	ck_assert_int_eq(passed, 5);
}
END_TEST

START_TEST(test_a_long_pause_refills_no_more_than_the_burst)
{
	svk_throttle t = {0};
	int passed = 0;

	while (svk_throttle_take(&t, T0, 10, 1e9, 1))
		;
	for (int i = 0; i < 100; i++)
		passed += svk_throttle_take(&t, T0 + 3600 * 1000, 10, 1e9, 1);
	ck_assert_int_eq(passed, 20);
}
END_TEST

START_TEST(test_bytes_are_limited_apart_from_messages)
{
	svk_throttle t = {0};

	/* 1000 bytes a second: a burst of 2000. */
	ck_assert(svk_throttle_take(&t, T0, 100, 1000, 1500));
	ck_assert(!svk_throttle_take(&t, T0, 100, 1000, 600));
	ck_assert(svk_throttle_take(&t, T0, 100, 1000, 500));
	ck_assert(svk_throttle_take(&t, T0 + 1000, 100, 1000, 1000));
	ck_assert_uint_eq(svk_throttle_dropped(&t), 1);
}
END_TEST

START_TEST(test_a_clock_going_back_takes_nothing_from_the_bucket)
{
	svk_throttle t = {0};

	ck_assert(svk_throttle_take(&t, T0, 1, 1e9, 1));
	ck_assert(svk_throttle_take(&t, T0 - 5000, 1, 1e9, 1));
	ck_assert(!svk_throttle_take(&t, T0 - 5000, 1, 1e9, 1));
}
END_TEST

START_TEST(test_a_warning_is_due_at_most_every_ten_seconds)
{
	svk_throttle t = {0};

	ck_assert(svk_throttle_warn(&t, T0));
	ck_assert(!svk_throttle_warn(&t, T0 + 5000));
	ck_assert(!svk_throttle_warn(&t, T0 + 10000));
	ck_assert(svk_throttle_warn(&t, T0 + 10001));
}
END_TEST

START_TEST(test_a_fresh_bucket_lets_the_next_message_through_at_once)
{
	svk_throttle t = {0};

	ck_assert_int_eq(svk_throttle_delay_ms(&t, T0, 10), 0);
}
END_TEST

START_TEST(test_an_empty_bucket_tells_when_the_next_message_goes)
{
	svk_throttle t = {0};
	int64_t wait;

	while (svk_throttle_take(&t, T0, 10, 1e9, 1))
		;
	wait = svk_throttle_delay_ms(&t, T0, 10);
	/* One token at 10 a second: 100 ms, give or take the rounding up. */
	ck_assert_int_ge(wait, 1);
	ck_assert_int_le(wait, 101);
	ck_assert(!svk_throttle_take(&t, T0 + wait - 2, 10, 1e9, 1));
	ck_assert_int_eq(svk_throttle_delay_ms(&t, T0 + wait - 2, 10) > 0, 1);
	ck_assert(svk_throttle_take(&t, T0 + wait, 10, 1e9, 1));
}
END_TEST

START_TEST(test_an_asker_that_keeps_its_pace_is_never_throttled)
{
	/* The responder allows 50 a second; the asker paces itself at 90 %
	 * of that and sends whenever its own bucket lets it, for a minute.
	 * Each request arrives up to 3 ms late and early in turn. */
	svk_throttle mine = {0}, theirs = {0};
	int64_t now = T0;
	int sent = 0;

	while (now < T0 + 60 * 1000) {
		now += svk_throttle_delay_ms(&mine, now, 45);
		ck_assert(svk_throttle_take(&mine, now, 45, 1e12, 0));
		ck_assert(svk_throttle_take(&theirs, now + (sent % 2 ? 3 : 0), 50,
		    1e12, 0));
		sent++;
	}
	/* And it used most of what it is allowed. */
	ck_assert_int_ge(sent, 45 * 60);
	ck_assert_uint_eq(svk_throttle_dropped(&theirs), 0);
}
END_TEST

START_TEST(test_an_emptied_bucket_lets_its_rate_through_and_no_burst)
{
	svk_throttle t = {0};
	int passed = 0;

	ck_assert(svk_throttle_take(&t, T0, 10, 1e9, 1)); /* full: 19 left */
	svk_throttle_empty(&t, T0);
	ck_assert(!svk_throttle_take(&t, T0, 10, 1e9, 1));
	for (int ms = 1; ms <= 1000; ms++)
		passed += svk_throttle_take(&t, T0 + ms, 10, 1e9, 1);
	ck_assert_int_eq(passed, 10);
}
END_TEST

Suite *
daemon_throttle_suite(void)
{
	Suite *s = suite_create("daemon_throttle");
	TCase *tc = tcase_create("buckets");

	tcase_add_test(tc, test_a_fresh_bucket_lets_a_burst_of_twice_the_rate_through);
	tcase_add_test(tc, test_an_empty_bucket_refills_at_the_rate);
	tcase_add_test(tc, test_a_long_pause_refills_no_more_than_the_burst);
	tcase_add_test(tc, test_bytes_are_limited_apart_from_messages);
	tcase_add_test(tc, test_a_clock_going_back_takes_nothing_from_the_bucket);
	tcase_add_test(tc, test_a_warning_is_due_at_most_every_ten_seconds);
	tcase_add_test(tc, test_a_fresh_bucket_lets_the_next_message_through_at_once);
	tcase_add_test(tc, test_an_empty_bucket_tells_when_the_next_message_goes);
	tcase_add_test(tc, test_an_asker_that_keeps_its_pace_is_never_throttled);
	tcase_add_test(tc, test_an_emptied_bucket_lets_its_rate_through_and_no_burst);
	suite_add_tcase(s, tc);
	return s;
}
