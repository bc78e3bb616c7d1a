/*
 * catchup.c: rounds with a partner over REQ, and the FIFO that stores
 * their pages in order after the thread pool verified them. See catchup.h.
 */
#include "catchup.h"

#include <nng/protocol/reqrep0/req.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"

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

/* A page on its way from the wire to the store. */
typedef struct page {
	svk_catchup_job job; /* first: a job is its page */
	uv_work_t work;
	svk_catchup *c;
	svk_catchup_link *link; /* NULL once the link is closed */
	svk_catchup_wire_reply *reply;
	svk_entry **entries; /* NULL where it failed; errs says why */
	int *errs;
	size_t n;
} page;

static void
page_verify(uv_work_t *w)
{
	page *pg = w->data;

	for (size_t i = 0; i < pg->n; i++) {
		const uint8_t *buf;
		size_t len;
		svk_catchup_wire_reply_entry(pg->reply, i, &buf, &len);
		pg->errs[i] = svk_entry_open(buf, len, &pg->entries[i]);
	}
}

static void
page_free(page *pg)
{
	for (size_t i = 0; i < pg->n; i++)
		svk_entry_free(pg->entries[i]);
	free(pg->entries);
	free(pg->errs);
	svk_catchup_wire_reply_free(pg->reply);
	free(pg);
}

/* Refusals that leave the rest of a page to be stored. */
static bool
refusal(int err)
{
	return err == SVK_EFORK || err == SVK_ECHAIN || err == SVK_ENOTMEMBER ||
	       err == SVK_ESUSPENDED || err == SVK_EFEDERATION || err == SVK_EEXPIRED;
}

/* Stores a verified page; true when it brought a new roster. */
static bool
page_ingest(svk_catchup *c, page *pg)
{
	svk_store *st = svk_intake_store(c->ing);
	bool roster = false;
	/* A small page repairs what gossip lost: pass it on, as gossip would
	 * have. A big one is a node coming back after days: its partners have
	 * those entries already, and a flood would only make them verify. */
	bool relay = pg->n <= SVK_CATCHUP_RELAY_PAGE;
	int err;

	if ((err = svk_store_begin(st)) != 0) {
		svk_say_warn("cannot store a catch-up page: %s", svk_error_str(err));
		return false;
	}
	/* Rosters first: a joining node learns who the members are before it
	 * judges their entries. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < pg->n; i++) {
			if (pg->entries[i] == NULL) {
				if (pass == 0)
					svk_store_count_reject(st,
					    svk_entry_reason(pg->errs[i]));
				continue;
			}
			if (svk_intake_is_roster(pg->entries[i]) != (pass == 0))
				continue;
			err = svk_intake_entry(c->ing, pg->entries[i], relay, &roster);
			if (err != 0 && !refusal(err)) {
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
		svk_intake_roster_changed(c->ing);
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
		bool roster = !c->stopping && page_ingest(c, pg);
		svk_catchup_link *l = pg->link;
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

/* Hands a page to the thread pool, in the queue's order. */
static void
page_queue(svk_catchup_link *l, svk_catchup_wire_reply *reply, bool last)
{
	svk_catchup *c = l->c;
	page *pg = calloc(1, sizeof(*pg));
	size_t n = svk_catchup_wire_reply_count(reply);

	if (pg == NULL ||
	    (pg->entries = calloc(n ? n : 1, sizeof(*pg->entries))) == NULL ||
	    (pg->errs = calloc(n ? n : 1, sizeof(*pg->errs))) == NULL) {
		svk_say_error("out of memory for a catch-up page");
		if (pg) {
			free(pg->entries);
			free(pg);
		}
		svk_catchup_wire_reply_free(reply);
		link_page_done(l, true);
		l->jobs++;
		return;
	}
	pg->c = c;
	pg->link = l;
	pg->reply = reply;
	pg->n = n;
	pg->job.last = last;
	pg->work.data = pg;
	svk_catchup_queue_push(&c->queue, &pg->job);
	l->jobs++;
	if (n == 0) {
		/* Nothing to verify: keep the order, skip the thread pool. */
		pg->job.verified = true;
		drain(c);
		return;
	}
	if (uv_queue_work(c->loop, &pg->work, page_verify, page_verified) != 0) {
		page_verify(&pg->work);
		pg->job.verified = true;
		drain(c);
	}
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

static void
send_request(svk_catchup_link *l)
{
	uint8_t *buf;
	size_t len;
	nng_msg *msg;
	int err, rv;

	if ((err = svk_catchup_wire_request(&l->round, &buf, &len)) != 0) {
		svk_say_warn("catch-up with %s: %s", l->label, svk_error_str(err));
		goto abort;
	}
	if ((rv = nng_msg_alloc(&msg, len)) != 0) {
		free(buf);
		goto abort;
	}
	memcpy(nng_msg_body(msg), buf, len);
	free(buf);
	if ((rv = nng_sendmsg(svk_watch_socket(&l->req), msg, NNG_FLAG_NONBLOCK)) != 0) {
		nng_msg_free(msg);
		svk_say_debug("catch-up with %s: cannot send: %s", l->label,
		    nng_strerror(rv));
		goto abort;
	}
	l->c->bytes_out += len;
	l->sent_ms = svk_clock_now_ms();
	return;
abort:
	l->syncing = false;
}

void
svk_catchup_link_round(svk_catchup_link *l)
{
	svk_catchup *c = l->c;
	int err;

	if (c->stopping)
		return;
	if (l->syncing || l->jobs > 0) {
		l->again = true;
		return;
	}
	if (!l->up)
		return; /* the link coming up starts a round */
	svk_catchup_wire_round_fini(&l->round);
	if ((err = svk_catchup_wire_round_begin(&l->round,
		 svk_intake_store(c->ing), c->cfg->page)) != 0) {
		svk_say_warn("catch-up with %s: %s", l->label, svk_error_str(err));
		return;
	}
	l->again = false;
	l->syncing = true;
	l->rounds++;
	c->rounds++;
	send_request(l);
}

static void
round_over(svk_catchup_link *l)
{
	l->syncing = false;
	l->last_catchup_ms = svk_clock_now_ms();
	l->ops.changed(l->arg);
	/* Partners learn soon that this node caught up. */
	if (l->round_received > 0)
		svk_publish_beat_soon(l->c->pub);
	l->round_received = 0;
}

static void
on_reply(svk_watch *w, nng_msg *msg)
{
	svk_catchup_link *l = svk_watch_owner(w);
	svk_catchup *c = l->c;
	svk_catchup_wire_reply *reply = NULL;
	svk_catchup_wire_next next;
	int err;

	c->bytes_in += nng_msg_len(msg);
	if (!l->syncing) {
		nng_msg_free(msg);
		return; /* a late answer to a round given up */
	}
	l->ops.seen(l->arg);
	err = svk_catchup_wire_reply_open(&l->round, nng_msg_body(msg),
	    nng_msg_len(msg), &reply, &next);
	nng_msg_free(msg);
	if (err != 0) {
		svk_intake_reject(c->ing, "malformed_reply");
		svk_say_warn("catch-up with %s: bad reply: %s", l->label,
		    svk_error_str(err));
		round_over(l);
		return;
	}
	if (next == SVK_CATCHUP_REFUSED) {
		svk_say_warn("catch-up with %s: refused (another federation?)",
		    l->label);
		svk_catchup_wire_reply_free(reply);
		round_over(l);
		return;
	}
	size_t n = svk_catchup_wire_reply_count(reply);
	if (n > 0) {
		l->received += n;
		l->round_received += n;
		svk_say_debug("catch-up with %s: %zu entries", l->label, n);
		page_queue(l, reply, next == SVK_CATCHUP_DONE);
	} else {
		svk_catchup_wire_reply_free(reply);
	}
	if (next == SVK_CATCHUP_AGAIN) {
		/* Ask for the next page while this one is verified, unless
		 * the store is behind already. */
		if (svk_catchup_queue_len(&c->queue) < SVK_CATCHUP_MAX_JOBS)
			send_request(l);
		else
			l->send_pending = true;
	} else if (n == 0) {
		round_over(l);
	}
	/* else: the round ends when its last page is stored */
}

/* Sends a request that waited for the store. */
static void
link_resume(svk_catchup_link *l)
{
	if (l->send_pending && l->syncing) {
		l->send_pending = false;
		send_request(l);
	}
}

/* One of l's pages has been stored (or dropped). */
static void
link_page_done(svk_catchup_link *l, bool last)
{
	if (l->jobs > 0)
		l->jobs--;
	if (last)
		round_over(l);
	if (l->jobs == 0 && !l->syncing && l->again)
		svk_catchup_link_round(l);
}

void
svk_catchup_link_tick(svk_catchup_link *l, int64_t now)
{
	if (l->syncing && !l->send_pending && l->jobs == 0 &&
	    now - l->sent_ms > SVK_CATCHUP_TIMEOUT_MS) {
		svk_say_warn("catch-up with %s: no answer, will try again", l->label);
		round_over(l);
	}
}

int
svk_catchup_link_open(svk_catchup_link *l, svk_catchup *c, const char *label,
    const svk_catchup_ops *ops, void *arg)
{
	memset(l, 0, sizeof(*l));
	l->c = c;
	l->label = label;
	l->ops = *ops;
	l->arg = arg;
	l->next = c->links;
	c->links = l;
	return svk_watch_open(&l->req, c->loop, nng_req0_open,
	    SVK_CATCHUP_MAX_REPLY, on_reply, l);
}

static void
req_closed(svk_watch *w)
{
	svk_catchup_link *l = svk_watch_owner(w);
	svk_catchup_wire_round_fini(&l->round);
	l->ops.closed(l->arg);
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
	svk_watch_close(&l->req, req_closed);
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
