/*
 * test_daemon_catchup.c: node/daemon/catchup.c: the order in which
 * catch-up pages are stored, whatever order the thread pool verifies them.
 */
#include "catchup.h"

#include <check.h>

START_TEST(test_pages_leave_in_arrival_order_when_verified_out_of_order)
{
	svk_catchup_queue q = {0};
	svk_catchup_job a = {0}, b = {0}, c = {0};

	svk_catchup_queue_push(&q, &a);
	svk_catchup_queue_push(&q, &b);
	svk_catchup_queue_push(&q, &c);
	ck_assert_int_eq(svk_catchup_queue_len(&q), 3);
	c.verified = true;
	ck_assert_ptr_null(svk_catchup_queue_pop(&q));
	b.verified = true;
	ck_assert_ptr_null(svk_catchup_queue_pop(&q));
	a.verified = true;
	ck_assert_ptr_eq(svk_catchup_queue_pop(&q), &a);
	ck_assert_ptr_eq(svk_catchup_queue_pop(&q), &b);
	ck_assert_ptr_eq(svk_catchup_queue_pop(&q), &c);
	ck_assert_ptr_null(svk_catchup_queue_pop(&q));
	ck_assert_int_eq(svk_catchup_queue_len(&q), 0);
}
END_TEST

START_TEST(test_a_rounds_last_page_leaves_after_every_page_before_it)
{
	svk_catchup_queue q = {0};
	svk_catchup_job pages[4] = {{0}};
	svk_catchup_job *job;
	int seen = 0;

	pages[3].last = true;
	for (int i = 0; i < 4; i++)
		svk_catchup_queue_push(&q, &pages[i]);
	pages[3].verified = pages[1].verified = true;
	ck_assert_ptr_null(svk_catchup_queue_pop(&q));
	pages[0].verified = true;
	while ((job = svk_catchup_queue_pop(&q)) != NULL) {
		ck_assert(!job->last);
		seen++;
	}
	ck_assert_int_eq(seen, 2);
	pages[2].verified = true;
	ck_assert_ptr_eq(svk_catchup_queue_pop(&q), &pages[2]);
	job = svk_catchup_queue_pop(&q);
	ck_assert_ptr_eq(job, &pages[3]);
	ck_assert(job->last);
}
END_TEST

START_TEST(test_a_queue_emptied_takes_new_pages_again)
{
	svk_catchup_queue q = {0};
	svk_catchup_job a = {0}, b = {0};

	svk_catchup_queue_push(&q, &a);
	a.verified = true;
	ck_assert_ptr_eq(svk_catchup_queue_pop(&q), &a);
	svk_catchup_queue_push(&q, &b);
	ck_assert(!b.verified);
	b.verified = true;
	ck_assert_ptr_eq(svk_catchup_queue_pop(&q), &b);
	ck_assert_int_eq(svk_catchup_queue_len(&q), 0);
}
END_TEST

Suite *
daemon_catchup_suite(void)
{
	Suite *s = suite_create("daemon_catchup");
	TCase *tc = tcase_create("order");

	tcase_add_test(tc,
	    test_pages_leave_in_arrival_order_when_verified_out_of_order);
	tcase_add_test(tc, test_a_rounds_last_page_leaves_after_every_page_before_it);
	tcase_add_test(tc, test_a_queue_emptied_takes_new_pages_again);
	suite_add_tcase(s, tc);
	return s;
}
