/*
 * web_user.c: the web app's users and their password hashes. See
 * web_user.h.
 */
#include "web_user.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#include "clock.h"
#include "store-int.h"

/* What an unknown name is checked against: a hash of no one's password. */
static const char no_user_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$"
    "j78hKoKRpma+iAWUZzprTA$"
    "Y39ZhJY/Yv1BzTLFLbrLZ6tvaRONEfA14pwhAHOBdmI";

bool
svk_web_user_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > SVK_WEB_USER_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || strchr("._-@", c) == NULL))
			return false;
	}
	return true;
}

int
svk_web_user_role_parse(const char *text, svk_web_user_role *role)
{
	if (strcmp(text, "editor") == 0)
		*role = SVK_WEB_USER_EDITOR;
	else if (strcmp(text, "admin") == 0)
		*role = SVK_WEB_USER_ADMIN;
	else
		return SVK_EINVAL;
	return 0;
}

const char *
svk_web_user_role_name(svk_web_user_role role)
{
	return role == SVK_WEB_USER_ADMIN ? "admin" : "editor";
}

/* Hashes password into hash, after checking its length. */
static int
hash_password(char hash[SVK_WEB_USER_HASH_MAX], const char *password, size_t len)
{
	if (len < SVK_WEB_USER_PASSWORD_MIN || len > SVK_WEB_USER_PASSWORD_MAX)
		return SVK_EINVAL;
	if (sodium_init() < 0)
		return SVK_ECRYPTO;
	if (crypto_pwhash_str(hash, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
		crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -ENOMEM;
	return 0;
}

int
svk_web_user_add(svk_store *st, const char *name, svk_web_user_role role,
    const char *password, size_t len)
{
	char hash[SVK_WEB_USER_HASH_MAX];
	sqlite3_stmt *stmt;
	int64_t now = svk_clock_now_ms();
	int err;

	if (!svk_web_user_name_valid(name) ||
	    (role != SVK_WEB_USER_EDITOR && role != SVK_WEB_USER_ADMIN))
		return SVK_EINVAL;
	if ((err = hash_password(hash, password, len)) != 0)
		return err;
	if ((err = svk__store_stmt(st,
		 "INSERT INTO web_users (name, role, hash, created_ms, updated_ms)"
		 " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int(stmt, 2, (int)role);
	(void)sqlite3_bind_text(stmt, 3, hash, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 4, now);
	(void)sqlite3_bind_int64(stmt, 5, now);
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	return sqlite3_changes(svk__store_db(st)) == 1 ? 0 : SVK_EEXISTS;
}

int
svk_web_user_passwd(svk_store *st, const char *name, const char *password, size_t len)
{
	char hash[SVK_WEB_USER_HASH_MAX];
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk_web_user_get(st, name, NULL, NULL)) != 0)
		return err;
	if ((err = hash_password(hash, password, len)) != 0)
		return err;
	if ((err = svk__store_stmt(st,
		 "UPDATE web_users SET hash = ?, updated_ms = ? WHERE name = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_text(stmt, 1, hash, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 2, svk_clock_now_ms());
	(void)sqlite3_bind_text(stmt, 3, name, -1, SQLITE_STATIC);
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	return sqlite3_changes(svk__store_db(st)) == 1 ? 0 : SVK_ENOTFOUND;
}

int
svk_web_user_remove(svk_store *st, const char *name)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__store_stmt(st, "DELETE FROM web_users WHERE name = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	return sqlite3_changes(svk__store_db(st)) == 1 ? 0 : SVK_ENOTFOUND;
}

int
svk_web_user_get(svk_store *st, const char *name, svk_web_user *u,
    char hash[SVK_WEB_USER_HASH_MAX])
{
	sqlite3_stmt *stmt;
	int rc, err = 0;

	if ((err = svk__store_stmt(st,
		 "SELECT role, hash, created_ms, updated_ms FROM web_users "
		 "WHERE name = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(stmt, 1);
		if (u) {
			u->name = name;
			u->role = sqlite3_column_int(stmt, 0) == SVK_WEB_USER_ADMIN ?
				      SVK_WEB_USER_ADMIN :
				      SVK_WEB_USER_EDITOR;
			u->created_ms = sqlite3_column_int64(stmt, 2);
			u->updated_ms = sqlite3_column_int64(stmt, 3);
		}
		if (hash &&
		    (h == NULL || strlen((const char *)h) >= SVK_WEB_USER_HASH_MAX))
			err = SVK_ECORRUPT;
		else if (hash)
			memcpy(hash, h, strlen((const char *)h) + 1);
	} else
		err = rc == SQLITE_DONE ? SVK_ENOTFOUND : svk__store_err(rc);
	svk__store_release(stmt);
	return err;
}

int
svk_web_user_each(svk_store *st, svk_web_user_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int rc, err = 0;

	/* fn may use the store: a statement of our own, not a cached one. */
	if ((err = svk__store_own(st,
		 "SELECT name, role, created_ms, updated_ms FROM web_users "
		 "ORDER BY name",
		 &stmt)) != 0)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(stmt, 0);
		svk_web_user u = {
		    .name = name ? (const char *)name : "",
		    .role = sqlite3_column_int(stmt, 1) == SVK_WEB_USER_ADMIN ?
				SVK_WEB_USER_ADMIN :
				SVK_WEB_USER_EDITOR,
		    .created_ms = sqlite3_column_int64(stmt, 2),
		    .updated_ms = sqlite3_column_int64(stmt, 3),
		};
		if ((err = fn(arg, &u)) != 0)
			break;
	}
	if (err == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	sqlite3_finalize(stmt);
	return err;
}

bool
svk_web_user_verify(const char *hash, const char *password, size_t len)
{
	if (sodium_init() < 0)
		return false;
	if (hash == NULL) {
		/* The same work as a real check; its answer means nothing. */
		volatile int spent = crypto_pwhash_str_verify(no_user_hash,
		    password, len);
		(void)spent;
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, len) == 0;
}
