/*
 * test_web_follow_up.c: node/web/web_follow_up.c, web_adopters.c and
 * web_need_close.c on a real store: a follow-up written through the form
 * is signed once, as the CLI's file would be, and shown on the practice's
 * page with its fidelity and results; a wrong value is told at its field in
 * the reader's language and nothing is written; only an editor, and only of
 * this node's own adoption; the months due are offered; the list sorts the
 * proven first; this node's open need is closed with the practice that
 * answered it, as `need close --answered-by` does.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "adopter.h"
#include "config.h"
#include "fixture.h"
#include "fixture_web.h"
#include "follow_up.h"
#include "hold.h"
#include "home.h"
#include "log.h"
#include "view.h"

#define PK(id) svk_crypto_identity_public(id)

static fx_fed fed;
static svk_home home; /* b's node, which holds a's practice */
static svk_config cfg;
static char fpr_a[SVK_FPR_LEN], fpr_b[SVK_FPR_LEN];
static char page[200], form[240];
static svk_web_who editor, reader;

static char *core[] = {"Trained volunteer patrols", "Weekly route"};
static char *flexible[] = {"Route length"};

static void
setup(void)
{
	fxw_partner_practice(&fed, "web-follow-up", core, 2, flexible, 1, &home, &cfg);
	cfg.min_cell = 5;
	svk_crypto_fingerprint(PK(fed.a), fpr_a);
	svk_crypto_fingerprint(PK(fed.b), fpr_b);
	snprintf(page, sizeof(page), "/practices/%s/patrols", fpr_a);
	snprintf(form, sizeof(form), "%s/follow-up", page);
	editor = fxw_who("karin", SVK_WEB_EDITOR, NULL);
	reader = fxw_who(NULL, SVK_WEB_ANONYMOUS, NULL);
}

static void
teardown(void)
{
	fx_fed_fini(&fed);
}

/* b adopts a's practice through the form, keeping the first core element. */
static void
adopt(void)
{
	char path[260];
	const char *const fields[] = {
	    "status", "piloting", "kept", "Trained volunteer patrols", NULL};
	fxw_answer a;

	snprintf(path, sizeof(path), "%s/adopt", page);
	a = fxw_post(&home, &cfg, path, fields, &editor);
	ck_assert_uint_eq(a.status, 303);
	free(a.body);
}

/* A 3-month follow-up as the form sends it. */
static const char *const good[] = {"months", "3", "date", "", "state.0", "kept",
    "note.0", "", "state.1", "adapted", "note.1", "every second week",
    "result.0.name", "young people in work", "result.0.value", "12", "result.0.unit",
    "PERSONS", "result.0.baseline", "5", "result.1.name", "", "result.1.value",
    "", "result.1.baseline", "", "lessons", "Start with two schools.", NULL};

START_TEST(test_a_follow_up_written_by_form_is_signed_once_and_shown_with_fidelity)
{
	Samverk__Body *body = NULL;
	uint8_t origin[SVK_KEY_LEN];
	uint64_t before;
	fxw_answer a;

	adopt();
	a = fxw_get(&home, &cfg, page, &editor);
	FXW_HAS(a, "<article class=\"adoption\">");
	FXW_HAS(a, "/follow-up\">Write a follow-up</a>");
	FXW_HAS(a, "No follow-up yet.");
	free(a.body);
	a = fxw_get(&home, &cfg, form, &editor);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "name=\"csrf\" value=\"" FXW_CSRF "\"");
	FXW_HAS(a, "<option value=\"3\" selected>3 months</option>");
	FXW_HAS(a, "<legend><span lang=\"da\">Weekly route</span></legend>");
	/* The element the adoption keeps starts as kept. */
	FXW_HAS(a, "name=\"state.0\" value=\"kept\" checked>");
	FXW_HAS(a, "<label for=\"f-result.0.baseline\">Baseline (before)</label>");
	free(a.body);
	before = fxw_signed(&home);
	a = fxw_post(&home, &cfg, form, good, &editor);
	ck_assert_uint_eq(a.status, 303);
	ck_assert_str_eq(a.location, page);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
	/* The record is what `adopt --follow-up FILE` writes. */
	memcpy(origin, PK(fed.a), SVK_KEY_LEN);
	ck_assert_int_eq(svk_adopter_read(&home, origin, "patrols", &body), 0);
	ck_assert_ptr_nonnull(body);
	ck_assert_uint_eq(body->adoption->n_follow_ups, 1);
	const Samverk__FollowUp *fu = body->adoption->follow_ups[0];
	ck_assert_uint_eq(fu->months, 3);
	ck_assert_uint_eq(fu->n_elements, 2);
	ck_assert_str_eq(fu->elements[1]->element, "Weekly route");
	ck_assert_str_eq(fu->elements[1]->state, "adapted");
	ck_assert_str_eq(fu->elements[1]->note, "every second week");
	ck_assert_uint_eq(fu->n_results, 1);
	ck_assert(fu->results[0]->value == 12 && fu->results[0]->baseline == 5);
	ck_assert_str_eq(fu->lessons, "Start with two schools.");
	ck_assert_str_eq(body->adoption->status, "piloting");
	ck_assert_uint_eq(body->adoption->n_kept, 1);
	samverk__body__free_unpacked(body, NULL);
	/* Shown to anyone, beside the adoption. */
	a = fxw_get(&home, &cfg, page, &reader);
	FXW_HAS(a, "<div class=\"follow-up\" data-months=\"3\"><h4>After 3 months");
	FXW_HAS(a, "Core elements: 1 of 2 kept, 1 adapted, 0 dropped");
	FXW_HAS(a, "Weekly route</span>: <strong>adapted</strong>: every second week");
	FXW_HAS(a, "young people in work: <strong>12</strong> persons");
	FXW_HAS(a, "(baseline 5, change +7)");
	FXW_HAS(a, "Start with two schools.");
	FXW_HAS(a, "months ago)");
	FXW_LACKS(a, "/follow-up\">");
	free(a.body);
	/* A later one for the same months replaces it, as the CLI does. */
	a = fxw_post(&home, &cfg, form, good, &editor);
	ck_assert_uint_eq(a.status, 303);
	free(a.body);
	ck_assert_int_eq(svk_adopter_read(&home, origin, "patrols", &body), 0);
	ck_assert_uint_eq(body->adoption->n_follow_ups, 1);
	samverk__body__free_unpacked(body, NULL);
}
END_TEST

/* good, with field name's value replaced by value (and name2's by value2
 * unless NULL). */
static const char **
with2(const char *name, const char *value, const char *name2, const char *value2)
{
	static const char *out[64];
	size_t i;

	for (i = 0; good[i]; i += 2) {
		out[i] = good[i];
		out[i + 1] = strcmp(good[i], name) == 0		  ? value :
			     name2 && strcmp(good[i], name2) == 0 ? value2 :
								    good[i + 1];
	}
	out[i] = NULL;
	return out;
}

static const char **
with(const char *name, const char *value)
{
	return with2(name, value, NULL, NULL);
}

/* A wrong follow-up: good with one or two fields changed, and what the
 * Danish page then says. */
static const struct wrong {
	const char *name, *value, *name2, *value2, *says;
} wrongs[] = {
    /* A count of fewer than min_cell people: someone's data. */
    {"result.0.value", "3", NULL, NULL,
	"id=\"e-result.0.value\">Et antal på færre end 5 personer"},
    {"result.0.baseline", "2", NULL, NULL,
	"id=\"e-result.0.baseline\">Et udgangspunkt på færre end 5"},
    {"result.0.value", "mange", NULL, NULL,
	"id=\"e-result.0.value\">Skriv værdien som et tal.</p>"},
    {"note.1", "", NULL, NULL, "id=\"e-note.1\">Skriv, hvordan det blev tilpasset.</p>"},
    {"state.1", "dropped", "note.1", "",
	"id=\"e-note.1\">Skriv, hvorfor det blev droppet.</p>"},
    {"date", "2001-01-01", NULL, NULL,
	"id=\"e-date\">Datoen ligger før ibrugtagningen begyndte ("},
    {"date", "1. marts", NULL, NULL, "id=\"e-date\">Skriv datoen som ÅÅÅÅ-MM-DD.</p>"},
    {"months", "200", NULL, NULL,
	"id=\"e-months\">Vælg 3, 6 eller 9 måneder, eller ingen.</p>"},
    {"state.0", "forgotten", NULL, NULL,
	"id=\"e-state.0\">Vælg bevaret, tilpasset eller droppet.</p>"},
    {"lessons", "\xff\xfe", NULL, NULL, "id=\"e-lessons\">"},
    /* Numbers JSON cannot hold: refused at their field, not a failure. */
    {"result.0.value", "1e999", NULL, NULL,
	"id=\"e-result.0.value\">Skriv værdien som et tal.</p>"},
    {"result.0.baseline", "nan", NULL, NULL, "id=\"e-result.0.baseline\">"},
};

START_TEST(test_a_wrong_follow_up_is_told_at_its_field_in_the_readers_language)
{
	const svk_web_who danish = fxw_who(editor.user, editor.role, "da");
	uint64_t before;
	fxw_answer a;

	adopt();
	before = fxw_signed(&home);
	for (size_t i = 0; i < sizeof(wrongs) / sizeof(wrongs[0]); i++) {
		const struct wrong *w = &wrongs[i];
		a = fxw_post(&home, &cfg, form,
		    with2(w->name, w->value, w->name2, w->value2), &danish);
		ck_assert_msg(a.status == 400, "%s=%s: %u", w->name, w->value,
		    a.status);
		FXW_HAS(a, w->says);
		FXW_HAS(a, "Ret det, der er markeret");
		free(a.body);
	}
	a = fxw_post(&home, &cfg, form, with("result.0.value", "3"), &danish);
	FXW_HAS(a, "name=\"result.0.value\" inputmode=\"decimal\" value=\"3\" "
		   "aria-invalid=\"true\" aria-describedby=\"e-result.0.value\">");
	free(a.body);
	/* Nothing said at all. */
	a = fxw_post(&home, &cfg, form,
	    (const char *const[]){"months", "3", NULL}, &danish);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "Skriv noget: et elements tilstand, et resultat eller erfaringer.");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
}
END_TEST

START_TEST(test_only_an_editor_follows_up_and_only_this_nodes_own_adoption)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;
	char *kept[] = {"Trained volunteer patrols"};
	uint64_t before = fxw_signed(&home), seq = 0;
	fxw_answer a;

	/* c adopts a's practice; b holds c's record but never adopted it. */
	ad.practice_origin.data = (uint8_t *)PK(fed.a);
	ad.practice_origin.len = SVK_KEY_LEN;
	ad.practice_id = "patrols";
	ad.status = "adopted";
	ad.kept = kept;
	ad.n_kept = 1;
	ad.started = "2026-01-05";
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &ad;
	ck_assert_int_eq(svk_log_append(fed.sc, fed.c, &body, &seq, NULL), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), seq, NULL), 0);
	a = fxw_get(&home, &cfg, page, &editor);
	FXW_HAS(a, "<article class=\"adoption\">");
	FXW_LACKS(a, "/follow-up\">");
	free(a.body);
	a = fxw_post(&home, &cfg, form, good, &editor);
	ck_assert_uint_eq(a.status, 404);
	FXW_HAS(a, "This node has not adopted this practice.");
	free(a.body);
	a = fxw_get(&home, &cfg, form, &reader);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	adopt();
	before = fxw_signed(&home);
	a = fxw_post(&home, &cfg, form, good, &reader);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
	/* A practice of b's own is not followed up as an adoption. */
	a = fxw_post(&home, &cfg, "/practices/new",
	    (const char *const[]){"id", "own-one", "lang", "en", "title", "Our own",
		"summary", "Ours.", "areas", "youth", "core_elements", "One", NULL},
	    &editor);
	ck_assert_uint_eq(a.status, 303);
	free(a.body);
	char path[240];
	snprintf(path, sizeof(path), "/practices/%s/own-one/follow-up", fpr_b);
	before = fxw_signed(&home);
	a = fxw_post(&home, &cfg, path, good, &editor);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
}
END_TEST

/* The day months before today, YYYY-MM-DD. */
static void
months_ago(unsigned months, char out[static 11])
{
	char today[11];
	int y, m, d;

	svk_follow_up_today(today);
	ck_assert_int_eq(sscanf(today, "%d-%d-%d", &y, &m, &d), 3);
	m -= (int)months;
	while (m < 1) {
		m += 12;
		y--;
	}
	char buf[32];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d > 28 ? 28 : d);
	memcpy(out, buf, 11);
}

START_TEST(test_the_form_offers_the_follow_up_that_is_due)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;
	char started[11], due[11], want[64];
	uint64_t seq = 0;
	fxw_answer a;

	months_ago(4, started);
	svk_follow_up_date_after(started, 3, due);
	ad.practice_origin.data = (uint8_t *)PK(fed.a);
	ad.practice_origin.len = SVK_KEY_LEN;
	ad.practice_id = "patrols";
	ad.status = "adopted";
	ad.started = started;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &ad;
	ck_assert_int_eq(svk_log_append(fed.sb, fed.b, &body, &seq, NULL), 0);
	a = fxw_get(&home, &cfg, page, &editor);
	FXW_HAS(a, "A follow-up after 3 months is due.");
	free(a.body);
	a = fxw_get(&home, &cfg, form, &editor);
	FXW_HAS(a, "<option value=\"3\" selected>");
	snprintf(want, sizeof(want), "name=\"date\" value=\"%s\"", due);
	FXW_HAS(a, want);
	free(a.body);
	/* Written, it is due no more; the practice is proven (every core
	 * element kept, a result above its baseline) and sorts first. */
	a = fxw_post(&home, &cfg, form, with("state.1", "kept"), &editor);
	ck_assert_uint_eq(a.status, 303);
	free(a.body);
	a = fxw_get(&home, &cfg, page, &editor);
	FXW_LACKS(a, "is due.");
	free(a.body);
	a = fxw_ask(&home, &cfg, "GET", "/practices",
	    (const char *const[]){"sort", "proven", NULL}, NULL, &reader);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "<option value=\"proven\" selected>");
	FXW_HAS(a, "adopted by 1, proven with 1");
	free(a.body);
}
END_TEST

/* b's open need garden-help, added through the form: its page, the form
 * that closes it, and the practice that answers it (a's patrols). */
struct need {
	char path[SVK_WEB_LOCATION_MAX], close[SVK_WEB_LOCATION_MAX + 8];
	char answer[200];
};

static void
open_need(struct need *n)
{
	const char *const need[] = {"id", "garden-help", "lang", "en", "title",
	    "Volunteers for a patrol", "description", "We look for patrols.",
	    "areas", "youth", "urgency", "high", "status", "open", NULL};
	fxw_answer a = fxw_post(&home, &cfg, "/needs/new", need, &editor);

	ck_assert_uint_eq(a.status, 303);
	snprintf(n->path, sizeof(n->path), "%s", a.location);
	free(a.body);
	snprintf(n->close, sizeof(n->close), "%s/close", n->path);
	snprintf(n->answer, sizeof(n->answer), "%s/patrols", fpr_a);
}

START_TEST(test_an_open_need_is_closed_with_the_practice_that_answered_it)
{
	struct need n;
	uint64_t before;
	fxw_answer a;

	open_need(&n);
	/* The page offers its matches to close it with; a reader sees none. */
	a = fxw_get(&home, &cfg, n.path, &editor);
	FXW_HAS(a, "<h2>Close the need</h2>");
	FXW_HAS(a, "/close\">");
	FXW_HAS(a, n.answer);
	free(a.body);
	a = fxw_get(&home, &cfg, n.path, &reader);
	FXW_LACKS(a, "Close the need");
	free(a.body);
	before = fxw_signed(&home);
	a = fxw_post(&home, &cfg, n.close,
	    (const char *const[]){"practice", n.answer, NULL}, &reader);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	a = fxw_post(&home, &cfg, n.close,
	    (const char *const[]){"practice", "other", "ref", "no-such/thing", NULL},
	    &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-ref\">There is no practice no-such/thing here.</p>");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
	a = fxw_post(&home, &cfg, n.close,
	    (const char *const[]){"practice", n.answer, NULL}, &editor);
	ck_assert_uint_eq(a.status, 303);
	ck_assert_str_eq(a.location, n.path);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
	/* Closed as `need close garden-help --answered-by ORIGIN/patrols`. */
	a = fxw_get(&home, &cfg, n.path, &reader);
	FXW_HAS(a, "<dt>Status</dt><dd>closed</dd>");
	FXW_HAS(a, "<dt>Answered by</dt><dd><a href=\"/practices/");
	FXW_HAS(a, "/patrols\">patrols</a>");
	free(a.body);
	a = fxw_get(&home, &cfg, n.path, &editor);
	FXW_LACKS(a, "Close the need");
	free(a.body);
	a = fxw_post(&home, &cfg, n.close,
	    (const char *const[]){"practice", "", NULL}, &editor);
	ck_assert_uint_eq(a.status, 409);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
}
END_TEST

START_TEST(test_a_follow_up_that_cannot_be_signed_says_why_not_that_the_form_is_wrong)
{
	uint64_t before;
	fxw_answer a;

	adopt();
	before = fxw_signed(&home);
	/* The log refuses the write: a server's failure, said as one. */
	fx_exec(fed.sb, "PRAGMA query_only = ON");
	a = fxw_post(&home, &cfg, form, good, &editor);
	ck_assert_uint_eq(a.status, 500);
	FXW_HAS(a, "Nothing was saved: the data cannot be written just now.");
	FXW_LACKS(a, "correct what is marked");
	free(a.body);
	fx_exec(fed.sb, "PRAGMA query_only = OFF");
	/* Writing on hold: 409, and why, as the members page says it. */
	ck_assert_int_eq(svk_hold_note(fed.sb, SVK_HOLD_RESTORED, 0, 0, NULL), 0);
	a = fxw_post(&home, &cfg, form, good, &editor);
	ck_assert_uint_eq(a.status, 409);
	FXW_HAS(a, "Writing is on hold on this node, so nothing was changed.");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
}
END_TEST

START_TEST(test_a_need_is_not_closed_with_another_practice_left_unnamed_or_on_hold)
{
	struct need n;
	uint64_t before;
	fxw_answer a;

	open_need(&n);
	before = fxw_signed(&home);
	/* "Another practice", its id left empty: the CLI's --answered-by
	 * takes no empty practice, and the need is not closed unanswered. */
	a = fxw_post(&home, &cfg, n.close,
	    (const char *const[]){"practice", "other", "ref", "", NULL}, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-ref\">This field is required.</p>");
	FXW_HAS(a, "value=\"other\" checked>");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
	a = fxw_get(&home, &cfg, n.path, &reader);
	FXW_HAS(a, "<dt>Status</dt><dd>open</dd>");
	free(a.body);
	/* On hold: 409 and why, nothing written. */
	ck_assert_int_eq(svk_hold_note(fed.sb, SVK_HOLD_RESTORED, 0, 0, NULL), 0);
	a = fxw_post(&home, &cfg, n.close,
	    (const char *const[]){"practice", n.answer, NULL}, &editor);
	ck_assert_uint_eq(a.status, 409);
	FXW_HAS(a, "Writing is on hold on this node, so nothing was changed.");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
}
END_TEST

/* A form whose only field is an upload "file" holding a NUL, as
 * libmicrohttpd hands it over. */
static const char nul_file[] = "{\"id\":\"x\",\"lang\":\"da\",\"title\":\"T\0\","
			       "\"summary\":\"S\",\"areas\":[\"youth\"]}";

static const char *
nul_get(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return NULL;
}

static const char *
nul_each(void *arg, const char *name, unsigned i)
{
	(void)arg;
	(void)name;
	(void)i;
	return NULL;
}

static const char *
nul_upload(void *arg, const char *name, unsigned long *len)
{
	(void)arg;
	if (strcmp(name, "file") != 0)
		return NULL;
	*len = sizeof(nul_file) - 1;
	return nul_file;
}

/* Found by tests/fuzz/web.c: the upload was copied as a string, up to its
 * NUL, and parsed for its whole length past the copy's end. */
START_TEST(test_an_uploaded_file_holding_a_nul_is_refused_and_read_within_bounds)
{
	const svk_web_fields query = {nul_get, nul_each, nul_upload, NULL};
	const svk_web_fields fields = {nul_get, nul_each, nul_upload, NULL};
	const svk_web_request req = {
	    "POST", "/practices/upload", &query, &fields, &editor, &home, &cfg};
	uint64_t before = fxw_signed(&home);
	svk_web_page p;

	ck_assert_int_eq(svk_web_render(&p, &req), 0);
	ck_assert_uint_eq(p.status, 400);
	ck_assert_ptr_nonnull(strstr(p.body, "id=\"e-"));
	svk_web_html_fini(&p);
	ck_assert_uint_eq(fxw_signed(&home), before);
}
END_TEST

Suite *
web_follow_up_suite(void)
{
	Suite *s = suite_create("web_follow_up");
	TCase *tc = tcase_create("forms");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_a_follow_up_written_by_form_is_signed_once_and_shown_with_fidelity);
	tcase_add_test(tc,
	    test_a_wrong_follow_up_is_told_at_its_field_in_the_readers_language);
	tcase_add_test(tc,
	    test_only_an_editor_follows_up_and_only_this_nodes_own_adoption);
	tcase_add_test(tc, test_the_form_offers_the_follow_up_that_is_due);
	tcase_add_test(tc,
	    test_an_open_need_is_closed_with_the_practice_that_answered_it);
	tcase_add_test(tc,
	    test_an_uploaded_file_holding_a_nul_is_refused_and_read_within_bounds);
	tcase_add_test(tc,
	    test_a_follow_up_that_cannot_be_signed_says_why_not_that_the_form_is_wrong);
	tcase_add_test(tc,
	    test_a_need_is_not_closed_with_another_practice_left_unnamed_or_on_hold);
	suite_add_tcase(s, tc);
	return s;
}
