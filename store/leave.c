/*
 * leave.c: svk_leave_federation (see leave.h): the one writer of a leave.
 */
#include "leave.h"

#include "log.h"
#include "store-int.h"

/* What goes, each statement bound to this node's key as ?1 where it names
 * one. The search rows go before the entities they index. */
static const char *const forget[] = {
    "DELETE FROM search WHERE rowid IN "
    "(SELECT rowid FROM entities WHERE origin <> ?1)",
    "DELETE FROM entities WHERE origin <> ?1",
    "DELETE FROM heads WHERE origin <> ?1",
    "DELETE FROM log WHERE origin <> ?1",
    "DELETE FROM forks WHERE origin <> ?1",
    "DELETE FROM flagged WHERE origin <> ?1",
    "DELETE FROM members",
    "DELETE FROM peers",
    "DELETE FROM heartbeats",
    "DELETE FROM meta WHERE key IN "
    "('federation', 'bootstrap_peer', 'join_problem')",
};

/* Runs sql with me bound where it asks for it. */
static int
run(svk_store *st, const char *sql, const uint8_t *me)
{
	sqlite3_stmt *stmt;
	int err = svk__store_stmt(st, sql, &stmt);

	if (err != 0)
		return err;
	if (sqlite3_bind_parameter_count(stmt) > 0 &&
	    (err = svk__store_err(sqlite3_bind_blob(stmt, 1, me, SVK_KEY_LEN,
		 SQLITE_STATIC))) != 0) {
		svk__store_release(stmt);
		return err;
	}
	return svk__store_done(stmt);
}

/* How many entries of others are held. */
static int
others(svk_store *st, const uint8_t *me, uint64_t *n)
{
	sqlite3_stmt *stmt;
	int err = svk__store_stmt(st,
	    "SELECT count(*) FROM log WHERE origin <> ?1", &stmt);

	if (err != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, me, SVK_KEY_LEN, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*n = (uint64_t)sqlite3_column_int64(stmt, 0);
		err = 0;
	} else {
		err = svk__store_err(sqlite3_errcode(svk__store_db(st)));
		err = err ? err : SVK_EDB;
	}
	svk__store_release(stmt);
	return err;
}

int
svk_leave_federation(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    uint64_t *dropped)
{
	uint8_t fed[SVK_KEY_LEN];
	int err;

	*dropped = 0;
	if ((err = svk_store_begin(st)) != 0)
		return err;
	if ((err = svk_log_federation(st, fed)) != 0 ||
	    (err = others(st, me, dropped)) != 0)
		goto fail;
	for (size_t i = 0; i < sizeof(forget) / sizeof(forget[0]); i++)
		if ((err = run(st, forget[i], me)) != 0)
			goto fail;
	return svk_store_commit(st);
fail:
	svk_store_rollback(st);
	return err;
}
