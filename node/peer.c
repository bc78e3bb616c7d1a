/*
 * peer.c: the daemon's link to one partner: a SUB socket on its PUB, a REQ
 * socket on its REP, and the requester's side of catch-up rounds over it.
 */
#include <nng/nng.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdlib.h>
#include <string.h>

#include "daemon-int.h"
#include "say.h"
#include "tls.h"

static const char *
label(const svk_peer *p)
{
	return p->name[0] ? p->name : p->sync;
}

svk_peer *
svk__peer_find(svk_daemon *d, const uint8_t *key, bool bootstrap)
{
	for (svk_peer *p = d->peers; p; p = p->next)
		if (p->bootstrap == bootstrap &&
		    (bootstrap || memcmp(p->key, key, SVK_KEY_LEN) == 0))
			return p;
	return NULL;
}

/* Runs on nng's threads: only queue the news for the loop. */
static void
on_pipe(nng_pipe pipe, nng_pipe_ev ev, void *arg)
{
	svk_watch *w = arg;
	svk_peer *p = w->owner;
	svk_event e = {.bootstrap = p->bootstrap, .req = w == &p->req,
	    .up = ev == NNG_PIPE_EV_ADD_POST};

	(void)pipe;
	memcpy(e.key, p->key, SVK_KEY_LEN);
	svk__daemon_pipe_event(p->d, &e);
}

static void
on_gossip(svk_watch *w, nng_msg *msg)
{
	svk_peer *p = w->owner;
	svk_daemon *d = p->d;
	int64_t now = svk_log_now_ms();

	if (!svk__bucket_take(&p->gossip, now, d->cfg.peer_messages,
		(double)d->cfg.peer_bytes, nng_msg_len(msg))) {
		/* A flooding partner costs a counter, not the others' service:
		 * what it sent in excess comes back through catch-up if real. */
		svk_store_count_reject(d->home->store, "throttled");
		if (now - p->gossip.warned_ms > 10000) {
			p->gossip.warned_ms = now;
			svk_say_warn("throttling %s: more than %u messages or %zu bytes "
				     "a second (%llu dropped so far)",
			    label(p), d->cfg.peer_messages, d->cfg.peer_bytes,
			    (unsigned long long)p->gossip.dropped);
		}
		nng_msg_free(msg);
		return;
	}
	svk__daemon_ingest_gossip(d, p, msg);
	nng_msg_free(msg);
}

static void on_reply(svk_watch *w, nng_msg *msg);

static int
dial(svk_watch *w, const char *url)
{
	svk_peer *p = w->owner;
	nng_tls_config *cfg = NULL;
	nng_dialer dialer;
	int err, rv;

	if ((rv = nng_pipe_notify(w->sock, NNG_PIPE_EV_ADD_POST, on_pipe, w)) != 0 ||
	    (rv = nng_pipe_notify(w->sock, NNG_PIPE_EV_REM_POST, on_pipe, w)) != 0)
		return svk__nng_err(rv);
	(void)nng_socket_set_ms(w->sock, NNG_OPT_RECONNMINT, 100);
	(void)nng_socket_set_ms(w->sock, NNG_OPT_RECONNMAXT, 5000);
	if ((rv = nng_dialer_create(&dialer, w->sock, url)) != 0)
		return svk__nng_err(rv);
	if (svk_tls_url(url)) {
		/* The dialer holds the configuration; closing the socket
		 * closes the dialer. */
		if ((err = svk__tls_dialer_config(p->d, p, &cfg)) != 0)
			return err;
		rv = nng_dialer_set_ptr(dialer, NNG_OPT_TLS_CONFIG, cfg);
		nng_tls_config_free(cfg);
		if (rv != 0)
			return svk__nng_err(rv);
	}
	/* Non-blocking: a partner that is down now is dialled again later. */
	return svk__nng_err(nng_dialer_start(dialer, NNG_FLAG_NONBLOCK));
}

svk_peer *
svk__peer_open(svk_daemon *d, const uint8_t *key, bool bootstrap,
    const char *name, const char *pub, const char *sync, const char *cert)
{
	svk_peer *p = calloc(1, sizeof(*p));
	int err;

	if (p == NULL)
		return NULL;
	p->d = d;
	p->bootstrap = bootstrap;
	memcpy(p->key, key, SVK_KEY_LEN);
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->pub, sizeof(p->pub), "%s", pub);
	snprintf(p->sync, sizeof(p->sync), "%s", sync);
	if (cert != NULL && (p->cert = strdup(cert)) == NULL) {
		free(p);
		return NULL;
	}
	p->next = d->peers;
	d->peers = p;
	if (!bootstrap) {
		if ((err = svk__watch_open(d, &p->sub, nng_sub0_open,
			 d->cfg.max_message, on_gossip, p)) != 0 ||
		    (err = svk__nng_err(nng_socket_set(p->sub.sock,
			 NNG_OPT_SUB_SUBSCRIBE, "", 0))) != 0 ||
		    (err = dial(&p->sub, pub)) != 0)
			goto fail;
	}
	if ((err = svk__watch_open(d, &p->req, nng_req0_open, SVK_SYNC_MAX_REPLY,
		 on_reply, p)) != 0 ||
	    (err = dial(&p->req, sync)) != 0)
		goto fail;
	svk_say_info("linking to %s (%s, %s)", label(p), bootstrap ? "-" : pub, sync);
	return p;
fail:
	svk_say_error("cannot link to %s at %s / %s: %s", label(p), pub, sync,
	    err == SVK_ENOTFOUND ? "no TLS certificate for it in the roster, "
				   "or none of this node's" :
				   svk_error_str(err));
	svk__peer_close(p);
	return NULL;
}

static void
peer_free(svk_peer *p)
{
	svk_sync_round_fini(&p->round);
	free(p->cert);
	free(p);
}

static void
watch_closed(svk_watch *w)
{
	svk_peer *p = w->owner;
	if (--p->closing == 0)
		peer_free(p);
}

void
svk__peer_close(svk_peer *p)
{
	svk_daemon *d = p->d;

	for (svk_peer **pp = &d->peers; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	p->syncing = false;
	/* Two close callbacks to wait for, plus this function's own hold. */
	p->closing = 3;
	p->sub.owner = p;
	p->req.owner = p;
	svk__watch_close(&p->sub, watch_closed);
	svk__watch_close(&p->req, watch_closed);
	if (--p->closing == 0)
		peer_free(p);
	svk__daemon_peers_dirty(d);
}

static void
send_request(svk_peer *p)
{
	uint8_t *buf;
	size_t len;
	nng_msg *msg;
	int err, rv;

	if ((err = svk_sync_request(&p->round, &buf, &len)) != 0) {
		svk_say_warn("catch-up with %s: %s", label(p), svk_error_str(err));
		goto abort;
	}
	if ((rv = nng_msg_alloc(&msg, len)) != 0) {
		free(buf);
		goto abort;
	}
	memcpy(nng_msg_body(msg), buf, len);
	free(buf);
	if ((rv = nng_sendmsg(p->req.sock, msg, NNG_FLAG_NONBLOCK)) != 0) {
		nng_msg_free(msg);
		svk_say_debug("catch-up with %s: cannot send: %s", label(p),
		    nng_strerror(rv));
		goto abort;
	}
	p->d->sync_bytes_out += len;
	p->sent_ms = svk_log_now_ms();
	return;
abort:
	p->syncing = false;
}

void
svk__peer_sync(svk_peer *p)
{
	int err;

	if (p->d->stopping)
		return;
	if (p->syncing || p->jobs > 0) {
		p->again = true;
		return;
	}
	if (!p->req_up)
		return; /* the link coming up starts a round */
	svk_sync_round_fini(&p->round);
	if ((err = svk_sync_round_begin(&p->round, p->d->home->store,
		 p->d->cfg.page)) != 0) {
		svk_say_warn("catch-up with %s: %s", label(p), svk_error_str(err));
		return;
	}
	p->again = false;
	p->syncing = true;
	p->rounds++;
	p->d->rounds++;
	send_request(p);
}

static void
round_over(svk_peer *p)
{
	p->syncing = false;
	p->last_sync_ms = svk_log_now_ms();
	svk__daemon_peers_dirty(p->d);
	/* Partners learn soon that this node caught up. */
	if (p->round_received > 0)
		svk__daemon_beat_soon(p->d);
	p->round_received = 0;
}

static void
on_reply(svk_watch *w, nng_msg *msg)
{
	svk_peer *p = w->owner;
	svk_sync_reply *reply = NULL;
	svk_sync_next next;
	int err;

	p->d->sync_bytes_in += nng_msg_len(msg);
	if (!p->syncing) {
		nng_msg_free(msg);
		return; /* a late answer to a round given up */
	}
	p->last_seen_ms = svk_log_now_ms();
	err = svk_sync_reply_open(&p->round, nng_msg_body(msg), nng_msg_len(msg),
	    &reply, &next);
	nng_msg_free(msg);
	if (err != 0) {
		svk_store_count_reject(p->d->home->store, "malformed_reply");
		svk_say_warn("catch-up with %s: bad reply: %s", label(p),
		    svk_error_str(err));
		round_over(p);
		return;
	}
	if (next == SVK_SYNC_REFUSED) {
		svk_say_warn("catch-up with %s: refused (another federation?)",
		    label(p));
		svk_sync_reply_free(reply);
		round_over(p);
		return;
	}
	size_t n = svk_sync_reply_count(reply);
	if (n > 0) {
		p->received += n;
		p->round_received += n;
		svk_say_debug("catch-up with %s: %zu entries", label(p), n);
		svk__daemon_queue_job(p->d, p, reply, next == SVK_SYNC_DONE);
	} else {
		svk_sync_reply_free(reply);
	}
	if (next == SVK_SYNC_AGAIN) {
		/* Ask for the next page while this one is verified, unless
		 * the store is behind already. */
		if (p->d->n_jobs < SVK_MAX_JOBS)
			send_request(p);
		else
			p->send_pending = true;
	} else if (n == 0) {
		round_over(p);
	}
	/* else: the round ends when its last page is ingested */
}

void
svk__peer_resume(svk_peer *p)
{
	if (p->send_pending && p->syncing) {
		p->send_pending = false;
		send_request(p);
	}
}

void
svk__peer_job_done(svk_peer *p, bool last)
{
	if (p->jobs > 0)
		p->jobs--;
	if (last)
		round_over(p);
	if (p->jobs == 0 && !p->syncing && p->again)
		svk__peer_sync(p);
}

void
svk__peer_tick(svk_peer *p, int64_t now)
{
	if (p->syncing && !p->send_pending && p->jobs == 0 &&
	    now - p->sent_ms > SVK_SYNC_TIMEOUT_MS) {
		svk_say_warn("catch-up with %s: no answer, will try again", label(p));
		round_over(p);
	}
}
