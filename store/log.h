/*
 * log.h: the per-origin signed append-only logs.
 *
 * Every record a node publishes is a Body (origin, seq, hash of the previous
 * body, time, payload) signed inside an Envelope. This module is the only
 * writer of the log table: local authoring (svk_log_append) and entries from
 * partners (svk_log_ingest) both end in the same insert, which also updates
 * the materialised tables (view.h) in the same transaction.
 *
 * Checking an envelope (svk_entry_open) needs no database, so a large batch
 * can be verified on worker threads before it is ingested on the loop.
 */
#ifndef SVK_LOG_H
#define SVK_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "samverk.pb-c.h"
#include "store.h"

#define SVK_MAX_ENVELOPE (256 * 1024) /* bytes of one envelope */

/* An envelope that decoded, has well-formed fields and a valid signature. */
typedef struct svk_entry {
	uint8_t id[SVK_HASH_LEN];	/* BLAKE2b-256 of the body bytes */
	uint8_t *envelope;		/* the envelope bytes, owned */
	size_t envelope_len;
	Samverk__Envelope *env;		/* decoded, owned */
	Samverk__Body *body;		/* decoded from env->body, owned */
} svk_entry;

/* svk_entry_open decodes buf[0..len) as an Envelope, checks its fields (a
 * 64-byte signature, a 32-byte origin and federation, seq >= 1, prev empty
 * for seq 1 and 32 bytes otherwise, exactly one payload) and verifies the
 * signature over the body bytes as received. On success *out holds a copy of
 * the bytes; free it with svk_entry_free. Errors: SVK_ETOOBIG, SVK_EMALFORMED,
 * SVK_EBADSIG, -ENOMEM. Needs no store: safe on any thread. */
int svk_entry_open(const uint8_t *buf, size_t len, svk_entry **out) SVK_WUR;

/* svk_entry_free frees an entry. NULL does nothing. */
void svk_entry_free(svk_entry *e);

/* svk_entry_reason names the counter a rejection by err is counted under
 * ("bad_signature", "malformed", "not_member", ...). */
const char *svk_entry_reason(int err);

/* svk_log_append signs and appends a local entry. The caller sets only the
 * payload of body; this fills in federation, origin, seq (the next one, read
 * inside the write transaction), prev and time, then signs, stores and
 * materialises it, all in one transaction: the caller's if one is open (then
 * a failure leaves it to the caller to roll back), else its own. On success *seq and id (if not
 * NULL) say what was written. The body's other fields are reset before
 * returning, so the caller's payload is untouched and still its own. */
int svk_log_append(svk_store *st, const svk_identity *me, Samverk__Body *body,
    uint64_t *seq, uint8_t id[SVK_HASH_LEN]) SVK_WUR;

/* svk_log_ingest stores an entry from a partner: it checks the federation,
 * that the origin is an active member of the newest roster held (rosters
 * themselves only from the federation key), the hash chain against the
 * neighbours held, and forks; then inserts and materialises it. It runs in the
 * caller's transaction if one is open, else in its own. *fresh says whether
 * the entry was new (false: already held, nothing changed). Rejections are
 * counted in the store. Errors: SVK_EFEDERATION, SVK_ENOTMEMBER,
 * SVK_ESUSPENDED, SVK_EEXPIRED, SVK_ECHAIN, SVK_EFORK, SVK_EDB. */
int svk_log_ingest(svk_store *st, const svk_entry *e, bool *fresh) SVK_WUR;

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
} svk_head;

/* svk_log_heads returns every origin's head, sorted by origin, in a new array
 * *heads of *n elements (free it with free()). */
int svk_log_heads(svk_store *st, svk_head **heads, size_t *n) SVK_WUR;

/* svk_log_heads_digest hashes the sorted (origin, head, top) triples: two
 * nodes with the same digest hold the same entries. */
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

/* svk_log_count gives the number of entries held, and of them my own. */
int svk_log_count(svk_store *st, const uint8_t *mine, uint64_t *all,
    uint64_t *own) SVK_WUR;

/* A problem found by svk_log_verify. */
typedef void (*svk_verify_fn)(void *arg, const char *what);

/* svk_log_verify re-checks every stored envelope (decoding, signature, that
 * its id and columns match its body), every hash chain, and every
 * materialised row against a rebuild from the log. Each problem is reported
 * through fn with a one-line description naming the entry. *problems counts
 * them. Returns 0 when the check ran (whatever it found), else an error. */
int svk_log_verify(svk_store *st, svk_verify_fn fn, void *arg,
    uint64_t *checked, uint64_t *problems) SVK_WUR;

/* svk_now_ms returns the wall clock in Unix milliseconds. */
int64_t svk_now_ms(void);

#endif
