/*
 * test_hold.c: store/hold.c: a node behind its own log does not author.
 *
 * The federation of fixture.h: a coordinates, b and c are members. b2 is a
 * second, empty store with b's key (b re-created, or restored from an old
 * copy): it holds a's roster and nothing of its own.
 */
#include "hold.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "beat.h"
#include "clock.h"
#include "fixture.h"
#include "ingest.h"
#include "log.h"
#include "store_backup.h"
#include "store_meta.h"

#define PK(id) svk_crypto_identity_public(id)

static fx_fed f;
static svk_store *b2;

static void
name_node(svk_store *st, const svk_identity *me)
{
	ck_assert_int_eq(svk_store_meta_set_blob(st, "node_key", PK(me), SVK_KEY_LEN),
	    0);
}

static void
setup(void)
{
	fx_fed_init(&f, "hold");
	name_node(f.sb, f.b);
	b2 = fx_store(f.dir, "b2.db");
	ck_assert_int_eq(svk_store_meta_set_blob(b2, "federation", PK(f.a), SVK_KEY_LEN),
	    0);
	name_node(b2, f.b);
	fx_ingest_all(b2, f.sa, PK(f.a));
}

static void
teardown(void)
{
	svk_store_close(b2);
	b2 = NULL;
	fx_fed_fini(&f);
}

static svk_hold_reason
reason(svk_store *st)
{
	svk_hold h;

	ck_assert_int_eq(svk_hold_get(st, &h), 0);
	return h.reason;
}

static int
append(svk_store *st, const svk_identity *me, const char *id)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;

	fx_practice(&p, id, "A practice");
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	return svk_log_append(st, me, &body, NULL, NULL);
}

/* beat_from has who's heartbeat, naming b's head at seq (with the hash of
 * the entry st holds there, or other bytes when wrong), kept in st. */
static void
beat_from(svk_store *st, const svk_identity *who, uint64_t seq, bool wrong)
{
	Samverk__Heartbeat hb = SAMVERK__HEARTBEAT__INIT;
	Samverk__Head head = SAMVERK__HEAD__INIT, *heads[] = {&head};
	uint8_t hash[SVK_HASH_LEN] = {0}, *env = NULL;
	svk_beat *b = NULL;
	bool fresh;
	size_t len;
	static int64_t clock = 0;

	if (svk_log_id_at(st, PK(f.b), seq, hash) != 0 || wrong)
		memset(hash, 0x5a, sizeof(hash));
	head.origin.data = (uint8_t *)PK(f.b);
	head.origin.len = SVK_KEY_LEN;
	head.seq = seq;
	head.hash.data = hash;
	head.hash.len = SVK_HASH_LEN;
	hb.federation.data = (uint8_t *)PK(f.a);
	hb.federation.len = SVK_KEY_LEN;
	hb.node.data = (uint8_t *)PK(who);
	hb.node.len = SVK_KEY_LEN;
	hb.time_ms = svk_clock_now_ms() + clock++; /* each newer than the last */
	hb.heads = heads;
	hb.n_heads = 1;
	ck_assert_int_eq(svk_beat_seal(who, &hb, &env, &len), 0);
	ck_assert_int_eq(svk_beat_open(env, len, &b), 0);
	ck_assert_int_eq(svk_beat_ingest(st, b, &fresh), 0);
	ck_assert(fresh);
	svk_beat_free(b);
	free(env);
}

static svk_hold_reason
review(svk_store *st)
{
	svk_hold h;
	bool changed;

	ck_assert_int_eq(svk_hold_review(st, &h, &changed), 0);
	return h.reason;
}

START_TEST(test_a_held_store_refuses_to_append_and_writes_nothing)
{
	uint64_t all = 0, own = 0;

	ck_assert_int_eq(append(f.sb, f.b, "one"), 0);
	ck_assert_int_eq(svk_hold_note(f.sb, SVK_HOLD_RESTORED, 0, 0, NULL), 0);
	ck_assert_int_eq(append(f.sb, f.b, "two"), SVK_EHELD);
	ck_assert_int_eq(svk_log_count(f.sb, PK(f.b), &all, &own), 0);
	ck_assert_uint_eq(own, 1);
	/* Also inside a caller's transaction: the check is in the append. */
	ck_assert_int_eq(svk_store_begin(f.sb), 0);
	ck_assert_int_eq(append(f.sb, f.b, "two"), SVK_EHELD);
	svk_store_rollback(f.sb);
}
END_TEST

START_TEST(test_a_hold_only_grows)
{
	svk_hold h;
	bool grew;

	ck_assert_int_eq(svk_hold_note(f.sb, SVK_HOLD_BEHIND, 5, 0, &grew), 0);
	ck_assert(grew);
	ck_assert_int_eq(svk_hold_note(f.sb, SVK_HOLD_RESTORED, 3, 0, &grew), 0);
	ck_assert(!grew);
	ck_assert_int_eq(svk_hold_get(f.sb, &h), 0);
	ck_assert_int_eq(h.reason, SVK_HOLD_BEHIND);
	ck_assert_uint_eq(h.shown, 5);
	ck_assert_int_eq(svk_hold_note(f.sb, SVK_HOLD_FORK, 0, 2, &grew), 0);
	ck_assert(grew);
	ck_assert_int_eq(svk_hold_get(f.sb, &h), 0);
	ck_assert_int_eq(h.reason, SVK_HOLD_FORK);
	ck_assert_uint_eq(h.seq, 2);
	ck_assert_uint_eq(h.shown, 5);
}
END_TEST

START_TEST(test_a_backup_copy_starts_held_and_the_original_does_not)
{
	char path[256];
	svk_store *copy;

	ck_assert_int_eq(append(f.sb, f.b, "one"), 0);
	fx_path(path, f.dir, "b.bak");
	ck_assert_int_eq(svk_store_backup(f.sb, path), 0);
	ck_assert_int_eq(svk_hold_mark(path), 0);
	ck_assert_int_eq(svk_store_open(&copy, path, 0), 0);
	ck_assert_int_eq(reason(copy), SVK_HOLD_RESTORED);
	ck_assert_int_eq(append(copy, f.b, "two"), SVK_EHELD);
	svk_store_close(copy);
	ck_assert_int_eq(reason(f.sb), SVK_HOLD_NONE);
	ck_assert_int_eq(append(f.sb, f.b, "two"), 0);
}
END_TEST

START_TEST(test_my_own_entries_from_a_partner_hold_me_until_a_partner_agrees)
{
	svk_hold h;

	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(append(f.sb, f.b, i == 0 ? "one" : "more"), 0);
	/* The entries of my own origin that I lack are taken, and hold me. */
	fx_ingest_all(b2, f.sb, PK(f.b));
	ck_assert_int_eq(svk_hold_get(b2, &h), 0);
	ck_assert_int_eq(h.reason, SVK_HOLD_BEHIND);
	ck_assert_uint_eq(h.shown, 3);
	ck_assert_uint_eq(h.have, 3);
	/* No partner heard from since: still held. */
	ck_assert_int_eq(review(b2), SVK_HOLD_BEHIND);
	ck_assert_int_eq(append(b2, f.b, "four"), SVK_EHELD);
	/* c shows my head at 3, the same entry: the true head is mine. */
	beat_from(b2, f.c, 3, false);
	ck_assert_int_eq(review(b2), SVK_HOLD_NONE);
	ck_assert_int_eq(append(b2, f.b, "four"), 0);
}
END_TEST

START_TEST(test_a_partner_showing_more_of_my_log_holds_me)
{
	ck_assert_int_eq(append(f.sb, f.b, "one"), 0);
	beat_from(f.sb, f.c, 4, false);
	ck_assert_int_eq(review(f.sb), SVK_HOLD_BEHIND);
	ck_assert_int_eq(append(f.sb, f.b, "two"), SVK_EHELD);
}
END_TEST

START_TEST(test_a_partner_naming_another_entry_at_my_seq_holds_me)
{
	ck_assert_int_eq(append(f.sb, f.b, "one"), 0);
	beat_from(f.sb, f.c, 1, true);
	ck_assert_int_eq(review(f.sb), SVK_HOLD_DIFFERS);
	/* Said right again: the hold lifts, a claim alone proves nothing. */
	beat_from(f.sb, f.c, 1, false);
	ck_assert_int_eq(review(f.sb), SVK_HOLD_NONE);
}
END_TEST

START_TEST(test_a_fork_of_my_own_log_holds_me_for_good)
{
	svk_hold h;

	ck_assert_int_eq(append(b2, f.b, "mine"), 0); /* b2's own seq 1 */
	ck_assert_int_eq(svk_hold_get(b2, &h), 0);
	ck_assert_int_eq(h.reason, SVK_HOLD_NONE);
	ck_assert_int_eq(append(f.sb, f.b, "theirs"), 0); /* b's other seq 1 */
	ck_assert_int_eq(fx_ingest(b2, f.sb, PK(f.b), 1, NULL), SVK_EFORK);
	ck_assert_int_eq(svk_hold_get(b2, &h), 0);
	ck_assert_int_eq(h.reason, SVK_HOLD_FORK);
	ck_assert_uint_eq(h.seq, 1);
	beat_from(b2, f.c, 1, false);
	ck_assert_int_eq(review(b2), SVK_HOLD_FORK);
	ck_assert_int_eq(append(b2, f.b, "again"), SVK_EHELD);
}
END_TEST

START_TEST(test_a_node_no_partner_knows_is_freed_by_the_first_heartbeat)
{
	ck_assert_int_eq(svk_hold_note(f.sb, SVK_HOLD_RESTORED, 0, 0, NULL), 0);
	ck_assert_int_eq(review(f.sb), SVK_HOLD_RESTORED);
	beat_from(f.sb, f.c, 0, false);
	ck_assert_int_eq(review(f.sb), SVK_HOLD_NONE);
}
END_TEST

Suite *
hold_suite(void)
{
	Suite *s = suite_create("hold");
	TCase *tc = tcase_create("hold");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_a_held_store_refuses_to_append_and_writes_nothing);
	tcase_add_test(tc, test_a_hold_only_grows);
	tcase_add_test(tc, test_a_backup_copy_starts_held_and_the_original_does_not);
	tcase_add_test(tc,
	    test_my_own_entries_from_a_partner_hold_me_until_a_partner_agrees);
	tcase_add_test(tc, test_a_partner_showing_more_of_my_log_holds_me);
	tcase_add_test(tc, test_a_partner_naming_another_entry_at_my_seq_holds_me);
	tcase_add_test(tc, test_a_fork_of_my_own_log_holds_me_for_good);
	tcase_add_test(tc,
	    test_a_node_no_partner_knows_is_freed_by_the_first_heartbeat);
	suite_add_tcase(s, tc);
	return s;
}
