/*
 * daemon-int.h: what daemon.c and peer.c share inside the daemon. Not for
 * other modules: they use daemon.h.
 */
#ifndef SVK_DAEMON_INT_H
#define SVK_DAEMON_INT_H

#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "config.h"
#include "http.h"
#include "home.h"
#include "log.h"
#include "sync.h"

typedef struct svk_daemon svk_daemon;
typedef struct svk_peer svk_peer;

/* A socket joined to the loop: readable messages are handed to on_msg. */
typedef struct svk_watch {
	nng_socket sock;
	uv_poll_t poll;
	bool open;     /* sock is open */
	bool watching; /* poll is initialised and must be closed */
	void (*on_msg)(struct svk_watch *w, nng_msg *msg);
	void (*closed)(struct svk_watch *w); /* after svk__watch_close */
	void *owner;
} svk_watch;

/* A token bucket: at most rate a second, bursts of up to twice that. */
typedef struct svk_bucket {
	double msgs;
	double bytes;
	int64_t at_ms;
	int64_t warned_ms;
	uint64_t dropped;
} svk_bucket;

/* svk__bucket_take takes one message of len bytes from b, refilled at
 * msgs_rate and bytes_rate a second; false when b is empty (throttle). */
bool svk__bucket_take(svk_bucket *b, int64_t now, double msgs_rate,
    double bytes_rate, size_t len);

/* A link to one partner: its PUB (we subscribe) and its REP (we ask). */
struct svk_peer {
	svk_daemon *d;
	svk_peer *next;
	uint8_t key[SVK_KEY_LEN];
	bool bootstrap; /* no roster yet: only catch-up with the given peer */
	char name[SVK_HOME_MAX_NAME + 1];
	char pub[SVK_CONFIG_ENDPOINT_MAX];
	char sync[SVK_CONFIG_ENDPOINT_MAX];
	char *cert; /* its PEM certificate from the roster, or NULL */
	svk_watch sub;
	svk_watch req;
	int closing; /* handles still to close before it can be freed */
	bool sub_up, req_up;
	int64_t last_seen_ms;
	int64_t last_sync_ms;
	uint64_t rounds;
	uint64_t received;
	uint64_t round_received;
	svk_bucket gossip; /* throttles a flooding partner */
	/* catch-up */
	bool syncing;
	bool again;	   /* asked for while a round runs */
	bool send_pending; /* next request waits for the ingest queue */
	int64_t sent_ms;
	svk_sync_round round;
	int jobs;	   /* verified batches not yet ingested */
};

/* A catch-up page on its way from the wire to the store. */
typedef struct svk_job {
	uv_work_t work;
	svk_daemon *d;
	struct svk_job *next;
	uint8_t peer[SVK_KEY_LEN];
	svk_sync_reply *reply;
	svk_entry **entries; /* NULL where it failed; errs says why */
	int *errs;
	size_t n;
	bool verified;
	bool last; /* the round's last page */
} svk_job;

/* A pipe event from nng's threads, queued for the loop. */
typedef struct svk_event {
	uint8_t key[SVK_KEY_LEN];
	bool bootstrap;
	bool req; /* the REQ socket (else the SUB socket) */
	bool up;
} svk_event;

struct svk_daemon {
	uv_loop_t *loop;
	svk_home *home;
	svk_config cfg;
	const char *conf_path;
	svk_watch pub;
	svk_watch rep;
	nng_listener pub_listener, rep_listener;
	/* tls+tcp links (daemon_tls.c): this node's key and certificate, and
	 * the PEM certificates of the roster's active members, the only ones
	 * its listeners accept */
	char *tls_key, *tls_crt, *tls_members;
	bool relisten; /* a TLS listener waits to be made again */
	uint64_t tls_refused[2]; /* handshakes the listeners refused so far */
	int64_t tls_checked_ms;
	uint64_t roster_version;
	svk_http *http;

	struct {
		uint32_t pipe;
		svk_bucket bucket;
	} requesters[32]; /* catch-up links, each throttled on its own */
	uv_timer_t tick;
	uv_fs_event_t dirwatch; /* writes by other processes, seen at once */
	uv_timer_t soon;	/* a look at the store shortly after a write */
	int soon_checks;
	bool dirwatching;
	uv_timer_t sync_timer;
	uv_timer_t beat_timer;
	uv_signal_t sigterm, sigint, sighup;
	uv_async_t wake;
	pthread_mutex_t lock; /* guards events */
	svk_event *events;
	size_t n_events, cap_events;
	svk_peer *peers;
	svk_job *jobs_head, *jobs_tail; /* FIFO: ingested in order */
	int n_jobs;
	int64_t data_version;
	uint64_t published_seq;
	bool stopping;
	bool peers_dirty; /* the peers table needs writing */
	int64_t started_ms;
	int64_t roster_checked_ms;
	/* counters */
	uint64_t published;
	uint64_t relayed;
	uint64_t ingested;
	uint64_t served_rounds;
	uint64_t rounds;
	uint64_t sync_bytes_in, sync_bytes_out;
};

#define SVK_REPLY_WAIT_MS 200	 /* longest a catch-up reply may wait */
#define SVK_RELAY_PAGE 64	 /* catch-up pages up to this size are relayed */
#define SVK_MAX_JOBS 4		 /* verified pages waiting for the store */
#define SVK_SYNC_TIMEOUT_MS 20000 /* a catch-up reply later than this is lost */

/* svk__watch_open opens an nng socket with open_fn, sets the receive limit
 * and, if on_msg is set, joins its receive descriptor to the loop. */
int svk__watch_open(svk_daemon *d, svk_watch *w, int (*open_fn)(nng_socket *),
    size_t max_recv, void (*on_msg)(svk_watch *, nng_msg *), void *owner);

/* svk__watch_close stops watching and closes the socket; closed (if not
 * NULL) runs once the poll handle is closed too, from libuv's close callback,
 * or at once when there was no handle. Then w's memory may go. */
void svk__watch_close(svk_watch *w, void (*closed)(svk_watch *));

/* svk__peer_open makes a peer and dials its endpoints; cert (NUL-terminated
 * PEM, or NULL) is the one its tls+tcp endpoints must present. NULL on
 * failure. */
svk_peer *svk__peer_open(svk_daemon *d, const uint8_t *key, bool bootstrap,
    const char *name, const char *pub, const char *sync, const char *cert);

/* svk__peer_close closes the peer's sockets and frees it when all is closed. */
void svk__peer_close(svk_peer *p);

/* svk__peer_sync starts a catch-up round with p, or marks one to follow the
 * round in progress. */
void svk__peer_sync(svk_peer *p);

/* svk__peer_tick checks p's round for a timeout. */
void svk__peer_tick(svk_peer *p, int64_t now);

/* svk__peer_resume sends a request that waited for the ingest queue. */
void svk__peer_resume(svk_peer *p);

/* svk__peer_job_done tells p one of its batches has been ingested. */
void svk__peer_job_done(svk_peer *p, bool last);

/* svk__peer_find finds the peer with key (bootstrap: the bootstrap peer). */
svk_peer *svk__peer_find(svk_daemon *d, const uint8_t *key, bool bootstrap);

/* svk__daemon_queue_job hands a catch-up page to the thread pool. */
void svk__daemon_queue_job(svk_daemon *d, svk_peer *p, svk_sync_reply *reply,
    bool last);

/* svk__daemon_ingest_gossip ingests one entry from a peer's SUB socket. */
void svk__daemon_ingest_gossip(svk_daemon *d, svk_peer *p, nng_msg *msg);

/* svk__daemon_pipe_event queues a pipe event; safe on nng's threads. */
void svk__daemon_pipe_event(svk_daemon *d, const svk_event *ev);

/* svk__daemon_peers_dirty asks for the peers table to be written soon. */
void svk__daemon_peers_dirty(svk_daemon *d);

/* svk__daemon_beat_soon sends a heartbeat shortly (after news worth
 * telling, such as the end of a catch-up), then keeps the usual rhythm. */
void svk__daemon_beat_soon(svk_daemon *d);

/* svk__tls_start loads this node's TLS key and certificate (making them
 * for a node created before TLS) and the members' certificates; an error
 * only when this node's own endpoints need them. */
int svk__tls_start(svk_daemon *d);

/* svk__tls_stop frees what svk__tls_start loaded. */
void svk__tls_stop(svk_daemon *d);

/* svk__tls_listen creates and starts a listener l for w's socket on url,
 * requiring a member's certificate when url is tls+tcp://. */
int svk__tls_listen(svk_daemon *d, svk_watch *w, nng_listener *l, const char *url);

/* svk__tls_dialer_config makes the TLS configuration for dialling p's
 * tls+tcp:// endpoints; the caller frees it once set on the dialer.
 * SVK_ENOTFOUND when the roster has no usable certificate for p. */
int svk__tls_dialer_config(svk_daemon *d, const svk_peer *p, nng_tls_config **out);

/* svk__tls_roster follows a new roster: when the set of active members'
 * certificates changed, the TLS listeners are made again with it, which
 * drops every link they accepted (partners dial back). */
void svk__tls_roster(svk_daemon *d);

/* svk__tls_tick retries a listener that could not be made again, and
 * counts (as rejected "tls_refused") the handshakes the listeners refused:
 * a certificate that is no active member's, or none. */
void svk__tls_tick(svk_daemon *d);

/* svk__nng_err converts an nng error to a Samverk code. */
int svk__nng_err(int rv);

#endif
