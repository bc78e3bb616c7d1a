/*
 * catchup_busy.h: the "busy" reply of the catch-up protocol (see
 * catchup_wire.h): a responder that will not answer a request yet, because
 * its asker asks faster than it allows on one link, says so and when to ask
 * again (CatchupReply.retry_after_ms), rather than leaving the asker to
 * time out. Both sides, without sockets.
 */
#ifndef SVK_CATCHUP_BUSY_H
#define SVK_CATCHUP_BUSY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define SVK_CATCHUP_BUSY_MAX 16 /* bytes of a busy reply, at most */

/* svk_catchup_busy_encode writes the busy reply "ask again after ms" into
 * out[0..SVK_CATCHUP_BUSY_MAX) and gives its length; ms is at least 1. */
size_t svk_catchup_busy_encode(uint32_t ms, uint8_t out[static SVK_CATCHUP_BUSY_MAX]);

/* svk_catchup_busy_decode tells whether the reply buf[0..len) is a busy
 * reply, and then when to ask again (*ms, at least 1). A reply that
 * carries anything else is not one. */
bool svk_catchup_busy_decode(const uint8_t *buf, size_t len, uint32_t *ms);

#endif
