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
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "home.h"

/* The listeners: partners' subscriptions on PUB, catch-up requests on REP. */
enum { SVK_LINK_TLS_PUB, SVK_LINK_TLS_REP, SVK_LINK_TLS_LISTENERS };

typedef struct svk_link_tls {
	svk_home *home;
	const svk_config *cfg;
	/* this node's key and certificate, and the PEM certificates of the
	 * roster's active members, the only ones its listeners accept */
	char *key, *crt, *members;
	bool relisten; /* a listener waits to be made again */
	int64_t checked_ms;
	struct {
		nng_socket sock;
		bool set; /* sock is open and listens (or should) */
		nng_listener l;
		const char *url;
		const char *what;
		uint64_t refused; /* handshakes it refused so far */
	} ls[SVK_LINK_TLS_LISTENERS];
} svk_link_tls;

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

/* svk_link_tls_unlisten forgets the listeners' sockets (they are closing,
 * and their listeners with them): nothing is made again. */
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
 * drops every link they accepted (partners dial back). */
void svk_link_tls_roster(svk_link_tls *t);

/* svk_link_tls_tick retries a listener that could not be made again, and
 * counts (as rejected "tls_refused") the handshakes the listeners refused:
 * a certificate that is no active member's, or none. */
void svk_link_tls_tick(svk_link_tls *t, int64_t now);

#endif
