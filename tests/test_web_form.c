/*
 * test_web_form.c: node/web/web_form.c, a form's fields: values in pieces,
 * repeated fields, files, and each limit refusing the whole form.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web_form.h"

START_TEST(test_fields_come_in_pieces_and_repeat)
{
	svk_web_form *f;
	svk_web_fields x;
	unsigned long len;

	ck_assert_int_eq(svk_web_form_alloc(&f), 0);
	ck_assert_int_eq(svk_web_form_add(f, "title", false, 0, "Hel", 3), 0);
	ck_assert_int_eq(svk_web_form_add(f, "title", false, 3, "lo", 2), 0);
	ck_assert_int_eq(svk_web_form_add(f, "core", false, 0, "a", 1), 0);
	ck_assert_int_eq(svk_web_form_add(f, "core", false, 0, "b", 1), 0);
	ck_assert_int_eq(svk_web_form_add(f, "empty", false, 0, NULL, 0), 0);
	ck_assert_int_eq(svk_web_form_add(f, "upload", true, 0, "{\"a\":\0}", 7), 0);
	/* more of a field that is not the last, or at a wrong offset */
	ck_assert_int_eq(svk_web_form_add(f, "title", false, 5, "!", 1), SVK_EINVAL);
	ck_assert_int_eq(svk_web_form_add(f, "upload", true, 3, "x", 1), SVK_EINVAL);
	x = svk_web_form_fields(f);
	ck_assert_str_eq(x.get(x.arg, "title"), "Hello");
	ck_assert_str_eq(x.get(x.arg, "core"), "a");
	ck_assert_str_eq(x.each(x.arg, "core", 0), "a");
	ck_assert_str_eq(x.each(x.arg, "core", 1), "b");
	ck_assert_ptr_null(x.each(x.arg, "core", 2));
	ck_assert_str_eq(x.get(x.arg, "empty"), "");
	ck_assert_ptr_null(x.get(x.arg, "missing"));
	ck_assert_int_eq(memcmp(x.file(x.arg, "upload", &len), "{\"a\":\0}", 7), 0);
	ck_assert_uint_eq(len, 7);
	ck_assert_uint_eq(svk_web_form_count(f), 5);
	svk_web_form_free(f);
}
END_TEST

START_TEST(test_a_value_over_its_limit_refuses_the_whole_form)
{
	svk_web_form *f;
	char *big = calloc(1, SVK_WEB_FORM_MAX_FILE + 1);

	ck_assert_ptr_nonnull(big);
	memset(big, 'a', SVK_WEB_FORM_MAX_FILE + 1);
	ck_assert_int_eq(svk_web_form_alloc(&f), 0);
	/* a text field of 64 KiB is fine, one byte more is not */
	ck_assert_int_eq(svk_web_form_add(f, "a", false, 0, big, SVK_WEB_FORM_MAX_VALUE),
	    0);
	ck_assert_int_eq(svk_web_form_add(f, "a", false, SVK_WEB_FORM_MAX_VALUE, big, 1),
	    -E2BIG);
	ck_assert_int_eq(svk_web_form_add(f, "b", false, 0, "x", 1), -E2BIG);
	svk_web_form_free(f);
	/* a file may be 1 MiB */
	ck_assert_int_eq(svk_web_form_alloc(&f), 0);
	ck_assert_int_eq(svk_web_form_add(f, "up", true, 0, big, SVK_WEB_FORM_MAX_FILE),
	    0);
	ck_assert_int_eq(svk_web_form_add(f, "up", true, SVK_WEB_FORM_MAX_FILE, big, 1),
	    -E2BIG);
	svk_web_form_free(f);
	free(big);
}
END_TEST

START_TEST(test_too_many_fields_long_names_or_a_big_body_are_refused)
{
	svk_web_form *f;
	char name[SVK_WEB_FORM_MAX_NAME + 2];
	char *chunk = calloc(1, SVK_WEB_FORM_MAX_FILE);

	ck_assert_int_eq(svk_web_form_alloc(&f), 0);
	for (int i = 0; i < SVK_WEB_FORM_MAX_FIELDS; i++)
		ck_assert_int_eq(svk_web_form_add(f, "c", false, 0, "x", 1), 0);
	ck_assert_int_eq(svk_web_form_add(f, "c", false, 0, "x", 1), -E2BIG);
	svk_web_form_free(f);

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ck_assert_int_eq(svk_web_form_alloc(&f), 0);
	ck_assert_int_eq(svk_web_form_add(f, name, false, 0, "x", 1), -E2BIG);
	svk_web_form_free(f);

	/* files of 1 MiB each: the body's limit comes first */
	ck_assert_int_eq(svk_web_form_alloc(&f), 0);
	ck_assert_int_eq(svk_web_form_add(f, "a", true, 0, chunk,
			     SVK_WEB_FORM_MAX_FILE - 16),
	    0);
	ck_assert_int_eq(svk_web_form_add(f, "b", true, 0, chunk,
			     SVK_WEB_FORM_MAX_FILE - 16),
	    0);
	ck_assert_int_eq(svk_web_form_add(f, "c", true, 0, chunk, 64), -E2BIG);
	svk_web_form_free(f);
	free(chunk);
}
END_TEST

Suite *
web_form_suite(void)
{
	Suite *s = suite_create("web_form");
	TCase *tc = tcase_create("web_form");

	tcase_add_test(tc, test_fields_come_in_pieces_and_repeat);
	tcase_add_test(tc, test_a_value_over_its_limit_refuses_the_whole_form);
	tcase_add_test(tc, test_too_many_fields_long_names_or_a_big_body_are_refused);
	suite_add_tcase(s, tc);
	return s;
}
