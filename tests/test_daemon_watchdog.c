/*
 * test_daemon_watchdog.c: node/daemon/watchdog.c, deadlines for the loop
 * and for a stop, so that a daemon wedged in the network library ends
 * instead of hanging for good.
 */
#include <check.h>
#include <stdatomic.h>
#include <unistd.h>

#include "watchdog.h"

START_TEST(test_a_loop_that_shows_life_is_fine_and_one_that_does_not_stalls)
{
	svk_watchdog w = {.alive_ms = 1000, .stall_ms = 300000, .grace_ms = 15000};

	ck_assert_int_eq(svk_watchdog_verdict_at(&w, 1000 + 299999), SVK_WATCHDOG_FINE);
	ck_assert_int_eq(svk_watchdog_verdict_at(&w, 1000 + 300000),
	    SVK_WATCHDOG_STALLED);
}
END_TEST

START_TEST(test_a_stop_has_its_own_deadline_and_a_slow_loop_meanwhile_is_no_stall)
{
	svk_watchdog w = {
	    .alive_ms = 1000, .stop_ms = 5000, .stall_ms = 3000, .grace_ms = 15000};

	/* the loop may be silent while it stops: only the grace counts */
	ck_assert_int_eq(svk_watchdog_verdict_at(&w, 5000 + 14999), SVK_WATCHDOG_FINE);
	ck_assert_int_eq(svk_watchdog_verdict_at(&w, 5000 + 15000), SVK_WATCHDOG_STUCK);
}
END_TEST

static atomic_int seen;

static void
record(void *arg, svk_watchdog_verdict verdict)
{
	(void)arg;
	atomic_store(&seen, (int)verdict + 1);
}

START_TEST(test_a_stop_that_does_not_end_is_cut_short_once)
{
	svk_watchdog w;

	atomic_store(&seen, 0);
	ck_assert_int_eq(svk_watchdog_start(&w, 60000, 200, record, NULL), 0);
	svk_watchdog_stopping(&w);
	for (int i = 0; i < 200 && atomic_load(&seen) == 0; i++)
		usleep(10000);
	ck_assert_int_eq(atomic_load(&seen), SVK_WATCHDOG_STUCK + 1);
	svk_watchdog_end(&w);
}
END_TEST

START_TEST(test_a_loop_that_stops_showing_life_is_found_and_a_live_one_is_not)
{
	svk_watchdog w;

	atomic_store(&seen, 0);
	ck_assert_int_eq(svk_watchdog_start(&w, 400, 60000, record, NULL), 0);
	/* alive every 50 ms for 0.8 s: never judged stalled */
	for (int i = 0; i < 16; i++) {
		svk_watchdog_alive(&w);
		usleep(50000);
	}
	ck_assert_int_eq(atomic_load(&seen), 0);
	for (int i = 0; i < 200 && atomic_load(&seen) == 0; i++)
		usleep(10000);
	ck_assert_int_eq(atomic_load(&seen), SVK_WATCHDOG_STALLED + 1);
	svk_watchdog_end(&w);
}
END_TEST

START_TEST(test_a_watchdog_ended_in_time_never_fires)
{
	svk_watchdog w;

	atomic_store(&seen, 0);
	ck_assert_int_eq(svk_watchdog_start(&w, 60000, 60000, record, NULL), 0);
	svk_watchdog_stopping(&w);
	svk_watchdog_end(&w);
	ck_assert_int_eq(atomic_load(&seen), 0);
	/* ending one that never started does nothing */
	svk_watchdog_end(&w);
}
END_TEST

Suite *
daemon_watchdog_suite(void)
{
	Suite *s = suite_create("daemon_watchdog");
	TCase *tc = tcase_create("watchdog");

	tcase_add_test(tc,
	    test_a_loop_that_shows_life_is_fine_and_one_that_does_not_stalls);
	tcase_add_test(tc,
	    test_a_stop_has_its_own_deadline_and_a_slow_loop_meanwhile_is_no_stall);
	tcase_add_test(tc, test_a_stop_that_does_not_end_is_cut_short_once);
	tcase_add_test(tc,
	    test_a_loop_that_stops_showing_life_is_found_and_a_live_one_is_not);
	tcase_add_test(tc, test_a_watchdog_ended_in_time_never_fires);
	suite_add_tcase(s, tc);
	return s;
}
