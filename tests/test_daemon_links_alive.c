/*
 * test_daemon_links_alive.c: node/daemon/links_alive.c: when a link's
 * socket counts as dead (up but silent past the deadline) and when one that
 * stays down is dialled anew, on a clock the tests pass in.
 */
#include "links_alive.h"

#include <check.h>

#define DEADLINE 6000 /* three heartbeats of 2 s */

START_TEST(test_a_subscription_that_hears_heartbeats_stays_alive)
{
	svk_links_alive a;

	svk_links_alive_init(&a, DEADLINE, true, 1000);
	svk_links_alive_set_up(&a, true, 1100);
	for (int64_t t = 1100; t < 60000; t += 2000) {
		svk_links_alive_heard(&a, t);
		ck_assert_int_eq(svk_links_alive_check(&a, t + 1999),
		    SVK_LINKS_ALIVE_OK);
	}
}
END_TEST

START_TEST(test_a_silent_subscription_is_dead_at_the_deadline)
{
	svk_links_alive a;

	svk_links_alive_init(&a, DEADLINE, true, 0);
	svk_links_alive_set_up(&a, true, 100);
	svk_links_alive_heard(&a, 2000);
	ck_assert_int_eq(svk_links_alive_check(&a, 7999), SVK_LINKS_ALIVE_OK);
	ck_assert_int_eq(svk_links_alive_silent_ms(&a, 7999), 5999);
	ck_assert_int_eq(svk_links_alive_check(&a, 8000), SVK_LINKS_ALIVE_DEAD);
	/* Dead counts as down from then on, and says so once. */
	ck_assert(!a.up);
	ck_assert_int_eq(svk_links_alive_silent_ms(&a, 8000), 0);
	ck_assert_int_eq(svk_links_alive_check(&a, 8001), SVK_LINKS_ALIVE_OK);
}
END_TEST

START_TEST(test_a_subscription_that_never_heard_anything_dies_too)
{
	svk_links_alive a;

	/* A publisher that lost us: the pipe came up, nothing ever came. */
	svk_links_alive_init(&a, DEADLINE, true, 0);
	svk_links_alive_set_up(&a, true, 500);
	ck_assert_int_eq(svk_links_alive_check(&a, 6499), SVK_LINKS_ALIVE_OK);
	ck_assert_int_eq(svk_links_alive_check(&a, 6500), SVK_LINKS_ALIVE_DEAD);
}
END_TEST

START_TEST(test_silence_counts_from_the_pipe_coming_up_not_from_before)
{
	svk_links_alive a;

	/* Heard long ago on an earlier pipe: the new one gets its deadline. */
	svk_links_alive_init(&a, DEADLINE, true, 0);
	svk_links_alive_set_up(&a, true, 0);
	svk_links_alive_heard(&a, 1000);
	svk_links_alive_set_up(&a, false, 2000);
	svk_links_alive_set_up(&a, true, 20000);
	ck_assert_int_eq(svk_links_alive_check(&a, 25999), SVK_LINKS_ALIVE_OK);
	ck_assert_int_eq(svk_links_alive_check(&a, 26000), SVK_LINKS_ALIVE_DEAD);
}
END_TEST

START_TEST(test_a_request_socket_is_not_dead_for_being_quiet)
{
	svk_links_alive a;

	/* Catch-up speaks only when asked: quiet is not dead. */
	svk_links_alive_init(&a, DEADLINE, false, 0);
	svk_links_alive_set_up(&a, true, 0);
	ck_assert_int_eq(svk_links_alive_check(&a, 3600000), SVK_LINKS_ALIVE_OK);
}
END_TEST

START_TEST(test_a_socket_that_stays_down_is_redialled_each_deadline)
{
	svk_links_alive a;

	svk_links_alive_init(&a, DEADLINE, false, 0);
	ck_assert_int_eq(svk_links_alive_check(&a, 5999), SVK_LINKS_ALIVE_OK);
	ck_assert_int_eq(svk_links_alive_check(&a, 6000), SVK_LINKS_ALIVE_REDIAL);
	/* Not again at once: the new dialer gets its own deadline. */
	ck_assert_int_eq(svk_links_alive_check(&a, 6001), SVK_LINKS_ALIVE_OK);
	ck_assert_int_eq(svk_links_alive_check(&a, 12000), SVK_LINKS_ALIVE_REDIAL);
}
END_TEST

START_TEST(test_a_socket_that_went_down_gets_time_to_redial_itself)
{
	svk_links_alive a;

	/* nng redials within 5 s; we step in only after the deadline. */
	svk_links_alive_init(&a, DEADLINE, true, 0);
	svk_links_alive_set_up(&a, true, 0);
	svk_links_alive_heard(&a, 1000);
	svk_links_alive_set_up(&a, false, 10000);
	ck_assert_int_eq(svk_links_alive_check(&a, 15999), SVK_LINKS_ALIVE_OK);
	svk_links_alive_set_up(&a, true, 15000);
	ck_assert_int_eq(svk_links_alive_check(&a, 16000), SVK_LINKS_ALIVE_OK);
	svk_links_alive_set_up(&a, false, 17000);
	ck_assert_int_eq(svk_links_alive_check(&a, 22999), SVK_LINKS_ALIVE_OK);
	ck_assert_int_eq(svk_links_alive_check(&a, 23000), SVK_LINKS_ALIVE_REDIAL);
}
END_TEST

START_TEST(test_a_repeated_pipe_event_does_not_restart_the_clock)
{
	svk_links_alive a;

	svk_links_alive_init(&a, DEADLINE, true, 0);
	svk_links_alive_set_up(&a, true, 0);
	svk_links_alive_set_up(&a, true, 5000); /* a second pipe, say */
	ck_assert_int_eq(svk_links_alive_check(&a, 6000), SVK_LINKS_ALIVE_DEAD);
}
END_TEST

Suite *
daemon_links_alive_suite(void)
{
	Suite *s = suite_create("daemon_links_alive");
	TCase *tc = tcase_create("deadline");

	tcase_add_test(tc, test_a_subscription_that_hears_heartbeats_stays_alive);
	tcase_add_test(tc, test_a_silent_subscription_is_dead_at_the_deadline);
	tcase_add_test(tc, test_a_subscription_that_never_heard_anything_dies_too);
	tcase_add_test(tc, test_silence_counts_from_the_pipe_coming_up_not_from_before);
	tcase_add_test(tc, test_a_request_socket_is_not_dead_for_being_quiet);
	tcase_add_test(tc, test_a_socket_that_stays_down_is_redialled_each_deadline);
	tcase_add_test(tc, test_a_socket_that_went_down_gets_time_to_redial_itself);
	tcase_add_test(tc, test_a_repeated_pipe_event_does_not_restart_the_clock);
	suite_add_tcase(s, tc);
	return s;
}
