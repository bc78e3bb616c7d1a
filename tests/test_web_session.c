/*
 * test_web_session.c: node/web/web_session.c, sessions in memory: tokens,
 * lookups, idle expiry, the bound, CSRF tokens (compared with
 * sodium_memcmp, which this file stands in for to count the calls),
 * logout.
 */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web_session.h"

/* sodium_memcmp, as libsodium's (constant time: every byte is looked at,
 * 0 when equal, -1 when not), counting its calls. Defined in the test
 * program, it stands in for the library's everywhere in it. */
static unsigned memcmp_calls;

int
sodium_memcmp(const void *const a, const void *const b, size_t len)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;

	memcmp_calls++;
	for (size_t i = 0; i < len; i++)
		d |= x[i] ^ y[i];
	return (1 & ((d - 1) >> 8)) - 1;
}

#define HOUR (3600LL * 1000)

START_TEST(test_a_token_is_43_characters_of_url_safe_base64_and_new_each_time)
{
	char a[SVK_WEB_TOKEN_MAX], b[SVK_WEB_TOKEN_MAX];

	svk_web_session_token(a);
	svk_web_session_token(b);
	ck_assert_uint_eq(strlen(a), SVK_WEB_SESSION_TOKEN_LEN);
	ck_assert(svk_web_session_token_valid(a));
	ck_assert_str_ne(a, b);
	ck_assert(!svk_web_session_token_valid(NULL));
	ck_assert(!svk_web_session_token_valid(""));
	a[10] = '+'; /* standard base64, not URL-safe */
	ck_assert(!svk_web_session_token_valid(a));
	ck_assert(!svk_web_session_token_valid(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")); /* 44 */
	ck_assert(!svk_web_session_token_valid(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")); /* 42 */
}
END_TEST

START_TEST(test_a_session_is_found_by_its_id_and_by_nothing_else)
{
	svk_web_sessions *t;
	const svk_web_session *s, *found;
	char id[SVK_WEB_TOKEN_MAX], wrong[SVK_WEB_TOKEN_MAX];

	ck_assert_int_eq(svk_web_session_alloc(&t, 8, 12 * HOUR), 0);
	ck_assert_int_eq(svk_web_session_open(t, "alice", SVK_WEB_EDITOR, 1000, &s), 0);
	ck_assert_str_eq(s->user, "alice");
	ck_assert_int_eq(s->role, SVK_WEB_EDITOR);
	ck_assert(svk_web_session_token_valid(s->id));
	ck_assert(svk_web_session_token_valid(s->csrf));
	ck_assert_str_ne(s->id, s->csrf);
	snprintf(id, sizeof(id), "%s", s->id);
	found = svk_web_session_find(t, id, 2000);
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found->user, "alice");
	/* one character off, at either end, a prefix, nothing */
	snprintf(wrong, sizeof(wrong), "%s", id);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	ck_assert_ptr_null(svk_web_session_find(t, wrong, 2000));
	snprintf(wrong, sizeof(wrong), "%s", id);
	wrong[SVK_WEB_SESSION_TOKEN_LEN - 1] =
	    wrong[SVK_WEB_SESSION_TOKEN_LEN - 1] == 'A' ? 'B' : 'A';
	ck_assert_ptr_null(svk_web_session_find(t, wrong, 2000));
	wrong[20] = '\0';
	ck_assert_ptr_null(svk_web_session_find(t, wrong, 2000));
	ck_assert_ptr_null(svk_web_session_find(t, NULL, 2000));
	ck_assert_ptr_null(svk_web_session_find(t, "", 2000));
	svk_web_session_free(t);
}
END_TEST

START_TEST(test_a_session_idle_twelve_hours_is_gone_and_use_keeps_it)
{
	svk_web_sessions *t;
	const svk_web_session *s;
	char a[SVK_WEB_TOKEN_MAX], b[SVK_WEB_TOKEN_MAX];

	ck_assert_int_eq(svk_web_session_alloc(&t, 8, SVK_WEB_SESSION_IDLE_MS), 0);
	ck_assert_int_eq(svk_web_session_open(t, "alice", SVK_WEB_EDITOR, 0, &s), 0);
	snprintf(a, sizeof(a), "%s", s->id);
	ck_assert_int_eq(svk_web_session_open(t, "bob", SVK_WEB_ADMIN, 0, &s), 0);
	snprintf(b, sizeof(b), "%s", s->id);
	/* alice uses hers every 11 hours; bob not at all */
	ck_assert_ptr_nonnull(svk_web_session_find(t, a, 11 * HOUR));
	ck_assert_ptr_nonnull(svk_web_session_find(t, a, 22 * HOUR));
	ck_assert_ptr_null(svk_web_session_find(t, b, 22 * HOUR));
	ck_assert_uint_eq(svk_web_session_count(t), 1);
	/* exactly 12 h idle still counts; a millisecond more does not */
	ck_assert_ptr_nonnull(svk_web_session_find(t, a, 34 * HOUR));
	ck_assert_ptr_null(svk_web_session_find(t, a, 46 * HOUR + 1));
	ck_assert_uint_eq(svk_web_session_count(t), 0);
	svk_web_session_free(t);
}
END_TEST

START_TEST(test_a_full_table_drops_the_session_idle_longest)
{
	svk_web_sessions *t;
	const svk_web_session *s;
	char ids[3][SVK_WEB_TOKEN_MAX];

	ck_assert_int_eq(svk_web_session_alloc(&t, 3, 12 * HOUR), 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(svk_web_session_open(t, "u", SVK_WEB_EDITOR,
				     1000 * (i + 1), &s),
		    0);
		snprintf(ids[i], sizeof(ids[i]), "%s", s->id);
	}
	ck_assert_ptr_nonnull(svk_web_session_find(t, ids[0], 5000)); /* used */
	ck_assert_int_eq(svk_web_session_open(t, "v", SVK_WEB_EDITOR, 6000, &s), 0);
	ck_assert_uint_eq(svk_web_session_count(t), 3);
	ck_assert_ptr_nonnull(svk_web_session_find(t, ids[0], 7000));
	ck_assert_ptr_null(svk_web_session_find(t, ids[1], 7000));
	ck_assert_ptr_nonnull(svk_web_session_find(t, ids[2], 7000));
	svk_web_session_free(t);
}
END_TEST

START_TEST(test_the_csrf_token_is_the_sessions_own_and_compared_whole)
{
	svk_web_sessions *t;
	const svk_web_session *s, *other;
	char csrf[SVK_WEB_TOKEN_MAX], near[SVK_WEB_TOKEN_MAX];

	ck_assert_int_eq(svk_web_session_alloc(&t, 8, 12 * HOUR), 0);
	ck_assert_int_eq(svk_web_session_open(t, "bob", SVK_WEB_ADMIN, 0, &other), 0);
	snprintf(near, sizeof(near), "%s", other->csrf);
	ck_assert_int_eq(svk_web_session_open(t, "alice", SVK_WEB_EDITOR, 0, &s), 0);
	snprintf(csrf, sizeof(csrf), "%s", s->csrf);
	ck_assert(svk_web_session_csrf_ok(s, csrf));
	ck_assert(!svk_web_session_csrf_ok(s, near)); /* another session's */
	ck_assert(!svk_web_session_csrf_ok(s, NULL));
	ck_assert(!svk_web_session_csrf_ok(s, ""));
	ck_assert(!svk_web_session_csrf_ok(s, s->id));
	snprintf(near, sizeof(near), "%s", csrf);
	near[SVK_WEB_SESSION_TOKEN_LEN - 1] =
	    near[SVK_WEB_SESSION_TOKEN_LEN - 1] == 'x' ? 'y' : 'x';
	ck_assert(!svk_web_session_csrf_ok(s, near));
	char longer[80];
	snprintf(longer, sizeof(longer), "%sx", csrf);
	ck_assert(!svk_web_session_csrf_ok(s, longer));
	ck_assert(!svk_web_session_csrf_ok(NULL, csrf));
	svk_web_session_free(t);
}
END_TEST

START_TEST(test_logout_ends_one_session_and_a_removed_user_ends_all_theirs)
{
	svk_web_sessions *t;
	const svk_web_session *s;
	char a1[SVK_WEB_TOKEN_MAX], a2[SVK_WEB_TOKEN_MAX], b[SVK_WEB_TOKEN_MAX];

	ck_assert_int_eq(svk_web_session_alloc(&t, 8, 12 * HOUR), 0);
	ck_assert_int_eq(svk_web_session_open(t, "alice", SVK_WEB_EDITOR, 0, &s), 0);
	snprintf(a1, sizeof(a1), "%s", s->id);
	ck_assert_int_eq(svk_web_session_open(t, "alice", SVK_WEB_EDITOR, 0, &s), 0);
	snprintf(a2, sizeof(a2), "%s", s->id);
	ck_assert_int_eq(svk_web_session_open(t, "bob", SVK_WEB_EDITOR, 0, &s), 0);
	snprintf(b, sizeof(b), "%s", s->id);
	svk_web_session_close(t, a1);
	ck_assert_ptr_null(svk_web_session_find(t, a1, 1));
	ck_assert_ptr_nonnull(svk_web_session_find(t, a2, 1));
	svk_web_session_close(t, "not-a-token");
	ck_assert_uint_eq(svk_web_session_count(t), 2);
	svk_web_session_close_user(t, "alice");
	ck_assert_ptr_null(svk_web_session_find(t, a2, 1));
	ck_assert_ptr_nonnull(svk_web_session_find(t, b, 1));
	svk_web_session_free(t);
}
END_TEST

START_TEST(test_a_lang_cookie_passes_only_as_a_plain_language_tag)
{
	ck_assert_str_eq(svk_web_session_lang("el"), "el");
	ck_assert_str_eq(svk_web_session_lang("pt-BR"), "pt-BR");
	ck_assert_ptr_null(svk_web_session_lang(NULL));
	ck_assert_ptr_null(svk_web_session_lang(""));
	ck_assert_ptr_null(svk_web_session_lang("en\r\nSet-Cookie: x=1"));
	ck_assert_ptr_null(svk_web_session_lang("../../etc"));
	ck_assert_ptr_null(svk_web_session_lang("<script>"));
	ck_assert_ptr_null(svk_web_session_lang("aaaaaaaaaaaaaaaa"));
}
END_TEST

START_TEST(test_ids_and_csrf_tokens_are_compared_with_sodium_memcmp)
{
	svk_web_sessions *t;
	const svk_web_session *s;
	char id[SVK_WEB_TOKEN_MAX], csrf[SVK_WEB_TOKEN_MAX];
	unsigned before;

	ck_assert_int_eq(svk_web_session_alloc(&t, 8, 12 * HOUR), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(svk_web_session_open(t, "u", SVK_WEB_EDITOR, 0, &s),
		    0);
	snprintf(id, sizeof(id), "%s", s->id);
	snprintf(csrf, sizeof(csrf), "%s", s->csrf);
	/* a lookup compares with every session, found or not */
	before = memcmp_calls;
	ck_assert_ptr_nonnull(svk_web_session_find(t, id, 1));
	ck_assert_uint_eq(memcmp_calls - before, 3);
	id[5] = id[5] == 'A' ? 'B' : 'A'; /* still a token, another one */
	before = memcmp_calls;
	ck_assert_ptr_null(svk_web_session_find(t, id, 1));
	ck_assert_uint_eq(memcmp_calls - before, 3);
	/* the CSRF token, right or wrong */
	before = memcmp_calls;
	ck_assert(svk_web_session_csrf_ok(s, csrf));
	csrf[0] = csrf[0] == 'a' ? 'b' : 'a';
	ck_assert(!svk_web_session_csrf_ok(s, csrf));
	ck_assert_uint_eq(memcmp_calls - before, 2);
	/* and tokens in general */
	before = memcmp_calls;
	ck_assert(!svk_web_session_same(s->id, s->csrf));
	ck_assert_uint_eq(memcmp_calls - before, 1);
	svk_web_session_free(t);
}
END_TEST

Suite *
web_session_suite(void)
{
	Suite *s = suite_create("web_session");
	TCase *tc = tcase_create("web_session");

	tcase_add_test(tc,
	    test_a_token_is_43_characters_of_url_safe_base64_and_new_each_time);
	tcase_add_test(tc, test_a_session_is_found_by_its_id_and_by_nothing_else);
	tcase_add_test(tc, test_a_session_idle_twelve_hours_is_gone_and_use_keeps_it);
	tcase_add_test(tc, test_a_full_table_drops_the_session_idle_longest);
	tcase_add_test(tc, test_the_csrf_token_is_the_sessions_own_and_compared_whole);
	tcase_add_test(tc,
	    test_logout_ends_one_session_and_a_removed_user_ends_all_theirs);
	tcase_add_test(tc, test_a_lang_cookie_passes_only_as_a_plain_language_tag);
	tcase_add_test(tc, test_ids_and_csrf_tokens_are_compared_with_sodium_memcmp);
	suite_add_tcase(s, tc);
	return s;
}
