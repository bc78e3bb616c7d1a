/*
 * test_daemon_plan.c: node/daemon/plan.c: which links a roster and the
 * settings call for, given the links the daemon has.
 */
#include "plan.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t me[SVK_KEY_LEN], ka[SVK_KEY_LEN], kb[SVK_KEY_LEN];

#define ACTIVE SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE
#define SUSPENDED SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED

static void
keys(void)
{
	memset(me, 1, sizeof(me));
	memset(ka, 2, sizeof(ka));
	memset(kb, 3, sizeof(kb));
}

static svk_member
member(const uint8_t *key, const char *name, const char *pub, int status)
{
	return (svk_member){.key = key,
	    .name = name,
	    .country = "SE",
	    .pub = pub,
	    .catchup = "tcp://127.0.0.1:9001",
	    .status = status};
}

static svk_plan_link
link_to(const uint8_t *key, const char *pub)
{
	return (svk_plan_link){key, false, pub, "tcp://127.0.0.1:9001", NULL};
}

/* plan runs svk_plan_make and asserts it works. */
static svk_plan_step *
plan(const svk_plan_link *links, size_t n_links, const svk_member *members,
    size_t n_members, const char *peers, const char *boot, size_t *n)
{
	svk_plan_input in = {
	    links, n_links, members, n_members, false, me, peers, boot};
	svk_plan_step *s = NULL;

	ck_assert_int_eq(svk_plan_make(&in, &s, n), 0);
	return s;
}

START_TEST(test_a_member_added_gets_a_link)
{
	svk_member ms[] = {member(me, "Me", "tcp://m", ACTIVE),
	    member(ka, "A", "tcp://a", ACTIVE)};
	size_t n;
	svk_plan_step *s = plan(NULL, 0, ms, 2, "", NULL, &n);

	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_OPEN);
	ck_assert_ptr_eq(s[0].member, &ms[1]);
	free(s);
}
END_TEST

START_TEST(test_an_unchanged_member_keeps_its_link)
{
	svk_member ms[] = {member(ka, "A", "tcp://a", ACTIVE)};
	svk_plan_link ls[] = {link_to(ka, "tcp://a")};
	size_t n;
	svk_plan_step *s = plan(ls, 1, ms, 1, "", NULL, &n);

	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_KEEP);
	ck_assert_uint_eq(s[0].link, 0);
	free(s);
}
END_TEST

START_TEST(test_a_suspended_member_loses_its_link)
{
	svk_member ms[] = {member(ka, "A", "tcp://a", SUSPENDED),
	    member(kb, "B", "tcp://b", ACTIVE)};
	svk_plan_link ls[] = {link_to(ka, "tcp://a"), link_to(kb, "tcp://b")};
	size_t n;
	svk_plan_step *s = plan(ls, 2, ms, 2, "", NULL, &n);

	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_KEEP);
	ck_assert_uint_eq(s[0].link, 1);
	ck_assert_int_eq(s[1].verb, SVK_PLAN_CLOSE);
	ck_assert_uint_eq(s[1].link, 0);
	free(s);
}
END_TEST

START_TEST(test_a_changed_endpoint_replaces_the_link)
{
	svk_member ms[] = {member(ka, "A", "tcp://a2", ACTIVE)};
	svk_plan_link ls[] = {link_to(ka, "tcp://a")};
	size_t n;
	svk_plan_step *s = plan(ls, 1, ms, 1, "", NULL, &n);

	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_REPLACE);
	ck_assert_uint_eq(s[0].link, 0);
	ck_assert_ptr_eq(s[0].member, &ms[0]);
	free(s);
}
END_TEST

START_TEST(test_a_new_certificate_replaces_the_link)
{
	static const char pem[] = "-----BEGIN CERTIFICATE-----\nnew\n";
	svk_member ms[] = {member(ka, "A", "tcp://a", ACTIVE)};
	svk_plan_link ls[] = {link_to(ka, "tcp://a")};
	size_t n;
	svk_plan_step *s;

	ms[0].tls_cert = (const uint8_t *)pem;
	ms[0].tls_cert_len = strlen(pem);
	ls[0].cert = "-----BEGIN CERTIFICATE-----\nold\n";
	s = plan(ls, 1, ms, 1, "", NULL, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_REPLACE);
	free(s);
	ls[0].cert = pem;
	s = plan(ls, 1, ms, 1, "", NULL, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_KEEP);
	free(s);
}
END_TEST

START_TEST(test_sync_peers_pins_the_links_to_the_members_named)
{
	svk_member ms[] = {member(ka, "A", "tcp://a", ACTIVE),
	    member(kb, "B", "tcp://b", ACTIVE)};
	svk_plan_link ls[] = {link_to(ka, "tcp://a")};
	char fpr[SVK_FPR_LEN], peers[SVK_FPR_LEN + 8];
	size_t n;
	svk_plan_step *s;

	svk_crypto_fingerprint(kb, fpr);
	snprintf(peers, sizeof(peers), " %s,", fpr);
	s = plan(ls, 1, ms, 2, peers, NULL, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_OPEN);
	ck_assert_ptr_eq(s[0].member, &ms[1]);
	ck_assert_int_eq(s[1].verb, SVK_PLAN_CLOSE);
	ck_assert_uint_eq(s[1].link, 0);
	free(s);
	ck_assert(svk_plan_wanted("", ka));
	ck_assert(!svk_plan_wanted(peers, ka));
	ck_assert(svk_plan_wanted(peers, kb));
}
END_TEST

START_TEST(test_before_any_roster_the_bootstrap_peer_gets_a_link)
{
	svk_plan_link boot = {me, true, "", "tcp://127.0.0.1:7401", NULL};
	size_t n;
	svk_plan_step *s = plan(NULL, 0, NULL, 0, "", "tcp://127.0.0.1:7401", &n);

	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_OPEN);
	ck_assert_ptr_null(s[0].member);
	free(s);
	s = plan(&boot, 1, NULL, 0, "", "tcp://127.0.0.1:7401", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_KEEP);
	free(s);
	/* No bootstrap peer, no roster: nothing to link to. */
	s = plan(NULL, 0, NULL, 0, "", NULL, &n);
	ck_assert_uint_eq(n, 0);
	free(s);
}
END_TEST

START_TEST(test_the_bootstrap_link_is_dropped_once_the_roster_is_in)
{
	svk_member ms[] = {member(me, "Me", "tcp://m", ACTIVE),
	    member(ka, "A", "tcp://a", ACTIVE)};
	svk_plan_link boot = {me, true, "", "tcp://127.0.0.1:7401", NULL};
	size_t n;
	svk_plan_step *s = plan(&boot, 1, ms, 2, "", "tcp://127.0.0.1:7401", &n);

	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_OPEN);
	ck_assert_ptr_eq(s[0].member, &ms[1]);
	ck_assert_int_eq(s[1].verb, SVK_PLAN_CLOSE);
	ck_assert_uint_eq(s[1].link, 0);
	free(s);
}
END_TEST

START_TEST(test_a_roster_that_cannot_be_read_closes_no_link)
{
	svk_plan_link ls[] = {link_to(ka, "tcp://a"), link_to(kb, "tcp://b")};
	svk_plan_input in = {ls, 2, NULL, 0, true, me, "", NULL};
	svk_plan_step *s = NULL;
	size_t n;

	ck_assert_int_eq(svk_plan_make(&in, &s, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(s);
}
END_TEST

START_TEST(test_a_member_listed_twice_gets_one_link)
{
	svk_member ms[] = {member(ka, "A", "tcp://a", ACTIVE),
	    member(ka, "A", "tcp://a", ACTIVE)};
	size_t n;
	svk_plan_step *s = plan(NULL, 0, ms, 2, "", NULL, &n);

	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_OPEN);
	free(s);
}
END_TEST

START_TEST(test_a_node_on_one_address_dials_from_it)
{
	uint32_t a = 0;

	ck_assert(svk_plan_source("tcp://127.0.0.12:7400",
	    "tcp://127.0.0.14:7401", &a));
	ck_assert_uint_eq(a, htonl(0x7f00000c));
	ck_assert(svk_plan_source("tls+tcp://10.1.2.3:7400",
	    "tls+tcp://10.9.9.9:1", &a));
	ck_assert_uint_eq(a, htonl(0x0a010203));
}
END_TEST

START_TEST(test_the_system_chooses_the_source_otherwise)
{
	uint32_t a = 0;

	/* A wildcard, a name, ipc, or across the loopback line. */
	ck_assert(!svk_plan_source("tcp://0.0.0.0:7400", "tcp://10.0.0.2:7401", &a));
	ck_assert(!svk_plan_source("tcp://node.example:7400", "tcp://10.0.0.2:1", &a));
	ck_assert(!svk_plan_source("tcp://10.0.0.1:7400", "tcp://peer.example:1", &a));
	ck_assert(!svk_plan_source("ipc:///tmp/x", "tcp://127.0.0.1:1", &a));
	ck_assert(!svk_plan_source("tcp://127.0.0.1:7400", "tcp://10.0.0.2:1", &a));
	ck_assert(!svk_plan_source("tcp://10.0.0.1:7400", "tcp://127.0.0.1:1", &a));
	ck_assert_uint_eq(a, 0);
}
END_TEST

Suite *
daemon_plan_suite(void)
{
	Suite *s = suite_create("daemon_plan");
	TCase *tc = tcase_create("reconcile");

	tcase_add_checked_fixture(tc, keys, NULL);
	tcase_add_test(tc, test_a_member_added_gets_a_link);
	tcase_add_test(tc, test_an_unchanged_member_keeps_its_link);
	tcase_add_test(tc, test_a_suspended_member_loses_its_link);
	tcase_add_test(tc, test_a_changed_endpoint_replaces_the_link);
	tcase_add_test(tc, test_a_new_certificate_replaces_the_link);
	tcase_add_test(tc, test_sync_peers_pins_the_links_to_the_members_named);
	tcase_add_test(tc, test_before_any_roster_the_bootstrap_peer_gets_a_link);
	tcase_add_test(tc, test_the_bootstrap_link_is_dropped_once_the_roster_is_in);
	tcase_add_test(tc, test_a_roster_that_cannot_be_read_closes_no_link);
	tcase_add_test(tc, test_a_member_listed_twice_gets_one_link);
	tcase_add_test(tc, test_a_node_on_one_address_dials_from_it);
	tcase_add_test(tc, test_the_system_chooses_the_source_otherwise);
	suite_add_tcase(s, tc);
	return s;
}
