/*
 * catchup_wire.h: the catch-up protocol, both sides, without sockets.
 *
 * A requester asks a peer for the entries it lacks (see CatchupRequest in
 * samverk.proto): first with the digest of its heads only, then, when they
 * differ, with its heads and a cursor, page by page. The responder answers
 * from its store. Both sides are plain functions from bytes to bytes, so the
 * daemon, the tests and the fuzzer use the very same code.
 */
#ifndef SVK_CATCHUP_WIRE_H
#define SVK_CATCHUP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "store.h"

#define SVK_CATCHUP_MAX_REQUEST (1024 * 1024)	 /* bytes of one request */
#define SVK_CATCHUP_MAX_REPLY (8 * 1024 * 1024)	 /* bytes of one reply */
#define SVK_CATCHUP_PAGE_BYTES (4 * 1024 * 1024) /* entries per page, in bytes */
#define SVK_CATCHUP_PAGE_MAX 2000		 /* entries per page */
#define SVK_CATCHUP_MAX_HEADS 100000		 /* origins in one request */

/* A requester's state for one round with one peer. */
typedef struct svk_catchup_wire_round {
	uint8_t federation[SVK_KEY_LEN];
	svk_head *heads; /* my heads when the round began, owned */
	size_t n_heads;
	uint8_t digest[SVK_HASH_LEN];
	bool sent_heads;  /* past the digest-only request */
	bool have_cursor; /* the cursor below is set */
	uint8_t after_origin[SVK_KEY_LEN];
	uint64_t after_seq;
	uint32_t page; /* entries per page to ask for */
} svk_catchup_wire_round;

/* svk_catchup_wire_round_begin starts a round from the store's current heads. Free
 * with svk_catchup_wire_round_fini. */
int svk_catchup_wire_round_begin(svk_catchup_wire_round *r, svk_store *st,
    uint32_t page) SVK_WUR;

/* svk_catchup_wire_round_fini releases what the round holds. */
void svk_catchup_wire_round_fini(svk_catchup_wire_round *r);

/* svk_catchup_wire_request encodes the next request of the round into a new buffer
 * (free with free()). */
int svk_catchup_wire_request(const svk_catchup_wire_round *r, uint8_t **out,
    size_t *len) SVK_WUR;

/* What a reply told the requester. */
typedef enum {
	SVK_CATCHUP_DONE,    /* in sync, or the last page came */
	SVK_CATCHUP_AGAIN,   /* send svk_catchup_wire_request again */
	SVK_CATCHUP_REFUSED, /* the peer refused the request */
} svk_catchup_wire_next;

/* svk_catchup_wire_reply decodes a reply and advances the round. The entries it
 * carries are given to fn, one envelope at a time, in order; they point into
 * *reply (free it with svk_catchup_wire_reply_free once the entries are no longer
 * needed). SVK_EMALFORMED for a reply that does not decode or breaks the
 * protocol. */
typedef struct svk_catchup_wire_reply svk_catchup_wire_reply;
int svk_catchup_wire_reply_open(svk_catchup_wire_round *r, const uint8_t *buf,
    size_t len, svk_catchup_wire_reply **reply, svk_catchup_wire_next *next) SVK_WUR;
size_t svk_catchup_wire_reply_count(const svk_catchup_wire_reply *reply);
void svk_catchup_wire_reply_entry(const svk_catchup_wire_reply *reply, size_t i,
    const uint8_t **buf, size_t *len);
void svk_catchup_wire_reply_free(svk_catchup_wire_reply *reply);

/* svk_catchup_wire_serve answers one request from the store into a new buffer (free
 * with free()). A malformed request, or one for another federation, gets a
 * "refused" reply and SVK_EMALFORMED / SVK_EFEDERATION so the caller can
 * count it; the reply is still to be sent. *sent counts the entries in it.
 * Where the requester's head names another entry than the one held at that
 * seq, the reply carries the one held (a fork's evidence) and nothing more of
 * that origin. A requester showing more of this node's own log than it holds,
 * or another entry at one of its seqs, puts authoring on hold (hold.h). */
int svk_catchup_wire_serve(svk_store *st, const uint8_t *req, size_t len,
    uint8_t **out, size_t *outlen, size_t *sent) SVK_WUR;

#endif
