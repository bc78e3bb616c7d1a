/* peers.c: the peers table, written by the daemon. See peers.h. */
#include "peers.h"
#include "store-int.h"

#include <string.h>

#include "log.h"

int
svk_peers_replace(svk_store *st, const svk_peer_row *rows, size_t n)
{
	sqlite3_stmt *stmt = NULL;
	int err;

	if ((err = svk_store_begin(st)) != 0)
		return err;
	if ((err = svk__store_stmt(st, "DELETE FROM peers", &stmt)) != 0)
		goto rollback;
	err = sqlite3_step(stmt) == SQLITE_DONE ? 0 : SVK_EDB;
	svk__store_release(stmt);
	if (err != 0)
		goto rollback;
	if ((err = svk__store_stmt(st,
		 "INSERT OR REPLACE INTO peers (key, pub, sync, sub_up, req_up, "
		 "last_seen_ms, last_sync_ms, rounds, received, updated_ms, "
		 "down_since_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		 &stmt)) != 0)
		goto rollback;
	for (size_t i = 0; i < n && err == 0; i++) {
		const svk_peer_row *r = &rows[i];
		(void)sqlite3_reset(stmt);
		if (sqlite3_bind_blob(stmt, 1, r->key, SVK_KEY_LEN, SQLITE_STATIC) ||
		    sqlite3_bind_text(stmt, 2, r->pub ? r->pub : "", -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(stmt, 3, r->catchup ? r->catchup : "", -1,
			SQLITE_STATIC) ||
		    sqlite3_bind_int(stmt, 4, r->sub_up) ||
		    sqlite3_bind_int(stmt, 5, r->req_up) ||
		    sqlite3_bind_int64(stmt, 6, r->last_seen_ms) ||
		    sqlite3_bind_int64(stmt, 7, r->last_catchup_ms) ||
		    sqlite3_bind_int64(stmt, 8, (sqlite3_int64)r->rounds) ||
		    sqlite3_bind_int64(stmt, 9, (sqlite3_int64)r->received) ||
		    sqlite3_bind_int64(stmt, 10, svk_clock_now_ms()) ||
		    sqlite3_bind_int64(stmt, 11, r->down_since_ms) ||
		    sqlite3_step(stmt) != SQLITE_DONE)
			err = SVK_EDB;
	}
	svk__store_release(stmt);
	if (err != 0)
		goto rollback;
	return svk_store_commit(st);
rollback:
	svk_store_rollback(st);
	return err;
}

int
svk_peers_get(svk_store *st, const uint8_t key[static SVK_KEY_LEN],
    svk_peer_row *row, bool *found)
{
	sqlite3_stmt *stmt;
	int rc, err;

	*found = false;
	memset(row, 0, sizeof(*row));
	memcpy(row->key, key, SVK_KEY_LEN);
	if ((err = svk__store_stmt(st,
		 "SELECT sub_up, req_up, last_seen_ms, last_sync_ms, rounds, "
		 "received, down_since_ms FROM peers WHERE key = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, key, SVK_KEY_LEN, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*found = true;
		row->sub_up = sqlite3_column_int(stmt, 0) != 0;
		row->req_up = sqlite3_column_int(stmt, 1) != 0;
		row->last_seen_ms = sqlite3_column_int64(stmt, 2);
		row->last_catchup_ms = sqlite3_column_int64(stmt, 3);
		row->rounds = (uint64_t)sqlite3_column_int64(stmt, 4);
		row->received = (uint64_t)sqlite3_column_int64(stmt, 5);
		row->down_since_ms = sqlite3_column_int64(stmt, 6);
	}
	err = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : svk__store_err(rc);
	svk__store_release(stmt);
	return err;
}
