/*
 * test_beat.c: store/beat.c, which heartbeats are kept: the newest per
 * member, a current one after a clock that ran ahead was put right, none
 * dated far ahead, none after the roster expired, none with text that is
 * not UTF-8.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "beat.h"
#include "fixture.h"

#define DAY_MS (24LL * 3600 * 1000)

static fx_fed fed;

static void
setup(void)
{
	fx_fed_init(&fed, "beat");
}

static void
teardown(void)
{
	fx_fed_fini(&fed);
}

/* Signs a heartbeat of c dated time_ms, named name, and offers it to b's
 * store: the result of svk_beat_open, else of svk_beat_ingest. */
static int
offer(int64_t time_ms, const char *name, bool *fresh)
{
	uint8_t *env;
	svk_beat *b = NULL;
	size_t len;
	int err;

	*fresh = false;
	fx_beat(fed.sb, fed.c, time_ms, name, &env, &len);
	if ((err = svk_beat_open(env, len, &b)) == 0)
		err = svk_beat_ingest(fed.sb, b, fresh);
	svk_beat_free(b);
	free(env);
	return err;
}

START_TEST(test_a_newer_heartbeat_replaces_and_an_older_one_does_not)
{
	int64_t now = svk_clock_now_ms();
	bool fresh;

	ck_assert_int_eq(offer(now - 1000, "C", &fresh), 0);
	ck_assert(fresh);
	ck_assert_int_eq(offer(now - 500, "C", &fresh), 0);
	ck_assert(fresh);
	/* an old one replayed changes nothing */
	ck_assert_int_eq(offer(now - 900, "C", &fresh), 0);
	ck_assert(!fresh);
}
END_TEST

START_TEST(test_a_heartbeat_dated_more_than_a_day_ahead_is_refused)
{
	bool fresh;

	ck_assert_int_eq(offer(svk_clock_now_ms() + 30 * DAY_MS, "C", &fresh),
	    SVK_EFUTURE);
	ck_assert(!fresh);
}
END_TEST

START_TEST(test_a_clock_put_right_is_believed_at_its_next_heartbeat)
{
	int64_t now = svk_clock_now_ms();
	bool fresh;

	/* c's clock ran 20 hours ahead: within the day, kept */
	ck_assert_int_eq(offer(now + 20 * 3600 * 1000LL, "C", &fresh), 0);
	ck_assert(fresh);
	/* put right, its next heartbeat is older than the one held, and
	 * current: it replaces it (c is online again at once) */
	ck_assert_int_eq(offer(now + 10, "C", &fresh), 0);
	ck_assert(fresh);
	/* from then on the usual rule: older is ignored */
	ck_assert_int_eq(offer(now - 5000, "C", &fresh), 0);
	ck_assert(!fresh);
}
END_TEST

START_TEST(test_a_heartbeat_after_the_roster_expired_is_refused)
{
	bool fresh;

	fx_exec(fed.sb, "UPDATE meta SET value = '1000' WHERE key = "
			"'roster_expires_ms'");
	ck_assert_int_eq(offer(svk_clock_now_ms(), "C", &fresh), SVK_EEXPIRED);
	ck_assert(!fresh);
}
END_TEST

START_TEST(test_a_heartbeat_whose_name_is_not_utf8_is_malformed)
{
	bool fresh;

	ck_assert_int_eq(offer(svk_clock_now_ms(), "C\xff\xfe", &fresh),
	    SVK_EMALFORMED);
	ck_assert_int_eq(offer(svk_clock_now_ms(), "\xc0\xaf", &fresh), SVK_EMALFORMED);
	ck_assert_int_eq(offer(svk_clock_now_ms(), "Örebro", &fresh), 0);
	ck_assert(fresh);
}
END_TEST

Suite *
beat_suite(void)
{
	Suite *s = suite_create("beat");
	TCase *tc = tcase_create("ingest");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_a_newer_heartbeat_replaces_and_an_older_one_does_not);
	tcase_add_test(tc, test_a_heartbeat_dated_more_than_a_day_ahead_is_refused);
	tcase_add_test(tc, test_a_clock_put_right_is_believed_at_its_next_heartbeat);
	tcase_add_test(tc, test_a_heartbeat_after_the_roster_expired_is_refused);
	tcase_add_test(tc, test_a_heartbeat_whose_name_is_not_utf8_is_malformed);
	suite_add_tcase(s, tc);
	return s;
}
