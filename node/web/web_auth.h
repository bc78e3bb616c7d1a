/*
 * web_auth.h: how often someone may try a password. Wrong passwords are
 * counted per client address and per user name; after
 * SVK_WEB_AUTH_FREE_TRIES of either, the next attempt must wait (30 s,
 * doubling with each further failure, at most 15 min), and the server
 * answers 429 with Retry-After rather than checking it, so the loop never
 * sleeps. A right password clears the counts of its user and address; a
 * count an hour old is forgotten. Failed logins are logged, at most
 * SVK_WEB_AUTH_LOG_PER_MIN lines a minute (svk_web_auth_log_ok).
 *
 * Memory is bounded: the table keeps at most its max entries, forgetting
 * the one untouched longest. Times come from the caller (Unix
 * milliseconds), so tests bring their own clock.
 */
#ifndef SVK_WEB_AUTH_H
#define SVK_WEB_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define SVK_WEB_AUTH_FREE_TRIES 10  /* wrong passwords before a wait */
#define SVK_WEB_AUTH_WAIT_S 30	    /* the first wait */
#define SVK_WEB_AUTH_WAIT_MAX_S 900 /* the longest */
#define SVK_WEB_AUTH_FORGET_S 3600  /* a count this old is forgotten */
#define SVK_WEB_AUTH_LOG_PER_MIN 10 /* failed-login lines a minute */
#define SVK_WEB_AUTH_MAX 4096	    /* addresses and names kept, by default */

typedef struct svk_web_auth svk_web_auth;

/* svk_web_auth_alloc makes an empty table of at most max entries. -ENOMEM,
 * SVK_EINVAL for max 0. Free it with svk_web_auth_free (NULL does nothing). */
int svk_web_auth_alloc(svk_web_auth **out, unsigned max) SVK_WUR;
void svk_web_auth_free(svk_web_auth *a);

/* svk_web_auth_wait gives the seconds (rounded up) the client at addr must
 * still wait before its password for user may be checked, or 0: now. */
unsigned svk_web_auth_wait(svk_web_auth *a, const char *addr, const char *user,
    int64_t now_ms);

/* svk_web_auth_failed counts a wrong password for user from addr. */
void svk_web_auth_failed(svk_web_auth *a, const char *addr, const char *user,
    int64_t now_ms);

/* svk_web_auth_succeeded clears the counts of user and addr. */
void svk_web_auth_succeeded(svk_web_auth *a, const char *addr, const char *user);

/* svk_web_auth_log_ok tells whether a failed login at now_ms may be logged
 * (at most SVK_WEB_AUTH_LOG_PER_MIN a minute); when a new minute starts,
 * *suppressed is how many the minute before left out (else 0). */
bool svk_web_auth_log_ok(svk_web_auth *a, int64_t now_ms, unsigned *suppressed);

#endif
