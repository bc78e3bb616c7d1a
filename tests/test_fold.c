/*
 * test_fold.c: tests for store/fold.c, the search folding and UTF-8 checks.
 *
 * The words are the kind users search for in each country's text; the
 * invalid inputs cover each way UTF-8 can be malformed; and one test walks
 * every code point to check that folding never lengthens text (fold.c sizes
 * its buffer on that) and that folding twice changes nothing.
 */
#include "fold.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* expect_fold folds the NUL-terminated in and checks it gives want. */
static void
expect_fold(const char *in, const char *want)
{
	char *got = NULL;
	int rc = svk_fold(in, strlen(in), &got);

	ck_assert_msg(rc == 0, "fold(\"%s\") failed: %s", in, svk_error_str(rc));
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strcmp(got, want) == 0,
	    "fold(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	free(got);
}

struct bad_utf8 {
	const char *bytes;
	size_t len;
};

/* clang-format off */
#define BAD(lit) {lit, sizeof(lit) - 1}
/* clang-format on */

/* expect_invalid checks that both functions reject each of the inputs. */
static void
expect_invalid(const struct bad_utf8 *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char sentinel = 0;
		char *got = &sentinel;

		ck_assert_msg(!svk_fold_utf8_valid(cases[i].bytes, cases[i].len),
		    "case %zu accepted", i);
		ck_assert_int_eq(svk_fold(cases[i].bytes, cases[i].len, &got),
		    SVK_EINVAL);
		ck_assert_ptr_null(got);
	}
}

#define EXPECT_INVALID(cases) \
	expect_invalid(cases, sizeof(cases) / sizeof(cases[0]))

/* encode writes cp as UTF-8 into buf and returns its length. */
static size_t
encode(uint32_t cp, char buf[static 4])
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

START_TEST(test_fold_strips_danish_letters)
{
	expect_fold("Børnerådgiveruddannelsen", "borneradgiveruddannelsen");
	expect_fold("Ærø", "aero");
	expect_fold("ÆØÅ æøå", "aeoa aeoa");
}
END_TEST

START_TEST(test_fold_strips_swedish_letters)
{
	expect_fold("Örebro", "orebro");
	expect_fold("Västerås Göteborg Malmö", "vasteras goteborg malmo");
}
END_TEST

START_TEST(test_fold_strips_finnish_letters)
{
	expect_fold("Kansallinen Strategia ÄÖ", "kansallinen strategia ao");
	expect_fold("Hämeenlinna Šakki", "hameenlinna sakki");
}
END_TEST

START_TEST(test_fold_strips_italian_accents)
{
	expect_fold("perché Città", "perche citta");
	expect_fold("È Più Così", "e piu cosi");
}
END_TEST

START_TEST(test_fold_strips_latin_extended_a)
{
	expect_fold("Łódź Dvořák Győr Čačak Kraków Žilina Ősz Űr",
	    "lodz dvorak gyor cacak krakow zilina osz ur");
	expect_fold("ĀĒĪŌŪ ĞŞİ ĲĳŒœ", "aeiou gsi ijijoeoe");
	expect_fold("Ÿÿý ĸ ŉŋſ", "yyy q nns");
}
END_TEST

START_TEST(test_fold_turns_every_latin_letter_into_ascii)
{
	char in[4];
	char *got = NULL;

	/* U+00C0-U+017F are all letters but × (U+00D7) and ÷ (U+00F7). */
	for (uint32_t cp = 0xC0; cp <= 0x17F; cp++) {
		if (cp == 0xD7 || cp == 0xF7)
			continue;
		ck_assert_int_eq(svk_fold(in, encode(cp, in), &got), 0);
		ck_assert_msg(got[0] != '\0', "U+%04X vanishes", (unsigned)cp);
		for (const char *c = got; *c != '\0'; c++)
			ck_assert_msg(*c >= 'a' && *c <= 'z',
			    "U+%04X folds to \"%s\"", (unsigned)cp, got);
		free(got);
	}
}
END_TEST

START_TEST(test_fold_maps_letters_without_a_base_letter)
{
	expect_fold("øØ æÆ œŒ ß ðÐ þÞ łŁ đĐ ı", "oo aeae oeoe ss dd thth ll dd i");
	expect_fold("Þórshöfn Straße", "thorshofn strasse");
}
END_TEST

START_TEST(test_fold_keeps_times_and_divide_signs)
{
	expect_fold("2×3÷4", "2×3÷4");
}
END_TEST

START_TEST(test_fold_removes_greek_tonos)
{
	expect_fold("ηλικιωμένων", "ηλικιωμενων");
	expect_fold("Τρίκαλα", "τρικαλα");
	expect_fold("ά έ ή ί ό ύ ώ", "α ε η ι ο υ ω");
	expect_fold("Ά Έ Ή Ί Ό Ύ Ώ", "α ε η ι ο υ ω");
}
END_TEST

START_TEST(test_fold_lowers_greek_capitals)
{
	expect_fold("ΗΛΙΚΙΩΜΈΝΩΝ", "ηλικιωμενων");
	expect_fold("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ", "αβγδεζηθικλμνξοπρστυφχψω");
}
END_TEST

START_TEST(test_fold_removes_greek_dialytika)
{
	expect_fold("ϊ ϋ ΐ ΰ Ϊ Ϋ", "ι υ ι υ ι υ");
	expect_fold("Προϊόντα", "προιοντα");
}
END_TEST

START_TEST(test_fold_turns_final_sigma_into_sigma)
{
	expect_fold("Εθελοντές", "εθελοντεσ");
	expect_fold("ΕΘΕΛΟΝΤΕΣ", "εθελοντεσ");
}
END_TEST

START_TEST(test_fold_lowers_cyrillic)
{
	expect_fold("МОСКВА Київ", "москва киів");
	expect_fold("ЂЉЊЋЏ", "ђљњћџ");
	expect_fold("Ґанок", "ґанок");
}
END_TEST

START_TEST(test_fold_strips_marks_from_cyrillic_letters)
{
	/* The choice documented in fold.c: ё→е and й→и, as for é→e. */
	expect_fold("Ёлка ёж", "елка еж");
	expect_fold("Йошкар-Ола мой", "иошкар-ола мои");
	expect_fold("Ѐ Ѝ ѐ ѝ Ў", "е и е и у");
}
END_TEST

START_TEST(test_fold_drops_combining_marks)
{
	expect_fold("e\xcc\x81", "e");
	expect_fold("Bo\xcc\x88rnera\xcc\x8a"
		    "d",
	    "bornerad");
	expect_fold("\xce\xb7\xce\xbb\xce\xb9\xce\xba\xce\xb9\xcf\x89\xce\xbc"
		    "\xce\xb5\xcc\x81\xce\xbd\xcf\x89\xce\xbd",
	    "ηλικιωμενων");
	/* A mark with nothing before it is dropped too. */
	expect_fold("\xcc\x81"
		    "a\xcd\xaf",
	    "a");
}
END_TEST

START_TEST(test_fold_folds_composed_and_decomposed_text_alike)
{
	char *composed = NULL, *decomposed = NULL;
	const char *nfc = "Ærø Città ηλικιωμένων Ёлка";
	const char *nfd = "Ærø Citta\xcc\x80 ηλικιωμε\xcc\x81νων "
			  "\xd0\x95\xcc\x88лка";

	ck_assert_int_eq(svk_fold(nfc, strlen(nfc), &composed), 0);
	ck_assert_int_eq(svk_fold(nfd, strlen(nfd), &decomposed), 0);
	ck_assert_str_eq(composed, decomposed);
	free(composed);
	free(decomposed);
}
END_TEST

START_TEST(test_fold_passes_other_text_through)
{
	expect_fold("2026-Q3: 42 % (ok)!", "2026-q3: 42 % (ok)!");
	expect_fold("东京 ソウル 서울", "东京 ソウル 서울");
	expect_fold("€ © « » ¿", "€ © « » ¿");
}
END_TEST

START_TEST(test_fold_passes_four_byte_emoji_through)
{
	expect_fold("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
	expect_fold("Hej \xf0\x9f\x91\x8b Åse", "hej \xf0\x9f\x91\x8b ase");
}
END_TEST

START_TEST(test_fold_of_empty_input_is_empty_string)
{
	char *got = NULL;

	ck_assert_int_eq(svk_fold("", 0, &got), 0);
	ck_assert_str_eq(got, "");
	free(got);
	got = NULL;
	ck_assert_int_eq(svk_fold(NULL, 0, &got), 0);
	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

START_TEST(test_fold_reads_only_len_bytes)
{
	char *got = NULL;

	ck_assert_int_eq(svk_fold("ÅBC", 3, &got), 0);
	ck_assert_str_eq(got, "ab");
	free(got);
}
END_TEST

START_TEST(test_fold_rejects_missing_arguments)
{
	char *got = NULL;

	ck_assert_int_eq(svk_fold("a", 1, NULL), SVK_EINVAL);
	ck_assert_int_eq(svk_fold(NULL, 1, &got), SVK_EINVAL);
	ck_assert_ptr_null(got);
	ck_assert(!svk_fold_utf8_valid(NULL, 1));
	ck_assert(svk_fold_utf8_valid(NULL, 0));
}
END_TEST

START_TEST(test_fold_never_lengthens_text_and_is_idempotent)
{
	char in[4];

	/*
	 * Plain ifs rather than ck_assert in the loop: each passing ck_assert
	 * writes to Check's pipe, a system call per code point.
	 */
	for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
		char *once = NULL, *twice = NULL;
		const char *wrong = NULL;

		if (cp == 0xD800)
			cp = 0xE000;
		size_t n = encode(cp, in);

		if (svk_fold(in, n, &once) != 0)
			wrong = "does not fold";
		else if (strlen(once) > n)
			wrong = "grows";
		else if (!svk_fold_utf8_valid(once, strlen(once)))
			wrong = "folds to invalid UTF-8";
		else if (svk_fold(once, strlen(once), &twice) != 0)
			wrong = "does not fold twice";
		else if (strcmp(once, twice) != 0)
			wrong = "changes when folded again";
		free(once);
		free(twice);
		if (wrong != NULL)
			ck_abort_msg("U+%04X %s", (unsigned)cp, wrong);
	}
}
END_TEST

START_TEST(test_utf8_valid_accepts_every_boundary)
{
	static const char *const good[] = {
	    "",
	    "\x7f",		/* U+007F */
	    "\xc2\x80",		/* U+0080 */
	    "\xdf\xbf",		/* U+07FF */
	    "\xe0\xa0\x80",	/* U+0800 */
	    "\xed\x9f\xbf",	/* U+D7FF */
	    "\xee\x80\x80",	/* U+E000 */
	    "\xef\xbf\xbf",	/* U+FFFF */
	    "\xf0\x90\x80\x80", /* U+10000 */
	    "\xf4\x8f\xbf\xbf", /* U+10FFFF */
	    "Børnerådgiveruddannelsen ηλικιωμένων",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(svk_fold_utf8_valid(good[i], strlen(good[i])),
		    "case %zu rejected", i);
}
END_TEST

START_TEST(test_utf8_valid_rejects_overlong_forms)
{
	static const struct bad_utf8 cases[] = {
	    BAD("\xc0\x80"), /* NUL in two bytes */
	    BAD("\xc0\xaf"), /* '/' in two bytes */
	    BAD("\xc1\xbf"), BAD("\xe0\x80\x80"), BAD("\xe0\x9f\xbf"), /* U+07FF in three */
	    BAD("\xf0\x80\x80\x80"), BAD("\xf0\x8f\xbf\xbf"), /* U+FFFF in four */
	};

	EXPECT_INVALID(cases);
}
END_TEST

START_TEST(test_utf8_valid_rejects_surrogates)
{
	static const struct bad_utf8 cases[] = {
	    BAD("\xed\xa0\x80"),	     /* U+D800 */
	    BAD("\xed\xaf\xbf"),	     /* U+DBFF */
	    BAD("\xed\xb0\x80"),	     /* U+DC00 */
	    BAD("\xed\xbf\xbf"),	     /* U+DFFF */
	    BAD("\xed\xa0\xbd\xed\xb8\x80"), /* a CESU-8 pair */
	};

	EXPECT_INVALID(cases);
}
END_TEST

START_TEST(test_utf8_valid_rejects_code_points_above_10ffff)
{
	static const struct bad_utf8 cases[] = {
	    BAD("\xf4\x90\x80\x80"), /* U+110000 */
	    BAD("\xf5\x80\x80\x80"),
	    BAD("\xf7\xbf\xbf\xbf"),
	    BAD("\xf8\x88\x80\x80\x80"), /* old five-byte form */
	    BAD("\xfc\x84\x80\x80\x80\x80"),
	    BAD("\xfe"),
	    BAD("\xff"),
	};

	EXPECT_INVALID(cases);
}
END_TEST

START_TEST(test_utf8_valid_rejects_truncated_sequences)
{
	static const struct bad_utf8 cases[] = {
	    BAD("\xc3"), BAD("\xe2\x82"), BAD("\xf0\x9f\x98"), BAD("abc\xc3"),
	    BAD("\xc3"
		"A"), /* lead byte then ASCII */
	    BAD("\xe2\x82"
		"A"),
	    BAD("\xf0\x9f\x98"
		"A"),
	    BAD("\xe2\xc3\xa5"), /* cut by another lead */
	};

	EXPECT_INVALID(cases);
}
END_TEST

START_TEST(test_utf8_valid_rejects_stray_continuation_bytes)
{
	static const struct bad_utf8 cases[] = {
	    BAD("\x80"),
	    BAD("\xbf"),
	    BAD("a\x80"
		"b"),
	    BAD("\xc3\xa5\xa5"), /* one too many */
	    BAD("\xf0\x9f\x98\x80\x80"),
	};

	EXPECT_INVALID(cases);
}
END_TEST

START_TEST(test_utf8_valid_rejects_nul_bytes)
{
	static const struct bad_utf8 cases[] = {
	    {"\0", 1},
	    {"a\0b", 3},
	    {"\xc3\xa5\0", 3},
	};

	EXPECT_INVALID(cases);
}
END_TEST

/* Search and matching split words by the one rule of unicode61. */
START_TEST(test_fold_char_splits_words_as_unicode61_does)
{
	static const struct {
		const char *s;
		size_t len;
		bool word;
	} cases[] = {
	    {"a", 1, true},
	    {"7", 1, true},
	    {"_", 1, false},
	    {"-", 1, false},
	    {" ", 1, false},
	    {"\xc3\xa5", 2, true},
	    {"\xc2\xab", 2, false},
	    {"\xc2\xa0", 2, false},
	    {"\xe2\x80\x94", 3, false},
	    {"\xe3\x80\x82", 3, false},
	    {"\xce\xb1", 2, true},
	    {"\xf0\x9f\x98\x80", 4, true},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool word = !cases[i].word;
		ck_assert_uint_eq(svk_fold_char(cases[i].s, strlen(cases[i].s), &word),
		    cases[i].len);
		ck_assert_msg(word == cases[i].word, "case %zu", i);
	}
}
END_TEST

Suite *
fold_suite(void)
{
	Suite *s = suite_create("fold");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_fold_strips_danish_letters);
	tcase_add_test(tc, test_fold_strips_swedish_letters);
	tcase_add_test(tc, test_fold_strips_finnish_letters);
	tcase_add_test(tc, test_fold_strips_italian_accents);
	tcase_add_test(tc, test_fold_strips_latin_extended_a);
	tcase_add_test(tc, test_fold_turns_every_latin_letter_into_ascii);
	tcase_add_test(tc, test_fold_maps_letters_without_a_base_letter);
	tcase_add_test(tc, test_fold_keeps_times_and_divide_signs);
	tcase_add_test(tc, test_fold_removes_greek_tonos);
	tcase_add_test(tc, test_fold_lowers_greek_capitals);
	tcase_add_test(tc, test_fold_removes_greek_dialytika);
	tcase_add_test(tc, test_fold_turns_final_sigma_into_sigma);
	tcase_add_test(tc, test_fold_lowers_cyrillic);
	tcase_add_test(tc, test_fold_strips_marks_from_cyrillic_letters);
	tcase_add_test(tc, test_fold_drops_combining_marks);
	tcase_add_test(tc, test_fold_folds_composed_and_decomposed_text_alike);
	tcase_add_test(tc, test_fold_passes_other_text_through);
	tcase_add_test(tc, test_fold_passes_four_byte_emoji_through);
	tcase_add_test(tc, test_fold_of_empty_input_is_empty_string);
	tcase_add_test(tc, test_fold_reads_only_len_bytes);
	tcase_add_test(tc, test_fold_rejects_missing_arguments);
	tcase_add_test(tc, test_fold_never_lengthens_text_and_is_idempotent);
	tcase_add_test(tc, test_utf8_valid_accepts_every_boundary);
	tcase_add_test(tc, test_utf8_valid_rejects_overlong_forms);
	tcase_add_test(tc, test_utf8_valid_rejects_surrogates);
	tcase_add_test(tc, test_utf8_valid_rejects_code_points_above_10ffff);
	tcase_add_test(tc, test_utf8_valid_rejects_truncated_sequences);
	tcase_add_test(tc, test_utf8_valid_rejects_stray_continuation_bytes);
	tcase_add_test(tc, test_utf8_valid_rejects_nul_bytes);
	tcase_add_test(tc, test_fold_char_splits_words_as_unicode61_does);
	/* The walk over every code point takes a few seconds under ASan. */
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
