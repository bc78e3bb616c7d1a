/* catchup_wire.c: the catch-up protocol's two sides over a store. See catchup_wire.h. */
#include "catchup_wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hold.h"
#include "samverk.pb-c.h"

int
svk_catchup_wire_round_begin(svk_catchup_wire_round *r, svk_store *st, uint32_t page)
{
	int err;

	memset(r, 0, sizeof(*r));
	if ((err = svk_log_federation(st, r->federation)) != 0)
		return err;
	if ((err = svk_log_heads(st, &r->heads, &r->n_heads)) != 0)
		return err;
	svk_log_heads_digest(r->heads, r->n_heads, r->digest);
	r->page = page == 0 || page > SVK_CATCHUP_PAGE_MAX ? SVK_CATCHUP_PAGE_MAX : page;
	return 0;
}

void
svk_catchup_wire_round_fini(svk_catchup_wire_round *r)
{
	free(r->heads);
	memset(r, 0, sizeof(*r));
}

int
svk_catchup_wire_request(const svk_catchup_wire_round *r, uint8_t **out, size_t *len)
{
	Samverk__CatchupRequest req = SAMVERK__CATCHUP_REQUEST__INIT;
	Samverk__Head *heads = NULL, **ptrs = NULL;
	int err = 0;

	req.digest.data = (uint8_t *)r->digest;
	req.digest.len = SVK_HASH_LEN;
	req.max_entries = r->page;
	if (r->sent_heads) {
		/* The federation rides along only when the round goes on: the
		 * digest alone keeps an in-sync round to a few dozen bytes. */
		req.federation.data = (uint8_t *)r->federation;
		req.federation.len = SVK_KEY_LEN;
		heads = calloc(r->n_heads ? r->n_heads : 1, sizeof(*heads));
		ptrs = calloc(r->n_heads ? r->n_heads : 1, sizeof(*ptrs));
		if (heads == NULL || ptrs == NULL) {
			err = -ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < r->n_heads; i++) {
			samverk__head__init(&heads[i]);
			heads[i].origin.data = (uint8_t *)r->heads[i].origin;
			heads[i].origin.len = SVK_KEY_LEN;
			heads[i].seq = r->heads[i].head;
			if (r->heads[i].head > 0) {
				/* So that a peer holding another entry there
				 * sends it: a fork shows in the first round. */
				heads[i].hash.data = (uint8_t *)r->heads[i].hash;
				heads[i].hash.len = SVK_HASH_LEN;
			}
			ptrs[i] = &heads[i];
		}
		req.heads = ptrs;
		req.n_heads = r->n_heads;
		if (r->have_cursor) {
			req.after_origin.data = (uint8_t *)r->after_origin;
			req.after_origin.len = SVK_KEY_LEN;
			req.after_seq = r->after_seq;
		}
	}
	*len = samverk__catchup_request__get_packed_size(&req);
	if ((*out = malloc(*len ? *len : 1)) == NULL) {
		err = -ENOMEM;
		goto out;
	}
	(void)samverk__catchup_request__pack(&req, *out);
out:
	free(heads);
	free(ptrs);
	return err;
}

struct svk_catchup_wire_reply {
	Samverk__CatchupReply *msg;
};

int
svk_catchup_wire_reply_open(svk_catchup_wire_round *r, const uint8_t *buf,
    size_t len, svk_catchup_wire_reply **reply, svk_catchup_wire_next *next)
{
	Samverk__CatchupReply *msg;
	svk_catchup_wire_reply *rep;

	if (len > SVK_CATCHUP_MAX_REPLY)
		return SVK_ETOOBIG;
	if ((msg = samverk__catchup_reply__unpack(NULL, len, buf)) == NULL)
		return SVK_EMALFORMED;
	if ((rep = calloc(1, sizeof(*rep))) == NULL) {
		samverk__catchup_reply__free_unpacked(msg, NULL);
		return -ENOMEM;
	}
	rep->msg = msg;
	/* Entries come only in pages, after the heads were sent. */
	if (msg->n_entries > 0 &&
	    (msg->refused || msg->in_sync || msg->need_heads || !r->sent_heads))
		goto malformed;
	if (msg->refused) {
		*next = SVK_CATCHUP_REFUSED;
	} else if (msg->in_sync) {
		*next = SVK_CATCHUP_DONE;
	} else if (msg->need_heads) {
		if (r->sent_heads) /* asked twice: the peer is confused */
			goto malformed;
		r->sent_heads = true;
		*next = SVK_CATCHUP_AGAIN;
	} else if (!r->sent_heads) {
		goto malformed; /* entries before it knows what I hold */
	} else if (msg->more) {
		if (msg->next_origin.len != SVK_KEY_LEN)
			goto malformed;
		/* The cursor must move forward, or a peer could loop us. */
		if (r->have_cursor) {
			int c = memcmp(msg->next_origin.data, r->after_origin,
			    SVK_KEY_LEN);
			if (c < 0 || (c == 0 && msg->next_seq <= r->after_seq))
				goto malformed;
		}
		memcpy(r->after_origin, msg->next_origin.data, SVK_KEY_LEN);
		r->after_seq = msg->next_seq;
		r->have_cursor = true;
		*next = SVK_CATCHUP_AGAIN;
	} else {
		*next = SVK_CATCHUP_DONE;
	}
	*reply = rep;
	return 0;
malformed:
	svk_catchup_wire_reply_free(rep);
	return SVK_EMALFORMED;
}

size_t
svk_catchup_wire_reply_count(const svk_catchup_wire_reply *reply)
{
	return reply->msg->n_entries;
}

void
svk_catchup_wire_reply_entry(const svk_catchup_wire_reply *reply, size_t i,
    const uint8_t **buf, size_t *len)
{
	*buf = reply->msg->entries[i].data;
	*len = reply->msg->entries[i].len;
}

void
svk_catchup_wire_reply_free(svk_catchup_wire_reply *reply)
{
	if (reply == NULL)
		return;
	samverk__catchup_reply__free_unpacked(reply->msg, NULL);
	free(reply);
}

/* The page being filled by svk_catchup_wire_serve. */
struct page {
	ProtobufCBinaryData *entries;
	size_t n, cap, bytes, max;
	uint8_t last_origin[SVK_KEY_LEN];
	uint64_t last_seq;
	bool full;
};

#define PAGE_FULL 1

static int
page_add(void *arg, const uint8_t *origin, uint64_t seq, const uint8_t *envelope,
    size_t len)
{
	struct page *p = arg;

	if (p->n >= p->max || (p->n > 0 && p->bytes + len > SVK_CATCHUP_PAGE_BYTES)) {
		p->full = true;
		return PAGE_FULL;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		ProtobufCBinaryData *e = realloc(p->entries, cap * sizeof(*e));
		if (e == NULL)
			return -ENOMEM;
		p->entries = e;
		p->cap = cap;
	}
	if ((p->entries[p->n].data = malloc(len)) == NULL)
		return -ENOMEM;
	memcpy(p->entries[p->n].data, envelope, len);
	p->entries[p->n].len = len;
	p->n++;
	p->bytes += len;
	memcpy(p->last_origin, origin, SVK_KEY_LEN);
	p->last_seq = seq;
	return 0;
}

static int
head_cmp(const void *key, const void *elem)
{
	const Samverk__Head *const *h = elem;
	return memcmp(key, (*h)->origin.data, SVK_KEY_LEN);
}

/* The requester's head for origin, NULL when it has none; requests list
 * heads sorted by origin. */
static const Samverk__Head *
their_head(const Samverk__CatchupRequest *req, const uint8_t *origin)
{
	Samverk__Head **h;

	if (req->n_heads == 0) /* heads is NULL then: bsearch may not take it */
		return NULL;
	h = bsearch(origin, req->heads, req->n_heads, sizeof(*req->heads), head_cmp);
	return h ? *h : NULL;
}

/* Does the requester name, at its head, an entry other than the one held
 * here? Then that is a fork, and my entry there is the evidence it lacks. */
static int
differs_at(svk_store *st, const svk_head *mine, const Samverk__Head *theirs,
    bool *differs)
{
	uint8_t id[SVK_HASH_LEN];
	int err;

	*differs = false;
	if (theirs == NULL || theirs->hash.len != SVK_HASH_LEN ||
	    theirs->seq == 0 || theirs->seq > mine->top)
		return 0; /* an older peer says nothing; or I hold nothing there */
	err = svk_log_id_at(st, mine->origin, theirs->seq, id);
	if (err == SVK_ENOTFOUND)
		return 0;
	if (err == 0)
		*differs = memcmp(id, theirs->hash.data, SVK_HASH_LEN) != 0;
	return err;
}

static bool
request_valid(const Samverk__CatchupRequest *req)
{
	if (req->digest.len != SVK_HASH_LEN || req->n_heads > SVK_CATCHUP_MAX_HEADS)
		return false;
	if (req->after_origin.len != 0 && req->after_origin.len != SVK_KEY_LEN)
		return false;
	for (size_t i = 0; i < req->n_heads; i++) {
		if (req->heads[i]->origin.len != SVK_KEY_LEN)
			return false;
		if (i > 0 && memcmp(req->heads[i - 1]->origin.data,
				 req->heads[i]->origin.data, SVK_KEY_LEN) >= 0)
			return false; /* not sorted, or twice */
	}
	return true;
}

static int
fill_page(svk_store *st, const Samverk__CatchupRequest *req, struct page *p)
{
	svk_head *mine = NULL;
	size_t n = 0;
	int err;

	if ((err = svk_log_heads(st, &mine, &n)) != 0)
		return err;
	for (size_t i = 0; i < n && !p->full; i++) {
		const Samverk__Head *theirs = their_head(req, mine[i].origin);
		uint64_t from = theirs ? theirs->seq : 0;
		bool differs;
		int c = 1;

		if (req->after_origin.len == SVK_KEY_LEN) {
			c = memcmp(mine[i].origin, req->after_origin.data, SVK_KEY_LEN);
			if (c < 0)
				continue;
			if (c == 0 && req->after_seq > from)
				from = req->after_seq;
		}
		if ((err = differs_at(st, &mine[i], theirs, &differs)) != 0)
			break;
		if (differs) {
			/* Only my entry at their head: what follows it chains to
			 * mine, which they cannot take. Sent once, first of the
			 * origin: a cursor inside it means it went already. */
			if (c == 0)
				continue;
			err = svk_log_each(st, mine[i].origin, theirs->seq - 1, 1,
			    page_add, p);
		} else if (mine[i].top <= from) {
			continue;
		} else {
			err = svk_log_each(st, mine[i].origin, from, 0, page_add, p);
		}
		if (err == PAGE_FULL)
			err = 0;
		if (err != 0)
			break;
	}
	free(mine);
	return err;
}

/* What the requester shows of my own log: more than I hold, or another
 * entry at one of my seqs, puts my authoring on hold (hold.h). */
static int
note_own(svk_store *st, const Samverk__CatchupRequest *req)
{
	uint8_t me[SVK_KEY_LEN], id[SVK_HASH_LEN];
	const Samverk__Head *theirs;
	uint64_t head;
	int err;

	if ((err = svk_log_own_head(st, me, &head)) != 0)
		return err == SVK_ENOTFOUND ? 0 : err;
	if ((theirs = their_head(req, me)) == NULL || theirs->seq == 0)
		return 0;
	if (theirs->seq > head)
		return svk_hold_note(st, SVK_HOLD_BEHIND, theirs->seq, 0, NULL);
	if (theirs->hash.len != SVK_HASH_LEN)
		return 0;
	if ((err = svk_log_id_at(st, me, theirs->seq, id)) != 0)
		return err == SVK_ENOTFOUND ? 0 : err;
	if (memcmp(id, theirs->hash.data, SVK_HASH_LEN) == 0)
		return 0;
	return svk_hold_note(st, SVK_HOLD_DIFFERS, theirs->seq, theirs->seq, NULL);
}

static int
pack_reply(Samverk__CatchupReply *rep, uint8_t **out, size_t *outlen)
{
	*outlen = samverk__catchup_reply__get_packed_size(rep);
	if ((*out = malloc(*outlen ? *outlen : 1)) == NULL)
		return -ENOMEM;
	(void)samverk__catchup_reply__pack(rep, *out);
	return 0;
}

int
svk_catchup_wire_serve(svk_store *st, const uint8_t *buf, size_t len,
    uint8_t **out, size_t *outlen, size_t *sent)
{
	Samverk__CatchupReply rep = SAMVERK__CATCHUP_REPLY__INIT;
	Samverk__CatchupRequest *req = NULL;
	uint8_t fed[SVK_KEY_LEN], digest[SVK_HASH_LEN];
	struct page p = {0};
	svk_head *mine = NULL;
	size_t n = 0;
	int err, verdict = 0;

	*sent = 0;
	if (len > SVK_CATCHUP_MAX_REQUEST ||
	    (req = samverk__catchup_request__unpack(NULL, len, buf)) == NULL ||
	    !request_valid(req)) {
		verdict = SVK_EMALFORMED;
		goto refuse;
	}
	if ((err = svk_log_federation(st, fed)) != 0) {
		verdict = err == SVK_ENOTFOUND ? SVK_EFEDERATION : err;
		goto refuse;
	}
	if (req->federation.len != 0 &&
	    (req->federation.len != SVK_KEY_LEN ||
		memcmp(req->federation.data, fed, SVK_KEY_LEN) != 0)) {
		verdict = SVK_EFEDERATION;
		goto refuse;
	}
	if (req->federation.len != 0 && (err = note_own(st, req)) != 0)
		goto fail;
	if (req->federation.len == 0) {
		/* The digest-only first request. */
		if ((err = svk_log_heads(st, &mine, &n)) != 0)
			goto fail;
		svk_log_heads_digest(mine, n, digest);
		free(mine);
		if (memcmp(digest, req->digest.data, SVK_HASH_LEN) == 0)
			rep.in_sync = true;
		else
			rep.need_heads = true;
		err = pack_reply(&rep, out, outlen);
		goto done;
	}
	p.max = req->max_entries == 0 || req->max_entries > SVK_CATCHUP_PAGE_MAX ?
		    SVK_CATCHUP_PAGE_MAX :
		    req->max_entries;
	if ((err = fill_page(st, req, &p)) != 0)
		goto fail;
	rep.entries = p.entries;
	rep.n_entries = p.n;
	if (p.full) {
		rep.more = true;
		rep.next_origin.data = p.last_origin;
		rep.next_origin.len = SVK_KEY_LEN;
		rep.next_seq = p.last_seq;
	}
	*sent = p.n;
	err = pack_reply(&rep, out, outlen);
	goto done;
refuse:
	rep.refused = true;
	err = pack_reply(&rep, out, outlen);
	if (err == 0)
		err = verdict;
	goto done;
fail:
	*out = NULL;
done:
	for (size_t i = 0; i < p.n; i++)
		free(p.entries[i].data);
	free(p.entries);
	if (req)
		samverk__catchup_request__free_unpacked(req, NULL);
	return err;
}
