/*
 * catchup_wire.c: libFuzzer target for catch-up, both sides. The input is taken as
 * a CatchupRequest from a peer, answered by svk_catchup_wire_serve from a store of 50
 * entries of two origins (built once); and as that peer's hostile reply to
 * each request a requester makes in a round (digest only, heads, heads with
 * a cursor), opened with svk_catchup_wire_reply_open, its entries opened as the
 * daemon's verifying job does.
 *
 * Invariants (abort when broken):
 * - serving answers every request with a reply that decodes, refused
 *   exactly when serving returned an error, with as many entries as it says
 *   it sent, each an envelope of the store that opens, in (origin, seq)
 *   order, none of which the request's heads say the requester holds, but
 *   for a fork's evidence: the entry at the requester's head when the head
 *   names another hash, and then nothing more of that origin;
 * - a reply the requester accepts moves its cursor strictly forward;
 * - serving leaves the store as it was (its heads digest).
 */
#include <string.h>

#include "fuzz.h"
#include "catchup_wire.h"

static char dir[64];
static fz_fed fed;
static svk_store *st;
static uint8_t digest[SVK_HASH_LEN];

static void
heads_digest(uint8_t out[SVK_HASH_LEN])
{
	svk_head *heads = NULL;
	size_t n = 0;

	FZ_OK(svk_log_heads(st, &heads, &n));
	svk_log_heads_digest(heads, n, out);
	free(heads);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_tmpdir(dir, "catchup");
	fz_fed_init(&fed, dir);
	st = fz_catchup_store(dir, &fed);
	heads_digest(digest);
	return 0;
}

/* The head the request gives for origin, by a plain search; NULL if none. */
static const Samverk__Head *
held(const Samverk__CatchupRequest *req, const uint8_t *origin)
{
	for (size_t i = 0; i < req->n_heads; i++)
		if (req->heads[i]->origin.len == SVK_KEY_LEN &&
		    memcmp(req->heads[i]->origin.data, origin, SVK_KEY_LEN) == 0)
			return req->heads[i];
	return NULL;
}

/* Whether e may be sent to the sender of req: beyond its head, or at its
 * head as the evidence of a fork (the head names another entry there). */
static bool
may_send(const Samverk__CatchupRequest *req, const svk_entry *e, bool *evidence)
{
	const Samverk__Head *h = held(req, e->body->origin.data);

	*evidence = h != NULL && h->seq == e->body->seq &&
		    h->hash.len == SVK_HASH_LEN &&
		    memcmp(h->hash.data, e->id, SVK_HASH_LEN) != 0;
	return h == NULL || e->body->seq > h->seq || *evidence;
}

static void
check_reply(const uint8_t *data, size_t size, int err, const uint8_t *out,
    size_t outlen, size_t sent)
{
	Samverk__CatchupReply *rep = samverk__catchup_reply__unpack(NULL, outlen, out);
	Samverk__CatchupRequest *req = samverk__catchup_request__unpack(NULL,
	    size, data);
	uint8_t last_origin[SVK_KEY_LEN];
	uint64_t last_seq = 0;
	bool last_evidence = false, evidence;

	FZ_CHECK(rep != NULL);
	FZ_CHECK(rep->refused == (err != 0));
	FZ_CHECK(rep->n_entries == sent);
	FZ_CHECK(sent == 0 || req != NULL);
	for (size_t i = 0; i < rep->n_entries; i++) {
		svk_entry *e = NULL;
		FZ_OK(svk_entry_open(rep->entries[i].data, rep->entries[i].len, &e));
		const uint8_t *origin = e->body->origin.data;
		uint64_t seq = e->body->seq;
		FZ_CHECK(may_send(req, e, &evidence));
		if (i > 0) {
			int c = memcmp(last_origin, origin, SVK_KEY_LEN);
			FZ_CHECK(c < 0 || (c == 0 && last_seq < seq));
			FZ_CHECK(c != 0 || !last_evidence); /* evidence comes alone */
		}
		memcpy(last_origin, origin, SVK_KEY_LEN);
		last_seq = seq;
		last_evidence = evidence;
		svk_entry_free(e);
	}
	if (rep->more) {
		FZ_CHECK(sent > 0 && rep->next_origin.len == SVK_KEY_LEN);
		FZ_CHECK(memcmp(rep->next_origin.data, last_origin, SVK_KEY_LEN) == 0);
		FZ_CHECK(rep->next_seq == last_seq);
	}
	if (req != NULL)
		samverk__catchup_request__free_unpacked(req, NULL);
	samverk__catchup_reply__free_unpacked(rep, NULL);
}

static void
serve(const uint8_t *data, size_t size)
{
	uint8_t *out = NULL, after[SVK_HASH_LEN];
	size_t outlen = 0, sent = 0;
	int err = svk_catchup_wire_serve(st, data, size, &out, &outlen, &sent);

	FZ_CHECK(err == 0 || err == SVK_EMALFORMED || err == SVK_EFEDERATION);
	FZ_CHECK(out != NULL);
	check_reply(data, size, err, out, outlen, sent);
	free(out);
	heads_digest(after);
	FZ_CHECK(memcmp(after, digest, SVK_HASH_LEN) == 0);
}

/* Opens data as the reply to the request round r would send now. */
static void
reply(svk_catchup_wire_round *r, const uint8_t *data, size_t size)
{
	svk_catchup_wire_round before = *r;
	svk_catchup_wire_reply *rep = NULL;
	svk_catchup_wire_next next;
	uint8_t *req;
	size_t reqlen;

	/* The request the reply answers: it must always encode. */
	FZ_OK(svk_catchup_wire_request(r, &req, &reqlen));
	free(req);
	if (svk_catchup_wire_reply_open(r, data, size, &rep, &next) != 0)
		return;
	FZ_CHECK(next == SVK_CATCHUP_DONE || next == SVK_CATCHUP_AGAIN ||
		 next == SVK_CATCHUP_REFUSED);
	if (before.have_cursor) {
		int c = memcmp(r->after_origin, before.after_origin, SVK_KEY_LEN);
		FZ_CHECK(r->have_cursor);
		FZ_CHECK(c > 0 || (c == 0 && r->after_seq >= before.after_seq));
		/* Asked again for a page: only past the last one. */
		if (next == SVK_CATCHUP_AGAIN && before.sent_heads)
			FZ_CHECK(c > 0 || r->after_seq > before.after_seq);
	}
	for (size_t i = 0; i < svk_catchup_wire_reply_count(rep); i++) {
		const uint8_t *buf;
		size_t len;
		svk_entry *e = NULL;

		svk_catchup_wire_reply_entry(rep, i, &buf, &len);
		if (svk_entry_open(buf, len, &e) == 0)
			svk_entry_free(e);
	}
	svk_catchup_wire_reply_free(rep);
}

static void
request(const uint8_t *data, size_t size)
{
	svk_catchup_wire_round r;
	uint8_t origin[SVK_KEY_LEN];

	FZ_OK(svk_catchup_wire_round_begin(&r, st, 5));
	reply(&r, data, size); /* to the digest-only request */
	r.sent_heads = true;
	r.have_cursor = false;
	reply(&r, data, size); /* to the first page */
	r.sent_heads = true;
	r.have_cursor = true;
	memcpy(origin, svk_crypto_identity_public(fed.coord), SVK_KEY_LEN);
	memcpy(r.after_origin, origin, SVK_KEY_LEN);
	r.after_seq = 10;
	reply(&r, data, size); /* to a page after a cursor */
	svk_catchup_wire_round_fini(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	serve(data, size);
	request(data, size);
	return 0;
}
