/*
 * publish.h: the daemon's PUB socket: this node's new entries, entries and
 * heartbeats relayed from partners, and this node's own heartbeat on a
 * timer. PUB never blocks: a subscriber with no room misses the message,
 * which catch-up repairs.
 */
#ifndef SVK_PUBLISH_H
#define SVK_PUBLISH_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "config.h"
#include "home.h"
#include "say.h"
#include "watch.h"

/* What a heartbeat tells of one link. */
typedef struct svk_publish_peer {
	uint8_t key[SVK_KEY_LEN];
	bool up;
	int64_t last_seen_ms;
} svk_publish_peer;

/* svk_publish_peers_fn lists the links for a heartbeat into a new array
 * (*out, free with free(); NULL when n is 0). */
typedef int (*svk_publish_peers_fn)(void *arg, svk_publish_peer **out, size_t *n);

typedef struct svk_publish {
	svk_watch pub;
	svk_home *home;
	const svk_config *cfg; /* the daemon's, read at each heartbeat */
	uv_timer_t beat;
	bool timer; /* beat is initialised */
	bool stopping;
	int64_t started_ms;
	uint64_t published_seq; /* my newest entry published */
	uint64_t published, relayed;
	bool hold_said; /* the hold on authoring was told since it changed */
	svk_say_limit beat_said; /* own heartbeats that failed, warned of */
	svk_publish_peers_fn peers;
	void *arg;
} svk_publish;

/* svk_publish_open opens the PUB socket (not listening yet: see
 * svk_publish_socket) and starts the heartbeat timer; peers is asked for
 * the links at each heartbeat. Entries already in my log count as
 * published. After a failure too, close pb with svk_publish_close. */
int svk_publish_open(svk_publish *pb, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, svk_publish_peers_fn peers, void *arg) SVK_WUR;

/* svk_publish_close stops the timer and closes the socket; the loop must
 * run for the handles' close callbacks. */
void svk_publish_close(svk_publish *pb);

/* svk_publish_socket gives the PUB socket, for its listener. */
nng_socket svk_publish_socket(const svk_publish *pb);

/* svk_publish_new_local publishes my entries written since the last look,
 * by this process or by a `samverk practice add` next to it. */
void svk_publish_new_local(svk_publish *pb);

/* svk_publish_relay passes a partner's entry envelope on. */
void svk_publish_relay(svk_publish *pb, const uint8_t *envelope, size_t len);

/* svk_publish_relay_beat passes a partner's signed heartbeat on. */
void svk_publish_relay_beat(svk_publish *pb, const uint8_t *beat, size_t len);

/* svk_publish_beat_soon sends a heartbeat shortly (after news worth
 * telling, such as the end of a catch-up), then keeps the usual rhythm. */
void svk_publish_beat_soon(svk_publish *pb);

/* svk_publish_rhythm restarts the heartbeat timer at the configured
 * interval (after SIGHUP). */
void svk_publish_rhythm(svk_publish *pb);

/* svk_publish_counts gives the entries published and relayed so far. */
void svk_publish_counts(const svk_publish *pb, uint64_t *published, uint64_t *relayed);

#endif
