/*
 * daemon.c: the node's event loop: sockets joined to libuv, publishing new
 * local entries, ingesting partners' entries (gossip inline, catch-up pages
 * verified on the thread pool), answering catch-up, keeping the links to the
 * roster's members, signals and an orderly shutdown. See daemon.h.
 */
#include "daemon.h"

#include <errno.h>
#include <nng/nng.h>
#include <nng/protocol/pubsub0/pub.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "beat.h"
#include "peers.h"
#include "stats.h"
#include "daemon-int.h"
#include "roster.h"
#include "say.h"
#include "tls.h"
#include "view.h"

#define TICK_MS 100

int
svk__nng_err(int rv)
{
	switch (rv) {
	case 0: return 0;
	case NNG_ENOMEM: return -ENOMEM;
	case NNG_EADDRINUSE: return -EADDRINUSE;
	case NNG_EADDRINVAL: return -EINVAL;
	case NNG_EINVAL: return -EINVAL;
	case NNG_ENOTSUP: return -ENOTSUP;
	case NNG_EPERM: return -EPERM;
	case NNG_ECONNREFUSED: return -ECONNREFUSED;
	case NNG_EAGAIN: return -EAGAIN;
	case NNG_EMSGSIZE: return SVK_ETOOBIG;
	default: return SVK_ENET;
	}
}

static void
on_readable(uv_poll_t *h, int status, int events)
{
	svk_watch *w = h->data;
	nng_msg *msg;
	int rv;

	(void)events;
	if (status < 0)
		return;
	/* Drain: the descriptor stays readable while messages wait. Bounded,
	 * so one busy socket cannot starve the others. */
	for (int i = 0; i < 256 && w->open; i++) {
		rv = nng_recvmsg(w->sock, &msg, NNG_FLAG_NONBLOCK);
		if (rv != 0)
			break;
		w->on_msg(w, msg);
	}
}

int
svk__watch_open(svk_daemon *d, svk_watch *w, int (*open_fn)(nng_socket *),
    size_t max_recv, void (*on_msg)(svk_watch *, nng_msg *), void *owner)
{
	int rv, fd;

	memset(w, 0, sizeof(*w));
	w->owner = owner;
	w->on_msg = on_msg;
	if ((rv = open_fn(&w->sock)) != 0)
		return svk__nng_err(rv);
	w->open = true;
	if ((rv = nng_socket_set_size(w->sock, NNG_OPT_RECVMAXSZ, max_recv)) != 0)
		return svk__nng_err(rv);
	if (on_msg == NULL)
		return 0;
	if ((rv = nng_socket_get_int(w->sock, NNG_OPT_RECVFD, &fd)) != 0)
		return svk__nng_err(rv);
	if ((rv = uv_poll_init(d->loop, &w->poll, fd)) != 0)
		return rv;
	w->watching = true;
	w->poll.data = w;
	return uv_poll_start(&w->poll, UV_READABLE, on_readable);
}

static void
watch_closed(uv_handle_t *h)
{
	svk_watch *w = h->data;
	if (w->closed)
		w->closed(w);
}

void
svk__watch_close(svk_watch *w, void (*closed)(svk_watch *))
{
	w->closed = closed;
	if (w->watching)
		(void)uv_poll_stop(&w->poll); /* before nng closes the descriptor */
	if (w->open) {
		(void)nng_close(w->sock);
		w->open = false;
	}
	if (w->watching) {
		w->watching = false;
		uv_close((uv_handle_t *)&w->poll, watch_closed);
	} else if (closed) {
		closed(w);
	}
}

/* Publishing. */

/* Sends a Gossip message on PUB. */
static void
publish_gossip(svk_daemon *d, const Samverk__Gossip *g)
{
	size_t n = samverk__gossip__get_packed_size(g);
	nng_msg *msg;

	if (nng_msg_alloc(&msg, n) != 0)
		return;
	(void)samverk__gossip__pack(g, nng_msg_body(msg));
	/* PUB never blocks: with no room for a subscriber it drops for that
	 * one, which catch-up repairs. */
	if (nng_sendmsg(d->pub.sock, msg, NNG_FLAG_NONBLOCK) != 0)
		nng_msg_free(msg);
}

/* Sends one serialised envelope on PUB as a Gossip entry. */
static void
publish(svk_daemon *d, const uint8_t *envelope, size_t len)
{
	Samverk__Gossip g;

	samverk__gossip__init(&g);
	g.item_case = SAMVERK__GOSSIP__ITEM_ENTRY;
	g.entry.data = (uint8_t *)envelope;
	g.entry.len = len;
	publish_gossip(d, &g);
}

static int
publish_mine(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len)
{
	svk_daemon *d = arg;
	(void)origin;
	publish(d, envelope, len);
	d->published_seq = seq;
	d->published++;
	svk_say_debug("published my entry %llu", (unsigned long long)seq);
	return 0;
}

/* Publishes local entries written since the last look, by this process or
 * by a `samverk practice add` next to it. */
static void
publish_new_local(svk_daemon *d)
{
	int err = svk_log_each(d->home->store, svk_crypto_identity_public(d->home->id),
	    d->published_seq, 0, publish_mine, d);
	if (err != 0)
		svk_say_warn("cannot read my new entries: %s", svk_error_str(err));
}

/* Ingest. */

static void reconcile_peers(svk_daemon *d);

static bool
is_roster(const svk_entry *e)
{
	return e->body->payload_case == SAMVERK__BODY__PAYLOAD_ROSTER;
}

/* Ingests one verified entry; relays it when new and relay is set. *roster
 * tells whether a new roster came in. Returns the error of svk_ingest_entry. */
static int
ingest_one(svk_daemon *d, const svk_entry *e, bool relay, bool *roster)
{
	bool fresh = false;
	int err = svk_ingest_entry(d->home->store, e, &fresh);

	if (err != 0) {
		char fpr[SVK_FPR_SHORT_LEN];
		svk_crypto_fingerprint_short(e->body->origin.data, fpr);
		if (err == SVK_EFORK)
			svk_say_warn("fork: %s signed two different entries %llu",
			    fpr, (unsigned long long)e->body->seq);
		else
			svk_say_debug("rejected entry %s/%llu: %s", fpr,
			    (unsigned long long)e->body->seq, svk_error_str(err));
		return err;
	}
	if (fresh) {
		d->ingested++;
		if (is_roster(e))
			*roster = true;
		if (relay && memcmp(e->body->origin.data,
				 svk_crypto_identity_public(d->home->id), SVK_KEY_LEN) != 0) {
			publish(d, e->envelope, e->envelope_len);
			d->relayed++;
		}
	}
	return 0;
}

/* After an ingest: does origin now have a gap behind the entry? */
static bool
has_gap(svk_daemon *d, const uint8_t *origin)
{
	svk_head *heads = NULL;
	size_t n = 0;
	bool gap = false;

	if (svk_log_heads(d->home->store, &heads, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (memcmp(heads[i].origin, origin, SVK_KEY_LEN) == 0)
			gap = heads[i].top > heads[i].head;
	free(heads);
	return gap;
}

void
svk__daemon_ingest_gossip(svk_daemon *d, svk_peer *p, nng_msg *msg)
{
	Samverk__Gossip *g;
	svk_entry *e = NULL;
	bool roster = false;
	int err;

	p->last_seen_ms = svk_log_now_ms();
	g = samverk__gossip__unpack(NULL, nng_msg_len(msg), nng_msg_body(msg));
	if (g == NULL) {
		svk_store_count_reject(d->home->store, "malformed");
		return;
	}
	if (g->item_case == SAMVERK__GOSSIP__ITEM__NOT_SET) {
		svk_store_count_reject(d->home->store, "malformed");
	} else if (g->item_case == SAMVERK__GOSSIP__ITEM_HEARTBEAT) {
		svk_beat *b = NULL;
		bool fresh = false;
		err = svk_beat_open(g->heartbeat.data, g->heartbeat.len, &b);
		if (err != 0)
			svk_store_count_reject(d->home->store, "bad_heartbeat");
		else if (svk_beat_ingest(d->home->store, b, &fresh) == 0 && fresh)
			publish_gossip(d, g); /* relay, as entries are */
		svk_beat_free(b);
	} else if (g->item_case == SAMVERK__GOSSIP__ITEM_ENTRY) {
		err = svk_entry_open(g->entry.data, g->entry.len, &e);
		if (err != 0) {
			svk_store_count_reject(d->home->store, svk_entry_reason(err));
		} else if (ingest_one(d, e, true, &roster) == 0) {
			if (has_gap(d, e->body->origin.data))
				svk__peer_sync(p);
			if (roster)
				reconcile_peers(d);
		}
	}
	svk_entry_free(e);
	samverk__gossip__free_unpacked(g, NULL);
}

/* Catch-up pages: verified on the thread pool, ingested on the loop in the
 * order they came, one transaction per page. */

static void
job_verify(uv_work_t *w)
{
	svk_job *job = w->data;

	for (size_t i = 0; i < job->n; i++) {
		const uint8_t *buf;
		size_t len;
		svk_sync_reply_entry(job->reply, i, &buf, &len);
		job->errs[i] = svk_entry_open(buf, len, &job->entries[i]);
	}
}

static void
job_free(svk_job *job)
{
	for (size_t i = 0; i < job->n; i++)
		svk_entry_free(job->entries[i]);
	free(job->entries);
	free(job->errs);
	svk_sync_reply_free(job->reply);
	free(job);
}

/* Stores a verified page; true when it brought a new roster. */
static bool
job_ingest(svk_daemon *d, svk_job *job)
{
	svk_store *st = d->home->store;
	bool roster = false;
	/* A small page repairs what gossip lost: pass it on, as gossip would
	 * have. A big one is a node coming back after days: its partners have
	 * those entries already, and a flood would only make them verify. */
	bool relay = job->n <= SVK_RELAY_PAGE;
	int err;

	if ((err = svk_store_begin(st)) != 0) {
		svk_say_warn("cannot store a catch-up page: %s", svk_error_str(err));
		return false;
	}
	/* Rosters first: a joining node learns who the members are before it
	 * judges their entries. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < job->n; i++) {
			if (job->entries[i] == NULL) {
				if (pass == 0)
					svk_store_count_reject(st,
					    svk_entry_reason(job->errs[i]));
				continue;
			}
			if (is_roster(job->entries[i]) != (pass == 0))
				continue;
			err = ingest_one(d, job->entries[i], relay, &roster);
			if (err != 0 && err != SVK_EFORK && err != SVK_ECHAIN &&
			    err != SVK_ENOTMEMBER && err != SVK_ESUSPENDED &&
			    err != SVK_EFEDERATION && err != SVK_EEXPIRED) {
				svk_say_warn("cannot store a catch-up page: %s",
				    svk_error_str(err));
				svk_store_rollback(st);
				return false;
			}
		}
	}
	if ((err = svk_store_commit(st)) != 0) {
		svk_say_warn("cannot commit a catch-up page: %s", svk_error_str(err));
		return false;
	}
	if (roster)
		reconcile_peers(d);
	return roster;
}

static void
jobs_drain(svk_daemon *d)
{
	svk_job *job;

	while ((job = d->jobs_head) != NULL && job->verified) {
		d->jobs_head = job->next;
		if (d->jobs_head == NULL)
			d->jobs_tail = NULL;
		d->n_jobs--;
		bool roster = !d->stopping && job_ingest(d, job);
		svk_peer *p = svk__peer_find(d, job->peer, false);
		if (p == NULL)
			p = svk__peer_find(d, job->peer, true);
		/* A new roster may admit entries this round refused (they came
		 * before it): go again at once rather than at the next timer. */
		if (p != NULL && roster)
			p->again = true;
		if (p != NULL)
			svk__peer_job_done(p, job->last);
		job_free(job);
	}
	if (!d->stopping && d->n_jobs < SVK_MAX_JOBS)
		for (svk_peer *p = d->peers; p; p = p->next)
			svk__peer_resume(p);
}

static void
job_verified(uv_work_t *w, int status)
{
	svk_job *job = w->data;
	(void)status; /* a cancelled job is drained unverified: nothing stored */
	job->verified = true;
	jobs_drain(job->d);
}

void
svk__daemon_queue_job(svk_daemon *d, svk_peer *p, svk_sync_reply *reply, bool last)
{
	svk_job *job = calloc(1, sizeof(*job));
	size_t n = svk_sync_reply_count(reply);

	if (job == NULL || (job->entries = calloc(n ? n : 1, sizeof(*job->entries))) == NULL ||
	    (job->errs = calloc(n ? n : 1, sizeof(*job->errs))) == NULL) {
		svk_say_error("out of memory for a catch-up page");
		if (job) {
			free(job->entries);
			free(job);
		}
		svk_sync_reply_free(reply);
		svk__peer_job_done(p, true);
		p->jobs++;
		return;
	}
	job->d = d;
	job->reply = reply;
	job->n = n;
	job->last = last;
	memcpy(job->peer, p->key, SVK_KEY_LEN);
	job->work.data = job;
	if (d->jobs_tail)
		d->jobs_tail->next = job;
	else
		d->jobs_head = job;
	d->jobs_tail = job;
	d->n_jobs++;
	p->jobs++;
	if (n == 0) {
		/* Nothing to verify: keep the order, skip the thread pool. */
		job->verified = true;
		jobs_drain(d);
		return;
	}
	if (uv_queue_work(d->loop, &job->work, job_verify, job_verified) != 0) {
		job_verify(&job->work);
		job->verified = true;
		jobs_drain(d);
	}
}

bool
svk__bucket_take(svk_bucket *b, int64_t now, double msgs_rate, double bytes_rate,
    size_t len)
{
	double dt = b->at_ms ? (double)(now - b->at_ms) / 1000.0 : 2.0;

	if (dt > 0) {
		b->msgs += dt * msgs_rate;
		b->bytes += dt * bytes_rate;
		if (b->msgs > 2 * msgs_rate)
			b->msgs = 2 * msgs_rate;
		if (b->bytes > 2 * bytes_rate)
			b->bytes = 2 * bytes_rate;
		b->at_ms = now;
	}
	if (b->msgs < 1 || b->bytes < (double)len) {
		b->dropped++;
		return false;
	}
	b->msgs -= 1;
	b->bytes -= (double)len;
	return true;
}

/* The bucket of the catch-up link a request came on; the oldest slot goes
 * to a new link. */
static svk_bucket *
requester(svk_daemon *d, uint32_t pipe)
{
	size_t n = sizeof(d->requesters) / sizeof(d->requesters[0]), oldest = 0;

	for (size_t i = 0; i < n; i++) {
		if (d->requesters[i].pipe == pipe)
			return &d->requesters[i].bucket;
		if (d->requesters[i].bucket.at_ms < d->requesters[oldest].bucket.at_ms)
			oldest = i;
	}
	memset(&d->requesters[oldest], 0, sizeof(d->requesters[oldest]));
	d->requesters[oldest].pipe = pipe;
	return &d->requesters[oldest].bucket;
}

/* Answering catch-up requests on REP. The reply is sent at once; nng's REP
 * takes it unless the previous reply on that pipe is still leaving, which
 * lasts microseconds for an honest peer (it read that reply before asking
 * again). So the send may wait, briefly (SVK_REPLY_WAIT_MS); a peer that
 * does not read its replies is disconnected instead of holding the loop. */
static void
on_request(svk_watch *w, nng_msg *msg)
{
	svk_daemon *d = w->owner;
	uint8_t *out = NULL;
	size_t outlen = 0, sent = 0;
	nng_msg *reply;
	int err;

	nng_pipe pipe = nng_msg_get_pipe(msg);
	int rv;

	d->sync_bytes_in += nng_msg_len(msg);
	svk_bucket *b = requester(d, nng_pipe_id(pipe));
	if (!svk__bucket_take(b, svk_log_now_ms(), d->cfg.peer_requests, 1e12, 0)) {
		/* Unanswered: the asker times out and tries again later. */
		svk_store_count_reject(d->home->store, "throttled_request");
		if (svk_log_now_ms() - b->warned_ms > 10000) {
			b->warned_ms = svk_log_now_ms();
			svk_say_warn("throttling catch-up requests on one link: more "
				     "than %u a second",
			    d->cfg.peer_requests);
		}
		nng_msg_free(msg);
		return;
	}
	err = svk_sync_serve(d->home->store, nng_msg_body(msg), nng_msg_len(msg),
	    &out, &outlen, &sent);
	nng_msg_free(msg);
	if (err == SVK_EMALFORMED || err == SVK_EFEDERATION) {
		svk_store_count_reject(d->home->store,
		    err == SVK_EMALFORMED ? "malformed_request" : "wrong_federation");
		err = 0;
	}
	if (err != 0 || out == NULL) {
		svk_say_warn("cannot answer a catch-up request: %s", svk_error_str(err));
		free(out);
		return;
	}
	d->served_rounds++;
	d->sync_bytes_out += outlen;
	if (nng_msg_alloc(&reply, outlen) != 0) {
		free(out);
		return;
	}
	memcpy(nng_msg_body(reply), out, outlen);
	free(out);
	if ((rv = nng_sendmsg(d->rep.sock, reply, 0)) != 0) {
		nng_msg_free(reply);
		svk_store_count_reject(d->home->store, "slow_reader");
		svk_say_warn("a catch-up reply could not leave (%s): closing that "
			     "link",
		    nng_strerror(rv));
		(void)nng_pipe_close(pipe);
		return;
	}
	if (sent > 0)
		svk_say_debug("catch-up: sent %zu entries", sent);
}

/* Pipe events from nng's threads. */

void
svk__daemon_pipe_event(svk_daemon *d, const svk_event *ev)
{
	(void)pthread_mutex_lock(&d->lock);
	if (d->n_events == d->cap_events) {
		size_t cap = d->cap_events ? d->cap_events * 2 : 16;
		svk_event *e = realloc(d->events, cap * sizeof(*e));
		if (e == NULL) {
			(void)pthread_mutex_unlock(&d->lock);
			return;
		}
		d->events = e;
		d->cap_events = cap;
	}
	d->events[d->n_events++] = *ev;
	(void)pthread_mutex_unlock(&d->lock);
	(void)uv_async_send(&d->wake);
}

static void
on_wake(uv_async_t *h)
{
	svk_daemon *d = h->data;
	svk_event *events;
	size_t n;

	(void)pthread_mutex_lock(&d->lock);
	events = d->events;
	n = d->n_events;
	d->events = NULL;
	d->n_events = d->cap_events = 0;
	(void)pthread_mutex_unlock(&d->lock);
	for (size_t i = 0; i < n && !d->stopping; i++) {
		svk_peer *p = svk__peer_find(d, events[i].key, events[i].bootstrap);
		if (p == NULL)
			continue;
		bool was = events[i].req ? p->req_up : p->sub_up;
		if (events[i].req)
			p->req_up = events[i].up;
		else
			p->sub_up = events[i].up;
		if (was != events[i].up) {
			svk_say_info("link %s %s %s", events[i].req ? "to" : "from",
			    p->name[0] ? p->name : p->sync,
			    events[i].up ? "up" : "down");
			svk__daemon_peers_dirty(d);
		}
		if (events[i].up)
			p->last_seen_ms = svk_log_now_ms();
		/* A link that comes up is a moment to catch up: the catch-up
		 * link, or the subscription, which missed whatever the peer
		 * published while it was down. */
		if (events[i].up && !was)
			svk__peer_sync(p);
	}
	free(events);
}

/* The set of peers follows the newest roster (and the config's filter). */

static bool
wanted(svk_daemon *d, const uint8_t *key)
{
	char fpr[SVK_FPR_LEN], *list, *tok, *save = NULL;
	uint8_t k[SVK_KEY_LEN];
	bool found = false;

	if (d->cfg.peers[0] == '\0')
		return true;
	svk_crypto_fingerprint(key, fpr);
	if ((list = strdup(d->cfg.peers)) == NULL)
		return true;
	for (tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
		if (svk_crypto_fingerprint_parse(tok, k) == 0 &&
		    memcmp(k, key, SVK_KEY_LEN) == 0)
			found = true;
	free(list);
	return found;
}

/* The version of the roster in force (0 before the first). */
static uint64_t
roster_version(svk_daemon *d)
{
	char *s = NULL;
	uint64_t v = 0;

	if (svk_store_meta_get(d->home->store, "roster_version", &s) == 0)
		v = strtoull(s, NULL, 10);
	free(s);
	return v;
}

struct reconcile {
	svk_daemon *d;
	int members;
};

static int
reconcile_member(void *arg, const svk_member *m)
{
	struct reconcile *r = arg;
	svk_daemon *d = r->d;
	svk_peer *p;
	char *cert = NULL;

	r->members++;
	if (memcmp(m->key, svk_crypto_identity_public(d->home->id), SVK_KEY_LEN) == 0 ||
	    m->status != SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE || !wanted(d, m->key))
		return 0;
	/* The certificate its tls+tcp endpoints must show (NUL-terminated for
	 * mbedtls); a new one means new links. */
	if (m->tls_cert_len > 0 &&
	    (cert = strndup((const char *)m->tls_cert, m->tls_cert_len)) == NULL)
		return -ENOMEM;
	p = svk__peer_find(d, m->key, false);
	if (p != NULL && strcmp(p->pub, m->pub) == 0 && strcmp(p->sync, m->sync) == 0 &&
	    (p->cert == NULL ? cert == NULL : cert != NULL && strcmp(p->cert, cert) == 0)) {
		p->closing = -1; /* keep: see below */
		free(cert);
		return 0;
	}
	if (p != NULL)
		svk__peer_close(p); /* before a new one with the same key */
	if ((p = svk__peer_open(d, m->key, false, m->name, m->pub, m->sync,
		 cert)) != NULL)
		p->closing = -1;
	free(cert);
	return 0;
}

static void
reconcile_peers(svk_daemon *d)
{
	struct reconcile r = {d, 0};
	char *boot = NULL;
	int err;

	if (d->stopping)
		return;
	d->roster_version = roster_version(d);
	/* Mark: every peer kept or opened gets closing = -1; sweep the rest. */
	err = svk_view_members(d->home->store, reconcile_member, &r);
	if (err != 0) {
		svk_say_warn("cannot read the roster: %s", svk_error_str(err));
		for (svk_peer *p = d->peers; p; p = p->next)
			p->closing = -1;
	}
	if (r.members == 0 &&
	    svk_store_meta_get(d->home->store, "bootstrap_peer", &boot) == 0) {
		uint8_t none[SVK_KEY_LEN] = {0};
		svk_peer *p = svk__peer_find(d, none, true);
		if (p == NULL)
			p = svk__peer_open(d, none, true, "", "", boot, NULL);
		if (p != NULL)
			p->closing = -1;
	}
	free(boot);
	for (svk_peer *p = d->peers, *next; p; p = next) {
		next = p->next;
		if (p->closing == -1)
			p->closing = 0;
		else if (p->closing == 0)
			svk__peer_close(p);
	}
	svk__daemon_peers_dirty(d);
	svk__tls_roster(d);
}

/* The peers table, for `samverk peers`: written when something changed. */



void
svk__daemon_peers_dirty(svk_daemon *d)
{
	d->peers_dirty = true;
}

static void
write_peers(svk_daemon *d)
{
	svk_peer_row *rows = NULL;
	size_t n = 0;
	int err;

	d->peers_dirty = false;
	for (svk_peer *p = d->peers; p; p = p->next)
		n++;
	if (n > 0 && (rows = calloc(n, sizeof(*rows))) == NULL) {
		err = -ENOMEM;
		goto fail;
	}
	n = 0;
	for (svk_peer *p = d->peers; p; p = p->next, n++) {
		memcpy(rows[n].key, p->key, SVK_KEY_LEN);
		rows[n].pub = p->pub;
		rows[n].catchup = p->sync;
		rows[n].sub_up = p->sub_up;
		rows[n].req_up = p->req_up;
		rows[n].last_seen_ms = p->last_seen_ms;
		rows[n].last_sync_ms = p->last_sync_ms;
		rows[n].rounds = p->rounds;
		rows[n].received = p->received;
	}
	err = svk_peers_replace(d->home->store, rows, n);
	free(rows);
	if (err == 0)
		return;
fail:
	svk_say_debug("cannot write the peers table: %s", svk_error_str(err));
}

/* Timers and signals. */

/* Did another process commit to the store (an author, say)? */
static void
check_store(svk_daemon *d)
{
	int64_t version;

	if (svk_store_data_version(d->home->store, &version) == 0 &&
	    version != d->data_version) {
		d->data_version = version;
		publish_new_local(d);
		/* The coordinator's own `member add|suspend|resume`. */
		if (roster_version(d) != d->roster_version)
			reconcile_peers(d);
	}
}

static void
on_soon(uv_timer_t *h)
{
	svk_daemon *d = h->data;
	check_store(d);
	/* A commit becomes visible only after its fsync, some time after the
	 * write that woke us: look twice more, a little later each time. */
	if (++d->soon_checks < 3)
		(void)uv_timer_start(&d->soon, on_soon, 4u * d->soon_checks, 0);
}

static void
on_dir_change(uv_fs_event_t *h, const char *filename, int events, int status)
{
	svk_daemon *d = h->data;
	(void)events;
	if (status != 0 || filename == NULL || strncmp(filename, "samverk.db", 10) != 0)
		return;
	d->soon_checks = 0;
	(void)uv_timer_start(&d->soon, on_soon, 1, 0);
}

/* The roster: the coordinator renews it when half its life is gone; a
 * member whose roster expired says so, loudly, once a minute. */
static void
check_roster(svk_daemon *d, int64_t now)
{
	Samverk__Roster *r = NULL;
	int64_t expires;
	int err;

	if (svk_roster_expiry(d->home->store, &expires) != 0 || expires == 0)
		return;
	if (!svk_roster_is_coordinator(d->home)) {
		if (now > expires)
			svk_say_error("the roster expired %lld minutes ago: partners' "
				      "entries are refused until the coordinator "
				      "renews it",
			    (long long)((now - expires) / 60000));
		return;
	}
	if (expires - now > SVK_ROSTER_LIFETIME_MS / 2)
		return;
	if ((err = svk_roster_current(d->home->store, &r)) == 0 &&
	    (err = svk_roster_publish(d->home, r, SVK_ROSTER_LIFETIME_MS)) == 0) {
		svk_say_info("renewed the roster (version %llu)",
		    (unsigned long long)r->version);
		publish_new_local(d);
	} else {
		svk_say_error("cannot renew the roster: %s", svk_error_str(err));
	}
	if (r)
		protobuf_c_message_free_unpacked(&r->base, NULL);
}

static void
on_tick(uv_timer_t *h)
{
	svk_daemon *d = h->data;
	int64_t now = svk_log_now_ms();

	if (now - d->roster_checked_ms >= 60000) {
		d->roster_checked_ms = now;
		check_roster(d, now);
	}

	/* The folder watch sees writes at once; this catches what it may
	 * miss (file systems without inotify). */
	check_store(d);
	for (svk_peer *p = d->peers; p; p = p->next)
		svk__peer_tick(p, now);
	svk__tls_tick(d);
	if (d->peers_dirty)
		write_peers(d);
}

/* Heartbeats. */

struct counts {
	Samverk__Count *items;
	Samverk__Count **ptrs;
	size_t n, cap;
	char **names;
};

static int
add_count(void *arg, const char *reason, uint64_t count)
{
	struct counts *c = arg;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		Samverk__Count *items = realloc(c->items, cap * sizeof(*items));
		if (items == NULL)
			return -ENOMEM;
		c->items = items;
		char **names = realloc(c->names, cap * sizeof(*names));
		if (names == NULL)
			return -ENOMEM;
		c->names = names;
		c->cap = cap;
	}
	if ((c->names[c->n] = strdup(reason)) == NULL)
		return -ENOMEM;
	samverk__count__init(&c->items[c->n]);
	c->items[c->n].name = c->names[c->n];
	c->items[c->n].value = count;
	c->n++;
	return 0;
}

static uint32_t
forks_seen(svk_daemon *d)
{
	uint32_t n;

	return svk_stats_forks(d->home->store, &n) == 0 ? n : 0;
}

/* Signs, keeps and publishes this node's heartbeat. */
static void
heartbeat(svk_daemon *d)
{
	Samverk__Heartbeat hb = SAMVERK__HEARTBEAT__INIT;
	Samverk__Head *heads = NULL, **head_ptrs = NULL;
	Samverk__PeerState *peers = NULL, **peer_ptrs = NULL;
	struct counts rej = {0};
	uint8_t fed[SVK_KEY_LEN], *env = NULL;
	svk_head *mine = NULL;
	size_t n_heads = 0, n_peers = 0, envlen;
	uint64_t all = 0, own = 0;
	svk_beat *b = NULL;
	bool fresh;
	int err;

	if (svk_log_federation(d->home->store, fed) != 0)
		return;
	if ((err = svk_log_heads(d->home->store, &mine, &n_heads)) != 0 ||
	    (err = svk_log_count(d->home->store, svk_crypto_identity_public(d->home->id),
		 &all, &own)) != 0 ||
	    (err = svk_store_rejected_each(d->home->store, add_count, &rej)) != 0)
		goto out;
	for (svk_peer *p = d->peers; p; p = p->next)
		n_peers++;
	heads = calloc(n_heads + 1, sizeof(*heads));
	head_ptrs = calloc(n_heads + 1, sizeof(*head_ptrs));
	peers = calloc(n_peers + 1, sizeof(*peers));
	peer_ptrs = calloc(n_peers + 1, sizeof(*peer_ptrs));
	rej.ptrs = calloc(rej.n + 1, sizeof(*rej.ptrs));
	if (!heads || !head_ptrs || !peers || !peer_ptrs || !rej.ptrs)
		goto out;
	for (size_t i = 0; i < n_heads; i++) {
		samverk__head__init(&heads[i]);
		heads[i].origin.data = mine[i].origin;
		heads[i].origin.len = SVK_KEY_LEN;
		heads[i].seq = mine[i].head;
		head_ptrs[i] = &heads[i];
	}
	n_peers = 0;
	for (svk_peer *p = d->peers; p; p = p->next) {
		if (p->bootstrap)
			continue;
		samverk__peer_state__init(&peers[n_peers]);
		peers[n_peers].node.data = p->key;
		peers[n_peers].node.len = SVK_KEY_LEN;
		peers[n_peers].up = p->sub_up && p->req_up;
		peers[n_peers].last_seen_ms = p->last_seen_ms;
		peer_ptrs[n_peers] = &peers[n_peers];
		n_peers++;
	}
	for (size_t i = 0; i < rej.n; i++)
		rej.ptrs[i] = &rej.items[i];
	hb.federation.data = fed;
	hb.federation.len = SVK_KEY_LEN;
	hb.node.data = (uint8_t *)svk_crypto_identity_public(d->home->id);
	hb.node.len = SVK_KEY_LEN;
	hb.time_ms = svk_log_now_ms();
	hb.version = SVK_VERSION;
	hb.uptime_s = (uint64_t)(hb.time_ms - d->started_ms) / 1000;
	hb.heads = head_ptrs;
	hb.n_heads = n_heads;
	hb.peers = peer_ptrs;
	hb.n_peers = n_peers;
	hb.held = all;
	hb.rejected = rej.ptrs;
	hb.n_rejected = rej.n;
	hb.forks = forks_seen(d);
	hb.interval_s = d->cfg.heartbeat_interval_s;
	hb.name = d->home->name;
	if ((err = svk_beat_seal(d->home->id, &hb, &env, &envlen)) != 0 ||
	    (err = svk_beat_open(env, envlen, &b)) != 0)
		goto out;
	/* Kept like a partner's, so the federation view includes this node;
	 * before the roster arrives nobody, not even this node, is a member. */
	if (svk_beat_ingest(d->home->store, b, &fresh) == 0) {
		Samverk__Gossip g;
		samverk__gossip__init(&g);
		g.item_case = SAMVERK__GOSSIP__ITEM_HEARTBEAT;
		g.heartbeat.data = env;
		g.heartbeat.len = envlen;
		publish_gossip(d, &g);
	}
out:
	if (err != 0)
		svk_say_debug("no heartbeat: %s", svk_error_str(err));
	svk_beat_free(b);
	free(env);
	free(mine);
	free(heads);
	free(head_ptrs);
	free(peers);
	free(peer_ptrs);
	for (size_t i = 0; i < rej.n; i++)
		free(rej.names[i]);
	free(rej.names);
	free(rej.items);
	free(rej.ptrs);
}

static void
on_heartbeat(uv_timer_t *h)
{
	heartbeat(h->data);
}

void
svk__daemon_beat_soon(svk_daemon *d)
{
	if (!d->stopping)
		(void)uv_timer_start(&d->beat_timer, on_heartbeat, 200,
		    d->cfg.heartbeat_interval_s * 1000ULL);
}

static void
on_sync_timer(uv_timer_t *h)
{
	svk_daemon *d = h->data;
	for (svk_peer *p = d->peers; p; p = p->next)
		svk__peer_sync(p);
}

static void stop(svk_daemon *d);

static void
on_signal(uv_signal_t *h, int signum)
{
	svk_daemon *d = h->data;

	if (signum == SIGHUP) {
		svk_config cfg = d->cfg;
		char err[512];
		int rc = svk_config_load(&cfg, d->conf_path, err, sizeof(err));
		if (rc != 0) {
			svk_say_error("SIGHUP: keeping the old settings: %s",
			    rc == SVK_EINVAL ? err : svk_error_str(rc));
			return;
		}
		/* Endpoints this node listens on change only with a restart. */
		snprintf(cfg.pub, sizeof(cfg.pub), "%s", d->cfg.pub);
		snprintf(cfg.sync, sizeof(cfg.sync), "%s", d->cfg.sync);
		/* The HTTP address and the limits of open sockets too. */
		snprintf(cfg.http, sizeof(cfg.http), "%s", d->cfg.http);
		cfg.max_message = d->cfg.max_message;
		cfg.pub_queue = d->cfg.pub_queue;
		d->cfg = cfg;
		svk_say_level_set(cfg.log_level);
		(void)uv_timer_start(&d->sync_timer, on_sync_timer,
		    cfg.sync_interval_s * 1000ULL, cfg.sync_interval_s * 1000ULL);
		(void)uv_timer_start(&d->beat_timer, on_heartbeat,
		    cfg.heartbeat_interval_s * 1000ULL, cfg.heartbeat_interval_s * 1000ULL);
		svk_say_info("SIGHUP: settings and roster reloaded (endpoints, http "
			     "and limits take effect at the next start)");
		reconcile_peers(d);
		return;
	}
	svk_say_info("%s: shutting down", signum == SIGTERM ? "SIGTERM" : "SIGINT");
	stop(d);
}

static void
stop(svk_daemon *d)
{
	if (d->stopping)
		return;
	d->stopping = true;
	(void)sd_notify(0, "STOPPING=1");
	/* Pending pages are dropped: catch-up fetches them again next time. */
	for (svk_job *job = d->jobs_head; job; job = job->next)
		if (!job->verified)
			(void)uv_cancel((uv_req_t *)&job->work);
	(void)uv_timer_stop(&d->tick);
	(void)uv_timer_stop(&d->sync_timer);
	(void)uv_timer_stop(&d->beat_timer);
	uv_close((uv_handle_t *)&d->beat_timer, NULL);
	uv_close((uv_handle_t *)&d->tick, NULL);
	(void)uv_timer_stop(&d->soon);
	uv_close((uv_handle_t *)&d->soon, NULL);

	if (d->dirwatching) {
		(void)uv_fs_event_stop(&d->dirwatch);
		uv_close((uv_handle_t *)&d->dirwatch, NULL);
	}
	uv_close((uv_handle_t *)&d->sync_timer, NULL);
	uv_close((uv_handle_t *)&d->sigterm, NULL);
	uv_close((uv_handle_t *)&d->sigint, NULL);
	uv_close((uv_handle_t *)&d->sighup, NULL);
	uv_close((uv_handle_t *)&d->wake, NULL);
	/* Keep what was known of each link for `samverk peers`, marked down. */
	for (svk_peer *p = d->peers; p; p = p->next)
		p->sub_up = p->req_up = false;
	write_peers(d);
	while (d->peers)
		svk__peer_close(d->peers);
	svk__watch_close(&d->pub, NULL);
	svk__watch_close(&d->rep, NULL);
	svk_http_stop(d->http);
	d->http = NULL;
}

static void
http_stats(void *arg, svk_http_stats *s)
{
	svk_daemon *d = arg;

	s->started_ms = d->started_ms;
	for (svk_peer *p = d->peers; p; p = p->next) {
		if (p->bootstrap)
			continue;
		s->peers++;
		if (p->sub_up && p->req_up)
			s->peers_up++;
	}
	s->catchup_rounds = d->rounds;
	s->catchup_served = d->served_rounds;
	s->catchup_bytes_in = d->sync_bytes_in;
	s->catchup_bytes_out = d->sync_bytes_out;
	s->published = d->published;
	s->relayed = d->relayed;
	s->ingested = d->ingested;
}

static int
listen_on(svk_daemon *d, svk_watch *w, nng_listener *l, const char *url,
    const char *what)
{
	int err = svk__tls_listen(d, w, l, url);
	if (err != 0) {
		svk_say_error("cannot listen for %s on %s: %s", what, url,
		    svk_error_str(err));
		return err;
	}
	/* Our rule: between machines, links are encrypted and authenticated. */
	if (!svk_tls_url(url) && !svk_config_is_loopback(url))
		svk_say_warn("%s is reachable from other machines but not "
			     "encrypted: use tls+tcp:// between municipalities",
		    url);
	return 0;
}

static int
open_sockets(svk_daemon *d)
{
	int err;

	if ((err = svk__tls_start(d)) != 0)
		return err;
	if ((err = svk__watch_open(d, &d->pub, nng_pub0_open, 1024, NULL, d)) != 0)
		return err;
	/* PUB drops the oldest message for a slow subscriber once its queue is
	 * full; a deeper queue rides out bursts (catch-up repairs the rest). */
	if ((err = svk__nng_err(nng_socket_set_int(d->pub.sock, NNG_OPT_SENDBUF,
		 (int)d->cfg.pub_queue))) != 0)
		return err;
	if ((err = listen_on(d, &d->pub, &d->pub_listener, d->cfg.pub,
		 "partners' subscriptions")) != 0)
		return err;
	if ((err = svk__watch_open(d, &d->rep, nng_rep0_open, SVK_SYNC_MAX_REQUEST,
		 on_request, d)) != 0 ||
	    (err = svk__nng_err(nng_socket_set_ms(d->rep.sock, NNG_OPT_SENDTIMEO,
		 SVK_REPLY_WAIT_MS))) != 0)
		return err;
	return listen_on(d, &d->rep, &d->rep_listener, d->cfg.sync,
	    "catch-up requests");
}

int
svk_daemon_run(svk_home *home, const svk_config *cfg, const char *conf_path)
{
	svk_daemon d = {0};
	uv_loop_t loop;
	uint64_t all, own;
	int err;

	d.home = home;
	d.cfg = *cfg;
	d.conf_path = conf_path;
	d.loop = &loop;
	d.started_ms = svk_log_now_ms();
	svk_say_level_set(cfg->log_level);
	if ((err = uv_loop_init(&loop)) != 0)
		return err;
	if ((err = pthread_mutex_init(&d.lock, NULL)) != 0) {
		(void)uv_loop_close(&loop);
		return -err;
	}
	/* Everything already in my log was published, or will reach the
	 * partners through catch-up. */
	if ((err = svk_log_count(home->store, svk_crypto_identity_public(home->id), &all,
		 &own)) != 0 ||
	    (err = svk_store_data_version(home->store, &d.data_version)) != 0)
		goto fail_sockets;
	{
		svk_head *heads = NULL;
		size_t n = 0;
		if ((err = svk_log_heads(home->store, &heads, &n)) != 0)
			goto fail_sockets;
		for (size_t i = 0; i < n; i++)
			if (memcmp(heads[i].origin, svk_crypto_identity_public(home->id),
				SVK_KEY_LEN) == 0)
				d.published_seq = heads[i].top;
		free(heads);
	}
	if ((err = open_sockets(&d)) != 0)
		goto fail_sockets;
	if (cfg->http[0] != '\0' &&
	    (err = svk_http_start(&d.http, &loop, home, cfg, http_stats, &d)) != 0) {
		svk_say_error("cannot serve the status page on %s: %s", cfg->http,
		    svk_error_str(err));
		goto fail_sockets;
	}
	if ((err = uv_async_init(&loop, &d.wake, on_wake)) != 0)
		goto fail_sockets;
	d.wake.data = &d;
	(void)uv_timer_init(&loop, &d.tick);
	(void)uv_timer_init(&loop, &d.soon);
	d.soon.data = &d;

	(void)uv_timer_init(&loop, &d.sync_timer);
	(void)uv_timer_init(&loop, &d.beat_timer);
	d.beat_timer.data = &d;
	(void)uv_signal_init(&loop, &d.sigterm);
	(void)uv_signal_init(&loop, &d.sigint);
	(void)uv_signal_init(&loop, &d.sighup);
	d.tick.data = d.sync_timer.data = &d;
	d.sigterm.data = d.sigint.data = d.sighup.data = &d;
	if ((err = uv_timer_start(&d.tick, on_tick, TICK_MS, TICK_MS)) != 0 ||
	    (err = uv_timer_start(&d.sync_timer, on_sync_timer,
		 cfg->sync_interval_s * 1000ULL, cfg->sync_interval_s * 1000ULL)) != 0 ||
	    (err = uv_timer_start(&d.beat_timer, on_heartbeat, 500,
		 cfg->heartbeat_interval_s * 1000ULL)) != 0 ||
	    (err = uv_signal_start(&d.sigterm, on_signal, SIGTERM)) != 0 ||
	    (err = uv_signal_start(&d.sigint, on_signal, SIGINT)) != 0 ||
	    (err = uv_signal_start(&d.sighup, on_signal, SIGHUP)) != 0) {
		stop(&d);
		(void)uv_run(&loop, UV_RUN_DEFAULT);
		goto fail_loop;
	}
	if (uv_fs_event_init(&loop, &d.dirwatch) == 0) {
		d.dirwatch.data = &d;
		d.dirwatching = true;
		if (uv_fs_event_start(&d.dirwatch, on_dir_change, home->dir, 0) != 0)
			svk_say_warn("cannot watch %s; new local entries are seen "
				     "within %d ms",
			    home->dir, TICK_MS);
	}
	reconcile_peers(&d);
	svk_say_info("%s running: pub %s, catch-up %s, http %s, %llu entries held "
		     "(%llu own)",
	    home->name, cfg->pub, cfg->sync, cfg->http, (unsigned long long)all,
	    (unsigned long long)own);
	(void)sd_notify(0, "READY=1");
	err = uv_run(&loop, UV_RUN_DEFAULT);
	/* Every handle is closed by stop(); run until their callbacks ran. */
	while (uv_loop_alive(&loop))
		(void)uv_run(&loop, UV_RUN_DEFAULT);
	err = 0;
	goto fail_loop;
fail_sockets:
	svk_http_stop(d.http);
	svk__watch_close(&d.pub, NULL);
	svk__watch_close(&d.rep, NULL);
	(void)uv_run(&loop, UV_RUN_DEFAULT);
fail_loop:
	if (uv_loop_close(&loop) != 0)
		svk_say_warn("the loop closed with handles still open");
	while (d.jobs_head) {
		svk_job *job = d.jobs_head;
		d.jobs_head = job->next;
		job_free(job);
	}
	free(d.events);
	svk__tls_stop(&d);
	(void)pthread_mutex_destroy(&d.lock);
	if (err == 0)
		svk_say_info("stopped");
	return err;
}
