/*
 * http-int.h: what the HTTP server's own files share (http.c: the server,
 * requests and their bodies, the gate every POST passes; http_login.c:
 * logging in and out; http_probe.c: /whoami and /nothing, for tools and
 * the tests of the gate). Not for anything else.
 */
#ifndef SVK_HTTP_INT_H
#define SVK_HTTP_INT_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "http.h"
#include "web_auth.h"
#include "web_form.h"
#include "web_session.h"
#include "web_who.h"

struct svk__http_check;

struct svk_http {
	struct MHD_Daemon *mhd;
	uv_loop_t *loop;
	uv_poll_t poll;
	uv_timer_t timer;
	unsigned refs; /* handles not yet closed, and password checks */
	bool stopping;
	bool tls;    /* https: cookies are Secure */
	bool public; /* read-only pages without a login */
	char *cert;  /* PEM text of [http] cert, or NULL */
	char *key;   /* PEM text of [http] key (sodium_malloc), or NULL */
	svk_home *home;
	svk_config cfg;
	svk_web_sessions *sessions;
	svk_web_auth *auth;
	struct svk__http_check *checks; /* password checks in flight */
	void (*stats)(void *arg, svk_http_stats *s);
	void (*wrote)(void *arg); /* after a form was posted */
	void *arg;
};

/* Where a login stands in a request. */
enum svk__http_login {
	SVK__LOGIN_NONE,
	SVK__LOGIN_CHECKING, /* the password is being checked off the loop */
	SVK__LOGIN_RIGHT,
	SVK__LOGIN_WRONG,
};

/* One request, from its headers to its end. */
typedef struct svk__http_req {
	svk_http *h;
	struct MHD_Connection *c;
	struct MHD_PostProcessor *pp;
	svk_web_form *form;
	size_t received;    /* body bytes */
	unsigned refuse;    /* a status to answer instead (413, 415, 400) */
	int64_t started_ms; /* the headers' arrival */
	char addr[64];	    /* the client's address, as text */
	enum svk__http_login login;
	svk_web_role login_role;       /* the role of the user checked */
	struct svk__http_check *check; /* the check in flight, or NULL */
} svk__http_req;

/* svk__http_loop_run lets libmicrohttpd do what is ready and sets the timer. */
void svk__http_loop_run(svk_http *h);

/* svk__http_loop_secure tells whether cookies must be marked Secure. */
bool svk__http_loop_secure(const svk_http *h);

/* svk__http_login_page answers GET /login: the form, with a fresh
 * pre-session token in it and in the cookie samverk_login. */
enum MHD_Result svk__http_login_page(svk__http_req *r) SVK_WUR;

/* svk__http_login_post answers POST /login: checks the form's token, the
 * rate limit, then the password off the loop (the connection suspended
 * meanwhile; called again when it is resumed), then opens the session. */
enum MHD_Result svk__http_login_post(svk__http_req *r) SVK_WUR;

/* svk__http_login_logout ends the session s (POST /logout, already past the
 * gate) and sends the browser to /login. */
enum MHD_Result svk__http_login_logout(svk__http_req *r,
    const svk_web_session *s) SVK_WUR;

/* svk__http_login_detach forgets r in the check it waits for (r ends). */
void svk__http_login_detach(svk__http_req *r);

/* svk__http_login_stop resumes every connection waiting for a password
 * check and cancels the checks not started, before the server stops. */
void svk__http_login_stop(svk_http *h);

/* svk__http_loop_unref drops one reference to h, and frees h at the last. */
void svk__http_loop_unref(svk_http *h);

/* svk__http_loop_on_ready is the poll callback of h->poll (data h). */
void svk__http_loop_on_ready(uv_poll_t *p, int status, int events);

/* svk__http_loop_closed is the close callback of h's handles: one reference. */
void svk__http_loop_closed(uv_handle_t *handle);

/* svk__http_probe_respond answers GET /whoami and POST /nothing (the
 * arguments of node/web/web.c's svk_web_respond): see http_probe.c. */
enum MHD_Result svk__http_probe_respond(struct MHD_Connection *c,
    const char *method, const char *url, const svk_web_who *who,
    const svk_web_fields *form, svk_home *home, const svk_config *cfg) SVK_WUR;

#endif
