/*
 * test_leave.c: store/leave.c: leaving the federation a node joined. What
 * came from the federation goes (the roster, the others' entries and what
 * was made of them); the node's own entries and its registry stay, and it
 * can join again.
 */
#include "leave.h"

#include <check.h>
#include <string.h>

#include "fixture.h"
#include "log.h"
#include "registry.h"
#include "view.h"

#define PK(id) svk_crypto_identity_public(id)

static fx_fed fed;

static void
setup(void)
{
	fx_fed_init(&fed, "leave");
}

static void
teardown(void)
{
	fx_fed_fini(&fed);
}

static int
count_member(void *arg, const svk_member *m)
{
	(void)m;
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_leaving_forgets_the_federation_and_keeps_own_entries)
{
	uint8_t key[SVK_KEY_LEN];
	uint64_t seq_c, dropped = 0;
	int64_t held;
	int members = 0;

	fx_append_practice(fed.sb, fed.b, "own-practice", "B's own");
	seq_c = fx_append_practice(fed.sc, fed.c, "c-practice", "C's");
	fx_ingest_all(fed.sb, fed.sc, PK(fed.c));
	fx_exec(fed.sb, "INSERT INTO meta VALUES ('bootstrap_peer', 'tcp://x:1')");
	fx_exec(fed.sb, "INSERT INTO volunteers VALUES ('v1', 'Anna', NULL, '', '', "
			"'', '', 0, '2026-01-01', 1, 0, 0)");
	ck_assert_uint_gt(seq_c, 0);
	ck_assert_int_gt(fx_count(fed.sb, "SELECT count(*) FROM members"), 0);
	held = fx_count(fed.sb, "SELECT count(*) FROM log");
	ck_assert_int_ge(held, 3);

	ck_assert_int_eq(svk_leave_federation(fed.sb, PK(fed.b), &dropped), 0);
	/* The roster (a's) and c's practice went. */
	ck_assert_uint_eq(dropped, (uint64_t)held - 1);
	ck_assert_int_eq(svk_log_federation(fed.sb, key), SVK_ENOTFOUND);
	ck_assert_int_eq(svk_view_members(fed.sb, count_member, &members), 0);
	ck_assert_int_eq(members, 0);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log"), 1);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM entities"), 1);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM search"), 1);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM heads"), 1);
	ck_assert_int_eq(fx_count(fed.sb,
			     "SELECT count(*) FROM meta WHERE key = 'bootstrap_peer'"),
	    0);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM volunteers"), 1);
	/* Joining again works, and names the new federation. */
	ck_assert_int_eq(svk_log_join(fed.sb, fed.b, PK(fed.c)), 0);
	ck_assert_int_eq(svk_log_federation(fed.sb, key), 0);
	ck_assert_mem_eq(key, PK(fed.c), SVK_KEY_LEN);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log"), 1);
}
END_TEST

START_TEST(test_a_node_that_left_has_nothing_to_leave)
{
	uint64_t dropped = 7;

	ck_assert_int_eq(svk_leave_federation(fed.sx, PK(fed.x), &dropped), 0);
	ck_assert_int_eq(svk_leave_federation(fed.sx, PK(fed.x), &dropped),
	    SVK_ENOTFOUND);
	ck_assert_uint_eq(dropped, 0);
}
END_TEST

Suite *
leave_suite(void)
{
	Suite *s = suite_create("leave");
	TCase *tc = tcase_create("leave");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_leaving_forgets_the_federation_and_keeps_own_entries);
	tcase_add_test(tc, test_a_node_that_left_has_nothing_to_leave);
	suite_add_tcase(s, tc);
	return s;
}
