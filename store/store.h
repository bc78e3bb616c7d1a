/*
 * store.h: the node's SQLite database.
 *
 * One file, DIR/samverk.db, in WAL mode. It holds the append-only log of
 * signed envelopes (mine and every partner's), the tables materialised from it
 * (practices, needs, members of the roster), the search index, counters of
 * rejected input, and the local volunteer registry, which nothing that is
 * published ever reads. The schema version is PRAGMA user_version; opening an
 * older file migrates it forward, opening a newer one is refused.
 *
 * Every write to the log goes through log.c; this module owns the connection,
 * the schema, transactions and the small key/value table of node settings.
 */
#ifndef SVK_STORE_H
#define SVK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

#define SVK_STORE_SCHEMA 5

typedef struct svk_store svk_store;

enum {
	SVK_STORE_CREATE = 1 << 0,   /* create the file if it does not exist */
	SVK_STORE_READONLY = 1 << 1, /* open for reading only */
};

/* svk_store_open opens (or with SVK_STORE_CREATE creates) the database at
 * path, applies pending migrations and returns it in *out; close it with
 * svk_store_close. Errors: -ENOENT (no such file and no CREATE), SVK_ECORRUPT
 * (not a Samverk database, or damaged), SVK_ESCHEMA (written by a newer
 * version), SVK_EDB. */
int svk_store_open(svk_store **out, const char *path, int flags) SVK_WUR;

/* svk_store_close closes the database. NULL does nothing. */
void svk_store_close(svk_store *st);

/* svk_store_errmsg returns SQLite's message for the last failure. */
const char *svk_store_errmsg(svk_store *st);

/* svk_store_bulk turns bulk mode on or off, outside a transaction. In bulk
 * mode, for the big catch-up pages of partners' entries (which the
 * federation holds and can give again): commits are synchronous = NORMAL
 * (a power cut may lose the last pages, never consistency; a crash of the
 * process loses nothing), and the search rows of what is stored are written
 * later, in batches (search_later.h); an entry ingested in the caller's
 * transaction has no savepoint of its own (svk_ingest_entry). Off: FULL,
 * and the index at once, as for this node's own entries. */
int svk_store_bulk(svk_store *st, bool on) SVK_WUR;

/* svk_store_release_memory gives back what the connection's page cache
 * holds (it fills again as needed): after a big catch-up, so that an idle
 * node is small. */
void svk_store_release_memory(svk_store *st);

/* svk_store_begin starts a write transaction (BEGIN IMMEDIATE, so that two
 * processes never deadlock upgrading a read lock); svk_store_commit commits
 * it and svk_store_rollback abandons it. */
int svk_store_begin(svk_store *st) SVK_WUR;
int svk_store_commit(svk_store *st) SVK_WUR;
void svk_store_rollback(svk_store *st);

/* svk_store_count_reject adds one to the counter of rejected input for
 * reason (e.g. "bad_signature"), in memory: svk_store_flush_rejects writes
 * the batch (the daemon does once a second), as do svk_store_rejected_each
 * and svk_store_close. Never fails. */
void svk_store_count_reject(svk_store *st, const char *reason);

/* svk_store_count_reject_from is svk_store_count_reject for input of a known
 * origin (a member's key; NULL: not known): it counts towards reason's total
 * and towards origin's count for reason (svk_stats_rejected_origins_each),
 * batched in the same way. Never fails. */
void svk_store_count_reject_from(svk_store *st, const char *reason,
    const uint8_t *origin);

/* svk_store_flush_rejects adds the counts held in memory to the table, in
 * one transaction (the caller's, if one is open). On failure (a full disk)
 * they stay in memory for the next try. */
int svk_store_flush_rejects(svk_store *st) SVK_WUR;

/* svk_store_rejected_each calls fn with each counter of rejected input. */
int svk_store_rejected_each(svk_store *st,
    int (*fn)(void *arg, const char *reason, uint64_t count), void *arg) SVK_WUR;

/* svk_store_data_version returns a number that changes whenever another
 * connection commits to the database (PRAGMA data_version). */
int svk_store_data_version(svk_store *st, int64_t *version) SVK_WUR;

#endif
