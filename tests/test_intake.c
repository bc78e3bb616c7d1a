/*
 * test_intake.c: node/daemon/intake.c, what the daemon stores of a
 * partner's entries: none dated far ahead of this node's clock, none while
 * the store cannot be written (a full disk), and writing again once there
 * is room.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "intake.h"
#include "publish.h"

#define DAY_MS (24LL * 3600 * 1000)

static fx_fed fed;
static svk_home home;
static svk_intake ing;
static svk_publish pub; /* never opened: relaying sends nothing */
static int writable_calls;

static void
on_writable(void *arg)
{
	(void)arg;
	writable_calls++;
}

static void
setup(void)
{
	fx_fed_init(&fed, "intake");
	home = (svk_home){
	    .dir = fed.dir, .id = fed.b, .store = fed.sb, .name = "B", .country = "DK"};
	writable_calls = 0;
	svk_intake_init(&ing, &home, &pub, NULL, on_writable, NULL);
}

static void
teardown(void)
{
	svk_intake_fini(&ing);
	fx_fed_fini(&fed);
}

/* c's first entry, a practice dated time_ms, opened as received. */
static svk_entry *
entry_of_c(int64_t time_ms)
{
	Samverk__Body b = SAMVERK__BODY__INIT;
	Samverk__Practice p;
	uint8_t fedkey[SVK_KEY_LEN], *buf;
	svk_entry *e = NULL;
	size_t len;

	ck_assert_int_eq(svk_log_federation(fed.sb, fedkey), 0);
	fx_practice(&p, "legepatruljen", "Legepatruljen");
	b.federation = (ProtobufCBinaryData){SVK_KEY_LEN, fedkey};
	b.origin = (ProtobufCBinaryData){
	    SVK_KEY_LEN, (uint8_t *)svk_crypto_identity_public(fed.c)};
	b.seq = 1;
	b.time_ms = time_ms;
	b.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	b.practice = &p;
	fx_seal(fed.c, SVK_TAG_ENTRY, &b, &buf, &len);
	ck_assert_int_eq(svk_entry_open(buf, len, &e), 0);
	free(buf);
	return e;
}

START_TEST(test_an_entry_dated_a_month_ahead_is_refused_and_counted)
{
	svk_entry *e = entry_of_c(svk_clock_now_ms() + 30 * DAY_MS);
	bool roster = false;
	int64_t before = fx_count(fed.sb, "SELECT count(*) FROM log");

	ck_assert_int_eq(svk_intake_entry(&ing, e, false, &roster), SVK_EFUTURE);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log"), before);
	ck_assert_int_eq(svk_store_flush_rejects(fed.sb), 0);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count FROM rejected WHERE "
					  "reason = 'future'"),
	    1);
	svk_entry_free(e);
}
END_TEST

START_TEST(test_an_entry_dated_now_is_stored)
{
	svk_entry *e = entry_of_c(svk_clock_now_ms());
	bool roster = false;
	int64_t before = fx_count(fed.sb, "SELECT count(*) FROM log");

	ck_assert_int_eq(svk_intake_entry(&ing, e, false, &roster), 0);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log"), before + 1);
	ck_assert_uint_eq(svk_intake_count(&ing), 1);
	svk_entry_free(e);
}
END_TEST

START_TEST(test_nothing_is_stored_while_the_disk_is_full_and_all_is_once_room_returns)
{
	svk_entry *e = entry_of_c(svk_clock_now_ms());
	const char *problem = NULL;
	bool roster = false;
	int64_t before = fx_count(fed.sb, "SELECT count(*) FROM log");

	ck_assert(svk_intake_writable(&ing, &problem));
	ck_assert_ptr_null(problem);
	svk_intake_write_failed(&ing, -ENOSPC);
	ck_assert(!svk_intake_writable(&ing, &problem));
	ck_assert_ptr_nonnull(problem);
	ck_assert_ptr_nonnull(strstr(problem, "full"));
	ck_assert_int_eq(svk_intake_entry(&ing, e, false, &roster), -ENOSPC);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log"), before);
	/* not at once (a big transaction may need more than statvfs shows) */
	svk_intake_tick(&ing, svk_clock_now_ms());
	ck_assert(!svk_intake_writable(&ing, NULL));
	ck_assert_int_eq(writable_calls, 0);
	/* this test's disk has room: writable again a little later */
	svk_intake_tick(&ing, svk_clock_now_ms() + 3000);
	ck_assert(svk_intake_writable(&ing, NULL));
	ck_assert_int_eq(writable_calls, 1);
	ck_assert_int_eq(svk_intake_entry(&ing, e, false, &roster), 0);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log"), before + 1);
	svk_entry_free(e);
}
END_TEST

/* c's heartbeat dated time_ms, signed, as it arrives. */
static void
beat_of_c(int64_t time_ms)
{
	uint8_t *env;
	size_t len;

	fx_beat(fed.sb, fed.c, time_ms, "C", &env, &len);
	svk_intake_beat(&ing, env, len);
	free(env);
}

START_TEST(test_heartbeats_wait_for_the_tick_and_a_duplicate_costs_no_check)
{
	int64_t now = svk_clock_now_ms();
	svk_intake_counts c;

	beat_of_c(now - 2000);
	beat_of_c(now - 1000);
	svk_intake_counters(&ing, &c);
	ck_assert_uint_eq(c.sig_beats, 2);
	ck_assert_uint_eq(c.beats_stored, 0);
	/* Nothing written before the tick: no transaction per heartbeat. */
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM heartbeats"), 0);
	svk_intake_tick(&ing, now);
	svk_intake_counters(&ing, &c);
	ck_assert_uint_eq(c.beat_batches, 1);
	ck_assert_uint_ge(c.beats_stored, 1);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM heartbeats"), 1);
	/* The same heartbeat again, and an older one: duplicates, known by
	 * (node, time) before any signature check. */
	beat_of_c(now - 1000);
	beat_of_c(now - 1500);
	svk_intake_counters(&ing, &c);
	ck_assert_uint_eq(c.dup_beats, 2);
	ck_assert_uint_eq(c.sig_beats, 2);
	svk_intake_tick(&ing, now);
	svk_intake_counters(&ing, &c);
	ck_assert_uint_eq(c.beat_batches, 1); /* nothing waited: no write */
	ck_assert(svk_intake_heard(&ing, svk_crypto_identity_public(fed.c), 3, now));
}
END_TEST

Suite *
intake_suite(void)
{
	Suite *s = suite_create("intake");
	TCase *tc = tcase_create("entries");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_an_entry_dated_a_month_ahead_is_refused_and_counted);
	tcase_add_test(tc, test_an_entry_dated_now_is_stored);
	tcase_add_test(tc,
	    test_heartbeats_wait_for_the_tick_and_a_duplicate_costs_no_check);
	tcase_add_test(tc,
	    test_nothing_is_stored_while_the_disk_is_full_and_all_is_once_room_returns);
	suite_add_tcase(s, tc);
	return s;
}
