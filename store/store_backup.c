/*
 * store_backup.c: a consistent copy of the open database in a new file, by
 * SQLite's online backup. See store_backup.h.
 */
#include "store_backup.h"
#include "store-int.h"

#include <unistd.h>

int
svk_store_backup(svk_store *st, const char *path)
{
	sqlite3 *dst;
	sqlite3_backup *bk;
	int rc, err;

	if (access(path, F_OK) == 0)
		return SVK_EEXISTS;
	rc = sqlite3_open_v2(path, &dst,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		err = svk__store_err(rc);
		sqlite3_close(dst);
		return err;
	}
	if ((bk = sqlite3_backup_init(dst, "main", svk__store_db(st), "main")) == NULL) {
		err = svk__store_err(sqlite3_errcode(dst));
		goto out;
	}
	/* Copy in steps so that a writer is never blocked for long. */
	do {
		rc = sqlite3_backup_step(bk, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	err = svk__store_err(sqlite3_backup_finish(bk));
	if (err == 0 && rc != SQLITE_DONE)
		err = svk__store_err(rc);
out:
	if (sqlite3_close(dst) != SQLITE_OK && err == 0)
		err = SVK_EDB;
	if (err != 0)
		(void)unlink(path);
	return err;
}
