/*
 * beat.h: heartbeats: each node's signed "I am alive, and this is what I
 * hold", published every few seconds. They are not log entries: the newest
 * valid one per member is kept, older ones are dropped.
 */
#ifndef SVK_BEAT_H
#define SVK_BEAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "samverk.pb-c.h"
#include "store.h"

#define SVK_MAX_HEARTBEAT (64 * 1024)
/* Heartbeats and entries dated further ahead of this node's clock are
 * refused (SVK_EFUTURE). */
#define SVK_BEAT_MAX_AHEAD_MS (24LL * 3600 * 1000)
/* A heartbeat held that is dated more than this ahead of our clock came
 * from a clock that ran ahead: a current one (no older than
 * SVK_BEAT_CURRENT_MS) may replace it (see svk_beat_ingest). */
#define SVK_BEAT_AHEAD_SLACK_MS 5000
#define SVK_BEAT_CURRENT_MS 60000

/* A heartbeat whose envelope decoded and whose signature is valid. */
typedef struct svk_beat {
	uint8_t *envelope; /* as received, owned */
	size_t envelope_len;
	Samverk__Heartbeat *hb; /* decoded, owned */
} svk_beat;

/* svk_beat_open decodes and verifies a heartbeat envelope (tag
 * SVK_TAG_HEARTBEAT, signed by the node it names, every string in it
 * well-formed UTF-8). Free with svk_beat_free. SVK_ETOOBIG, SVK_EMALFORMED,
 * SVK_EBADSIG. No store: any thread. */
int svk_beat_open(const uint8_t *buf, size_t len, svk_beat **out) SVK_WUR;

/* svk_beat_free frees a heartbeat. NULL does nothing. */
void svk_beat_free(svk_beat *b);

/* svk_beat_seal signs hb (its node field must be me's key) into a new
 * envelope buffer (free it with free()). */
int svk_beat_seal(const svk_identity *me, const Samverk__Heartbeat *hb,
    uint8_t **out, size_t *len) SVK_WUR;

/* svk_beat_ingest keeps b if it comes from an active member of this node's
 * federation, the roster held has not expired, and b is newer than the one
 * held -- or the one held is dated ahead of this node's clock (a clock that
 * ran ahead and was put right) and b is current; *fresh says whether it was
 * kept. SVK_EFEDERATION, SVK_ENOTMEMBER, SVK_ESUSPENDED, SVK_EEXPIRED,
 * SVK_EFUTURE (dated more than SVK_BEAT_MAX_AHEAD_MS ahead); nothing is
 * counted. */
int svk_beat_ingest(svk_store *st, const svk_beat *b, bool *fresh) SVK_WUR;

/* svk_beat_check makes svk_beat_ingest's checks of b at now, without
 * writing: the same errors. For a heartbeat relayed at once and stored
 * later, in a batch. */
int svk_beat_check(svk_store *st, const svk_beat *b, int64_t now) SVK_WUR;

/* svk_beat_each calls fn with each held heartbeat (decoded, valid only
 * during the call) and when it was received. */
typedef int (*svk_beat_fn)(void *arg, const Samverk__Heartbeat *hb,
    int64_t received_ms);
int svk_beat_each(svk_store *st, svk_beat_fn fn, void *arg) SVK_WUR;

#endif
