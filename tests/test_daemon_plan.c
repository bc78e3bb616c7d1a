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
	    links, n_links, members, n_members, false, me, peers, boot, 6, NULL};
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
	svk_plan_input in = {ls, 2, NULL, 0, true, me, "", NULL, 6, NULL};
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

/* A federation of n members with keys made from their index. */
struct fed {
	size_t n;
	uint8_t (*keys)[SVK_KEY_LEN];
	svk_member *ms;
	bool *online;
};

static void
fed_make(struct fed *f, size_t n)
{
	f->n = n;
	f->keys = calloc(n, SVK_KEY_LEN);
	f->ms = calloc(n, sizeof(*f->ms));
	f->online = calloc(n, sizeof(*f->online));
	ck_assert(f->keys && f->ms && f->online);
	for (size_t i = 0; i < n; i++) {
		char seed[32];
		snprintf(seed, sizeof(seed), "member %zu", i);
		svk_crypto_hash((const uint8_t *)seed, strlen(seed), f->keys[i]);
		f->ms[i] = member(f->keys[i], "M", "tcp://m", ACTIVE);
		f->online[i] = true;
	}
}

static void
fed_free(struct fed *f)
{
	free(f->keys);
	free(f->ms);
	free(f->online);
}

/* The partners of member i, as it works them out, into row[0..n). */
static void
partners_of(const struct fed *f, size_t i, unsigned k, bool *row)
{
	svk_plan_input in = {
	    NULL, 0, f->ms, f->n, false, f->keys[i], "", NULL, k, f->online};
	ck_assert_int_eq(svk_plan_partners(&in, row), 0);
	ck_assert(!row[i]);
}

/* The adjacency matrix of the link graph among the online members (row i:
 * whom i links to), and the largest number of partners any one has. */
static bool *
graph(const struct fed *f, unsigned k, size_t *most)
{
	bool *adj = calloc(f->n * f->n, sizeof(*adj));

	ck_assert_ptr_nonnull(adj);
	*most = 0;
	for (size_t i = 0; i < f->n; i++) {
		size_t d = 0;
		if (!f->online[i])
			continue;
		partners_of(f, i, k, &adj[i * f->n]);
		for (size_t j = 0; j < f->n; j++)
			d += adj[i * f->n + j];
		*most = d > *most ? d : *most;
	}
	return adj;
}

/* Breadth first over the links both ends agree on, among the online:
 * how many members are reached from the first online one, and the
 * farthest (hops). */
static size_t
reached(const struct fed *f, const bool *adj, size_t *far)
{
	size_t *queue = calloc(f->n, sizeof(*queue)),
	       *hops = calloc(f->n, sizeof(*hops));
	bool *seen = calloc(f->n, sizeof(*seen));
	size_t head = 0, tail = 0, start = 0;

	ck_assert(queue && hops && seen);
	while (start < f->n && !f->online[start])
		start++;
	seen[start] = true;
	queue[tail++] = start;
	*far = 0;
	while (head < tail) {
		size_t u = queue[head++];
		for (size_t v = 0; v < f->n; v++) {
			if (seen[v] || !f->online[v] || !adj[u * f->n + v] ||
			    !adj[v * f->n + u])
				continue;
			seen[v] = true;
			hops[v] = hops[u] + 1;
			*far = hops[v] > *far ? hops[v] : *far;
			queue[tail++] = v;
		}
	}
	free(queue);
	free(hops);
	free(seen);
	return tail;
}

START_TEST(test_bounded_links_keep_the_federation_connected)
{
	static const size_t sizes[] = {10, 12, 20, 37, 50, 100, 300};

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (unsigned k = 3; k <= 6; k++) {
			struct fed f;
			size_t most, far;
			fed_make(&f, sizes[s]);
			bool *adj = graph(&f, k, &most);
			ck_assert_msg(reached(&f, adj, &far) == f.n,
			    "%zu members, k %u: not connected", f.n, k);
			/* Both ends agree, a node has about 2k partners at
			 * most, and any member is a few hops away. */
			ck_assert_uint_le(most, 4 * k);
			ck_assert_uint_le(far, 8);
			if (sizes[s] == 300 && (k == 3 || k == 6))
				printf("bounded links: 300 members, k %u: at most %zu "
				       "partners, %zu hops at most\n",
				    k, most, far);
			free(adj);
			fed_free(&f);
		}
	}
}
END_TEST

START_TEST(test_links_are_symmetric)
{
	struct fed f;
	size_t most;

	fed_make(&f, 40);
	bool *adj = graph(&f, 4, &most);
	for (size_t i = 0; i < f.n; i++)
		for (size_t j = 0; j < f.n; j++)
			ck_assert_int_eq(adj[i * f.n + j], adj[j * f.n + i]);
	free(adj);
	fed_free(&f);
}
END_TEST

START_TEST(test_a_third_offline_leaves_the_rest_connected)
{
	for (unsigned k = 3; k <= 6; k++) {
		struct fed f;
		size_t most, far;
		fed_make(&f, 30);
		for (size_t i = 0; i < f.n; i += 3)
			f.online[i] = false;
		bool *adj = graph(&f, k, &most);
		ck_assert_uint_eq(reached(&f, adj, &far), f.n - 10);
		free(adj);
		fed_free(&f);
	}
}
END_TEST

START_TEST(test_an_offline_partner_is_replaced_and_still_dialled)
{
	struct fed f;
	bool *row, *after;
	size_t n_before = 0, n_after = 0, off = SIZE_MAX;

	fed_make(&f, 50);
	row = calloc(f.n, sizeof(*row));
	after = calloc(f.n, sizeof(*after));
	partners_of(&f, 0, 3, row);
	/* Take offline a partner member 0 chose itself (in its first 3). */
	for (size_t j = 1; j < f.n && off == SIZE_MAX; j++) {
		bool back[50];
		svk_plan_input in = {
		    NULL, 0, f.ms, f.n, false, f.keys[j], "", NULL, 3, NULL};
		ck_assert_int_eq(svk_plan_partners(&in, back), 0);
		if (row[j])
			off = j;
	}
	ck_assert_uint_ne(off, SIZE_MAX);
	f.online[off] = false;
	partners_of(&f, 0, 3, after);
	for (size_t j = 0; j < f.n; j++) {
		n_before += row[j] && f.online[j];
		n_after += after[j] && f.online[j];
	}
	/* It is still dialled (to hear it come back) when ranked among the
	 * first, and the others online are as many as before, or more: a
	 * replacement came in its place. */
	ck_assert(after[off] || !row[off]);
	ck_assert_uint_ge(n_after, n_before);
	ck_assert_uint_ge(n_after, 3);
	free(row);
	free(after);
	fed_free(&f);
}
END_TEST

/* The simulator's links (tests/sim/) are each node's own choice by
 * svk_plan_roster_choice, and the choices of others that name it: the same
 * links as svk_plan_partners gives every node online. */
START_TEST(test_a_roster_ranked_once_chooses_as_the_partners_do)
{
	for (unsigned k = 2; k <= 6; k += 4) {
		struct fed f;
		svk_plan_roster *r = NULL;
		bool *choice, *row;

		fed_make(&f, 120);
		f.ms[7].status = SUSPENDED;
		for (size_t i = 0; i < f.n; i += 4)
			f.online[i] = false;
		choice = calloc(f.n * f.n, sizeof(*choice));
		row = calloc(f.n, sizeof(*row));
		ck_assert(choice && row);
		ck_assert_int_eq(svk_plan_roster_alloc(&r, f.ms, f.n, k), 0);
		for (size_t i = 0; i < f.n; i++)
			svk_plan_roster_choice(r, i, f.online, &choice[i * f.n]);
		for (size_t i = 0; i < f.n; i++) {
			if (!f.online[i] || i == 7)
				continue;
			partners_of(&f, i, k, row);
			for (size_t j = 0; j < f.n; j++)
				ck_assert_int_eq(row[j],
				    choice[i * f.n + j] || choice[j * f.n + i]);
		}
		svk_plan_roster_free(r);
		free(choice);
		free(row);
		fed_free(&f);
	}
}
END_TEST

START_TEST(test_with_k_at_least_the_members_every_one_is_linked)
{
	struct fed f;
	bool row[7];

	fed_make(&f, 7);
	for (unsigned k = 0; k <= 8; k++) {
		if (k == 1 || (k > 0 && k < 6))
			continue;
		partners_of(&f, 3, k, row);
		for (size_t j = 0; j < f.n; j++)
			ck_assert_int_eq(row[j], j != 3);
	}
	fed_free(&f);
}
END_TEST

START_TEST(test_pinned_peers_win_over_the_choice)
{
	struct fed f;
	char fpr[SVK_FPR_LEN], peers[128];
	svk_plan_step *s = NULL;
	size_t n;

	fed_make(&f, 20);
	svk_crypto_fingerprint(f.keys[7], fpr);
	snprintf(peers, sizeof(peers), "%s", fpr);
	svk_plan_input in = {
	    NULL, 0, f.ms, f.n, false, f.keys[0], peers, NULL, 3, f.online};
	ck_assert_int_eq(svk_plan_make(&in, &s, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(s[0].verb, SVK_PLAN_OPEN);
	ck_assert_ptr_eq(s[0].member, &f.ms[7]);
	free(s);
	fed_free(&f);
}
END_TEST

START_TEST(test_a_partner_no_longer_chosen_is_closed)
{
	struct fed f;
	bool row[20];
	svk_plan_link ls[1];
	svk_plan_step *s = NULL;
	size_t n, other = SIZE_MAX;

	fed_make(&f, 20);
	partners_of(&f, 0, 3, row);
	for (size_t j = 1; j < f.n && other == SIZE_MAX; j++)
		if (!row[j])
			other = j;
	ck_assert_uint_ne(other, SIZE_MAX);
	ls[0] = link_to(f.keys[other], "tcp://m");
	svk_plan_input in = {
	    ls, 1, f.ms, f.n, false, f.keys[0], "", NULL, 3, f.online};
	ck_assert_int_eq(svk_plan_make(&in, &s, &n), 0);
	ck_assert_int_eq(s[n - 1].verb, SVK_PLAN_CLOSE);
	ck_assert_uint_eq(s[n - 1].link, 0);
	free(s);
	fed_free(&f);
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
	tcase_add_test(tc, test_bounded_links_keep_the_federation_connected);
	tcase_add_test(tc, test_links_are_symmetric);
	tcase_add_test(tc, test_a_third_offline_leaves_the_rest_connected);
	tcase_add_test(tc, test_an_offline_partner_is_replaced_and_still_dialled);
	tcase_add_test(tc, test_a_roster_ranked_once_chooses_as_the_partners_do);
	tcase_add_test(tc, test_with_k_at_least_the_members_every_one_is_linked);
	tcase_add_test(tc, test_pinned_peers_win_over_the_choice);
	tcase_add_test(tc, test_a_partner_no_longer_chosen_is_closed);
	suite_add_tcase(s, tc);
	return s;
}
