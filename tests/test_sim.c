/*
 * test_sim.c: the simulator (tests/sim/), which runs the daemon's own
 * decisions (plan.c's partners, tree.c's eager and lazy links) for many
 * nodes: a line, a ring, a random graph, a partition healed, a node that
 * never answers grafts, and a fifth of the nodes leaving and coming back.
 */
#include "sim.h"

#include <check.h>
#include <stdlib.h>

/* A simulator of n nodes, links by hand (k = 0) or chosen; catch-up only
 * as links come up (sync_ms 0): what arrives came by gossip. */
static svk_sim *
sim_make(size_t n, unsigned k, size_t entries)
{
	svk_sim_config c;
	svk_sim *s = NULL;

	svk_sim_defaults(&c, n, entries);
	c.k = k;
	c.sync_ms = 0;
	ck_assert_int_eq(svk_sim_alloc(&s, &c), 0);
	ck_assert_int_eq(svk_sim_run(s, 1000), 0);
	/* The first catch-up, as the links come up, is done before. */
	ck_assert_int_eq(svk_sim_run(s, 1000), 0);
	return s;
}

static void
run_for(svk_sim *s, int64_t ms)
{
	ck_assert_int_eq(svk_sim_run(s, svk_sim_now(s) + ms), 0);
}

static size_t
write_at(svk_sim *s, size_t node)
{
	size_t e;

	ck_assert_int_eq(svk_sim_write(s, node, &e), 0);
	return e;
}

START_TEST(test_a_line_carries_an_entry_end_to_end_once_each)
{
	svk_sim *s = sim_make(10, 0, 4);
	svk_sim_stats st;
	uint64_t sum;
	unsigned max;
	size_t n, e;

	for (size_t i = 0; i + 1 < 10; i++)
		ck_assert_int_eq(svk_sim_connect(s, i, i + 1), 0);
	e = write_at(s, 0);
	run_for(s, 2000);
	ck_assert_uint_eq(svk_sim_holders(s, e), 10);
	svk_sim_hops(s, e, &max, &sum, &n);
	ck_assert_uint_eq(max, 9);
	ck_assert_uint_eq(sum, 45);
	svk_sim_stats_get(s, &st);
	ck_assert_uint_eq(st.pushes, 9);
	ck_assert_uint_eq(st.dups, 0);
	ck_assert_uint_eq(st.prunes, 0);
	svk_sim_free(s);
}
END_TEST

START_TEST(test_a_ring_prunes_itself_into_a_line)
{
	svk_sim *s = sim_make(20, 0, 12);
	svk_sim_stats a, b;
	size_t eager = 0;

	for (size_t i = 0; i < 20; i++)
		ck_assert_int_eq(svk_sim_connect(s, i, (i + 1) % 20), 0);
	ck_assert_uint_eq(svk_sim_holders(s, write_at(s, 0)), 1);
	run_for(s, 3000);
	svk_sim_stats_get(s, &a);
	ck_assert_uint_ge(a.prunes, 1);
	for (size_t i = 1; i <= 10; i++) {
		size_t e = write_at(s, (i * 7) % 20);
		run_for(s, 3000);
		ck_assert_uint_eq(svk_sim_holders(s, e), 20);
	}
	svk_sim_stats_get(s, &b);
	for (size_t i = 0; i < 20; i++)
		eager += svk_sim_eager(s, i);
	/* A tree of 20 nodes has 19 links, each eager at both ends; every
	 * later entry came once to each node. */
	ck_assert_uint_eq(eager, 38);
	ck_assert_uint_eq(b.pushes - a.pushes, 10 * 19);
	ck_assert(svk_sim_all_hold(s));
	svk_sim_free(s);
}
END_TEST

START_TEST(test_a_random_graph_settles_on_a_spanning_tree)
{
	svk_sim *s = sim_make(300, 3, 30);
	svk_sim_stats a, b;
	size_t eager = 0;

	for (size_t i = 0; i < 10; i++) {
		(void)write_at(s, (i * 37) % 300);
		run_for(s, 1000);
	}
	run_for(s, 5000);
	ck_assert(svk_sim_all_hold(s));
	svk_sim_stats_get(s, &a);
	for (size_t i = 0; i < 20; i++) {
		(void)write_at(s, (i * 53 + 11) % 300);
		run_for(s, 1000);
	}
	run_for(s, 5000);
	ck_assert(svk_sim_all_hold(s));
	svk_sim_stats_get(s, &b);
	for (size_t i = 0; i < 300; i++)
		eager += svk_sim_eager(s, i);
	/* Once in shape, an entry costs about one copy per node, and the
	 * eager links are about a tree's. */
	ck_assert_uint_le(b.pushes - a.pushes, 20 * 300 * 11 / 10);
	ck_assert_uint_le(eager, 2 * 300 * 12 / 10);
	ck_assert_uint_eq(b.synced, 0);
	svk_sim_free(s);
}
END_TEST

START_TEST(test_a_partition_healed_converges_by_catch_up)
{
	svk_sim_config c;
	svk_sim *s = NULL;
	size_t left, right;
	bool synced;

	svk_sim_defaults(&c, 100, 10);
	c.k = 3;
	ck_assert_int_eq(svk_sim_alloc(&s, &c), 0);
	for (size_t i = 0; i < 50; i++)
		svk_sim_partition(s, i, 1);
	left = write_at(s, 3);
	right = write_at(s, 77);
	run_for(s, 5000);
	/* Each side is a random graph of its own (maybe with a node cut off
	 * whose links all cross): nothing crosses, most hear. */
	ck_assert_uint_ge(svk_sim_holders(s, left), 40);
	ck_assert_uint_ge(svk_sim_holders(s, right), 40);
	for (size_t i = 0; i < 100; i++) {
		ck_assert(!svk_sim_holds(s, i, left) || i < 50);
		ck_assert(!svk_sim_holds(s, i, right) || i >= 50);
	}
	for (size_t i = 0; i < 50; i++)
		svk_sim_partition(s, i, 0);
	/* Announcements were lost with the rest: catch-up repairs, from
	 * partner to partner, a round each. */
	ck_assert_int_eq(svk_sim_run_synced(s, svk_sim_now(s) + 3 * c.sync_ms, &synced),
	    0);
	ck_assert(synced);
	svk_sim_free(s);
}
END_TEST

/* W (0) writes; A (1) pushes to B (2), C (3) and T (4); B and C link to T
 * too. The first entry reaches T from A first, and B and C, later, are
 * pruned. Then T's link to A breaks (messages lost, the pipe up) and
 * mute one of B and C: the next entry is announced to T by both, and T
 * grafts them in turn until one answers. Jitter 0: the order is fixed. */
static unsigned
graft_past(size_t mute, uint64_t *unanswered)
{
	svk_sim_config c;
	svk_sim *s = NULL;
	svk_sim_stats st;
	size_t e;
	unsigned got;

	svk_sim_defaults(&c, 5, 4);
	c.k = 0;
	c.jitter_ms = 0;
	c.sync_ms = 0;
	ck_assert_int_eq(svk_sim_alloc(&s, &c), 0);
	ck_assert_int_eq(svk_sim_connect(s, 0, 1), 0);
	for (size_t i = 2; i <= 4; i++)
		ck_assert_int_eq(svk_sim_connect(s, 1, i), 0);
	ck_assert_int_eq(svk_sim_connect(s, 2, 4), 0);
	ck_assert_int_eq(svk_sim_connect(s, 3, 4), 0);
	run_for(s, 1000);
	(void)write_at(s, 0);
	run_for(s, 3000);
	ck_assert_uint_eq(svk_sim_eager(s, 4), 1);
	ck_assert_int_eq(svk_sim_cut(s, 1, 4, true), 0);
	svk_sim_mute(s, mute, true);
	e = write_at(s, 0);
	run_for(s, 5000);
	svk_sim_stats_get(s, &st);
	got = svk_sim_holds(s, 4, e);
	ck_assert_uint_eq(st.synced, 0);
	*unanswered += st.unanswered;
	svk_sim_free(s);
	return got;
}

START_TEST(test_a_node_that_never_answers_grafts_is_passed_over)
{
	uint64_t unanswered = 0;

	ck_assert_uint_eq(graft_past(2, &unanswered), 1);
	ck_assert_uint_eq(graft_past(3, &unanswered), 1);
	/* In one of the two, the silent one was asked first. */
	ck_assert_uint_ge(unanswered, 1);
}
END_TEST

START_TEST(test_a_fifth_leaving_and_coming_back_converges_in_a_round)
{
	svk_sim_config c;
	svk_sim *s = NULL;
	int64_t back;
	bool synced;

	svk_sim_defaults(&c, 200, 30);
	c.k = 4;
	ck_assert_int_eq(svk_sim_alloc(&s, &c), 0);
	(void)write_at(s, 1);
	run_for(s, 2000);
	for (size_t i = 0; i < 200; i += 5)
		ck_assert_int_eq(svk_sim_set_up(s, i, false), 0);
	for (size_t i = 0; i < 20; i++) {
		(void)write_at(s, (i * 5 + 1) % 200);
		run_for(s, 2000);
	}
	/* The rest kept receiving: the links of those gone were replaced
	 * (or the tree grafted round them). */
	run_for(s, 5000);
	ck_assert(svk_sim_all_hold(s));
	for (size_t i = 0; i < 200; i += 5)
		ck_assert_int_eq(svk_sim_set_up(s, i, true), 0);
	back = svk_sim_now(s);
	ck_assert_int_eq(svk_sim_run_synced(s, back + 3 * c.sync_ms, &synced), 0);
	ck_assert(synced);
	svk_sim_free(s);
}
END_TEST

Suite *
sim_suite(void)
{
	Suite *s = suite_create("sim");
	TCase *tc = tcase_create("sim");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_a_line_carries_an_entry_end_to_end_once_each);
	tcase_add_test(tc, test_a_ring_prunes_itself_into_a_line);
	tcase_add_test(tc, test_a_random_graph_settles_on_a_spanning_tree);
	tcase_add_test(tc, test_a_partition_healed_converges_by_catch_up);
	tcase_add_test(tc, test_a_node_that_never_answers_grafts_is_passed_over);
	tcase_add_test(tc, test_a_fifth_leaving_and_coming_back_converges_in_a_round);
	suite_add_tcase(s, tc);
	return s;
}
