/*
 * store-int.h: what the store's own modules share and nothing above them
 * sees: the SQLite connection and its cached statements, the mapping of
 * SQLite's result codes, and the few statement helpers every module of the
 * store needs. node/ never includes this (nor <sqlite3.h>); a test includes
 * it only where it must look at the file itself.
 */
#ifndef SVK_STORE_INT_H
#define SVK_STORE_INT_H

#include <sqlite3.h>

#include "crypto.h"
#include "samverk.pb-c.h"
#include "store.h"

/* svk__store_is_bulk tells whether svk_store_bulk is on. */
bool svk__store_is_bulk(const svk_store *st);

/* svk__store_db gives the connection, for the store's own modules. */
sqlite3 *svk__store_db(svk_store *st);

/* svk__store_stmt gives a prepared statement for sql, from the store's cache,
 * keyed by sql's address: sql must be a string literal (or other text that
 * stays the same for the store's life); SQL built at run time goes through
 * svk__store_stmtf, which is keyed by the text. Release it
 * with svk__store_release as soon as it is done: a cached statement is not
 * re-entrant, so a function that calls back into the store while stepping
 * prepares its own with svk__store_own instead. */
int svk__store_stmt(svk_store *st, const char *sql, sqlite3_stmt **stmt) SVK_WUR;

/* svk__store_stmtf is svk__store_stmt for SQL built with sqlite3_mprintf:
 * it frees sql (NULL, a failed mprintf, gives -ENOMEM). */
int svk__store_stmtf(svk_store *st, char *sql, sqlite3_stmt **stmt) SVK_WUR;

/* svk__store_own prepares a statement of its own, outside the cache, for
 * loops that call out while stepping; the caller finalizes it. */
int svk__store_own(svk_store *st, const char *sql, sqlite3_stmt **stmt) SVK_WUR;

/* svk__store_release resets a statement from svk__store_stmt and clears its
 * bindings, releasing what it holds. */
void svk__store_release(sqlite3_stmt *stmt);

/* svk__store_done steps a cached statement that returns no rows and
 * releases it: 0 when it ran to the end, else the mapped error. */
int svk__store_done(sqlite3_stmt *stmt) SVK_WUR;

/* svk__store_finish ends a loop over the rows of a statement of its own
 * (svk__store_own, or prepared uncached): err, the loop's own error, when
 * there is one, else rc's mapped error when the last step was not
 * SQLITE_DONE; stmt is finalized either way. */
int svk__store_finish(sqlite3_stmt *stmt, int rc, int err) SVK_WUR;

/* svk__store_exec runs sql (one or more statements, no parameters) once,
 * uncached. */
int svk__store_exec(svk_store *st, const char *sql) SVK_WUR;

/* svk__store_run runs one statement without parameters from the cache: for
 * the savepoints around every entry of a batch, which would cost a parse
 * each otherwise. */
int svk__store_run(svk_store *st, const char *sql) SVK_WUR;

/* svk__store_undo is svk__store_run, best effort, for the ROLLBACK TO and
 * RELEASE of a failure path that already has an error to return. */
void svk__store_undo(svk_store *st, const char *sql);

/* svk__store_each_count runs sql, whose rows are (name, count), and calls
 * fn with each; a non-zero return from fn stops and is returned. */
int svk__store_each_count(svk_store *st, const char *sql,
    int (*fn)(void *arg, const char *name, uint64_t count), void *arg) SVK_WUR;

/* svk__store_err maps a SQLite result code to a Samverk code. */
int svk__store_err(int rc);

/* Where an origin's log stands here: every entry up to head is held, and
 * none beyond top. */
struct svk__log_place {
	uint64_t head;
	uint64_t top;
};

/* Where the last entry stored in this transaction left its origin's log, so
 * that ingest checks the next entry of that origin (a catch-up page is a run
 * of them) with no lookup of the place or of the entry before. store.c
 * forgets it at each begin, commit and rollback, to a savepoint too: it is
 * true only inside the transaction that stored it. */
struct svk__log_tip {
	bool valid;
	uint8_t origin[SVK_KEY_LEN];
	uint64_t seq;
	uint8_t id[SVK_HASH_LEN];
	struct svk__log_place pl; /* the place with it stored */
};

/* svk__store_tip gives the store's svk__log_tip (log.c writes it). */
struct svk__log_tip *svk__store_tip(svk_store *st);

/* What ingest last read of an origin's admission (the federation, the
 * roster's expiry, the origin's status, whether it is this node), so that
 * the next entry of that origin in the same transaction is judged with no
 * lookup. Forgotten as the tip is, and whenever a roster is stored. */
struct svk__ingest_admit {
	bool valid;
	uint8_t origin[SVK_KEY_LEN];
	bool have_fed, have_roster, own;
	uint8_t fed[SVK_KEY_LEN];
	int64_t until;
	int status; /* -1: not a member */
};

/* svk__store_admit gives the store's svk__ingest_admit (ingest.c's). */
struct svk__ingest_admit *svk__store_admit(svk_store *st);

/* svk__log_entry_id looks up the id of the entry (origin, seq): 0,
 * SVK_ENOTFOUND or an error. */
int svk__log_entry_id(svk_store *st, const uint8_t *origin, uint64_t seq,
    uint8_t id[SVK_HASH_LEN]) SVK_WUR;

/* svk__log_read_place reads where origin's log stands (zeros when nothing
 * of it is held). */
int svk__log_read_place(svk_store *st, const uint8_t *origin,
    struct svk__log_place *pl) SVK_WUR;

/* The meta key under which hold.c keeps the hold on authoring (hold.h). It
 * is there only while authoring is on hold, so that log.c's append checks
 * for it in its transaction without calling up into hold.c. */
#define SVK__HOLD_META "hold"

/* svk__log_insert is the one place a row enters the log: it stores the
 * entry id with body b and its envelope, advances the origin's head from pl
 * (where the log stood before) and materialises it. In the caller's
 * transaction. */
int svk__log_insert(svk_store *st, const uint8_t id[SVK_HASH_LEN],
    const Samverk__Body *b, const uint8_t *envelope, size_t len,
    const struct svk__log_place *pl) SVK_WUR;

#endif
