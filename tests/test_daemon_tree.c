/*
 * test_daemon_tree.c: node/daemon/tree.c: eager and lazy links, prune,
 * announce, graft, for one node.
 */
#include "tree.h"

#include <check.h>
#include <string.h>

static svk_tree t;
static svk_tree_acts acts;

static void
setup(void)
{
	svk_tree_init(&t, 1000, 500);
	acts.n = 0;
	for (uint32_t l = 1; l <= 3; l++)
		ck_assert_int_eq(svk_tree_link_add(&t, l), 0);
}

static void
teardown(void)
{
	svk_tree_fini(&t);
	svk_tree_acts_fini(&acts);
}

static svk_tree_id
id_of(uint8_t origin, uint64_t seq)
{
	svk_tree_id id;

	memset(id.origin, origin, sizeof(id.origin));
	id.seq = seq;
	return id;
}

/* How many actions of verb acts holds for link. */
static size_t
count(svk_tree_verb verb, uint32_t link)
{
	size_t n = 0;

	for (size_t i = 0; i < acts.n; i++)
		n += acts.a[i].verb == verb && acts.a[i].link == link;
	return n;
}

START_TEST(test_an_entry_written_here_is_pushed_on_every_link)
{
	svk_tree_id id = id_of(9, 1);

	ck_assert_int_eq(svk_tree_on_entry(&t, SVK_TREE_SELF, &id, false, 0, &acts), 0);
	ck_assert_uint_eq(acts.n, 3);
	for (uint32_t l = 1; l <= 3; l++)
		ck_assert_uint_eq(count(SVK_TREE_PUSH, l), 1);
}
END_TEST

START_TEST(test_a_new_entry_goes_on_to_the_others_not_back)
{
	svk_tree_id id = id_of(9, 1);

	ck_assert_int_eq(svk_tree_on_entry(&t, 2, &id, false, 0, &acts), 0);
	ck_assert_uint_eq(acts.n, 2);
	ck_assert_uint_eq(count(SVK_TREE_PUSH, 2), 0);
	ck_assert_uint_eq(count(SVK_TREE_PUSH, 1), 1);
	ck_assert_uint_eq(count(SVK_TREE_PUSH, 3), 1);
}
END_TEST

START_TEST(test_a_duplicate_on_an_eager_link_prunes_it)
{
	svk_tree_id id = id_of(9, 1);

	ck_assert_int_eq(svk_tree_on_entry(&t, 1, &id, false, 0, &acts), 0);
	acts.n = 0;
	ck_assert_int_eq(svk_tree_on_entry(&t, 3, &id, true, 0, &acts), 0);
	ck_assert_uint_eq(acts.n, 1);
	ck_assert_uint_eq(count(SVK_TREE_PRUNE, 3), 1);
	ck_assert(!svk_tree_is_eager(&t, 3));
	ck_assert_uint_eq(svk_tree_eager_count(&t), 2);
	/* A second copy on the same, now lazy, link costs nothing more. */
	acts.n = 0;
	ck_assert_int_eq(svk_tree_on_entry(&t, 3, &id, true, 0, &acts), 0);
	ck_assert_uint_eq(acts.n, 0);
}
END_TEST

START_TEST(test_a_lazy_link_gets_announcements_not_entries)
{
	svk_tree_id id = id_of(9, 2);

	svk_tree_on_prune(&t, 3);
	ck_assert_int_eq(svk_tree_on_entry(&t, SVK_TREE_SELF, &id, false, 0, &acts), 0);
	ck_assert_uint_eq(count(SVK_TREE_PUSH, 3), 0);
	ck_assert_uint_eq(count(SVK_TREE_ANNOUNCE, 3), 1);
	ck_assert_uint_eq(count(SVK_TREE_PUSH, 1), 1);
}
END_TEST

START_TEST(test_an_announced_entry_that_does_not_come_is_grafted)
{
	svk_tree_id id = id_of(9, 3);

	svk_tree_on_prune(&t, 2);
	ck_assert_int_eq(svk_tree_on_announce(&t, 2, &id, false, 100, &acts), 0);
	ck_assert_uint_eq(acts.n, 1);
	ck_assert_int_eq(acts.a[0].verb, SVK_TREE_TIMER);
	ck_assert_int_eq(acts.a[0].at, 1100);
	ck_assert_uint_eq(svk_tree_missing(&t), 1);
	acts.n = 0;
	/* Too early: a stale timer does nothing. */
	ck_assert_int_eq(svk_tree_timeout(&t, &id, 1099, &acts), 0);
	ck_assert_uint_eq(acts.n, 0);
	ck_assert_int_eq(svk_tree_timeout(&t, &id, 1100, &acts), 0);
	ck_assert_uint_eq(count(SVK_TREE_GRAFT, 2), 1);
	ck_assert(svk_tree_is_eager(&t, 2));
	ck_assert_uint_eq(t.grafted, 1);
}
END_TEST

START_TEST(test_an_entry_that_arrives_in_time_is_not_grafted)
{
	svk_tree_id id = id_of(9, 4);

	ck_assert_int_eq(svk_tree_on_announce(&t, 2, &id, false, 0, &acts), 0);
	ck_assert_int_eq(svk_tree_on_entry(&t, 1, &id, false, 10, &acts), 0);
	ck_assert_uint_eq(svk_tree_missing(&t), 0);
	acts.n = 0;
	ck_assert_int_eq(svk_tree_timeout(&t, &id, 1000, &acts), 0);
	ck_assert_uint_eq(acts.n, 0);
}
END_TEST

START_TEST(test_an_announcement_of_an_entry_held_is_ignored)
{
	svk_tree_id id = id_of(9, 5);

	ck_assert_int_eq(svk_tree_on_announce(&t, 2, &id, true, 0, &acts), 0);
	ck_assert_uint_eq(acts.n, 0);
	ck_assert_uint_eq(svk_tree_missing(&t), 0);
}
END_TEST

START_TEST(test_a_silent_source_is_passed_over_for_the_next)
{
	svk_tree_id id = id_of(9, 6);

	ck_assert_int_eq(svk_tree_on_announce(&t, 2, &id, false, 0, &acts), 0);
	ck_assert_int_eq(svk_tree_on_announce(&t, 3, &id, false, 5, &acts), 0);
	ck_assert_int_eq(svk_tree_on_announce(&t, 2, &id, false, 6, &acts), 0);
	ck_assert_uint_eq(count(SVK_TREE_TIMER, 0), 1);
	acts.n = 0;
	ck_assert_int_eq(svk_tree_timeout(&t, &id, 1000, &acts), 0);
	ck_assert_uint_eq(count(SVK_TREE_GRAFT, 2), 1);
	acts.n = 0;
	/* Link 2 never answers: the retry asks link 3. */
	ck_assert_int_eq(svk_tree_timeout(&t, &id, 1500, &acts), 0);
	ck_assert_uint_eq(count(SVK_TREE_GRAFT, 3), 1);
	acts.n = 0;
	/* No source left: forgotten, catch-up's to repair. */
	ck_assert_int_eq(svk_tree_timeout(&t, &id, 2000, &acts), 0);
	ck_assert_uint_eq(acts.n, 0);
	ck_assert_uint_eq(svk_tree_missing(&t), 0);
}
END_TEST

START_TEST(test_a_graft_makes_the_link_eager_and_sends_the_entry)
{
	svk_tree_id id = id_of(9, 7);

	svk_tree_on_prune(&t, 1);
	ck_assert_int_eq(svk_tree_on_graft(&t, 1, &id, &acts), 0);
	ck_assert(svk_tree_is_eager(&t, 1));
	ck_assert_uint_eq(count(SVK_TREE_PUSH, 1), 1);
	ck_assert(acts.a[0].id.seq == 7);
}
END_TEST

START_TEST(test_a_link_removed_is_no_longer_a_source)
{
	svk_tree_id id = id_of(9, 8);

	ck_assert_int_eq(svk_tree_on_announce(&t, 2, &id, false, 0, &acts), 0);
	svk_tree_link_remove(&t, 2);
	ck_assert(!svk_tree_is_eager(&t, 2));
	ck_assert_uint_eq(t.n_links, 2);
	acts.n = 0;
	ck_assert_int_eq(svk_tree_timeout(&t, &id, 1000, &acts), 0);
	ck_assert_uint_eq(acts.n, 0);
	/* Nor does a link not there count as one. */
	ck_assert_int_eq(svk_tree_on_announce(&t, 7, &id, false, 0, &acts), 0);
	ck_assert_uint_eq(acts.n, 0);
}
END_TEST

Suite *
daemon_tree_suite(void)
{
	Suite *s = suite_create("daemon_tree");
	TCase *tc = tcase_create("tree");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_an_entry_written_here_is_pushed_on_every_link);
	tcase_add_test(tc, test_a_new_entry_goes_on_to_the_others_not_back);
	tcase_add_test(tc, test_a_duplicate_on_an_eager_link_prunes_it);
	tcase_add_test(tc, test_a_lazy_link_gets_announcements_not_entries);
	tcase_add_test(tc, test_an_announced_entry_that_does_not_come_is_grafted);
	tcase_add_test(tc, test_an_entry_that_arrives_in_time_is_not_grafted);
	tcase_add_test(tc, test_an_announcement_of_an_entry_held_is_ignored);
	tcase_add_test(tc, test_a_silent_source_is_passed_over_for_the_next);
	tcase_add_test(tc, test_a_graft_makes_the_link_eager_and_sends_the_entry);
	tcase_add_test(tc, test_a_link_removed_is_no_longer_a_source);
	suite_add_tcase(s, tc);
	return s;
}
