/*
 * search_later.c: the search rows bulk mode leaves for later, written in
 * batches. See search_later.h.
 */
#include "search_later.h"
#include "store-int.h"

#include "envelope.h"
#include "search.h"

int
svk__search_later_add(svk_store *st, int64_t rowid)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__store_stmt(st,
		 "INSERT OR IGNORE INTO search_later (rowid) VALUES (?)", &stmt)) != 0)
		return err;
	(void)sqlite3_bind_int64(stmt, 1, rowid);
	return svk__store_done(stmt);
}

int
svk_search_later_count(svk_store *st, uint64_t *n)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st, "SELECT count(*) FROM search_later", &stmt)) != 0)
		return err;
	rc = sqlite3_step(stmt);
	*n = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(stmt, 0) : 0;
	svk__store_release(stmt);
	return rc == SQLITE_ROW ? 0 : svk__store_err(rc);
}

/* Writes the search row of one waiting entity, if it is still live. */
static int
one(svk_store *st, sqlite3_stmt *row)
{
	int64_t rowid = sqlite3_column_int64(row, 0);
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__store_stmt(st, "DELETE FROM search_later WHERE rowid = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_int64(stmt, 1, rowid);
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	/* The row of the entity as it was (bulk mode leaves it), or one written
	 * since (it changed outside bulk mode), gives way to the entity as it
	 * is now: to nothing if it is gone or retracted. */
	if ((err = svk__store_stmt(st, "DELETE FROM search WHERE rowid = ?", &stmt)) != 0)
		return err;
	(void)sqlite3_bind_int64(stmt, 1, rowid);
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	if (sqlite3_column_type(row, 1) == SQLITE_NULL ||
	    sqlite3_column_int(row, 2) != 0 ||
	    sqlite3_column_type(row, 3) == SQLITE_NULL)
		return 0; /* gone, retracted, or not searched */
	Samverk__Body *body = svk__envelope_body(sqlite3_column_blob(row, 3),
	    (size_t)sqlite3_column_bytes(row, 3));
	/* A damaged envelope must not hold the rest back for good: forgotten
	 * here, it is what `verify` names ("search index out of date"). */
	if (body == NULL)
		return 0;
	err = svk__search_put(st, rowid, body);
	samverk__body__free_unpacked(body, NULL);
	return err;
}

int
svk_search_later_run(svk_store *st, unsigned max, bool *more)
{
	sqlite3_stmt *row;
	int err, rc;

	*more = false;
	if (svk__store_is_bulk(st))
		return SVK_EINVAL;
	if ((err = svk_store_begin(st)) != 0)
		return err;
	/* Its own statement: one() uses the cached ones. */
	if ((err = svk__store_own(st,
		 "SELECT s.rowid, e.rowid, e.retracted, "
		 "CASE WHEN e.kind IN (1, 2) THEN l.envelope END "
		 "FROM search_later s LEFT JOIN entities e ON e.rowid = s.rowid "
		 "LEFT JOIN log l ON l.id = e.entry ORDER BY s.rowid LIMIT ?",
		 &row)) != 0) {
		svk_store_rollback(st);
		return err;
	}
	(void)sqlite3_bind_int64(row, 1, max);
	while ((rc = sqlite3_step(row)) == SQLITE_ROW)
		if ((err = one(st, row)) != 0)
			break;
	sqlite3_finalize(row);
	if (err == 0 && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	if (err == 0 &&
	    (err = svk__store_stmt(st,
		 "SELECT EXISTS (SELECT 1 FROM search_later)", &row)) == 0) {
		if ((rc = sqlite3_step(row)) == SQLITE_ROW)
			*more = sqlite3_column_int(row, 0) != 0;
		else
			err = svk__store_err(rc);
		svk__store_release(row);
	}
	if (err != 0) {
		svk_store_rollback(st);
		return err;
	}
	return svk_store_commit(st);
}
