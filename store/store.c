/*
 * store.c: the SQLite connection, schema and migrations, transactions and the
 * node's settings. See store.h.
 */
#include "store.h"
#include "store-int.h"
#include "store_stmt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rejections counted since the last flush: one write per batch, never an
 * autocommit (and its fsync) per message a partner chose to send. */
#define PENDING_REJECTS 32
struct pending_reject {
	char reason[40];
	uint8_t origin[SVK_KEY_LEN]; /* whose input it was, if known */
	bool has_origin;
	uint64_t n;
};

static int flush_rejects(svk_store *st);
static void forget(svk_store *st);

struct svk_store {
	sqlite3 *db;
	svk__store_stmt_cache stmts;
	struct pending_reject rejects[PENDING_REJECTS];
	size_t n_rejects;
	bool bulk; /* svk_store_bulk */
	struct svk__log_tip tip;
	struct svk__ingest_admit admit;
};

/*
 * Migrations, applied in order; migration i takes the schema from version i to
 * i + 1. Never edit one that has shipped: add a new one.
 */
static const char *const migrations[] = {
    /* 0 → 1 */
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY,"
    "  value BLOB NOT NULL"
    ") WITHOUT ROWID;"
    /* The log: envelopes exactly as received. One row per (origin, seq); a
     * second, different body for the same place is kept in forks. */
    "CREATE TABLE log ("
    "  id BLOB PRIMARY KEY," /* BLAKE2b-256 of the body */
    "  origin BLOB NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  prev BLOB,"
    "  time_ms INTEGER NOT NULL,"
    "  kind INTEGER NOT NULL," /* the Body payload case */
    "  envelope BLOB NOT NULL,"
    "  received_ms INTEGER NOT NULL,"
    "  UNIQUE (origin, seq)"
    ");"
    "CREATE TABLE forks ("
    "  id BLOB PRIMARY KEY,"
    "  origin BLOB NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  envelope BLOB NOT NULL,"
    "  received_ms INTEGER NOT NULL"
    ");"
    /* heads.head: highest seq up to which every entry is held. */
    "CREATE TABLE heads ("
    "  origin BLOB PRIMARY KEY,"
    "  head INTEGER NOT NULL,"
    "  top INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    /* Practices, needs and adoptions, latest entry per entity. */
    "CREATE TABLE entities ("
    "  kind INTEGER NOT NULL," /* 1 practice, 2 need, 3 adoption */
    "  origin BLOB NOT NULL,"
    "  id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  entry BLOB NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  areas TEXT NOT NULL," /* comma separated */
    "  status TEXT NOT NULL,"
    "  time_ms INTEGER NOT NULL,"
    "  retracted INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (kind, origin, id)"
    ");"
    "CREATE VIEW practices AS SELECT * FROM entities WHERE kind = 1;"
    "CREATE VIEW needs AS SELECT * FROM entities WHERE kind = 2;"
    /* Folded text of every live practice and need, rowid = entities.rowid. */
    "CREATE VIRTUAL TABLE search USING fts5("
    "  title, body, tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE TABLE members ("
    "  key BLOB PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  country TEXT NOT NULL,"
    "  pub TEXT NOT NULL,"
    "  sync TEXT NOT NULL," /* the catch-up endpoint (named before catch-up was) */
    "  status INTEGER NOT NULL,"
    "  tls_cert BLOB"
    ") WITHOUT ROWID;"
    "CREATE TABLE flagged ("
    "  origin BLOB NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  time_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (origin, reason, seq)"
    ") WITHOUT ROWID;"
    /* The daemon's links, as it last saw them; for `samverk peers`. */
    "CREATE TABLE peers ("
    "  key BLOB PRIMARY KEY,"
    "  pub TEXT NOT NULL,"
    "  sync TEXT NOT NULL," /* the catch-up endpoint (named before catch-up was) */
    "  sub_up INTEGER NOT NULL,"
    "  req_up INTEGER NOT NULL,"
    "  last_seen_ms INTEGER NOT NULL,"
    "  last_sync_ms INTEGER NOT NULL,"
    "  rounds INTEGER NOT NULL,"
    "  received INTEGER NOT NULL,"
    "  updated_ms INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    /* The newest valid heartbeat of each member (not log entries). */
    "CREATE TABLE heartbeats ("
    "  node BLOB PRIMARY KEY,"
    "  time_ms INTEGER NOT NULL,"
    "  received_ms INTEGER NOT NULL,"
    "  envelope BLOB NOT NULL"
    ") WITHOUT ROWID;"
    /* The volunteer registry: personal data, local only. Nothing that is
     * published or sent reads this table. */
    "CREATE TABLE volunteers ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  birth_year INTEGER,"
    "  email TEXT NOT NULL,"
    "  phone TEXT NOT NULL,"
    "  skills TEXT NOT NULL," /* ';' separated */
    "  areas TEXT NOT NULL,"  /* ';' separated area codes */
    "  hours_per_month INTEGER NOT NULL,"
    "  joined TEXT NOT NULL," /* YYYY-MM-DD */
    "  active INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL," /* for the right of access */
    "  updated_ms INTEGER NOT NULL"
    ");"
    "CREATE TABLE rejected ("
    "  reason TEXT PRIMARY KEY,"
    "  count INTEGER NOT NULL"
    ") WITHOUT ROWID;",
    /* 1 → 2: rejections of input whose origin is known, per origin and
     * reason (rejected keeps the totals per reason, origin known or not). */
    "CREATE TABLE rejected_origins ("
    "  origin BLOB NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (origin, reason)"
    ") WITHOUT ROWID;",
    /* 2 → 3: entities a bulk catch-up page stored whose search rows are
     * still to be written (search_later.h). */
    "CREATE TABLE search_later (rowid INTEGER PRIMARY KEY);",
    /* 3 → 4: the people who may log in to this node's web app, with an
     * Argon2id hash of their password (web_user.h). Local only: nothing
     * that is published or sent reads this table. */
    "CREATE TABLE web_users ("
    "  name TEXT PRIMARY KEY,"
    "  role INTEGER NOT NULL," /* 1 editor, 2 admin */
    "  hash TEXT NOT NULL,"    /* crypto_pwhash_str */
    "  created_ms INTEGER NOT NULL,"
    "  updated_ms INTEGER NOT NULL"
    ") WITHOUT ROWID;",
    /* 4 → 5: since when a link of the daemon has been down (0: up), so
     * that status names a link that stays down. */
    "ALTER TABLE peers ADD COLUMN down_since_ms INTEGER NOT NULL DEFAULT 0;",
};

#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

int
svk__store_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW: return 0;
	case SQLITE_NOMEM: return -ENOMEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: return SVK_ECORRUPT;
	case SQLITE_CANTOPEN: return -ENOENT;
	case SQLITE_READONLY: return -EROFS;
	case SQLITE_FULL: return -ENOSPC;
	case SQLITE_CONSTRAINT: return SVK_EEXISTS;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return -EBUSY;
	default: return SVK_EDB;
	}
}

int
svk__store_exec(svk_store *st, const char *sql)
{
	return svk__store_err(sqlite3_exec(st->db, sql, NULL, NULL, NULL));
}

/* Reads the number a PRAGMA (sql) answers with. */
static int
pragma_int(svk_store *st, const char *sql, int64_t *value)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : svk__store_err(rc);
}

static int
user_version(svk_store *st, int *version)
{
	int64_t v;
	int err = pragma_int(st, "PRAGMA user_version", &v);

	if (err == 0)
		*version = (int)v;
	return err;
}

/* A database that is not empty but has no schema version is someone else's. */
static int
looks_foreign(svk_store *st, bool *foreign)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master",
	    -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	rc = sqlite3_step(stmt);
	*foreign = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0) > 0;
	int err = rc == SQLITE_ROW ? 0 : svk__store_err(rc);
	sqlite3_finalize(stmt);
	return err;
}

/* Refuses a file that is someone else's database or a newer Samverk's. It
 * runs before anything is written, so such a file is left as it was. */
static int
check_version(svk_store *st, int *version)
{
	bool foreign;
	int err;

	if ((err = user_version(st, version)) != 0)
		return err;
	if (*version > (int)NMIGRATIONS)
		return SVK_ESCHEMA;
	if (*version == 0) {
		if ((err = looks_foreign(st, &foreign)) != 0)
			return err;
		if (foreign)
			return SVK_ECORRUPT;
	}
	return 0;
}

static int
migrate(svk_store *st, int version)
{
	char sql[64];
	int err;

	if (version == (int)NMIGRATIONS)
		return 0;
	if ((err = svk_store_begin(st)) != 0)
		return err;
	/* Another process may have migrated since we looked: look again, now
	 * that we hold the write lock. */
	if ((err = user_version(st, &version)) != 0)
		goto fail;
	for (size_t i = (size_t)version; i < NMIGRATIONS; i++) {
		if ((err = svk__store_exec(st, migrations[i])) != 0)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", NMIGRATIONS);
	if ((err = svk__store_exec(st, sql)) != 0)
		goto fail;
	return svk_store_commit(st);
fail:
	svk_store_rollback(st);
	return err;
}

int
svk_store_open(svk_store **out, const char *path, int flags)
{
	svk_store *st;
	int oflags, rc, err;

	/* SQLite counts memory under a global mutex unless told not to; the
	 * ingest path allocates a lot. Only possible before it initialises. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return -ENOMEM;
	if (flags & SVK_STORE_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else
		oflags = SQLITE_OPEN_READWRITE |
			 ((flags & SVK_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	oflags |= SQLITE_OPEN_NOMUTEX;
	rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		err = svk__store_err(rc);
		goto fail;
	}
	if ((rc = sqlite3_busy_timeout(st->db, 10000)) != SQLITE_OK) {
		err = svk__store_err(rc);
		goto fail;
	}
	/* Reading the schema is the first touch of the file: a file that is
	 * not a database fails here. */
	if ((err = svk__store_exec(st, "SELECT count(*) FROM sqlite_master")) != 0)
		goto fail;
	if (!(flags & SVK_STORE_READONLY)) {
		int version = 0;
		/* journal_mode = WAL is written into the file: check first. */
		if ((err = check_version(st, &version)) != 0)
			goto fail;
		/* An empty file where a store should be is a damaged store,
		 * not a new one: only CREATE makes one. */
		if (version == 0 && !(flags & SVK_STORE_CREATE)) {
			err = SVK_ECORRUPT;
			goto fail;
		}
		/* FULL: an entry a command reported as written survives a power
		 * cut, not only a crash of the process. secure_delete FAST:
		 * deleted rows are zeroed on the pages written anyway, at no
		 * extra I/O. Erasing personal data turns it fully on for that delete. */
		if ((err = svk__store_exec(st,
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = FULL;"
			 "PRAGMA secure_delete = FAST;"
			 "PRAGMA cache_size = -16384;"
			 /* the savepoint around each entry of a batch
				     * keeps its undo pages here, not in a file */
			 "PRAGMA temp_store = MEMORY;"
			 "PRAGMA wal_autocheckpoint = 8000;"
			 "PRAGMA foreign_keys = ON;")) != 0)
			goto fail;
		if ((err = migrate(st, version)) != 0)
			goto fail;
	} else {
		int version = 0;
		if ((err = user_version(st, &version)) != 0)
			goto fail;
		if (version != (int)NMIGRATIONS) {
			err = version > (int)NMIGRATIONS ? SVK_ESCHEMA : SVK_ECORRUPT;
			goto fail;
		}
	}
	*out = st;
	return 0;
fail:
	sqlite3_close(st->db);
	free(st);
	return err;
}

int
svk__store_stmt(svk_store *st, const char *sql, sqlite3_stmt **stmt)
{
	return svk__store_err(svk__store_stmt_get(&st->stmts, st->db, sql, NULL, stmt));
}

void
svk__store_release(sqlite3_stmt *stmt)
{
	if (stmt == NULL)
		return;
	(void)sqlite3_reset(stmt);
	(void)sqlite3_clear_bindings(stmt);
}

int
svk__store_stmtf(svk_store *st, char *sql, sqlite3_stmt **stmt)
{
	if (sql == NULL)
		return -ENOMEM;
	int err = svk__store_err(svk__store_stmt_get(&st->stmts, st->db, NULL,
	    sql, stmt));
	sqlite3_free(sql);
	return err;
}

int
svk__store_own(svk_store *st, const char *sql, sqlite3_stmt **stmt)
{
	return svk__store_err(sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL));
}

int
svk__store_done(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	int err = rc == SQLITE_DONE ? 0 : svk__store_err(rc);
	svk__store_release(stmt);
	return err;
}

int
svk__store_finish(sqlite3_stmt *stmt, int rc, int err)
{
	if (err == 0 && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	sqlite3_finalize(stmt);
	return err;
}

int
svk__store_run(svk_store *st, const char *sql)
{
	sqlite3_stmt *stmt;
	int err = svk__store_stmt(st, sql, &stmt);
	return err != 0 ? err : svk__store_done(stmt);
}

void
svk__store_undo(svk_store *st, const char *sql)
{
	forget(st);
	if (svk__store_run(st, sql) != 0)
		return; /* the caller's error says enough */
}

void
svk_store_close(svk_store *st)
{
	if (st == NULL)
		return;
	(void)flush_rejects(st);
	svk__store_stmt_fini(&st->stmts);
	/* All statements are finalised by their users; close_v2 would defer. */
	if (sqlite3_close(st->db) != SQLITE_OK)
		(void)sqlite3_close_v2(st->db);
	free(st);
}

int
svk_store_bulk(svk_store *st, bool on)
{
	int err;

	if (on == st->bulk)
		return 0;
	if ((err = svk__store_exec(st, on ? "PRAGMA synchronous = NORMAL" :
					    "PRAGMA synchronous = FULL")) != 0)
		return err;
	st->bulk = on;
	return 0;
}

void
svk_store_release_memory(svk_store *st)
{
	(void)sqlite3_db_release_memory(st->db);
}

bool
svk__store_is_bulk(const svk_store *st)
{
	return st->bulk;
}

sqlite3 *
svk__store_db(svk_store *st)
{
	return st->db;
}

const char *
svk_store_errmsg(svk_store *st)
{
	return sqlite3_errmsg(st->db);
}

struct svk__log_tip *
svk__store_tip(svk_store *st)
{
	return &st->tip;
}

struct svk__ingest_admit *
svk__store_admit(svk_store *st)
{
	return &st->admit;
}

/* What is true only inside one transaction (svk__log_tip). */
static void
forget(svk_store *st)
{
	st->tip.valid = false;
	st->admit.valid = false;
}

int
svk_store_begin(svk_store *st)
{
	forget(st);
	return svk__store_exec(st, "BEGIN IMMEDIATE");
}

int
svk_store_commit(svk_store *st)
{
	forget(st);
	int err = svk__store_exec(st, "COMMIT");
	if (err != 0)
		svk_store_rollback(st);
	return err;
}

void
svk_store_rollback(svk_store *st)
{
	forget(st);
	if (!sqlite3_get_autocommit(st->db))
		(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

void
svk_store_count_reject(svk_store *st, const char *reason)
{
	svk_store_count_reject_from(st, reason, NULL);
}

/* Whether pending rejection r is of reason and origin (NULL: not known). */
static bool
reject_is(const struct pending_reject *r, const char *reason, const uint8_t *origin)
{
	if (strcmp(r->reason, reason) != 0 || r->has_origin != (origin != NULL))
		return false;
	return origin == NULL || memcmp(r->origin, origin, SVK_KEY_LEN) == 0;
}

void
svk_store_count_reject_from(svk_store *st, const char *reason, const uint8_t *origin)
{
	size_t i;

	for (i = 0; i < st->n_rejects; i++)
		if (reject_is(&st->rejects[i], reason, origin))
			break;
	if (i == st->n_rejects) {
		if (i == PENDING_REJECTS) {
			/* A full batch is written now; if it cannot be, the
			 * oldest counts give way to the newest. */
			(void)flush_rejects(st);
			i = 0;
		}
		snprintf(st->rejects[i].reason, sizeof(st->rejects[i].reason),
		    "%s", reason);
		st->rejects[i].has_origin = origin != NULL;
		if (origin != NULL)
			memcpy(st->rejects[i].origin, origin, SVK_KEY_LEN);
		st->rejects[i].n = 0;
		st->n_rejects = i + 1;
	}
	st->rejects[i].n++;
}

int
svk_store_flush_rejects(svk_store *st)
{
	return flush_rejects(st);
}

/* Adds pending rejection r to the totals per reason, and to those per origin
 * when its origin is known. */
static int
flush_reject(sqlite3_stmt *by_reason, sqlite3_stmt *by_origin,
    const struct pending_reject *r)
{
	int rc;

	(void)sqlite3_bind_text(by_reason, 1, r->reason, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(by_reason, 2, (sqlite3_int64)r->n);
	rc = sqlite3_step(by_reason);
	(void)sqlite3_reset(by_reason);
	if (rc != SQLITE_DONE || !r->has_origin)
		return svk__store_err(rc);
	(void)sqlite3_bind_blob(by_origin, 1, r->origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(by_origin, 2, r->reason, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(by_origin, 3, (sqlite3_int64)r->n);
	rc = sqlite3_step(by_origin);
	(void)sqlite3_reset(by_origin);
	return svk__store_err(rc);
}

static int
flush_rejects(svk_store *st)
{
	bool own_tx = sqlite3_get_autocommit(st->db);
	sqlite3_stmt *by_reason = NULL, *by_origin = NULL;
	int err = 0, rc;

	if (st->n_rejects == 0)
		return 0;
	if (own_tx && (err = svk_store_begin(st)) != 0)
		return err;
	rc = sqlite3_prepare_v2(st->db,
	    "INSERT INTO rejected (reason, count) VALUES (?1, ?2) "
	    "ON CONFLICT (reason) DO UPDATE SET count = count + excluded.count",
	    -1, &by_reason, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db,
		    "INSERT INTO rejected_origins (origin, reason, count) "
		    "VALUES (?1, ?2, ?3) ON CONFLICT (origin, reason) "
		    "DO UPDATE SET count = count + excluded.count",
		    -1, &by_origin, NULL);
	if (rc != SQLITE_OK) {
		err = svk__store_err(rc);
		goto out;
	}
	for (size_t i = 0; i < st->n_rejects && err == 0; i++)
		err = flush_reject(by_reason, by_origin, &st->rejects[i]);
out:
	sqlite3_finalize(by_reason);
	sqlite3_finalize(by_origin);
	if (own_tx && err == 0)
		err = svk_store_commit(st);
	else if (own_tx)
		svk_store_rollback(st);
	/* Kept for the next try when the disk is full, say. */
	if (err == 0)
		st->n_rejects = 0;
	return err;
}

int
svk_store_rejected_each(svk_store *st,
    int (*fn)(void *arg, const char *reason, uint64_t count), void *arg)
{
	/* Best effort: what cannot be written yet is still counted in memory. */
	(void)flush_rejects(st);
	return svk__store_each_count(st,
	    "SELECT reason, count FROM rejected ORDER BY reason", fn, arg);
}

int
svk__store_each_count(svk_store *st, const char *sql,
    int (*fn)(void *arg, const char *name, uint64_t count), void *arg)
{
	sqlite3_stmt *stmt;
	int rc, err = 0;

	/* its own statement: fn may call back into the store */
	if ((rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return svk__store_err(rc);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if ((err = fn(arg, (const char *)sqlite3_column_text(stmt, 0),
			 (uint64_t)sqlite3_column_int64(stmt, 1))) != 0)
			break;
	return svk__store_finish(stmt, rc, err);
}

int
svk_store_data_version(svk_store *st, int64_t *version)
{
	return pragma_int(st, "PRAGMA data_version", version);
}
