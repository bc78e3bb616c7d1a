/*
 * test_lock.c: node/lock.c, one daemon per folder.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "lock.h"

START_TEST(test_a_second_lock_on_a_folder_is_refused_naming_the_holder)
{
	char dir[64];
	int fd, fd2;
	pid_t holder, child;
	int status;

	fx_tmpdir(dir, "lock");
	ck_assert_int_eq(svk_lock_take(dir, &fd, &holder), 0);
	ck_assert_int_ge(fd, 0);
	/* flock is per open file: another process (or another open) is refused */
	if ((child = fork()) == 0) {
		int rc = svk_lock_take(dir, &fd2, &holder);
		_exit(rc == -EBUSY && holder == getppid() ? 0 : 1);
	}
	ck_assert_int_gt(child, 0);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	svk_lock_release(fd);
	/* released: the next one gets it */
	ck_assert_int_eq(svk_lock_take(dir, &fd2, &holder), 0);
	svk_lock_release(fd2);
	fx_rmdir(dir);
}
END_TEST

START_TEST(test_the_lock_of_a_process_that_died_is_free_again)
{
	char dir[64];
	int fd, status;
	pid_t holder, child;

	fx_tmpdir(dir, "lock");
	if ((child = fork()) == 0) {
		int f;
		_exit(svk_lock_take(dir, &f, &holder) == 0 ? 0 : 1); /* no release */
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(svk_lock_take(dir, &fd, &holder), 0);
	svk_lock_release(fd);
	fx_rmdir(dir);
}
END_TEST

START_TEST(test_a_missing_folder_is_an_error_not_a_lock)
{
	int fd;
	pid_t holder;

	ck_assert_int_eq(svk_lock_take("/nonexistent/svk", &fd, &holder), -ENOENT);
	ck_assert_int_eq(fd, -1);
}
END_TEST

Suite *
lock_suite(void)
{
	Suite *s = suite_create("lock");
	TCase *tc = tcase_create("lock");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_test(tc, test_a_second_lock_on_a_folder_is_refused_naming_the_holder);
	tcase_add_test(tc, test_the_lock_of_a_process_that_died_is_free_again);
	tcase_add_test(tc, test_a_missing_folder_is_an_error_not_a_lock);
	suite_add_tcase(s, tc);
	return s;
}
