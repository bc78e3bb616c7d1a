/* store_meta.c: the node's settings in the meta table. See store_meta.h. */
#include "store_meta.h"
#include "store-int.h"

#include <errno.h>
#include <string.h>

/* Looks key up: 0 with stmt on its row (finalize it), else the error and
 * nothing to finalize (SVK_ENOTFOUND when it is not set). */
static int
meta_find(svk_store *st, const char *key, sqlite3_stmt **stmt)
{
	int rc = sqlite3_prepare_v2(svk__store_db(st),
	    "SELECT value FROM meta WHERE key = ?", -1, stmt, NULL);

	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	(void)sqlite3_bind_text(*stmt, 1, key, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(*stmt)) == SQLITE_ROW)
		return 0;
	sqlite3_finalize(*stmt);
	return rc == SQLITE_DONE ? SVK_ENOTFOUND : svk__store_err(rc);
}

int
svk_store_meta_get_blob(svk_store *st, const char *key, uint8_t *buf, size_t len)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = meta_find(st, key, &stmt)) != 0)
		return err;
	if ((size_t)sqlite3_column_bytes(stmt, 0) != len)
		err = SVK_ECORRUPT;
	else
		memcpy(buf, sqlite3_column_blob(stmt, 0), len);
	sqlite3_finalize(stmt);
	return err;
}

int
svk_store_meta_get(svk_store *st, const char *key, char **value)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = meta_find(st, key, &stmt)) != 0)
		return err;
	const unsigned char *text = sqlite3_column_text(stmt, 0);
	if ((*value = strdup(text ? (const char *)text : "")) == NULL)
		err = -ENOMEM;
	sqlite3_finalize(stmt);
	return err;
}

static int
meta_put(svk_store *st, const char *key, const void *buf, int len, bool text)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(svk__store_db(st),
	    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", -1, &stmt,
	    NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	(void)sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (text)
		(void)sqlite3_bind_text(stmt, 2, buf, len, SQLITE_STATIC);
	else
		(void)sqlite3_bind_blob(stmt, 2, buf, len, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : svk__store_err(rc);
}

int
svk_store_meta_set(svk_store *st, const char *key, const char *value)
{
	return meta_put(st, key, value, -1, true);
}

int
svk_store_meta_set_blob(svk_store *st, const char *key, const uint8_t *buf, size_t len)
{
	return meta_put(st, key, buf, (int)len, false);
}
