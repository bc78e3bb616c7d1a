/*
 * throttle.h: token buckets that limit what one partner may cost this node
 * (gossip messages and bytes, catch-up requests). Pure: the caller gives
 * the clock.
 */
#ifndef SVK_THROTTLE_H
#define SVK_THROTTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A token bucket: at most rate a second, bursts of up to twice that. A
 * zeroed one is full at its first use. */
typedef struct svk_throttle {
	double msgs;
	double bytes;
	int64_t at_ms;	   /* last refill; 0 before the first use */
	int64_t warned_ms; /* last svk_throttle_warn that said yes */
	uint64_t dropped;
} svk_throttle;

/* svk_throttle_take takes one message of len bytes from t at time now (ms),
 * refilled at msgs_rate and bytes_rate a second; false when t is empty, and
 * the message is to be dropped (counted in t's dropped). */
bool svk_throttle_take(svk_throttle *t, int64_t now, double msgs_rate,
    double bytes_rate, size_t len);

/* svk_throttle_delay_ms tells how long after now (ms) svk_throttle_take
 * with msgs_rate would let one message through t (0: at once). It does not
 * change t: an asker uses it to pace itself under a partner's throttle, a
 * responder to say when a throttled asker may ask again. */
int64_t svk_throttle_delay_ms(const svk_throttle *t, int64_t now, double msgs_rate);

/* svk_throttle_empty takes everything from t at now: what it lets through
 * from then on is its rate alone, no burst saved up before. */
void svk_throttle_empty(svk_throttle *t, int64_t now);

/* svk_throttle_warn tells whether a warning about t is due at now: at most
 * one every 10 seconds. */
bool svk_throttle_warn(svk_throttle *t, int64_t now);

/* svk_throttle_dropped gives how many messages t has dropped so far. */
uint64_t svk_throttle_dropped(const svk_throttle *t);

/* svk_throttle_since gives the time of t's last refill (0: never used). */
int64_t svk_throttle_since(const svk_throttle *t);

#endif
