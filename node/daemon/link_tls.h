/*
 * link_tls.h: the daemon's listeners and the TLS side of its links. The
 * roster is the only trust anchor (see link_tls.c and tls.h): listeners on
 * tls+tcp:// accept exactly the active members' certificates, dialers to a
 * member trust only that member's.
 */
#ifndef SVK_LINK_TLS_H
#define SVK_LINK_TLS_H

#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "home.h"

#define SVK_LINK_TLS_RELISTEN_MS 500

/* The listeners: partners' subscriptions on PUB, catch-up requests on REP. */
enum { SVK_LINK_TLS_PUB, SVK_LINK_TLS_REP, SVK_LINK_TLS_LISTENERS };

typedef struct svk_link_tls svk_link_tls;

/* The pipes a listener's socket has (ids), kept from nng's threads. */
typedef struct svk_link_tls_pipes {
	svk_link_tls *t;
	int *ids;
	size_t n, cap;
	bool draining; /* being closed: new pipes are refused */
} svk_link_tls_pipes;

struct svk_link_tls {
	svk_home *home;
	const svk_config *cfg;
	/* this node's key and certificate, and the PEM certificates of the
	 * roster's active members, the only ones its listeners accept */
	char *key, *crt, *members;
	bool relisten;	     /* a listener waits to be made again */
	int64_t relisten_ms; /* not before then */
	int64_t checked_ms;
	struct {
		nng_socket sock;
		bool set; /* sock is open and listens (or should) */
		nng_listener l;
		const char *url;
		const char *what;
		uint64_t refused; /* handshakes it refused so far */
		svk_link_tls_pipes pipes;
	} ls[SVK_LINK_TLS_LISTENERS];
	pthread_mutex_t lock; /* guards the pipes */
	bool locking;	      /* lock is initialised */
};

/* svk_link_tls_start loads this node's TLS key and certificate (making them
 * for a node created before TLS) and the members' certificates; an error
 * only when this node's own endpoints need them. Free with
 * svk_link_tls_stop, after a failure too. */
int svk_link_tls_start(svk_link_tls *t, svk_home *home, const svk_config *cfg) SVK_WUR;

/* svk_link_tls_stop frees what svk_link_tls_start loaded. */
void svk_link_tls_stop(svk_link_tls *t);

/* svk_link_tls_listen makes listener slot (SVK_LINK_TLS_PUB or _REP) for
 * sock on url, requiring a member's certificate when url is tls+tcp://;
 * logs why it cannot. what names it in the log. */
int svk_link_tls_listen(svk_link_tls *t, int slot, nng_socket sock,
    const char *url, const char *what) SVK_WUR;

/* svk_link_tls_unlisten closes the pipes the listeners' sockets have
 * (each the way nng closes a pipe itself, its protocol first: see
 * link_tls.c) and forgets the sockets, which are closing next, and their
 * listeners with them: nothing is made again. */
void svk_link_tls_unlisten(svk_link_tls *t);

/* svk_link_tls_dialer_config makes the TLS configuration for dialling the
 * tls+tcp:// endpoints of the member key (with cert, its NUL-terminated PEM
 * certificate from the roster), or of the bootstrap peer; the caller frees
 * it once set on the dialer. SVK_ENOTFOUND when there is no usable
 * certificate for it, or none of this node's. */
int svk_link_tls_dialer_config(svk_link_tls *t, const uint8_t *key,
    bool bootstrap, const char *cert, nng_tls_config **out) SVK_WUR;

/* svk_link_tls_roster follows a new roster: when the set of active members'
 * certificates changed, the TLS listeners are made again with it, which
 * drops every link they accepted (partners dial back); not at once but
 * SVK_LINK_TLS_RELISTEN_MS later, from svk_link_tls_tick (see link_tls.c). */
void svk_link_tls_roster(svk_link_tls *t);

/* svk_link_tls_tick retries a listener that could not be made again, and
 * counts (as rejected "tls_refused") the handshakes the listeners refused:
 * a certificate that is no active member's, or none. */
void svk_link_tls_tick(svk_link_tls *t, int64_t now);

#endif
