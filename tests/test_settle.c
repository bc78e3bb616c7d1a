/*
 * test_settle.c: store/settle.c: a transaction left open on the daemon's
 * connection hides what is written after it, even by a writer that makes
 * its own transaction (svk_ingest_entry joins the open one), from every
 * other process until svk_settle_check ends it; a statement left running is
 * counted and named; a settled connection is left alone.
 */
#include "settle.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>

#include "fixture.h"
#include "ingest.h"
#include "store-int.h"

/* How many entries of origin another connection (another process: the
 * CLI) sees in the store file at path. */
static int64_t
seen_elsewhere(const char *path, const uint8_t *origin)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int64_t n;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM log WHERE origin = ?",
			     -1, &stmt, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	return n;
}

START_TEST(test_an_entry_ingested_into_a_transaction_left_open_is_seen_once_settled)
{
	fx_fed f;
	char path[256];
	const uint8_t *a;
	uint64_t seq;
	svk_settle s;
	bool fresh = false;

	fx_fed_init(&f, "settle");
	a = svk_crypto_identity_public(f.a);
	(void)fx_path(path, f.dir, "b.db");
	seq = fx_append_practice(f.sa, f.a, "p-1", "Practice one");
	ck_assert_int_eq(seen_elsewhere(path, a), 1); /* the roster */
	/* A writer returns with its transaction open; the next entry (from
	 * gossip, say) is ingested into it and stored as far as b knows. */
	ck_assert_int_eq(svk_store_begin(f.sb), 0);
	ck_assert_int_eq(fx_ingest(f.sb, f.sa, a, seq, &fresh), 0);
	ck_assert(fresh);
	ck_assert_int_eq(seen_elsewhere(path, a), 1);
	ck_assert_int_eq(svk_settle_check(f.sb, &s), 0);
	ck_assert(s.open_tx);
	ck_assert_uint_eq(s.running, 0);
	ck_assert_int_eq(seen_elsewhere(path, a), 2);
	/* Settled, it finds nothing the next time. */
	ck_assert_int_eq(svk_settle_check(f.sb, &s), 0);
	ck_assert(!s.open_tx);
	fx_fed_fini(&f);
}
END_TEST

START_TEST(test_a_statement_left_running_is_counted_and_named_not_reset)
{
	fx_fed f;
	sqlite3_stmt *stmt;
	svk_settle s;

	fx_fed_init(&f, "settle");
	ck_assert_int_eq(svk_settle_check(f.sb, &s), 0);
	ck_assert(!s.open_tx);
	ck_assert_uint_eq(s.running, 0);
	ck_assert_ptr_null(s.sample);
	ck_assert_int_eq(svk__store_stmt(f.sb, "SELECT seq FROM log", &stmt), 0);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_int_eq(svk_settle_check(f.sb, &s), 0);
	ck_assert(!s.open_tx);
	ck_assert_uint_eq(s.running, 1);
	ck_assert_str_eq(s.sample, "SELECT seq FROM log");
	ck_assert(sqlite3_stmt_busy(stmt)); /* its owner's to finish */
	svk__store_release(stmt);
	ck_assert_int_eq(svk_settle_check(f.sb, &s), 0);
	ck_assert_uint_eq(s.running, 0);
	fx_fed_fini(&f);
}
END_TEST

Suite *
settle_suite(void)
{
	Suite *s = suite_create("settle");
	TCase *tc = tcase_create("settle");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_test(tc,
	    test_an_entry_ingested_into_a_transaction_left_open_is_seen_once_settled);
	tcase_add_test(tc,
	    test_a_statement_left_running_is_counted_and_named_not_reset);
	suite_add_tcase(s, tc);
	return s;
}
