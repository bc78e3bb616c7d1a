/*
 * web_user.h: the people who may log in to this node's web app, each with
 * a role and an Argon2id hash of their password (libsodium's
 * crypto_pwhash_str, interactive limits). Local only, like the volunteer
 * registry: nothing that is published or sent reads this table, and a
 * password itself is never stored.
 *
 * Names are 1 to SVK_WEB_USER_NAME_MAX bytes of letters, digits and . _ - @
 * (starting with a letter or digit), so they are safe in a log line and a
 * page. Hashing takes about 0.1 s of CPU: the daemon checks passwords off
 * its loop (svk_web_user_verify needs no store).
 */
#ifndef SVK_WEB_USER_H
#define SVK_WEB_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define SVK_WEB_USER_NAME_MAX 63       /* bytes of a name */
#define SVK_WEB_USER_HASH_MAX 128      /* crypto_pwhash_STRBYTES, with its '\0' */
#define SVK_WEB_USER_PASSWORD_MIN 8    /* bytes of a password, at least */
#define SVK_WEB_USER_PASSWORD_MAX 1024 /* and at most */

/* A web user's role; the numbers are those of svk_web_role (web_who.h). */
typedef enum svk_web_user_role {
	SVK_WEB_USER_EDITOR = 1, /* practices, needs, adoptions */
	SVK_WEB_USER_ADMIN = 2,	 /* and volunteers, indicators, members */
} svk_web_user_role;

/* One web user, as svk_web_user_each gives it (strings valid during the
 * callback). */
typedef struct svk_web_user {
	const char *name;
	svk_web_user_role role;
	int64_t created_ms;
	int64_t updated_ms; /* when the password was last set */
} svk_web_user;

/* svk_web_user_name_valid tells whether name is a valid web user name. */
bool svk_web_user_name_valid(const char *name);

/* svk_web_user_role_parse reads "editor" or "admin" into *role; SVK_EINVAL
 * for anything else. svk_web_user_role_name is the reverse. */
int svk_web_user_role_parse(const char *text, svk_web_user_role *role) SVK_WUR;
const char *svk_web_user_role_name(svk_web_user_role role);

/* svk_web_user_add hashes password (len bytes, SVK_WEB_USER_PASSWORD_MIN to
 * _MAX) and stores the user name with role. SVK_EINVAL for a bad name,
 * role or password length, SVK_EEXISTS when the name is taken, -ENOMEM
 * when hashing cannot get its memory. */
int svk_web_user_add(svk_store *st, const char *name, svk_web_user_role role,
    const char *password, size_t len) SVK_WUR;

/* svk_web_user_passwd replaces the password of name. SVK_ENOTFOUND when
 * there is no such user; otherwise as svk_web_user_add. */
int svk_web_user_passwd(svk_store *st, const char *name, const char *password,
    size_t len) SVK_WUR;

/* svk_web_user_remove deletes name. SVK_ENOTFOUND when there is none. */
int svk_web_user_remove(svk_store *st, const char *name) SVK_WUR;

/* svk_web_user_get gives the user name in *u (may be NULL; u->name is
 * name itself) and its password hash (hash may be NULL). SVK_ENOTFOUND when
 * there is no such user. */
int svk_web_user_get(svk_store *st, const char *name, svk_web_user *u,
    char hash[SVK_WEB_USER_HASH_MAX]) SVK_WUR;

typedef int (*svk_web_user_fn)(void *arg, const svk_web_user *u);

/* svk_web_user_each calls fn for every web user, ordered by name; fn
 * returns non-zero to stop (returned as is). */
int svk_web_user_each(svk_store *st, svk_web_user_fn fn, void *arg) SVK_WUR;

/* svk_web_user_verify tells whether password (len bytes) matches hash, a
 * string from svk_web_user_get. No store; safe on any thread. A NULL hash
 * (no such user) is checked against a fixed hash all the same, so that an
 * unknown name costs the same time as a wrong password, and is false. */
bool svk_web_user_verify(const char *hash, const char *password, size_t len);

#endif
