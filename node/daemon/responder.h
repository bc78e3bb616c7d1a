/*
 * responder.h: the responder's side of catch-up in the daemon: the REP
 * socket that answers partners' requests from the store (the protocol is
 * node/wire/catchup_wire.h), each link throttled on its own.
 */
#ifndef SVK_RESPONDER_H
#define SVK_RESPONDER_H

#include <stdint.h>
#include <uv.h>

#include "config.h"
#include "home.h"
#include "throttle.h"
#include "watch.h"

#define SVK_RESPONDER_WAIT_MS 200      /* longest a reply may wait to leave */
#define SVK_RESPONDER_LINKS 32	       /* links throttled apart */
#define SVK_RESPONDER_BUSY_MARGIN_MS 5 /* added to a busy reply's wait */

typedef struct svk_responder {
	svk_watch rep;
	svk_home *home;
	const svk_config *cfg;
	struct {
		uint32_t pipe;
		svk_throttle throttle;
	} links[SVK_RESPONDER_LINKS];
	uint64_t served;
	uint64_t busy; /* requests answered "busy" (throttled) */
	uint64_t bytes_in, bytes_out;
} svk_responder;

/* svk_responder_open opens the REP socket (not listening yet: see
 * svk_responder_socket). After a failure too, close r with
 * svk_responder_close. */
int svk_responder_open(svk_responder *r, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg) SVK_WUR;

/* svk_responder_close closes the socket; the loop must run for its handle's
 * close callback. */
void svk_responder_close(svk_responder *r);

/* svk_responder_socket gives the REP socket, for its listener. */
nng_socket svk_responder_socket(const svk_responder *r);

/* svk_responder_counts gives the rounds served and the bytes read and
 * written so far. */
void svk_responder_counts(const svk_responder *r, uint64_t *served,
    uint64_t *bytes_in, uint64_t *bytes_out);

#endif
