/* integrity.c: SQLite's own checks of the store file. See integrity.h. */
#include "integrity.h"

#include "store-int.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Damage met at run time, by any connection on any thread: set once. */
static atomic_int damaged;
static atomic_int message_ready;
static char message[256];

/* SQLite's report on one line, for a log line or an error. */
static void
one_line(char *s)
{
	for (; s != NULL && *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

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
	one_line(*problem);
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

/* SQLite's error log: called on the thread that met the error. */
static void
on_sqlite_log(void *arg, int code, const char *msg)
{
	(void)arg;
	if ((code & 0xff) != SQLITE_CORRUPT && (code & 0xff) != SQLITE_NOTADB &&
	    code != SQLITE_IOERR_READ)
		return;
	if (atomic_exchange(&damaged, 1) == 0) {
		snprintf(message, sizeof(message), "%s", msg ? msg : "damage");
		atomic_store(&message_ready, 1);
	}
}

int
svk_integrity_watch(void)
{
	int rc = sqlite3_config(SQLITE_CONFIG_LOG, on_sqlite_log, NULL);

	return rc == SQLITE_OK	   ? 0 :
	       rc == SQLITE_MISUSE ? -EBUSY :
				     svk__store_err(rc);
}

bool
svk_integrity_damage(char *buf, size_t len)
{
	if (!atomic_load(&damaged))
		return false;
	if (len > 0)
		snprintf(buf, len, "%s",
		    atomic_load(&message_ready) ? message : "damage");
	return true;
}
