/*
 * test_report.c: node/report.c, what `status --federation` and /api tell.
 *
 * The federation view trusts what a member signs about its own log, and
 * never what it says about another member's: a correctly signed heartbeat
 * that claims 10^15 entries of someone else's log makes nobody behind, and
 * is attributed to the member that sent it.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "beat.h"
#include "fixture.h"
#include "peers.h"
#include "report.h"

static fx_fed fed;

static void
setup(void)
{
	fx_fed_init(&fed, "report");
}

static void
teardown(void)
{
	fx_fed_fini(&fed);
}

/* Signs a heartbeat of id at time_ms claiming heads[i] for origins[i], and
 * keeps it in st. */
static void
beat(svk_store *st, const svk_identity *id, int64_t time_ms, size_t n,
    const uint8_t *const origins[], const uint64_t heads[])
{
	Samverk__Heartbeat hb = SAMVERK__HEARTBEAT__INIT;
	Samverk__Head h[4], *hp[4];
	uint8_t fedkey[SVK_KEY_LEN], *env;
	svk_beat *b;
	size_t len;
	bool fresh;

	ck_assert_uint_le(n, 4);
	ck_assert_int_eq(svk_log_federation(st, fedkey), 0);
	hb.federation = (ProtobufCBinaryData){SVK_KEY_LEN, fedkey};
	hb.node = (ProtobufCBinaryData){
	    SVK_KEY_LEN, (uint8_t *)svk_crypto_identity_public(id)};
	hb.time_ms = time_ms;
	hb.version = "test";
	hb.interval_s = 10;
	for (size_t i = 0; i < n; i++) {
		samverk__head__init(&h[i]);
		h[i].origin = (ProtobufCBinaryData){
		    SVK_KEY_LEN, (uint8_t *)origins[i]};
		h[i].seq = heads[i];
		hp[i] = &h[i];
	}
	hb.heads = hp;
	hb.n_heads = n;
	ck_assert_int_eq(svk_beat_seal(id, &hb, &env, &len), 0);
	ck_assert_int_eq(svk_beat_open(env, len, &b), 0);
	ck_assert_int_eq(svk_beat_ingest(st, b, &fresh), 0);
	ck_assert(fresh);
	svk_beat_free(b);
	free(env);
}

/* The member row of key in a federation document. */
static json_t *
row(json_t *doc, const uint8_t *key)
{
	char fpr[SVK_FPR_LEN];
	size_t i;
	json_t *m;

	svk_crypto_fingerprint(key, fpr);
	json_array_foreach(json_object_get(doc, "members"), i, m)
		if (strcmp(json_string_value(json_object_get(m, "node")), fpr) == 0)
			return m;
	ck_abort_msg("no row for %s", fpr);
	return NULL;
}

START_TEST(test_a_claim_about_another_members_log_makes_nobody_behind)
{
	svk_home home = {
	    .dir = fed.dir, .id = fed.b, .store = fed.sb, .name = "B", .country = "DK"};
	const uint8_t *a = svk_crypto_identity_public(fed.a),
		      *c = svk_crypto_identity_public(fed.c);
	int64_t now = svk_clock_now_ms();
	json_t *doc;

	/* c says a's log has 10^15 entries; a, a second later, says its own
	 * holds roster_seq; b holds exactly that. */
	beat(fed.sb, fed.c, now - 2000, 2, (const uint8_t *const[]){a, c},
	    (const uint64_t[]){1000000000000000ULL, 0});
	beat(fed.sb, fed.a, now - 1000, 1, (const uint8_t *const[]){a},
	    (const uint64_t[]){fed.roster_seq});
	ck_assert_ptr_nonnull(doc = svk_report_federation(&home));
	ck_assert_int_eq(json_integer_value(json_object_get(row(doc, a), "behind")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(row(doc, a), "overclaims")),
	    0);
	/* c claims more than exists: not behind, but named for it */
	ck_assert_int_eq(json_integer_value(json_object_get(row(doc, c), "behind")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(row(doc, c), "overclaims")),
	    1);
	json_decref(doc);
}
END_TEST

START_TEST(test_a_members_own_claim_about_its_log_counts)
{
	svk_home home = {
	    .dir = fed.dir, .id = fed.b, .store = fed.sb, .name = "B", .country = "DK"};
	const uint8_t *a = svk_crypto_identity_public(fed.a),
		      *c = svk_crypto_identity_public(fed.c);
	int64_t now = svk_clock_now_ms();
	json_t *doc;

	/* a says it has 5 entries more than b holds: c, which says it holds
	 * what b holds, is 5 behind; a claim made before a's own is not held
	 * against c. */
	beat(fed.sb, fed.c, now - 2000, 1, (const uint8_t *const[]){a},
	    (const uint64_t[]){fed.roster_seq});
	beat(fed.sb, fed.a, now - 1000, 1, (const uint8_t *const[]){a},
	    (const uint64_t[]){fed.roster_seq + 5});
	ck_assert_ptr_nonnull(doc = svk_report_federation(&home));
	ck_assert_int_eq(json_integer_value(json_object_get(row(doc, c), "behind")), 5);
	ck_assert_int_eq(json_integer_value(json_object_get(row(doc, c), "overclaims")),
	    0);
	json_decref(doc);
}
END_TEST

START_TEST(test_a_linked_member_without_a_heartbeat_is_connecting_not_offline)
{
	svk_home home = {
	    .dir = fed.dir, .id = fed.b, .store = fed.sb, .name = "B", .country = "DK"};
	const uint8_t *a = svk_crypto_identity_public(fed.a);
	const uint8_t *c = svk_crypto_identity_public(fed.c);
	svk_peer_row link = {.sub_up = true, .pub = "tcp://127.0.0.1:1"};
	json_t *doc;

	/* b's daemon links to a (no heartbeat of a yet); c is not linked */
	memcpy(link.key, a, SVK_KEY_LEN);
	ck_assert_int_eq(svk_peers_replace(fed.sb, &link, 1), 0);
	ck_assert_ptr_nonnull(doc = svk_report_federation(&home));
	ck_assert_str_eq(json_string_value(json_object_get(row(doc, a), "state")),
	    "connecting");
	ck_assert_str_eq(json_string_value(json_object_get(row(doc, c), "state")),
	    "offline");
	json_decref(doc);
	/* once a's heartbeat is held, a is online */
	beat(fed.sb, fed.a, svk_clock_now_ms(), 1, (const uint8_t *const[]){a},
	    (const uint64_t[]){fed.roster_seq});
	ck_assert_ptr_nonnull(doc = svk_report_federation(&home));
	ck_assert_str_eq(json_string_value(json_object_get(row(doc, a), "state")),
	    "online");
	json_decref(doc);
}
END_TEST

START_TEST(test_this_node_is_never_behind_by_its_own_stale_heartbeat)
{
	svk_home home = {
	    .dir = fed.dir, .id = fed.b, .store = fed.sb, .name = "B", .country = "DK"};
	const uint8_t *a = svk_crypto_identity_public(fed.a);
	const uint8_t *b = svk_crypto_identity_public(fed.b);
	json_t *doc;

	/* b's last heartbeat was sent before it got a's roster entry */
	beat(fed.sb, fed.b, svk_clock_now_ms() - 1000, 1,
	    (const uint8_t *const[]){a}, (const uint64_t[]){0});
	ck_assert_ptr_nonnull(doc = svk_report_federation(&home));
	ck_assert_int_eq(json_integer_value(json_object_get(row(doc, b), "behind")), 0);
	json_decref(doc);
}
END_TEST

/* The name of the first link status lists as down for long, or NULL. */
static const char *
down_name(json_t *st, size_t i)
{
	json_t *d = json_array_get(json_object_get(st, "links_down"), i);
	return d ? json_string_value(json_object_get(d, "name")) : NULL;
}

START_TEST(test_a_link_down_past_the_deadline_is_named_in_status)
{
	svk_home home = {
	    .dir = fed.dir, .id = fed.b, .store = fed.sb, .name = "B", .country = "DK"};
	const uint8_t *a = svk_crypto_identity_public(fed.a);
	const uint8_t *c = svk_crypto_identity_public(fed.c);
	svk_peer_row links[2] = {{.pub = "tcp://127.0.0.1:1"}, {.sub_up = true}};
	svk_config cfg;
	int64_t now = svk_clock_now_ms();
	json_t *st;

	svk_config_defaults(&cfg);
	cfg.heartbeat_interval_s = 2;
	cfg.heartbeat_missed = 3; /* 6 s */
	memcpy(links[0].key, a, SVK_KEY_LEN);
	memcpy(links[1].key, c, SVK_KEY_LEN);
	/* a down for 5 s, c partly up for 5 s: not yet */
	links[0].down_since_ms = links[1].down_since_ms = now - 5000;
	ck_assert_int_eq(svk_peers_replace(fed.sb, links, 2), 0);
	ck_assert_ptr_nonnull(st = svk_report_status(&home, &cfg));
	ck_assert_ptr_null(down_name(st, 0));
	json_decref(st);
	/* a down for 10 minutes: named, with since when and what state; c up
	 * again (down_since 0) is not */
	links[0].down_since_ms = now - 600000;
	links[1].down_since_ms = 0;
	links[1].req_up = true;
	ck_assert_int_eq(svk_peers_replace(fed.sb, links, 2), 0);
	ck_assert_ptr_nonnull(st = svk_report_status(&home, &cfg));
	ck_assert_str_eq(down_name(st, 0), "Vejle"); /* a */
	ck_assert_ptr_null(down_name(st, 1));
	json_t *d = json_array_get(json_object_get(st, "links_down"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(d, "state")), "down");
	ck_assert_int_ge(json_integer_value(json_object_get(d, "down_for_s")), 599);
	ck_assert_int_eq(json_integer_value(json_object_get(d, "down_since_ms")),
	    now - 600000);
	json_decref(st);
	/* c partly up for 10 minutes is named too */
	links[1].req_up = false;
	links[1].down_since_ms = now - 600000;
	ck_assert_int_eq(svk_peers_replace(fed.sb, links, 2), 0);
	ck_assert_ptr_nonnull(st = svk_report_status(&home, &cfg));
	ck_assert_ptr_nonnull(down_name(st, 1));
	d = json_array_get(json_object_get(st, "links_down"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(d, "state")), "partly up");
	json_decref(st);
}
END_TEST

Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("federation");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_a_claim_about_another_members_log_makes_nobody_behind);
	tcase_add_test(tc, test_a_members_own_claim_about_its_log_counts);
	tcase_add_test(tc,
	    test_a_linked_member_without_a_heartbeat_is_connecting_not_offline);
	tcase_add_test(tc, test_this_node_is_never_behind_by_its_own_stale_heartbeat);
	tcase_add_test(tc, test_a_link_down_past_the_deadline_is_named_in_status);
	suite_add_tcase(s, tc);
	return s;
}
