/*
 * log.h: the per-origin signed append-only logs.
 *
 * Every record a node publishes is a Body (origin, seq, hash of the previous
 * body, time, payload) signed inside an Envelope. This module is the only
 * writer of the log table: local authoring (svk_log_append) and entries from
 * partners (svk_ingest_entry) both end in the same insert, which also updates
 * the materialised tables (view.h) in the same transaction.
 *
 * Checking an envelope (entry.h) needs no database, so a large batch can be
 * verified on worker threads before it is ingested on the loop. Ingest is
 * ingest.h's, verification verify.h's; this header brings both along.
 */
#ifndef SVK_LOG_H
#define SVK_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "entry.h"
#include "samverk.pb-c.h"
#include "clock.h"
#include "store.h"

/* svk_log_append signs and appends a local entry. The caller sets only the
 * payload of body; this fills in federation, origin, seq (the next one, read
 * inside the write transaction), prev and time, then signs, stores and
 * materialises it, all in one transaction: the caller's if one is open (then
 * a failure leaves it to the caller to roll back), else its own. On success
 * *seq and id (if not NULL) say what was written. The body's other fields are
 * reset before returning, so the caller's payload is untouched and still its
 * own. SVK_EHELD, with nothing written, while authoring is on hold (hold.h):
 * the hold is read inside the write transaction, so no command slips past
 * one the daemon has just set. SVK_EEXPIRED for anything but a roster once
 * the roster held expired. */
int svk_log_append(svk_store *st, const svk_identity *me, Samverk__Body *body,
    uint64_t *seq, uint8_t id[SVK_HASH_LEN]) SVK_WUR;

/* svk_log_roster_in_force is 0 when no roster is held or the one held is
 * valid at now, SVK_EEXPIRED when it expired. */
int svk_log_roster_in_force(svk_store *st, int64_t now) SVK_WUR;

/* svk_log_federation reads the federation key this node belongs to into fed.
 * SVK_ENOTFOUND when the node has not joined or created one. */
int svk_log_federation(svk_store *st, uint8_t fed[static SVK_KEY_LEN]) SVK_WUR;

/* svk_log_join makes this node part of federation fed (the coordinator's
 * key). Entries it wrote before, which named no federation and were never
 * published, are signed anew naming it, in one transaction: their seqs and
 * payloads stay, their ids change. SVK_EEXISTS when the node already belongs
 * to a federation. */
int svk_log_join(svk_store *st, const svk_identity *me,
    const uint8_t fed[static SVK_KEY_LEN]) SVK_WUR;

/* A head: the highest seq up to which every entry of origin is held. */
typedef struct svk_head {
	uint8_t origin[SVK_KEY_LEN];
	uint64_t head;
	uint64_t top; /* highest seq held, > head when there is a gap */
	uint8_t hash[SVK_HASH_LEN]; /* id of the entry at head; zero when head is 0 */
} svk_head;

/* svk_log_heads returns every origin's head, sorted by origin, in a new array
 * *heads of *n elements (free it with free()). */
int svk_log_heads(svk_store *st, svk_head **heads, size_t *n) SVK_WUR;

/* svk_log_heads_digest hashes the sorted (origin, head, top, hash) tuples:
 * two nodes with the same digest hold the same entries, and two that hold
 * different entries at the same head (a fork) have different digests. */
void svk_log_heads_digest(const svk_head *heads, size_t n,
    uint8_t digest[static SVK_HASH_LEN]);

/* svk_log_each calls fn for every entry of origin with seq > after, in seq
 * order, at most limit of them (0: no limit), giving the envelope bytes as
 * stored. fn returns 0 to go on, anything else to stop (returned as is).
 * A NULL origin means every origin, ordered by origin then seq. */
typedef int (*svk_log_fn)(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len);
int svk_log_each(svk_store *st, const uint8_t *origin, uint64_t after,
    size_t limit, svk_log_fn fn, void *arg) SVK_WUR;

/* svk_log_id_at reads the id of the entry held at (origin, seq) into id.
 * SVK_ENOTFOUND when none is held there. */
int svk_log_id_at(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    uint64_t seq, uint8_t id[static SVK_HASH_LEN]) SVK_WUR;

/* svk_log_own_head reads this node's own origin (the store's node key) and
 * its head. SVK_ENOTFOUND when the store names no node key. */
int svk_log_own_head(svk_store *st, uint8_t me[static SVK_KEY_LEN],
    uint64_t *head) SVK_WUR;

/* svk_log_count gives the number of entries held, and of them my own. */
int svk_log_count(svk_store *st, const uint8_t *mine, uint64_t *all,
    uint64_t *own) SVK_WUR;


/* svk_log_holds tells whether the log holds the entry whose id (the hash of
 * its body) is id: a gossip copy of it is a duplicate, known without its
 * signature checked. */
int svk_log_holds(svk_store *st, const uint8_t id[static SVK_HASH_LEN],
    bool *held) SVK_WUR;

#endif
