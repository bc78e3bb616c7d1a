/*
 * test_web.c: node/web/: the web app's routes and pages, rendered from a
 * real store of a small federation (fixture.h) without a server: what each
 * page says, in which language, and that everything from the store is
 * escaped on its way into the page.
 */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fixture.h"
#include "fixture_web.h"
#include "home.h"
#include "indicators.h"
#include "web.h"

#define PK(id) svk_crypto_identity_public(id)

static fx_fed fed;
static svk_home home;
static svk_config cfg;
static char fpr_a[SVK_FPR_LEN];

/* A practice of a's, in Greek, with an English translation; hostile
 * characters in its texts. */
static char *areas[] = {"youth", "volunteer_infrastructure"};
static char *core[] = {"Trained volunteer patrols", "Weekly route"};
static char *flexible[] = {"Route length"};

static void
a_practice(void)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;
	Samverk__Translation t = SAMVERK__TRANSLATION__INIT, *tp[] = {&t};

	fx_practice(&p, "patrols", "Περιπολίες <script>alert(1)</script>");
	p.lang = "el";
	p.challenge = "Παιδιά & \"νέοι\" χωρίς <b>χώρο</b>";
	p.areas = areas;
	p.n_areas = 2;
	p.core_elements = core;
	p.n_core_elements = 2;
	p.flexible_elements = flexible;
	p.n_flexible_elements = 1;
	t.lang = "en";
	t.title = "Volunteer playground patrols";
	t.summary = "Young volunteers keep playgrounds lively.";
	p.translations = tp;
	p.n_translations = 1;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	ck_assert_int_eq(svk_log_append(fed.sa, fed.a, &body, NULL, NULL), 0);
}

/* b adopts a's practice keeping one of its two core elements. */
static void
b_adoption(void)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;
	Samverk__Adaptation how = SAMVERK__ADAPTATION__INIT, *hp[] = {&how};
	char *kept[] = {"Trained volunteer patrols"};

	ad.practice_origin.data = (uint8_t *)PK(fed.a);
	ad.practice_origin.len = SVK_KEY_LEN;
	ad.practice_id = "patrols";
	ad.status = "piloting";
	ad.kept = kept;
	ad.n_kept = 1;
	how.element = "Route length";
	how.how = "shorter in winter";
	ad.adapted = hp;
	ad.n_adapted = 1;
	ad.note = "Started with <two> schools";
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &ad;
	ck_assert_int_eq(svk_log_append(fed.sb, fed.b, &body, NULL, NULL), 0);
	fx_ingest_all(fed.sa, fed.sb, PK(fed.b));
}

/* c needs young volunteers. */
static void
c_need(void)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Need n = SAMVERK__NEED__INIT;
	char *need_areas[] = {"youth"};

	n.id = "young-volunteers";
	n.lang = "en";
	n.title = "Young volunteers for playgrounds";
	n.description = "We look for young volunteers to keep playgrounds safe.";
	n.areas = need_areas;
	n.n_areas = 1;
	n.urgency = "high";
	n.status = "open";
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = &n;
	ck_assert_int_eq(svk_log_append(fed.sc, fed.c, &body, NULL, NULL), 0);
	fx_ingest_all(fed.sa, fed.sc, PK(fed.c));
}

static void
setup(void)
{
	fx_fed_init(&fed, "web");
	home = (svk_home){.dir = fed.dir,
	    .id = fed.a,
	    .store = fed.sa,
	    .name = "Vejle <Kommune>",
	    .country = "DK"};
	svk_config_defaults(&cfg);
	svk_crypto_fingerprint(PK(fed.a), fpr_a);
	a_practice();
	b_adoption();
	c_need();
}

static void
teardown(void)
{
	fx_fed_fini(&fed);
}

static fxw_answer
ask_as(const char *method, const char *path, const char *const *query,
    const char *cookie, const char *accept)
{
	svk_web_who who = {.role = SVK_WEB_ANONYMOUS,
	    .lang_cookie = cookie,
	    .accept_language = accept};
	return fxw_ask(&home, &cfg, method, path, query, NULL, &who);
}

static fxw_answer
ask(const char *path, const char *const *query)
{
	return ask_as("GET", path, query, NULL, NULL);
}

#define HAS FXW_HAS
#define LACKS FXW_LACKS

/* The path of a's practice page. */
static const char *
practice_path(char out[static 160], const char *suffix)
{
	snprintf(out, 160, "/practices/%s/patrols%s", fpr_a, suffix);
	return out;
}

START_TEST(test_each_route_answers_and_others_are_404)
{
	const char *const ok[] = {"/", "/practices", "/needs", "/indicators"};
	fxw_answer a;

	for (size_t i = 0; i < 4; i++) {
		a = ask(ok[i], NULL);
		ck_assert_msg(a.status == 200, "%s: %u", ok[i], a.status);
		ck_assert_str_eq(a.type, "text/html; charset=utf-8");
		ck_assert(strncmp(a.body, "<!DOCTYPE html><html lang=\"en\">", 31) == 0);
		HAS(a, "</html>");
		free(a.body);
	}
	const char *const missing[] = {"/nope", "/practices/", "/practices/x",
	    "/practices/SVK-AAAA/patrols", "/practices/a/b/c", "/../etc/passwd",
	    "/needs/%2e%2e/x"};
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		a = ask(missing[i], NULL);
		ck_assert_msg(a.status == 404, "%s: %u", missing[i], a.status);
		HAS(a, "Page not found");
		free(a.body);
	}
	a = ask_as("PUT", "/", NULL, NULL, NULL);
	ck_assert_uint_eq(a.status, 405);
	free(a.body);
}
END_TEST

START_TEST(test_lang_argument_answers_in_it_and_sets_a_strict_cookie)
{
	const char *const q[] = {"lang", "el", NULL};
	fxw_answer a = ask("/practices", q);

	ck_assert_uint_eq(a.status, 200);
	HAS(a, "<html lang=\"el\">");
	HAS(a, "<h1>Πρακτικές</h1>");
	ck_assert_str_eq(a.cookie,
	    "lang=el; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly");
	/* Every language is a link away, each named in its own. */
	HAS(a, "<a href=\"?lang=da\" hreflang=\"da\" lang=\"da\">Dansk</a>");
	HAS(a, "lang=\"fi\">Suomi</a>");
	free(a.body);
}
END_TEST

START_TEST(test_cookie_and_accept_language_choose_without_setting_a_cookie)
{
	fxw_answer a = ask_as("GET", "/needs", NULL, "sv", "da");

	HAS(a, "<html lang=\"sv\">");
	HAS(a, "<h1>Behov</h1>");
	ck_assert_str_eq(a.cookie, "");
	free(a.body);
	a = ask_as("GET", "/practices", NULL, NULL, "fr;q=0.9, it;q=0.8, en;q=0.1");
	HAS(a, "<html lang=\"it\">");
	HAS(a, "<h1>Pratiche</h1>");
	free(a.body);
	a = ask_as("GET", "/nope", NULL, NULL, "fi");
	ck_assert_uint_eq(a.status, 404);
	HAS(a, "Sivua ei löydy");
	free(a.body);
}
END_TEST

START_TEST(test_the_practice_page_shows_texts_translations_and_adoptions)
{
	char path[160];
	fxw_answer a = ask(practice_path(path, ""), NULL);

	ck_assert_uint_eq(a.status, 200);
	/* Its texts, marked as Greek on an English page. */
	HAS(a, "<span lang=\"el\">Παιδιά &amp; &quot;νέοι&quot; χωρίς &lt;b&gt;χώρο&lt;/b&gt;</span>");
	HAS(a, "Written in Greek");
	HAS(a, "Core elements");
	HAS(a, "Weekly route");
	/* Areas by name. */
	HAS(a, "Young people, Support for volunteering");
	/* The translation. */
	HAS(a, "<h2>Translations</h2><h3>English</h3>");
	HAS(a, "Volunteer playground patrols");
	/* b's adoption: kept one core element, the other named as missing. */
	HAS(a, "<article class=\"adoption\">");
	HAS(a, "Skellefteå");
	HAS(a, "trying it out");
	HAS(a, "class=\"kept\"><ul class=\"plain\"><li><span lang=\"el\">Trained volunteer patrols");
	HAS(a, "class=\"missing\"><ul class=\"plain\"><li><span lang=\"el\">Weekly route");
	HAS(a, "Route length</span>: shorter in winter");
	HAS(a, "Started with &lt;two&gt; schools");
	/* c's need, which it could answer. */
	HAS(a, "Young volunteers for playgrounds");
	HAS(a, ".json\" download>");
	free(a.body);
}
END_TEST

START_TEST(test_every_text_from_the_store_is_escaped)
{
	char path[160];
	const char *const pages[] = {"/", "/practices", practice_path(path, "")};

	for (size_t i = 0; i < 3; i++) {
		fxw_answer a = ask(pages[i], NULL);
		ck_assert_uint_eq(a.status, 200);
		LACKS(a, "<script");
		LACKS(a, "<Kommune>");
		HAS(a, "&lt;script&gt;alert(1)&lt;/script&gt;");
		HAS(a, "Vejle &lt;Kommune&gt;");
		free(a.body);
	}
}
END_TEST

START_TEST(test_the_practice_downloads_as_the_json_the_cli_takes)
{
	char path[160];
	fxw_answer a = ask(practice_path(path, ".json"), NULL);
	json_error_t err;
	json_t *doc;

	ck_assert_uint_eq(a.status, 200);
	ck_assert_str_eq(a.type, "application/json; charset=utf-8");
	ck_assert_str_eq(a.disposition, "attachment; filename=\"patrols.json\"");
	ck_assert_ptr_nonnull(doc = json_loads(a.body, 0, &err));
	ck_assert_str_eq(json_string_value(json_object_get(doc, "id")), "patrols");
	ck_assert_str_eq(json_string_value(json_object_get(doc, "lang")), "el");
	json_decref(doc);
	free(a.body);
}
END_TEST

START_TEST(test_a_retracted_practice_says_so_and_has_no_download)
{
	char path[160];
	fxw_answer a;

	(void)fx_append_retraction(fed.sa, fed.a,
	    SAMVERK__ENTITY_KIND__ENTITY_PRACTICE, "patrols");
	a = ask(practice_path(path, ""), NULL);
	ck_assert_uint_eq(a.status, 200);
	HAS(a, "Its member has withdrawn this practice.");
	LACKS(a, "download>");
	free(a.body);
	a = ask(practice_path(path, ".json"), NULL);
	ck_assert_uint_eq(a.status, 404);
	free(a.body);
}
END_TEST

START_TEST(test_the_need_page_ranks_the_practices_that_answer_it)
{
	char path[160], fpr_c[SVK_FPR_LEN];
	fxw_answer a;

	svk_crypto_fingerprint(PK(fed.c), fpr_c);
	snprintf(path, sizeof(path), "/needs/%s/young-volunteers", fpr_c);
	a = ask_as("GET", path, NULL, "da", NULL);
	ck_assert_uint_eq(a.status, 200);
	HAS(a, "<h1>Behov: <span lang=\"en\">Young volunteers for playgrounds</span></h1>");
	HAS(a, "<dt>Hast</dt><dd>høj</dd>");
	HAS(a, "Praksisser, der kan dække dette behov");
	HAS(a, "<li class=\"match\"><a href=\"/practices/");
	HAS(a, "/patrols\">");
	HAS(a, "Fælles områder: Unge");
	free(a.body);
}
END_TEST

START_TEST(test_the_list_searches_as_the_cli_and_filters)
{
	const char *const words[] = {"q", "periπολιες", NULL};
	const char *const unaccented[] = {"q", "περιπολιες", NULL};
	const char *const english[] = {"language", "en", NULL};
	const char *const sweden[] = {"country", "SE", NULL};
	const char *const bad_area[] = {"area", "<sport>", NULL};
	const char *const empty[] = {"q", "!!", NULL};
	fxw_answer a;

	a = ask("/practices", unaccented);
	ck_assert_uint_eq(a.status, 200);
	HAS(a, "<tr class=\"practice\">");
	HAS(a, "1 shown");
	/* Another language keeps the search. */
	HAS(a, "<a href=\"?q=%CF%80%CE%B5%CF%81%CE%B9%CF%80%CE%BF%CE%BB%CE%B9%CE%B5%CF%82&amp;lang=sv\"");
	free(a.body);
	a = ask("/practices", words);
	ck_assert_uint_eq(a.status, 200);
	HAS(a, "No practices match.");
	free(a.body);
	/* Greek, with an English translation: found in English. */
	a = ask("/practices", english);
	HAS(a, "<tr class=\"practice\">");
	HAS(a, "<option value=\"en\" selected>");
	free(a.body);
	a = ask("/practices", sweden);
	HAS(a, "No practices match.");
	free(a.body);
	a = ask("/practices", bad_area);
	ck_assert_uint_eq(a.status, 400);
	HAS(a, "There is no area called &lt;sport&gt;.");
	free(a.body);
	a = ask("/practices", empty);
	ck_assert_uint_eq(a.status, 400);
	free(a.body);
}
END_TEST

START_TEST(test_the_overview_names_every_member_and_its_state_in_words)
{
	fxw_answer a = ask_as("GET", "/", NULL, "it", NULL);
	size_t rows = 0;

	for (const char *s = a.body; (s = strstr(s, "<tr class=\"member\"")); s++)
		rows++;
	ck_assert_uint_eq(rows, 4);
	HAS(a, "<span class=\"name\">Kalamata</span>");
	HAS(a, "sospeso"); /* Oulu, suspended */
	HAS(a, "coordinatore");
	HAS(a, "Pratiche recenti");
	free(a.body);
}
END_TEST

START_TEST(test_indicators_mark_hidden_values_and_say_why)
{
	svk_indicator cells[2] = {
	    {"VOL_ACTIVE", "_T", 12, SVK_CONF_FREE, "PERSONS"},
	    {"VOL_ACTIVE", "area:youth", 0, SVK_CONF_PRIMARY, "PERSONS"},
	};
	svk_indicator_set set = {"2026-Q3", 5, 2, cells, {0}, 0, 0};
	fxw_answer a = ask("/indicators", NULL);

	HAS(a, "No member has published indicators yet.");
	HAS(a, "This node has not published indicators yet.");
	free(a.body);
	ck_assert_int_eq(svk_indicators_publish(fed.sa, fed.a, &set, NULL), 0);
	a = ask_as("GET", "/indicators", NULL, "el", NULL);
	ck_assert_uint_eq(a.status, 200);
	HAS(a, "Ενεργοί εθελοντές");
	HAS(a, "<span class=\"hidden-cell\">κρυφό: μικρός αριθμός</span>");
	HAS(a, "Οι τιμές από 1 έως 4 αποκρύπτονται");
	HAS(a, "Περίοδος 2026-Q3");
	LACKS(a, "VOL_ACTIVE");
	free(a.body);
	/* As `indicators export --format csv` writes it. */
	a = ask("/indicators/own.csv", NULL);
	ck_assert_uint_eq(a.status, 200);
	ck_assert_str_eq(a.type, "text/csv; charset=utf-8");
	ck_assert_str_eq(a.disposition,
	    "attachment; filename=\"samverk-indicators.csv\"");
	HAS(a, "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,BREAKDOWN,");
	HAS(a, "dataflow,SAMVERK:VOLUNTEER_IND(1.0),I,DK,VOL_ACTIVE,_T,2026-Q3,12,PERSONS,A,F\r\n");
	HAS(a, "I,DK,VOL_ACTIVE,area:youth,2026-Q3,,PERSONS,Q,A\r\n");
	free(a.body);
	a = ask("/indicators/federation.csv", NULL);
	ck_assert_uint_eq(a.status, 200);
	HAS(a, "REPORTING_MEMBERS,CONFIDENTIAL_MEMBERS\r\n");
	HAS(a, "I,_T,VOL_ACTIVE,_T,2026-Q3,12,PERSONS,A,F,1,0\r\n");
	free(a.body);
	a = ask("/indicators", NULL);
	HAS(a, "<a href=\"/indicators/own.csv\" download>Download as SDMX-CSV</a>");
	free(a.body);
}
END_TEST

Suite *
web_suite(void)
{
	Suite *s = suite_create("web");
	TCase *tc = tcase_create("pages");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_each_route_answers_and_others_are_404);
	tcase_add_test(tc, test_lang_argument_answers_in_it_and_sets_a_strict_cookie);
	tcase_add_test(tc,
	    test_cookie_and_accept_language_choose_without_setting_a_cookie);
	tcase_add_test(tc,
	    test_the_practice_page_shows_texts_translations_and_adoptions);
	tcase_add_test(tc, test_every_text_from_the_store_is_escaped);
	tcase_add_test(tc, test_the_practice_downloads_as_the_json_the_cli_takes);
	tcase_add_test(tc, test_a_retracted_practice_says_so_and_has_no_download);
	tcase_add_test(tc, test_the_need_page_ranks_the_practices_that_answer_it);
	tcase_add_test(tc, test_the_list_searches_as_the_cli_and_filters);
	tcase_add_test(tc, test_the_overview_names_every_member_and_its_state_in_words);
	tcase_add_test(tc, test_indicators_mark_hidden_values_and_say_why);
	suite_add_tcase(s, tc);
	return s;
}
