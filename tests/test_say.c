/*
 * test_say.c: node/say.c, log lines, and the budget for lines a partner can
 * cause at will.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "say.h"

/* Runs fn with stderr going to a temporary file; returns what it wrote. */
static char *
captured(void (*fn)(void))
{
	char path[] = "/tmp/svk-say-XXXXXX", *buf;
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	long len;
	FILE *f;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(saved, 0);
	fflush(stderr);
	ck_assert_int_ge(dup2(fd, STDERR_FILENO), 0);
	fn();
	fflush(stderr);
	ck_assert_int_ge(dup2(saved, STDERR_FILENO), 0);
	close(saved);
	close(fd);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)len + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	unlink(path);
	return buf;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

static void
flood(void)
{
	svk_say_limit lim = {0};
	svk_say_level_set(SVK_INFO);
	for (int i = 0; i < 1000; i++)
		svk_say_limited(&lim, SVK_WARN,
		    "refused entry %d from Trikala: bad signature", i);
	/* a minute later the budget is back, and the held lines are told */
	lim.window_ms -= 60000;
	svk_say_limited(&lim, SVK_WARN,
	    "refused entry last from Trikala: bad signature");
}

START_TEST(test_a_flood_of_rejections_prints_a_few_lines_and_counts_the_rest)
{
	char *out = captured(flood);

	ck_assert_uint_eq(count(out, "refused entry"), SVK_SAY_BURST + 1);
	ck_assert_ptr_nonnull(strstr(out, "refused entry 0 from Trikala"));
	ck_assert_ptr_nonnull(strstr(out,
	    "(990 more like it held back in the last minute)"));
	ck_assert_ptr_nonnull(strstr(out, "warn"));
	free(out);
}
END_TEST

static void
quiet(void)
{
	svk_say_limit lim = {0};
	svk_say_level_set(SVK_ERROR);
	svk_say_limited(&lim, SVK_WARN, "not shown");
	svk_say(SVK_INFO, "not shown either");
	svk_say_error("shown");
	svk_say_level_set(SVK_INFO);
}

START_TEST(test_lines_below_the_level_are_not_printed)
{
	char *out = captured(quiet);

	ck_assert_ptr_null(strstr(out, "not shown"));
	ck_assert_ptr_nonnull(strstr(out, "shown"));
	free(out);
}
END_TEST

Suite *
say_suite(void)
{
	Suite *s = suite_create("say");
	TCase *tc = tcase_create("say");

	tcase_add_test(tc,
	    test_a_flood_of_rejections_prints_a_few_lines_and_counts_the_rest);
	tcase_add_test(tc, test_lines_below_the_level_are_not_printed);
	suite_add_tcase(s, tc);
	return s;
}
