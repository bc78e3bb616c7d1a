/*
 * entry.h: a log entry as received: its envelope decoded, its fields
 * checked and its signature verified. Needs no store, so a large batch can
 * be checked on worker threads.
 */
#ifndef SVK_ENTRY_H
#define SVK_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "samverk.pb-c.h"

#define SVK_MAX_ENVELOPE (256 * 1024) /* bytes of one envelope */


/* An envelope that decoded, has well-formed fields and a valid signature. */
typedef struct svk_entry {
	uint8_t id[SVK_HASH_LEN]; /* BLAKE2b-256 of the body bytes */
	uint8_t *envelope;	  /* the envelope bytes, owned */
	size_t envelope_len;
	Samverk__Envelope *env; /* decoded, owned */
	Samverk__Body *body;	/* decoded from env->body, owned */
	bool sig_checked;	/* its own signature was verified */
} svk_entry;

/* svk_entry_open decodes buf[0..len) as an Envelope, checks its fields (a
 * 64-byte signature, a 32-byte origin and federation, seq >= 1, prev empty
 * for seq 1 and 32 bytes otherwise, exactly one payload) and verifies the
 * signature over the body bytes as received. On success *out holds a copy of
 * the bytes; free it with svk_entry_free. Errors: SVK_ETOOBIG, SVK_EMALFORMED,
 * SVK_EBADSIG, -ENOMEM. Needs no store: safe on any thread. */
int svk_entry_open(const uint8_t *buf, size_t len, svk_entry **out) SVK_WUR;

/* svk_entry_decode is svk_entry_open without the signature check: the
 * entry's id (the hash of its body) is known, sig_checked is false. For a
 * copy that may be held already (recognised by its id before any signature
 * is checked) and for the runs of a catch-up page, whose top signature
 * vouches for the bodies below it. Errors: SVK_ETOOBIG, SVK_EMALFORMED,
 * -ENOMEM. */
int svk_entry_decode(const uint8_t *buf, size_t len, svk_entry **out) SVK_WUR;

/* svk_entry_check_sig verifies e's own signature (once: sig_checked says it
 * was). Errors: SVK_EBADSIG. */
int svk_entry_check_sig(svk_entry *e) SVK_WUR;

/* svk_entry_free frees an entry. NULL does nothing. */
void svk_entry_free(svk_entry *e);

/* svk_entry_reason names the counter a rejection by err is counted under
 * ("bad_signature", "malformed", "not_member", ...). */
const char *svk_entry_reason(int err);

#endif
