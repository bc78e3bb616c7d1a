/*
 * catchup.c: rounds with a partner over REQ, and the FIFO that stores
 * their pages in order after the thread pool verified them (each page's
 * checks and its transaction are catchup_page.c's). See catchup.h.
 */
#include "catchup.h"

#include <nng/protocol/reqrep0/req.h>
#include <stdlib.h>
#include <string.h>

#include "catchup_busy.h"

/* The order of pages. */

void
svk_catchup_queue_push(svk_catchup_queue *q, svk_catchup_job *job)
{
	job->next = NULL;
	job->verified = false;
	if (q->tail)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	q->n++;
}

svk_catchup_job *
svk_catchup_queue_pop(svk_catchup_queue *q)
{
	svk_catchup_job *job = q->head;

	if (job == NULL || !job->verified)
		return NULL;
	q->head = job->next;
	if (q->head == NULL)
		q->tail = NULL;
	q->n--;
	return job;
}

int
svk_catchup_queue_len(const svk_catchup_queue *q)
{
	return q->n;
}

/* A page on its way from the wire to the store, in the queue's order. */
typedef struct page {
	svk_catchup_job job; /* first: a job is its page */
	uv_work_t work;
	svk_catchup *c;
	svk_catchup_link *link; /* NULL once the link is closed */
	svk_catchup_page body;
} page;

static void
page_verify(uv_work_t *w)
{
	page *pg = w->data;
	svk_catchup_page_verify(&pg->body);
}

static void
page_free(page *pg)
{
	svk_catchup_page_fini(&pg->body);
	free(pg);
}

static bool
page_ingest(svk_catchup *c, page *pg)
{
	bool bulk, roster = svk_catchup_page_ingest(&pg->body, c->ing, &bulk);

	if (bulk && c->bulk_stored != NULL)
		c->bulk_stored(c->bulk_arg);
	return roster;
}

static void link_page_done(svk_catchup_link *l, bool last);
static void link_resume(svk_catchup_link *l);

static void
drain(svk_catchup *c)
{
	svk_catchup_job *job;

	while ((job = svk_catchup_queue_pop(&c->queue)) != NULL) {
		page *pg = (page *)job;
		c->checked += pg->body.n;
		c->sigs += pg->body.sigs;
		bool roster = !c->stopping && page_ingest(c, pg);
		svk_catchup_link *l = pg->link;
		/* A new roster may have closed the very link the page came on
		 * (a joining node's first link, say): it asks no more. */
		if (l != NULL && l->closing > 0)
			l = NULL;
		/* A new roster may admit entries this round refused (they came
		 * before it): go again at once rather than at the next timer. */
		if (l != NULL && roster)
			l->again = true;
		if (l != NULL)
			link_page_done(l, job->last);
		page_free(pg);
	}
	if (!c->stopping && svk_catchup_queue_len(&c->queue) < SVK_CATCHUP_MAX_JOBS)
		for (svk_catchup_link *l = c->links; l; l = l->next)
			link_resume(l);
}

static void
page_verified(uv_work_t *w, int status)
{
	page *pg = w->data;
	(void)status; /* a cancelled page is drained unverified: nothing stored */
	pg->job.verified = true;
	drain(pg->c);
}

/* Hands a page to the thread pool, in the queue's order; false when it
 * could not (the reply is freed either way). */
static bool
page_queue(svk_catchup_link *l, svk_catchup_wire_reply *reply, bool last)
{
	svk_catchup *c = l->c;
	page *pg = calloc(1, sizeof(*pg));

	if (pg == NULL || svk_catchup_page_init(&pg->body, reply) != 0) {
		svk_say_error("out of memory for a catch-up page");
		if (pg == NULL)
			svk_catchup_wire_reply_free(reply);
		free(pg);
		return false;
	}
	pg->c = c;
	pg->link = l;
	pg->job.last = last;
	pg->work.data = pg;
	svk_catchup_queue_push(&c->queue, &pg->job);
	l->jobs++;
	if (pg->body.n == 0) {
		/* Nothing to verify: keep the order, skip the thread pool. */
		pg->job.verified = true;
		drain(c);
		return true;
	}
	if (uv_queue_work(c->loop, &pg->work, page_verify, page_verified) != 0) {
		page_verify(&pg->work);
		pg->job.verified = true;
		drain(c);
	}
	return true;
}

void
svk_catchup_init(svk_catchup *c, uv_loop_t *loop, svk_intake *ing,
    svk_publish *pub, const svk_config *cfg)
{
	memset(c, 0, sizeof(*c));
	c->loop = loop;
	c->ing = ing;
	c->pub = pub;
	c->cfg = cfg;
}

void
svk_catchup_stop(svk_catchup *c)
{
	c->stopping = true;
	for (svk_catchup_job *job = c->queue.head; job; job = job->next)
		if (!job->verified)
			(void)uv_cancel((uv_req_t *)&((page *)job)->work);
}

void
svk_catchup_fini(svk_catchup *c)
{
	svk_catchup_job *job;

	while ((job = c->queue.head) != NULL) {
		c->queue.head = job->next;
		page_free((page *)job);
	}
	c->queue.tail = NULL;
	c->queue.n = 0;
}

/* One link's rounds. */

static void send_paced(svk_catchup_link *l);

/* Whether the store's heads moved since l's round began. */
static bool
heads_moved(svk_catchup_link *l)
{
	svk_head *heads = NULL;
	size_t n = 0;
	uint8_t digest[SVK_HASH_LEN];

	if (svk_log_heads(svk_intake_store(l->c->ing), &heads, &n) != 0)
		return false;
	svk_log_heads_digest(heads, n, digest);
	free(heads);
	return memcmp(digest, l->round.digest, SVK_HASH_LEN) != 0;
}

static void
round_over(svk_catchup_link *l, svk_catchup_outcome outcome)
{
	l->syncing = false;
	l->outstanding = l->waiting = l->send_pending = false;
	if (l->timer_open)
		(void)uv_timer_stop(&l->timer);
	if (outcome == SVK_CATCHUP_COMPLETE)
		l->last_catchup_ms = svk_clock_now_ms();
	/* A bounded round that brought something goes on at once; one that
	 * brought nothing new waits for the next occasion, so a partner that
	 * serves what this node holds cannot keep it busy. */
	if (outcome == SVK_CATCHUP_BOUNDED && heads_moved(l))
		l->again = true;
	l->ops.changed(l->arg);
	/* Partners learn soon that this node caught up. */
	if (l->round_received > 0)
		svk_publish_beat_soon(l->c->pub);
	l->round_received = 0;
	if (l->again && l->jobs == 0)
		svk_catchup_link_round(l);
}

/* The round ends once its pages are stored; at once when none are out. */
static void
round_ending(svk_catchup_link *l, svk_catchup_outcome outcome, bool queued)
{
	l->outcome = outcome;
	if (!queued)
		round_over(l, outcome);
}

static void
on_timer(uv_timer_t *h)
{
	svk_catchup_link *l = h->data;

	l->waiting = false;
	if (l->syncing && !l->c->stopping)
		send_paced(l);
}

/* The next request goes after ms. */
static void
send_later(svk_catchup_link *l, int64_t ms)
{
	int err;

	if ((err = uv_timer_start(&l->timer, on_timer, (uint64_t)ms, 0)) != 0) {
		svk_say_warn("catch-up with %s: %s", l->label, uv_strerror(err));
		round_over(l, SVK_CATCHUP_FAILED);
		return;
	}
	l->waiting = true;
}

/* Sends the round's next request now; a REQ socket with no pipe ready yet
 * (the link just came up, or the last request is still leaving) is tried
 * again shortly, a bounded number of times. */
static void
send_now(svk_catchup_link *l)
{
	uint8_t *buf;
	size_t len;
	nng_msg *msg;
	int err, rv;

	if ((err = svk_catchup_wire_request(&l->round, &buf, &len)) != 0) {
		svk_say_warn("catch-up with %s: %s", l->label, svk_error_str(err));
		round_over(l, SVK_CATCHUP_FAILED);
		return;
	}
	if ((rv = nng_msg_alloc(&msg, len)) != 0) {
		free(buf);
		svk_say_warn("catch-up with %s: %s", l->label, nng_strerror(rv));
		round_over(l, SVK_CATCHUP_FAILED);
		return;
	}
	memcpy(nng_msg_body(msg), buf, len);
	free(buf);
	rv = nng_sendmsg(svk_watch_socket(&l->req), msg, NNG_FLAG_NONBLOCK);
	if (rv != 0) {
		nng_msg_free(msg);
		if (rv == NNG_EAGAIN && ++l->tries < SVK_CATCHUP_SEND_TRIES) {
			int64_t ms = svk_catchup_round_retry_ms(l->tries);
			svk_say_debug("catch-up with %s: not ready to send (%s): "
				      "again in %lld ms",
			    l->label, nng_strerror(rv), (long long)ms);
			send_later(l, ms);
			return;
		}
		svk_say_warn("catch-up with %s: cannot send: %s (%u tries): the "
			     "round ends",
		    l->label, nng_strerror(rv), l->tries);
		round_over(l, SVK_CATCHUP_FAILED);
		return;
	}
	l->tries = 0;
	(void)svk_throttle_take(&l->pace, (int64_t)uv_now(l->c->loop),
	    l->pace_rate, 1e12, 0);
	l->c->bytes_out += len;
	l->sent_ms = svk_clock_now_ms();
	l->outstanding = true;
}

/* Sends the round's next request as soon as its pace allows: under the
 * partner's throttle, which allows the same rate by default, so an honest
 * round is never throttled. */
static void
send_paced(svk_catchup_link *l)
{
	int64_t ms = svk_throttle_delay_ms(&l->pace, (int64_t)uv_now(l->c->loop),
	    l->pace_rate);

	if (ms > 0)
		send_later(l, ms);
	else
		send_now(l);
}

/* Asks for the next page while this one is verified, unless the store is
 * behind already (then the store's progress asks: link_resume). */
static void
send_next(svk_catchup_link *l)
{
	/* Nothing is fetched that could not be stored; intake starts a round
	 * again once there is room. */
	if (!svk_intake_writable(l->c->ing, NULL)) {
		round_over(l, SVK_CATCHUP_FAILED);
		return;
	}
	if (svk_catchup_queue_len(&l->c->queue) < SVK_CATCHUP_MAX_JOBS)
		send_paced(l);
	else
		l->send_pending = true;
}

void
svk_catchup_link_round(svk_catchup_link *l)
{
	svk_catchup *c = l->c;
	int err;

	if (c->stopping || l->closing > 0)
		return;
	if (l->syncing && l->waiting && l->tries > 0 && l->up) {
		/* The round waits for its link, which is here now. */
		(void)uv_timer_stop(&l->timer);
		l->waiting = false;
		send_paced(l);
		return;
	}
	if (l->syncing || l->jobs > 0) {
		l->again = true;
		return;
	}
	if (!l->up)
		return; /* the link coming up starts a round */
	if (!svk_intake_writable(c->ing, NULL))
		return; /* intake starts one when the store takes writes again */
	svk_catchup_wire_round_fini(&l->round);
	if ((err = svk_catchup_wire_round_begin(&l->round,
		 svk_intake_store(c->ing), c->cfg->page)) != 0) {
		svk_say_warn("catch-up with %s: %s", l->label, svk_error_str(err));
		return;
	}
	svk_catchup_round_budget_init(&l->budget, c->cfg->round_pages,
	    c->cfg->round_bytes);
	l->pace_rate = c->cfg->peer_requests * SVK_CATCHUP_PACE;
	l->again = false;
	l->syncing = true;
	l->tries = l->busy = 0;
	l->outcome = SVK_CATCHUP_COMPLETE;
	l->rounds++;
	c->rounds++;
	send_paced(l);
}

/* The partner did not answer yet: ask the same again after ms, and slow
 * down for the rest of the round. */
static void
on_busy(svk_catchup_link *l, uint32_t ms)
{
	if (++l->busy > SVK_CATCHUP_BUSY_TRIES) {
		svk_say_limited(&l->say, SVK_WARN,
		    "catch-up with %s: busy %u times in one round: the round ends",
		    l->label, SVK_CATCHUP_BUSY_TRIES);
		round_over(l, SVK_CATCHUP_FAILED);
		return;
	}
	/* Half the pace, and no burst saved up at the old one. */
	if (l->pace_rate > 2)
		l->pace_rate /= 2;
	svk_throttle_empty(&l->pace, (int64_t)uv_now(l->c->loop));
	svk_say_debug("catch-up with %s: busy, again in %u ms", l->label, ms);
	send_later(l, ms < SVK_CATCHUP_BUSY_MAX_MS ? ms : SVK_CATCHUP_BUSY_MAX_MS);
}

/* Judges a page (a reply after the heads went) by the round's budget: true
 * when the round goes on. */
static bool
page_judged(svk_catchup_link *l, size_t n, size_t bytes, bool more)
{
	const svk_config *cfg = l->c->cfg;

	switch (svk_catchup_round_spend(&l->budget, n, bytes, more)) {
	case SVK_CATCHUP_GO_ON: return true;
	case SVK_CATCHUP_EMPTY_MORE:
		svk_intake_reject(l->c->ing, "empty_more");
		svk_say_limited(&l->say, SVK_WARN,
		    "catch-up with %s: an empty page that says more follow "
		    "(empty_more): the round ends",
		    l->label);
		l->outcome = SVK_CATCHUP_FAILED;
		return false;
	case SVK_CATCHUP_MAX_PAGES:
		svk_say_limited(&l->say, SVK_INFO,
		    "catch-up with %s: %u pages in one round: the round ends "
		    "([catchup] round_pages)",
		    l->label, cfg->round_pages);
		break;
	case SVK_CATCHUP_MAX_BYTES:
		svk_say_limited(&l->say, SVK_INFO,
		    "catch-up with %s: %zu bytes in one round: the round ends "
		    "([catchup] round_bytes)",
		    l->label, cfg->round_bytes);
		break;
	}
	l->outcome = SVK_CATCHUP_BOUNDED;
	return false;
}

static void
on_reply(svk_watch *w, nng_msg *msg)
{
	svk_catchup_link *l = svk_watch_owner(w);
	svk_catchup *c = l->c;
	svk_catchup_wire_reply *reply = NULL;
	svk_catchup_wire_next next;
	size_t len = nng_msg_len(msg);
	bool paging = l->round.sent_heads; /* not the digest's answer */
	uint32_t busy_ms;
	int err;

	c->bytes_in += len;
	if (!l->syncing || !l->outstanding) {
		nng_msg_free(msg);
		return; /* a late answer to a round given up */
	}
	l->outstanding = false;
	l->ops.seen(l->arg);
	if (svk_catchup_busy_decode(nng_msg_body(msg), len, &busy_ms)) {
		nng_msg_free(msg);
		on_busy(l, busy_ms);
		return;
	}
	err = svk_catchup_wire_reply_open(&l->round, nng_msg_body(msg), len,
	    &reply, &next);
	nng_msg_free(msg);
	if (err != 0) {
		svk_intake_reject(c->ing, "malformed_reply");
		svk_say_limited(&l->say, SVK_WARN, "catch-up with %s: bad reply: %s",
		    l->label, svk_error_str(err));
		round_over(l, SVK_CATCHUP_FAILED);
		return;
	}
	if (next == SVK_CATCHUP_REFUSED) {
		if (!svk_intake_refused_by(c->ing, l->label))
			svk_say_limited(&l->say, SVK_WARN,
			    "catch-up with %s: refused (another federation?)",
			    l->label);
		svk_catchup_wire_reply_free(reply);
		round_over(l, SVK_CATCHUP_FAILED);
		return;
	}
	size_t n = svk_catchup_wire_reply_count(reply);
	bool goes_on = next == SVK_CATCHUP_AGAIN &&
		       (!paging || page_judged(l, n, len, true));
	if (n > 0) {
		l->received += n;
		l->round_received += n;
		svk_say_debug("catch-up with %s: %zu entries", l->label, n);
		if (!page_queue(l, reply, !goes_on)) {
			/* Its earlier pages are stored still. */
			round_over(l, SVK_CATCHUP_FAILED);
			return;
		}
	} else {
		svk_catchup_wire_reply_free(reply);
	}
	if (goes_on)
		send_next(l);
	else
		round_ending(l, l->outcome, n > 0);
}

/* Sends a request that waited for the store. */
static void
link_resume(svk_catchup_link *l)
{
	if (l->send_pending && l->syncing) {
		l->send_pending = false;
		send_paced(l);
	}
}

/* One of l's pages has been stored (or dropped). */
static void
link_page_done(svk_catchup_link *l, bool last)
{
	if (l->jobs > 0)
		l->jobs--;
	if (last && l->syncing)
		round_over(l, l->outcome);
	if (l->jobs == 0 && !l->syncing && l->again)
		svk_catchup_link_round(l);
}

void
svk_catchup_link_tick(svk_catchup_link *l, int64_t now)
{
	if (l->syncing && l->outstanding && now - l->sent_ms > SVK_CATCHUP_TIMEOUT_MS) {
		svk_say_warn("catch-up with %s: no answer, will try again", l->label);
		round_over(l, SVK_CATCHUP_FAILED);
	}
}

static void
link_closed(svk_catchup_link *l)
{
	if (--l->closing > 0)
		return;
	svk_catchup_wire_round_fini(&l->round);
	l->ops.closed(l->arg);
}

static void
req_closed(svk_watch *w)
{
	link_closed(svk_watch_owner(w));
}

static void
timer_closed(uv_handle_t *h)
{
	link_closed(h->data);
}

int
svk_catchup_link_open(svk_catchup_link *l, svk_catchup *c, const char *label,
    const svk_catchup_ops *ops, void *arg)
{
	int err;

	memset(l, 0, sizeof(*l));
	l->c = c;
	l->label = label;
	l->ops = *ops;
	l->arg = arg;
	l->next = c->links;
	c->links = l;
	if ((err = uv_timer_init(c->loop, &l->timer)) != 0)
		return err;
	l->timer_open = true;
	l->timer.data = l;
	return svk_watch_open(&l->req, c->loop, nng_req0_open,
	    SVK_CATCHUP_MAX_REPLY, on_reply, l);
}

void
svk_catchup_link_close(svk_catchup_link *l)
{
	svk_catchup *c = l->c;

	for (svk_catchup_link **pp = &c->links; *pp; pp = &(*pp)->next) {
		if (*pp == l) {
			*pp = l->next;
			break;
		}
	}
	for (svk_catchup_job *job = c->queue.head; job; job = job->next)
		if (((page *)job)->link == l)
			((page *)job)->link = NULL;
	l->syncing = false;
	/* Each handle's close callback, and this function's own hold. */
	l->closing = 2 + l->timer_open;
	if (l->timer_open) {
		(void)uv_timer_stop(&l->timer);
		uv_close((uv_handle_t *)&l->timer, timer_closed);
		l->timer_open = false;
	}
	svk_watch_close(&l->req, req_closed);
	link_closed(l);
}

nng_socket
svk_catchup_link_socket(const svk_catchup_link *l)
{
	return svk_watch_socket(&l->req);
}

bool
svk_catchup_link_set_up(svk_catchup_link *l, bool up)
{
	bool was = l->up;
	l->up = up;
	return was != up;
}

bool
svk_catchup_link_is_up(const svk_catchup_link *l)
{
	return l->up;
}

bool
svk_catchup_link_busy(const svk_catchup_link *l)
{
	return l->syncing || l->jobs > 0;
}

bool
svk_catchup_link_flowing(const svk_catchup_link *l, int64_t now)
{
	if (l->jobs > 0)
		return true;
	return l->syncing &&
	       (!l->outstanding || now - l->sent_ms < SVK_CATCHUP_FLOW_MS);
}

void
svk_catchup_link_stats(const svk_catchup_link *l, uint64_t *rounds,
    uint64_t *received, int64_t *last_sync_ms)
{
	*rounds = l->rounds;
	*received = l->received;
	*last_sync_ms = l->last_catchup_ms;
}

void
svk_catchup_counts(const svk_catchup *c, uint64_t *rounds, uint64_t *bytes_in,
    uint64_t *bytes_out)
{
	*rounds = c->rounds;
	*bytes_in = c->bytes_in;
	*bytes_out = c->bytes_out;
}

void
svk_catchup_checks(const svk_catchup *c, uint64_t *entries, uint64_t *sigs)
{
	*entries = c->checked;
	*sigs = c->sigs;
}

bool
svk_catchup_busy(void *arg)
{
	const svk_catchup *c = arg;

	if (c->queue.n > 0)
		return true;
	for (const svk_catchup_link *l = c->links; l; l = l->next)
		if (l->syncing)
			return true;
	return false;
}
