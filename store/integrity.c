/* integrity.c: SQLite's own checks of the store file. See integrity.h. */
#include "integrity.h"

#include "store-int.h"

#include <stdlib.h>
#include <string.h>

/* Runs pragma (quick_check or integrity_check, limited to one row) on db. */
static int
check(sqlite3 *db, const char *sql, char **problem)
{
	sqlite3_stmt *stmt;
	const char *text;
	int rc, err;

	*problem = NULL;
	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK) {
		/* a damaged schema page fails here already */
		if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
			*problem = strdup(sqlite3_errmsg(db));
			return SVK_ECORRUPT;
		}
		return svk__store_err(rc);
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(stmt, 0);
		if (text != NULL && strcmp(text, "ok") == 0) {
			err = 0;
		} else {
			*problem = strdup(text ? text : "unknown damage");
			err = SVK_ECORRUPT;
		}
	} else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
		*problem = strdup(sqlite3_errmsg(db));
		err = SVK_ECORRUPT;
	} else {
		err = svk__store_err(rc);
	}
	sqlite3_finalize(stmt);
	return err;
}

int
svk_integrity_quick(svk_store *st, char **problem)
{
	return check(svk__store_db(st), "PRAGMA quick_check(1)", problem);
}

int
svk_integrity_full(const char *path, char **problem)
{
	sqlite3 *db = NULL;
	int rc, err;

	*problem = NULL;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		err = (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB ?
			  SVK_ECORRUPT :
			  svk__store_err(rc);
		sqlite3_close(db);
		return err;
	}
	(void)sqlite3_busy_timeout(db, 5000);
	err = check(db, "PRAGMA integrity_check(1)", problem);
	sqlite3_close(db);
	return err;
}
