/*
 * test_config.c: node/config.c: DIR/samverk.conf, the daemon's settings.
 *
 * The built-in defaults, a save and load that gives back every field, a
 * missing file, files with one bad line (each refused with a message naming
 * the file and the line), and the checks of endpoints and addresses that
 * the command line uses too.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "fixture.h"
#include "say.h"

static char dir[64];
static char path[256];

static void
setup(void)
{
	fx_tmpdir(dir, "config");
	fx_path(path, dir, "samverk.conf");
}

static void
teardown(void)
{
	fx_rmdir(dir);
}

/* write_file writes text to path. */
static void
write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* expect_same checks every field of x and y. */
static void
expect_same(const svk_config *x, const svk_config *y)
{
	ck_assert_str_eq(x->pub, y->pub);
	ck_assert_str_eq(x->catchup, y->catchup);
	ck_assert_str_eq(x->advertise_pub, y->advertise_pub);
	ck_assert_str_eq(x->advertise_catchup, y->advertise_catchup);
	ck_assert_str_eq(x->http, y->http);
	ck_assert_str_eq(x->http_cert, y->http_cert);
	ck_assert_str_eq(x->http_key, y->http_key);
	ck_assert_int_eq(x->http_public, y->http_public);
	ck_assert_uint_eq(x->catchup_interval_s, y->catchup_interval_s);
	ck_assert_uint_eq(x->page, y->page);
	ck_assert_str_eq(x->peers, y->peers);
	ck_assert_int_eq(x->log_level, y->log_level);
	ck_assert_uint_eq(x->max_message, y->max_message);
	ck_assert_uint_eq(x->pub_queue, y->pub_queue);
	ck_assert_uint_eq(x->heartbeat_interval_s, y->heartbeat_interval_s);
	ck_assert_uint_eq(x->roster_days, y->roster_days);
}

START_TEST(test_defaults_are_loopback_endpoints_and_documented_values)
{
	svk_config c;

	memset(&c, 0x5a, sizeof(c));
	svk_config_defaults(&c);
	ck_assert_str_eq(c.pub, "tcp://127.0.0.1:7400");
	ck_assert_str_eq(c.catchup, "tcp://127.0.0.1:7401");
	ck_assert_str_eq(c.http, "127.0.0.1:7480");
	ck_assert_uint_eq(c.catchup_interval_s, 30);
	ck_assert_uint_eq(c.page, 1000);
	ck_assert_str_eq(c.peers, "");
	ck_assert_int_eq(c.log_level, SVK_INFO);
	ck_assert_uint_eq(c.max_message, 1024 * 1024);
	ck_assert_uint_eq(c.pub_queue, 8192);
	ck_assert_uint_eq(c.heartbeat_interval_s, 10);
	ck_assert_uint_eq(c.roster_days, 90);
	ck_assert_int_eq(svk_config_roster_ms(&c), 90LL * 24 * 3600 * 1000);
	ck_assert(svk_config_endpoint_valid(c.pub));
	ck_assert(svk_config_endpoint_valid(c.catchup));
	ck_assert(svk_config_http_valid(c.http));
}
END_TEST

START_TEST(test_the_link_deadline_is_a_few_heartbeat_intervals)
{
	svk_config c;

	svk_config_defaults(&c);
	c.heartbeat_interval_s = 2;
	c.heartbeat_missed = 3;
	ck_assert_int_eq(svk_config_link_deadline_ms(&c), 6000);
	c.heartbeat_interval_s = 10;
	ck_assert_int_eq(svk_config_link_deadline_ms(&c), 30000);
	/* Never zero: a link must get a moment. */
	c.heartbeat_interval_s = 0;
	c.heartbeat_missed = 0;
	ck_assert_int_eq(svk_config_link_deadline_ms(&c), 1000);
}
END_TEST

START_TEST(test_saved_defaults_load_back_unchanged)
{
	svk_config saved, loaded;
	char err[512] = "";

	svk_config_defaults(&saved);
	ck_assert_int_eq(svk_config_save(&saved, path), 0);
	svk_config_defaults(&loaded);
	ck_assert_int_eq(svk_config_load(&loaded, path, err, sizeof(err)), 0);
	expect_same(&saved, &loaded);
}
END_TEST

/* A fingerprint of a fresh key, for the peers setting. */
static void
fingerprint(char out[SVK_FPR_LEN])
{
	svk_identity *id = fx_identity();

	svk_crypto_fingerprint(svk_crypto_identity_public(id), out);
	svk_crypto_identity_free(id);
}

START_TEST(test_save_then_load_round_trips_every_field)
{
	static const int levels[] = {SVK_ERROR, SVK_WARN, SVK_INFO, SVK_DEBUG};
	char fpr[3][SVK_FPR_LEN];
	svk_config saved, loaded;
	char err[512] = "";

	ck_assert_int_eq(svk_crypto_init(), 0);
	for (size_t i = 0; i < 3; i++)
		fingerprint(fpr[i]);
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		svk_config_defaults(&saved);
		snprintf(saved.pub, sizeof(saved.pub),
		    "tls+tcp://node.example.org:7500");
		snprintf(saved.catchup, sizeof(saved.catchup),
		    "ipc:///run/samverk/sync.ipc");
		snprintf(saved.http, sizeof(saved.http), "[::1]:8080");
		if (i == 0)
			snprintf(saved.advertise_pub, sizeof(saved.advertise_pub),
			    "tls+tcp://public.example.org:443");
		if (i == 1) {
			snprintf(saved.http_cert, sizeof(saved.http_cert),
			    "/etc/samverk/web.crt");
			snprintf(saved.http_key, sizeof(saved.http_key),
			    "/etc/samverk/web.key");
		}
		saved.http_public = (int)i % 3 - 1; /* auto, no, yes, auto */
		saved.catchup_interval_s = 45;
		saved.page = 250;
		/* Three partners make a line longer than inih's default 200. */
		snprintf(saved.peers, sizeof(saved.peers), "%s,%s,%s", fpr[0],
		    fpr[1], fpr[2]);
		saved.log_level = levels[i];
		saved.max_message = 2 * 1024 * 1024;
		saved.pub_queue = 64;
		saved.heartbeat_interval_s = 7;
		saved.roster_days = 30;
		ck_assert_int_eq(svk_config_save(&saved, path), 0);
		svk_config_defaults(&loaded);
		ck_assert_msg(svk_config_load(&loaded, path, err, sizeof(err)) == 0,
		    "load: %s", err);
		expect_same(&saved, &loaded);
	}
}
END_TEST

START_TEST(test_save_replaces_the_file_and_leaves_no_temporary_behind)
{
	svk_config c;
	char err[512] = "", tmp[256];

	svk_config_defaults(&c);
	write_file("this is not a config file\n");
	ck_assert_int_eq(svk_config_save(&c, path), 0);
	svk_config_defaults(&c);
	ck_assert_int_eq(svk_config_load(&c, path, err, sizeof(err)), 0);
	fx_path(tmp, dir, "samverk.conf.tmp");
	ck_assert_int_ne(access(tmp, F_OK), 0);
}
END_TEST

START_TEST(test_a_missing_file_leaves_the_defaults)
{
	svk_config c, defaults;
	char err[512] = "untouched";

	svk_config_defaults(&c);
	svk_config_defaults(&defaults);
	ck_assert_int_eq(svk_config_load(&c, path, err, sizeof(err)), 0);
	expect_same(&c, &defaults);
}
END_TEST

START_TEST(test_a_file_sets_only_what_it_names)
{
	svk_config c, defaults;
	char err[512] = "";

	write_file("; a comment\n"
		   "[catchup]\n"
		   "interval = 5   ; seconds\n"
		   "\n"
		   "[log]\n"
		   "level = debug\n");
	svk_config_defaults(&c);
	svk_config_defaults(&defaults);
	ck_assert_msg(svk_config_load(&c, path, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(c.catchup_interval_s, 5);
	ck_assert_int_eq(c.log_level, SVK_DEBUG);
	defaults.catchup_interval_s = 5;
	defaults.log_level = SVK_DEBUG;
	expect_same(&c, &defaults);
}
END_TEST

START_TEST(test_the_old_names_of_catch_up_settings_still_work_and_are_named)
{
	svk_config c;
	char err[512] = "";

	write_file("[node]\n"
		   "sync = tcp://127.0.0.1:7999\n"
		   "[sync]\n"
		   "interval = 7\n"
		   "page = 9\n");
	svk_config_defaults(&c);
	ck_assert_msg(svk_config_load(&c, path, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(c.catchup, "tcp://127.0.0.1:7999");
	ck_assert_uint_eq(c.catchup_interval_s, 7);
	ck_assert_uint_eq(c.page, 9);
	ck_assert_str_eq(c.renamed, "[node] sync, [sync] interval, [sync] page");
	/* saved again, the file uses the new names only */
	ck_assert_int_eq(svk_config_save(&c, path), 0);
	size_t len;
	char *text = fx_read_file(path, &len);
	ck_assert_ptr_nonnull(strstr(text, "\ncatchup = tcp://127.0.0.1:7999\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n[catchup]\n"));
	ck_assert_ptr_null(strstr(text, "[sync]"));
	free(text);
	svk_config_defaults(&c);
	ck_assert_int_eq(svk_config_load(&c, path, err, sizeof(err)), 0);
	ck_assert_str_eq(c.renamed, "");
	ck_assert_uint_eq(c.catchup_interval_s, 7);
}
END_TEST

/* expect_bad writes text, whose line `line` is wrong, and checks that load
 * refuses it with a message naming the file, the line and want. */
static void
expect_bad(const char *text, int line, const char *want)
{
	svk_config c;
	char err[512] = "", at[64];

	write_file(text);
	svk_config_defaults(&c);
	ck_assert_int_eq(svk_config_load(&c, path, err, sizeof(err)), SVK_EINVAL);
	snprintf(at, sizeof(at), "line %d", line);
	ck_assert_msg(strstr(err, at) != NULL, "'%s' does not say '%s'", err, at);
	ck_assert_msg(strstr(err, path) != NULL, "'%s' does not name the file", err);
	ck_assert_msg(strstr(err, want) != NULL, "'%s' does not say '%s'", err, want);
}

START_TEST(test_an_interval_of_0_is_refused_naming_the_line)
{
	expect_bad("[catchup]\npage = 10\ninterval = 0\n", 3, "interval");
}
END_TEST

START_TEST(test_a_page_of_99999_is_refused_naming_the_line)
{
	expect_bad("[node]\n\n[catchup]\npage = 99999\n", 4, "page");
}
END_TEST

START_TEST(test_numbers_with_trailing_text_or_a_sign_are_refused)
{
	expect_bad("[catchup]\ninterval = 30s\n", 2, "interval");
	expect_bad("[catchup]\ninterval = -1\n", 2, "interval");
	expect_bad("[catchup]\ninterval =\n", 2, "interval");
	expect_bad("[limits]\nmax_message = 99999999999999999999999\n", 2,
	    "max_message");
	expect_bad("[limits]\npub_queue = 8193\n", 2, "pub_queue");
	expect_bad("[heartbeat]\ninterval = 3601\n", 2, "interval");
	expect_bad("[federation]\nroster_days = 0\n", 2, "roster_days");
	expect_bad("[federation]\nroster_days = 3651\n", 2, "roster_days");
}
END_TEST

START_TEST(test_an_unknown_key_is_refused_naming_the_line)
{
	expect_bad("[catchup]\ninterval = 10\nspeed = fast\n", 3, "speed");
}
END_TEST

START_TEST(test_an_unknown_section_is_refused_naming_the_line)
{
	expect_bad("[node]\npub = tcp://127.0.0.1:7400\n[extras]\ninterval = 10\n",
	    4, "extras");
}
END_TEST

START_TEST(test_a_key_outside_any_section_is_refused)
{
	expect_bad("page = 10\n", 1, "page");
}
END_TEST

START_TEST(test_an_http_url_as_endpoint_is_refused_naming_the_line)
{
	expect_bad("[node]\npub = http://x\n", 2, "http://x");
	expect_bad("[node]\npub = tcp://127.0.0.1:7400\ncatchup = http://x\n", 3,
	    "catchup");
	expect_bad("[node]\nhttp = http://127.0.0.1:7480\n", 2, "http");
}
END_TEST

START_TEST(test_an_unknown_log_level_is_refused_naming_the_line)
{
	expect_bad("[log]\nlevel = loud\n", 2, "loud");
}
END_TEST

START_TEST(test_a_line_that_is_not_a_setting_is_refused_naming_the_line)
{
	expect_bad("[catchup]\ninterval = 10\nthis line has no equals sign\n", 3,
	    "syntax");
	expect_bad("[sync\ninterval = 10\n", 1, "syntax");
}
END_TEST

START_TEST(test_the_first_bad_line_is_the_one_named)
{
	expect_bad("[catchup]\ninterval = 10\npage = 0\nspeed = fast\n", 3, "page");
}
END_TEST

START_TEST(test_an_endpoint_longer_than_255_bytes_is_refused_not_cut)
{
	char text[512];

	snprintf(text, sizeof(text), "[node]\npub = tcp://%0300d:7400\n", 0);
	expect_bad(text, 2, "pub");
}
END_TEST

START_TEST(test_a_peers_list_of_4000_bytes_loads_whole)
{
	static char text[4200], peers[4001];
	svk_config c;
	char err[512] = "";

	memset(peers, 'A', sizeof(peers) - 1);
	peers[sizeof(peers) - 1] = '\0';
	snprintf(text, sizeof(text), "[catchup]\npeers = %s\npage = 7\n", peers);
	write_file(text);
	svk_config_defaults(&c);
	ck_assert_msg(svk_config_load(&c, path, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(c.peers, peers);
	ck_assert_uint_eq(c.page, 7);
}
END_TEST

START_TEST(test_a_peers_list_too_long_to_hold_is_refused)
{
	static char text[10100];
	size_t n;

	n = (size_t)snprintf(text, sizeof(text), "[catchup]\npeers = ");
	memset(text + n, 'A', 10000);
	strcpy(text + n + 10000, "\n");
	expect_bad(text, 2, "peers");
}
END_TEST

START_TEST(test_endpoints_of_tcp_tls_and_ipc_are_valid)
{
	static const char *const good[] = {
	    "tcp://127.0.0.1:7400",
	    "tcp://192.0.2.10:1",
	    "tcp://node.example.org:65535",
	    "tcp://[::1]:7401",
	    "tls+tcp://samverk.vejle.dk:7400",
	    "ipc:///tmp/samverk.ipc",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(svk_config_endpoint_valid(good[i]), "%s", good[i]);
}
END_TEST

START_TEST(test_other_endpoints_are_invalid)
{
	char long_ipc[160];
	static const char *const bad[] = {
	    "",
	    "http://x",
	    "http://127.0.0.1:7400",
	    "udp://127.0.0.1:7400",
	    "TCP://127.0.0.1:7400",
	    "tcp://",
	    "tcp://127.0.0.1",
	    "tcp://:7400",
	    "tcp://127.0.0.1:",
	    "tcp://127.0.0.1:0",
	    "tcp://127.0.0.1:65536",
	    "tcp://127.0.0.1:-5",
	    "tcp://127.0.0.1:74OO",
	    "tcp://127.0.0.1: 7400",
	    "tcp://127.0.0.1:+7400",
	    "ipc://relative/path",
	    "127.0.0.1:7400",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!svk_config_endpoint_valid(bad[i]), "%s", bad[i]);
	memset(long_ipc, 'x', sizeof(long_ipc) - 1);
	long_ipc[sizeof(long_ipc) - 1] = '\0';
	memcpy(long_ipc, "ipc:///", 7);
	ck_assert(!svk_config_endpoint_valid(long_ipc));
}
END_TEST

START_TEST(test_http_addresses_with_a_port_are_valid)
{
	static const char *const good[] = {
	    "127.0.0.1:7480",
	    "[::1]:7480",
	    "0.0.0.0:80",
	    "localhost:65535",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(svk_config_http_valid(good[i]), "%s", good[i]);
}
END_TEST

START_TEST(test_other_http_addresses_are_invalid)
{
	static const char *const bad[] = {
	    "",
	    "7480",
	    ":7480",
	    "127.0.0.1",
	    "127.0.0.1:",
	    "127.0.0.1:0",
	    "127.0.0.1:65536",
	    "127.0.0.1:-1",
	    "127.0.0.1:80x",
	    "127.0.0.1: 80",
	    "127.0.0.1:+80",
	    "tcp://127.0.0.1:7480",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!svk_config_http_valid(bad[i]), "%s", bad[i]);
}
END_TEST

START_TEST(test_loopback_is_127_slash_8_ipv6_localhost_and_ipc)
{
	static const char *const local[] = {
	    "tcp://127.0.0.1:7400",
	    "tcp://127.1.2.3:7400",
	    "tls+tcp://127.0.0.1:7400",
	    "127.0.0.1:7480",
	    "[::1]:7480",
	    "tcp://[::1]:7400",
	    "tcp://localhost:7400",
	    "localhost:7480",
	    "ipc:///tmp/samverk.ipc",
	};
	static const char *const remote[] = {
	    "tcp://192.0.2.1:7400",
	    "0.0.0.0:7480",
	    "[::]:7480",
	    "tcp://10.127.0.1:7400",
	    "tcp://samverk.vejle.dk:7400",
	    "tcp://127.example.org:7400",
	    "127.example.org:7480",
	    "tcp://localhost.example.org:7400",
	    "tcp://[::1].example.org:7400",
	};

	for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		ck_assert_msg(svk_config_is_loopback(local[i]), "%s", local[i]);
	for (size_t i = 0; i < sizeof(remote) / sizeof(remote[0]); i++)
		ck_assert_msg(!svk_config_is_loopback(remote[i]), "%s", remote[i]);
}
END_TEST

START_TEST(test_wildcard_hosts_are_0_0_0_0_ipv6_any_star_and_empty)
{
	static const char *const wild[] = {"tcp://0.0.0.0:7400",
	    "tls+tcp://0.0.0.0:7400", "tcp://[::]:7400", "tcp://[0:0::0]:7400",
	    "tcp://*:7400", "tcp://:7400"};
	static const char *const not_wild[] = {"tcp://127.0.0.1:7400",
	    "tcp://[::1]:7400", "tcp://node.example.org:7400",
	    "tcp://0.0.0.0.example.org:7400", "ipc:///tmp/0.0.0.0:1", "tcp://[::"};

	for (size_t i = 0; i < sizeof(wild) / sizeof(wild[0]); i++)
		ck_assert_msg(svk_config_is_wildcard(wild[i]), "%s", wild[i]);
	for (size_t i = 0; i < sizeof(not_wild) / sizeof(not_wild[0]); i++)
		ck_assert_msg(!svk_config_is_wildcard(not_wild[i]), "%s", not_wild[i]);
}
END_TEST

/* The check of c's advertised endpoints, and its message in err. */
static int
check_adv(const char *pub, const char *adv_pub, const char *adv_catchup,
    char *err, size_t len)
{
	static const char *const names[4] = {"[node] pub", "[node] catchup",
	    "[node] advertise_pub", "[node] advertise_catchup"};
	svk_config c;

	svk_config_defaults(&c);
	snprintf(c.pub, sizeof(c.pub), "%s", pub);
	snprintf(c.advertise_pub, sizeof(c.advertise_pub), "%s", adv_pub);
	snprintf(c.advertise_catchup, sizeof(c.advertise_catchup), "%s", adv_catchup);
	err[0] = '\0';
	return svk_config_check_advertised(&c, names, err, len);
}

START_TEST(test_binding_every_address_needs_an_advertised_endpoint)
{
	char err[512];
	svk_config c;

	svk_config_defaults(&c);
	ck_assert_str_eq(svk_config_pub_advertised(&c), c.pub);
	ck_assert_str_eq(svk_config_catchup_advertised(&c), c.catchup);
	ck_assert_int_eq(check_adv("tcp://127.0.0.1:7400", "", "", err, sizeof(err)),
	    0);
	ck_assert_int_eq(check_adv("tcp://0.0.0.0:7400", "", "", err, sizeof(err)),
	    SVK_EINVAL);
	ck_assert_msg(strstr(err, "[node] pub tcp://0.0.0.0:7400 binds every "
				  "address") != NULL &&
			  strstr(err, "add [node] advertise_pub") != NULL &&
			  strstr(err, "tcp://node.example.org:7400") != NULL,
	    "%s", err);
	ck_assert_int_eq(check_adv("tcp://0.0.0.0:7400",
			     "tcp://sv.example.org:7400", "", err, sizeof(err)),
	    0);
	ck_assert_int_eq(check_adv("tcp://[::]:7400", "tcp://0.0.0.0:7400", "",
			     err, sizeof(err)),
	    SVK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err,
	    "[node] advertise_pub tcp://0.0.0.0:7400 is no address"));
	ck_assert_int_eq(check_adv("tcp://[::]:7400",
			     "tls+tcp://sv.example.org:7400", "", err, sizeof(err)),
	    SVK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "different kinds"));
	ck_assert_int_eq(check_adv("tcp://127.0.0.1:7400", "", "tcp://*:7401",
			     err, sizeof(err)),
	    SVK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "[node] advertise_catchup tcp://*:7401"));
	svk_config_defaults(&c);
	snprintf(c.advertise_pub, sizeof(c.advertise_pub), "tcp://sv.example.org:1");
	ck_assert_str_eq(svk_config_pub_advertised(&c), "tcp://sv.example.org:1");
}
END_TEST

START_TEST(test_advertised_endpoints_load_and_a_bad_one_is_refused)
{
	svk_config c;
	char err[512] = "";

	write_file("[node]\npub = tcp://0.0.0.0:7400\n"
		   "advertise_pub = tcp://sv.example.org:7400\nadvertise_catchup =\n");
	svk_config_defaults(&c);
	ck_assert_msg(svk_config_load(&c, path, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(c.advertise_pub, "tcp://sv.example.org:7400");
	ck_assert_str_eq(c.advertise_catchup, "");
	expect_bad("[node]\nadvertise_catchup = sv.example.org:7401\n", 2,
	    "advertise_catchup");
}
END_TEST

START_TEST(test_http_settings_load_and_bad_ones_are_refused)
{
	svk_config c;
	char err[512];

	svk_config_defaults(&c);
	ck_assert_int_eq(c.http_public, -1);
	ck_assert_str_eq(c.http_cert, "");
	write_file("[http]\ncert = /etc/ssl/web.pem\nkey = /etc/ssl/web.key\n"
		   "public = no\n");
	ck_assert_int_eq(svk_config_load(&c, path, err, sizeof(err)), 0);
	ck_assert_str_eq(c.http_cert, "/etc/ssl/web.pem");
	ck_assert_str_eq(c.http_key, "/etc/ssl/web.key");
	ck_assert_int_eq(c.http_public, 0);
	expect_bad("[http]\npublic = maybe\n", 2, "public");
	expect_bad("[http]\ncert = web.pem\n", 2, "cert"); /* not absolute */
	expect_bad("[http]\nkey = relative/web.key\n", 2, "key");
}
END_TEST

START_TEST(test_http_beyond_loopback_needs_a_certificate_and_key)
{
	svk_config c;
	char err[512];

	svk_config_defaults(&c);
	ck_assert_int_eq(svk_config_check_http(&c, err, sizeof(err)), 0);
	ck_assert(svk_config_http_public(&c)); /* auto, on loopback */
	snprintf(c.http, sizeof(c.http), "0.0.0.0:7480");
	ck_assert_int_eq(svk_config_check_http(&c, err, sizeof(err)), SVK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "[http] cert and [http] key"));
	ck_assert_ptr_nonnull(strstr(err, "0.0.0.0:7480"));
	ck_assert(!svk_config_http_public(&c)); /* auto, beyond loopback */
	c.http_public = 1;
	ck_assert(svk_config_http_public(&c));
	snprintf(c.http_cert, sizeof(c.http_cert), "/etc/ssl/web.pem");
	ck_assert_int_eq(svk_config_check_http(&c, err, sizeof(err)), SVK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "[http] key is not"));
	snprintf(c.http_key, sizeof(c.http_key), "/etc/ssl/web.key");
	ck_assert_int_eq(svk_config_check_http(&c, err, sizeof(err)), 0);
	snprintf(c.http, sizeof(c.http), "127.0.0.1:7480");
	c.http_public = 0;
	ck_assert_int_eq(svk_config_check_http(&c, err, sizeof(err)), 0);
	ck_assert(!svk_config_http_public(&c));
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *file = tcase_create("file");
	TCase *check = tcase_create("check");

	tcase_add_unchecked_fixture(file, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(file, setup, teardown);
	tcase_add_test(file,
	    test_defaults_are_loopback_endpoints_and_documented_values);
	tcase_add_test(file, test_the_link_deadline_is_a_few_heartbeat_intervals);
	tcase_add_test(file, test_saved_defaults_load_back_unchanged);
	tcase_add_test(file,
	    test_the_old_names_of_catch_up_settings_still_work_and_are_named);
	tcase_add_test(file, test_save_then_load_round_trips_every_field);
	tcase_add_test(file,
	    test_save_replaces_the_file_and_leaves_no_temporary_behind);
	tcase_add_test(file, test_a_missing_file_leaves_the_defaults);
	tcase_add_test(file, test_a_file_sets_only_what_it_names);
	tcase_add_test(file, test_an_interval_of_0_is_refused_naming_the_line);
	tcase_add_test(file, test_a_page_of_99999_is_refused_naming_the_line);
	tcase_add_test(file, test_numbers_with_trailing_text_or_a_sign_are_refused);
	tcase_add_test(file, test_an_unknown_key_is_refused_naming_the_line);
	tcase_add_test(file, test_an_unknown_section_is_refused_naming_the_line);
	tcase_add_test(file, test_a_key_outside_any_section_is_refused);
	tcase_add_test(file, test_an_http_url_as_endpoint_is_refused_naming_the_line);
	tcase_add_test(file, test_an_unknown_log_level_is_refused_naming_the_line);
	tcase_add_test(file,
	    test_a_line_that_is_not_a_setting_is_refused_naming_the_line);
	tcase_add_test(file, test_the_first_bad_line_is_the_one_named);
	tcase_add_test(file, test_an_endpoint_longer_than_255_bytes_is_refused_not_cut);
	tcase_add_test(file, test_a_peers_list_of_4000_bytes_loads_whole);
	tcase_add_test(file, test_a_peers_list_too_long_to_hold_is_refused);
	tcase_add_test(file, test_advertised_endpoints_load_and_a_bad_one_is_refused);
	tcase_add_test(file, test_http_settings_load_and_bad_ones_are_refused);
	tcase_add_test(check, test_http_beyond_loopback_needs_a_certificate_and_key);
	suite_add_tcase(s, file);

	tcase_add_test(check, test_endpoints_of_tcp_tls_and_ipc_are_valid);
	tcase_add_test(check, test_other_endpoints_are_invalid);
	tcase_add_test(check, test_http_addresses_with_a_port_are_valid);
	tcase_add_test(check, test_other_http_addresses_are_invalid);
	tcase_add_test(check, test_loopback_is_127_slash_8_ipv6_localhost_and_ipc);
	tcase_add_test(check, test_wildcard_hosts_are_0_0_0_0_ipv6_any_star_and_empty);
	tcase_add_test(check, test_binding_every_address_needs_an_advertised_endpoint);
	suite_add_tcase(s, check);
	return s;
}
