/*
 * http_login.c: logging in and out of the web app.
 *
 * The login form is the one POST without a session, so it cannot carry a
 * session's CSRF token. It carries a token of its own instead: GET /login
 * puts a fresh random token both in the form and in the cookie
 * samverk_login (HttpOnly, SameSite=Strict, Path=/login), and POST /login
 * goes on only when the two are equal (constant time). A page on another
 * site cannot read the token, and with SameSite=Strict the browser does
 * not send the cookie with a POST that site starts, so it cannot log a
 * visitor in to an account of its choosing (login CSRF).
 *
 * Then the rate limit (web_auth.h: 429 with Retry-After), then the
 * password: crypto_pwhash_str_verify takes ~0.1 s of CPU, so it runs on
 * libuv's thread pool while libmicrohttpd holds the connection suspended;
 * the loop goes on serving. An unknown name costs the same check. Every
 * login and logout, and failed logins (at most SVK_WEB_AUTH_LOG_PER_MIN a
 * minute), are "audit:" lines in the log: who, what, from where.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "http-int.h"
#include "http_reply.h"
#include "say.h"
#include "web_i18n.h"
#include "web_user.h"

#define LOGIN_COOKIE "samverk_login"

/* A password being checked off the loop. */
typedef struct svk__http_check {
	uv_work_t work;
	svk_http *h;
	svk__http_req *r; /* NULL once the request is gone */
	char *password;	  /* sodium_malloc'ed */
	size_t len;
	char hash[SVK_WEB_USER_HASH_MAX];
	bool known; /* hash is the user's */
	bool right;
	struct svk__http_check *next;
} svk__http_check;

/* A path on this site to go to after logging in, or "/": no scheme, no
 * other host ("//x"), nothing that could break out of a header. */
static const char *
safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strlen(next) > 500)
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("\"<>'\\", *p) != NULL)
			return "/";
	return next;
}

/* The login page in the asker's language (?lang=, the lang cookie, or
 * Accept-Language): the form, with token, and the message of key msg (may
 * be NULL). */
static enum MHD_Result
page(svk__http_req *r, unsigned status, const char *token, const char *next,
    const char *msg, const char *retry_after)
{
	svk_http_reply out;
	char cookie[200];
	const char *headers[5] = {"Set-Cookie", cookie, NULL, NULL, NULL};
	const char *lang = svk_web_i18n_pick(MHD_lookup_connection_value(r->c,
						 MHD_GET_ARGUMENT_KIND, "lang"),
	    MHD_lookup_connection_value(r->c, MHD_COOKIE_KIND, "lang"),
	    MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	const char *title = svk_web_i18n_text(lang, "login.title");

	if (retry_after) {
		headers[2] = "Retry-After";
		headers[3] = retry_after;
	}
	snprintf(cookie, sizeof(cookie),
	    LOGIN_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/login; "
			 "Max-Age=3600%s",
	    token, svk__http_loop_secure(r->h) ? "; Secure" : "");
	if (svk_http_reply_open(&out) != 0)
		return MHD_NO;
	/* next passed safe_next: no quote or angle bracket can be in it; the
	 * catalogues' texts are the project's own, without markup. */
	fprintf(out.f,
	    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><title>%s - Samverk</title></head>\n"
	    "<body style=\"font-family:sans-serif;max-width:24em;margin:2em auto;"
	    "padding:0 1em\"><main><h1>%s</h1>\n%s%s%s"
	    "<form method=\"post\" action=\"/login\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<input type=\"hidden\" name=\"next\" value=\"%s\">\n"
	    "<p><label for=\"user\">%s</label><br>"
	    "<input id=\"user\" name=\"user\" autocomplete=\"username\" "
	    "required></p>\n"
	    "<p><label for=\"password\">%s</label><br>"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required></p>\n"
	    "<p><button type=\"submit\">%s</button></p>\n</form></main>"
	    "</body></html>\n",
	    lang, title, title, msg ? "<p role=\"alert\">" : "",
	    msg ? svk_web_i18n_text(lang, msg) : "", msg ? "</p>\n" : "", token,
	    safe_next(next), svk_web_i18n_text(lang, "login.user"),
	    svk_web_i18n_text(lang, "login.password"),
	    svk_web_i18n_text(lang, "login.submit"));
	return svk_http_reply_with(&out, r->c, status, "text/html; charset=utf-8",
	    headers);
}

/* The token of the login cookie when it is one, else a new one. */
static void
login_token(svk__http_req *r, char token[SVK_WEB_TOKEN_MAX])
{
	const char *have = MHD_lookup_connection_value(r->c, MHD_COOKIE_KIND,
	    LOGIN_COOKIE);

	if (svk_web_session_token_valid(have))
		snprintf(token, SVK_WEB_TOKEN_MAX, "%s", have);
	else
		svk_web_session_token(token);
}

enum MHD_Result
svk__http_login_page(svk__http_req *r)
{
	char token[SVK_WEB_TOKEN_MAX];

	login_token(r, token);
	return page(r, 200, token,
	    MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, "next"),
	    NULL, NULL);
}

/* --- the password, off the loop ------------------------------------------ */

static void
check_work(uv_work_t *w)
{
	svk__http_check *k = w->data;

	k->right = svk_web_user_verify(k->known ? k->hash : NULL, k->password, k->len) &&
		   k->known;
}

static void
unlink_check(svk_http *h, svk__http_check *k)
{
	for (svk__http_check **p = &h->checks; *p; p = &(*p)->next)
		if (*p == k) {
			*p = k->next;
			return;
		}
}

static void
check_done(uv_work_t *w, int status)
{
	svk__http_check *k = w->data;
	svk_http *h = k->h;

	unlink_check(h, k);
	if (k->r != NULL) {
		k->r->check = NULL;
		k->r->login = status == 0 && k->right ? SVK__LOGIN_RIGHT : SVK__LOGIN_WRONG;
		MHD_resume_connection(k->r->c);
	}
	sodium_free(k->password);
	sodium_memzero(k->hash, sizeof(k->hash));
	free(k);
	svk__http_loop_run(h);
	svk__http_loop_unref(h);
}

/* Starts checking password for user (role and hash from the store, or
 * known false) with r's connection suspended. */
static int
check_start(svk__http_req *r, const char *password, bool known, const char *hash)
{
	svk_http *h = r->h;
	svk__http_check *k = calloc(1, sizeof(*k));
	size_t len = strlen(password);

	if (k == NULL || (k->password = sodium_malloc(len + 1)) == NULL) {
		free(k);
		return -ENOMEM;
	}
	memcpy(k->password, password, len + 1);
	k->len = len;
	k->known = known;
	if (known)
		snprintf(k->hash, sizeof(k->hash), "%s", hash);
	k->h = h;
	k->r = r;
	k->work.data = k;
	if (uv_queue_work(h->loop, &k->work, check_work, check_done) != 0) {
		sodium_free(k->password);
		free(k);
		return -ENOMEM;
	}
	k->next = h->checks;
	h->checks = k;
	h->refs++;
	r->check = k;
	r->login = SVK__LOGIN_CHECKING;
	MHD_suspend_connection(r->c);
	return 0;
}

void
svk__http_login_detach(svk__http_req *r)
{
	if (r->check != NULL)
		r->check->r = NULL;
	r->check = NULL;
}

void
svk__http_login_stop(svk_http *h)
{
	for (svk__http_check *k = h->checks; k; k = k->next) {
		if (k->r != NULL) {
			k->r->check = NULL;
			MHD_resume_connection(k->r->c);
			k->r = NULL;
		}
		(void)uv_cancel((uv_req_t *)&k->work);
	}
}

/* --- logging in and out --------------------------------------------------- */

/* The user name for a log line: the name when it is one, else a mark. */
static const char *
logged_name(const char *user)
{
	return user && svk_web_user_name_valid(user) ? user : "(not a user name)";
}

static enum MHD_Result
finish(svk__http_req *r, const char *user, const char *next)
{
	svk_http *h = r->h;
	const svk_web_session *s;
	char cookie[200], token[SVK_WEB_TOKEN_MAX];
	unsigned suppressed = 0;
	int64_t now = svk_clock_now_ms();

	if (r->login == SVK__LOGIN_WRONG) {
		svk_web_auth_failed(h->auth, r->addr, user, now);
		if (svk_web_auth_log_ok(h->auth, now, &suppressed))
			svk_say_info("audit: failed login as %s from %s",
			    logged_name(user), r->addr);
		if (suppressed)
			svk_say_info("audit: %u more failed logins in the "
				     "minute before (not logged one by one)",
			    suppressed);
		login_token(r, token);
		return page(r, 403, token, next, "login.wrong", NULL);
	}
	svk_web_auth_succeeded(h->auth, r->addr, user);
	if (svk_web_session_open(h->sessions, user,
		r->login_role == SVK_WEB_ADMIN ? SVK_WEB_ADMIN : SVK_WEB_EDITOR,
		now, &s) != 0)
		return svk_http_reply_text(r->c, 500, "cannot open a session\n");
	svk_say_info("audit: %s logged in (%s) from %s", user,
	    r->login_role == SVK_WEB_ADMIN ? "admin" : "editor", r->addr);
	snprintf(cookie, sizeof(cookie),
	    SVK_WEB_SESSION_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/%s",
	    s->id, svk__http_loop_secure(h) ? "; Secure" : "");
	const char *headers[] = {"Set-Cookie", cookie, "Set-Cookie",
	    LOGIN_COOKIE "=; HttpOnly; SameSite=Strict; Path=/login; Max-Age=0",
	    "Location", safe_next(next), NULL};
	return svk_http_reply_text_with(r->c, 303, "logged in\n", headers);
}

enum MHD_Result
svk__http_login_post(svk__http_req *r)
{
	svk_http *h = r->h;
	svk_web_fields f = svk_web_form_fields(r->form);
	const char *user = f.get(f.arg, "user");
	const char *password = f.get(f.arg, "password");
	const char *next = f.get(f.arg, "next");
	const char *cookie = MHD_lookup_connection_value(r->c, MHD_COOKIE_KIND,
	    LOGIN_COOKIE);
	char hash[SVK_WEB_USER_HASH_MAX], token[SVK_WEB_TOKEN_MAX], retry[16];
	svk_web_user u = {.role = SVK_WEB_USER_EDITOR};
	unsigned wait;
	bool known;
	int err;

	if (r->login == SVK__LOGIN_RIGHT || r->login == SVK__LOGIN_WRONG)
		return finish(r, user, next);
	if (!svk_web_session_same(f.get(f.arg, "csrf"), cookie))
		return svk_http_reply_text(r->c, 403,
		    "the login form is stale or came from elsewhere: open /login "
		    "again\n");
	login_token(r, token);
	if (user == NULL || password == NULL || user[0] == '\0')
		return page(r, 400, token, next, "login.missing", NULL);
	if ((wait = svk_web_auth_wait(h->auth, r->addr, user, svk_clock_now_ms())) > 0) {
		snprintf(retry, sizeof(retry), "%u", wait);
		svk_say_info("audit: login as %s from %s refused for %u s: too "
			     "many wrong passwords",
		    logged_name(user), r->addr, wait);
		return page(r, 429, token, next, "login.wait", retry);
	}
	known = svk_web_user_name_valid(user) &&
		strlen(password) <= SVK_WEB_USER_PASSWORD_MAX;
	if (known) {
		err = svk_web_user_get(h->home->store, user, &u, hash);
		if (err == SVK_ENOTFOUND)
			known = false;
		else if (err != 0)
			return svk_http_reply_text(r->c, 500,
			    "cannot read the web users\n");
	}
	r->login_role = u.role == SVK_WEB_USER_ADMIN ? SVK_WEB_ADMIN : SVK_WEB_EDITOR;
	if (strlen(password) > SVK_WEB_USER_PASSWORD_MAX)
		password = "";
	if (check_start(r, password, known, hash) != 0)
		return svk_http_reply_text(r->c, 500, "out of memory\n");
	return MHD_YES;
}

enum MHD_Result
svk__http_login_logout(svk__http_req *r, const svk_web_session *s)
{
	char user[SVK_WEB_USER_MAX];
	char cookie[200];

	snprintf(user, sizeof(user), "%s", s->user);
	svk_web_session_close(r->h->sessions, s->id);
	svk_say_info("audit: %s logged out from %s", user, r->addr);
	snprintf(cookie, sizeof(cookie),
	    SVK_WEB_SESSION_COOKIE "=; HttpOnly; SameSite=Strict; Path=/; "
				   "Max-Age=0%s",
	    svk__http_loop_secure(r->h) ? "; Secure" : "");
	const char *headers[] = {"Set-Cookie", cookie, "Location", "/login", NULL};
	return svk_http_reply_text_with(r->c, 303, "logged out\n", headers);
}
