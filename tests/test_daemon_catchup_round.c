/*
 * test_daemon_catchup_round.c: node/daemon/catchup_round.c: how long a
 * request that could not be sent yet waits, and what ends a round: an
 * empty page that says more follow, or the round's pages and bytes spent.
 */
#include "catchup_round.h"

#include <check.h>

START_TEST(test_a_request_not_sent_yet_waits_20_ms_doubling_to_a_second)
{
	int64_t total = 0;

	ck_assert_int_eq(svk_catchup_round_retry_ms(1), 20);
	ck_assert_int_eq(svk_catchup_round_retry_ms(2), 40);
	ck_assert_int_eq(svk_catchup_round_retry_ms(6), 640);
	ck_assert_int_eq(svk_catchup_round_retry_ms(7), 1000);
	ck_assert_int_eq(svk_catchup_round_retry_ms(1000000), 1000);
	/* Every try of one request: a few seconds, not a catch-up interval. */
	for (unsigned i = 1; i < SVK_CATCHUP_SEND_TRIES; i++)
		total += svk_catchup_round_retry_ms(i);
	ck_assert_int_ge(total, 1000);
	ck_assert_int_le(total, 6000);
}
END_TEST

START_TEST(test_an_empty_page_that_says_more_follow_ends_the_round)
{
	svk_catchup_round_budget b;

	svk_catchup_round_budget_init(&b, 10000, 1 << 28);
	ck_assert_int_eq(svk_catchup_round_spend(&b, 5, 900, true), SVK_CATCHUP_GO_ON);
	ck_assert_int_eq(svk_catchup_round_spend(&b, 0, 40, true),
	    SVK_CATCHUP_EMPTY_MORE);
}
END_TEST

START_TEST(test_an_empty_last_page_is_an_honest_end)
{
	svk_catchup_round_budget b;

	svk_catchup_round_budget_init(&b, 10000, 1 << 28);
	ck_assert_int_eq(svk_catchup_round_spend(&b, 0, 2, false), SVK_CATCHUP_GO_ON);
}
END_TEST

START_TEST(test_a_round_ends_when_its_pages_are_spent)
{
	svk_catchup_round_budget b;
	int pages = 0;

	svk_catchup_round_budget_init(&b, 100, 1 << 28);
	while (svk_catchup_round_spend(&b, 1, 300, true) == SVK_CATCHUP_GO_ON)
		pages++;
	ck_assert_int_eq(pages, 99); /* the 100th ends it */
	ck_assert_int_eq(svk_catchup_round_spend(&b, 1, 300, true),
	    SVK_CATCHUP_MAX_PAGES);
}
END_TEST

START_TEST(test_a_round_ends_when_its_bytes_are_spent)
{
	svk_catchup_round_budget b;

	svk_catchup_round_budget_init(&b, 10000, 4000000);
	ck_assert_int_eq(svk_catchup_round_spend(&b, 1000, 3000000, true),
	    SVK_CATCHUP_GO_ON);
	ck_assert_int_eq(svk_catchup_round_spend(&b, 1000, 1000000, true),
	    SVK_CATCHUP_MAX_BYTES);
	/* A last page ends the round anyway, whatever it cost. */
	ck_assert_int_eq(svk_catchup_round_spend(&b, 1000, 3000000, false),
	    SVK_CATCHUP_GO_ON);
}
END_TEST

Suite *
daemon_catchup_round_suite(void)
{
	Suite *s = suite_create("daemon_catchup_round");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc,
	    test_a_request_not_sent_yet_waits_20_ms_doubling_to_a_second);
	tcase_add_test(tc, test_an_empty_page_that_says_more_follow_ends_the_round);
	tcase_add_test(tc, test_an_empty_last_page_is_an_honest_end);
	tcase_add_test(tc, test_a_round_ends_when_its_pages_are_spent);
	tcase_add_test(tc, test_a_round_ends_when_its_bytes_are_spent);
	suite_add_tcase(s, tc);
	return s;
}
