/*
 * test_daemon_watch.c: node/daemon/watch.c, an nng socket on the libuv
 * loop, closed on a thread of its own so that an nng_close that blocks
 * cannot stop the loop.
 */
#include <check.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "watch.h"

struct owner {
	svk_watch w;
	int closed;
	int got;
};

static void
on_closed(svk_watch *w)
{
	struct owner *o = svk_watch_owner(w);
	o->closed++;
}

static void
on_msg(svk_watch *w, nng_msg *msg)
{
	struct owner *o = svk_watch_owner(w);
	o->got++;
	nng_msg_free(msg);
}

static int64_t
mono_ms(void)
{
	return (int64_t)(uv_hrtime() / 1000000);
}

START_TEST(test_a_closed_watch_calls_back_on_the_loop_once_its_socket_is_closed)
{
	uv_loop_t loop;
	struct owner o = {0};
	nng_socket sock;

	ck_assert_int_eq(uv_loop_init(&loop), 0);
	ck_assert_int_eq(svk_watch_open(&o.w, &loop, nng_req0_open, 1024, on_msg, &o),
	    0);
	sock = svk_watch_socket(&o.w);
	ck_assert(svk_watch_is_open(&o.w));
	svk_watch_close(&o.w, on_closed);
	ck_assert(!svk_watch_is_open(&o.w));
	/* Not from within svk_watch_close: the close goes on apart. */
	ck_assert_int_eq(o.closed, 0);
	while (uv_loop_alive(&loop))
		(void)uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(o.closed, 1);
	/* Really closed by then, and no close is counted as in flight. */
	ck_assert_int_eq(nng_send(sock, "x", 1, NNG_FLAG_NONBLOCK), NNG_ECLOSED);
	ck_assert_int_eq(svk_watch_closing_ms(mono_ms()), 0);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
}
END_TEST

START_TEST(test_a_socket_with_a_live_pipe_closes_and_the_loop_runs_on_meanwhile)
{
	uv_loop_t loop;
	struct owner o = {0}, sender = {0};
	nng_socket rep;
	char url[64];

	ck_assert_int_eq(uv_loop_init(&loop), 0);
	(void)snprintf(url, sizeof(url), "inproc://watch-%d", (int)getpid());
	ck_assert_int_eq(nng_rep0_open(&rep), 0);
	ck_assert_int_eq(nng_listen(rep, url, NULL, 0), 0);
	ck_assert_int_eq(svk_watch_open(&o.w, &loop, nng_req0_open, 1024, on_msg, &o),
	    0);
	ck_assert_int_eq(nng_dial(svk_watch_socket(&o.w), url, NULL, 0), 0);
	ck_assert_int_eq(nng_send(svk_watch_socket(&o.w), "ask", 3, 0), 0);
	/* A watch without a poll handle (a socket that only sends). */
	ck_assert_int_eq(svk_watch_open(&sender.w, &loop, nng_req0_open, 1024,
			     NULL, &sender),
	    0);
	svk_watch_close(&o.w, on_closed);
	svk_watch_close(&sender.w, on_closed);
	while (uv_loop_alive(&loop))
		(void)uv_run(&loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(o.closed, 1);
	ck_assert_int_eq(sender.closed, 1);
	ck_assert_int_eq(o.got, 0);
	ck_assert_int_eq(svk_watch_closing_ms(mono_ms()), 0);
	ck_assert_int_eq(nng_close(rep), 0);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
}
END_TEST

START_TEST(test_a_watch_never_opened_or_opened_without_a_loop_closes_at_once)
{
	struct owner o = {0};

	memset(&o.w, 0, sizeof(o.w));
	o.w.owner = &o;
	svk_watch_close(&o.w, on_closed);
	ck_assert_int_eq(o.closed, 1);
}
END_TEST

Suite *
daemon_watch_suite(void)
{
	Suite *s = suite_create("daemon_watch");
	TCase *tc = tcase_create("watch");

	tcase_add_test(tc,
	    test_a_closed_watch_calls_back_on_the_loop_once_its_socket_is_closed);
	tcase_add_test(tc,
	    test_a_socket_with_a_live_pipe_closes_and_the_loop_runs_on_meanwhile);
	tcase_add_test(tc,
	    test_a_watch_never_opened_or_opened_without_a_loop_closes_at_once);
	suite_add_tcase(s, tc);
	return s;
}
