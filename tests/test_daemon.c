/*
 * test_daemon.c: node/daemon/daemon.c: the loop starts and stops in
 * order, closing every handle it made (uv_loop_close then returns 0), on
 * ipc:// endpoints in a temporary folder.
 */
#include "daemon.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "say.h"

static char dir[64];
static svk_home *home;
static svk_config cfg;

static void
setup(void)
{
	char path[256];

	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "daemon");
	ck_assert_int_eq(svk_home_create(fx_path(path, dir, "node"), "Vejle", "DK"), 0);
	ck_assert_int_eq(svk_home_open(&home, path), 0);
	svk_config_defaults(&cfg);
	snprintf(cfg.pub, sizeof(cfg.pub), "ipc://%s/pub", dir);
	snprintf(cfg.catchup, sizeof(cfg.catchup), "ipc://%s/sync", dir);
	cfg.http[0] = '\0';
	cfg.log_level = SVK_ERROR;
}

static void
teardown(void)
{
	svk_home_close(home);
	fx_rmdir(dir);
}

static void
on_stop(uv_timer_t *h)
{
	svk__daemon_stop(h->data);
	uv_close((uv_handle_t *)h, NULL);
}

/* Runs the daemon on a loop of its own for ms, then stops it. */
static void
run_for(uint64_t ms)
{
	char conf[256];
	svk_daemon *d = NULL;
	uv_loop_t loop;
	uv_timer_t stop;

	ck_assert_int_eq(uv_loop_init(&loop), 0);
	ck_assert_int_eq(svk__daemon_open(&d, &loop, home, &cfg,
			     fx_path(conf, dir, "none.conf")),
	    0);
	ck_assert_int_eq(uv_timer_init(&loop, &stop), 0);
	stop.data = d;
	ck_assert_int_eq(uv_timer_start(&stop, on_stop, ms, 0), 0);
	ck_assert_int_eq(uv_run(&loop, UV_RUN_DEFAULT), 0);
	ck_assert(!uv_loop_alive(&loop));
	svk__daemon_close(d);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
}

START_TEST(test_a_daemon_stopped_at_once_closes_every_handle)
{
	run_for(0);
}
END_TEST

START_TEST(test_a_daemon_stopped_after_its_first_heartbeat_closes_every_handle)
{
	run_for(700);
	run_for(50); /* and starts again on the same endpoints */
}
END_TEST

START_TEST(test_a_daemon_that_cannot_listen_leaves_the_loop_closable)
{
	char conf[256];
	svk_daemon *d = NULL;
	uv_loop_t loop;

	snprintf(cfg.catchup, sizeof(cfg.catchup), "tcp://256.0.0.1:1");
	ck_assert_int_eq(uv_loop_init(&loop), 0);
	ck_assert_int_ne(svk__daemon_open(&d, &loop, home, &cfg,
			     fx_path(conf, dir, "none.conf")),
	    0);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
}
END_TEST

Suite *
daemon_suite(void)
{
	Suite *s = suite_create("daemon");
	TCase *tc = tcase_create("start and stop");

	tcase_set_timeout(tc, 30);
	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_a_daemon_stopped_at_once_closes_every_handle);
	tcase_add_test(tc,
	    test_a_daemon_stopped_after_its_first_heartbeat_closes_every_handle);
	tcase_add_test(tc, test_a_daemon_that_cannot_listen_leaves_the_loop_closable);
	suite_add_tcase(s, tc);
	return s;
}
