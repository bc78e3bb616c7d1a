/*
 * test_log.c: store/log.c: the per-origin signed logs.
 *
 * Local append (seqs and the hash chain), svk_entry_open's checks on what
 * arrives, ingest into a small federation (membership, suspension, other
 * federations, an expired roster, forks, out-of-order arrival, broken
 * chains, idempotence, counters), heads and their digest, joining a
 * federation after authoring, and svk_verify_log finding tampering.
 *
 * The federation is built by fixture.c: coordinator a, receiver b, active
 * member c, suspended member d, outsider x, each with its own store.
 */
#include "log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "store-int.h"
#include "view.h"
#include "ingest.h"
#include "verify.h"

static fx_fed fed;
static svk_identity *me;
static char dir[64];

static void
setup_fed(void)
{
	fx_fed_init(&fed, "log");
}

static void
teardown_fed(void)
{
	fx_fed_fini(&fed);
}

static void
setup_solo(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	me = fx_identity();
	fx_tmpdir(dir, "log");
}

static void
teardown_solo(void)
{
	svk_crypto_identity_free(me);
	me = NULL;
	fx_rmdir(dir);
}

#define PK(id) svk_crypto_identity_public(id)

/* Decoded entries of one origin, in seq order, as svk_log_each gives them. */
struct decoded {
	size_t n;
	uint64_t seq[16];
	uint8_t id[16][SVK_HASH_LEN];
	Samverk__Body *body[16];
};

static int
decode_one(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len)
{
	struct decoded *d = arg;
	Samverk__Envelope *env;

	ck_assert_uint_lt(d->n, 16);
	env = samverk__envelope__unpack(NULL, len, envelope);
	ck_assert_ptr_nonnull(env);
	ck_assert_uint_eq(env->sig.len, SVK_SIG_LEN);
	d->body[d->n] = samverk__body__unpack(NULL, env->body.len, env->body.data);
	ck_assert_ptr_nonnull(d->body[d->n]);
	svk_crypto_hash(env->body.data, env->body.len, d->id[d->n]);
	samverk__envelope__free_unpacked(env, NULL);
	ck_assert_mem_eq(d->body[d->n]->origin.data, origin, SVK_KEY_LEN);
	d->seq[d->n++] = seq;
	return 0;
}

static void
decode_all(svk_store *st, const uint8_t *origin, struct decoded *d)
{
	memset(d, 0, sizeof(*d));
	ck_assert_int_eq(svk_log_each(st, origin, 0, 0, decode_one, d), 0);
}

static void
decoded_free(struct decoded *d)
{
	for (size_t i = 0; i < d->n; i++)
		samverk__body__free_unpacked(d->body[i], NULL);
	d->n = 0;
}

/* expect_chain checks seqs 1..n and that each prev is the id before it. */
static void
expect_chain(const struct decoded *d)
{
	for (size_t i = 0; i < d->n; i++) {
		ck_assert_uint_eq(d->seq[i], i + 1);
		ck_assert_uint_eq(d->body[i]->seq, i + 1);
		if (i == 0) {
			ck_assert_uint_eq(d->body[i]->prev.len, 0);
		} else {
			ck_assert_uint_eq(d->body[i]->prev.len, SVK_HASH_LEN);
			ck_assert_mem_eq(d->body[i]->prev.data, d->id[i - 1],
			    SVK_HASH_LEN);
		}
	}
}

/* head_of finds origin's head and top in st; false when there is none. */
static bool
head_of(svk_store *st, const uint8_t *origin, uint64_t *head, uint64_t *top)
{
	svk_head *heads = NULL;
	size_t n = 0;
	bool found = false;

	ck_assert_int_eq(svk_log_heads(st, &heads, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			ck_assert_int_lt(memcmp(heads[i - 1].origin,
					     heads[i].origin, SVK_KEY_LEN),
			    0);
		if (memcmp(heads[i].origin, origin, SVK_KEY_LEN) == 0) {
			*head = heads[i].head;
			*top = heads[i].top;
			found = true;
		}
	}
	free(heads);
	return found;
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

static int64_t
rejected(svk_store *st, const char *reason)
{
	char sql[128];

	ck_assert_int_eq(svk_store_flush_rejects(st), 0);
	snprintf(sql, sizeof(sql),
	    "SELECT coalesce((SELECT count FROM rejected WHERE reason = '%s'), 0)",
	    reason);
	return fx_count(st, sql);
}

static int64_t
rows(svk_store *st, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return fx_count(st, sql);
}

/* A practice body from id at seq, with prev, for sealing by hand. */
static void
body_for(Samverk__Body *b, Samverk__Practice *p, const svk_identity *id,
    uint64_t seq, uint8_t *prev)
{
	samverk__body__init(b);
	fx_practice(p, "legepatruljen", "Legepatruljen");
	b->origin.data = (uint8_t *)PK(id);
	b->origin.len = SVK_KEY_LEN;
	b->seq = seq;
	if (prev != NULL) {
		b->prev.data = prev;
		b->prev.len = SVK_HASH_LEN;
	}
	b->time_ms = 1767225600000LL;
	b->payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	b->practice = p;
}

static int
open_sealed(const svk_identity *id, const char *tag, const Samverk__Body *b)
{
	uint8_t *buf;
	size_t len;
	svk_entry *e = NULL;
	int err;

	fx_seal(id, tag, b, &buf, &len);
	err = svk_entry_open(buf, len, &e);
	free(buf);
	if (err == 0)
		svk_entry_free(e);
	else
		ck_assert_ptr_null(e);
	return err;
}

/* ---- local append ---- */

START_TEST(test_append_assigns_seqs_one_two_three_and_chains_prev)
{
	svk_store *st = fx_store(dir, "s.db");
	uint8_t ids[3][SVK_HASH_LEN];
	struct decoded d;
	uint64_t seq;

	for (int i = 0; i < 3; i++) {
		Samverk__Body body = SAMVERK__BODY__INIT;
		Samverk__Practice p;
		char id[8];

		snprintf(id, sizeof(id), "p%d", i);
		fx_practice(&p, id, "Title");
		body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
		body.practice = &p;
		ck_assert_int_eq(svk_log_append(st, me, &body, &seq, ids[i]), 0);
		ck_assert_uint_eq(seq, (uint64_t)i + 1);
	}
	decode_all(st, PK(me), &d);
	ck_assert_uint_eq(d.n, 3);
	expect_chain(&d);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_mem_eq(d.id[i], ids[i], SVK_HASH_LEN);
		ck_assert_uint_eq(d.body[i]->federation.len, 0);
		ck_assert_int_gt(d.body[i]->time_ms, 0);
	}
	decoded_free(&d);
	svk_store_close(st);
}
END_TEST

START_TEST(test_append_resets_the_callers_body_but_not_its_payload)
{
	svk_store *st = fx_store(dir, "s.db");
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;

	ck_assert_int_eq(svk_log_join(st, me, PK(me)), 0);
	fx_practice(&p, "p1", "Title");
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
	ck_assert_ptr_null(body.federation.data);
	ck_assert_uint_eq(body.federation.len, 0);
	ck_assert_ptr_null(body.origin.data);
	ck_assert_uint_eq(body.prev.len, 0);
	ck_assert_ptr_eq(body.practice, &p);
	ck_assert_str_eq(p.title, "Title");
	/* The same body may be appended again: it becomes seq 2. */
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
	ck_assert_int_eq(rows(st, "log"), 2);
	svk_store_close(st);
}
END_TEST

START_TEST(test_append_names_the_federation_once_joined)
{
	svk_store *st = fx_store(dir, "s.db");
	uint8_t coordinator[SVK_KEY_LEN], got[SVK_KEY_LEN];
	struct decoded d;

	memset(coordinator, 0x77, sizeof(coordinator));
	ck_assert_int_eq(svk_log_federation(st, got), SVK_ENOTFOUND);
	ck_assert_int_eq(svk_log_join(st, me, coordinator), 0);
	ck_assert_int_eq(svk_log_federation(st, got), 0);
	ck_assert_mem_eq(got, coordinator, SVK_KEY_LEN);
	(void)fx_append_practice(st, me, "p1", "Title");
	decode_all(st, PK(me), &d);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.body[0]->federation.len, SVK_KEY_LEN);
	ck_assert_mem_eq(d.body[0]->federation.data, coordinator, SVK_KEY_LEN);
	decoded_free(&d);
	svk_store_close(st);
}
END_TEST

START_TEST(test_append_refuses_an_oversize_entry_and_writes_nothing)
{
	svk_store *st = fx_store(dir, "s.db");
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;
	char *big = malloc(SVK_MAX_ENVELOPE + 1);

	ck_assert_ptr_nonnull(big);
	memset(big, 'a', SVK_MAX_ENVELOPE);
	big[SVK_MAX_ENVELOPE] = '\0';
	fx_practice(&p, "p1", "Title");
	p.summary = big;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), SVK_ETOOBIG);
	ck_assert_int_eq(rows(st, "log"), 0);
	ck_assert_int_eq(rows(st, "entities"), 0);
	ck_assert_int_eq(rows(st, "heads"), 0);
	free(big);
	svk_store_close(st);
}
END_TEST

START_TEST(test_log_each_honours_after_and_limit)
{
	svk_store *st = fx_store(dir, "s.db");
	struct decoded d;

	for (int i = 0; i < 5; i++)
		(void)fx_append_practice(st, me, "p1", "Title");
	memset(&d, 0, sizeof(d));
	ck_assert_int_eq(svk_log_each(st, PK(me), 2, 2, decode_one, &d), 0);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_uint_eq(d.seq[0], 3);
	ck_assert_uint_eq(d.seq[1], 4);
	decoded_free(&d);
	ck_assert_int_eq(svk_log_each(st, NULL, 4, 0, decode_one, &d), 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.seq[0], 5);
	decoded_free(&d);
	svk_store_close(st);
}
END_TEST

static int
stop_at_two(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len)
{
	(void)arg;
	(void)origin;
	(void)envelope;
	(void)len;
	return seq == 2 ? 42 : 0;
}

START_TEST(test_log_each_stops_when_the_callback_says_so)
{
	svk_store *st = fx_store(dir, "s.db");

	for (int i = 0; i < 3; i++)
		(void)fx_append_practice(st, me, "p1", "Title");
	ck_assert_int_eq(svk_log_each(st, NULL, 0, 0, stop_at_two, NULL), 42);
	svk_store_close(st);
}
END_TEST

/* ---- svk_entry_open ---- */

START_TEST(test_entry_open_accepts_a_well_formed_signed_entry)
{
	Samverk__Body b;
	Samverk__Practice p;
	uint8_t prev[SVK_HASH_LEN] = {1};

	body_for(&b, &p, me, 1, NULL);
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), 0);
	body_for(&b, &p, me, 2, prev);
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), 0);
}
END_TEST

START_TEST(test_entry_open_rejects_garbage)
{
	static const uint8_t junk[] = "this is not a protobuf message at all";
	uint8_t zeros[64] = {0};
	svk_entry *e = NULL;

	ck_assert_int_eq(svk_entry_open(junk, sizeof(junk), &e), SVK_EMALFORMED);
	ck_assert_int_eq(svk_entry_open(zeros, sizeof(zeros), &e), SVK_EMALFORMED);
	ck_assert_int_eq(svk_entry_open(junk, 0, &e), SVK_EMALFORMED);
	ck_assert_ptr_null(e);
}
END_TEST

START_TEST(test_entry_open_rejects_a_63_byte_signature)
{
	Samverk__Body b;
	Samverk__Practice p;
	Samverk__Envelope *env;
	uint8_t *buf, *again;
	size_t len;
	svk_entry *e = NULL;

	body_for(&b, &p, me, 1, NULL);
	fx_seal(me, SVK_TAG_ENTRY, &b, &buf, &len);
	env = samverk__envelope__unpack(NULL, len, buf);
	ck_assert_ptr_nonnull(env);
	env->sig.len = 63;
	again = malloc(samverk__envelope__get_packed_size(env));
	ck_assert_ptr_nonnull(again);
	len = samverk__envelope__pack(env, again);
	ck_assert_int_eq(svk_entry_open(again, len, &e), SVK_EMALFORMED);
	ck_assert_ptr_null(e);
	samverk__envelope__free_unpacked(env, NULL);
	free(again);
	free(buf);
}
END_TEST

START_TEST(test_entry_open_rejects_a_31_byte_origin)
{
	Samverk__Body b;
	Samverk__Practice p;

	body_for(&b, &p, me, 1, NULL);
	b.origin.len = 31;
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);
}
END_TEST

START_TEST(test_entry_open_rejects_a_31_byte_federation)
{
	Samverk__Body b;
	Samverk__Practice p;
	uint8_t fedkey[SVK_KEY_LEN] = {9};

	body_for(&b, &p, me, 1, NULL);
	b.federation.data = fedkey;
	b.federation.len = 31;
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);
}
END_TEST

START_TEST(test_entry_open_rejects_seq_zero)
{
	Samverk__Body b;
	Samverk__Practice p;

	body_for(&b, &p, me, 0, NULL);
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);
}
END_TEST

START_TEST(test_entry_open_rejects_seq_above_int64_max)
{
	Samverk__Body b;
	Samverk__Practice p;
	uint8_t prev[SVK_HASH_LEN] = {1};

	body_for(&b, &p, me, (uint64_t)INT64_MAX + 1, prev);
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);
}
END_TEST

START_TEST(test_entry_open_rejects_seq_two_with_empty_prev)
{
	Samverk__Body b;
	Samverk__Practice p;

	body_for(&b, &p, me, 2, NULL);
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);
}
END_TEST

START_TEST(test_entry_open_rejects_seq_one_with_a_prev)
{
	Samverk__Body b;
	Samverk__Practice p;
	uint8_t prev[SVK_HASH_LEN] = {1};

	body_for(&b, &p, me, 1, prev);
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);
}
END_TEST

START_TEST(test_entry_open_rejects_a_prev_of_the_wrong_length)
{
	Samverk__Body b;
	Samverk__Practice p;
	uint8_t prev[SVK_HASH_LEN] = {1};

	body_for(&b, &p, me, 2, prev);
	b.prev.len = 20;
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);
}
END_TEST

START_TEST(test_entry_open_rejects_a_body_without_payload)
{
	Samverk__Body b;
	Samverk__Practice p;

	body_for(&b, &p, me, 1, NULL);
	b.payload_case = SAMVERK__BODY__PAYLOAD__NOT_SET;
	b.practice = NULL;
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);
}
END_TEST

START_TEST(test_entry_open_rejects_a_flipped_body_byte)
{
	Samverk__Body b;
	Samverk__Practice p;
	uint8_t *buf, *hit = NULL;
	size_t len;
	svk_entry *e = NULL;

	body_for(&b, &p, me, 1, NULL);
	fx_seal(me, SVK_TAG_ENTRY, &b, &buf, &len);
	/* Change a letter of the title: the body still decodes. */
	for (size_t i = 0; i + 13 <= len; i++)
		if (memcmp(buf + i, "Legepatruljen", 13) == 0)
			hit = buf + i;
	ck_assert_ptr_nonnull(hit);
	*hit ^= 0x20;
	ck_assert_int_eq(svk_entry_open(buf, len, &e), SVK_EBADSIG);
	ck_assert_ptr_null(e);
	free(buf);
}
END_TEST

START_TEST(test_entry_open_rejects_an_entry_signed_by_another_key)
{
	Samverk__Body b;
	Samverk__Practice p;
	svk_identity *other = fx_identity();

	body_for(&b, &p, me, 1, NULL);
	ck_assert_int_eq(open_sealed(other, SVK_TAG_ENTRY, &b), SVK_EBADSIG);
	svk_crypto_identity_free(other);
}
END_TEST

START_TEST(test_entry_open_rejects_a_body_signed_as_a_heartbeat)
{
	Samverk__Body b;
	Samverk__Practice p;

	body_for(&b, &p, me, 1, NULL);
	ck_assert_int_eq(open_sealed(me, SVK_TAG_HEARTBEAT, &b), SVK_EBADSIG);
}
END_TEST

START_TEST(test_entry_open_rejects_strings_that_are_not_utf8)
{
	Samverk__Body b;
	Samverk__Practice p;
	Samverk__Translation tr = SAMVERK__TRANSLATION__INIT, *trs[] = {&tr};
	Samverk__Partner pa = SAMVERK__PARTNER__INIT, *pas[] = {&pa};
	char *tags[] = {"leg", "\xc3\x28"};
	Samverk__Roster ro = SAMVERK__ROSTER__INIT;
	Samverk__Member m = SAMVERK__MEMBER__INIT, *ms[] = {&m};

	body_for(&b, &p, me, 1, NULL);
	p.title = "Legepatruljen \xff";
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);

	body_for(&b, &p, me, 1, NULL);
	p.tags = tags;
	p.n_tags = 2;
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);

	body_for(&b, &p, me, 1, NULL);
	tr.lang = "en";
	tr.title = "Play \xed\xa0\x80 Patrol"; /* a surrogate */
	p.translations = trs;
	p.n_translations = 1;
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);

	body_for(&b, &p, me, 1, NULL);
	pa.name = "Dansk Skoleidr\xe6t"; /* Latin-1, not UTF-8 */
	p.partners = pas;
	p.n_partners = 1;
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);

	body_for(&b, &p, me, 1, NULL);
	m.key.data = (uint8_t *)PK(me);
	m.key.len = SVK_KEY_LEN;
	m.name = "Sk\xe9llefte\xe5";
	ro.members = ms;
	ro.n_members = 1;
	b.payload_case = SAMVERK__BODY__PAYLOAD_ROSTER;
	b.roster = &ro;
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), SVK_EMALFORMED);

	/* Well-formed text in any script passes. */
	body_for(&b, &p, me, 1, NULL);
	p.title = "Εθελοντές – Børnerådgiver – Vapaaehtoistyö";
	ck_assert_int_eq(open_sealed(me, SVK_TAG_ENTRY, &b), 0);
}
END_TEST

START_TEST(test_entry_open_rejects_oversize_input)
{
	uint8_t *buf = calloc(1, SVK_MAX_ENVELOPE + 1);
	svk_entry *e = NULL;

	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(svk_entry_open(buf, SVK_MAX_ENVELOPE + 1, &e), SVK_ETOOBIG);
	ck_assert_ptr_null(e);
	free(buf);
}
END_TEST

START_TEST(test_entry_reason_names_each_rejection)
{
	ck_assert_str_eq(svk_entry_reason(SVK_EBADSIG), "bad_signature");
	ck_assert_str_eq(svk_entry_reason(SVK_ETOOBIG), "oversize");
	ck_assert_str_eq(svk_entry_reason(SVK_EMALFORMED), "malformed");
	ck_assert_str_eq(svk_entry_reason(SVK_ENOTMEMBER), "not_member");
	ck_assert_str_eq(svk_entry_reason(SVK_ESUSPENDED), "suspended");
	ck_assert_str_eq(svk_entry_reason(SVK_EFEDERATION), "wrong_federation");
	ck_assert_str_eq(svk_entry_reason(SVK_EEXPIRED), "roster_expired");
	ck_assert_str_eq(svk_entry_reason(SVK_ECHAIN), "broken_chain");
	ck_assert_str_eq(svk_entry_reason(SVK_EFORK), "fork");
}
END_TEST

START_TEST(test_entry_free_of_null_does_nothing)
{
	svk_entry_free(NULL);
}
END_TEST

/* ---- ingest ---- */

static int
entity_title(void *arg, const svk_entity *e)
{
	snprintf(arg, 64, "%s|%s|%s", e->title, e->origin_name, e->origin_country);
	return 0;
}

START_TEST(test_ingest_accepts_a_members_entry_and_materialises_it)
{
	uint64_t seq = fx_append_practice(fed.sc, fed.c, "legepatruljen",
	    "Legepatruljen");
	bool fresh = false;
	char got[64];
	svk_entry *e = fx_entry(fed.sc, PK(fed.c), seq);

	ck_assert_int_eq(svk_ingest_entry(fed.sb, e, &fresh), 0);
	ck_assert(fresh);
	ck_assert_int_eq(svk_view_get(fed.sb, SVK_KIND_PRACTICE, PK(fed.c),
			     "legepatruljen", entity_title, got),
	    0);
	ck_assert_str_eq(got, "Legepatruljen|Kalamata|GR");
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM search"), 1);
	svk_entry_free(e);
}
END_TEST

START_TEST(test_ingest_of_the_same_envelope_twice_changes_nothing)
{
	static const char *const tables[] = {"log", "entities", "heads", "search",
	    "members", "forks", "flagged", "rejected", "meta"};
	int64_t before[9];
	bool fresh = true;
	uint64_t seq;

	seq = fx_append_practice(fed.sc, fed.c, "p1", "Title");
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), seq, &fresh), 0);
	ck_assert(fresh);
	for (size_t i = 0; i < 9; i++)
		before[i] = rows(fed.sb, tables[i]);
	int64_t received = fx_count(fed.sb, "SELECT sum(received_ms) FROM log");
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), seq, &fresh), 0);
	ck_assert(!fresh);
	/* The roster again, too. */
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sa, PK(fed.a), fed.roster_seq, &fresh),
	    0);
	ck_assert(!fresh);
	for (size_t i = 0; i < 9; i++)
		ck_assert_msg(rows(fed.sb, tables[i]) == before[i],
		    "table %s changed", tables[i]);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT sum(received_ms) FROM log"),
	    received);
}
END_TEST

START_TEST(test_ingest_rejects_a_non_member)
{
	uint64_t seq = fx_append_practice(fed.sx, fed.x, "p1", "Title");
	int64_t held = rows(fed.sb, "log");
	bool fresh = true;

	ck_assert_int_eq(fx_ingest(fed.sb, fed.sx, PK(fed.x), seq, &fresh),
	    SVK_ENOTMEMBER);
	ck_assert(!fresh);
	ck_assert_int_eq(rows(fed.sb, "log"), held);
	ck_assert_int_eq(rows(fed.sb, "entities"), 0);
	ck_assert_int_eq(rejected(fed.sb, "not_member"), 1);
}
END_TEST

START_TEST(test_ingest_rejects_suspended_member)
{
	uint64_t seq = fx_append_practice(fed.sd, fed.d, "p1", "Title");
	int64_t held = rows(fed.sb, "log");

	ck_assert_int_eq(fx_ingest(fed.sb, fed.sd, PK(fed.d), seq, NULL),
	    SVK_ESUSPENDED);
	ck_assert_int_eq(rows(fed.sb, "log"), held);
	ck_assert_int_eq(rejected(fed.sb, "suspended"), 1);
}
END_TEST

START_TEST(test_ingest_rejects_an_entry_naming_another_federation)
{
	/* c, a member here, also writes in a federation x coordinates. */
	svk_store *elsewhere = fx_store(fed.dir, "elsewhere.db");
	int64_t held = rows(fed.sb, "log");

	ck_assert_int_eq(svk_log_join(elsewhere, fed.c, PK(fed.x)), 0);
	(void)fx_append_practice(elsewhere, fed.c, "p1", "Title");
	ck_assert_int_eq(fx_ingest(fed.sb, elsewhere, PK(fed.c), 1, NULL),
	    SVK_EFEDERATION);
	ck_assert_int_eq(rows(fed.sb, "log"), held);
	ck_assert_int_eq(rejected(fed.sb, "wrong_federation"), 1);
	svk_store_close(elsewhere);
}
END_TEST

START_TEST(test_ingest_rejects_an_entry_naming_no_federation)
{
	svk_store *alone = fx_store(fed.dir, "alone.db");

	(void)fx_append_practice(alone, fed.c, "p1", "Title");
	ck_assert_int_eq(fx_ingest(fed.sb, alone, PK(fed.c), 1, NULL), SVK_EFEDERATION);
	svk_store_close(alone);
}
END_TEST

START_TEST(test_ingest_into_a_node_without_federation_rejects_everything)
{
	svk_store *fresh_node = fx_store(fed.dir, "new.db");

	ck_assert_int_eq(fx_ingest(fresh_node, fed.sa, PK(fed.a), fed.roster_seq, NULL),
	    SVK_EFEDERATION);
	ck_assert_int_eq(rows(fresh_node, "log"), 0);
	svk_store_close(fresh_node);
}
END_TEST

START_TEST(test_ingest_rejects_members_before_any_roster_is_held)
{
	svk_store *newcomer = fx_store(fed.dir, "newcomer.db");
	uint64_t seq = fx_append_practice(fed.sc, fed.c, "p1", "Title");

	ck_assert_int_eq(svk_log_join(newcomer, fed.b, PK(fed.a)), 0);
	ck_assert_int_eq(fx_ingest(newcomer, fed.sc, PK(fed.c), seq, NULL),
	    SVK_ENOTMEMBER);
	/* Once it pulls the roster, the same entry is accepted. */
	ck_assert_int_eq(fx_ingest(newcomer, fed.sa, PK(fed.a), fed.roster_seq, NULL),
	    0);
	ck_assert_int_eq(fx_ingest(newcomer, fed.sc, PK(fed.c), seq, NULL), 0);
	svk_store_close(newcomer);
}
END_TEST

START_TEST(test_ingest_rejects_entries_once_the_roster_has_expired)
{
	uint64_t seq = fx_append_practice(fed.sc, fed.c, "p1", "Title");
	uint64_t expired = fx_fed_roster(&fed, 2, svk_clock_now_ms() - 1000);
	uint64_t renewed;

	/* A newer roster is accepted even though it has expired... */
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sa, PK(fed.a), expired, NULL), 0);
	/* ...and then nothing else is, until the coordinator renews it. */
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), seq, NULL), SVK_EEXPIRED);
	ck_assert_int_eq(rejected(fed.sb, "roster_expired"), 1);
	renewed = fx_fed_roster(&fed, 3, svk_clock_now_ms() + FX_DAY_MS);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sa, PK(fed.a), renewed, NULL), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), seq, NULL), 0);
}
END_TEST

START_TEST(test_ingest_rejects_a_roster_not_signed_by_the_federation_key)
{
	const uint8_t *keys[] = {PK(fed.x)};
	const char *const names[] = {"Intruder"};
	const char *const countries[] = {"XX"};
	const Samverk__MemberStatus statuses[] = {
	    SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE};
	uint64_t seq = fx_append_roster(fed.sc, fed.c, 99,
	    svk_clock_now_ms() + FX_DAY_MS, 1, keys, names, countries, statuses);

	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), seq, NULL),
	    SVK_ENOTMEMBER);
	ck_assert_int_eq(svk_view_member_status(fed.sb, PK(fed.x)), SVK_ENOTMEMBER);
	ck_assert_int_eq(svk_view_member_status(fed.sb, PK(fed.c)), 0);
}
END_TEST

START_TEST(test_an_older_roster_never_replaces_a_newer_one)
{
	const uint8_t *keys[] = {PK(fed.a), PK(fed.c), PK(fed.d)};
	const char *const names[] = {"Vejle", "Kalamata", "Oulu"};
	const char *const countries[] = {"DK", "GR", "FI"};
	const Samverk__MemberStatus statuses[] = {SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
	    SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED,
	    SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE};
	svk_store *late = fx_store(fed.dir, "late.db");
	uint64_t v2 = fx_append_roster(fed.sa, fed.a, 2,
	    svk_clock_now_ms() + FX_DAY_MS, 3, keys, names, countries, statuses);

	ck_assert_int_eq(svk_log_join(late, fed.b, PK(fed.a)), 0);
	ck_assert_int_eq(fx_ingest(late, fed.sa, PK(fed.a), v2, NULL), 0);
	ck_assert_int_eq(fx_ingest(late, fed.sa, PK(fed.a), fed.roster_seq, NULL), 0);
	ck_assert_int_eq(svk_view_member_status(late, PK(fed.c)), SVK_ESUSPENDED);
	ck_assert_int_eq(svk_view_member_status(late, PK(fed.d)), 0);
	ck_assert_int_eq(svk_view_member_status(late, PK(fed.b)), SVK_ENOTMEMBER);
	ck_assert_int_eq(rows(late, "members"), 3);
	svk_store_close(late);
}
END_TEST

START_TEST(test_ingest_detects_a_fork_and_keeps_it_as_evidence)
{
	/* A second store of the same identity writes another seq 1. */
	svk_store *twin = fx_store(fed.dir, "twin.db");
	svk_entry *first, *second;
	char title[64];
	bool fresh = true;

	ck_assert_int_eq(svk_log_join(twin, fed.c, PK(fed.a)), 0);
	(void)fx_append_practice(fed.sc, fed.c, "p1", "Original");
	(void)fx_append_practice(twin, fed.c, "p1", "Forged");
	first = fx_entry(fed.sc, PK(fed.c), 1);
	second = fx_entry(twin, PK(fed.c), 1);
	ck_assert_mem_ne(first->id, second->id, SVK_HASH_LEN);

	ck_assert_int_eq(svk_ingest_entry(fed.sb, first, &fresh), 0);
	ck_assert_int_eq(svk_ingest_entry(fed.sb, second, &fresh), SVK_EFORK);
	ck_assert(!fresh);
	ck_assert_int_eq(rows(fed.sb, "forks"), 1);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM flagged WHERE "
					  "reason = 'fork' AND seq = 1"),
	    1);
	/* The entry held first stays in force. */
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log WHERE seq = 1 "
					  "AND kind = 10"),
	    1);
	ck_assert_int_eq(svk_view_get(fed.sb, SVK_KIND_PRACTICE, PK(fed.c), "p1",
			     entity_title, title),
	    0);
	ck_assert_str_eq(title, "Original|Kalamata|GR");
	/* The same fork again is still a fork, kept once. */
	ck_assert_int_eq(svk_ingest_entry(fed.sb, second, &fresh), SVK_EFORK);
	ck_assert_int_eq(rows(fed.sb, "forks"), 1);
	ck_assert_int_eq(rejected(fed.sb, "fork"), 2);
	svk_entry_free(first);
	svk_entry_free(second);
	svk_store_close(twin);
}
END_TEST

START_TEST(test_fork_evidence_is_the_envelope_as_received)
{
	svk_store *twin = fx_store(fed.dir, "twin.db");
	svk_entry *second;
	sqlite3_stmt *stmt;

	ck_assert_int_eq(svk_log_join(twin, fed.c, PK(fed.a)), 0);
	(void)fx_append_practice(fed.sc, fed.c, "p1", "Original");
	(void)fx_append_practice(twin, fed.c, "p1", "Forged");
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 1, NULL), 0);
	second = fx_entry(twin, PK(fed.c), 1);
	ck_assert_int_eq(svk_ingest_entry(fed.sb, second, &(bool){false}), SVK_EFORK);
	ck_assert_int_eq(sqlite3_prepare_v2(svk__store_db(fed.sb),
			     "SELECT id, origin, envelope FROM forks", -1, &stmt, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_mem_eq(sqlite3_column_blob(stmt, 0), second->id, SVK_HASH_LEN);
	ck_assert_mem_eq(sqlite3_column_blob(stmt, 1), PK(fed.c), SVK_KEY_LEN);
	ck_assert_int_eq(sqlite3_column_bytes(stmt, 2), (int)second->envelope_len);
	ck_assert_mem_eq(sqlite3_column_blob(stmt, 2), second->envelope,
	    second->envelope_len);
	sqlite3_finalize(stmt);
	svk_entry_free(second);
	svk_store_close(twin);
}
END_TEST

/* In one transaction, as a catch-up page is stored, the next entry of the
 * origin just stored is checked against that one without a lookup: the link
 * must still hold, in bulk mode too. */
START_TEST(test_ingest_in_one_transaction_checks_the_link_to_the_entry_just_stored)
{
	svk_store *twin = fx_store(fed.dir, "twin.db");
	svk_entry *real1, *real2, *other2;
	bool fresh = false;

	ck_assert_int_eq(svk_log_join(twin, fed.c, PK(fed.a)), 0);
	for (int i = 0; i < 2; i++) {
		(void)fx_append_practice(fed.sc, fed.c, "p1", "Real");
		(void)fx_append_practice(twin, fed.c, "p1", "Other");
	}
	real1 = fx_entry(fed.sc, PK(fed.c), 1);
	real2 = fx_entry(fed.sc, PK(fed.c), 2);
	other2 = fx_entry(twin, PK(fed.c), 2);
	for (int bulk = 0; bulk < 2; bulk++) {
		if (bulk) {
			fx_exec(fed.sb,
			    "DELETE FROM log WHERE kind = 10; "
			    "DELETE FROM heads WHERE origin NOT IN "
			    "(SELECT origin FROM log); DELETE FROM flagged");
			ck_assert_int_eq(svk_store_bulk(fed.sb, true), 0);
		}
		ck_assert_int_eq(svk_store_begin(fed.sb), 0);
		ck_assert_int_eq(svk_ingest_entry(fed.sb, real1, &fresh), 0);
		ck_assert(fresh);
		ck_assert_int_eq(svk_ingest_entry(fed.sb, other2, &fresh), SVK_ECHAIN);
		ck_assert(!fresh);
		ck_assert_int_eq(svk_ingest_entry(fed.sb, real2, &fresh), 0);
		ck_assert(fresh);
		ck_assert_int_eq(svk_store_commit(fed.sb), 0);
		ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log WHERE "
						  "seq <= 2 AND kind = 10"),
		    2);
		ck_assert_int_eq(fx_count(fed.sb,
				     "SELECT count(*) FROM flagged WHERE "
				     "reason = 'broken_chain' AND seq = 2"),
		    1);
	}
	ck_assert_int_eq(svk_store_bulk(fed.sb, false), 0);
	svk_entry_free(real1);
	svk_entry_free(real2);
	svk_entry_free(other2);
	svk_store_close(twin);
}
END_TEST

/* Admission is read once per origin in a transaction; a roster stored in
 * that transaction is heeded by the very next entry, of its own origin too:
 * the coordinator's entry after the roster that renews an expired one. */
START_TEST(test_ingest_heeds_a_roster_stored_earlier_in_the_same_transaction)
{
	uint64_t expired = fx_fed_roster(&fed, 2, svk_clock_now_ms() - 1);
	uint64_t renewed = fx_fed_roster(&fed, 3, svk_clock_now_ms() + FX_DAY_MS);
	uint64_t practice = fx_append_practice(fed.sa, fed.a, "p1", "Vejle");
	svk_entry *roster = fx_entry(fed.sa, PK(fed.a), renewed);
	svk_entry *e = fx_entry(fed.sa, PK(fed.a), practice);
	bool fresh = false;

	ck_assert_int_eq(fx_ingest(fed.sb, fed.sa, PK(fed.a), expired, NULL), 0);
	ck_assert_int_eq(svk_store_bulk(fed.sb, true), 0);
	ck_assert_int_eq(svk_store_begin(fed.sb), 0);
	ck_assert_int_eq(svk_ingest_entry(fed.sb, roster, &fresh), 0);
	ck_assert(fresh);
	ck_assert_int_eq(svk_ingest_entry(fed.sb, e, &fresh), 0);
	ck_assert(fresh);
	ck_assert_int_eq(svk_store_commit(fed.sb), 0);
	ck_assert_int_eq(svk_store_bulk(fed.sb, false), 0);
	svk_entry_free(roster);
	svk_entry_free(e);
}
END_TEST

/* What a rolled-back transaction stored is not there: the next transaction
 * must not check against it. */
START_TEST(test_ingest_after_a_rollback_forgets_the_entry_rolled_back)
{
	svk_store *twin = fx_store(fed.dir, "twin.db");
	svk_entry *other1, *real2;
	bool fresh = false;
	uint64_t head = 99, top = 99;

	ck_assert_int_eq(svk_log_join(twin, fed.c, PK(fed.a)), 0);
	for (int i = 0; i < 2; i++) {
		(void)fx_append_practice(fed.sc, fed.c, "p1", "Real");
		(void)fx_append_practice(twin, fed.c, "p1", "Other");
	}
	other1 = fx_entry(twin, PK(fed.c), 1);
	real2 = fx_entry(fed.sc, PK(fed.c), 2);
	ck_assert_int_eq(svk_store_begin(fed.sb), 0);
	ck_assert_int_eq(svk_ingest_entry(fed.sb, other1, &fresh), 0);
	ck_assert(fresh);
	svk_store_rollback(fed.sb);
	/* Nothing of c is held: seq 2 arrives ahead of a gap, no link to
	 * check (the rolled-back seq 1 would have refused it). */
	ck_assert_int_eq(svk_store_begin(fed.sb), 0);
	ck_assert_int_eq(svk_ingest_entry(fed.sb, real2, &fresh), 0);
	ck_assert(fresh);
	ck_assert_int_eq(svk_store_commit(fed.sb), 0);
	ck_assert(head_of(fed.sb, PK(fed.c), &head, &top));
	ck_assert_uint_eq(head, 0);
	ck_assert_uint_eq(top, 2);
	svk_entry_free(other1);
	svk_entry_free(real2);
	svk_store_close(twin);
}
END_TEST

START_TEST(test_out_of_order_arrival_advances_the_head_only_when_all_are_held)
{
	uint64_t head = 99, top = 99;

	for (int i = 0; i < 3; i++)
		(void)fx_append_practice(fed.sc, fed.c, "p1", "Title");
	ck_assert(!head_of(fed.sb, PK(fed.c), &head, &top));
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 3, NULL), 0);
	ck_assert(head_of(fed.sb, PK(fed.c), &head, &top));
	ck_assert_uint_eq(head, 0);
	ck_assert_uint_eq(top, 3);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 1, NULL), 0);
	ck_assert(head_of(fed.sb, PK(fed.c), &head, &top));
	ck_assert_uint_eq(head, 1);
	ck_assert_uint_eq(top, 3);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 2, NULL), 0);
	ck_assert(head_of(fed.sb, PK(fed.c), &head, &top));
	ck_assert_uint_eq(head, 3);
	ck_assert_uint_eq(top, 3);
	/* The latest entry wins, whatever order they came in. */
	ck_assert_int_eq(fx_count(fed.sb, "SELECT seq FROM entities WHERE id = 'p1'"),
	    3);
}
END_TEST

START_TEST(test_ingest_rejects_an_entry_whose_prev_does_not_match_the_held_one)
{
	svk_store *twin = fx_store(fed.dir, "twin.db");
	int64_t held;

	ck_assert_int_eq(svk_log_join(twin, fed.c, PK(fed.a)), 0);
	for (int i = 0; i < 2; i++) {
		(void)fx_append_practice(fed.sc, fed.c, "p1", "Real");
		(void)fx_append_practice(twin, fed.c, "p1", "Other");
	}
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 1, NULL), 0);
	held = rows(fed.sb, "log");
	/* twin's seq 2 chains to twin's seq 1, not to the one held. */
	ck_assert_int_eq(fx_ingest(fed.sb, twin, PK(fed.c), 2, NULL), SVK_ECHAIN);
	ck_assert_int_eq(rows(fed.sb, "log"), held);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM flagged WHERE "
					  "reason = 'broken_chain' AND seq = 2"),
	    1);
	ck_assert_int_eq(rejected(fed.sb, "broken_chain"), 1);
	/* The real seq 2 still fits. */
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 2, NULL), 0);
	svk_store_close(twin);
}
END_TEST

START_TEST(test_ingest_rejects_an_entry_the_held_next_one_does_not_chain_to)
{
	svk_store *twin = fx_store(fed.dir, "twin.db");

	ck_assert_int_eq(svk_log_join(twin, fed.c, PK(fed.a)), 0);
	for (int i = 0; i < 2; i++) {
		(void)fx_append_practice(fed.sc, fed.c, "p1", "Real");
		(void)fx_append_practice(twin, fed.c, "p1", "Other");
	}
	/* Seq 2 arrives first; then a seq 1 it does not name. */
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 2, NULL), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, twin, PK(fed.c), 1, NULL), SVK_ECHAIN);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 1, NULL), 0);
	svk_store_close(twin);
}
END_TEST

START_TEST(test_rejections_are_counted_by_reason)
{
	uint64_t sx = fx_append_practice(fed.sx, fed.x, "p1", "Title");
	uint64_t sd = fx_append_practice(fed.sd, fed.d, "p1", "Title");

	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(fx_ingest(fed.sb, fed.sx, PK(fed.x), sx, NULL),
		    SVK_ENOTMEMBER);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(fx_ingest(fed.sb, fed.sd, PK(fed.d), sd, NULL),
		    SVK_ESUSPENDED);
	ck_assert_int_eq(rejected(fed.sb, "not_member"), 3);
	ck_assert_int_eq(rejected(fed.sb, "suspended"), 2);
	ck_assert_int_eq(rows(fed.sb, "rejected"), 2);
}
END_TEST

START_TEST(test_ingest_runs_inside_the_callers_transaction)
{
	for (int i = 0; i < 2; i++)
		(void)fx_append_practice(fed.sc, fed.c, "p1", "Title");
	int64_t held = rows(fed.sb, "log");

	ck_assert_int_eq(svk_store_begin(fed.sb), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 1, NULL), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 2, NULL), 0);
	svk_store_rollback(fed.sb);
	ck_assert_int_eq(rows(fed.sb, "log"), held);
	ck_assert_int_eq(svk_store_begin(fed.sb), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 1, NULL), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 2, NULL), 0);
	ck_assert_int_eq(svk_store_commit(fed.sb), 0);
	ck_assert_int_eq(rows(fed.sb, "log"), held + 2);
}
END_TEST

START_TEST(test_a_failed_ingest_inside_the_callers_transaction_leaves_nothing)
{
	int64_t held = rows(fed.sb, "log"), heads = rows(fed.sb, "heads");
	int err;

	(void)fx_append_practice(fed.sc, fed.c, "p1", "Title");
	(void)fx_append_practice(fed.sc, fed.c, "p2", "Title");
	/* Make materialising fail after the log row is written. */
	fx_exec(fed.sb, "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.entities "
			"WHEN new.id = 'p2' BEGIN SELECT RAISE(ABORT, 'boom'); END");
	ck_assert_int_eq(svk_store_begin(fed.sb), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 1, NULL), 0);
	err = fx_ingest(fed.sb, fed.sc, PK(fed.c), 2, NULL);
	ck_assert_int_ne(err, 0);
	/* The caller may go on with the rest of its batch. */
	ck_assert_int_eq(svk_store_commit(fed.sb), 0);
	ck_assert_int_eq(rows(fed.sb, "log"), held + 1);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT count(*) FROM log WHERE seq = 2 "
					  "AND kind = 10"),
	    0);
	ck_assert_int_eq(rows(fed.sb, "heads"), heads + 1);
	ck_assert_int_eq(fx_count(fed.sb, "SELECT max(top) FROM heads"), 1);
	fx_exec(fed.sb, "DROP TRIGGER boom");
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 2, NULL), 0);
	ck_assert_int_eq(rows(fed.sb, "entities"), 2);
}
END_TEST

/* ---- heads ---- */

START_TEST(test_heads_digest_is_equal_for_equal_heads_and_differs_otherwise)
{
	svk_store *other = fx_store(fed.dir, "other.db");
	uint8_t d1[SVK_HASH_LEN], d2[SVK_HASH_LEN], empty[SVK_HASH_LEN];

	ck_assert_int_eq(svk_log_join(other, fed.b, PK(fed.a)), 0);
	digest_of(other, empty);
	for (int i = 0; i < 3; i++)
		(void)fx_append_practice(fed.sc, fed.c, "p1", "Title");
	fx_ingest_all(other, fed.sa, PK(fed.a));
	/* other holds 2 and 1 of c's three, b all three: digests differ. */
	ck_assert_int_eq(fx_ingest(other, fed.sc, PK(fed.c), 2, NULL), 0);
	ck_assert_int_eq(fx_ingest(other, fed.sc, PK(fed.c), 1, NULL), 0);
	fx_ingest_all(fed.sb, fed.sc, PK(fed.c));
	digest_of(fed.sb, d1);
	digest_of(other, d2);
	ck_assert_mem_ne(d1, d2, SVK_HASH_LEN);
	/* Same entries, whatever order they came in: same digest. */
	ck_assert_int_eq(fx_ingest(other, fed.sc, PK(fed.c), 3, NULL), 0);
	digest_of(other, d2);
	ck_assert_mem_eq(d1, d2, SVK_HASH_LEN);
	ck_assert_mem_ne(d1, empty, SVK_HASH_LEN);
	svk_store_close(other);
}
END_TEST

START_TEST(test_heads_digest_tells_entries_beyond_a_gap)
{
	svk_head h1 = {.head = 2, .top = 2}, h2 = {.head = 2, .top = 5};
	uint8_t d1[SVK_HASH_LEN], d2[SVK_HASH_LEN];

	/* Two nodes with the same head, one also holding 5 beyond a gap, hold
	 * different entries: their digests must differ, or the round would
	 * end "in sync" and never pass entry 5 on. */
	memset(h1.origin, 0x11, SVK_KEY_LEN);
	memset(h2.origin, 0x11, SVK_KEY_LEN);
	svk_log_heads_digest(&h1, 1, d1);
	svk_log_heads_digest(&h2, 1, d2);
	ck_assert_mem_ne(d1, d2, SVK_HASH_LEN);
	h2.top = 2;
	svk_log_heads_digest(&h2, 1, d2);
	ck_assert_mem_eq(d1, d2, SVK_HASH_LEN);
	h2.head = 3;
	svk_log_heads_digest(&h2, 1, d2);
	ck_assert_mem_ne(d1, d2, SVK_HASH_LEN);
	h2.head = 2;
	h2.origin[31] = 0x12;
	svk_log_heads_digest(&h2, 1, d2);
	ck_assert_mem_ne(d1, d2, SVK_HASH_LEN);
}
END_TEST

START_TEST(test_log_count_counts_all_and_own)
{
	uint64_t all = 0, own = 0;

	(void)fx_append_practice(fed.sb, fed.b, "mine", "Title");
	(void)fx_append_practice(fed.sc, fed.c, "p1", "Title");
	(void)fx_append_practice(fed.sc, fed.c, "p2", "Title");
	fx_ingest_all(fed.sb, fed.sc, PK(fed.c));
	ck_assert_int_eq(svk_log_count(fed.sb, PK(fed.b), &all, &own), 0);
	ck_assert_uint_eq(all, 4); /* roster, mine, two of c's */
	ck_assert_uint_eq(own, 1);
}
END_TEST

/* ---- join ---- */

START_TEST(test_join_resigns_earlier_entries)
{
	svk_store *st = fx_store(dir, "s.db");
	uint8_t coordinator[SVK_KEY_LEN], got[SVK_KEY_LEN], other[SVK_KEY_LEN];
	struct decoded before, after;
	uint64_t checked = 0, problems = 99;
	char title[64];

	memset(coordinator, 0x5A, sizeof(coordinator));
	memset(other, 0x6B, sizeof(other));
	(void)fx_append_practice(st, me, "p1", "One");
	(void)fx_append_practice(st, me, "p2", "Two");
	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_PRACTICE, "p1");
	decode_all(st, PK(me), &before);

	ck_assert_int_eq(svk_log_join(st, me, coordinator), 0);
	decode_all(st, PK(me), &after);
	ck_assert_uint_eq(after.n, before.n);
	expect_chain(&after);
	for (size_t i = 0; i < after.n; i++) {
		ck_assert_uint_eq(after.seq[i], before.seq[i]);
		ck_assert_mem_ne(after.id[i], before.id[i], SVK_HASH_LEN);
		ck_assert_uint_eq(after.body[i]->federation.len, SVK_KEY_LEN);
		ck_assert_mem_eq(after.body[i]->federation.data, coordinator,
		    SVK_KEY_LEN);
		ck_assert_int_eq(after.body[i]->payload_case,
		    before.body[i]->payload_case);
		ck_assert_int_eq(after.body[i]->time_ms, before.body[i]->time_ms);
	}
	ck_assert_str_eq(after.body[1]->practice->title, "Two");
	ck_assert_int_eq(svk_verify_log(st, NULL, NULL, &checked, &problems), 0);
	ck_assert_uint_eq(checked, 3);
	ck_assert_uint_eq(problems, 0);
	/* What was materialised follows the new entries. */
	ck_assert_int_eq(svk_view_get(st, SVK_KIND_PRACTICE, PK(me), "p2",
			     entity_title, title),
	    0);
	ck_assert_str_eq(title, "Two||");
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM entities e JOIN log l "
				      "ON l.id = e.entry"),
	    2);
	ck_assert_int_eq(rows(st, "search"), 1);

	ck_assert_int_eq(svk_log_join(st, me, other), SVK_EEXISTS);
	ck_assert_int_eq(svk_log_federation(st, got), 0);
	ck_assert_mem_eq(got, coordinator, SVK_KEY_LEN);
	decoded_free(&before);
	decoded_free(&after);
	svk_store_close(st);
}
END_TEST

START_TEST(test_join_of_an_empty_store_only_names_the_federation)
{
	svk_store *st = fx_store(dir, "s.db");
	uint8_t coordinator[SVK_KEY_LEN] = {1, 2, 3};

	ck_assert_int_eq(svk_log_join(st, me, coordinator), 0);
	ck_assert_int_eq(rows(st, "log"), 0);
	ck_assert_int_eq(svk_log_join(st, me, coordinator), SVK_EEXISTS);
	svk_store_close(st);
}
END_TEST

/* ---- verify ---- */

/* The lines svk_verify_log reported, one after the other. */
struct report {
	char text[4096];
	size_t lines;
};

static void
collect(void *arg, const char *what)
{
	struct report *r = arg;
	size_t len = strlen(r->text);

	snprintf(r->text + len, sizeof(r->text) - len, "%s\n", what);
	r->lines++;
}

/* A store holding a bit of everything: a roster, c's entries (one of them
 * retracted), and b's own. */
static void
populate(void)
{
	(void)fx_append_practice(fed.sc, fed.c, "legepatruljen", "Legepatruljen");
	(void)fx_append_practice(fed.sc, fed.c, "p2", "Two");
	(void)fx_append_retraction(fed.sc, fed.c,
	    SAMVERK__ENTITY_KIND__ENTITY_PRACTICE, "p2");
	fx_ingest_all(fed.sb, fed.sc, PK(fed.c));
	(void)fx_append_practice(fed.sb, fed.b, "mine", "Mine");
}

START_TEST(test_verify_reports_nothing_on_a_clean_store)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 99;

	populate();
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_msg(problems == 0, "%s", r.text);
	ck_assert_uint_eq(r.lines, 0);
	ck_assert_uint_eq(checked, (uint64_t)rows(fed.sb, "log"));
	ck_assert_uint_eq(checked, 5);
	/* Verification leaves no temporary tables behind, and can run again. */
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_uint_eq(problems, 0);
}
END_TEST

/* tamper_envelope flips the case of the first letter of text inside the
 * stored envelope of (origin, seq). */
static void
tamper_envelope(svk_store *st, const uint8_t *origin, uint64_t seq, const char *text)
{
	sqlite3 *db = svk__store_db(st);
	sqlite3_stmt *stmt;
	uint8_t *buf, *hit = NULL;
	size_t len, tlen = strlen(text);

	ck_assert_int_eq(sqlite3_prepare_v2(db,
			     "SELECT envelope FROM log WHERE origin = ? AND seq = ?",
			     -1, &stmt, NULL),
	    SQLITE_OK);
	(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	len = (size_t)sqlite3_column_bytes(stmt, 0);
	buf = malloc(len);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, sqlite3_column_blob(stmt, 0), len);
	sqlite3_finalize(stmt);
	for (size_t i = 0; i + tlen <= len && hit == NULL; i++)
		if (memcmp(buf + i, text, tlen) == 0)
			hit = buf + i;
	ck_assert_ptr_nonnull(hit);
	*hit ^= 0x20;
	ck_assert_int_eq(sqlite3_prepare_v2(db,
			     "UPDATE log SET envelope = ? WHERE origin = ? AND seq = ?",
			     -1, &stmt, NULL),
	    SQLITE_OK);
	(void)sqlite3_bind_blob(stmt, 1, buf, (int)len, SQLITE_STATIC);
	(void)sqlite3_bind_blob(stmt, 2, origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 3, (sqlite3_int64)seq);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_DONE);
	ck_assert_int_eq(sqlite3_changes(db), 1);
	sqlite3_finalize(stmt);
	free(buf);
}

START_TEST(test_verify_reports_a_tampered_envelope_naming_the_entry)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 0;
	char fpr[SVK_FPR_SHORT_LEN], want[64];

	populate();
	tamper_envelope(fed.sb, PK(fed.c), 1, "Legepatruljen");
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_uint_ge(problems, 1);
	ck_assert_uint_eq(problems, r.lines);
	svk_crypto_fingerprint_short(PK(fed.c), fpr);
	snprintf(want, sizeof(want), "entry %s/1: ", fpr);
	ck_assert_msg(strstr(r.text, want) != NULL, "no \"%s\" in:\n%s", want, r.text);
	ck_assert_msg(strstr(r.text, "bad signature") != NULL, "%s", r.text);
	/* Nothing else of c's is blamed. */
	snprintf(want, sizeof(want), "entry %s/2", fpr);
	ck_assert_msg(strstr(r.text, want) == NULL, "%s", r.text);
}
END_TEST

START_TEST(test_verify_reports_an_id_that_is_not_the_hash_of_its_body)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 0;

	populate();
	fx_exec(fed.sb, "UPDATE log SET id = zeroblob(32) WHERE origin = "
			"(SELECT origin FROM entities WHERE id = 'mine')");
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_msg(strstr(r.text, "its id is not the hash of its body") != NULL,
	    "%s", r.text);
}
END_TEST

START_TEST(test_verify_reports_a_tampered_materialised_row)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 0;

	populate();
	fx_exec(fed.sb, "UPDATE entities SET title = 'x' WHERE id = 'legepatruljen'");
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_uint_ge(problems, 1);
	ck_assert_msg(strstr(r.text, "/legepatruljen: materialised row does not "
				     "match the log") != NULL,
	    "%s", r.text);
}
END_TEST

START_TEST(test_verify_reports_a_materialised_row_that_was_deleted)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 0;

	populate();
	fx_exec(fed.sb, "DELETE FROM search WHERE rowid = (SELECT rowid FROM "
			"entities WHERE id = 'mine');"
			"DELETE FROM entities WHERE id = 'mine'");
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_uint_eq(problems, 1);
	ck_assert_msg(strstr(r.text, "/mine: missing from the materialised "
				     "tables") != NULL,
	    "%s", r.text);
}
END_TEST

START_TEST(test_verify_reports_a_retraction_undone_behind_its_back)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 0;

	populate();
	fx_exec(fed.sb, "UPDATE entities SET retracted = 0 WHERE id = 'p2'");
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_msg(strstr(r.text, "/p2: materialised row does not match") != NULL,
	    "%s", r.text);
	ck_assert_msg(strstr(r.text, "/p2: search index out of date") != NULL,
	    "%s", r.text);
}
END_TEST

START_TEST(test_verify_reports_a_search_index_out_of_date)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 0;

	populate();
	fx_exec(fed.sb, "DELETE FROM search WHERE rowid = (SELECT rowid FROM "
			"entities WHERE id = 'legepatruljen')");
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_uint_eq(problems, 1);
	ck_assert_msg(strstr(r.text, "/legepatruljen: search index out of date") != NULL,
	    "%s", r.text);
}
END_TEST

START_TEST(test_verify_reports_a_member_added_behind_its_back)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 0;

	populate();
	/* Whoever can write the file could let an outsider in this way. */
	fx_exec(fed.sb,
	    "INSERT INTO members (key, name, country, pub, sync, "
	    "status) VALUES (randomblob(32), 'Intruder', 'XX', '', '', 0)");
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_uint_eq(problems, 1);
	ck_assert_msg(strstr(r.text, "/Intruder: member does not match the newest "
				     "roster") != NULL,
	    "%s", r.text);
}
END_TEST

START_TEST(test_verify_reports_a_member_whose_status_was_changed)
{
	struct report r = {.text = ""};
	uint64_t checked = 0, problems = 0;

	populate();
	fx_exec(fed.sb, "UPDATE members SET status = 0 WHERE name = 'Oulu'");
	ck_assert_int_eq(svk_verify_log(fed.sb, collect, &r, &checked, &problems), 0);
	ck_assert_uint_ge(problems, 1);
	ck_assert_msg(strstr(r.text, "/Oulu: member does not match") != NULL,
	    "%s", r.text);
}
END_TEST

Suite *
log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *solo = tcase_create("append");
	TCase *open = tcase_create("entry_open");
	TCase *ingest = tcase_create("ingest");
	TCase *verify = tcase_create("verify");

	tcase_add_unchecked_fixture(solo, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(solo, setup_solo, teardown_solo);
	tcase_add_test(solo, test_append_assigns_seqs_one_two_three_and_chains_prev);
	tcase_add_test(solo, test_append_resets_the_callers_body_but_not_its_payload);
	tcase_add_test(solo, test_append_names_the_federation_once_joined);
	tcase_add_test(solo, test_append_refuses_an_oversize_entry_and_writes_nothing);
	tcase_add_test(solo, test_log_each_honours_after_and_limit);
	tcase_add_test(solo, test_log_each_stops_when_the_callback_says_so);
	tcase_add_test(solo, test_join_resigns_earlier_entries);
	tcase_add_test(solo, test_join_of_an_empty_store_only_names_the_federation);
	suite_add_tcase(s, solo);

	tcase_add_unchecked_fixture(open, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(open, setup_solo, teardown_solo);
	tcase_add_test(open, test_entry_open_accepts_a_well_formed_signed_entry);
	tcase_add_test(open, test_entry_open_rejects_garbage);
	tcase_add_test(open, test_entry_open_rejects_a_63_byte_signature);
	tcase_add_test(open, test_entry_open_rejects_a_31_byte_origin);
	tcase_add_test(open, test_entry_open_rejects_a_31_byte_federation);
	tcase_add_test(open, test_entry_open_rejects_seq_zero);
	tcase_add_test(open, test_entry_open_rejects_seq_above_int64_max);
	tcase_add_test(open, test_entry_open_rejects_seq_two_with_empty_prev);
	tcase_add_test(open, test_entry_open_rejects_seq_one_with_a_prev);
	tcase_add_test(open, test_entry_open_rejects_a_prev_of_the_wrong_length);
	tcase_add_test(open, test_entry_open_rejects_a_body_without_payload);
	tcase_add_test(open, test_entry_open_rejects_a_flipped_body_byte);
	tcase_add_test(open, test_entry_open_rejects_an_entry_signed_by_another_key);
	tcase_add_test(open, test_entry_open_rejects_a_body_signed_as_a_heartbeat);
	tcase_add_test(open, test_entry_open_rejects_strings_that_are_not_utf8);
	tcase_add_test(open, test_entry_open_rejects_oversize_input);
	tcase_add_test(open, test_entry_reason_names_each_rejection);
	tcase_add_test(open, test_entry_free_of_null_does_nothing);
	suite_add_tcase(s, open);

	tcase_add_unchecked_fixture(ingest, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(ingest, setup_fed, teardown_fed);
	tcase_add_test(ingest, test_ingest_accepts_a_members_entry_and_materialises_it);
	tcase_add_test(ingest, test_ingest_of_the_same_envelope_twice_changes_nothing);
	tcase_add_test(ingest, test_ingest_rejects_a_non_member);
	tcase_add_test(ingest, test_ingest_rejects_suspended_member);
	tcase_add_test(ingest, test_ingest_rejects_an_entry_naming_another_federation);
	tcase_add_test(ingest, test_ingest_rejects_an_entry_naming_no_federation);
	tcase_add_test(ingest,
	    test_ingest_into_a_node_without_federation_rejects_everything);
	tcase_add_test(ingest, test_ingest_rejects_members_before_any_roster_is_held);
	tcase_add_test(ingest, test_ingest_rejects_entries_once_the_roster_has_expired);
	tcase_add_test(ingest,
	    test_ingest_rejects_a_roster_not_signed_by_the_federation_key);
	tcase_add_test(ingest, test_an_older_roster_never_replaces_a_newer_one);
	tcase_add_test(ingest, test_ingest_detects_a_fork_and_keeps_it_as_evidence);
	tcase_add_test(ingest, test_fork_evidence_is_the_envelope_as_received);
	tcase_add_test(ingest,
	    test_out_of_order_arrival_advances_the_head_only_when_all_are_held);
	tcase_add_test(ingest,
	    test_ingest_rejects_an_entry_whose_prev_does_not_match_the_held_one);
	tcase_add_test(ingest,
	    test_ingest_in_one_transaction_checks_the_link_to_the_entry_just_stored);
	tcase_add_test(ingest,
	    test_ingest_after_a_rollback_forgets_the_entry_rolled_back);
	tcase_add_test(ingest,
	    test_ingest_heeds_a_roster_stored_earlier_in_the_same_transaction);
	tcase_add_test(ingest,
	    test_ingest_rejects_an_entry_the_held_next_one_does_not_chain_to);
	tcase_add_test(ingest, test_rejections_are_counted_by_reason);
	tcase_add_test(ingest, test_ingest_runs_inside_the_callers_transaction);
	tcase_add_test(ingest,
	    test_a_failed_ingest_inside_the_callers_transaction_leaves_nothing);
	tcase_add_test(ingest,
	    test_heads_digest_is_equal_for_equal_heads_and_differs_otherwise);
	tcase_add_test(ingest, test_heads_digest_tells_entries_beyond_a_gap);
	tcase_add_test(ingest, test_log_count_counts_all_and_own);
	suite_add_tcase(s, ingest);

	tcase_add_unchecked_fixture(verify, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(verify, setup_fed, teardown_fed);
	tcase_add_test(verify, test_verify_reports_nothing_on_a_clean_store);
	tcase_add_test(verify,
	    test_verify_reports_a_tampered_envelope_naming_the_entry);
	tcase_add_test(verify,
	    test_verify_reports_an_id_that_is_not_the_hash_of_its_body);
	tcase_add_test(verify, test_verify_reports_a_tampered_materialised_row);
	tcase_add_test(verify, test_verify_reports_a_materialised_row_that_was_deleted);
	tcase_add_test(verify, test_verify_reports_a_retraction_undone_behind_its_back);
	tcase_add_test(verify, test_verify_reports_a_search_index_out_of_date);
	tcase_add_test(verify, test_verify_reports_a_member_added_behind_its_back);
	tcase_add_test(verify, test_verify_reports_a_member_whose_status_was_changed);
	suite_add_tcase(s, verify);
	return s;
}
