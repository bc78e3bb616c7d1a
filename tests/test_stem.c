/*
 * test_stem.c: store/stem.c: the Snowball stemmers on folded words, the
 * Finnish -inen addition, the index form of a text and the search rule.
 */
#include "stem.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

/* stem_of gives the stem of word (folded first) in lang, in out. */
static void
stem_of(svk_stem *s, const char *lang, const char *word, char out[static 64])
{
	char *folded;
	const char *r;
	size_t n;

	ck_assert_int_eq(svk_fold(word, strlen(word), &folded), 0);
	ck_assert_int_eq(svk_stem_word(s, lang, folded, strlen(folded), &r, &n), 0);
	ck_assert_uint_lt(n, 64);
	memcpy(out, r, n);
	out[n] = '\0';
	free(folded);
}

static void
same_stem(const char *lang, const char *a, const char *b)
{
	svk_stem *s;
	char x[64], y[64];

	ck_assert_int_eq(svk_stem_alloc(&s), 0);
	stem_of(s, lang, a, x);
	stem_of(s, lang, b, y);
	ck_assert_msg(strcmp(x, y) == 0, "%s: %s -> %s but %s -> %s", lang, a, x,
	    b, y);
	svk_stem_free(s);
}

START_TEST(test_swedish_and_danish_forms_of_frivillig_share_a_stem)
{
	same_stem("sv", "frivilliga", "frivillig");
	same_stem("da", "frivillige", "frivillig");
	same_stem("da", "frivilliges", "Frivillig");
}
END_TEST

START_TEST(test_greek_forms_share_a_stem_with_or_without_accents)
{
	/* Folded first: no tonos, σ for ς, lower case. */
	same_stem("el", "εθελοντές", "Εθελοντών");
	same_stem("el", "ηλικιωμενων", "ηλικιωμένους");
	same_stem("el", "ΗΛΙΚΙΩΜΕΝΩΝ", "ηλικιωμένων");
}
END_TEST

START_TEST(test_finnish_inen_stems_to_the_is_form)
{
	svk_stem *s;
	char x[64];

	ck_assert_int_eq(svk_stem_alloc(&s), 0);
	stem_of(s, "fi", "vapaaehtoinen", x);
	ck_assert_str_eq(x, "vapaaehtois");
	stem_of(s, "fi", "kansallinen", x);
	ck_assert_str_eq(x, "kansallis");
	/* Only in Finnish. */
	stem_of(s, "en", "vapaaehtoinen", x);
	ck_assert_str_ne(x, "vapaaehtois");
	svk_stem_free(s);
}
END_TEST

START_TEST(test_a_language_without_a_stemmer_keeps_the_word)
{
	svk_stem *s;
	char x[64];

	ck_assert_int_eq(svk_stem_alloc(&s), 0);
	ck_assert(!svk_stem_known(s, "xx"));
	ck_assert(!svk_stem_known(s, ""));
	ck_assert(svk_stem_known(s, "it"));
	stem_of(s, "xx", "volunteers", x);
	ck_assert_str_eq(x, "volunteers");
	stem_of(s, NULL, "volunteers", x);
	ck_assert_str_eq(x, "volunteers");
	stem_of(s, "it", "volontariato", x);
	ck_assert_str_eq(x, "volontar");
	svk_stem_free(s);
}
END_TEST

START_TEST(test_the_index_form_holds_each_word_and_its_stem)
{
	svk_stem *s;
	char *out;

	ck_assert_int_eq(svk_stem_alloc(&s), 0);
	ck_assert_int_eq(svk_stem_index(s, "da", "Frivillige, børn og unge!", &out), 0);
	ck_assert_str_eq(out, "frivillige frivil born og unge ung");
	free(out);
	ck_assert_int_eq(svk_stem_index(s, "da", "", &out), 0);
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_int_eq(svk_stem_index(s, "da", "\xff", &out), SVK_EINVAL);
	svk_stem_free(s);
}
END_TEST

START_TEST(test_a_short_term_finds_only_the_whole_word)
{
	ck_assert(svk_stem_hits("a", 1, 1, "a", 1));
	ck_assert(!svk_stem_hits("a", 1, 1, "arbejde", 7));
	ck_assert(svk_stem_hits("frivil", 6, 6, "frivilligpolitik", 16));
	ck_assert(!svk_stem_hits("frivil", 6, 6, "friv", 4));
}
END_TEST

Suite *
stem_suite(void)
{
	Suite *s = suite_create("stem");
	TCase *tc = tcase_create("stem");

	tcase_add_test(tc, test_swedish_and_danish_forms_of_frivillig_share_a_stem);
	tcase_add_test(tc, test_greek_forms_share_a_stem_with_or_without_accents);
	tcase_add_test(tc, test_finnish_inen_stems_to_the_is_form);
	tcase_add_test(tc, test_a_language_without_a_stemmer_keeps_the_word);
	tcase_add_test(tc, test_the_index_form_holds_each_word_and_its_stem);
	tcase_add_test(tc, test_a_short_term_finds_only_the_whole_word);
	suite_add_tcase(s, tc);
	return s;
}
