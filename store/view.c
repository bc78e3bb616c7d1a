/*
 * view.c: queries over the materialised tables: listing and search, one
 * entity, an entry's body, the members. See view.h.
 */
#include "view.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "search.h"
#include "search_snippet.h"

/* The snippet of entity e's text for the search q, into *out. */
static int
snippet(svk_store *st, svk__search_q *q, const svk_entity *e, char **out)
{
	Samverk__Body *body;
	int err;

	if ((err = svk_view_body(st, e->entry, &body)) != 0)
		return err;
	err = svk__search_snippet(q, body, out);
	samverk__body__free_unpacked(body, NULL);
	return err;
}

/* Calls fn for each row of stmt; with q, each with its snippet for q. */
static int
emit_rows(svk_store *st, sqlite3_stmt *stmt, svk__search_q *q, svk_entity_fn fn,
    void *arg, bool once)
{
	int rc, err = 0, seen = 0;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		svk_entity e = {
		    .kind = sqlite3_column_int(stmt, 0),
		    .origin = sqlite3_column_blob(stmt, 1),
		    .id = (const char *)sqlite3_column_text(stmt, 2),
		    .seq = (uint64_t)sqlite3_column_int64(stmt, 3),
		    .entry = sqlite3_column_blob(stmt, 4),
		    .lang = (const char *)sqlite3_column_text(stmt, 5),
		    .title = (const char *)sqlite3_column_text(stmt, 6),
		    .areas = (const char *)sqlite3_column_text(stmt, 7),
		    .status = (const char *)sqlite3_column_text(stmt, 8),
		    .time_ms = sqlite3_column_int64(stmt, 9),
		    .retracted = sqlite3_column_int(stmt, 10) != 0,
		    .origin_name = (const char *)sqlite3_column_text(stmt, 11),
		    .origin_country = (const char *)sqlite3_column_text(stmt, 12),
		};
		if (sqlite3_column_bytes(stmt, 1) != SVK_KEY_LEN ||
		    sqlite3_column_bytes(stmt, 4) != SVK_HASH_LEN)
			return SVK_ECORRUPT;
		seen++;
		char *snip = NULL;
		if (q != NULL && (err = snippet(st, q, &e, &snip)) != 0)
			return err;
		e.snippet = snip;
		err = fn(arg, &e);
		free(snip);
		if (err != 0)
			return err;
		if (once)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return svk__store_err(rc);
	return seen == 0 && once ? SVK_ENOTFOUND : 0;
}

#define SELECT_ENTITY                                                       \
	"SELECT e.kind, e.origin, e.id, e.seq, e.entry, e.lang, e.title, "  \
	"e.areas, e.status, e.time_ms, e.retracted, coalesce(m.name, ''), " \
	"coalesce(m.country, '') FROM entities e LEFT JOIN members m ON "   \
	"m.key = e.origin "

int
svk_view_list(svk_store *st, const svk_query *q, svk_entity_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	svk__search_q *match = NULL;
	int err;

	if (q->text != NULL &&
	    (err = svk__search_q_make(st, q->text, q->lang, &match)) != 0)
		return err;
	err = svk__store_own(st,
	    q->text ? SELECT_ENTITY
		"JOIN search s ON s.rowid = e.rowid "
		"WHERE search MATCH ?1 AND e.kind = ?2 "
		/* a retracted one's row may wait for search_later */
		"AND (?7 OR e.retracted = 0) "
		"AND (?3 IS NULL OR instr(',' || e.areas || ',', ',' || ?3 || ','))"
		"AND (?4 IS NULL OR e.origin = ?4) "
		"AND (?5 IS NULL OR e.status = ?5) "
		"ORDER BY bm25(search, 4.0, 1.0) LIMIT ?6" :
		      SELECT_ENTITY
		"WHERE e.kind = ?2 AND (?7 OR e.retracted = 0) "
		"AND (?3 IS NULL OR instr(',' || e.areas || ',', ',' || ?3 || ','))"
		"AND (?4 IS NULL OR e.origin = ?4) "
		"AND (?5 IS NULL OR e.status = ?5) "
		"ORDER BY e.time_ms DESC, e.id LIMIT ?6",
	    &stmt);
	if (err != 0)
		goto out;
	if (match)
		(void)sqlite3_bind_text(stmt, 1, svk__search_q_fts(match), -1,
		    SQLITE_STATIC);
	(void)sqlite3_bind_int(stmt, 2, q->kind);
	if (q->area)
		(void)sqlite3_bind_text(stmt, 3, q->area, -1, SQLITE_STATIC);
	if (q->origin)
		(void)sqlite3_bind_blob(stmt, 4, q->origin, SVK_KEY_LEN, SQLITE_STATIC);
	if (q->status)
		(void)sqlite3_bind_text(stmt, 5, q->status, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 6, q->limit ? (sqlite3_int64)q->limit : -1);
	/* Retracted entities have no search row: with text, never those. */
	(void)sqlite3_bind_int(stmt, 7, q->text ? 0 : q->with_retracted);
	err = emit_rows(st, stmt, match, fn, arg, false);
	sqlite3_finalize(stmt);
out:
	svk__search_q_free(match);
	return err;
}

int
svk_view_get(svk_store *st, int kind, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, svk_entity_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__store_stmt(st,
		 SELECT_ENTITY "WHERE e.kind = ? AND e.origin = ? AND e.id = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_int(stmt, 1, kind);
	(void)sqlite3_bind_blob(stmt, 2, origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 3, id, -1, SQLITE_STATIC);
	err = emit_rows(st, stmt, NULL, fn, arg, true);
	svk__store_release(stmt);
	return err;
}

int
svk_view_body(svk_store *st, const uint8_t id[static SVK_HASH_LEN],
    Samverk__Body **body)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st, "SELECT envelope FROM log WHERE id = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, id, SVK_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*body = svk__envelope_body(sqlite3_column_blob(stmt, 0),
		    (size_t)sqlite3_column_bytes(stmt, 0));
		err = *body ? 0 : SVK_ECORRUPT;
	} else {
		err = rc == SQLITE_DONE ? SVK_ENOTFOUND : svk__store_err(rc);
	}
	svk__store_release(stmt);
	return err;
}

int
svk_view_members(svk_store *st, svk_member_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_own(st,
		 "SELECT key, name, country, pub, sync, status, tls_cert "
		 "FROM members ORDER BY country, name",
		 &stmt)) != 0)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		svk_member m = {
		    .key = sqlite3_column_blob(stmt, 0),
		    .name = (const char *)sqlite3_column_text(stmt, 1),
		    .country = (const char *)sqlite3_column_text(stmt, 2),
		    .pub = (const char *)sqlite3_column_text(stmt, 3),
		    .catchup = (const char *)sqlite3_column_text(stmt, 4),
		    .status = sqlite3_column_int(stmt, 5),
		    .tls_cert = sqlite3_column_blob(stmt, 6),
		    .tls_cert_len = (size_t)sqlite3_column_bytes(stmt, 6),
		};
		if (sqlite3_column_bytes(stmt, 0) != SVK_KEY_LEN)
			continue;
		if ((err = fn(arg, &m)) != 0)
			break;
	}
	return svk__store_finish(stmt, rc, err);
}

int
svk_view_member_status(svk_store *st, const uint8_t key[static SVK_KEY_LEN])
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st, "SELECT status FROM members WHERE key = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, key, SVK_KEY_LEN, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		err = sqlite3_column_int(stmt, 0) ==
			      SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ?
			  0 :
			  SVK_ESUSPENDED;
	else
		err = rc == SQLITE_DONE ? SVK_ENOTMEMBER : svk__store_err(rc);
	svk__store_release(stmt);
	return err;
}
