/*
 * web_who.h: what the web app's pages (node/web/web*.c) and the HTTP
 * server's request side (node/daemon/http.c, sessions and logins) agree on:
 * who is asking, and the fields a form sent. Types only.
 *
 * The request side finds the session from its cookie and, for every POST,
 * has checked the session and the form's CSRF token before any page code
 * runs (a POST without both gets 403 and reaches no page). The pages decide
 * what each route needs (editor: practices, needs, adoptions; admin:
 * volunteers, indicators, members) and answer 403 to a role that lacks it.
 * Every write a page makes is logged with svk_say_info("audit: USER ...").
 */
#ifndef SVK_WEB_WHO_H
#define SVK_WEB_WHO_H

#include <stdbool.h>

#define SVK_WEB_USER_MAX 64  /* a web user's name, with its '\0' */
#define SVK_WEB_TOKEN_MAX 64 /* a CSRF token as text, with its '\0' */

typedef enum svk_web_role {
	SVK_WEB_ANONYMOUS = 0, /* not logged in: reads what is public */
	SVK_WEB_EDITOR,	       /* practices, needs, adoptions */
	SVK_WEB_ADMIN,	       /* and volunteers, indicators, members */
} svk_web_role;

/* Who asks: the logged-in user, or role SVK_WEB_ANONYMOUS with user "". */
typedef struct svk_web_who {
	char user[SVK_WEB_USER_MAX];
	svk_web_role role;
	char csrf[SVK_WEB_TOKEN_MAX]; /* to put in every form; "" anonymous */
	const char *lang_cookie;      /* the "lang" cookie's value, or NULL */
	const char *accept_language;  /* the Accept-Language header, or NULL */
} svk_web_who;

/* The fields of a POSTed form (urlencoded or multipart): get gives the
 * value of the first field called name, or NULL when there is none; for a
 * field that may repeat (check boxes), each gives the i-th value (i from
 * 0) or NULL after the last. An uploaded file is a field whose value is
 * the file's content (NUL-terminated; size in len). */
typedef struct svk_web_fields {
	const char *(*get)(void *arg, const char *name);
	const char *(*each)(void *arg, const char *name, unsigned i);
	const char *(*file)(void *arg, const char *name, unsigned long *len);
	void *arg;
} svk_web_fields;

#endif
