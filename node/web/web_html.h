/*
 * web_html.h: one page of the web app in the making: the request it
 * answers, the language it speaks, its body, and the layout every page
 * shares (head, header, menu, language links, footer), with every text
 * from the store escaped on its way out.
 *
 * A page writes its body to p->f; web.c sends it. The pages call
 * svk_web_html_t (a catalogue text) and svk_web_html_say (a catalogue text
 * with its "%s" filled in, each escaped), never fprintf with a translation.
 */
#ifndef SVK_WEB_HTML_H
#define SVK_WEB_HTML_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "home.h"
#include "web_who.h"

/* What was asked. query gives the URL's arguments (as a form's fields). */
typedef struct svk_web_request {
	const char *method; /* "GET", "HEAD", "POST" */
	const char *path;   /* without the query */
	const svk_web_fields *query;
	const svk_web_fields *form; /* NULL but for a POST */
	const svk_web_who *who;
	svk_home *home;
	const svk_config *cfg;
} svk_web_request;

#define SVK_WEB_COOKIE_MAX 96
#define SVK_WEB_DISPOSITION_MAX 160
#define SVK_WEB_LOCATION_MAX 256

/* A page in the making and, when done, the answer. */
typedef struct svk_web_page {
	const svk_web_request *req;
	const char *lang; /* the language the page is in */
	FILE *f;	  /* the body, in memory */
	char *body;
	size_t len;
	unsigned status;  /* 200 unless a page says otherwise */
	const char *type; /* "text/html; charset=utf-8" unless ... */
	char cookie[SVK_WEB_COOKIE_MAX];	   /* a Set-Cookie value, or "" */
	char disposition[SVK_WEB_DISPOSITION_MAX]; /* Content-Disposition, or "" */
	char location[SVK_WEB_LOCATION_MAX];	   /* Location (a 303), or "" */
} svk_web_page;

/* svk_web_html_open starts p for req: picks its language (a valid ?lang=
 * argument, which also sets the cookie that remembers it; then the
 * cookie; then Accept-Language) and opens an empty body. -ENOMEM; p needs
 * svk_web_html_fini either way. */
int svk_web_html_open(svk_web_page *p, const svk_web_request *req) SVK_WUR;

/* svk_web_html_close ends p's body: p->body and p->len are the answer.
 * -ENOMEM if the body could not be written. */
int svk_web_html_close(svk_web_page *p) SVK_WUR;

/* svk_web_html_fini frees what p holds. */
void svk_web_html_fini(svk_web_page *p);

/* svk_web_html_arg gives the query argument name, or NULL (also for ""). */
const char *svk_web_html_arg(const svk_web_page *p, const char *name);

/* svk_web_html_field gives the value of the POSTed form's field name, or
 * "" when there is none (or no form). */
const char *svk_web_html_field(const svk_web_page *p, const char *name);

/* svk_web_html_str gives the string o holds under key, or "" (a JSON
 * document of report.c's, read by the pages). */
const char *svk_web_html_str(json_t *o, const char *key);

/* svk_web_html_esc writes s (NULL: nothing) escaped for HTML text and
 * attribute values. */
void svk_web_html_esc(FILE *f, const char *s);

/* svk_web_html_url writes s percent-encoded, for a URL's path segment or
 * query value. */
void svk_web_html_url(FILE *f, const char *s);

/* svk_web_html_t gives the text of key in p's language (key itself when no
 * catalogue has it); svk_web_html_text writes it escaped. */
const char *svk_web_html_t(const svk_web_page *p, const char *key);
void svk_web_html_text(svk_web_page *p, const char *key);

/* svk_web_html_say writes the text of key with each "%s" replaced by the
 * next of the strings given (as many as the text has; NULL counts as ""),
 * everything escaped. */
void svk_web_html_say(svk_web_page *p, const char *key, ...);

/* svk_web_html_code writes the name of a code in p's language: the text
 * of "PREFIX.CODE" ("area.youth", "state.online"), or the code itself,
 * escaped, when the catalogue has no such key. Spaces in code count as
 * '_' ("not linked": "link.not_linked"). */
void svk_web_html_code(svk_web_page *p, const char *prefix, const char *code);

/* svk_web_html_codes does svk_web_html_code for each of a comma list, the
 * names separated by ", ". */
void svk_web_html_codes(svk_web_page *p, const char *prefix, const char *list);

/* svk_web_html_lang_name gives the name of the language code in p's
 * language ("lang.name.CODE"), or code itself for one it does not name. */
const char *svk_web_html_lang_name(const svk_web_page *p, const char *code);

/* svk_web_html_in writes text from the store, written in lang: escaped, in
 * a <span lang=..> when lang is valid and not the page's language. */
void svk_web_html_in(svk_web_page *p, const char *lang, const char *text);

/* svk_web_html_head writes the start of the document, titled with key's
 * text (and sub, escaped, when not NULL), the header with this node's
 * name, the menu (current: the menu key of this page, or NULL), the
 * language links and the opening of <main> with its heading. sub is text
 * from the store, in sub_lang (NULL: the page's language). */
void svk_web_html_head(svk_web_page *p, const char *key, const char *sub,
    const char *sub_lang, const char *current);

/* svk_web_html_foot closes <main> and the document. */
void svk_web_html_foot(svk_web_page *p);

/* svk_web_html_td opens a table cell labelled with key's text for narrow
 * screens (where each row becomes a stack of labelled cells); class may
 * be NULL. */
void svk_web_html_td(svk_web_page *p, const char *key, const char *class);

/* svk_web_html_th writes a column heading with key's text. */
void svk_web_html_th(svk_web_page *p, const char *key);

/* svk_web_html_from writes who a record is from: name (or "unknown" when
 * empty) and, muted, country. */
void svk_web_html_from(svk_web_page *p, const char *name, const char *country);

/* svk_web_html_may tells whether p's user has role (or a higher one); when
 * not, it has written the 403 page. */
bool svk_web_html_may(svk_web_page *p, svk_web_role role);

/* svk_web_html_can tells the same without writing anything: for the links
 * to the forms. */
bool svk_web_html_can(const svk_web_page *p, svk_web_role role);

/* svk_web_html_csrf writes the hidden csrf field of a form. */
void svk_web_html_csrf(svk_web_page *p);

/* svk_web_html_see_other answers p with a 303 to location (after a
 * write), and a link there for a client that does not follow it. */
void svk_web_html_see_other(svk_web_page *p, const char *location);

/* svk_web_html_message writes a whole page that says key's text (under
 * the title title_key) with status: for 404, 400 and 500. */
void svk_web_html_message(svk_web_page *p, unsigned status, const char *title_key,
    const char *key, const char *arg);

/* svk_web_html_not_written writes the page of a write that failed with
 * err (under the title title_key): 409 and why when writing is on hold
 * (SVK_EHELD), else 500 and that nothing was saved. */
void svk_web_html_not_written(svk_web_page *p, const char *title_key, int err);

#endif
