/*
 * test_web_edit.c: node/web/web_edit.c and web_adopt.c: the forms that add
 * and edit practices and needs and adopt a partner's practice, and their
 * POST side, on a real store: who may, a wrong value gives its message at
 * its field in the reader's language and writes nothing, a right one is
 * signed into the log once and shown.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fixture.h"
#include "fixture_web.h"
#include "home.h"
#include "log.h"

#define PK(id) svk_crypto_identity_public(id)

static fx_fed fed;
static svk_home home; /* b's node, which holds a's practice */
static svk_config cfg;
static char fpr_a[SVK_FPR_LEN], fpr_b[SVK_FPR_LEN];
static svk_web_who editor, reader;

static char *core[] = {"Trained volunteer patrols", "Weekly route"};
static char *flexible[] = {"Route length", "Meeting place"};

static void
setup(void)
{
	fxw_partner_practice(&fed, "web-edit", core, 2, flexible, 2, &home, &cfg);
	svk_crypto_fingerprint(PK(fed.a), fpr_a);
	svk_crypto_fingerprint(PK(fed.b), fpr_b);
	editor = fxw_who("karin", SVK_WEB_EDITOR, NULL);
	reader = fxw_who(NULL, SVK_WEB_ANONYMOUS, NULL);
}

static void
teardown(void)
{
	fx_fed_fini(&fed);
}

/* A Greek practice with an English translation, as the form sends it. */
static const char *const greek[] = {"id", "periboli", "lang", "el", "title",
    "Περιβόλι της γειτονιάς", "summary", "Εθελοντές φροντίζουν έναν κοινό κήπο.",
    "areas", "food_security", "areas", "social_inclusion", "core_elements",
    "Κοινός κήπος\r\n\r\nΕβδομαδιαία συνάντηση\n", "partners",
    "Δήμος; public; host", "tr0.lang", "en", "tr0.title", "Neighbourhood garden",
    "tr0.summary", "Volunteers keep a shared garden.", NULL};

START_TEST(test_only_an_editor_gets_the_forms_and_nothing_is_written_otherwise)
{
	char path[160];
	uint64_t before = fxw_signed(&home);
	fxw_answer a;

	a = fxw_get(&home, &cfg, "/practices/new", &reader);
	ck_assert_uint_eq(a.status, 403);
	FXW_HAS(a, "Log in as an editor to change records.");
	free(a.body);
	a = fxw_post(&home, &cfg, "/practices/new", greek, &reader);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	snprintf(path, sizeof(path), "/practices/%s/patrols/adopt", fpr_a);
	a = fxw_post(&home, &cfg, path,
	    (const char *const[]){"status", "adopted", NULL}, &reader);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
	/* A reader sees no links to forms. */
	a = fxw_get(&home, &cfg, "/practices", &reader);
	FXW_LACKS(a, "/practices/new");
	free(a.body);
	a = fxw_get(&home, &cfg, "/practices", &editor);
	FXW_HAS(a, "<a href=\"/practices/new\">Add a practice</a>");
	free(a.body);
}
END_TEST

START_TEST(test_the_new_practice_form_labels_every_field_and_carries_the_token)
{
	fxw_answer a = fxw_get(&home, &cfg, "/practices/new", &editor);
	size_t inputs = 0, labels = 0;

	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "<input type=\"hidden\" name=\"csrf\" value=\"" FXW_CSRF "\">");
	FXW_HAS(a, "<form class=\"edit\" method=\"post\" action=\"\">");
	FXW_HAS(a, "<label for=\"f-title\">Title</label>");
	FXW_HAS(a, "name=\"areas\" value=\"youth\"> Young people</label>");
	FXW_HAS(a, "<label for=\"f-tr0.title\">Title</label>");
	/* Every text box and list has a label naming it by its id. */
	for (const char *s = a.body; (s = strstr(s, " id=\"f-")); s++) {
		char want[80];
		size_t n = strcspn(s + 7, "\"");
		snprintf(want, sizeof(want), "<label for=\"f-%.*s\">", (int)n, s + 7);
		inputs++;
		if (strstr(a.body, want))
			labels++;
	}
	ck_assert_uint_gt(inputs, 15);
	ck_assert_uint_eq(labels, inputs);
	free(a.body);
}
END_TEST

START_TEST(test_a_wrong_value_is_told_at_its_field_and_nothing_is_written)
{
	const char *const no_title[] = {
	    "id", "x-1", "lang", "da", "areas", "youth", NULL};
	const char *const bad_area[] = {
	    "id", "x-1", "lang", "da", "title", "T", "areas", "sport", NULL};
	const char *const bad_tr[] = {"id", "x-1", "lang", "da", "title", "T",
	    "areas", "youth", "tr0.lang", "en", NULL};
	uint64_t before = fxw_signed(&home);
	fxw_answer a;

	a = fxw_post(&home, &cfg, "/practices/new", no_title, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "Please correct what is marked below. Nothing has been saved.");
	FXW_HAS(a,
	    "name=\"title\" value=\"\" aria-invalid=\"true\" aria-describedby=\"e-title\">");
	/* In the reader's words: the CLI's message, "missing required
	 * field", is one the app has words for. */
	FXW_HAS(a,
	    "<p class=\"field-error\" id=\"e-title\">This field is required.</p>");
	/* What was typed stays. */
	FXW_HAS(a, "name=\"id\" value=\"x-1\"");
	FXW_HAS(a, "value=\"youth\" checked>");
	free(a.body);
	a = fxw_post(&home, &cfg, "/practices/new", bad_area, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a,
	    "<fieldset class=\"areas\" aria-invalid=\"true\" aria-describedby=\"e-areas\">");
	FXW_HAS(a,
	    "id=\"e-areas\">field &quot;areas&quot;: unknown area &quot;sport&quot; (one of: ");
	free(a.body);
	a = fxw_post(&home, &cfg, "/practices/new", bad_tr, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-tr0.title\">");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
}
END_TEST

START_TEST(test_the_page_and_field_messages_are_in_the_readers_language)
{
	const char *const no_title[] = {
	    "id", "x-1", "lang", "da", "areas", "youth", NULL};
	const svk_web_who greek_editor = fxw_who(editor.user, editor.role, "el");
	fxw_answer a;

	a = fxw_post(&home, &cfg, "/practices/new", no_title, &greek_editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "<html lang=\"el\">");
	FXW_HAS(a, "Διορθώστε ό,τι επισημαίνεται παρακάτω.");
	FXW_HAS(a, "<label for=\"f-title\">Τίτλος</label>");
	FXW_HAS(a, "id=\"e-title\">Το πεδίο είναι υποχρεωτικό.</p>");
	free(a.body);
	/* One the app has no words for stays the CLI's, marked English. */
	const char *const bad_area[] = {
	    "id", "x-1", "lang", "da", "title", "T", "areas", "sport", NULL};
	a = fxw_post(&home, &cfg, "/practices/new", bad_area, &greek_editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a,
	    "id=\"e-areas\"><span lang=\"en\">field &quot;areas&quot;: unknown area");
	free(a.body);
}
END_TEST

START_TEST(test_a_practice_added_by_form_is_signed_once_and_shown)
{
	char path[256], loc[200];
	uint64_t before = fxw_signed(&home);
	fxw_answer a = fxw_post(&home, &cfg, "/practices/new", greek, &editor);

	ck_assert_uint_eq(a.status, 303);
	snprintf(loc, sizeof(loc), "/practices/%s/periboli", fpr_b);
	ck_assert_str_eq(a.location, loc);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
	a = fxw_get(&home, &cfg, loc, &reader);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "<span lang=\"el\">Περιβόλι της γειτονιάς</span>");
	FXW_HAS(a,
	    "<li><span lang=\"el\">Κοινός κήπος</span></li><li><span lang=\"el\">Εβδομαδιαία συνάντηση</span></li></ul>");
	FXW_HAS(a, "Neighbourhood garden");
	FXW_HAS(a, "Food security, Social inclusion");
	FXW_HAS(a,
	    "<span lang=\"el\">Δήμος</span> <span class=\"muted\">(<span lang=\"el\">public</span>, <span lang=\"el\">host</span>)</span>");
	FXW_LACKS(a, "/edit\""); /* a reader gets no edit link */
	free(a.body);
	/* The same id again is refused at the id. */
	a = fxw_post(&home, &cfg, "/practices/new", greek, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-id\">This node already has a record with this id.");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
	snprintf(path, sizeof(path), "%s.json", loc);
	a = fxw_get(&home, &cfg, path, &reader);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "\"id\": \"periboli\"");
	free(a.body);
}
END_TEST

START_TEST(test_an_own_practice_is_edited_and_a_partners_cannot_be)
{
	char path[160];
	const char *const retitled[] = {"id", "periboli", "lang", "el", "title",
	    "Νέος τίτλος", "summary", "S", "areas", "youth", NULL};
	const char *const renamed[] = {"id", "other", "lang", "el", "title", "T",
	    "summary", "S", "areas", "youth", NULL};
	fxw_answer a = fxw_post(&home, &cfg, "/practices/new", greek, &editor);

	free(a.body);
	snprintf(path, sizeof(path), "/practices/%s/periboli/edit", fpr_b);
	a = fxw_get(&home, &cfg, path, &editor);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "name=\"title\" value=\"Περιβόλι της γειτονιάς\"");
	FXW_HAS(a, "name=\"id\" readonly value=\"periboli\"");
	FXW_HAS(a, "name=\"tr0.title\" value=\"Neighbourhood garden\"");
	FXW_HAS(a, "Κοινός κήπος\nΕβδομαδιαία συνάντηση</textarea>");
	free(a.body);
	a = fxw_post(&home, &cfg, path, renamed, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-id\">The id of a record cannot be changed.");
	free(a.body);
	a = fxw_post(&home, &cfg, path, retitled, &editor);
	ck_assert_uint_eq(a.status, 303);
	free(a.body);
	a = fxw_get(&home, &cfg, a.location, &reader);
	FXW_HAS(a, "Νέος τίτλος");
	free(a.body);
	snprintf(path, sizeof(path), "/practices/%s/patrols/edit", fpr_a);
	a = fxw_get(&home, &cfg, path, &editor);
	ck_assert_uint_eq(a.status, 403);
	FXW_HAS(a, "Only this node&#39;s own records can be changed here.");
	free(a.body);
}
END_TEST

START_TEST(test_a_need_added_by_form_gets_its_matches)
{
	const char *const need[] = {"id", "garden-help", "lang", "en", "title",
	    "Volunteers for a patrol", "description", "We look for patrols.",
	    "areas", "youth", "urgency", "high", "status", "open", "skills",
	    "gardening\nteaching", NULL};
	fxw_answer a = fxw_get(&home, &cfg, "/needs/new", &editor);

	FXW_HAS(a, "<select id=\"f-urgency\" name=\"urgency\">");
	free(a.body);
	a = fxw_post(&home, &cfg, "/needs/new", need, &editor);
	ck_assert_uint_eq(a.status, 303);
	free(a.body);
	a = fxw_get(&home, &cfg, a.location, &editor);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "<dt>Urgency</dt><dd>high</dd>");
	FXW_HAS(a, "gardening, teaching");
	FXW_HAS(a, "/patrols\"><span lang=\"da\">Legepatruljen</span></a>");
	FXW_HAS(a, "/edit\">Edit</a>");
	free(a.body);
}
END_TEST

START_TEST(test_adopting_ticks_core_elements_and_names_the_missing_one)
{
	char path[256], page[160];
	const char *const adopt[] = {"status", "piloting", "kept",
	    "Trained volunteer patrols", "adapt.0", "shorter in winter",
	    "adapt.1", "", "note", "Two schools", NULL};
	uint64_t before = fxw_signed(&home);
	fxw_answer a;

	snprintf(page, sizeof(page), "/practices/%s/patrols", fpr_a);
	snprintf(path, sizeof(path), "%s/adopt", page);
	a = fxw_get(&home, &cfg, page, &editor);
	FXW_HAS(a, "/adopt\">Adopt it</a>");
	free(a.body);
	a = fxw_get(&home, &cfg, path, &editor);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "<input type=\"checkbox\" name=\"kept\" value=\"Weekly route\"> ");
	FXW_HAS(a,
	    "<label for=\"f-adapt.1\"><span lang=\"da\">Meeting place</span></label>");
	FXW_HAS(a, "name=\"csrf\" value=\"" FXW_CSRF "\"");
	free(a.body);
	a = fxw_post(&home, &cfg, path, adopt, &editor);
	ck_assert_uint_eq(a.status, 303);
	ck_assert_str_eq(a.location, page);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
	a = fxw_get(&home, &cfg, page, &reader);
	FXW_HAS(a, "<article class=\"adoption\">");
	FXW_HAS(a, "trying it out");
	FXW_HAS(a,
	    "class=\"missing\"><ul class=\"plain\"><li><span lang=\"da\">Weekly route");
	FXW_HAS(a, "Route length</span>: shorter in winter");
	FXW_LACKS(a, "Meeting place</span>:");
	free(a.body);
	/* Asked again, the form holds what was recorded. */
	a = fxw_get(&home, &cfg, path, &editor);
	FXW_HAS(a, "value=\"Trained volunteer patrols\" checked>");
	FXW_HAS(a, "<option value=\"piloting\" selected>");
	FXW_HAS(a, "value=\"shorter in winter\"");
	free(a.body);
}
END_TEST

START_TEST(test_a_wrong_adoption_is_told_in_the_readers_language_and_not_written)
{
	char path[160];
	const char *const bad_status[] = {"status", "finished", NULL};
	const char *const bad_kept[] = {
	    "status", "adopted", "kept", "Something else", NULL};
	const svk_web_who danish = fxw_who(editor.user, editor.role, "da");
	uint64_t before = fxw_signed(&home);
	fxw_answer a;

	snprintf(path, sizeof(path), "/practices/%s/patrols/adopt", fpr_a);
	a = fxw_post(&home, &cfg, path, bad_status, &danish);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a,
	    "<select id=\"f-status\" name=\"status\" aria-invalid=\"true\" aria-describedby=\"e-status\">");
	FXW_HAS(a, "id=\"e-status\">Vælg, hvor langt I er.</p>");
	free(a.body);
	a = fxw_post(&home, &cfg, path, bad_kept, &danish);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-kept\">Et afkrydset element er ikke et kerneelement");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
	/* Its own practice is not for adopting. */
	a = fxw_post(&home, &cfg, "/practices/new", greek, &editor);
	free(a.body);
	snprintf(path, sizeof(path), "/practices/%s/periboli/adopt", fpr_b);
	a = fxw_get(&home, &cfg, path, &editor);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
}
END_TEST

START_TEST(test_a_post_goes_only_to_a_form)
{
	fxw_answer a = fxw_post(&home, &cfg, "/practices", greek, &editor);

	ck_assert_uint_eq(a.status, 405);
	free(a.body);
	a = fxw_post(&home, &cfg, "/", greek, &editor);
	ck_assert_uint_eq(a.status, 405);
	free(a.body);
	a = fxw_post(&home, &cfg, "/needs/x/y/adopt", greek, &editor);
	ck_assert_uint_eq(a.status, 404);
	free(a.body);
}
END_TEST

START_TEST(test_an_own_practice_is_withdrawn_with_a_reason_after_asking)
{
	char path[256], page[200], *long_reason = malloc(2000);
	uint64_t before;
	fxw_answer a = fxw_post(&home, &cfg, "/practices/new", greek, &editor);

	free(a.body);
	memset(long_reason, 'x', 1999);
	long_reason[1999] = '\0';
	snprintf(page, sizeof(page), "/practices/%s/periboli", fpr_b);
	snprintf(path, sizeof(path), "%s/retract", page);
	a = fxw_get(&home, &cfg, page, &editor);
	FXW_HAS(a, "/retract\">Withdraw</a>");
	free(a.body);
	a = fxw_get(&home, &cfg, path, &editor);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "<label for=\"f-reason\">");
	FXW_HAS(a, "name=\"csrf\" value=\"" FXW_CSRF "\"");
	free(a.body);
	before = fxw_signed(&home);
	a = fxw_post(&home, &cfg, path,
	    (const char *const[]){"reason", "ended", NULL}, &reader);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	a = fxw_post(&home, &cfg, path,
	    (const char *const[]){"reason", long_reason, NULL}, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-reason\">This text is too long: at most 1000 bytes.");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
	a = fxw_post(&home, &cfg, path,
	    (const char *const[]){"reason", "the garden closed", NULL}, &editor);
	ck_assert_uint_eq(a.status, 303);
	ck_assert_str_eq(a.location, "/practices");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
	a = fxw_get(&home, &cfg, page, &reader);
	FXW_HAS(a, "Its member has withdrawn this practice.");
	free(a.body);
	snprintf(path, sizeof(path), "/practices/%s/patrols/retract", fpr_a);
	a = fxw_post(&home, &cfg, path,
	    (const char *const[]){"reason", "x", NULL}, &editor);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	free(long_reason);
}
END_TEST

START_TEST(test_a_practice_uploaded_as_the_cli_file_is_checked_and_written)
{
	const char *const good[] = {"@file",
	    "{\"id\": \"up\", \"lang\": \"da\", \"title\": \"Fil\", "
	    "\"summary\": \"S\", \"areas\": [\"youth\"]}",
	    NULL};
	const char *const bad[] = {
	    "@file", "{\"id\": \"up\", \"description\": 1}", NULL};
	uint64_t before = fxw_signed(&home);
	fxw_answer a = fxw_get(&home, &cfg, "/practices/upload", &editor);

	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "enctype=\"multipart/form-data\"");
	FXW_HAS(a,
	    "<label for=\"f-file\">JSON file</label><input type=\"file\" id=\"f-file\" name=\"file\"");
	free(a.body);
	a = fxw_post(&home, &cfg, "/practices/upload",
	    (const char *const[]){NULL}, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "Choose a file to send.");
	free(a.body);
	a = fxw_post(&home, &cfg, "/practices/upload", bad, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "unknown field &quot;description&quot; (expected one of: id,");
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before);
	a = fxw_post(&home, &cfg, "/practices/upload", good, &editor);
	ck_assert_uint_eq(a.status, 303);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
	a = fxw_post(&home, &cfg, "/practices/upload", good, &editor);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "This node already has a record with this id.");
	free(a.body);
	a = fxw_post(&home, &cfg, "/practices/upload", good, &reader);
	ck_assert_uint_eq(a.status, 403);
	free(a.body);
	ck_assert_uint_eq(fxw_signed(&home), before + 1);
}
END_TEST

Suite *
web_edit_suite(void)
{
	Suite *s = suite_create("web_edit");
	TCase *tc = tcase_create("forms");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_only_an_editor_gets_the_forms_and_nothing_is_written_otherwise);
	tcase_add_test(tc,
	    test_the_new_practice_form_labels_every_field_and_carries_the_token);
	tcase_add_test(tc,
	    test_a_wrong_value_is_told_at_its_field_and_nothing_is_written);
	tcase_add_test(tc,
	    test_the_page_and_field_messages_are_in_the_readers_language);
	tcase_add_test(tc, test_a_practice_added_by_form_is_signed_once_and_shown);
	tcase_add_test(tc, test_an_own_practice_is_edited_and_a_partners_cannot_be);
	tcase_add_test(tc, test_a_need_added_by_form_gets_its_matches);
	tcase_add_test(tc, test_adopting_ticks_core_elements_and_names_the_missing_one);
	tcase_add_test(tc,
	    test_a_wrong_adoption_is_told_in_the_readers_language_and_not_written);
	tcase_add_test(tc, test_a_post_goes_only_to_a_form);
	tcase_add_test(tc,
	    test_a_practice_uploaded_as_the_cli_file_is_checked_and_written);
	tcase_add_test(tc,
	    test_an_own_practice_is_withdrawn_with_a_reason_after_asking);
	suite_add_tcase(s, tc);
	return s;
}
