/*
 * test_web_i18n.c: node/web/web_i18n.c and its catalogues: every language
 * has every key of English and no other, with the same "%s" in each text;
 * every code a page shows by name has a name; and the language a browser
 * gets from ?lang=, its cookie and its Accept-Language.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "indicator.h"
#include "vocab.h"
#include "web_i18n.h"

START_TEST(test_the_app_speaks_six_languages_english_first)
{
	const char *const want[] = {"en", "da", "sv", "el", "fi", "it"};
	size_t n = 0;

	while (svk_web_i18n_catalogues[n].lang)
		n++;
	ck_assert_uint_eq(n, 6);
	for (size_t i = 0; i < n; i++)
		ck_assert_ptr_nonnull(svk_web_i18n_find(want[i]));
	ck_assert_str_eq(svk_web_i18n_catalogues[0].lang, "en");
}
END_TEST

START_TEST(test_every_language_has_every_english_key_and_no_other)
{
	const svk_web_i18n_catalogue *en = &svk_web_i18n_catalogues[0];

	for (size_t c = 1; svk_web_i18n_catalogues[c].lang; c++) {
		const svk_web_i18n_catalogue *l = &svk_web_i18n_catalogues[c];
		size_t i = 0, j = 0;
		/* Both are sorted by key: walk them side by side. */
		while (i < en->n || j < l->n) {
			int cmp = i == en->n ? 1 :
				  j == l->n  ? -1 :
					      strcmp(en->pairs[i].key, l->pairs[j].key);
			ck_assert_msg(cmp >= 0, "%s lacks %s", l->lang,
			    en->pairs[i].key);
			ck_assert_msg(cmp <= 0, "%s has %s, which English has not",
			    l->lang, l->pairs[j].key);
			i++;
			j++;
		}
	}
}
END_TEST

START_TEST(test_every_text_fills_in_what_the_english_fills_in)
{
	const svk_web_i18n_catalogue *en = &svk_web_i18n_catalogues[0];

	for (size_t c = 0; svk_web_i18n_catalogues[c].lang; c++) {
		const svk_web_i18n_catalogue *l = &svk_web_i18n_catalogues[c];
		for (size_t i = 0; i < l->n; i++) {
			const char *ref = svk_web_i18n_text("en", l->pairs[i].key);
			ck_assert_msg(l->pairs[i].text[0] != '\0',
			    "%s: %s is empty", l->lang, l->pairs[i].key);
			ck_assert_ptr_nonnull(ref);
			ck_assert_msg(svk_web_i18n_formats_match(ref, l->pairs[i].text),
			    "%s: %s: \"%s\" does not fill in what \"%s\" does",
			    l->lang, l->pairs[i].key, l->pairs[i].text, ref);
		}
	}
	ck_assert_uint_gt(en->n, 100);
}
END_TEST

START_TEST(test_format_checks_catch_a_missing_or_foreign_conversion)
{
	ck_assert(svk_web_i18n_formats_match("%s of %s", "%s af %s"));
	ck_assert(svk_web_i18n_formats_match("100%% sure", "helt sikker"));
	ck_assert(!svk_web_i18n_formats_match("%s of %s", "%s"));
	ck_assert(!svk_web_i18n_formats_match("%s items", "%d ting"));
	ck_assert(!svk_web_i18n_formats_match("%s", "%s %n"));
	ck_assert(!svk_web_i18n_formats_match("%s", "50%"));
}
END_TEST

/* Every language names key, and not by the English name unless it is
 * the same word there. */
static void
named(const char *prefix, const char *code)
{
	char key[96];

	snprintf(key, sizeof(key), "%s.%s", prefix, code);
	for (size_t c = 0; svk_web_i18n_catalogues[c].lang; c++) {
		const svk_web_i18n_catalogue *l = &svk_web_i18n_catalogues[c];
		const char *t = svk_web_i18n_text(l->lang, key);
		ck_assert_msg(t != NULL, "no name for %s", key);
		/* svk_web_i18n_text falls back to English: it must be its own. */
		size_t i;
		for (i = 0; i < l->n && strcmp(l->pairs[i].key, key) != 0; i++)
			;
		ck_assert_msg(i < l->n, "%s has no %s", l->lang, key);
	}
}

START_TEST(test_every_area_indicator_unit_and_status_has_a_name)
{
	static const char *const adopt[] = {
	    "considering", "piloting", "adopted", "dropped", NULL};
	static const char *const states[] = {
	    "online", "offline", "suspended", "connecting", NULL};
	static const char *const links[] = {
	    "up", "partly_up", "down", "not_linked", "suspended", NULL};
	static const char *const units[] = {"PERSONS", "HOURS", "NEEDS", "PRACTICES"};

	for (size_t i = 0; svk_vocab_areas[i]; i++)
		named("area", svk_vocab_areas[i]);
	for (int r = 0; r < SVK_INDICATOR_NCODES; r++) {
		named("ind", svk_indicator_code_name(r));
		named("unit", svk_indicator_code_unit(r));
	}
	for (size_t i = 0; i < 4; i++)
		named("unit", units[i]);
	for (size_t i = 0; svk_vocab_need_statuses[i]; i++)
		named("status", svk_vocab_need_statuses[i]);
	for (size_t i = 0; svk_vocab_urgencies[i]; i++)
		named("urgency", svk_vocab_urgencies[i]);
	for (size_t i = 0; adopt[i]; i++) {
		ck_assert(svk_vocab_adoption_status_valid(adopt[i]));
		named("adopt", adopt[i]);
	}
	for (size_t i = 0; states[i]; i++)
		named("state", states[i]);
	for (size_t i = 0; links[i]; i++)
		named("link", links[i]);
	for (size_t c = 0; svk_web_i18n_catalogues[c].lang; c++)
		named("lang.name", svk_web_i18n_catalogues[c].lang);
}
END_TEST

START_TEST(test_accept_language_gives_the_best_language_by_q_value)
{
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "fi;q=0.5, da-DK;q=0.9, en;q=0.1"),
	    "da");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "de-DE, de;q=0.9, sv;q=0.2"),
	    "sv");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "EL-gr"), "el");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "it, fi"), "it");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "fi;q=1.0, it;q=1"), "fi");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "sv;q=0.25,da;q=0.3"), "da");
}
END_TEST

START_TEST(test_a_language_refused_or_unknown_falls_back_to_english)
{
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, NULL), "en");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "da;q=0"), "en");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "de, fr;q=0.8"), "en");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, ";;q=,,=,;q=0.x"), "en");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, NULL, "*"), "en");
	ck_assert_str_eq(svk_web_i18n_pick("xx", "yy", ""), "en");
}
END_TEST

START_TEST(test_asking_beats_the_cookie_which_beats_the_browser)
{
	ck_assert_str_eq(svk_web_i18n_pick("el", "it", "da"), "el");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, "it", "da"), "it");
	ck_assert_str_eq(svk_web_i18n_pick("klingon", "it", "da"), "it");
	ck_assert_str_eq(svk_web_i18n_pick(NULL, "<b>", "da"), "da");
}
END_TEST

START_TEST(test_a_text_missing_from_a_language_falls_back_to_english)
{
	ck_assert_str_eq(svk_web_i18n_text("da", "nav.needs"), "Behov");
	ck_assert_str_eq(svk_web_i18n_text("xx", "nav.needs"), "Needs");
	ck_assert_ptr_null(svk_web_i18n_text("da", "no.such.key"));
}
END_TEST

Suite *
web_i18n_suite(void)
{
	Suite *s = suite_create("web_i18n");
	TCase *tc = tcase_create("catalogues");

	tcase_add_test(tc, test_the_app_speaks_six_languages_english_first);
	tcase_add_test(tc, test_every_language_has_every_english_key_and_no_other);
	tcase_add_test(tc, test_every_text_fills_in_what_the_english_fills_in);
	tcase_add_test(tc, test_format_checks_catch_a_missing_or_foreign_conversion);
	tcase_add_test(tc, test_every_area_indicator_unit_and_status_has_a_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("choice");
	tcase_add_test(tc, test_accept_language_gives_the_best_language_by_q_value);
	tcase_add_test(tc, test_a_language_refused_or_unknown_falls_back_to_english);
	tcase_add_test(tc, test_asking_beats_the_cookie_which_beats_the_browser);
	tcase_add_test(tc, test_a_text_missing_from_a_language_falls_back_to_english);
	suite_add_tcase(s, tc);
	return s;
}
