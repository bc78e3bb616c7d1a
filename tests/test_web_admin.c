/*
 * test_web_admin.c: node/web/web_member.c and the preview and publish of
 * web_indicators.c, on real nodes' stores: only an admin on the
 * coordinator changes the roster (a pasted, e-mail-wrapped join request
 * added; suspend, resume, renew), a bad request is told at its field in
 * the reader's language and changes nothing, and a period's set is
 * previewed with its hidden cells explained and published once.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fixture.h"
#include "fixture_web.h"
#include "home.h"
#include "indicators.h"
#include "log.h"
#include "roster.h"
#include "roster_admin.h"
#include "view.h"

#define PK(h) svk_crypto_identity_public((h)->id)

static char dir[64];
static svk_home *a, *b, *x; /* the coordinator, a member, a newcomer */
static svk_config cfg;
static svk_web_who admin, editor;

static svk_home *
home_make(const char *sub, const char *name, const char *country)
{
	char path[256];
	svk_home *home = NULL;

	ck_assert_int_eq(svk_home_create(fx_path(path, dir, sub), name, country), 0);
	ck_assert_int_eq(svk_home_open(&home, path), 0);
	return home;
}

static char *
join_line(svk_home *home)
{
	char *line = NULL;

	ck_assert_int_eq(svk_roster_join_request_make(home, &cfg, &line), 0);
	return line;
}

/* Adds home to a's roster from its join request, as the CLI does. */
static void
member(svk_home *home)
{
	char *line = join_line(home);
	Samverk__Member *m = NULL;
	svk_roster_admin_done done;

	ck_assert_int_eq(svk_roster_admin_request(line, &m), 0);
	ck_assert_int_eq(svk_roster_admin_add(a, &cfg, m, 0, &done), 0);
	protobuf_c_message_free_unpacked(&m->base, NULL);
	free(line);
}

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "web-admin");
	svk_config_defaults(&cfg);
	snprintf(cfg.pub, sizeof(cfg.pub), "%s", "tcp://192.0.2.7:7400");
	snprintf(cfg.catchup, sizeof(cfg.catchup), "%s", "tcp://192.0.2.7:7401");
	a = home_make("a", "Vejle Kommune", "DK");
	b = home_make("b", "Skellefteå kommun", "SE");
	x = home_make("x", "Comune di Trento", "IT");
	ck_assert_int_eq(svk_log_join(a->store, a->id, PK(a)), 0);
	ck_assert_int_eq(svk_log_join(b->store, b->id, PK(a)), 0);
	member(a);
	member(b);
	admin = fxw_who("ada", SVK_WEB_ADMIN, NULL);
	editor = fxw_who("karin", SVK_WEB_EDITOR, NULL);
}

static void
teardown(void)
{
	svk_home_close(a);
	svk_home_close(b);
	svk_home_close(x);
	a = b = x = NULL;
	fx_rmdir(dir);
}

/* The version of the roster a holds. */
static uint64_t
version(svk_home *home)
{
	Samverk__Roster *r = NULL;
	uint64_t v;

	ck_assert_int_eq(svk_roster_current(home->store, &r), 0);
	v = r->version;
	protobuf_c_message_free_unpacked(&r->base, NULL);
	return v;
}

/* A join request as an e-mail client quotes it in a reply: cut into
 * lines of 40, each quoted "> ", with blanks here and there. */
static char *
wrapped(const char *line)
{
	size_t n = strlen(line);
	char *out = malloc(n * 2 + 64), *o = out;

	ck_assert_ptr_nonnull(out);
	o += sprintf(o, "\r\n");
	for (size_t i = 0; i < n; i += 40)
		o += sprintf(o, "> %.*s %s\r\n", 40, line + i, i == 80 ? " " : "");
	sprintf(o, ">\r\n");
	return out;
}

START_TEST(test_only_an_admin_on_the_coordinator_may_change_members)
{
	char *line = join_line(x);
	const char *const add[] = {"request", line, NULL};
	uint64_t v = version(a), mine = fxw_signed(a), theirs = fxw_signed(b);
	fxw_answer r;

	r = fxw_get(a, &cfg, "/members", &editor);
	ck_assert_uint_eq(r.status, 403);
	FXW_HAS(r, "Log in as an admin to do this.");
	free(r.body);
	r = fxw_post(a, &cfg, "/members/add", add, &editor);
	ck_assert_uint_eq(r.status, 403);
	free(r.body);
	r = fxw_post(a, &cfg, "/members/renew", add, NULL);
	ck_assert_uint_eq(r.status, 403);
	free(r.body);
	/* An admin of a member that is not the coordinator: no page, no
	 * change, and no link to it. */
	r = fxw_get(b, &cfg, "/members", &admin);
	ck_assert_uint_eq(r.status, 403);
	FXW_HAS(r, "Only the federation&#39;s coordinator can change its members");
	free(r.body);
	r = fxw_post(b, &cfg, "/members/add", add, &admin);
	ck_assert_uint_eq(r.status, 403);
	free(r.body);
	r = fxw_post(b, &cfg, "/members/renew", add, &admin);
	ck_assert_uint_eq(r.status, 403);
	free(r.body);
	r = fxw_get(b, &cfg, "/", &admin);
	FXW_LACKS(r, "href=\"/members\"");
	free(r.body);
	r = fxw_get(a, &cfg, "/", &editor);
	FXW_LACKS(r, "href=\"/members\"");
	free(r.body);
	r = fxw_get(a, &cfg, "/", &admin);
	FXW_HAS(r, "href=\"/members\"");
	free(r.body);
	ck_assert_uint_eq(version(a), v);
	ck_assert_uint_eq(fxw_signed(a), mine);
	ck_assert_uint_eq(fxw_signed(b), theirs);
	free(line);
}
END_TEST

START_TEST(test_a_bad_join_request_is_told_at_its_field_and_changes_nothing)
{
	char *line = join_line(x), *cut, *forged;
	uint64_t v = version(a), mine = fxw_signed(a);
	const svk_web_who danish = fxw_who(admin.user, admin.role, "da");
	fxw_answer r;

	cut = strdup(line);
	cut[strlen(cut) / 2] = '\0';
	forged = strdup(line);
	/* One character of the signed part changed, still base64. */
	forged[20] = forged[20] == 'A' ? 'B' : 'A';
	r = fxw_post(a, &cfg, "/members/add",
	    (const char *const[]){"request", "hello, please add us", NULL}, &admin);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "<textarea id=\"f-request\" name=\"request\" rows=\"6\" "
		   "aria-invalid=\"true\"");
	FXW_HAS(r, "id=\"e-request\">This is not a join request: one starts with "
		   "SVKJOIN1:.</p>");
	FXW_HAS(r, "hello, please add us</textarea>");
	free(r.body);
	r = fxw_post(a, &cfg, "/members/add",
	    (const char *const[]){"request", cut, NULL}, &danish);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "<html lang=\"da\">");
	FXW_HAS(r, "id=\"e-request\">Denne anmodning om optagelse er beskadiget");
	free(r.body);
	r = fxw_post(a, &cfg, "/members/add",
	    (const char *const[]){"request", forged, NULL}, &admin);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "id=\"e-request\">");
	free(r.body);
	r = fxw_post(a, &cfg, "/members/add",
	    (const char *const[]){"request", " \r\n> ", NULL}, &admin);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "id=\"e-request\">Paste the join request here.</p>");
	free(r.body);
	/* Too long to be one: said so, not that it is none. */
	char *huge = malloc(70 * 1024);
	ck_assert_ptr_nonnull(huge);
	snprintf(huge, 70 * 1024, "%s", line);
	memset(huge + strlen(huge), ' ', 70 * 1024 - 1 - strlen(huge));
	huge[70 * 1024 - 1] = '\0';
	r = fxw_post(a, &cfg, "/members/add",
	    (const char *const[]){"request", huge, NULL}, &admin);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "id=\"e-request\">This text is too long: at most 65536 "
		   "bytes.</p>");
	free(r.body);
	free(huge);
	/* b is a member already: said, and no new version. */
	free(line);
	line = join_line(b);
	r = fxw_post(a, &cfg, "/members/add",
	    (const char *const[]){"request", line, NULL}, &admin);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "Skellefteå kommun is a member already.");
	free(r.body);
	ck_assert_uint_eq(version(a), v);
	ck_assert_uint_eq(fxw_signed(a), mine);
	free(line);
	free(cut);
	free(forged);
}
END_TEST

START_TEST(test_a_wrapped_join_request_adds_the_member_and_names_it)
{
	char *line = join_line(x), *mail = wrapped(line);
	char fpr[SVK_FPR_LEN], version_s[16];
	uint64_t v = version(a);
	fxw_answer r;

	svk_crypto_fingerprint(PK(x), fpr);
	ck_assert_ptr_null(strstr(mail, line)); /* it really is cut */
	r = fxw_post(a, &cfg, "/members/add",
	    (const char *const[]){"request", mail, NULL}, &admin);
	ck_assert_uint_eq(r.status, 303);
	ck_assert_ptr_nonnull(strstr(r.location, "/members?done=added&node="));
	ck_assert_ptr_nonnull(strstr(r.location, fpr));
	free(r.body);
	ck_assert_uint_eq(version(a), v + 1);
	ck_assert_int_eq(svk_view_member_status(a->store, PK(x)), 0);
	snprintf(version_s, sizeof(version_s), "%llu", (unsigned long long)(v + 1));
	r = fxw_ask(a, &cfg, "GET", "/members",
	    (const char *const[]){
		"done", "added", "node", fpr, "version", version_s, NULL},
	    NULL, &admin);
	ck_assert_uint_eq(r.status, 200);
	{
		char want[160];
		snprintf(want, sizeof(want),
		    "Comune di Trento added; member list version %s.", version_s);
		FXW_HAS(r, want);
	}
	FXW_HAS(r, "Comune di Trento</td>");
	free(r.body);
	free(mail);
	free(line);
}
END_TEST

START_TEST(test_suspend_resume_and_renew_sign_a_new_roster_each)
{
	char fpr_b[SVK_FPR_LEN], fpr_a[SVK_FPR_LEN];
	uint64_t v = version(a);
	int64_t before = 0, after = 0;
	fxw_answer r;

	svk_crypto_fingerprint(PK(b), fpr_b);
	svk_crypto_fingerprint(PK(a), fpr_a);
	r = fxw_get(a, &cfg, "/members", &admin);
	ck_assert_uint_eq(r.status, 200);
	FXW_HAS(r, "<form method=\"post\" action=\"/members/suspend\">"
		   "<input type=\"hidden\" name=\"csrf\" value=\"" FXW_CSRF "\">");
	FXW_HAS(r, "aria-label=\"Suspend Skellefteå kommun\"");
	FXW_HAS(r, "The member list is valid until ");
	free(r.body);
	r = fxw_post(a, &cfg, "/members/suspend",
	    (const char *const[]){"node", fpr_b, NULL}, &admin);
	ck_assert_uint_eq(r.status, 303);
	free(r.body);
	ck_assert_int_eq(svk_view_member_status(a->store, PK(b)), SVK_ESUSPENDED);
	ck_assert_uint_eq(version(a), v + 1);
	r = fxw_ask(a, &cfg, "GET", "/members",
	    (const char *const[]){
		"done", "suspended", "node", fpr_b, "version", "9", NULL},
	    NULL, &admin);
	FXW_HAS(r, "Skellefteå kommun suspended; member list version 9.");
	FXW_HAS(r, "action=\"/members/resume\"");
	free(r.body);
	/* Not itself, and not one it does not know. */
	r = fxw_post(a, &cfg, "/members/suspend",
	    (const char *const[]){"node", fpr_a, NULL}, &admin);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "The coordinator cannot suspend itself.");
	free(r.body);
	r = fxw_post(a, &cfg, "/members/suspend",
	    (const char *const[]){"node", "SVK-nonsense", NULL}, &admin);
	ck_assert_uint_eq(r.status, 400);
	free(r.body);
	ck_assert_uint_eq(version(a), v + 1);
	r = fxw_post(a, &cfg, "/members/resume",
	    (const char *const[]){"node", fpr_b, NULL}, &admin);
	ck_assert_uint_eq(r.status, 303);
	free(r.body);
	ck_assert_int_eq(svk_view_member_status(a->store, PK(b)), 0);
	ck_assert_int_eq(svk_roster_expiry(a->store, &before), 0);
	r = fxw_post(a, &cfg, "/members/renew", (const char *const[]){NULL}, &admin);
	ck_assert_uint_eq(r.status, 303);
	ck_assert_ptr_nonnull(strstr(r.location, "/members?done=renewed"));
	free(r.body);
	ck_assert_uint_eq(version(a), v + 3);
	ck_assert_int_eq(svk_roster_expiry(a->store, &after), 0);
	ck_assert_int_ge(after, before);
	/* A GET to an action is no change. */
	r = fxw_get(a, &cfg, "/members/renew", &admin);
	ck_assert_uint_eq(r.status, 405);
	free(r.body);
	ck_assert_uint_eq(version(a), v + 3);
}
END_TEST

/* How many sets a has published. */
static int
count_cb(void *arg, const svk_indicator_set *set)
{
	(void)set;
	++*(int *)arg;
	return 0;
}

static int
sets(void)
{
	int n = 0;

	ck_assert_int_eq(svk_indicators_each(a->store, PK(a), NULL, count_cb, &n), 0);
	return n;
}

START_TEST(test_indicators_are_previewed_with_reasons_and_published_once)
{
	uint64_t mine = fxw_signed(a);
	const svk_web_who greek = fxw_who(admin.user, admin.role, "el");
	fxw_answer r;

	/* Two volunteers: a small count, hidden. */
	fx_volunteer(a->store, "v1", "", "youth", 4, "2026-01-10", true, 1990);
	fx_volunteer(a->store, "v2", "", "youth", 6, "2026-02-10", true, 2001);
	r = fxw_get(a, &cfg, "/indicators/preview", &editor);
	ck_assert_uint_eq(r.status, 403);
	free(r.body);
	r = fxw_post(a, &cfg, "/indicators/publish",
	    (const char *const[]){"period", "2026-Q1", NULL}, &editor);
	ck_assert_uint_eq(r.status, 403);
	free(r.body);
	ck_assert_int_eq(sets(), 0);
	r = fxw_get(a, &cfg, "/indicators", &admin);
	FXW_HAS(r, "href=\"/indicators/preview?period=20");
	free(r.body);
	r = fxw_ask(a, &cfg, "GET", "/indicators/preview",
	    (const char *const[]){"period", "2026-13", NULL}, NULL, &admin);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "id=\"e-period\">Write a quarter, month or year");
	FXW_LACKS(r, "/indicators/publish");
	free(r.body);
	r = fxw_ask(a, &cfg, "GET", "/indicators/preview",
	    (const char *const[]){"period", "2026-Q1", NULL}, NULL, &greek);
	ck_assert_uint_eq(r.status, 200);
	FXW_HAS(r, "κρυφό: μικρός αριθμός");
	FXW_HAS(r, "<form method=\"post\" action=\"/indicators/publish\">"
		   "<input type=\"hidden\" name=\"csrf\" value=\"" FXW_CSRF "\">"
		   "<input type=\"hidden\" name=\"period\" value=\"2026-Q1\">");
	free(r.body);
	ck_assert_int_eq(sets(), 0);
	ck_assert_uint_eq(fxw_signed(a), mine);
	r = fxw_post(a, &cfg, "/indicators/publish",
	    (const char *const[]){"period", "2026-Q1", NULL}, &admin);
	ck_assert_uint_eq(r.status, 303);
	ck_assert_str_eq(r.location, "/indicators#own");
	free(r.body);
	ck_assert_int_eq(sets(), 1);
	ck_assert_uint_eq(fxw_signed(a), mine + 1);
	r = fxw_get(a, &cfg, "/indicators", &admin);
	FXW_HAS(r, "Period 2026-Q1, published");
	FXW_HAS(r, "hidden: a small count");
	free(r.body);
	/* A bad period POSTed is told on the preview page, not published. */
	r = fxw_post(a, &cfg, "/indicators/publish",
	    (const char *const[]){"period", "soon", NULL}, &admin);
	ck_assert_uint_eq(r.status, 400);
	FXW_HAS(r, "id=\"e-period\">");
	free(r.body);
	ck_assert_int_eq(sets(), 1);
}
END_TEST

START_TEST(test_a_cell_hidden_to_protect_an_earlier_period_is_said_so)
{
	char id[16];
	fxw_answer r;

	/* 20 in education since 2020; Q1 published; one more joins in May
	 * with 14 hours: Q2 on its own would show 21 and 114 hours next to
	 * Q1's 20 and 100, the newcomer and their hours (test_history.c). */
	for (int i = 0; i < 20; i++) {
		snprintf(id, sizeof(id), "e%d", i);
		fx_volunteer(a->store, id, "", "education", 5, "2020-01-01", true,
		    1970);
	}
	r = fxw_post(a, &cfg, "/indicators/publish",
	    (const char *const[]){"period", "2026-Q1", NULL}, &admin);
	ck_assert_uint_eq(r.status, 303);
	free(r.body);
	fx_volunteer(a->store, "new", "", "education", 14, "2026-05-10", true, 1970);
	r = fxw_ask(a, &cfg, "GET", "/indicators/preview",
	    (const char *const[]){"period", "2026-Q2", NULL}, NULL, &admin);
	ck_assert_uint_eq(r.status, 200);
	FXW_HAS(r, "<span class=\"hidden-cell\">hidden to protect a period "
		   "published before</span>");
	free(r.body);
}
END_TEST

Suite *
web_admin_suite(void)
{
	Suite *s = suite_create("web_admin");
	TCase *tc = tcase_create("admin");

	tcase_set_timeout(tc, 30);
	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_only_an_admin_on_the_coordinator_may_change_members);
	tcase_add_test(tc,
	    test_a_bad_join_request_is_told_at_its_field_and_changes_nothing);
	tcase_add_test(tc, test_a_wrapped_join_request_adds_the_member_and_names_it);
	tcase_add_test(tc, test_suspend_resume_and_renew_sign_a_new_roster_each);
	tcase_add_test(tc,
	    test_indicators_are_previewed_with_reasons_and_published_once);
	tcase_add_test(tc, test_a_cell_hidden_to_protect_an_earlier_period_is_said_so);
	suite_add_tcase(s, tc);
	return s;
}
