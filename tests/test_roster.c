/*
 * test_roster.c: node/roster.c: the coordinator's roster and join requests.
 *
 * A is the coordinator of its own federation; B and C are nodes that ask to
 * join it, B already joined (a member home). Join requests go from B's home
 * to a line and back; the roster is built with put, published by A, read
 * back with svk_roster_current, and carried to B's store by ingest, where
 * the members view tells who is active and who is suspended.
 */
#include "roster.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "log.h"
#include "view.h"

#define PK(home) svk_crypto_identity_public((home)->id)

static char dir[64];
static svk_home *a, *b, *c;

static svk_home *
home_make(const char *sub, const char *name, const char *country)
{
	char path[256];
	svk_home *home = NULL;
	int err;

	err = svk_home_create(fx_path(path, dir, sub), name, country);
	ck_assert_msg(err == 0, "create %s: %s", path, svk_error_str(err));
	ck_assert_int_eq(svk_home_open(&home, path), 0);
	return home;
}

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "roster");
	a = home_make("a", "Vejle", "DK");
	b = home_make("b", "Skellefteå", "SE");
	c = home_make("c", "Καλαμάτα", "gr");
	ck_assert_int_eq(svk_log_join(a->store, a->id, PK(a)), 0);
	ck_assert_int_eq(svk_log_join(b->store, b->id, PK(a)), 0);
}

static void
teardown(void)
{
	svk_home_close(a);
	svk_home_close(b);
	svk_home_close(c);
	a = b = c = NULL;
	fx_rmdir(dir);
}

/* config_with gives defaults with the endpoints pub and sync. */
static svk_config
config_with(const char *pub, const char *sync)
{
	svk_config cfg;

	svk_config_defaults(&cfg);
	snprintf(cfg.pub, sizeof(cfg.pub), "%s", pub);
	snprintf(cfg.catchup, sizeof(cfg.catchup), "%s", sync);
	return cfg;
}

/* join_line makes home's join request. */
static char *
join_line(svk_home *home)
{
	svk_config cfg = config_with("tcp://192.0.2.7:7400", "tcp://192.0.2.7:7401");
	char *line = NULL;

	ck_assert_int_eq(svk_roster_join_request_make(home, &cfg, &line), 0);
	ck_assert_ptr_nonnull(line);
	return line;
}

static void
member_free(Samverk__Member *m)
{
	protobuf_c_message_free_unpacked(&m->base, NULL);
}

static void
roster_free(Samverk__Roster *r)
{
	protobuf_c_message_free_unpacked(&r->base, NULL);
}

/* roster_new makes an empty roster on the heap, as svk_roster_current does. */
static Samverk__Roster *
roster_new(void)
{
	Samverk__Roster *r = malloc(sizeof(*r));

	ck_assert_ptr_nonnull(r);
	samverk__roster__init(r);
	return r;
}

/* member_of fills m as home's entry with status (strings stay home's). */
static void
member_of(Samverk__Member *m, svk_home *home, Samverk__MemberStatus status)
{
	samverk__member__init(m);
	m->key.data = (uint8_t *)PK(home);
	m->key.len = SVK_KEY_LEN;
	m->name = home->name;
	m->country = home->country;
	m->pub = "tcp://127.0.0.1:7400";
	m->catchup = "tcp://127.0.0.1:7401";
	m->status = status;
}

/* put adds home to r with status. */
static void
put(Samverk__Roster *r, svk_home *home, Samverk__MemberStatus status)
{
	Samverk__Member m;

	member_of(&m, home, status);
	ck_assert_int_eq(svk_roster_put(r, &m), 0);
}

/* publish publishes, from a, the roster in force with the members given
 * their statuses, and returns the version it got. */
static uint64_t
publish(svk_home *const homes[], const Samverk__MemberStatus statuses[], size_t n)
{
	Samverk__Roster *r = NULL;
	uint64_t version;

	ck_assert_int_eq(svk_roster_current(a->store, &r), 0);
	for (size_t i = 0; i < n; i++)
		put(r, homes[i], statuses[i]);
	ck_assert_int_eq(svk_roster_publish(a, r, SVK_ROSTER_LIFETIME_MS), 0);
	version = r->version;
	roster_free(r);
	return version;
}

/* last_seq gives the seq of a's newest entry. */
static uint64_t
last_seq(void)
{
	uint64_t all = 0, own = 0;

	ck_assert_int_eq(svk_log_count(a->store, PK(a), &all, &own), 0);
	return own;
}

START_TEST(test_a_join_request_opens_to_the_same_key_name_country_and_endpoints)
{
	Samverk__Member *m = NULL;
	char *line = join_line(b);

	ck_assert_int_eq(strncmp(line, SVK_JOIN_PREFIX, strlen(SVK_JOIN_PREFIX)), 0);
	ck_assert_ptr_null(strchr(line, '\n'));
	ck_assert_int_eq(svk_roster_join_request_open(line, &m), 0);
	ck_assert_uint_eq(m->key.len, SVK_KEY_LEN);
	ck_assert_mem_eq(m->key.data, PK(b), SVK_KEY_LEN);
	ck_assert_str_eq(m->name, "Skellefteå");
	ck_assert_str_eq(m->country, "SE");
	ck_assert_str_eq(m->pub, "tcp://192.0.2.7:7400");
	ck_assert_str_eq(m->catchup, "tcp://192.0.2.7:7401");
	ck_assert_int_eq(m->status, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	member_free(m);
	free(line);
}
END_TEST

START_TEST(test_a_join_request_keeps_a_greek_name_and_an_upper_case_country)
{
	Samverk__Member *m = NULL;
	char *line = join_line(c);

	ck_assert_int_eq(svk_roster_join_request_open(line, &m), 0);
	ck_assert_str_eq(m->name, "Καλαμάτα");
	ck_assert_str_eq(m->country, "GR");
	member_free(m);
	free(line);
}
END_TEST

START_TEST(test_a_join_request_copied_with_blanks_around_it_opens)
{
	Samverk__Member *m = NULL;
	char *line = join_line(b), text[2048];

	snprintf(text, sizeof(text), "  \t%s \r\n", line);
	ck_assert_int_eq(svk_roster_join_request_open(text, &m), 0);
	ck_assert_mem_eq(m->key.data, PK(b), SVK_KEY_LEN);
	member_free(m);
	free(line);
}
END_TEST

/* wrap writes line into out as an e-mail client sends it on: broken every
 * width columns with eol, each line after quote. */
static void
wrap(const char *line, size_t width, const char *eol, const char *quote,
    char *out, size_t cap)
{
	size_t o = 0, n = strlen(line);

	for (size_t i = 0; i < n; i += width)
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s%s", quote,
		    (int)(n - i < width ? n - i : width), line + i, eol);
	ck_assert_uint_lt(o, cap);
}

START_TEST(test_a_join_request_wrapped_and_quoted_by_a_mail_client_opens)
{
	static const struct {
		size_t width;
		const char *eol, *quote;
	} forms[] = {
	    {76, "\n", ""},
	    {40, "\n", ""},
	    {76, "\r\n", ""},
	    {40, "\r\n", "> "},
	    {76, "\n", ">> "},
	    {76, " \n", "  "},
	};
	char *line = join_line(b), text[8192];

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		Samverk__Member *m = NULL;
		wrap(line, forms[i].width, forms[i].eol, forms[i].quote, text,
		    sizeof(text));
		ck_assert_ptr_nonnull(strchr(text, '\n'));
		ck_assert_msg(svk_roster_join_request_open(text, &m) == 0,
		    "form %zu:\n%s", i, text);
		ck_assert_mem_eq(m->key.data, PK(b), SVK_KEY_LEN);
		member_free(m);
	}
	/* Cut short, it is no request. */
	wrap(line, 40, "\n", "> ", text, sizeof(text));
	text[strlen(text) / 2] = '\0';
	Samverk__Member *m = NULL;
	ck_assert_int_eq(svk_roster_join_request_open(text, &m), SVK_EINVAL);
	ck_assert_ptr_null(m);
	free(line);
}
END_TEST

/* reencode decodes line's base64, flips the lowest bit of byte flip, and
 * encodes the bytes into a new join request line. */
static char *
reencode(const char *line, size_t flip)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	char *b64 = NULL, *out;

	ck_assert_int_eq(svk_crypto_unbase64(line + strlen(SVK_JOIN_PREFIX), &buf, &len),
	    0);
	ck_assert_uint_lt(flip, len);
	buf[flip] ^= 0x01;
	ck_assert_int_eq(svk_crypto_base64(buf, len, &b64), 0);
	out = malloc(strlen(SVK_JOIN_PREFIX) + strlen(b64) + 1);
	ck_assert_ptr_nonnull(out);
	strcpy(out, SVK_JOIN_PREFIX);
	strcat(out, b64);
	free(b64);
	free(buf);
	return out;
}

static size_t
decoded_len(const char *line)
{
	uint8_t *buf = NULL;
	size_t len = 0;

	ck_assert_int_eq(svk_crypto_unbase64(line + strlen(SVK_JOIN_PREFIX), &buf, &len),
	    0);
	free(buf);
	return len;
}

START_TEST(test_a_join_request_with_a_flipped_signature_byte_is_a_bad_signature)
{
	Samverk__Member *m = NULL;
	char *line = join_line(b);
	char *forged = reencode(line, decoded_len(line) - 1); /* sig is last */

	ck_assert_int_eq(svk_roster_join_request_open(forged, &m), SVK_EBADSIG);
	ck_assert_ptr_null(m);
	free(forged);
	free(line);
}
END_TEST

START_TEST(test_a_join_request_with_a_flipped_name_byte_is_a_bad_signature)
{
	Samverk__Member *m = NULL;
	char *line = join_line(b);
	uint8_t *buf = NULL;
	size_t len = 0, at;
	char *forged;

	/* "Skellefteå" -> "Rkellefteå": still a valid member, signed for
	 * another. */
	ck_assert_int_eq(svk_crypto_unbase64(line + strlen(SVK_JOIN_PREFIX), &buf, &len),
	    0);
	for (at = 0; at + 3 < len && memcmp(buf + at, "Ske", 3) != 0; at++)
		;
	ck_assert_uint_lt(at + 3, len);
	free(buf);
	forged = reencode(line, at);
	ck_assert_int_eq(svk_roster_join_request_open(forged, &m), SVK_EBADSIG);
	free(forged);
	free(line);
}
END_TEST

START_TEST(test_a_join_request_with_any_byte_flipped_is_refused)
{
	char *line = join_line(b);
	size_t len = decoded_len(line);

	for (size_t i = 0; i < len; i++) {
		Samverk__Member *m = NULL;
		char *forged = reencode(line, i);
		int err = svk_roster_join_request_open(forged, &m);

		ck_assert_msg(err == SVK_EBADSIG || err == SVK_EINVAL,
		    "byte %zu: %s", i, svk_error_name(err));
		ck_assert_ptr_null(m);
		free(forged);
	}
	free(line);
}
END_TEST

START_TEST(test_lines_that_are_not_join_requests_are_invalid)
{
	static const char *const lines[] = {
	    "",
	    "   ",
	    "SVKJOIN1:",
	    "SVKJOIN1",
	    "svkjoin1:CgQKAggB",
	    "SVKJOIN2:CgQKAggB",
	    "hello world",
	    "SVKJOIN1:!!!not base64!!!",
	    "SVKJOIN1:CgQK AggB",
	    "SVKJOIN1:Zm9vYmFy", /* "foobar": base64, not protobuf */
	    "SVKJOIN1:____________________",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		Samverk__Member *m = NULL;
		int err = svk_roster_join_request_open(lines[i], &m);

		ck_assert_msg(err == SVK_EINVAL, "'%s': %s", lines[i],
		    svk_error_name(err));
		ck_assert_ptr_null(m);
	}
}
END_TEST

START_TEST(test_the_join_request_of_a_line_without_its_prefix_is_invalid)
{
	Samverk__Member *m = NULL;
	char *line = join_line(b);

	ck_assert_int_eq(svk_roster_join_request_open(line + strlen(SVK_JOIN_PREFIX),
			     &m),
	    SVK_EINVAL);
	ck_assert_ptr_null(m);
	free(line);
}
END_TEST

START_TEST(test_a_join_request_with_endpoints_that_are_not_nng_urls_is_invalid)
{
	svk_config cfg = config_with("http://192.0.2.7:7400", "tcp://192.0.2.7:7401");
	Samverk__Member *m = NULL;
	char *line = NULL;

	ck_assert_int_eq(svk_roster_join_request_make(b, &cfg, &line), 0);
	ck_assert_int_eq(svk_roster_join_request_open(line, &m), SVK_EINVAL);
	ck_assert_ptr_null(m);
	free(line);
}
END_TEST

START_TEST(test_roster_put_adds_a_member_and_replaces_one_with_the_same_key)
{
	Samverk__Roster *r = roster_new();
	Samverk__Member m, *found;

	put(r, a, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	put(r, b, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	ck_assert_uint_eq(r->n_members, 2);
	member_of(&m, b, SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED);
	m.name = "Skellefteå kommun";
	m.pub = "tcp://192.0.2.9:7400";
	ck_assert_int_eq(svk_roster_put(r, &m), 0);
	ck_assert_uint_eq(r->n_members, 2);
	found = svk_roster_find(r, PK(b));
	ck_assert_ptr_nonnull(found);
	ck_assert_ptr_ne(found->name, m.name); /* its own copy */
	ck_assert_str_eq(found->name, "Skellefteå kommun");
	ck_assert_str_eq(found->pub, "tcp://192.0.2.9:7400");
	ck_assert_int_eq(found->status, SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED);
	found = svk_roster_find(r, PK(a));
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found->name, "Vejle");
	ck_assert_ptr_null(svk_roster_find(r, PK(c)));
	put(r, c, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	ck_assert_uint_eq(r->n_members, 3);
	roster_free(r);
}
END_TEST

START_TEST(test_roster_put_refuses_a_key_that_is_not_32_bytes)
{
	Samverk__Roster *r = roster_new();
	Samverk__Member m;

	member_of(&m, b, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	m.key.len = SVK_KEY_LEN - 1;
	ck_assert_int_eq(svk_roster_put(r, &m), SVK_EINVAL);
	m.key.data = NULL;
	m.key.len = 0;
	ck_assert_int_eq(svk_roster_put(r, &m), SVK_EINVAL);
	ck_assert_uint_eq(r->n_members, 0);
	roster_free(r);
}
END_TEST

START_TEST(test_roster_put_keeps_a_copy_of_the_tls_certificate)
{
	static const uint8_t cert[] = {0x30, 0x82, 0x01, 0x0a, 0x02};
	Samverk__Roster *r = roster_new();
	Samverk__Member m, *found;

	member_of(&m, b, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	m.tls_cert.data = (uint8_t *)cert;
	m.tls_cert.len = sizeof(cert);
	ck_assert_int_eq(svk_roster_put(r, &m), 0);
	found = svk_roster_find(r, PK(b));
	ck_assert_ptr_nonnull(found);
	ck_assert_uint_eq(found->tls_cert.len, sizeof(cert));
	ck_assert_ptr_ne(found->tls_cert.data, cert);
	ck_assert_mem_eq(found->tls_cert.data, cert, sizeof(cert));
	roster_free(r);
}
END_TEST

START_TEST(test_a_node_without_a_roster_has_an_empty_one_of_version_0)
{
	Samverk__Roster *r = NULL;
	int64_t expires = -1;

	ck_assert_int_eq(svk_roster_current(b->store, &r), 0);
	ck_assert_uint_eq(r->version, 0);
	ck_assert_uint_eq(r->n_members, 0);
	roster_free(r);
	ck_assert_int_eq(svk_roster_expiry(b->store, &expires), 0);
	ck_assert_int_eq(expires, 0);
}
END_TEST

START_TEST(test_publish_increments_the_version_and_sets_the_expiry)
{
	Samverk__Roster *r = NULL;
	int64_t before = svk_clock_now_ms(), expires = 0;

	ck_assert_int_eq(svk_roster_current(a->store, &r), 0);
	put(r, a, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	ck_assert_int_eq(svk_roster_publish(a, r, SVK_ROSTER_LIFETIME_MS), 0);
	ck_assert_uint_eq(r->version, 1);
	ck_assert_int_ge(r->expires_ms, before + SVK_ROSTER_LIFETIME_MS);
	ck_assert_int_le(r->expires_ms, svk_clock_now_ms() + SVK_ROSTER_LIFETIME_MS);
	ck_assert_int_eq(svk_roster_expiry(a->store, &expires), 0);
	ck_assert_int_eq(expires, r->expires_ms);
	ck_assert_uint_eq(last_seq(), 1);

	ck_assert_int_eq(svk_roster_publish(a, r, 1000), 0);
	ck_assert_uint_eq(r->version, 2);
	ck_assert_int_le(r->expires_ms, svk_clock_now_ms() + 1000);
	ck_assert_int_eq(svk_roster_expiry(a->store, &expires), 0);
	ck_assert_int_eq(expires, r->expires_ms);
	ck_assert_uint_eq(last_seq(), 2);
	roster_free(r);

	ck_assert_int_eq(svk_roster_current(a->store, &r), 0);
	ck_assert_uint_eq(r->version, 2);
	roster_free(r);
}
END_TEST

START_TEST(test_the_roster_in_force_after_publish_lists_the_members)
{
	Samverk__Roster *r = NULL;
	Samverk__Member *found;

	ck_assert_uint_eq(publish((svk_home *const[]){a, b, c},
			      (const Samverk__MemberStatus[]){
				  SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
				  SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
				  SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED},
			      3),
	    1);
	ck_assert_int_eq(svk_roster_current(a->store, &r), 0);
	ck_assert_uint_eq(r->version, 1);
	ck_assert_uint_eq(r->n_members, 3);
	found = svk_roster_find(r, PK(b));
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found->name, "Skellefteå");
	ck_assert_str_eq(found->country, "SE");
	ck_assert_str_eq(found->pub, "tcp://127.0.0.1:7400");
	ck_assert_str_eq(found->catchup, "tcp://127.0.0.1:7401");
	ck_assert_int_eq(found->status, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	found = svk_roster_find(r, PK(c));
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found->name, "Καλαμάτα");
	ck_assert_int_eq(found->status, SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED);
	ck_assert_ptr_nonnull(svk_roster_find(r, PK(a)));
	roster_free(r);
}
END_TEST

START_TEST(test_only_the_coordinator_may_publish)
{
	Samverk__Roster *r = roster_new();

	put(r, b, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	ck_assert(svk_roster_is_coordinator(a));
	ck_assert(!svk_roster_is_coordinator(b));
	ck_assert(!svk_roster_is_coordinator(c));
	ck_assert_int_eq(svk_roster_publish(b, r, SVK_ROSTER_LIFETIME_MS), SVK_EINVAL);
	ck_assert_int_eq(svk_roster_publish(c, r, SVK_ROSTER_LIFETIME_MS), SVK_EINVAL);
	ck_assert_uint_eq(r->version, 0); /* untouched when refused */
	roster_free(r);
	ck_assert_int_eq(fx_count(b->store, "SELECT count(*) FROM log"), 0);
	ck_assert_int_eq(fx_count(c->store, "SELECT count(*) FROM log"), 0);
}
END_TEST

START_TEST(test_a_published_roster_reaches_a_member_by_ingest)
{
	Samverk__Roster *r = NULL;
	uint64_t seq;
	int64_t expires_a = 0, expires_b = 0;

	ck_assert_int_eq(svk_view_member_status(b->store, PK(b)), SVK_ENOTMEMBER);
	publish((svk_home *const[]){a, b, c},
	    (const Samverk__MemberStatus[]){SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
		SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
		SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED},
	    3);
	seq = last_seq();
	ck_assert_int_eq(fx_ingest(b->store, a->store, PK(a), seq, NULL), 0);
	ck_assert_int_eq(svk_view_member_status(b->store, PK(a)), 0);
	ck_assert_int_eq(svk_view_member_status(b->store, PK(b)), 0);
	ck_assert_int_eq(svk_view_member_status(b->store, PK(c)), SVK_ESUSPENDED);
	ck_assert_int_eq(svk_roster_expiry(a->store, &expires_a), 0);
	ck_assert_int_eq(svk_roster_expiry(b->store, &expires_b), 0);
	ck_assert_int_eq(expires_b, expires_a);
	ck_assert_int_eq(svk_roster_current(b->store, &r), 0);
	ck_assert_uint_eq(r->version, 1);
	ck_assert_uint_eq(r->n_members, 3);
	roster_free(r);

	/* The next version suspends b and resumes c. */
	publish((svk_home *const[]){b, c},
	    (const Samverk__MemberStatus[]){SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED,
		SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE},
	    2);
	ck_assert_uint_eq(last_seq(), seq + 1);
	ck_assert_int_eq(fx_ingest(b->store, a->store, PK(a), seq + 1, NULL), 0);
	ck_assert_int_eq(svk_view_member_status(b->store, PK(b)), SVK_ESUSPENDED);
	ck_assert_int_eq(svk_view_member_status(b->store, PK(c)), 0);
	ck_assert_int_eq(svk_view_member_status(b->store, PK(a)), 0);
	ck_assert_int_eq(svk_roster_current(b->store, &r), 0);
	ck_assert_uint_eq(r->version, 2);
	roster_free(r);
}
END_TEST

START_TEST(test_a_node_outside_the_roster_is_not_a_member)
{
	publish((svk_home *const[]){a, b},
	    (const Samverk__MemberStatus[]){SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
		SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE},
	    2);
	ck_assert_int_eq(fx_ingest(b->store, a->store, PK(a), last_seq(), NULL), 0);
	ck_assert_int_eq(svk_view_member_status(b->store, PK(c)), SVK_ENOTMEMBER);
}
END_TEST

START_TEST(test_a_member_from_a_join_request_is_published_as_given)
{
	Samverk__Member *m = NULL, *found;
	Samverk__Roster *r = NULL;
	char *line = join_line(c);

	ck_assert_int_eq(svk_roster_join_request_open(line, &m), 0);
	ck_assert_int_eq(svk_roster_current(a->store, &r), 0);
	put(r, a, SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE);
	ck_assert_int_eq(svk_roster_put(r, m), 0);
	ck_assert_int_eq(svk_roster_publish(a, r, SVK_ROSTER_LIFETIME_MS), 0);
	roster_free(r);
	member_free(m);
	free(line);
	ck_assert_int_eq(svk_roster_current(a->store, &r), 0);
	found = svk_roster_find(r, PK(c));
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found->name, "Καλαμάτα");
	ck_assert_str_eq(found->country, "GR");
	ck_assert_str_eq(found->pub, "tcp://192.0.2.7:7400");
	ck_assert_str_eq(found->catchup, "tcp://192.0.2.7:7401");
	ck_assert_int_eq(svk_view_member_status(a->store, PK(c)), 0);
	roster_free(r);
}
END_TEST

Suite *
roster_suite(void)
{
	Suite *s = suite_create("roster");
	TCase *join = tcase_create("join");
	TCase *roster = tcase_create("roster");

	tcase_set_timeout(join, 30);
	tcase_add_unchecked_fixture(join, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(join, setup, teardown);
	tcase_add_test(join,
	    test_a_join_request_opens_to_the_same_key_name_country_and_endpoints);
	tcase_add_test(join,
	    test_a_join_request_keeps_a_greek_name_and_an_upper_case_country);
	tcase_add_test(join, test_a_join_request_copied_with_blanks_around_it_opens);
	tcase_add_test(join,
	    test_a_join_request_wrapped_and_quoted_by_a_mail_client_opens);
	tcase_add_test(join,
	    test_a_join_request_with_a_flipped_signature_byte_is_a_bad_signature);
	tcase_add_test(join,
	    test_a_join_request_with_a_flipped_name_byte_is_a_bad_signature);
	tcase_add_test(join, test_a_join_request_with_any_byte_flipped_is_refused);
	tcase_add_test(join, test_lines_that_are_not_join_requests_are_invalid);
	tcase_add_test(join,
	    test_the_join_request_of_a_line_without_its_prefix_is_invalid);
	tcase_add_test(join,
	    test_a_join_request_with_endpoints_that_are_not_nng_urls_is_invalid);
	suite_add_tcase(s, join);

	tcase_set_timeout(roster, 30);
	tcase_add_unchecked_fixture(roster, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(roster, setup, teardown);
	tcase_add_test(roster,
	    test_roster_put_adds_a_member_and_replaces_one_with_the_same_key);
	tcase_add_test(roster, test_roster_put_refuses_a_key_that_is_not_32_bytes);
	tcase_add_test(roster, test_roster_put_keeps_a_copy_of_the_tls_certificate);
	tcase_add_test(roster,
	    test_a_node_without_a_roster_has_an_empty_one_of_version_0);
	tcase_add_test(roster, test_publish_increments_the_version_and_sets_the_expiry);
	tcase_add_test(roster,
	    test_the_roster_in_force_after_publish_lists_the_members);
	tcase_add_test(roster, test_only_the_coordinator_may_publish);
	tcase_add_test(roster, test_a_published_roster_reaches_a_member_by_ingest);
	tcase_add_test(roster, test_a_node_outside_the_roster_is_not_a_member);
	tcase_add_test(roster, test_a_member_from_a_join_request_is_published_as_given);
	suite_add_tcase(s, roster);
	return s;
}
