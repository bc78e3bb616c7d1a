/*
 * test_integrity.c: store/integrity.c, a damaged store file is found.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "integrity.h"

/* Zeroes the page numbered page (1-based) of the file at path. */
static void
zero_page(const char *path, long page, long size)
{
	int fd = open(path, O_WRONLY);
	char *zeros = calloc(1, (size_t)size);

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(zeros);
	ck_assert_int_eq(pwrite(fd, zeros, (size_t)size, (page - 1) * size), size);
	ck_assert_int_eq(close(fd), 0);
	free(zeros);
}

START_TEST(test_a_zeroed_page_inside_the_log_is_found_by_both_checks)
{
	char dir[64], path[256], *problem;
	svk_identity *me;
	svk_store *st;
	int64_t pages, size;

	ck_assert_int_eq(svk_crypto_init(), 0);
	me = fx_identity();

	fx_tmpdir(dir, "integrity");
	st = fx_store(dir, "samverk.db");
	for (int i = 0; i < 400; i++) {
		char id[32];
		snprintf(id, sizeof(id), "practice-%d", i);
		(void)fx_append_practice(st, me, id,
		    "A practice long enough to fill pages");
	}
	ck_assert_int_eq(svk_integrity_quick(st, &problem), 0);
	ck_assert_ptr_null(problem);
	fx_exec(st, "PRAGMA wal_checkpoint(TRUNCATE)");
	pages = fx_count(st, "PRAGMA page_count");
	size = fx_count(st, "PRAGMA page_size");
	/* a page of the log's b-tree, well inside the file */
	int64_t victim = fx_count(st,
	    "SELECT max(pageno) FROM dbstat WHERE name = 'log' AND pagetype = 'leaf'");
	ck_assert_int_gt(pages, 20);
	svk_store_close(st);
	zero_page(fx_path(path, dir, "samverk.db"), (long)victim, (long)size);

	ck_assert_int_eq(svk_integrity_full(path, &problem), SVK_ECORRUPT);
	ck_assert_ptr_nonnull(problem);
	free(problem);
	ck_assert_int_eq(svk_store_open(&st, path, 0), 0);
	ck_assert_int_eq(svk_integrity_quick(st, &problem), SVK_ECORRUPT);
	ck_assert_ptr_nonnull(problem);
	ck_assert_ptr_nonnull(strstr(problem, "age"));
	free(problem);
	svk_store_close(st);
	svk_crypto_identity_free(me);
	fx_rmdir(dir);
}
END_TEST

Suite *
integrity_suite(void)
{
	Suite *s = suite_create("integrity");
	TCase *tc = tcase_create("integrity");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_test(tc, test_a_zeroed_page_inside_the_log_is_found_by_both_checks);
	suite_add_tcase(s, tc);
	return s;
}
