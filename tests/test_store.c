/*
 * test_store.c: store/store.c: creating and opening the database, WAL mode,
 * the schema version and migrations, refusing files that are not ours or are
 * newer, the settings table, transactions, reject counters, and backups.
 *
 * Every test runs in a fresh folder under /tmp, removed afterwards together
 * with the -wal and -shm files SQLite leaves beside a database.
 */
#include "store.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "store-int.h"
#include "log.h"
#include "stats.h"
#include "store_meta.h"
#include "store_backup.h"

static char dir[64];
static char dbpath[256];

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "store");
	(void)fx_path(dbpath, dir, "samverk.db");
}

static void
teardown(void)
{
	fx_rmdir(dir);
}

/* pragma_text runs a PRAGMA that returns one text value into out. */
static void
pragma_text(sqlite3 *db, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *stmt;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

/* raw_db makes a database at path with sqlite3 alone, running sql. */
static void
raw_db(const char *path, const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open_v2(path, &db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
	    SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "%s",
	    sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}

static void
write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

static bool
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

START_TEST(test_create_makes_a_database_in_wal_mode)
{
	svk_store *st = NULL;
	char mode[16];

	ck_assert(!exists(dbpath));
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_CREATE), 0);
	ck_assert(exists(dbpath));
	pragma_text(svk__store_db(st), "PRAGMA journal_mode", mode, sizeof(mode));
	ck_assert_str_eq(mode, "wal");
	svk_store_close(st);
}
END_TEST

START_TEST(test_new_store_has_the_current_schema_version)
{
	svk_store *st = fx_store(dir, "samverk.db");

	ck_assert_int_eq(fx_count(st, "PRAGMA user_version"), SVK_STORE_SCHEMA);
	svk_store_close(st);
}
END_TEST

START_TEST(test_new_store_has_every_table)
{
	static const char *const tables[] = {"meta", "log", "forks", "heads",
	    "entities", "practices", "needs", "search", "members", "flagged",
	    "rejected", "rejected_origins"};
	svk_store *st = fx_store(dir, "samverk.db");
	char sql[128];

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM sqlite_master WHERE name = '%s'",
		    tables[i]);
		ck_assert_msg(fx_count(st, sql) == 1, "no table %s", tables[i]);
	}
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM log"), 0);
	svk_store_close(st);
}
END_TEST

START_TEST(test_reopening_migrates_nothing_and_keeps_data)
{
	svk_store *st = fx_store(dir, "samverk.db");
	int64_t cookie;
	char *value = NULL;

	ck_assert_int_eq(svk_store_meta_set(st, "name", "Vejle"), 0);
	/* schema_version counts every change to the schema. */
	cookie = fx_count(st, "PRAGMA schema_version");
	svk_store_close(st);

	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(svk_store_open(&st, dbpath, 0), 0);
		ck_assert_int_eq(fx_count(st, "PRAGMA schema_version"), cookie);
		ck_assert_int_eq(fx_count(st, "PRAGMA user_version"), SVK_STORE_SCHEMA);
		ck_assert_int_eq(svk_store_meta_get(st, "name", &value), 0);
		ck_assert_str_eq(value, "Vejle");
		free(value);
		svk_store_close(st);
	}
}
END_TEST

/* Step stmt, expecting one row whose first column is want. */
static void
expect_value(sqlite3_stmt *stmt, int want)
{
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(stmt, 0), want);
	svk__store_release(stmt);
}

/* The statement cache finds a literal by its address and built text by its
 * text, and stays right once more statements than it keeps were asked for
 * (the oldest make room). */
START_TEST(test_the_statement_cache_keeps_giving_the_right_statement)
{
	svk_store *st = fx_store(dir, "samverk.db");
	static const char seven[] = "SELECT 7";
	sqlite3_stmt *first, *again;

	ck_assert_int_eq(svk__store_stmt(st, seven, &first), 0);
	expect_value(first, 7);
	ck_assert_int_eq(svk__store_stmt(st, seven, &again), 0);
	ck_assert_ptr_eq(first, again);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 300; i++) {
			sqlite3_stmt *stmt;
			ck_assert_int_eq(svk__store_stmtf(st,
					     sqlite3_mprintf("SELECT %d", i), &stmt),
			    0);
			expect_value(stmt, i);
		}
	ck_assert_int_eq(svk__store_stmt(st, seven, &again), 0);
	expect_value(again, 7);
	svk_store_close(st);
}
END_TEST

START_TEST(test_meta_text_round_trips_and_is_replaced)
{
	svk_store *st = fx_store(dir, "samverk.db");
	char *value = NULL;

	ck_assert_int_eq(svk_store_meta_set(st, "name", "Skellefteå"), 0);
	ck_assert_int_eq(svk_store_meta_get(st, "name", &value), 0);
	ck_assert_str_eq(value, "Skellefteå");
	free(value);
	ck_assert_int_eq(svk_store_meta_set(st, "name", "Δήμος Καλαμάτας"), 0);
	ck_assert_int_eq(svk_store_meta_get(st, "name", &value), 0);
	ck_assert_str_eq(value, "Δήμος Καλαμάτας");
	free(value);
	ck_assert_int_eq(svk_store_meta_set(st, "empty", ""), 0);
	ck_assert_int_eq(svk_store_meta_get(st, "empty", &value), 0);
	ck_assert_str_eq(value, "");
	free(value);
	svk_store_close(st);
}
END_TEST

START_TEST(test_meta_blob_round_trips)
{
	svk_store *st = fx_store(dir, "samverk.db");
	uint8_t key[SVK_KEY_LEN], got[SVK_KEY_LEN];

	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i == 5 ? 0 : 0xF0 + i); /* a NUL inside */
	ck_assert_int_eq(svk_store_meta_set_blob(st, "federation", key, sizeof(key)),
	    0);
	ck_assert_int_eq(svk_store_meta_get_blob(st, "federation", got, sizeof(got)),
	    0);
	ck_assert_mem_eq(got, key, sizeof(key));
	svk_store_close(st);
}
END_TEST

START_TEST(test_meta_blob_of_wrong_size_is_corrupt)
{
	svk_store *st = fx_store(dir, "samverk.db");
	uint8_t key[SVK_KEY_LEN] = {1, 2, 3}, got[SVK_KEY_LEN + 1];

	ck_assert_int_eq(svk_store_meta_set_blob(st, "federation", key, sizeof(key)),
	    0);
	ck_assert_int_eq(svk_store_meta_get_blob(st, "federation", got, SVK_KEY_LEN + 1),
	    SVK_ECORRUPT);
	ck_assert_int_eq(svk_store_meta_get_blob(st, "federation", got, SVK_KEY_LEN - 1),
	    SVK_ECORRUPT);
	svk_store_close(st);
}
END_TEST

START_TEST(test_meta_missing_key_is_not_found)
{
	svk_store *st = fx_store(dir, "samverk.db");
	uint8_t got[SVK_KEY_LEN];
	char *value = NULL;

	ck_assert_int_eq(svk_store_meta_get(st, "nothing", &value), SVK_ENOTFOUND);
	ck_assert_ptr_null(value);
	ck_assert_int_eq(svk_store_meta_get_blob(st, "nothing", got, sizeof(got)),
	    SVK_ENOTFOUND);
	svk_store_close(st);
}
END_TEST

START_TEST(test_open_rejects_a_file_that_is_not_a_database)
{
	char text[4096];
	svk_store *st = NULL;

	memset(text, 'x', sizeof(text));
	memcpy(text, "# samverk.conf\nname = Vejle\n", 28);
	write_file(dbpath, text, sizeof(text));
	ck_assert_int_eq(svk_store_open(&st, dbpath, 0), SVK_ECORRUPT);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_CREATE), SVK_ECORRUPT);
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_READONLY), SVK_ECORRUPT);
	ck_assert_ptr_null(st);
}
END_TEST

START_TEST(test_open_of_missing_file_without_create_fails_with_enoent)
{
	svk_store *st = NULL;

	ck_assert_int_eq(svk_store_open(&st, dbpath, 0), -ENOENT);
	ck_assert_ptr_null(st);
	ck_assert(!exists(dbpath));
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_READONLY), -ENOENT);
	ck_assert(!exists(dbpath));
}
END_TEST

START_TEST(test_open_refuses_a_database_of_a_newer_schema)
{
	svk_store *st = NULL;
	char sql[128];

	snprintf(sql, sizeof(sql),
	    "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);"
	    "PRAGMA user_version = %d;",
	    SVK_STORE_SCHEMA + 1);
	raw_db(dbpath, sql);
	ck_assert_int_eq(svk_store_open(&st, dbpath, 0), SVK_ESCHEMA);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_CREATE), SVK_ESCHEMA);
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_READONLY), SVK_ESCHEMA);
	ck_assert_ptr_null(st);
}
END_TEST

START_TEST(test_open_refuses_a_foreign_sqlite_database)
{
	svk_store *st = NULL;

	raw_db(dbpath, "CREATE TABLE contacts (name TEXT, phone TEXT);"
		       "INSERT INTO contacts VALUES ('Anna', '+46 70 123');");
	ck_assert_int_eq(svk_store_open(&st, dbpath, 0), SVK_ECORRUPT);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_CREATE), SVK_ECORRUPT);
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_READONLY), SVK_ECORRUPT);
	ck_assert_ptr_null(st);
}
END_TEST

START_TEST(test_open_leaves_a_foreign_database_untouched)
{
	svk_store *st = NULL;
	sqlite3 *db;
	char mode[16];

	raw_db(dbpath, "CREATE TABLE contacts (name TEXT, phone TEXT);");
	ck_assert_int_eq(svk_store_open(&st, dbpath, 0), SVK_ECORRUPT);
	/* Someone else's file must not be switched to WAL mode. */
	ck_assert_int_eq(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	pragma_text(db, "PRAGMA journal_mode", mode, sizeof(mode));
	ck_assert_str_eq(mode, "delete");
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_open_refuses_an_empty_file_unless_asked_to_create)
{
	svk_store *st = NULL;
	struct stat sb;

	/* An emptied samverk.db is a damaged store: opening it must say so,
	 * not quietly start a new, empty one. */
	write_file(dbpath, "", 0);
	ck_assert_int_eq(svk_store_open(&st, dbpath, 0), SVK_ECORRUPT);
	ck_assert_int_eq(stat(dbpath, &sb), 0);
	ck_assert_int_eq(sb.st_size, 0);
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_CREATE), 0);
	ck_assert_int_eq(fx_count(st, "PRAGMA user_version"), SVK_STORE_SCHEMA);
	svk_store_close(st);
}
END_TEST

START_TEST(test_readonly_store_reads_but_cannot_write)
{
	svk_store *st = fx_store(dir, "samverk.db");
	char *value = NULL;

	ck_assert_int_eq(svk_store_meta_set(st, "name", "Vejle"), 0);
	svk_store_close(st);
	ck_assert_int_eq(svk_store_open(&st, dbpath, SVK_STORE_READONLY), 0);
	ck_assert_int_eq(svk_store_meta_get(st, "name", &value), 0);
	ck_assert_str_eq(value, "Vejle");
	free(value);
	ck_assert_int_eq(svk_store_meta_set(st, "name", "Oulu"), -EROFS);
	svk_store_close(st);
}
END_TEST

START_TEST(test_rollback_discards_and_commit_keeps)
{
	svk_store *st = fx_store(dir, "samverk.db");
	char *value = NULL;

	ck_assert_int_eq(svk_store_begin(st), 0);
	ck_assert_int_eq(svk_store_meta_set(st, "a", "1"), 0);
	svk_store_rollback(st);
	ck_assert_int_eq(svk_store_meta_get(st, "a", &value), SVK_ENOTFOUND);
	ck_assert_int_eq(svk_store_begin(st), 0);
	ck_assert_int_eq(svk_store_meta_set(st, "a", "2"), 0);
	ck_assert_int_eq(svk_store_commit(st), 0);
	ck_assert_int_eq(svk_store_meta_get(st, "a", &value), 0);
	ck_assert_str_eq(value, "2");
	free(value);
	/* Rolling back with no transaction open does nothing. */
	svk_store_rollback(st);
	svk_store_close(st);
}
END_TEST

START_TEST(test_two_connections_see_each_others_commits)
{
	svk_store *one = fx_store(dir, "samverk.db"), *two = NULL;
	char *value = NULL;

	ck_assert_int_eq(svk_store_open(&two, dbpath, 0), 0);
	ck_assert_int_eq(svk_store_begin(one), 0);
	ck_assert_int_eq(svk_store_meta_set(one, "k", "one"), 0);
	ck_assert_int_eq(svk_store_commit(one), 0);
	ck_assert_int_eq(svk_store_begin(two), 0);
	ck_assert_int_eq(svk_store_meta_set(two, "k", "two"), 0);
	ck_assert_int_eq(svk_store_commit(two), 0);
	ck_assert_int_eq(svk_store_meta_get(one, "k", &value), 0);
	ck_assert_str_eq(value, "two");
	free(value);
	svk_store_close(two);
	svk_store_close(one);
}
END_TEST

START_TEST(test_count_reject_counts_each_reason)
{
	svk_store *st = fx_store(dir, "samverk.db");

	svk_store_count_reject(st, "bad_signature");
	svk_store_count_reject(st, "bad_signature");
	svk_store_count_reject(st, "oversize");
	/* counted in memory: nothing written (no fsync) per rejection */
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM rejected"), 0);
	ck_assert_int_eq(svk_store_flush_rejects(st), 0);
	svk_store_count_reject(st, "oversize");
	ck_assert_int_eq(svk_store_flush_rejects(st), 0);
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected WHERE "
				      "reason = 'bad_signature'"),
	    2);
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected WHERE "
				      "reason = 'oversize'"),
	    2);
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM rejected"), 2);
	svk_store_close(st);
}
END_TEST

/* Adds each (origin's first byte, reason, count) row to the text arg. */
static int
origin_row(void *arg, const uint8_t *origin, const char *name, const char *reason,
    uint64_t count)
{
	char *out = arg;
	size_t used = strlen(out);

	snprintf(out + used, 256 - used, "%u/%s/%s=%llu;", origin[0], name,
	    reason, (unsigned long long)count);
	return 0;
}

START_TEST(test_count_reject_from_counts_per_origin_and_in_the_total)
{
	svk_store *st = fx_store(dir, "samverk.db");
	uint8_t a[SVK_KEY_LEN] = {1}, b[SVK_KEY_LEN] = {2};
	char rows[256] = "";

	svk_store_count_reject_from(st, "broken_chain", a);
	svk_store_count_reject_from(st, "broken_chain", a);
	svk_store_count_reject_from(st, "broken_chain", b);
	svk_store_count_reject_from(st, "future", b);
	svk_store_count_reject(st, "broken_chain");
	/* counted in memory: nothing written (no fsync) per rejection */
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM rejected_origins"), 0);
	ck_assert_int_eq(svk_stats_rejected_origins_each(st, origin_row, rows), 0);
	ck_assert_str_eq(rows, "1//broken_chain=2;2//broken_chain=1;2//future=1;");
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected WHERE "
				      "reason = 'broken_chain'"),
	    4);
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected WHERE "
				      "reason = 'future'"),
	    1);
	svk_store_count_reject_from(st, "future", b);
	svk_store_close(st);
	ck_assert_int_eq(svk_store_open(&st, dbpath, 0), 0);
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected_origins WHERE "
				      "reason = 'future'"),
	    2);
	svk_store_close(st);
}
END_TEST

START_TEST(test_count_reject_from_many_origins_loses_no_count)
{
	svk_store *st = fx_store(dir, "samverk.db");
	uint8_t key[SVK_KEY_LEN] = {0};

	/* More origins than one batch holds: a full batch is written. */
	for (int i = 0; i < 100; i++) {
		key[0] = (uint8_t)i;
		svk_store_count_reject_from(st, "broken_chain", key);
	}
	ck_assert_int_eq(svk_store_flush_rejects(st), 0);
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM rejected_origins"), 100);
	ck_assert_int_eq(fx_count(st, "SELECT sum(count) FROM rejected_origins"), 100);
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected"), 100);
	svk_store_close(st);
}
END_TEST

START_TEST(test_a_store_of_schema_1_is_migrated_and_keeps_its_counts)
{
	svk_store *st = fx_store(dir, "samverk.db");
	uint8_t a[SVK_KEY_LEN] = {7};

	svk_store_count_reject(st, "bad_signature");
	svk_store_close(st);
	/* What a store made before rejections were counted per origin is. */
	raw_db(dbpath, "DROP TABLE rejected_origins; DROP TABLE search_later; "
		       "DROP TABLE web_users; "
		       "ALTER TABLE peers DROP COLUMN down_since_ms; "
		       "PRAGMA user_version = 1;");
	ck_assert_int_eq(svk_store_open(&st, dbpath, 0), 0);
	ck_assert_int_eq(fx_count(st, "PRAGMA user_version"), SVK_STORE_SCHEMA);
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected"), 1);
	svk_store_count_reject_from(st, "bad_signature", a);
	ck_assert_int_eq(svk_store_flush_rejects(st), 0);
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected"), 2);
	ck_assert_int_eq(fx_count(st, "SELECT count FROM rejected_origins"), 1);
	svk_store_close(st);
}
END_TEST

START_TEST(test_data_version_changes_when_another_connection_commits)
{
	svk_store *reader = fx_store(dir, "samverk.db"), *writer = NULL;
	int64_t before, same, after;

	ck_assert_int_eq(svk_store_open(&writer, dbpath, 0), 0);
	ck_assert_int_eq(svk_store_data_version(reader, &before), 0);
	ck_assert_int_eq(svk_store_data_version(reader, &same), 0);
	ck_assert_int_eq(before, same);
	ck_assert_int_eq(svk_store_meta_set(writer, "k", "v"), 0);
	ck_assert_int_eq(svk_store_data_version(reader, &after), 0);
	ck_assert_int_ne(before, after);
	svk_store_close(writer);
	svk_store_close(reader);
}
END_TEST

struct blobs {
	uint8_t *buf;
	size_t len;
};

static int
gather(void *arg, const uint8_t *origin, uint64_t seq, const uint8_t *envelope,
    size_t len)
{
	struct blobs *b = arg;

	(void)origin;
	(void)seq;
	b->buf = realloc(b->buf, b->len + len);
	ck_assert_ptr_nonnull(b->buf);
	memcpy(b->buf + b->len, envelope, len);
	b->len += len;
	return 0;
}

START_TEST(test_backup_holds_the_same_log)
{
	svk_store *st = fx_store(dir, "samverk.db"), *copy = NULL;
	svk_identity *me = fx_identity();
	struct blobs orig = {0}, backed = {0};
	char path[256];
	uint64_t all, own, call, cown;
	uint8_t fed[SVK_KEY_LEN];

	ck_assert_int_eq(svk_log_join(st, me, svk_crypto_identity_public(me)), 0);
	(void)fx_append_practice(st, me, "p1", "Legepatruljen");
	(void)fx_append_practice(st, me, "p2", "Børnerådgiveruddannelsen");
	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_PRACTICE, "p1");

	ck_assert_int_eq(svk_store_backup(st, fx_path(path, dir, "backup.db")), 0);
	ck_assert_int_eq(svk_store_open(&copy, path, SVK_STORE_READONLY), 0);
	ck_assert_int_eq(svk_log_count(st, svk_crypto_identity_public(me), &all, &own),
	    0);
	ck_assert_int_eq(svk_log_count(copy, svk_crypto_identity_public(me),
			     &call, &cown),
	    0);
	ck_assert_uint_eq(all, 3);
	ck_assert_uint_eq(call, all);
	ck_assert_uint_eq(cown, own);
	ck_assert_int_eq(svk_log_each(st, NULL, 0, 0, gather, &orig), 0);
	ck_assert_int_eq(svk_log_each(copy, NULL, 0, 0, gather, &backed), 0);
	ck_assert_uint_eq(backed.len, orig.len);
	ck_assert_mem_eq(backed.buf, orig.buf, orig.len);
	ck_assert_int_eq(svk_log_federation(copy, fed), 0);
	ck_assert_mem_eq(fed, svk_crypto_identity_public(me), SVK_KEY_LEN);
	ck_assert_int_eq(fx_count(copy, "SELECT count(*) FROM entities "
					"WHERE retracted = 0"),
	    1);
	free(orig.buf);
	free(backed.buf);
	svk_store_close(copy);
	svk_crypto_identity_free(me);
	svk_store_close(st);
}
END_TEST

START_TEST(test_backup_refuses_an_existing_file)
{
	svk_store *st = fx_store(dir, "samverk.db");
	char path[256], *text;
	size_t len;

	write_file(fx_path(path, dir, "backup.db"), "keep me", 7);
	ck_assert_int_eq(svk_store_backup(st, path), SVK_EEXISTS);
	text = fx_read_file(path, &len);
	ck_assert_str_eq(text, "keep me");
	free(text);
	/* Nor may it back up over its own database. */
	ck_assert_int_eq(svk_store_backup(st, dbpath), SVK_EEXISTS);
	svk_store_close(st);
}
END_TEST

START_TEST(test_backup_into_a_missing_folder_fails_and_leaves_nothing)
{
	svk_store *st = fx_store(dir, "samverk.db");
	char path[256];

	ck_assert_int_ne(svk_store_backup(st, fx_path(path, dir, "no/backup.db")), 0);
	ck_assert(!exists(path));
	svk_store_close(st);
}
END_TEST

START_TEST(test_close_of_null_does_nothing)
{
	svk_store_close(NULL);
}
END_TEST

Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_makes_a_database_in_wal_mode);
	tcase_add_test(tc, test_new_store_has_the_current_schema_version);
	tcase_add_test(tc, test_new_store_has_every_table);
	tcase_add_test(tc, test_reopening_migrates_nothing_and_keeps_data);
	tcase_add_test(tc, test_the_statement_cache_keeps_giving_the_right_statement);
	tcase_add_test(tc, test_meta_text_round_trips_and_is_replaced);
	tcase_add_test(tc, test_meta_blob_round_trips);
	tcase_add_test(tc, test_meta_blob_of_wrong_size_is_corrupt);
	tcase_add_test(tc, test_meta_missing_key_is_not_found);
	tcase_add_test(tc, test_open_rejects_a_file_that_is_not_a_database);
	tcase_add_test(tc, test_open_of_missing_file_without_create_fails_with_enoent);
	tcase_add_test(tc, test_open_refuses_a_database_of_a_newer_schema);
	tcase_add_test(tc, test_open_refuses_a_foreign_sqlite_database);
	tcase_add_test(tc, test_open_leaves_a_foreign_database_untouched);
	tcase_add_test(tc, test_open_refuses_an_empty_file_unless_asked_to_create);
	tcase_add_test(tc, test_readonly_store_reads_but_cannot_write);
	tcase_add_test(tc, test_rollback_discards_and_commit_keeps);
	tcase_add_test(tc, test_two_connections_see_each_others_commits);
	tcase_add_test(tc, test_count_reject_counts_each_reason);
	tcase_add_test(tc, test_count_reject_from_counts_per_origin_and_in_the_total);
	tcase_add_test(tc, test_count_reject_from_many_origins_loses_no_count);
	tcase_add_test(tc, test_a_store_of_schema_1_is_migrated_and_keeps_its_counts);
	tcase_add_test(tc, test_data_version_changes_when_another_connection_commits);
	tcase_add_test(tc, test_backup_holds_the_same_log);
	tcase_add_test(tc, test_backup_refuses_an_existing_file);
	tcase_add_test(tc, test_backup_into_a_missing_folder_fails_and_leaves_nothing);
	tcase_add_test(tc, test_close_of_null_does_nothing);
	suite_add_tcase(s, tc);
	return s;
}
