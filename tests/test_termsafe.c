/*
 * test_termsafe.c: node/termsafe.c, no received control character reaches a
 * terminal raw.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "termsafe.h"

/* The filtered form of s, in a new string. */
static char *
filtered(const char *s, size_t len)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	bool c2 = false;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(svk_termsafe_filter(f, s, len, &c2), 0);
	ck_assert_int_eq(fclose(f), 0);
	return out;
}

START_TEST(test_terminal_escapes_in_a_title_are_shown_not_obeyed)
{
	const char title[] = "Legepatruljen\x1b[2J\x1b]0;owned\x07 end\r";
	char *s = filtered(title, sizeof(title) - 1);

	ck_assert_str_eq(s, "Legepatruljen^[[2J^[]0;owned^G end^M");
	free(s);
}
END_TEST

START_TEST(test_newlines_tabs_and_letters_of_every_language_pass_unchanged)
{
	const char text[] = "Örebro\tΔήμος Τρικκαίων\nBørnerådgiver ŝ €\n";
	char *s = filtered(text, sizeof(text) - 1);

	ck_assert_str_eq(s, text);
	free(s);
}
END_TEST

START_TEST(test_c1_controls_are_replaced_even_when_split_between_writes)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	bool c2 = false;

	ck_assert_ptr_nonnull(f);
	/* U+009B (CSI) is C2 9B; U+00A9 (©) is C2 A9 and stays */
	ck_assert_int_eq(svk_termsafe_filter(f, "a\xc2", 2, &c2), 0);
	ck_assert_int_eq(svk_termsafe_filter(f,
			     "\x9b"
			     "2J \xc2\xa9\x7f",
			     7, &c2),
	    0);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_str_eq(out, "a?2J \xc2\xa9^?");
	free(out);
}
END_TEST

Suite *
termsafe_suite(void)
{
	Suite *s = suite_create("termsafe");
	TCase *tc = tcase_create("filter");

	tcase_add_test(tc, test_terminal_escapes_in_a_title_are_shown_not_obeyed);
	tcase_add_test(tc,
	    test_newlines_tabs_and_letters_of_every_language_pass_unchanged);
	tcase_add_test(tc,
	    test_c1_controls_are_replaced_even_when_split_between_writes);
	suite_add_tcase(s, tc);
	return s;
}
