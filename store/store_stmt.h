/*
 * store_stmt.h: the store's cache of prepared statements, which store.c's
 * svk__store_stmt and svk__store_stmtf give out (store-int.h). A statement
 * is found by the address of its SQL literal, with no hashing of the text
 * on each call (the ingest path asks a dozen times an entry), or, for SQL
 * built at run time, by its text.
 */
#ifndef SVK_STORE_STMT_H
#define SVK_STORE_STMT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h" /* SVK_WUR */

#define SVK__STORE_STMT_MAX 128	  /* statements kept */
#define SVK__STORE_STMT_SLOTS 256 /* the hash index: at most half full */

struct svk__store_stmt_entry {
	const char *literal; /* the caller's literal, or NULL */
	char *sql;	     /* a copy of text built at run time, or NULL */
	uint64_t hash;
	sqlite3_stmt *stmt;
};

/* Embedded in the store, zeroed to begin with. */
typedef struct svk__store_stmt_cache {
	struct svk__store_stmt_entry entries[SVK__STORE_STMT_MAX]; /* oldest first */
	size_t n;
	uint8_t slots[SVK__STORE_STMT_SLOTS]; /* 1 + the entry's index, 0 for none */
} svk__store_stmt_cache;

/* svk__store_stmt_get gives the statement of literal (an address that names
 * the same text for good) or, literal NULL, of text built at run time,
 * preparing it on db the first time. When full, the oldest is finalized to
 * make room: statements are released before the next is asked for. It
 * returns SQLite's result code (SQLITE_OK, or SQLITE_NOMEM and the like),
 * which store.c maps with svk__store_err: this module calls nothing of
 * store.c's. */
int svk__store_stmt_get(svk__store_stmt_cache *c, sqlite3 *db,
    const char *literal, const char *text, sqlite3_stmt **stmt) SVK_WUR;

/* svk__store_stmt_fini finalizes every statement of the cache. */
void svk__store_stmt_fini(svk__store_stmt_cache *c);

#endif
