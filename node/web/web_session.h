/*
 * web_session.h: the web app's login sessions, held in the daemon's memory
 * only (a restart logs everyone out), and the tokens that name them.
 *
 * A session is named by 32 random bytes (randombytes_buf), written as 43
 * characters of unpadded URL-safe base64 in the cookie samverk_session,
 * and carries a CSRF token of its own, made the same way, that every form
 * must send back (compared in constant time with sodium_memcmp). The table
 * is bounded: when full, opening a session drops the one idle longest. A
 * session idle longer than the table's idle time is gone. Times are given
 * by the caller (Unix milliseconds), so tests bring their own clock.
 */
#ifndef SVK_WEB_SESSION_H
#define SVK_WEB_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "web_who.h"

#define SVK_WEB_SESSION_COOKIE "samverk_session"
#define SVK_WEB_SESSION_TOKEN_LEN 43 /* characters of a token */
#define SVK_WEB_SESSION_MAX 1024     /* sessions held, by default */
#define SVK_WEB_SESSION_IDLE_MS (12LL * 3600 * 1000)

/* One session. */
typedef struct svk_web_session {
	char id[SVK_WEB_TOKEN_MAX];
	char csrf[SVK_WEB_TOKEN_MAX];
	char user[SVK_WEB_USER_MAX];
	svk_web_role role;
	int64_t created_ms;
	int64_t used_ms;
} svk_web_session;

typedef struct svk_web_sessions svk_web_sessions;

/* svk_web_session_alloc makes an empty table of at most max sessions that
 * end after idle_ms without use. -ENOMEM, or SVK_EINVAL for max 0. Free it
 * with svk_web_session_free (NULL does nothing). */
int svk_web_session_alloc(svk_web_sessions **out, unsigned max, int64_t idle_ms) SVK_WUR;
void svk_web_session_free(svk_web_sessions *t);

/* svk_web_session_token writes a new random token into out. */
void svk_web_session_token(char out[SVK_WEB_TOKEN_MAX]);

/* svk_web_session_token_valid tells whether s looks like a token: exactly
 * SVK_WEB_SESSION_TOKEN_LEN characters of URL-safe base64. NULL is not. */
bool svk_web_session_token_valid(const char *s);

/* svk_web_session_same compares two tokens in constant time (for their
 * length): true when both are valid tokens and equal. */
bool svk_web_session_same(const char *a, const char *b);

/* svk_web_session_open starts a session for user with role at now_ms and
 * gives it in *out (valid until the next call on t). SVK_EINVAL for a user
 * name that does not fit. */
int svk_web_session_open(svk_web_sessions *t, const char *user, svk_web_role role,
    int64_t now_ms, const svk_web_session **out) SVK_WUR;

/* svk_web_session_find gives the live session whose id is cookie (the
 * cookie's value, may be NULL), marked used at now_ms, or NULL: no such
 * session, or it was idle too long (then it is dropped). The comparison
 * with each id runs in constant time. */
const svk_web_session *svk_web_session_find(svk_web_sessions *t,
    const char *cookie, int64_t now_ms);

/* svk_web_session_close ends the session id (logout); nothing if none. */
void svk_web_session_close(svk_web_sessions *t, const char *id);

/* svk_web_session_close_user ends every session of user (removed). */
void svk_web_session_close_user(svk_web_sessions *t, const char *user);

/* svk_web_session_csrf_ok tells whether token (a form's field, may be
 * NULL) is s's CSRF token, compared in constant time. */
bool svk_web_session_csrf_ok(const svk_web_session *s, const char *token);

/* svk_web_session_count is how many sessions t holds (some may be idle
 * past their time until the next find drops them). */
unsigned svk_web_session_count(const svk_web_sessions *t);

/* svk_web_session_lang gives a "lang" cookie's value when it is a plain
 * language tag (letters, digits and '-', 1 to 15 characters), else NULL:
 * what comes from a cookie reaches no page or header unchecked. */
const char *svk_web_session_lang(const char *cookie);

#endif
