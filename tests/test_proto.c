/*
 * test_proto.c: the wire format generated from proto/samverk.proto.
 *
 * Each Body payload kind, the Envelope, and the messages that are not log
 * entries pack and unpack to equal fields; bytes that are not a message fail
 * to unpack; fields a newer Samverk adds survive as unknown fields; and a body
 * packed and signed by hand opens with svk_entry_open, byte for byte.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "fixture.h"
#include "log.h"
#include "samverk.pb-c.h"

static svk_identity *me;

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	me = fx_identity();
}

static void
teardown(void)
{
	svk_crypto_identity_free(me);
	me = NULL;
}

static uint8_t key_a[SVK_KEY_LEN], key_b[SVK_KEY_LEN], hash_p[SVK_HASH_LEN];

/* fill_header gives body the fields every entry has. */
static void
fill_header(Samverk__Body *b)
{
	memset(key_a, 0xA1, sizeof(key_a));
	memset(key_b, 0xB2, sizeof(key_b));
	memset(hash_p, 0x5C, sizeof(hash_p));
	b->federation.data = key_a;
	b->federation.len = SVK_KEY_LEN;
	b->origin.data = key_b;
	b->origin.len = SVK_KEY_LEN;
	b->seq = 7;
	b->prev.data = hash_p;
	b->prev.len = SVK_HASH_LEN;
	b->time_ms = 1767225600123LL;
}

static void
expect_bytes(const ProtobufCBinaryData *got, const ProtobufCBinaryData *want)
{
	ck_assert_uint_eq(got->len, want->len);
	if (want->len > 0)
		ck_assert_mem_eq(got->data, want->data, want->len);
}

/* round_trip packs body and unpacks it again; free with
 * samverk__body__free_unpacked. */
static Samverk__Body *
round_trip(const Samverk__Body *body)
{
	size_t len = samverk__body__get_packed_size(body);
	uint8_t *buf = malloc(len);
	Samverk__Body *out;

	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(samverk__body__pack(body, buf), len);
	out = samverk__body__unpack(NULL, len, buf);
	free(buf);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(out->payload_case, body->payload_case);
	expect_bytes(&out->federation, &body->federation);
	expect_bytes(&out->origin, &body->origin);
	ck_assert_uint_eq(out->seq, body->seq);
	expect_bytes(&out->prev, &body->prev);
	ck_assert_int_eq(out->time_ms, body->time_ms);
	return out;
}

static void
expect_strings(char **got, size_t ngot, char **want, size_t nwant)
{
	ck_assert_uint_eq(ngot, nwant);
	for (size_t i = 0; i < nwant; i++)
		ck_assert_str_eq(got[i], want[i]);
}

static void
expect_translations(Samverk__Translation **got, size_t ngot,
    Samverk__Translation **want, size_t nwant)
{
	ck_assert_uint_eq(ngot, nwant);
	for (size_t i = 0; i < nwant; i++) {
		ck_assert_str_eq(got[i]->lang, want[i]->lang);
		ck_assert_str_eq(got[i]->title, want[i]->title);
		ck_assert_str_eq(got[i]->summary, want[i]->summary);
		ck_assert_str_eq(got[i]->challenge, want[i]->challenge);
		ck_assert_str_eq(got[i]->description, want[i]->description);
	}
}

START_TEST(test_body_with_practice_round_trips)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p = SAMVERK__PRACTICE__INIT;
	Samverk__Partner partner = SAMVERK__PARTNER__INIT, *partners[] = {&partner};
	Samverk__Translation tr = SAMVERK__TRANSLATION__INIT, *trs[] = {&tr};
	char *areas[] = {"youth", "education"}, *groups[] = {"children"};
	char *core[] = {"Ældre elever uddanner yngre"},
	     *flex[] = {"Lokale foreninger"};
	char *tags[] = {"frikvarter", "leg"};
	Samverk__Body *got;

	fill_header(&body);
	p.id = "legepatruljen";
	p.lang = "da";
	p.title = "Legepatruljen";
	p.summary = "Elever fra 6.–9. klasse sætter gang i lege.";
	p.challenge = "Hvordan forankres projektet økonomisk?";
	p.areas = areas;
	p.n_areas = 2;
	p.target_groups = groups;
	p.n_target_groups = 1;
	p.core_elements = core;
	p.n_core_elements = 1;
	p.flexible_elements = flex;
	p.n_flexible_elements = 1;
	partner.name = "Dansk Skoleidræt";
	partner.sector = "ngo";
	partner.role = "driver kurser";
	p.partners = partners;
	p.n_partners = 1;
	p.results = "94 kommuner";
	p.resources = "Kursus og udstyr";
	p.started = "2012";
	p.tags = tags;
	p.n_tags = 2;
	tr.lang = "en";
	tr.title = "The Play Patrol";
	tr.summary = "Pupils run games during breaks.";
	p.translations = trs;
	p.n_translations = 1;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;

	got = round_trip(&body);
	const Samverk__Practice *q = got->practice;
	ck_assert_str_eq(q->id, p.id);
	ck_assert_str_eq(q->lang, p.lang);
	ck_assert_str_eq(q->title, p.title);
	ck_assert_str_eq(q->summary, p.summary);
	ck_assert_str_eq(q->challenge, p.challenge);
	expect_strings(q->areas, q->n_areas, p.areas, p.n_areas);
	expect_strings(q->target_groups, q->n_target_groups, p.target_groups,
	    p.n_target_groups);
	expect_strings(q->core_elements, q->n_core_elements, p.core_elements,
	    p.n_core_elements);
	expect_strings(q->flexible_elements, q->n_flexible_elements,
	    p.flexible_elements, p.n_flexible_elements);
	ck_assert_uint_eq(q->n_partners, 1);
	ck_assert_str_eq(q->partners[0]->name, partner.name);
	ck_assert_str_eq(q->partners[0]->sector, partner.sector);
	ck_assert_str_eq(q->partners[0]->role, partner.role);
	ck_assert_str_eq(q->results, p.results);
	ck_assert_str_eq(q->resources, p.resources);
	ck_assert_str_eq(q->started, p.started);
	expect_strings(q->tags, q->n_tags, p.tags, p.n_tags);
	expect_translations(q->translations, q->n_translations, p.translations,
	    p.n_translations);
	samverk__body__free_unpacked(got, NULL);
}
END_TEST

START_TEST(test_body_with_need_round_trips)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Need n = SAMVERK__NEED__INIT;
	Samverk__Translation tr = SAMVERK__TRANSLATION__INIT, *trs[] = {&tr};
	char *areas[] = {"elderly_care", "disability"},
	     *skills[] = {"care", "driving"};
	Samverk__Body *got;

	fill_header(&body);
	n.id = "frontida-ilikiomenon";
	n.lang = "el";
	n.title = "Εθελοντές για φροντίδα ηλικιωμένων";
	n.description = "Ο δήμος χρειάζεται εθελοντές.";
	n.areas = areas;
	n.n_areas = 2;
	n.skills = skills;
	n.n_skills = 2;
	n.urgency = "high";
	n.status = "closed";
	n.answered_by = "SVK-AAAA-BBBB/legepatruljen";
	tr.lang = "en";
	tr.title = "Volunteers to care for the elderly";
	tr.description = "The municipality needs volunteers.";
	n.translations = trs;
	n.n_translations = 1;
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = &n;

	got = round_trip(&body);
	const Samverk__Need *q = got->need;
	ck_assert_str_eq(q->id, n.id);
	ck_assert_str_eq(q->lang, n.lang);
	ck_assert_str_eq(q->title, n.title);
	ck_assert_str_eq(q->description, n.description);
	expect_strings(q->areas, q->n_areas, n.areas, n.n_areas);
	expect_strings(q->skills, q->n_skills, n.skills, n.n_skills);
	ck_assert_str_eq(q->urgency, n.urgency);
	ck_assert_str_eq(q->status, n.status);
	ck_assert_str_eq(q->answered_by, n.answered_by);
	expect_translations(q->translations, q->n_translations, n.translations,
	    n.n_translations);
	samverk__body__free_unpacked(got, NULL);
}
END_TEST

START_TEST(test_body_with_indicator_set_round_trips)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__IndicatorSet set = SAMVERK__INDICATOR_SET__INIT;
	Samverk__Indicator c1 = SAMVERK__INDICATOR__INIT, c2 = SAMVERK__INDICATOR__INIT;
	Samverk__Indicator *cells[] = {&c1, &c2};
	Samverk__Body *got;

	fill_header(&body);
	set.period = "2026-Q3";
	set.min_cell = 5;
	c1.code = "VOL_ACTIVE";
	c1.breakdown = "_T";
	c1.value = 412;
	c1.conf = SAMVERK__CONF_STATUS__CONF_FREE;
	c1.unit = "PERSONS";
	c2.code = "VOL_ACTIVE";
	c2.breakdown = "area:elderly_care";
	c2.conf = SAMVERK__CONF_STATUS__CONF_SECONDARY;
	c2.unit = "PERSONS";
	set.cells = cells;
	set.n_cells = 2;
	body.payload_case = SAMVERK__BODY__PAYLOAD_INDICATORS;
	body.indicators = &set;

	got = round_trip(&body);
	const Samverk__IndicatorSet *q = got->indicators;
	ck_assert_str_eq(q->period, "2026-Q3");
	ck_assert_uint_eq(q->min_cell, 5);
	ck_assert_uint_eq(q->n_cells, 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_str_eq(q->cells[i]->code, cells[i]->code);
		ck_assert_str_eq(q->cells[i]->breakdown, cells[i]->breakdown);
		ck_assert_uint_eq(q->cells[i]->value, cells[i]->value);
		ck_assert_int_eq(q->cells[i]->conf, cells[i]->conf);
		ck_assert_str_eq(q->cells[i]->unit, cells[i]->unit);
	}
	samverk__body__free_unpacked(got, NULL);
}
END_TEST

START_TEST(test_body_with_adoption_round_trips)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption a = SAMVERK__ADOPTION__INIT;
	Samverk__Adaptation ad = SAMVERK__ADAPTATION__INIT, *ads[] = {&ad};
	char *kept[] = {"Ældre elever uddanner yngre", "Forbilleder"};
	Samverk__Body *got;

	fill_header(&body);
	a.practice_origin.data = key_a;
	a.practice_origin.len = SVK_KEY_LEN;
	a.practice_id = "legepatruljen";
	a.status = "piloting";
	a.kept = kept;
	a.n_kept = 2;
	ad.element = "Lokale foreninger";
	ad.how = "Associazioni sportive del quartiere";
	a.adapted = ads;
	a.n_adapted = 1;
	a.note = "Avvio a settembre";
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &a;

	got = round_trip(&body);
	const Samverk__Adoption *q = got->adoption;
	ck_assert_uint_eq(q->practice_origin.len, SVK_KEY_LEN);
	ck_assert_mem_eq(q->practice_origin.data, key_a, SVK_KEY_LEN);
	ck_assert_str_eq(q->practice_id, a.practice_id);
	ck_assert_str_eq(q->status, a.status);
	expect_strings(q->kept, q->n_kept, a.kept, a.n_kept);
	ck_assert_uint_eq(q->n_adapted, 1);
	ck_assert_str_eq(q->adapted[0]->element, ad.element);
	ck_assert_str_eq(q->adapted[0]->how, ad.how);
	ck_assert_str_eq(q->note, a.note);
	samverk__body__free_unpacked(got, NULL);
}
END_TEST

START_TEST(test_body_with_retraction_round_trips)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Retraction r = SAMVERK__RETRACTION__INIT;
	Samverk__Body *got;

	fill_header(&body);
	r.kind = SAMVERK__ENTITY_KIND__ENTITY_NEED;
	r.id = "mentorer-18-30";
	r.reason = "met by a partner";
	body.payload_case = SAMVERK__BODY__PAYLOAD_RETRACTION;
	body.retraction = &r;

	got = round_trip(&body);
	ck_assert_int_eq(got->retraction->kind, SAMVERK__ENTITY_KIND__ENTITY_NEED);
	ck_assert_str_eq(got->retraction->id, r.id);
	ck_assert_str_eq(got->retraction->reason, r.reason);
	samverk__body__free_unpacked(got, NULL);
}
END_TEST

START_TEST(test_body_with_roster_round_trips)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Roster ro = SAMVERK__ROSTER__INIT;
	Samverk__Member m1 = SAMVERK__MEMBER__INIT, m2 = SAMVERK__MEMBER__INIT;
	Samverk__Member *members[] = {&m1, &m2};
	uint8_t cert[] = {0x30, 0x82, 0x01, 0x0a, 0x02};
	Samverk__Body *got;

	fill_header(&body);
	ro.version = 3;
	ro.expires_ms = 1790000000000LL;
	m1.key.data = key_a;
	m1.key.len = SVK_KEY_LEN;
	m1.name = "Skellefteå kommun";
	m1.country = "SE";
	m1.pub = "tls+tcp://skelleftea.example:7400";
	m1.catchup = "tls+tcp://skelleftea.example:7401";
	m1.status = SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE;
	m1.tls_cert.data = cert;
	m1.tls_cert.len = sizeof(cert);
	m2.key.data = key_b;
	m2.key.len = SVK_KEY_LEN;
	m2.name = "Δήμος Καλαμάτας";
	m2.country = "GR";
	m2.status = SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED;
	ro.members = members;
	ro.n_members = 2;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ROSTER;
	body.roster = &ro;

	got = round_trip(&body);
	const Samverk__Roster *q = got->roster;
	ck_assert_uint_eq(q->version, 3);
	ck_assert_int_eq(q->expires_ms, ro.expires_ms);
	ck_assert_uint_eq(q->n_members, 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_uint_eq(q->members[i]->key.len, SVK_KEY_LEN);
		ck_assert_mem_eq(q->members[i]->key.data, members[i]->key.data,
		    SVK_KEY_LEN);
		ck_assert_str_eq(q->members[i]->name, members[i]->name);
		ck_assert_str_eq(q->members[i]->country, members[i]->country);
		ck_assert_str_eq(q->members[i]->pub, members[i]->pub);
		ck_assert_str_eq(q->members[i]->catchup, members[i]->catchup);
		ck_assert_int_eq(q->members[i]->status, members[i]->status);
		ck_assert_uint_eq(q->members[i]->tls_cert.len,
		    members[i]->tls_cert.len);
	}
	ck_assert_mem_eq(q->members[0]->tls_cert.data, cert, sizeof(cert));
	samverk__body__free_unpacked(got, NULL);
}
END_TEST

START_TEST(test_body_of_seq_one_has_empty_prev_after_round_trip)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Retraction r = SAMVERK__RETRACTION__INIT;
	Samverk__Body *got;

	fill_header(&body);
	body.seq = 1;
	body.prev.data = NULL;
	body.prev.len = 0;
	body.federation.data = NULL;
	body.federation.len = 0;
	r.kind = SAMVERK__ENTITY_KIND__ENTITY_PRACTICE;
	r.id = "x";
	body.payload_case = SAMVERK__BODY__PAYLOAD_RETRACTION;
	body.retraction = &r;
	got = round_trip(&body);
	ck_assert_uint_eq(got->prev.len, 0);
	ck_assert_uint_eq(got->federation.len, 0);
	samverk__body__free_unpacked(got, NULL);
}
END_TEST

START_TEST(test_envelope_round_trips)
{
	Samverk__Envelope env = SAMVERK__ENVELOPE__INIT, *got;
	uint8_t body[100], sig[SVK_SIG_LEN], *buf;
	size_t len;

	for (size_t i = 0; i < sizeof(body); i++)
		body[i] = (uint8_t)(i * 7);
	memset(sig, 0xEE, sizeof(sig));
	env.body.data = body;
	env.body.len = sizeof(body);
	env.sig.data = sig;
	env.sig.len = sizeof(sig);
	len = samverk__envelope__get_packed_size(&env);
	buf = malloc(len);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(samverk__envelope__pack(&env, buf), len);
	got = samverk__envelope__unpack(NULL, len, buf);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(got->body.len, sizeof(body));
	ck_assert_mem_eq(got->body.data, body, sizeof(body));
	ck_assert_uint_eq(got->sig.len, sizeof(sig));
	ck_assert_mem_eq(got->sig.data, sig, sizeof(sig));
	samverk__envelope__free_unpacked(got, NULL);
	free(buf);
}
END_TEST

START_TEST(test_heartbeat_round_trips)
{
	Samverk__Heartbeat hb = SAMVERK__HEARTBEAT__INIT, *hbgot;
	Samverk__Head head = SAMVERK__HEAD__INIT, *heads[] = {&head};
	Samverk__Count count = SAMVERK__COUNT__INIT, *counts[] = {&count};
	uint8_t buf[512];
	size_t len;

	memset(key_a, 0xA1, sizeof(key_a));
	head.origin.data = key_a;
	head.origin.len = SVK_KEY_LEN;
	head.seq = 42;
	count.name = "bad_signature";
	count.value = 3;
	hb.node = (ProtobufCBinaryData){SVK_KEY_LEN, key_a};
	hb.time_ms = 1767225600000LL;
	hb.version = "0.1.0";
	hb.uptime_s = 3600;
	hb.heads = heads;
	hb.n_heads = 1;
	hb.held = 99;
	hb.rejected = counts;
	hb.n_rejected = 1;
	hb.forks = 2;
	len = samverk__heartbeat__pack(&hb, buf);
	ck_assert_uint_eq(len, samverk__heartbeat__get_packed_size(&hb));
	hbgot = samverk__heartbeat__unpack(NULL, len, buf);
	ck_assert_ptr_nonnull(hbgot);
	ck_assert_str_eq(hbgot->version, "0.1.0");
	ck_assert_uint_eq(hbgot->uptime_s, 3600);
	ck_assert_uint_eq(hbgot->n_heads, 1);
	ck_assert_uint_eq(hbgot->heads[0]->seq, 42);
	ck_assert_mem_eq(hbgot->heads[0]->origin.data, key_a, SVK_KEY_LEN);
	ck_assert_uint_eq(hbgot->held, 99);
	ck_assert_str_eq(hbgot->rejected[0]->name, "bad_signature");
	ck_assert_uint_eq(hbgot->rejected[0]->value, 3);
	ck_assert_uint_eq(hbgot->forks, 2);
	samverk__heartbeat__free_unpacked(hbgot, NULL);
}
END_TEST

START_TEST(test_unpack_fails_on_bytes_that_are_not_a_message)
{
	static const struct {
		const char *what;
		uint8_t bytes[8];
		size_t len;
	} cases[] = {
	    {"a length that runs past the end", {0x12, 0x05, 'a'}, 3},
	    {"a varint cut short", {0x18, 0x80}, 2},
	    {"a varint that never ends",
		{0x18, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}, 8},
	    {"a field number of zero", {0x00, 0x01}, 2},
	    {"a tag cut short", {0x80}, 1},
	    {"a group end with no start", {0x0c}, 1},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		Samverk__Body *b = samverk__body__unpack(NULL, cases[i].len,
		    cases[i].bytes);
		ck_assert_msg(b == NULL, "body: %s was accepted", cases[i].what);
		Samverk__Envelope *e = samverk__envelope__unpack(NULL,
		    cases[i].len, cases[i].bytes);
		ck_assert_msg(e == NULL, "envelope: %s was accepted", cases[i].what);
	}
}
END_TEST

START_TEST(test_unpack_fails_on_a_truncated_body)
{
	Samverk__Body body = SAMVERK__BODY__INIT, *got;
	Samverk__Practice p;
	uint8_t *buf;
	size_t len;

	fill_header(&body);
	fx_practice(&p, "p1", "A title long enough to be cut");
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	len = samverk__body__get_packed_size(&body);
	buf = malloc(len);
	ck_assert_ptr_nonnull(buf);
	(void)samverk__body__pack(&body, buf);
	/* Cut inside the practice, whose length prefix promises more. */
	got = samverk__body__unpack(NULL, len - 3, buf);
	ck_assert_ptr_null(got);
	free(buf);
}
END_TEST

/* with_unknown_field packs body followed by field 99 (a varint), as a newer
 * Samverk might add; free *out. */
static void
with_unknown_field(const Samverk__Body *body, uint8_t **out, size_t *len)
{
	size_t n = samverk__body__get_packed_size(body);
	uint8_t *buf = malloc(n + 3);

	ck_assert_ptr_nonnull(buf);
	(void)samverk__body__pack(body, buf);
	/* Tag (99 << 3 | 0) = 792 as a varint: 0x98 0x06; value 1. */
	buf[n] = 0x98;
	buf[n + 1] = 0x06;
	buf[n + 2] = 0x01;
	*out = buf;
	*len = n + 3;
}

START_TEST(test_unpack_keeps_unknown_fields_and_known_ones_intact)
{
	Samverk__Body body = SAMVERK__BODY__INIT, *got;
	Samverk__Practice p;
	uint8_t *buf, *again;
	size_t len;

	fill_header(&body);
	fx_practice(&p, "p1", "Title");
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	with_unknown_field(&body, &buf, &len);
	got = samverk__body__unpack(NULL, len, buf);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(got->seq, 7);
	ck_assert_str_eq(got->practice->title, "Title");
	ck_assert_uint_eq(got->base.n_unknown_fields, 1);
	/* Packing again keeps the unknown field, byte for byte. */
	ck_assert_uint_eq(samverk__body__get_packed_size(got), len);
	again = malloc(len);
	ck_assert_ptr_nonnull(again);
	(void)samverk__body__pack(got, again);
	ck_assert_mem_eq(again, buf, len);
	free(again);
	samverk__body__free_unpacked(got, NULL);
	free(buf);
}
END_TEST

/* envelope_of wraps body bytes in a signed envelope; free *out. */
static void
envelope_of(const uint8_t *body, size_t bodylen, uint8_t **out, size_t *len)
{
	Samverk__Envelope env = SAMVERK__ENVELOPE__INIT;
	uint8_t sig[SVK_SIG_LEN];

	ck_assert_int_eq(svk_crypto_sign(me, SVK_TAG_ENTRY, body, bodylen, sig), 0);
	env.body.data = (uint8_t *)body;
	env.body.len = bodylen;
	env.sig.data = sig;
	env.sig.len = SVK_SIG_LEN;
	*len = samverk__envelope__get_packed_size(&env);
	*out = malloc(*len);
	ck_assert_ptr_nonnull(*out);
	(void)samverk__envelope__pack(&env, *out);
}

START_TEST(test_packed_signed_body_opens_with_entry_open)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;
	uint8_t fed[SVK_KEY_LEN], id[SVK_HASH_LEN], *bodybuf, *env;
	size_t bodylen, envlen;
	svk_entry *e = NULL;

	memset(fed, 0x42, sizeof(fed));
	body.federation.data = fed;
	body.federation.len = SVK_KEY_LEN;
	body.origin.data = (uint8_t *)svk_crypto_identity_public(me);
	body.origin.len = SVK_KEY_LEN;
	body.seq = 1;
	body.time_ms = 1767225600000LL;
	fx_practice(&p, "legepatruljen", "Legepatruljen");
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	bodylen = samverk__body__get_packed_size(&body);
	bodybuf = malloc(bodylen);
	ck_assert_ptr_nonnull(bodybuf);
	(void)samverk__body__pack(&body, bodybuf);
	envelope_of(bodybuf, bodylen, &env, &envlen);

	ck_assert_int_eq(svk_entry_open(env, envlen, &e), 0);
	svk_crypto_hash(bodybuf, bodylen, id);
	ck_assert_mem_eq(e->id, id, SVK_HASH_LEN);
	ck_assert_uint_eq(e->envelope_len, envlen);
	ck_assert_mem_eq(e->envelope, env, envlen);
	ck_assert_ptr_ne(e->envelope, env);
	ck_assert_uint_eq(e->env->body.len, bodylen);
	ck_assert_mem_eq(e->env->body.data, bodybuf, bodylen);
	ck_assert_mem_eq(e->body->origin.data, svk_crypto_identity_public(me),
	    SVK_KEY_LEN);
	ck_assert_mem_eq(e->body->federation.data, fed, SVK_KEY_LEN);
	ck_assert_uint_eq(e->body->seq, 1);
	ck_assert_int_eq(e->body->time_ms, 1767225600000LL);
	ck_assert_int_eq(e->body->payload_case, SAMVERK__BODY__PAYLOAD_PRACTICE);
	ck_assert_str_eq(e->body->practice->id, "legepatruljen");
	ck_assert_str_eq(e->body->practice->title, "Legepatruljen");
	svk_entry_free(e);
	free(env);
	free(bodybuf);
}
END_TEST

START_TEST(test_entry_open_verifies_body_bytes_as_received_with_unknown_field)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;
	uint8_t id[SVK_HASH_LEN], *bodybuf, *env;
	size_t bodylen, envlen;
	svk_entry *e = NULL;

	body.origin.data = (uint8_t *)svk_crypto_identity_public(me);
	body.origin.len = SVK_KEY_LEN;
	body.seq = 1;
	fx_practice(&p, "p1", "Title");
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	with_unknown_field(&body, &bodybuf, &bodylen);
	envelope_of(bodybuf, bodylen, &env, &envlen);

	/* The signature covers the unknown field; re-serialising would still
	 * keep it, but the id must be the hash of the bytes received. */
	ck_assert_int_eq(svk_entry_open(env, envlen, &e), 0);
	svk_crypto_hash(bodybuf, bodylen, id);
	ck_assert_mem_eq(e->id, id, SVK_HASH_LEN);
	ck_assert_str_eq(e->body->practice->title, "Title");
	svk_entry_free(e);
	free(env);
	free(bodybuf);
}
END_TEST

START_TEST(test_entry_open_rejects_envelope_with_unparsable_body)
{
	static const uint8_t junk[] = {0x12, 0x40, 'x'};
	uint8_t *env;
	size_t envlen;
	svk_entry *e = NULL;

	envelope_of(junk, sizeof(junk), &env, &envlen);
	ck_assert_int_eq(svk_entry_open(env, envlen, &e), SVK_EMALFORMED);
	ck_assert_ptr_null(e);
	free(env);
}
END_TEST

Suite *
proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("proto");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_body_with_practice_round_trips);
	tcase_add_test(tc, test_body_with_need_round_trips);
	tcase_add_test(tc, test_body_with_indicator_set_round_trips);
	tcase_add_test(tc, test_body_with_adoption_round_trips);
	tcase_add_test(tc, test_body_with_retraction_round_trips);
	tcase_add_test(tc, test_body_with_roster_round_trips);
	tcase_add_test(tc, test_body_of_seq_one_has_empty_prev_after_round_trip);
	tcase_add_test(tc, test_envelope_round_trips);
	tcase_add_test(tc, test_heartbeat_round_trips);
	tcase_add_test(tc, test_unpack_fails_on_bytes_that_are_not_a_message);
	tcase_add_test(tc, test_unpack_fails_on_a_truncated_body);
	tcase_add_test(tc, test_unpack_keeps_unknown_fields_and_known_ones_intact);
	tcase_add_test(tc, test_packed_signed_body_opens_with_entry_open);
	tcase_add_test(tc,
	    test_entry_open_verifies_body_bytes_as_received_with_unknown_field);
	tcase_add_test(tc, test_entry_open_rejects_envelope_with_unparsable_body);
	suite_add_tcase(s, tc);
	return s;
}
