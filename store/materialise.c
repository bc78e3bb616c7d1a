/*
 * materialise.c: materialising practices, needs, adoptions and the roster
 * from log entries, and the search index; and the rebuild verification
 * compares. See materialise.h.
 */
#include "materialise.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "search_later.h"
#include "store_meta.h"
#include "view.h"

/* The materialised tables a write goes to: the real ones, or the temporary
 * copies verification rebuilds and compares. */
struct tables {
	const char *entities;
	const char *members;
	const char *roster; /* where the roster version in force is kept */
	bool index;	    /* keep the search index */
	/* The statements every entity entry runs, as literals of their own
	 * (the statement cache knows a literal by its address). */
	const char *put, *retracted_since, *unhide;
};

/* Upserts the row when this entry is newer than the one in force. A
 * retraction keeps what the entity was, and hides it; arriving before the
 * entity it retracts, it leaves a tombstone. */
#define PUT_SQL(entities)                                                       \
	"INSERT INTO " entities " (kind, origin, id, seq, entry, lang, title, " \
	"areas, status, time_ms, retracted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "   \
	"?7, ?8, ?9, ?10, ?11) ON CONFLICT (kind, origin, id) DO UPDATE SET "   \
	"seq = excluded.seq, entry = excluded.entry, time_ms = "                \
	"excluded.time_ms, retracted = excluded.retracted, "                    \
	"lang = iif(excluded.retracted, lang, excluded.lang), "                 \
	"title = iif(excluded.retracted, title, excluded.title), "              \
	"areas = iif(excluded.retracted, areas, excluded.areas), "              \
	"status = iif(excluded.retracted, status, excluded.status) "            \
	"WHERE excluded.seq > seq RETURNING rowid"
#define RETRACTED_SINCE_SQL(entities)                                       \
	"SELECT seq FROM " entities " WHERE kind = ?1 AND origin = ?2 AND " \
	"id = ?3 AND retracted AND seq > ?4"
#define UNHIDE_SQL(entities)                                          \
	"UPDATE " entities " SET lang = ?4, title = ?5, areas = ?6, " \
	"status = ?7 WHERE kind = ?1 AND origin = ?2 AND id = ?3"

static const struct tables real_tables = {"main.entities", "main.members",
    "main.meta", true, PUT_SQL("main.entities"),
    RETRACTED_SINCE_SQL("main.entities"), UNHIDE_SQL("main.entities")};
static const struct tables check_tables = {"temp.entities_check",
    "temp.members_check", "temp.meta_check", false, PUT_SQL("temp.entities_check"),
    RETRACTED_SINCE_SQL("temp.entities_check"), UNHIDE_SQL("temp.entities_check")};

/* The fields of an entity row, drawn from whichever payload it is. */
struct row {
	int kind;
	const char *id;
	const char *lang;
	const char *title;
	const char *status;
	char *areas; /* owned */
	bool retracted;
	char adoption_id[SVK_FPR_LEN + 80];
};

static char *
join_areas(char **areas, size_t n)
{
	size_t len = 1;
	char *s;
	for (size_t i = 0; i < n; i++)
		len += strlen(areas[i]) + 1;
	if ((s = malloc(len)) == NULL)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, areas[i]);
	}
	return s;
}

static void
row_from_practice(struct row *r, const Samverk__Practice *p)
{
	r->kind = SVK_KIND_PRACTICE;
	r->id = p->id;
	r->lang = p->lang;
	r->title = p->title;
	r->status = "";
	r->areas = join_areas(p->areas, p->n_areas);
}

static void
row_from_need(struct row *r, const Samverk__Need *n)
{
	r->kind = SVK_KIND_NEED;
	r->id = n->id;
	r->lang = n->lang;
	r->title = n->title;
	r->status = n->status[0] ? n->status : "open";
	r->areas = join_areas(n->areas, n->n_areas);
}

static void
row_from_adoption(struct row *r, const Samverk__Adoption *a)
{
	char fpr[SVK_FPR_LEN];

	r->kind = SVK_KIND_ADOPTION;
	if (a->practice_origin.len == SVK_KEY_LEN)
		svk_crypto_fingerprint_bare(a->practice_origin.data, fpr);
	else
		strcpy(fpr, "?");
	snprintf(r->adoption_id, sizeof(r->adoption_id), "%s/%s", fpr, a->practice_id);
	r->id = r->adoption_id;
	r->lang = "";
	r->title = "";
	r->status = a->status;
	r->areas = strdup("");
}

/* Fills r from an entity's payload; false for a payload that is no entity. */
static bool
row_from_body(struct row *r, const Samverk__Body *body)
{
	switch (body->payload_case) {
	case SAMVERK__BODY__PAYLOAD_PRACTICE:
		row_from_practice(r, body->practice);
		return true;
	case SAMVERK__BODY__PAYLOAD_NEED:
		row_from_need(r, body->need);
		return true;
	case SAMVERK__BODY__PAYLOAD_ADOPTION:
		row_from_adoption(r, body->adoption);
		return true;
	default: return false;
	}
}

static void
row_free(struct row *r)
{
	free(r->areas);
}

/* Replaces the entity's search row by its words (search.h), or drops it. */
static int
reindex(svk_store *st, const struct row *r, sqlite3_int64 rowid,
    const Samverk__Body *b)
{
	sqlite3_stmt *stmt;
	int err;

	if (r->kind == SVK_KIND_ADOPTION)
		return 0; /* adoptions are not searched */
	/* Bulk mode leaves the index untouched, the old row's removal too:
	 * once the index is written to in a transaction, SQLite asks it for a
	 * savepoint at every statement after, which costs more than the rest
	 * of the entry. search_later replaces or drops the row. */
	if (svk__store_is_bulk(st))
		return svk__search_later_add(st, rowid);
	if ((err = svk__store_stmt(st, "DELETE FROM search WHERE rowid = ?", &stmt)) != 0)
		return err;
	(void)sqlite3_bind_int64(stmt, 1, rowid);
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	if (r->retracted)
		return 0;
	return svk__search_put(st, rowid, b);
}

/* Is body an entry of the same entity as r, one that says what it is (not a
 * retraction)? */
static bool
same_entity(const struct row *r, const Samverk__Body *body)
{
	struct row other = {0};
	bool same;

	if (!row_from_body(&other, body))
		return false;
	same = other.kind == r->kind && strcmp(other.id, r->id) == 0;
	row_free(&other);
	return same;
}

/*
 * An entry older than the one in force changes nothing, except when the one
 * in force is a retraction: the row then says what the entity was, that is
 * the newest entry held that is not a retraction, as a rebuild in seq order
 * (svk_verify_log) makes it. An entry arriving after the retraction that
 * hides it is that one unless a newer one of the same entity is held.
 */
static int
fill_retracted(svk_store *st, const struct tables *t, const struct row *r,
    const Samverk__Body *b)
{
	sqlite3_stmt *stmt;
	sqlite3_int64 in_force;
	bool newer = false;
	int err, rc;

	if ((err = svk__store_stmt(st, t->retracted_since, &stmt)) != 0)
		return err;
	(void)sqlite3_bind_int(stmt, 1, r->kind);
	(void)sqlite3_bind_blob(stmt, 2, b->origin.data, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 3, r->id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 4, (sqlite3_int64)b->seq);
	rc = sqlite3_step(stmt);
	in_force = sqlite3_column_int64(stmt, 0);
	svk__store_release(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : svk__store_err(rc);

	/* svk_view_body is called while this one steps: a statement of its
	 * own, not a cached one. */
	if ((err = svk__store_own(st,
		 "SELECT id FROM main.log WHERE origin = ? AND seq > ? AND seq < ? "
		 "AND kind = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, b->origin.data, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 2, (sqlite3_int64)b->seq);
	(void)sqlite3_bind_int64(stmt, 3, in_force);
	(void)sqlite3_bind_int(stmt, 4, (int)b->payload_case);
	while (!newer && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Samverk__Body *held;

		if (sqlite3_column_bytes(stmt, 0) != SVK_HASH_LEN) {
			err = SVK_ECORRUPT;
			break;
		}
		if ((err = svk_view_body(st, sqlite3_column_blob(stmt, 0), &held)) != 0)
			break;
		newer = same_entity(r, held);
		samverk__body__free_unpacked(held, NULL);
	}
	sqlite3_finalize(stmt);
	if (err == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	if (err != 0 || newer)
		return err;

	if ((err = svk__store_stmt(st, t->unhide, &stmt)) != 0)
		return err;
	(void)sqlite3_bind_int(stmt, 1, r->kind);
	(void)sqlite3_bind_blob(stmt, 2, b->origin.data, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 3, r->id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 4, r->lang, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 5, r->title, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 6, r->areas, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 7, r->status, -1, SQLITE_STATIC);
	return svk__store_done(stmt);
}

/* Upserts the row when this entry is newer than the one in force. */
static int
put_entity(svk_store *st, const struct tables *t, const struct row *r,
    const uint8_t id[SVK_HASH_LEN], const Samverk__Body *b)
{
	sqlite3_stmt *stmt;
	sqlite3_int64 rowid;
	bool changed;
	int err, rc;

	if (r->areas == NULL)
		return -ENOMEM;
	err = svk__store_stmt(st, t->put, &stmt);
	if (err != 0)
		return err;
	(void)sqlite3_bind_int(stmt, 1, r->kind);
	(void)sqlite3_bind_blob(stmt, 2, b->origin.data, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 3, r->id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 4, (sqlite3_int64)b->seq);
	(void)sqlite3_bind_blob(stmt, 5, id, SVK_HASH_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 6, r->lang, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 7, r->title, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 8, r->areas, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 9, r->status, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 10, b->time_ms);
	(void)sqlite3_bind_int(stmt, 11, r->retracted);
	/* A row comes back when this entry took effect (inserted or newer). */
	rc = sqlite3_step(stmt);
	changed = rc == SQLITE_ROW;
	rowid = changed ? sqlite3_column_int64(stmt, 0) : 0;
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(stmt);
	svk__store_release(stmt);
	if (rc != SQLITE_DONE)
		return svk__store_err(rc);
	if (!changed)
		return r->retracted ? 0 : fill_retracted(st, t, r, b);
	if (!t->index)
		return 0;
	return reindex(st, r, rowid, b);
}

static int
put_roster(svk_store *st, const struct tables *t, const Samverk__Body *b)
{
	const Samverk__Roster *ro = b->roster;
	uint8_t fed[SVK_KEY_LEN];
	sqlite3_stmt *stmt;
	sqlite3_int64 current = 0, current_seq = 0;
	int err, rc;

	/* Only the federation's key speaks for the roster. Ingest refuses
	 * others already; this also holds for a roster authored locally. */
	if (svk_store_meta_get_blob(st, "federation", fed, SVK_KEY_LEN) != 0 ||
	    memcmp(b->origin.data, fed, SVK_KEY_LEN) != 0)
		return 0;

	/* The roster in force is the one with the highest (version, seq):
	 * two of the same version (signed by a coordinator that equivocates)
	 * are told apart by their place in its log, so the same one wins
	 * whatever order they arrive in, as in a rebuild in seq order. In a
	 * store written before roster_seq was kept, a roster of the version in
	 * force never replaces it. */
	err = svk__store_stmtf(st,
	    sqlite3_mprintf("SELECT (SELECT value FROM %s WHERE key = "
			    "'roster_version'), (SELECT value FROM %s WHERE key = "
			    "'roster_seq')",
		t->roster, t->roster),
	    &stmt);
	if (err != 0)
		return err;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		current = sqlite3_column_int64(stmt, 0);
		current_seq = sqlite3_column_type(stmt, 1) == SQLITE_NULL ?
				  INT64_MAX :
				  sqlite3_column_int64(stmt, 1);
	}
	svk__store_release(stmt);
	if (rc != SQLITE_ROW)
		return svk__store_err(rc);
	if ((sqlite3_int64)ro->version < current ||
	    ((sqlite3_int64)ro->version == current &&
		(sqlite3_int64)b->seq <= current_seq))
		return 0; /* an older roster never replaces a newer one */
	err = svk__store_stmtf(st,
	    sqlite3_mprintf("INSERT OR REPLACE INTO %s (key, value) VALUES "
			    "('roster_version', ?1), ('roster_expires_ms', ?2), "
			    "('roster_seq', ?3)",
		t->roster),
	    &stmt);
	if (err != 0)
		return err;
	(void)sqlite3_bind_int64(stmt, 1, (sqlite3_int64)ro->version);
	(void)sqlite3_bind_int64(stmt, 2, ro->expires_ms);
	(void)sqlite3_bind_int64(stmt, 3, (sqlite3_int64)b->seq);
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	if ((err = svk__store_stmtf(st,
		 sqlite3_mprintf("DELETE FROM %s", t->members), &stmt)) != 0)
		return err;
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	for (size_t i = 0; i < ro->n_members; i++) {
		const Samverk__Member *m = ro->members[i];
		if (m->key.len != SVK_KEY_LEN)
			continue;
		err = svk__store_stmtf(st,
		    sqlite3_mprintf("INSERT OR REPLACE INTO %s (key, name, country, "
				    "pub, sync, status, tls_cert) VALUES (?, ?, ?, "
				    "?, ?, ?, ?)",
			t->members),
		    &stmt);
		if (err != 0)
			return err;
		(void)sqlite3_bind_blob(stmt, 1, m->key.data, SVK_KEY_LEN,
		    SQLITE_STATIC);
		(void)sqlite3_bind_text(stmt, 2, m->name, -1, SQLITE_STATIC);
		(void)sqlite3_bind_text(stmt, 3, m->country, -1, SQLITE_STATIC);
		(void)sqlite3_bind_text(stmt, 4, m->pub, -1, SQLITE_STATIC);
		(void)sqlite3_bind_text(stmt, 5, m->catchup, -1, SQLITE_STATIC);
		(void)sqlite3_bind_int(stmt, 6, (int)m->status);
		if (m->tls_cert.len > 0)
			(void)sqlite3_bind_blob(stmt, 7, m->tls_cert.data,
			    (int)m->tls_cert.len, SQLITE_STATIC);
		if ((err = svk__store_done(stmt)) != 0)
			return err;
	}
	return 0;
}

int
svk__materialise_apply(svk_store *st, const uint8_t id[static SVK_HASH_LEN],
    const Samverk__Body *body, bool check)
{
	const struct tables *t = check ? &check_tables : &real_tables;
	struct row r = {0};
	int err;

	switch (body->payload_case) {
	case SAMVERK__BODY__PAYLOAD_PRACTICE:
	case SAMVERK__BODY__PAYLOAD_NEED:
	case SAMVERK__BODY__PAYLOAD_ADOPTION:
		(void)row_from_body(&r, body);
		break;
	case SAMVERK__BODY__PAYLOAD_RETRACTION:
		if ((int)body->retraction->kind < SVK_KIND_PRACTICE ||
		    (int)body->retraction->kind > SVK_KIND_ADOPTION)
			return 0; /* nothing we know how to hide */
		r.kind = (int)body->retraction->kind;
		r.id = body->retraction->id;
		r.lang = r.title = r.status = "";
		r.areas = strdup("");
		r.retracted = true;
		break;
	case SAMVERK__BODY__PAYLOAD_ROSTER: return put_roster(st, t, body);
	default: return 0; /* indicator sets are read from the log itself */
	}
	err = put_entity(st, t, &r, id, body);
	row_free(&r);
	return err;
}

static void
check_end(svk_store *st)
{
	(void)sqlite3_exec(svk__store_db(st),
	    "DROP TABLE IF EXISTS temp.entities_check;"
	    "DROP TABLE IF EXISTS temp.members_check;"
	    "DROP TABLE IF EXISTS temp.meta_check;",
	    NULL, NULL, NULL);
}

int
svk__materialise_check_begin(svk_store *st)
{
	check_end(st);
	return svk__store_exec(st,
	    "CREATE TEMP TABLE entities_check ("
	    "  kind INTEGER NOT NULL, origin BLOB NOT NULL, id TEXT NOT NULL,"
	    "  seq INTEGER NOT NULL, entry BLOB NOT NULL, lang TEXT NOT NULL,"
	    "  title TEXT NOT NULL, areas TEXT NOT NULL, status TEXT NOT NULL,"
	    "  time_ms INTEGER NOT NULL, retracted INTEGER NOT NULL,"
	    "  UNIQUE (kind, origin, id));"
	    /* Keyed as main.members is: a roster that names a key twice
	     * keeps the last, in both. (CREATE TABLE AS would drop the key.) */
	    "CREATE TEMP TABLE members_check ("
	    "  key BLOB PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,"
	    "  pub TEXT NOT NULL, sync TEXT NOT NULL, status INTEGER NOT NULL,"
	    "  tls_cert BLOB) WITHOUT ROWID;"
	    "CREATE TEMP TABLE meta_check (key TEXT PRIMARY KEY, value BLOB);");
}

/* Reports each row of one table missing from the other. */
static int
compare(svk_store *st, const char *sql, const char *what,
    void (*fn)(void *, const char *), void *arg, uint64_t *problems)
{
	sqlite3_stmt *stmt;
	char line[300], fpr[SVK_FPR_SHORT_LEN];
	int err, rc;

	if ((err = svk__store_own(st, sql, &stmt)) != 0)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) == SVK_KEY_LEN)
			svk_crypto_fingerprint_short(sqlite3_column_blob(stmt, 0), fpr);
		else
			strcpy(fpr, "?");
		snprintf(line, sizeof(line), "%s %s/%s: %s", what, fpr,
		    (const char *)sqlite3_column_text(stmt, 1),
		    sqlite3_column_text(stmt, 2));
		(*problems)++;
		fn(arg, line);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : svk__store_err(rc);
}

#define ENTITY_COLS \
	"kind, origin, id, seq, entry, lang, title, areas, status, retracted"
#define MEMBER_COLS "key, name, country, pub, sync, status, tls_cert"

int
svk__materialise_check_compare(svk_store *st, void (*fn)(void *, const char *),
    void *arg, uint64_t *problems)
{
	int err;

	err = compare(st,
	    "SELECT origin, id, 'materialised row does not match the log' FROM ("
	    "SELECT " ENTITY_COLS " FROM main.entities EXCEPT "
	    "SELECT " ENTITY_COLS " FROM temp.entities_check)",
	    "row", fn, arg, problems);
	if (err == 0)
		err = compare(st,
		    "SELECT origin, id, 'missing from the materialised tables' FROM "
		    "temp.entities_check c WHERE NOT EXISTS (SELECT 1 FROM "
		    "main.entities e WHERE e.kind = c.kind AND e.origin = c.origin "
		    "AND e.id = c.id)",
		    "row", fn, arg, problems);
	if (err == 0)
		err = compare(st,
		    "SELECT key, name, 'member does not match the newest roster' FROM ("
		    /* Each difference in its own subquery: compound operators
		     * bind left to right, so A EXCEPT B UNION ALL B EXCEPT A
		     * would be B EXCEPT A alone. */
		    "SELECT * FROM (SELECT " MEMBER_COLS " FROM main.members EXCEPT "
		    "SELECT " MEMBER_COLS " FROM temp.members_check) UNION ALL "
		    "SELECT * FROM (SELECT " MEMBER_COLS " FROM temp.members_check "
		    "EXCEPT SELECT " MEMBER_COLS " FROM main.members))",
		    "member", fn, arg, problems);
	if (err == 0)
		err = compare(st,
		    "SELECT e.origin, e.id, 'search index out of date' FROM "
		    "main.entities e WHERE e.kind IN (1, 2) AND e.rowid NOT IN "
		    "(SELECT rowid FROM search_later) AND ((e.retracted = 0) "
		    "<> EXISTS (SELECT 1 FROM search s WHERE s.rowid = e.rowid))",
		    "row", fn, arg, problems);
	check_end(st);
	return err;
}

int
svk__materialise_check_index(svk_store *st, void (*fn)(void *, const char *),
    void *arg, uint64_t *problems)
{
	/* FTS5 runs its check as a write: outside any read snapshot, so that
	 * it waits for a writer instead of failing on one. */
	int rc = sqlite3_exec(svk__store_db(st),
	    "INSERT INTO search (search) VALUES ('integrity-check')", NULL, NULL,
	    NULL);
	if ((rc & 0xff) == SQLITE_CORRUPT) {
		(*problems)++;
		fn(arg, "search index: fails its integrity check");
		return 0;
	}
	return svk__store_err(rc);
}
