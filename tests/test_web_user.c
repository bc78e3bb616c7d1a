/*
 * test_web_user.c: store/web_user.c: web users in the store: adding one
 * (an Argon2id hash, never the password), names and roles checked, a name
 * taken, new passwords, removal, listing, and checking passwords, with an
 * unknown name checked all the same and refused.
 */
#include "web_user.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static char dir[64];
static svk_store *st;

static void
setup(void)
{
	fx_tmpdir(dir, "web_user");
	st = fx_store(dir, "samverk.db");
}

static void
teardown(void)
{
	svk_store_close(st);
	fx_rmdir(dir);
}

#define PW "correct horse battery"

START_TEST(test_a_web_user_is_stored_with_an_argon2id_hash_not_the_password)
{
	svk_web_user u;
	char hash[SVK_WEB_USER_HASH_MAX], path[256];
	size_t len;
	char *db;

	ck_assert_int_eq(svk_web_user_add(st, "alice", SVK_WEB_USER_ADMIN, PW,
			     strlen(PW)),
	    0);
	ck_assert_int_eq(svk_web_user_get(st, "alice", &u, hash), 0);
	ck_assert_int_eq(u.role, SVK_WEB_USER_ADMIN);
	ck_assert_str_eq(u.name, "alice");
	ck_assert_int_gt(u.created_ms, 0);
	ck_assert_int_eq(u.updated_ms, u.created_ms);
	ck_assert_int_eq(strncmp(hash, "$argon2id$", 10), 0);
	ck_assert(svk_web_user_verify(hash, PW, strlen(PW)));
	ck_assert(!svk_web_user_verify(hash, "correct horse batterY", strlen(PW)));
	ck_assert(!svk_web_user_verify(hash, PW, strlen(PW) - 1));
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM web_users"), 1);
	/* the password itself is nowhere in the file or its log */
	svk_store_close(st);
	st = NULL;
	db = fx_read_file(fx_path(path, dir, "samverk.db"), &len);
	for (size_t i = 0; i + strlen(PW) <= len; i++)
		ck_assert(memcmp(db + i, PW, strlen(PW)) != 0);
	free(db);
	st = fx_store(dir, "samverk.db");
}
END_TEST

START_TEST(test_names_roles_and_password_lengths_are_checked)
{
	svk_web_user_role role;

	ck_assert(svk_web_user_name_valid("alice"));
	ck_assert(svk_web_user_name_valid("a.b-c_d@kommune.dk"));
	ck_assert(!svk_web_user_name_valid(""));
	ck_assert(!svk_web_user_name_valid(".alice"));
	ck_assert(!svk_web_user_name_valid("al ice"));
	ck_assert(!svk_web_user_name_valid("alice\n"));
	ck_assert(!svk_web_user_name_valid("Ålice"));
	ck_assert(!svk_web_user_name_valid(
	    "a123456789012345678901234567890123456789012345678901234567890123"));
	ck_assert_int_eq(svk_web_user_role_parse("editor", &role), 0);
	ck_assert_int_eq(role, SVK_WEB_USER_EDITOR);
	ck_assert_int_eq(svk_web_user_role_parse("root", &role), SVK_EINVAL);
	ck_assert_int_eq(svk_web_user_add(st, "bad name", SVK_WEB_USER_EDITOR, PW,
			     strlen(PW)),
	    SVK_EINVAL);
	ck_assert_int_eq(svk_web_user_add(st, "bob", 7, PW, strlen(PW)), SVK_EINVAL);
	ck_assert_int_eq(svk_web_user_add(st, "bob", SVK_WEB_USER_EDITOR, "short", 5),
	    SVK_EINVAL);
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM web_users"), 0);
}
END_TEST

START_TEST(test_a_name_taken_is_refused_and_passwd_replaces_the_hash)
{
	char before[SVK_WEB_USER_HASH_MAX], after[SVK_WEB_USER_HASH_MAX];
	svk_web_user u1, u2;

	ck_assert_int_eq(svk_web_user_add(st, "bob", SVK_WEB_USER_EDITOR, PW,
			     strlen(PW)),
	    0);
	ck_assert_int_eq(svk_web_user_add(st, "bob", SVK_WEB_USER_ADMIN, PW,
			     strlen(PW)),
	    SVK_EEXISTS);
	ck_assert_int_eq(svk_web_user_get(st, "bob", &u1, before), 0);
	ck_assert_int_eq(svk_web_user_passwd(st, "bob", "another password", 16), 0);
	ck_assert_int_eq(svk_web_user_get(st, "bob", &u2, after), 0);
	ck_assert_int_ge(u2.updated_ms, u1.updated_ms);
	ck_assert_int_eq(u2.created_ms, u1.created_ms);
	ck_assert_str_ne(before, after);
	ck_assert(!svk_web_user_verify(after, PW, strlen(PW)));
	ck_assert(svk_web_user_verify(after, "another password", 16));
	ck_assert_int_eq(svk_web_user_passwd(st, "nobody", "another password", 16),
	    SVK_ENOTFOUND);
}
END_TEST

static int
collect(void *arg, const svk_web_user *u)
{
	char *out = arg;
	size_t n = strlen(out);
	snprintf(out + n, 256 - n, "%s:%s ", u->name, svk_web_user_role_name(u->role));
	return 0;
}

START_TEST(test_users_are_listed_by_name_and_removed)
{
	char list[256] = "";

	ck_assert_int_eq(svk_web_user_add(st, "carol", SVK_WEB_USER_ADMIN, PW,
			     strlen(PW)),
	    0);
	ck_assert_int_eq(svk_web_user_add(st, "bob", SVK_WEB_USER_EDITOR, PW,
			     strlen(PW)),
	    0);
	ck_assert_int_eq(svk_web_user_each(st, collect, list), 0);
	ck_assert_str_eq(list, "bob:editor carol:admin ");
	ck_assert_int_eq(svk_web_user_remove(st, "bob"), 0);
	ck_assert_int_eq(svk_web_user_remove(st, "bob"), SVK_ENOTFOUND);
	ck_assert_int_eq(svk_web_user_get(st, "bob", NULL, NULL), SVK_ENOTFOUND);
	list[0] = '\0';
	ck_assert_int_eq(svk_web_user_each(st, collect, list), 0);
	ck_assert_str_eq(list, "carol:admin ");
}
END_TEST

START_TEST(test_an_unknown_name_is_checked_against_a_hash_all_the_same)
{
	/* No hash: false whatever the password, after the same work. */
	ck_assert(!svk_web_user_verify(NULL, "no such user here", 17));
	ck_assert(!svk_web_user_verify(NULL, PW, strlen(PW)));
	ck_assert(!svk_web_user_verify("not a hash", PW, strlen(PW)));
}
END_TEST

Suite *
web_user_suite(void)
{
	Suite *s = suite_create("web_user");
	TCase *tc = tcase_create("web_user");

	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_a_web_user_is_stored_with_an_argon2id_hash_not_the_password);
	tcase_add_test(tc, test_names_roles_and_password_lengths_are_checked);
	tcase_add_test(tc, test_a_name_taken_is_refused_and_passwd_replaces_the_hash);
	tcase_add_test(tc, test_users_are_listed_by_name_and_removed);
	tcase_add_test(tc, test_an_unknown_name_is_checked_against_a_hash_all_the_same);
	suite_add_tcase(s, tc);
	return s;
}
