/* test_vocab.c: the fixed vocabularies (store/vocab.c). */
#include <check.h>
#include <string.h>

#include "vocab.h"

START_TEST(test_every_listed_area_is_valid)
{
	size_t n = 0;

	for (; svk_vocab_areas[n] != NULL; n++)
		ck_assert(svk_vocab_area_valid(svk_vocab_areas[n]));
	ck_assert_uint_eq(n, 12);
	ck_assert(svk_vocab_area_valid("elderly_care"));
	ck_assert(svk_vocab_area_valid("volunteer_infrastructure"));
}
END_TEST

START_TEST(test_unknown_areas_are_invalid)
{
	ck_assert(!svk_vocab_area_valid("sport"));
	ck_assert(!svk_vocab_area_valid("Youth"));
	ck_assert(!svk_vocab_area_valid("youth "));
	ck_assert(!svk_vocab_area_valid(""));
	ck_assert(!svk_vocab_area_valid(NULL));
}
END_TEST

START_TEST(test_urgency_and_status_words_are_checked)
{
	ck_assert(svk_vocab_urgency_valid("low"));
	ck_assert(svk_vocab_urgency_valid("medium"));
	ck_assert(svk_vocab_urgency_valid("high"));
	ck_assert(!svk_vocab_urgency_valid("urgent"));
	ck_assert(!svk_vocab_urgency_valid(NULL));
	ck_assert(svk_vocab_need_status_valid("open"));
	ck_assert(svk_vocab_need_status_valid("closed"));
	ck_assert(!svk_vocab_need_status_valid("done"));
	ck_assert(!svk_vocab_need_status_valid(""));
}
END_TEST

START_TEST(test_adoption_statuses_are_checked)
{
	ck_assert(svk_vocab_adoption_status_valid("considering"));
	ck_assert(svk_vocab_adoption_status_valid("piloting"));
	ck_assert(svk_vocab_adoption_status_valid("adopted"));
	ck_assert(svk_vocab_adoption_status_valid("dropped"));
	ck_assert(!svk_vocab_adoption_status_valid("Adopted"));
	ck_assert(!svk_vocab_adoption_status_valid(NULL));
}
END_TEST

START_TEST(test_language_tags_of_the_partners_are_valid)
{
	const char *good[] = {"da", "sv", "fi", "el", "it", "en", "en-GB",
	    "sr-Latn", "zh-Hant-TW", "fil", "de-CH-1996"};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(svk_vocab_lang_valid(good[i]), "%s", good[i]);
}
END_TEST

START_TEST(test_malformed_language_tags_are_invalid)
{
	const char *bad[] = {"", "d", "DA", "Da", "dansk", "en-", "en--GB", "-en",
	    "en_GB", "en-GBGBGBGBG", "en GB", "e1", "x-private",
	    "en-abcdefgh-abcdefgh-abcdefgh-abcdefgh"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!svk_vocab_lang_valid(bad[i]), "%s", bad[i]);
	ck_assert(!svk_vocab_lang_valid(NULL));
}
END_TEST

START_TEST(test_entity_ids_follow_the_rule)
{
	char longest[65], too_long[66];

	memset(longest, 'a', 64);
	longest[64] = '\0';
	memset(too_long, 'a', 65);
	too_long[65] = '\0';
	ck_assert(svk_vocab_entity_id_valid("boernaadgiveruddannelsen"));
	ck_assert(svk_vocab_entity_id_valid("hr-berg"));
	ck_assert(svk_vocab_entity_id_valid("a"));
	ck_assert(svk_vocab_entity_id_valid("2026-q3"));
	ck_assert(svk_vocab_entity_id_valid(longest));
	ck_assert(!svk_vocab_entity_id_valid(too_long));
	ck_assert(!svk_vocab_entity_id_valid(""));
	ck_assert(!svk_vocab_entity_id_valid("-lead"));
	ck_assert(!svk_vocab_entity_id_valid("trail-"));
	ck_assert(!svk_vocab_entity_id_valid("Upper"));
	ck_assert(!svk_vocab_entity_id_valid("under_score"));
	ck_assert(!svk_vocab_entity_id_valid("sp ace"));
	ck_assert(!svk_vocab_entity_id_valid("b\xc3\xb8rn"));
	ck_assert(!svk_vocab_entity_id_valid(NULL));
}
END_TEST

Suite *
vocab_suite(void)
{
	Suite *s = suite_create("vocab");
	TCase *tc = tcase_create("vocab");

	tcase_add_test(tc, test_every_listed_area_is_valid);
	tcase_add_test(tc, test_unknown_areas_are_invalid);
	tcase_add_test(tc, test_urgency_and_status_words_are_checked);
	tcase_add_test(tc, test_adoption_statuses_are_checked);
	tcase_add_test(tc, test_language_tags_of_the_partners_are_valid);
	tcase_add_test(tc, test_malformed_language_tags_are_invalid);
	tcase_add_test(tc, test_entity_ids_follow_the_rule);
	suite_add_tcase(s, tc);
	return s;
}
