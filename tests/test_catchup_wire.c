/*
 * test_sync.c: node/wire/catchup_wire.c: the catch-up protocol, both sides, in memory.
 *
 * A is the coordinator of a federation whose roster lists A and B; B is a
 * member. A round is driven by hand as the daemon drives it over REQ/REP:
 * B's requests go to svk_catchup_wire_serve on A's store, A's replies come back to
 * svk_catchup_wire_reply_open on B, whose entries B opens and ingests, until the
 * round is over. Other tests hand the responder requests, and the requester
 * replies, that break the protocol.
 */
#include "catchup_wire.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "hold.h"
#include "home.h"
#include "log.h"
#include "roster.h"
#include "ingest.h"
#include "verify.h"

#define PK(home) svk_crypto_identity_public((home)->id)

static char dir[64];
static svk_home *a, *b;

/* home_make creates and opens a node in dir/sub. */
static svk_home *
home_make(const char *sub, const char *name, const char *country)
{
	char path[256];
	svk_home *home = NULL;
	int err;

	err = svk_home_create(fx_path(path, dir, sub), name, country);
	ck_assert_msg(err == 0, "create %s: %s", path, svk_error_str(err));
	ck_assert_int_eq(svk_home_open(&home, path), 0);
	return home;
}

static void
join(svk_home *home, const svk_home *coordinator)
{
	int err = svk_log_join(home->store, home->id, PK(coordinator));

	ck_assert_msg(err == 0, "join: %s", svk_error_str(err));
}

/* roster_list publishes, from a, a roster in which every home is active. */
static void
roster_list(svk_home *const homes[], size_t n)
{
	Samverk__Roster *r = NULL;

	ck_assert_int_eq(svk_roster_current(a->store, &r), 0);
	for (size_t i = 0; i < n; i++) {
		Samverk__Member m = SAMVERK__MEMBER__INIT;

		m.key.data = (uint8_t *)PK(homes[i]);
		m.key.len = SVK_KEY_LEN;
		m.name = homes[i]->name;
		m.country = homes[i]->country;
		m.pub = "tcp://127.0.0.1:7400";
		m.catchup = "tcp://127.0.0.1:7401";
		m.status = SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE;
		ck_assert_int_eq(svk_roster_put(r, &m), 0);
	}
	ck_assert_int_eq(svk_roster_publish(a, r, SVK_ROSTER_LIFETIME_MS), 0);
	protobuf_c_message_free_unpacked(&r->base, NULL);
}

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "catchup");
	a = home_make("a", "Vejle", "DK");
	b = home_make("b", "Skellefteå", "SE");
	join(a, a);
	join(b, a);
	roster_list((svk_home *const[]){a, b}, 2);
}

static void
teardown(void)
{
	svk_home_close(a);
	svk_home_close(b);
	a = b = NULL;
	fx_rmdir(dir);
}

static uint64_t
held(svk_home *home)
{
	uint64_t all = 0, own = 0;

	ck_assert_int_eq(svk_log_count(home->store, PK(home), &all, &own), 0);
	return all;
}

/* append_practices appends practices to home's log until it holds total
 * entries, in one transaction. */
static void
append_practices(svk_home *home, uint64_t total)
{
	char id[32], title[64];
	uint64_t have = held(home);

	ck_assert_uint_le(have, total);
	ck_assert_int_eq(svk_store_begin(home->store), 0);
	for (uint64_t i = have; i < total; i++) {
		snprintf(id, sizeof(id), "practice-%llu", (unsigned long long)i);
		snprintf(title, sizeof(title), "Practice number %llu",
		    (unsigned long long)i);
		(void)fx_append_practice(home->store, home->id, id, title);
	}
	ck_assert_int_eq(svk_store_commit(home->store), 0);
	ck_assert_uint_eq(held(home), total);
}

/* What a whole round did, as seen by the test between the two sides. */
struct round_log {
	svk_catchup_wire_next next;   /* how the round ended */
	size_t requests;	      /* requests sent */
	size_t pages;		      /* replies that carried entries */
	size_t sent;		      /* entries in all replies */
	size_t fresh;		      /* entries that were new to the requester */
	size_t first_request;	      /* bytes of the first request */
	size_t first_reply;	      /* bytes of the first reply */
	bool first_in_sync;	      /* the first reply said "in sync" */
	bool cursor_forward;	      /* every cursor was past the one before */
	uint8_t (*ids)[SVK_HASH_LEN]; /* every entry received, in order */
	size_t n_ids;
};

static void
round_log_free(struct round_log *seen)
{
	free(seen->ids);
	seen->ids = NULL;
}

/* ingest_reply opens and ingests each entry of reply into st. */
static void
ingest_reply(svk_store *st, const svk_catchup_wire_reply *reply, struct round_log *seen)
{
	size_t n = svk_catchup_wire_reply_count(reply);

	seen->ids = realloc(seen->ids, (seen->n_ids + n + 1) * sizeof(*seen->ids));
	ck_assert_ptr_nonnull(seen->ids);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *buf;
		svk_entry *e = NULL;
		bool fresh = false;
		size_t len;
		int err;

		svk_catchup_wire_reply_entry(reply, i, &buf, &len);
		ck_assert_int_eq(svk_entry_open(buf, len, &e), 0);
		err = svk_ingest_entry(st, e, &fresh);
		ck_assert_msg(err == 0, "ingest of entry %zu: %s", i,
		    svk_error_str(err));
		memcpy(seen->ids[seen->n_ids++], e->id, SVK_HASH_LEN);
		seen->fresh += fresh;
		svk_entry_free(e);
	}
}

static bool
cursor_after(const svk_catchup_wire_round *r, const uint8_t origin[SVK_KEY_LEN],
    uint64_t seq)
{
	int c = memcmp(r->after_origin, origin, SVK_KEY_LEN);

	return c > 0 || (c == 0 && r->after_seq > seq);
}

/* exchange sends one request of r to the responder and opens its reply. */
static svk_catchup_wire_next
exchange(svk_catchup_wire_round *r, svk_store *requester, svk_store *responder,
    struct round_log *seen)
{
	uint8_t *req = NULL, *rep = NULL, origin[SVK_KEY_LEN];
	size_t req_len = 0, rep_len = 0, sent = 0;
	svk_catchup_wire_reply *reply = NULL;
	svk_catchup_wire_next next;
	bool had_cursor = r->have_cursor;
	uint64_t seq = r->after_seq;
	int err;

	memcpy(origin, r->after_origin, SVK_KEY_LEN);
	ck_assert_int_eq(svk_catchup_wire_request(r, &req, &req_len), 0);
	err = svk_catchup_wire_serve(responder, req, req_len, &rep, &rep_len, &sent);
	ck_assert_msg(err == 0, "serve: %s", svk_error_str(err));
	if (seen->requests++ == 0) {
		Samverk__CatchupReply *m = samverk__catchup_reply__unpack(NULL,
		    rep_len, rep);

		ck_assert_ptr_nonnull(m);
		seen->first_request = req_len;
		seen->first_reply = rep_len;
		seen->first_in_sync = m->in_sync;
		samverk__catchup_reply__free_unpacked(m, NULL);
	}
	err = svk_catchup_wire_reply_open(r, rep, rep_len, &reply, &next);
	ck_assert_msg(err == 0, "reply: %s", svk_error_str(err));
	ck_assert_uint_eq(svk_catchup_wire_reply_count(reply), sent);
	seen->sent += sent;
	seen->pages += sent > 0;
	ingest_reply(requester, reply, seen);
	if (next == SVK_CATCHUP_AGAIN && had_cursor && !cursor_after(r, origin, seq))
		seen->cursor_forward = false;
	svk_catchup_wire_reply_free(reply);
	free(req);
	free(rep);
	return next;
}

/* round_run runs a whole catch-up round of requester with responder. */
static void
round_run(svk_store *requester, svk_store *responder, uint32_t page,
    struct round_log *seen)
{
	svk_catchup_wire_round r;

	memset(seen, 0, sizeof(*seen));
	seen->cursor_forward = true;
	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, requester, page), 0);
	do {
		ck_assert_uint_lt(seen->requests, 10000); /* not looping */
		seen->next = exchange(&r, requester, responder, seen);
	} while (seen->next == SVK_CATCHUP_AGAIN);
	svk_catchup_wire_round_fini(&r);
}

static void
digest_of(svk_store *st, uint8_t digest[SVK_HASH_LEN])
{
	svk_head *heads = NULL;
	size_t n = 0;

	ck_assert_int_eq(svk_log_heads(st, &heads, &n), 0);
	svk_log_heads_digest(heads, n, digest);
	free(heads);
}

/* expect_same_heads checks that x and y hold the same heads and digest. */
static void
expect_same_heads(svk_store *x, svk_store *y)
{
	svk_head *hx = NULL, *hy = NULL;
	size_t nx = 0, ny = 0;
	uint8_t dx[SVK_HASH_LEN], dy[SVK_HASH_LEN];

	ck_assert_int_eq(svk_log_heads(x, &hx, &nx), 0);
	ck_assert_int_eq(svk_log_heads(y, &hy, &ny), 0);
	ck_assert_uint_eq(nx, ny);
	for (size_t i = 0; i < nx; i++) {
		ck_assert_mem_eq(hx[i].origin, hy[i].origin, SVK_KEY_LEN);
		ck_assert_uint_eq(hx[i].head, hy[i].head);
		ck_assert_uint_eq(hx[i].top, hy[i].top);
	}
	free(hx);
	free(hy);
	digest_of(x, dx);
	digest_of(y, dy);
	ck_assert_mem_eq(dx, dy, SVK_HASH_LEN);
}

static int
id_cmp(const void *x, const void *y)
{
	return memcmp(x, y, SVK_HASH_LEN);
}

/* distinct counts the different entry ids a round received. */
static size_t
distinct(struct round_log *seen)
{
	size_t n = seen->n_ids ? 1 : 0;

	qsort(seen->ids, seen->n_ids, sizeof(*seen->ids), id_cmp);
	for (size_t i = 1; i < seen->n_ids; i++)
		n += memcmp(seen->ids[i - 1], seen->ids[i], SVK_HASH_LEN) != 0;
	return n;
}

static uint64_t
head_of(svk_store *st, const uint8_t *origin, uint64_t *top)
{
	svk_head *heads = NULL;
	size_t n = 0;
	uint64_t head = 0;

	*top = 0;
	ck_assert_int_eq(svk_log_heads(st, &heads, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (memcmp(heads[i].origin, origin, SVK_KEY_LEN) == 0) {
			head = heads[i].head;
			*top = heads[i].top;
		}
	}
	free(heads);
	return head;
}

START_TEST(test_a_fresh_member_catches_up_to_exactly_the_coordinators_entries)
{
	struct round_log seen;
	uint64_t checked = 0, problems = 0;

	append_practices(a, 21);
	ck_assert_uint_eq(held(b), 0);
	round_run(b->store, a->store, 0, &seen);
	ck_assert_int_eq(seen.next, SVK_CATCHUP_DONE);
	ck_assert_uint_eq(seen.sent, 21);
	ck_assert_uint_eq(seen.fresh, 21);
	ck_assert_uint_eq(held(b), 21);
	expect_same_heads(b->store, a->store);
	ck_assert_int_eq(svk_verify_log(b->store, NULL, NULL, &checked, &problems), 0);
	ck_assert_uint_eq(checked, 21);
	ck_assert_uint_eq(problems, 0);
	round_log_free(&seen);
}
END_TEST

START_TEST(test_a_round_in_sync_costs_under_100_bytes_and_ends_at_once)
{
	struct round_log seen;

	append_practices(a, 30);
	round_run(b->store, a->store, 0, &seen);
	round_log_free(&seen);
	round_run(b->store, a->store, 0, &seen);
	ck_assert_int_eq(seen.next, SVK_CATCHUP_DONE);
	ck_assert_uint_eq(seen.requests, 1);
	ck_assert(seen.first_in_sync);
	ck_assert_uint_eq(seen.sent, 0);
	ck_assert_uint_gt(seen.first_request, 0);
	ck_assert_uint_gt(seen.first_reply, 0);
	ck_assert_uint_lt(seen.first_request + seen.first_reply, 100);
	round_log_free(&seen);
}
END_TEST

START_TEST(test_two_empty_nodes_are_in_sync_at_once)
{
	struct round_log seen;
	svk_home *c = home_make("c", "Kalamata", "GR");
	svk_home *d = home_make("d", "Oulu", "FI");

	join(c, a);
	join(d, a);
	round_run(c->store, d->store, 0, &seen);
	ck_assert_int_eq(seen.next, SVK_CATCHUP_DONE);
	ck_assert_uint_eq(seen.requests, 1);
	ck_assert(seen.first_in_sync);
	round_log_free(&seen);
	svk_home_close(c);
	svk_home_close(d);
}
END_TEST

START_TEST(test_paging_by_10_takes_10_pages_for_95_entries_and_sends_none_twice)
{
	struct round_log seen;

	append_practices(a, 95);
	round_run(b->store, a->store, 10, &seen);
	ck_assert_int_eq(seen.next, SVK_CATCHUP_DONE);
	ck_assert_uint_eq(seen.pages, 10);
	ck_assert_uint_eq(seen.requests, 11); /* the digest, then 10 pages */
	ck_assert_uint_eq(seen.sent, 95);
	ck_assert_uint_eq(seen.n_ids, 95);
	ck_assert_uint_eq(distinct(&seen), 95);
	ck_assert_uint_eq(seen.fresh, 95);
	ck_assert(seen.cursor_forward);
	expect_same_heads(b->store, a->store);
	round_log_free(&seen);
}
END_TEST

START_TEST(test_each_page_is_asked_for_with_a_cursor_past_the_last_entry)
{
	struct round_log seen = {.cursor_forward = true};
	svk_catchup_wire_round r;

	append_practices(a, 25);
	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 10), 0);
	ck_assert_uint_eq(r.page, 10);
	ck_assert_int_eq(exchange(&r, b->store, a->store, &seen), SVK_CATCHUP_AGAIN);
	ck_assert(r.sent_heads);
	ck_assert(!r.have_cursor);
	ck_assert_int_eq(exchange(&r, b->store, a->store, &seen), SVK_CATCHUP_AGAIN);
	ck_assert(r.have_cursor);
	ck_assert_mem_eq(r.after_origin, PK(a), SVK_KEY_LEN);
	ck_assert_uint_eq(r.after_seq, 10);
	ck_assert_int_eq(exchange(&r, b->store, a->store, &seen), SVK_CATCHUP_AGAIN);
	ck_assert_uint_eq(r.after_seq, 20);
	ck_assert_int_eq(exchange(&r, b->store, a->store, &seen), SVK_CATCHUP_DONE);
	ck_assert_uint_eq(seen.sent, 25);
	ck_assert_uint_eq(distinct(&seen), 25);
	ck_assert(seen.cursor_forward);
	svk_catchup_wire_round_fini(&r);
	round_log_free(&seen);
}
END_TEST

START_TEST(test_paging_across_origins_sends_every_entry_once)
{
	struct round_log seen;
	svk_home *c = home_make("c", "Kalamata", "GR");

	join(c, a);
	append_practices(a, 12);
	round_run(b->store, a->store, 0, &seen);
	round_log_free(&seen);
	append_practices(b, 12 + 18);
	round_run(a->store, b->store, 0, &seen);
	ck_assert_uint_eq(seen.fresh, 18);
	round_log_free(&seen);
	ck_assert_uint_eq(held(a), 30);
	/* c holds the roster first: whichever origin sorts first, it can then
	 * judge every page. */
	ck_assert_int_eq(fx_ingest(c->store, a->store, PK(a), 1, NULL), 0);
	round_run(c->store, a->store, 7, &seen);
	ck_assert_int_eq(seen.next, SVK_CATCHUP_DONE);
	ck_assert_uint_eq(seen.sent, 29);
	ck_assert_uint_eq(distinct(&seen), 29);
	ck_assert_uint_eq(seen.pages, 5); /* 7 + 7 + 7 + 7 + 1 */
	ck_assert(seen.cursor_forward);
	expect_same_heads(c->store, a->store);
	round_log_free(&seen);
	svk_home_close(c);
}
END_TEST

START_TEST(test_a_member_holding_entries_the_coordinator_lacks_gets_nothing)
{
	struct round_log seen;

	append_practices(a, 8);
	round_run(b->store, a->store, 0, &seen);
	round_log_free(&seen);
	append_practices(b, 8 + 5);
	round_run(b->store, a->store, 0, &seen);
	ck_assert_int_eq(seen.next, SVK_CATCHUP_DONE);
	ck_assert(!seen.first_in_sync);
	ck_assert_uint_eq(seen.requests, 2); /* the digest, then the heads */
	ck_assert_uint_eq(seen.sent, 0);
	ck_assert_uint_eq(seen.pages, 0);
	ck_assert_uint_eq(held(b), 13);
	ck_assert_uint_eq(held(a), 8);
	round_log_free(&seen);
}
END_TEST

START_TEST(test_the_coordinator_catches_up_on_a_members_entries)
{
	struct round_log seen;

	append_practices(b, 6);
	round_run(a->store, b->store, 0, &seen);
	ck_assert_int_eq(seen.next, SVK_CATCHUP_DONE);
	ck_assert_uint_eq(seen.sent, 6);
	ck_assert_uint_eq(seen.fresh, 6);
	ck_assert_uint_eq(held(a), 1 + 6);
	round_log_free(&seen);
}
END_TEST

START_TEST(test_a_gap_in_an_origins_log_is_filled)
{
	struct round_log seen;
	uint64_t top = 0;

	append_practices(a, 10);
	for (uint64_t seq = 1; seq <= 10; seq++)
		if (seq <= 5 || seq >= 8)
			ck_assert_int_eq(fx_ingest(b->store, a->store, PK(a), seq, NULL),
			    0);
	ck_assert_uint_eq(head_of(b->store, PK(a), &top), 5);
	ck_assert_uint_eq(top, 10);
	round_run(b->store, a->store, 0, &seen);
	ck_assert_int_eq(seen.next, SVK_CATCHUP_DONE);
	ck_assert_uint_eq(seen.fresh, 2);
	ck_assert_uint_eq(head_of(b->store, PK(a), &top), 10);
	ck_assert_uint_eq(top, 10);
	ck_assert_uint_eq(held(b), 10);
	expect_same_heads(b->store, a->store);
	round_log_free(&seen);
}
END_TEST

/* serve asks a's store and decodes the reply into *msg. */
static int
serve(const uint8_t *req, size_t len, Samverk__CatchupReply **msg, size_t *sent)
{
	uint8_t *out = NULL;
	size_t outlen = 0;
	int err = svk_catchup_wire_serve(a->store, req, len, &out, &outlen, sent);

	ck_assert_ptr_nonnull(out);
	*msg = samverk__catchup_reply__unpack(NULL, outlen, out);
	ck_assert_ptr_nonnull(*msg);
	free(out);
	return err;
}

/* expect_refused checks that a's store refuses req with err. */
static void
expect_refused(const uint8_t *req, size_t len, int expected)
{
	Samverk__CatchupReply *msg = NULL;
	size_t sent = 99;
	int err = serve(req, len, &msg, &sent);

	ck_assert_msg(err == expected, "serve gave %s, not %s",
	    svk_error_name(err), svk_error_name(expected));
	ck_assert(msg->refused);
	ck_assert_uint_eq(msg->n_entries, 0);
	ck_assert(!msg->more);
	ck_assert_uint_eq(sent, 0);
	samverk__catchup_reply__free_unpacked(msg, NULL);
}

/* A request in the making, with up to 4 heads. */
struct request {
	Samverk__CatchupRequest msg;
	Samverk__Head heads[4];
	Samverk__Head *list[4];
	uint8_t digest[SVK_HASH_LEN];
	uint8_t origins[4][SVK_KEY_LEN];
};

/* request_init makes a valid request for a page, with no heads, naming a's
 * federation. */
static void
request_init(struct request *q)
{
	memset(q, 0, sizeof(*q));
	samverk__catchup_request__init(&q->msg);
	q->msg.federation.data = (uint8_t *)PK(a);
	q->msg.federation.len = SVK_KEY_LEN;
	q->msg.digest.data = q->digest;
	q->msg.digest.len = SVK_HASH_LEN;
	q->msg.max_entries = 100;
}

/* request_head adds a head for origin number i (its first byte is i). */
static void
request_head(struct request *q, uint8_t i, size_t origin_len, uint64_t seq)
{
	size_t n = q->msg.n_heads;

	ck_assert_uint_lt(n, 4);
	samverk__head__init(&q->heads[n]);
	memset(q->origins[n], 0, SVK_KEY_LEN);
	q->origins[n][0] = i;
	q->heads[n].origin.data = q->origins[n];
	q->heads[n].origin.len = origin_len;
	q->heads[n].seq = seq;
	q->list[n] = &q->heads[n];
	q->msg.heads = q->list;
	q->msg.n_heads = n + 1;
}

static uint8_t *
request_pack(const struct request *q, size_t *len)
{
	uint8_t *buf;

	*len = samverk__catchup_request__get_packed_size(&q->msg);
	buf = malloc(*len ? *len : 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(samverk__catchup_request__pack(&q->msg, buf), *len);
	return buf;
}

static void
expect_request_refused(const struct request *q)
{
	size_t len;
	uint8_t *buf = request_pack(q, &len);

	expect_refused(buf, len, SVK_EMALFORMED);
	free(buf);
}

START_TEST(test_a_request_for_another_federation_is_refused)
{
	svk_home *c = home_make("c", "Kalamata", "GR");
	uint8_t *req = NULL, *rep = NULL;
	size_t req_len, rep_len, sent;
	svk_catchup_wire_reply *reply = NULL;
	svk_catchup_wire_next next;
	svk_catchup_wire_round r;

	join(c, c); /* c runs a federation of its own */
	append_practices(c, 3);
	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, c->store, 0), 0);
	ck_assert_int_eq(svk_catchup_wire_request(&r, &req, &req_len), 0);
	ck_assert_int_eq(svk_catchup_wire_serve(a->store, req, req_len, &rep,
			     &rep_len, &sent),
	    0);
	ck_assert_int_eq(svk_catchup_wire_reply_open(&r, rep, rep_len, &reply, &next),
	    0);
	ck_assert_int_eq(next, SVK_CATCHUP_AGAIN); /* the digests differ */
	svk_catchup_wire_reply_free(reply);
	free(req);
	free(rep);

	ck_assert_int_eq(svk_catchup_wire_request(&r, &req, &req_len), 0);
	ck_assert_int_eq(svk_catchup_wire_serve(a->store, req, req_len, &rep,
			     &rep_len, &sent),
	    SVK_EFEDERATION);
	ck_assert_uint_eq(sent, 0);
	reply = NULL;
	ck_assert_int_eq(svk_catchup_wire_reply_open(&r, rep, rep_len, &reply, &next),
	    0);
	ck_assert_int_eq(next, SVK_CATCHUP_REFUSED);
	ck_assert_uint_eq(svk_catchup_wire_reply_count(reply), 0);
	svk_catchup_wire_reply_free(reply);
	free(req);
	free(rep);
	svk_catchup_wire_round_fini(&r);
	ck_assert_uint_eq(held(c), 3);
	svk_home_close(c);
}
END_TEST

START_TEST(test_a_request_naming_a_31_byte_federation_is_refused)
{
	struct request q;
	size_t len;
	uint8_t *buf;

	request_init(&q);
	q.msg.federation.len = SVK_KEY_LEN - 1;
	buf = request_pack(&q, &len);
	expect_refused(buf, len, SVK_EFEDERATION);
	free(buf);
}
END_TEST

START_TEST(test_a_node_outside_any_federation_refuses_to_serve)
{
	svk_home *c = home_make("c", "Kalamata", "GR");
	svk_catchup_wire_round r;
	uint8_t *req = NULL, *rep = NULL;
	size_t req_len, rep_len, sent;
	Samverk__CatchupReply *msg;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 0), 0);
	ck_assert_int_eq(svk_catchup_wire_request(&r, &req, &req_len), 0);
	ck_assert_int_eq(svk_catchup_wire_serve(c->store, req, req_len, &rep,
			     &rep_len, &sent),
	    SVK_EFEDERATION);
	msg = samverk__catchup_reply__unpack(NULL, rep_len, rep);
	ck_assert_ptr_nonnull(msg);
	ck_assert(msg->refused);
	samverk__catchup_reply__free_unpacked(msg, NULL);
	free(req);
	free(rep);
	svk_catchup_wire_round_fini(&r);
	svk_home_close(c);
}
END_TEST

START_TEST(test_garbage_bytes_get_a_refused_reply)
{
	static const uint8_t garbage[][8] = {
	    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	    {0x12, 0x40, 'd', 'i', 'g', 'e', 's', 't'}, /* digest cut short */
	    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
	    {0x1a, 0x05, 0x0a, 0x03, 0x01, 0x02, 0x03, 0x20},
	};

	for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++)
		expect_refused(garbage[i], sizeof(garbage[i]), SVK_EMALFORMED);
	expect_refused((const uint8_t *)"", 0, SVK_EMALFORMED); /* no digest */
}
END_TEST

START_TEST(test_a_digest_of_the_wrong_length_is_refused)
{
	struct request q;

	request_init(&q);
	q.msg.digest.len = SVK_HASH_LEN - 1;
	expect_request_refused(&q);
	q.msg.federation.len = 0; /* the digest-only request too */
	expect_request_refused(&q);
}
END_TEST

START_TEST(test_a_head_with_a_31_byte_origin_is_refused)
{
	struct request q;

	request_init(&q);
	request_head(&q, 1, SVK_KEY_LEN, 4);
	request_head(&q, 2, SVK_KEY_LEN - 1, 4);
	expect_request_refused(&q);
}
END_TEST

START_TEST(test_heads_not_sorted_by_origin_are_refused)
{
	struct request q;

	request_init(&q);
	request_head(&q, 1, SVK_KEY_LEN, 4);
	request_head(&q, 3, SVK_KEY_LEN, 4);
	request_head(&q, 2, SVK_KEY_LEN, 4);
	expect_request_refused(&q);
}
END_TEST

START_TEST(test_the_same_origin_twice_in_the_heads_is_refused)
{
	struct request q;

	request_init(&q);
	request_head(&q, 1, SVK_KEY_LEN, 4);
	request_head(&q, 1, SVK_KEY_LEN, 9);
	expect_request_refused(&q);
}
END_TEST

START_TEST(test_a_cursor_with_a_31_byte_origin_is_refused)
{
	struct request q;
	uint8_t origin[SVK_KEY_LEN] = {0};

	request_init(&q);
	q.msg.after_origin.data = origin;
	q.msg.after_origin.len = SVK_KEY_LEN - 1;
	q.msg.after_seq = 3;
	expect_request_refused(&q);
}
END_TEST

START_TEST(test_a_request_over_the_size_limit_is_refused)
{
	/* Well formed, sorted and for this federation: only its size is wrong. */
	size_t n = 2 * 1024 * 1024 / (SVK_KEY_LEN + 4);
	Samverk__Head *heads = calloc(n, sizeof(*heads)),
		      **list = calloc(n, sizeof(*list));
	uint8_t(*origins)[SVK_KEY_LEN] = calloc(n, SVK_KEY_LEN);
	struct request q;
	uint8_t *buf;
	size_t len;

	ck_assert(heads != NULL && list != NULL && origins != NULL);
	ck_assert_uint_lt(n, SVK_CATCHUP_MAX_HEADS);
	request_init(&q);
	for (size_t i = 0; i < n; i++) {
		samverk__head__init(&heads[i]);
		origins[i][0] = (uint8_t)(i >> 16);
		origins[i][1] = (uint8_t)(i >> 8);
		origins[i][2] = (uint8_t)i;
		heads[i].origin.data = origins[i];
		heads[i].origin.len = SVK_KEY_LEN;
		heads[i].seq = 1;
		list[i] = &heads[i];
	}
	q.msg.heads = list;
	q.msg.n_heads = n;
	buf = request_pack(&q, &len);
	ck_assert_uint_gt(len, SVK_CATCHUP_MAX_REQUEST);
	ck_assert_uint_ge(len, 2 * 1000 * 1000);
	expect_refused(buf, len, SVK_EMALFORMED);
	free(buf);
	free(heads);
	free(list);
	free(origins);
}
END_TEST

START_TEST(test_a_huge_page_size_is_capped_to_the_page_maximum)
{
	static const uint32_t asked[] = {1000000000, UINT32_MAX, 0};
	struct request q;

	append_practices(a, SVK_CATCHUP_PAGE_MAX + 5);
	for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		Samverk__CatchupReply *msg = NULL;
		size_t len, sent = 0;
		uint8_t *buf;

		request_init(&q);
		q.msg.max_entries = asked[i];
		buf = request_pack(&q, &len);
		ck_assert_int_eq(serve(buf, len, &msg, &sent), 0);
		ck_assert(!msg->refused);
		ck_assert_uint_eq(sent, SVK_CATCHUP_PAGE_MAX);
		ck_assert_uint_eq(msg->n_entries, SVK_CATCHUP_PAGE_MAX);
		ck_assert(msg->more);
		ck_assert_uint_eq(msg->next_origin.len, SVK_KEY_LEN);
		ck_assert_mem_eq(msg->next_origin.data, PK(a), SVK_KEY_LEN);
		ck_assert_uint_eq(msg->next_seq, SVK_CATCHUP_PAGE_MAX);
		samverk__catchup_reply__free_unpacked(msg, NULL);
		free(buf);
	}
}
END_TEST

START_TEST(test_a_round_asks_for_at_most_the_page_maximum)
{
	svk_catchup_wire_round r;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 1000000000), 0);
	ck_assert_uint_eq(r.page, SVK_CATCHUP_PAGE_MAX);
	svk_catchup_wire_round_fini(&r);
	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 0), 0);
	ck_assert_uint_eq(r.page, SVK_CATCHUP_PAGE_MAX);
	svk_catchup_wire_round_fini(&r);
}
END_TEST

START_TEST(test_the_responder_starts_each_origin_after_the_requesters_head)
{
	Samverk__CatchupReply *msg = NULL;
	struct request q;
	size_t len, sent = 0;
	uint8_t *buf;
	svk_entry *e = NULL;

	append_practices(a, 10);
	request_init(&q);
	memcpy(q.origins[0], PK(a), SVK_KEY_LEN);
	samverk__head__init(&q.heads[0]);
	q.heads[0].origin.data = q.origins[0];
	q.heads[0].origin.len = SVK_KEY_LEN;
	q.heads[0].seq = 7;
	q.list[0] = &q.heads[0];
	q.msg.heads = q.list;
	q.msg.n_heads = 1;
	buf = request_pack(&q, &len);
	ck_assert_int_eq(serve(buf, len, &msg, &sent), 0);
	ck_assert_uint_eq(sent, 3);
	ck_assert(!msg->more);
	ck_assert_int_eq(svk_entry_open(msg->entries[0].data, msg->entries[0].len, &e),
	    0);
	ck_assert_uint_eq(e->body->seq, 8);
	svk_entry_free(e);
	samverk__catchup_reply__free_unpacked(msg, NULL);
	free(buf);
}
END_TEST

/* reply_open packs m and hands it to r as the peer's reply. */
static int
reply_open(svk_catchup_wire_round *r, const Samverk__CatchupReply *m,
    svk_catchup_wire_next *next)
{
	size_t len = samverk__catchup_reply__get_packed_size(m);
	uint8_t *buf = malloc(len ? len : 1);
	svk_catchup_wire_reply *reply = NULL;
	int err;

	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(samverk__catchup_reply__pack(m, buf), len);
	err = svk_catchup_wire_reply_open(r, buf, len, &reply, next);
	if (err == 0)
		ck_assert_ptr_nonnull(reply);
	svk_catchup_wire_reply_free(reply);
	free(buf);
	return err;
}

/* page_reply fills m as a page that goes on after (origin, seq). */
static void
page_reply(Samverk__CatchupReply *m, uint8_t *origin, uint64_t seq)
{
	samverk__catchup_reply__init(m);
	m->more = true;
	m->next_origin.data = origin;
	m->next_origin.len = SVK_KEY_LEN;
	m->next_seq = seq;
}

START_TEST(test_a_reply_whose_cursor_does_not_move_forward_is_malformed)
{
	Samverk__CatchupReply m = SAMVERK__CATCHUP_REPLY__INIT;
	uint8_t low[SVK_KEY_LEN] = {0x10}, high[SVK_KEY_LEN] = {0x20};
	svk_catchup_wire_next next;
	svk_catchup_wire_round r;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 10), 0);
	m.need_heads = true;
	ck_assert_int_eq(reply_open(&r, &m, &next), 0);
	ck_assert_int_eq(next, SVK_CATCHUP_AGAIN);
	page_reply(&m, high, 10);
	ck_assert_int_eq(reply_open(&r, &m, &next), 0);
	ck_assert_int_eq(next, SVK_CATCHUP_AGAIN);

	page_reply(&m, high, 10); /* the same cursor again */
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	page_reply(&m, high, 9); /* backwards in the same origin */
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	page_reply(&m, low, 50); /* backwards to an earlier origin */
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	ck_assert_mem_eq(r.after_origin, high, SVK_KEY_LEN);
	ck_assert_uint_eq(r.after_seq, 10);

	page_reply(&m, high, 11);
	ck_assert_int_eq(reply_open(&r, &m, &next), 0);
	ck_assert_int_eq(next, SVK_CATCHUP_AGAIN);
	ck_assert_uint_eq(r.after_seq, 11);
	svk_catchup_wire_round_fini(&r);
}
END_TEST

START_TEST(test_a_reply_with_more_but_no_cursor_is_malformed)
{
	Samverk__CatchupReply m = SAMVERK__CATCHUP_REPLY__INIT;
	uint8_t origin[SVK_KEY_LEN] = {0x10};
	svk_catchup_wire_next next;
	svk_catchup_wire_round r;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 10), 0);
	m.need_heads = true;
	ck_assert_int_eq(reply_open(&r, &m, &next), 0);
	page_reply(&m, origin, 10);
	m.next_origin.len = 0;
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	page_reply(&m, origin, 10);
	m.next_origin.len = SVK_KEY_LEN - 1;
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	ck_assert(!r.have_cursor);
	svk_catchup_wire_round_fini(&r);
}
END_TEST

START_TEST(test_a_reply_that_sends_entries_before_the_heads_is_malformed)
{
	Samverk__CatchupReply m = SAMVERK__CATCHUP_REPLY__INIT;
	ProtobufCBinaryData entry = {.data = (uint8_t *)"not an envelope", .len = 15};
	uint8_t origin[SVK_KEY_LEN] = {0x10};
	svk_catchup_wire_next next;
	svk_catchup_wire_round r;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 10), 0);
	m.entries = &entry;
	m.n_entries = 1;
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	page_reply(&m, origin, 1);
	m.entries = &entry;
	m.n_entries = 1;
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	samverk__catchup_reply__init(&m);
	m.need_heads = true; /* asking for the heads and sending already */
	m.entries = &entry;
	m.n_entries = 1;
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	ck_assert(!r.sent_heads);
	ck_assert(!r.have_cursor);
	svk_catchup_wire_round_fini(&r);
}
END_TEST

START_TEST(test_a_reply_that_says_in_sync_or_refused_but_sends_entries_is_malformed)
{
	Samverk__CatchupReply m = SAMVERK__CATCHUP_REPLY__INIT;
	ProtobufCBinaryData entry = {.data = (uint8_t *)"not an envelope", .len = 15};
	svk_catchup_wire_next next;
	svk_catchup_wire_round r;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 10), 0);
	m.need_heads = true;
	ck_assert_int_eq(reply_open(&r, &m, &next), 0);
	samverk__catchup_reply__init(&m);
	m.in_sync = true;
	m.entries = &entry;
	m.n_entries = 1;
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	samverk__catchup_reply__init(&m);
	m.refused = true;
	m.entries = &entry;
	m.n_entries = 1;
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	samverk__catchup_reply__init(&m); /* a last page is fine */
	m.entries = &entry;
	m.n_entries = 1;
	ck_assert_int_eq(reply_open(&r, &m, &next), 0);
	ck_assert_int_eq(next, SVK_CATCHUP_DONE);
	svk_catchup_wire_round_fini(&r);
}
END_TEST

START_TEST(test_a_peer_asking_for_the_heads_twice_is_malformed)
{
	Samverk__CatchupReply m = SAMVERK__CATCHUP_REPLY__INIT;
	svk_catchup_wire_next next;
	svk_catchup_wire_round r;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 10), 0);
	m.need_heads = true;
	ck_assert_int_eq(reply_open(&r, &m, &next), 0);
	ck_assert_int_eq(reply_open(&r, &m, &next), SVK_EMALFORMED);
	svk_catchup_wire_round_fini(&r);
}
END_TEST

START_TEST(test_a_reply_that_does_not_decode_is_malformed)
{
	static const uint8_t garbage[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	svk_catchup_wire_reply *reply = NULL;
	svk_catchup_wire_next next;
	svk_catchup_wire_round r;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 10), 0);
	ck_assert_int_eq(svk_catchup_wire_reply_open(&r, garbage, sizeof(garbage),
			     &reply, &next),
	    SVK_EMALFORMED);
	ck_assert_ptr_null(reply);
	svk_catchup_wire_round_fini(&r);
}
END_TEST

START_TEST(test_a_refused_reply_ends_the_round_as_refused)
{
	Samverk__CatchupReply m = SAMVERK__CATCHUP_REPLY__INIT;
	svk_catchup_wire_next next;
	svk_catchup_wire_round r;

	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, b->store, 10), 0);
	m.refused = true;
	ck_assert_int_eq(reply_open(&r, &m, &next), 0);
	ck_assert_int_eq(next, SVK_CATCHUP_REFUSED);
	svk_catchup_wire_round_fini(&r);
}
END_TEST

/* --- forks: heads that name their hash ------------------------------------ */

/* fork_into puts into st an entry of home's at seq (chained onto the entry
 * home holds at seq - 1) that home itself never wrote: the other body of a
 * fork, as a copy of home's store authored twice would make it. */
static void
fork_into(svk_store *st, svk_home *home, uint64_t seq)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;
	uint8_t prev[SVK_HASH_LEN], *env = NULL;
	svk_entry *e = NULL;
	bool fresh = false;
	size_t len;

	fx_practice(&p, "the-other-one", "The other body");
	body.federation.data = (uint8_t *)PK(a);
	body.federation.len = SVK_KEY_LEN;
	body.origin.data = (uint8_t *)PK(home);
	body.origin.len = SVK_KEY_LEN;
	body.seq = seq;
	if (seq > 1) {
		ck_assert_int_eq(svk_log_id_at(home->store, PK(home), seq - 1, prev),
		    0);
		body.prev.data = prev;
		body.prev.len = SVK_HASH_LEN;
	}
	body.time_ms = 1;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	fx_seal(home->id, SVK_TAG_ENTRY, &body, &env, &len);
	ck_assert_int_eq(svk_entry_open(env, len, &e), 0);
	ck_assert_int_eq(svk_ingest_entry(st, e, &fresh), 0);
	ck_assert(fresh);
	svk_entry_free(e);
	free(env);
}

/* a holds b's seq 1 and another body at b's seq 2; b its own seq 2. */
static void
make_fork_at_b2(void)
{
	(void)fx_append_practice(b->store, b->id, "first", "First");
	fx_ingest_all(a->store, b->store, PK(b));
	fork_into(a->store, b, 2);
	(void)fx_append_practice(b->store, b->id, "second", "The real second");
}

/* fork_round runs a round of requester with responder, ingesting what comes
 * and counting the forks it shows; returns how many requests it took. */
static size_t
fork_round(svk_store *requester, svk_store *responder, size_t *forks, size_t *sent)
{
	svk_catchup_wire_round r;
	svk_catchup_wire_next next;
	size_t requests = 0;

	*forks = *sent = 0;
	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, requester, 0), 0);
	do {
		uint8_t *req = NULL, *rep = NULL;
		size_t req_len, rep_len, n = 0;
		svk_catchup_wire_reply *reply = NULL;

		ck_assert_uint_lt(requests++, 100);
		ck_assert_int_eq(svk_catchup_wire_request(&r, &req, &req_len), 0);
		ck_assert_int_eq(svk_catchup_wire_serve(responder, req, req_len,
				     &rep, &rep_len, &n),
		    0);
		ck_assert_int_eq(svk_catchup_wire_reply_open(&r, rep, rep_len,
				     &reply, &next),
		    0);
		for (size_t i = 0; i < svk_catchup_wire_reply_count(reply); i++) {
			const uint8_t *buf;
			svk_entry *e = NULL;
			bool fresh;
			size_t len;
			int err;

			svk_catchup_wire_reply_entry(reply, i, &buf, &len);
			ck_assert_int_eq(svk_entry_open(buf, len, &e), 0);
			err = svk_ingest_entry(requester, e, &fresh);
			ck_assert_msg(err == 0 || err == SVK_EFORK, "ingest: %s",
			    svk_error_str(err));
			*forks += err == SVK_EFORK;
			svk_entry_free(e);
		}
		*sent += n;
		svk_catchup_wire_reply_free(reply);
		free(req);
		free(rep);
	} while (next == SVK_CATCHUP_AGAIN);
	svk_catchup_wire_round_fini(&r);
	return requests;
}

static int
count_fork(void *arg, const uint8_t *origin, const char *name, uint64_t seq,
    uint64_t bodies)
{
	uint64_t *found = arg;

	ck_assert_mem_eq(origin, PK(b), SVK_KEY_LEN);
	ck_assert_str_eq(name, "Skellefteå");
	ck_assert_uint_eq(bodies, 2);
	*found = seq;
	return 0;
}

static svk_hold_reason
hold_of(svk_home *home)
{
	svk_hold h;

	ck_assert_int_eq(svk_hold_get(home->store, &h), 0);
	return h.reason;
}

START_TEST(test_two_bodies_at_one_head_give_different_digests)
{
	uint8_t da[SVK_HASH_LEN], db[SVK_HASH_LEN];
	svk_head *ha = NULL, *hb = NULL;
	size_t na = 0, nb = 0;

	make_fork_at_b2();
	fx_ingest_all(b->store, a->store, PK(a));
	ck_assert_int_eq(svk_log_heads(a->store, &ha, &na), 0);
	ck_assert_int_eq(svk_log_heads(b->store, &hb, &nb), 0);
	ck_assert_uint_eq(na, nb);
	for (size_t i = 0; i < na; i++) {
		/* The same seqs everywhere: only the head's hash tells. */
		ck_assert_uint_eq(ha[i].head, hb[i].head);
		ck_assert_uint_eq(ha[i].top, hb[i].top);
	}
	free(ha);
	free(hb);
	digest_of(a->store, da);
	digest_of(b->store, db);
	ck_assert_mem_ne(da, db, SVK_HASH_LEN);
}
END_TEST

START_TEST(test_a_fork_at_the_head_shows_in_the_first_round_at_both_sides)
{
	size_t forks, sent;
	uint64_t seq = 0;

	make_fork_at_b2();
	fx_ingest_all(b->store, a->store, PK(a));
	/* a asks b: b sends only its own entry at a's head, the evidence. */
	ck_assert_uint_eq(fork_round(a->store, b->store, &forks, &sent), 2);
	ck_assert_uint_eq(sent, 1);
	ck_assert_uint_eq(forks, 1);
	ck_assert_int_eq(svk_ingest_forks_each(a->store, count_fork, &seq), 0);
	ck_assert_uint_eq(seq, 2);
	/* b, asked by a naming another entry at b's own seq 2, stops authoring. */
	ck_assert_int_eq(hold_of(b), SVK_HOLD_DIFFERS);
	/* b asks a: a sends its body, and b holds the evidence of its own fork. */
	ck_assert_uint_eq(fork_round(b->store, a->store, &forks, &sent), 2);
	ck_assert_uint_eq(forks, 1);
	seq = 0;
	ck_assert_int_eq(svk_ingest_forks_each(b->store, count_fork, &seq), 0);
	ck_assert_uint_eq(seq, 2);
	ck_assert_int_eq(hold_of(b), SVK_HOLD_FORK);
	ck_assert_int_eq(hold_of(a), SVK_HOLD_NONE);
}
END_TEST

START_TEST(test_a_peer_that_names_no_hash_is_served_as_before)
{
	svk_catchup_wire_round r;
	Samverk__CatchupRequest *req;
	uint8_t *buf = NULL, *rep = NULL, *old = NULL;
	size_t len, rep_len, n = 99;

	make_fork_at_b2();
	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, a->store, 0), 0);
	r.sent_heads = true;
	ck_assert_int_eq(svk_catchup_wire_request(&r, &buf, &len), 0);
	req = samverk__catchup_request__unpack(NULL, len, buf);
	ck_assert_ptr_nonnull(req);
	for (size_t i = 0; i < req->n_heads; i++)
		req->heads[i]->hash.len = 0; /* an older peer's heads */
	len = samverk__catchup_request__get_packed_size(req);
	old = malloc(len);
	ck_assert_ptr_nonnull(old);
	(void)samverk__catchup_request__pack(req, old);
	ck_assert_int_eq(svk_catchup_wire_serve(b->store, old, len, &rep, &rep_len, &n),
	    0);
	ck_assert_uint_eq(n, 0); /* nothing a lacks by seq; no fork seen */
	ck_assert_int_eq(hold_of(b), SVK_HOLD_NONE);
	samverk__catchup_request__free_unpacked(req, NULL);
	svk_catchup_wire_round_fini(&r);
	free(buf);
	free(old);
	free(rep);
}
END_TEST

START_TEST(test_an_asker_holding_more_of_my_log_holds_me)
{
	svk_catchup_wire_round r;
	uint8_t *buf = NULL, *rep = NULL;
	size_t len, rep_len, n;

	(void)fx_append_practice(b->store, b->id, "first", "First");
	(void)fx_append_practice(b->store, b->id, "second", "Second");
	fx_ingest_all(a->store, b->store, PK(b));
	/* b, restored without its second entry, is asked by a. */
	svk_store *fresh_b = b->store;
	fx_exec(fresh_b, "DELETE FROM log WHERE seq = 2 AND origin = "
			 "(SELECT value FROM meta WHERE key = 'node_key')");
	fx_exec(fresh_b, "UPDATE heads SET head = 1, top = 1 WHERE origin = "
			 "(SELECT value FROM meta WHERE key = 'node_key')");
	ck_assert_int_eq(svk_catchup_wire_round_begin(&r, a->store, 0), 0);
	r.sent_heads = true;
	ck_assert_int_eq(svk_catchup_wire_request(&r, &buf, &len), 0);
	ck_assert_int_eq(svk_catchup_wire_serve(b->store, buf, len, &rep, &rep_len, &n),
	    0);
	ck_assert_int_eq(hold_of(b), SVK_HOLD_BEHIND);
	svk_catchup_wire_round_fini(&r);
	free(buf);
	free(rep);
}
END_TEST

Suite *
catchup_wire_suite(void)
{
	Suite *s = suite_create("catchup_wire");
	TCase *rounds = tcase_create("round");
	TCase *serving = tcase_create("serve");
	TCase *replies = tcase_create("reply");

	tcase_set_timeout(rounds, 60);
	tcase_add_unchecked_fixture(rounds, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(rounds, setup, teardown);
	tcase_add_test(rounds,
	    test_a_fresh_member_catches_up_to_exactly_the_coordinators_entries);
	tcase_add_test(rounds,
	    test_a_round_in_sync_costs_under_100_bytes_and_ends_at_once);
	tcase_add_test(rounds, test_two_empty_nodes_are_in_sync_at_once);
	tcase_add_test(rounds,
	    test_paging_by_10_takes_10_pages_for_95_entries_and_sends_none_twice);
	tcase_add_test(rounds,
	    test_each_page_is_asked_for_with_a_cursor_past_the_last_entry);
	tcase_add_test(rounds, test_paging_across_origins_sends_every_entry_once);
	tcase_add_test(rounds,
	    test_a_member_holding_entries_the_coordinator_lacks_gets_nothing);
	tcase_add_test(rounds, test_the_coordinator_catches_up_on_a_members_entries);
	tcase_add_test(rounds, test_a_gap_in_an_origins_log_is_filled);
	tcase_add_test(rounds, test_two_bodies_at_one_head_give_different_digests);
	tcase_add_test(rounds,
	    test_a_fork_at_the_head_shows_in_the_first_round_at_both_sides);
	tcase_add_test(rounds, test_a_peer_that_names_no_hash_is_served_as_before);
	tcase_add_test(rounds, test_an_asker_holding_more_of_my_log_holds_me);
	suite_add_tcase(s, rounds);

	tcase_set_timeout(serving, 120);
	tcase_add_unchecked_fixture(serving, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(serving, setup, teardown);
	tcase_add_test(serving, test_a_request_for_another_federation_is_refused);
	tcase_add_test(serving, test_a_request_naming_a_31_byte_federation_is_refused);
	tcase_add_test(serving, test_a_node_outside_any_federation_refuses_to_serve);
	tcase_add_test(serving, test_garbage_bytes_get_a_refused_reply);
	tcase_add_test(serving, test_a_digest_of_the_wrong_length_is_refused);
	tcase_add_test(serving, test_a_head_with_a_31_byte_origin_is_refused);
	tcase_add_test(serving, test_heads_not_sorted_by_origin_are_refused);
	tcase_add_test(serving, test_the_same_origin_twice_in_the_heads_is_refused);
	tcase_add_test(serving, test_a_cursor_with_a_31_byte_origin_is_refused);
	tcase_add_test(serving, test_a_request_over_the_size_limit_is_refused);
	tcase_add_test(serving, test_a_huge_page_size_is_capped_to_the_page_maximum);
	tcase_add_test(serving, test_a_round_asks_for_at_most_the_page_maximum);
	tcase_add_test(serving,
	    test_the_responder_starts_each_origin_after_the_requesters_head);
	suite_add_tcase(s, serving);

	tcase_set_timeout(replies, 30);
	tcase_add_unchecked_fixture(replies, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(replies, setup, teardown);
	tcase_add_test(replies,
	    test_a_reply_whose_cursor_does_not_move_forward_is_malformed);
	tcase_add_test(replies, test_a_reply_with_more_but_no_cursor_is_malformed);
	tcase_add_test(replies,
	    test_a_reply_that_sends_entries_before_the_heads_is_malformed);
	tcase_add_test(replies,
	    test_a_reply_that_says_in_sync_or_refused_but_sends_entries_is_malformed);
	tcase_add_test(replies, test_a_peer_asking_for_the_heads_twice_is_malformed);
	tcase_add_test(replies, test_a_reply_that_does_not_decode_is_malformed);
	tcase_add_test(replies, test_a_refused_reply_ends_the_round_as_refused);
	suite_add_tcase(s, replies);
	return s;
}
