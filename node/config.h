/*
 * config.h: DIR/samverk.conf, the daemon's settings (INI, read with inih).
 *
 *   [node]
 *   pub = tcp://127.0.0.1:7400      ; where partners subscribe to this node
 *   catchup = tcp://127.0.0.1:7401  ; where partners ask for catch-up
 *   advertise_pub =                 ; the pub endpoint partners are told;
 *   advertise_catchup =             ; empty: pub (catchup) itself. Needed
 *                                   ; when pub or catchup binds every
 *                                   ; address (0.0.0.0, [::]): partners
 *                                   ; cannot dial that
 *   http = 127.0.0.1:7480           ; status page, web app and API
 *   [http]
 *   cert =                          ; PEM certificate (chain) and key:
 *   key =                           ; serve https; needed beyond loopback
 *   public = auto                   ; read-only pages without a login:
 *                                   ; yes, no, auto (yes on loopback)
 *   [catchup]
 *   interval = 30                   ; seconds between catch-up rounds
 *   page = 1000                     ; entries per catch-up page
 *   round_pages = 10000             ; pages of one round, at most
 *   round_bytes = 268435456         ; bytes of one round's pages, at most
 *   peers =                         ; only these members (fingerprints,
 *                                   ; comma separated); empty: every member
 *   [heartbeat]
 *   interval = 10                   ; seconds between this node's heartbeats
 *   missed = 3                      ; a partner silent this many intervals:
 *                                   ; its link is dead, closed, redialled
 *   [links]
 *   k = 6                           ; partners each node chooses (plan.h);
 *                                   ; 0: every member
 *   [log]
 *   level = info
 *   [limits]
 *   max_message = 1048576           ; bytes of one gossip message
 *   pub_queue = 8192                ; messages queued per subscriber
 *   peer_messages = 2000            ; more a second from one peer: throttled
 *   peer_bytes = 33554432           ; the same, in bytes
 *   peer_requests = 50              ; catch-up requests a second on one link
 *   [indicators]
 *   min_cell = 5                    ; counts below this are suppressed
 *   protection = 0                  ; least width of what an outsider can
 *                                   ; work out of one (0: min_cell - 2)
 *   [federation]
 *   roster_days = 90                ; how long a roster the coordinator
 *                                   ; signs is valid (renewed at half)
 *
 * Gossip is what a node pushes to its partners as it happens (PUB/SUB);
 * catch-up is what it asks them for afterwards (REQ/REP). Before 0.3 the
 * catch-up settings were called [node] sync and [sync]; those names still
 * work, and `samverk run` warns of them (svk_config.renamed).
 *
 * Command-line flags of `samverk run` override the file.
 */
#ifndef SVK_CONFIG_H
#define SVK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define SVK_CONFIG_ENDPOINT_MAX 256
#define SVK_CONFIG_PATH_MAX 1024

typedef struct svk_config {
	char pub[SVK_CONFIG_ENDPOINT_MAX];
	char catchup[SVK_CONFIG_ENDPOINT_MAX];
	char advertise_pub[SVK_CONFIG_ENDPOINT_MAX];	 /* "": pub */
	char advertise_catchup[SVK_CONFIG_ENDPOINT_MAX]; /* "": catchup */
	char http[SVK_CONFIG_ENDPOINT_MAX];
	char http_cert[SVK_CONFIG_PATH_MAX]; /* "": plain http */
	char http_key[SVK_CONFIG_PATH_MAX];
	int http_public; /* 1 yes, 0 no, -1 auto: yes on loopback */
	unsigned catchup_interval_s;
	unsigned page;
	unsigned round_pages; /* pages of one catch-up round, at most */
	size_t round_bytes;   /* bytes of one catch-up round, at most */
	char peers[4096];     /* comma separated fingerprints, or empty */
	int log_level;
	size_t max_message;
	unsigned pub_queue;	/* messages queued per subscriber on PUB */
	unsigned peer_messages; /* gossip messages a second from one peer */
	size_t peer_bytes;	/* gossip bytes a second from one peer */
	unsigned peer_requests; /* catch-up requests a second on one link */
	unsigned heartbeat_interval_s;
	unsigned heartbeat_missed; /* heartbeats a partner may miss: link dead */
	unsigned links_k;	   /* partners chosen (plan.h); 0: every member */
	unsigned min_cell;	   /* indicators: smallest count published */
	unsigned protection;	   /* indicators: least interval width, 0 auto */
	unsigned roster_days;	   /* lifetime of a roster this node signs */
	char renamed[256];	   /* old setting names the file used, or "" */
} svk_config;

/* svk_config_defaults fills c with the built-in defaults. */
void svk_config_defaults(svk_config *c);

/* svk_config_load reads path over the values already in c. A missing file
 * leaves c as it is. On a bad line, returns SVK_EINVAL and writes a one-line
 * reason naming the line into err. */
int svk_config_load(svk_config *c, const char *path, char *err, size_t errlen) SVK_WUR;

/* svk_config_link_deadline_ms is how long a link may stay silent, or down,
 * before it counts as dead or down for good: [heartbeat] missed intervals
 * of [heartbeat] interval (at least one second, and one heartbeat). */
int64_t svk_config_link_deadline_ms(const svk_config *c);

/* svk_config_roster_ms is c's roster lifetime in milliseconds. */
int64_t svk_config_roster_ms(const svk_config *c);

/* svk_config_save writes c to path (atomically: temporary file, rename). */
int svk_config_save(const svk_config *c, const char *path) SVK_WUR;

/* svk_config_endpoint_valid tells whether s is an nng URL we accept:
 * tcp://HOST:PORT, tls+tcp://HOST:PORT or ipc:///path. */
bool svk_config_endpoint_valid(const char *s);

/* svk_config_pub_advertised is the PUB endpoint partners are told of
 * (advertise_pub, else pub); svk_config_catchup_advertised the catch-up one
 * (advertise_catchup, else catchup). */
const char *svk_config_pub_advertised(const svk_config *c);
const char *svk_config_catchup_advertised(const svk_config *c);

/* svk_config_is_wildcard tells whether endpoint s binds every address of
 * this machine: its host is 0.0.0.0, [::], * or empty. */
bool svk_config_is_wildcard(const char *s);

/* svk_config_check_advertised tells whether c's endpoints can be told to
 * partners: SVK_EINVAL when pub or catchup binds every address and no
 * advertised endpoint is set for it, when an advertised endpoint binds every
 * address itself, or when it is of another kind (tcp://, tls+tcp://, ipc://)
 * than the one bound; err then says which and what to add, naming the
 * settings as names[0..3] name pub, catchup, advertise_pub and
 * advertise_catchup ("--pub", ... for the command line). */
int svk_config_check_advertised(const svk_config *c, const char *const names[4],
    char *err, size_t errlen) SVK_WUR;

/* svk_config_http_valid tells whether s is ADDRESS:PORT for the HTTP
 * server ("127.0.0.1:7480", "[::1]:7480"). */
bool svk_config_http_valid(const char *s);

/* svk_config_check_http tells whether c's web server may start: SVK_EINVAL
 * when [node] http is beyond loopback and [http] cert and key are not set,
 * or when only one of them is; err then says what to set. */
int svk_config_check_http(const svk_config *c, char *err, size_t errlen) SVK_WUR;

/* svk_config_http_public tells whether read-only pages are served without a
 * login: [http] public, or for auto whether [node] http is loopback. */
bool svk_config_http_public(const svk_config *c);

/* svk_config_is_loopback tells whether an endpoint or address names this
 * machine only (127.0.0.0/8, ::1, localhost, or ipc://). */
bool svk_config_is_loopback(const char *s);

#endif
