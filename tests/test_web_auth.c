/*
 * test_web_auth.c: node/web/web_auth.c, the rate limit of logins, on a
 * test clock: ten wrong passwords, then waits that double; per address and
 * per name; a right password clears; counts forgotten; bounded; the
 * failed-login log lines limited.
 */
#include <check.h>
#include <stdio.h>

#include "web_auth.h"

#define S 1000LL

START_TEST(test_ten_wrong_passwords_are_free_and_the_eleventh_waits)
{
	svk_web_auth *a;
	int64_t t = 1000 * S;

	ck_assert_int_eq(svk_web_auth_alloc(&a, 64), 0);
	for (int i = 0; i < SVK_WEB_AUTH_FREE_TRIES; i++) {
		ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.1", "alice", t), 0);
		svk_web_auth_failed(a, "10.0.0.1", "alice", t);
		t += S;
	}
	t -= S;
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.1", "alice", t),
	    SVK_WEB_AUTH_WAIT_S);
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.1", "alice", t + 10 * S),
	    SVK_WEB_AUTH_WAIT_S - 10);
	/* the wait is over: one more try, wrong again: twice as long */
	t += SVK_WEB_AUTH_WAIT_S * S;
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.1", "alice", t), 0);
	svk_web_auth_failed(a, "10.0.0.1", "alice", t);
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.1", "alice", t),
	    2 * SVK_WEB_AUTH_WAIT_S);
	/* and never more than the longest */
	for (int i = 0; i < 20; i++)
		svk_web_auth_failed(a, "10.0.0.1", "alice", t);
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.1", "alice", t),
	    SVK_WEB_AUTH_WAIT_MAX_S);
	svk_web_auth_free(a);
}
END_TEST

START_TEST(test_the_count_is_per_address_and_per_name)
{
	svk_web_auth *a;
	char addr[32];

	ck_assert_int_eq(svk_web_auth_alloc(&a, 64), 0);
	/* one address trying many names */
	for (int i = 0; i < 10; i++) {
		char name[16];
		snprintf(name, sizeof(name), "user%d", i);
		svk_web_auth_failed(a, "10.0.0.1", name, 0);
	}
	ck_assert_uint_gt(svk_web_auth_wait(a, "10.0.0.1", "someone", 0), 0);
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.2", "someone", 0), 0);
	/* many addresses trying one name */
	for (int i = 0; i < 10; i++) {
		snprintf(addr, sizeof(addr), "10.0.1.%d", i);
		svk_web_auth_failed(a, addr, "bob", 0);
	}
	ck_assert_uint_gt(svk_web_auth_wait(a, "10.0.2.1", "bob", 0), 0);
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.2.1", "carol", 0), 0);
	svk_web_auth_free(a);
}
END_TEST

START_TEST(test_a_right_password_clears_and_an_hour_forgets)
{
	svk_web_auth *a;

	ck_assert_int_eq(svk_web_auth_alloc(&a, 64), 0);
	for (int i = 0; i < 9; i++)
		svk_web_auth_failed(a, "10.0.0.1", "alice", 0);
	svk_web_auth_succeeded(a, "10.0.0.1", "alice");
	svk_web_auth_failed(a, "10.0.0.1", "alice", 0);
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.1", "alice", 0), 0);
	for (int i = 0; i < 10; i++)
		svk_web_auth_failed(a, "10.0.0.3", "dave", 0);
	ck_assert_uint_gt(svk_web_auth_wait(a, "10.0.0.3", "dave", 1), 0);
	svk_web_auth_failed(a, "10.0.0.3", "dave",
	    (SVK_WEB_AUTH_FORGET_S + 1) * S); /* counts from 1 again */
	ck_assert_uint_eq(svk_web_auth_wait(a, "10.0.0.3", "dave",
			      (SVK_WEB_AUTH_FORGET_S + 1) * S),
	    0);
	svk_web_auth_free(a);
}
END_TEST

START_TEST(test_the_table_is_bounded_and_keeps_the_recent)
{
	svk_web_auth *a;
	char name[16];

	ck_assert_int_eq(svk_web_auth_alloc(&a, 8), 0);
	for (int i = 0; i < 10; i++)
		svk_web_auth_failed(a, "10.0.0.9", "eve", 100 * S);
	/* a flood of other names from other addresses */
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		svk_web_auth_failed(a, "10.9.9.9", name, 100 * S);
	}
	/* eve's counts may go, but nothing breaks and nothing grows */
	(void)svk_web_auth_wait(a, "10.0.0.9", "eve", 100 * S);
	ck_assert_uint_gt(svk_web_auth_wait(a, "10.9.9.9", "x", 100 * S), 0);
	svk_web_auth_free(a);
}
END_TEST

START_TEST(test_failed_logins_are_logged_ten_a_minute_and_the_rest_counted)
{
	svk_web_auth *a;
	unsigned suppressed, logged = 0;

	ck_assert_int_eq(svk_web_auth_alloc(&a, 8), 0);
	for (int i = 0; i < 25; i++) {
		if (svk_web_auth_log_ok(a, 1000 * S + i, &suppressed))
			logged++;
		ck_assert_uint_eq(suppressed, 0);
	}
	ck_assert_uint_eq(logged, SVK_WEB_AUTH_LOG_PER_MIN);
	ck_assert(svk_web_auth_log_ok(a, 1061 * S, &suppressed));
	ck_assert_uint_eq(suppressed, 25 - SVK_WEB_AUTH_LOG_PER_MIN);
	svk_web_auth_free(a);
}
END_TEST

Suite *
web_auth_suite(void)
{
	Suite *s = suite_create("web_auth");
	TCase *tc = tcase_create("web_auth");

	tcase_add_test(tc, test_ten_wrong_passwords_are_free_and_the_eleventh_waits);
	tcase_add_test(tc, test_the_count_is_per_address_and_per_name);
	tcase_add_test(tc, test_a_right_password_clears_and_an_hour_forgets);
	tcase_add_test(tc, test_the_table_is_bounded_and_keeps_the_recent);
	tcase_add_test(tc,
	    test_failed_logins_are_logged_ten_a_minute_and_the_rest_counted);
	suite_add_tcase(s, tc);
	return s;
}
