/* responder.c: answering catch-up requests on REP. See responder.h. */
#include "responder.h"

#include <nng/protocol/reqrep0/rep.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"
#include "catchup_busy.h"
#include "catchup_wire.h"

/* The throttle of the link a request came on; the slot used least recently
 * goes to a new link. */
static svk_throttle *
link_throttle(svk_responder *r, uint32_t pipe)
{
	size_t oldest = 0;

	for (size_t i = 0; i < SVK_RESPONDER_LINKS; i++) {
		if (r->links[i].pipe == pipe)
			return &r->links[i].throttle;
		if (svk_throttle_since(&r->links[i].throttle) <
		    svk_throttle_since(&r->links[oldest].throttle))
			oldest = i;
	}
	memset(&r->links[oldest], 0, sizeof(r->links[oldest]));
	r->links[oldest].pipe = pipe;
	return &r->links[oldest].throttle;
}

/* Sends out[0..len) back on pipe. The reply is sent at once; nng's REP
 * takes it unless the previous reply on that pipe is still leaving, which
 * lasts microseconds for an honest peer (it read that reply before asking
 * again). So the send may wait, briefly (SVK_RESPONDER_WAIT_MS); a peer
 * that does not read its replies is disconnected instead of holding the
 * loop. */
static void
reply(svk_responder *r, nng_pipe pipe, const uint8_t *out, size_t len)
{
	nng_msg *msg;
	int rv;

	if (nng_msg_alloc(&msg, len) != 0)
		return;
	memcpy(nng_msg_body(msg), out, len);
	if ((rv = nng_sendmsg(svk_watch_socket(&r->rep), msg, 0)) != 0) {
		nng_msg_free(msg);
		svk_store_count_reject(r->home->store, "slow_reader");
		svk_say_warn("a catch-up reply could not leave (%s): closing that "
			     "link",
		    nng_strerror(rv));
		(void)nng_pipe_close(pipe);
	}
}

/* Whether a request on pipe may be answered now. One that may not is
 * answered "busy, ask again after N ms" (see catchup_busy.h), so an asker
 * that asks too fast slows down instead of waiting for its timeout. */
static bool
admit(svk_responder *r, nng_pipe pipe)
{
	svk_throttle *t = link_throttle(r, nng_pipe_id(pipe));
	int64_t now = svk_clock_now_ms(), wait;
	uint8_t busy[SVK_CATCHUP_BUSY_MAX];

	if (svk_throttle_take(t, now, r->cfg->peer_requests, 1e12, 0))
		return true;
	svk_store_count_reject(r->home->store, "throttled_request");
	if (svk_throttle_warn(t, now))
		svk_say_warn("throttling catch-up requests on one link: more "
			     "than %u a second",
		    r->cfg->peer_requests);
	/* A little later than the bucket allows, so the retry finds a token
	 * whatever the two clocks' granularity. */
	wait = svk_throttle_delay_ms(t, now, r->cfg->peer_requests) +
	       SVK_RESPONDER_BUSY_MARGIN_MS;
	if (wait > UINT32_MAX)
		wait = UINT32_MAX;
	r->busy++;
	reply(r, pipe, busy, svk_catchup_busy_encode((uint32_t)wait, busy));
	return false;
}

static void
on_request(svk_watch *w, nng_msg *msg)
{
	svk_responder *r = svk_watch_owner(w);
	nng_pipe pipe = nng_msg_get_pipe(msg);
	uint8_t *out = NULL;
	size_t outlen = 0, sent = 0;
	int err;

	r->bytes_in += nng_msg_len(msg);
	if (!admit(r, pipe)) {
		nng_msg_free(msg);
		return;
	}
	err = svk_catchup_wire_serve(r->home->store, nng_msg_body(msg),
	    nng_msg_len(msg), &out, &outlen, &sent);
	nng_msg_free(msg);
	if (err == SVK_EMALFORMED || err == SVK_EFEDERATION) {
		svk_store_count_reject(r->home->store,
		    err == SVK_EMALFORMED ? "malformed_request" : "wrong_federation");
		err = 0;
	}
	if (err != 0 || out == NULL) {
		svk_say_warn("cannot answer a catch-up request: %s",
		    svk_error_str(err));
		free(out);
		return;
	}
	r->served++;
	r->bytes_out += outlen;
	reply(r, pipe, out, outlen);
	free(out);
	if (sent > 0)
		svk_say_debug("catch-up: sent %zu entries", sent);
}

int
svk_responder_open(svk_responder *r, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->home = home;
	r->cfg = cfg;
	if ((err = svk_watch_open(&r->rep, loop, nng_rep0_open,
		 SVK_CATCHUP_MAX_REQUEST, on_request, r)) != 0)
		return err;
	return svk_watch_err(nng_socket_set_ms(svk_watch_socket(&r->rep),
	    NNG_OPT_SENDTIMEO, SVK_RESPONDER_WAIT_MS));
}

void
svk_responder_close(svk_responder *r)
{
	svk_watch_close(&r->rep, NULL);
}

nng_socket
svk_responder_socket(const svk_responder *r)
{
	return svk_watch_socket(&r->rep);
}

void
svk_responder_counts(const svk_responder *r, uint64_t *served, uint64_t *bytes_in,
    uint64_t *bytes_out)
{
	*served = r->served;
	*bytes_in = r->bytes_in;
	*bytes_out = r->bytes_out;
}
