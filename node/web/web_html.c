/*
 * web_html.c: the layout every page of the web app shares, and writing
 * text into it safely. See web_html.h.
 */
#include "web_html.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vocab.h"
#include "web_i18n.h"

/* One style for every page: no file to fetch, nothing from elsewhere. At
 * 40rem and below, each table row becomes a stack of labelled cells, so a
 * phone never scrolls sideways. */
static const char style[] =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',"
    "sans-serif;margin:0;color:#1d2330;background:#f5f6f8;line-height:1.45;"
    "overflow-wrap:anywhere}"
    "a{color:#1c4f8a}a:focus{outline:3px solid #f79009}"
    ".skip{position:absolute;left:-10000px}.skip:focus{left:.5rem;top:.5rem;"
    "background:#fff;padding:.4rem;z-index:1}"
    "header{background:#24405e;color:#fff;padding:.75rem 1.25rem}"
    "header a{color:#fff}"
    ".site{margin:0;font-size:1.3rem}.site small{opacity:.85;font-size:.9rem}"
    "nav ul{list-style:none;margin:.5rem 0 0;padding:0;display:flex;"
    "flex-wrap:wrap;gap:.25rem 1rem}"
    "nav a[aria-current]{font-weight:700;text-decoration:none}"
    ".langs{font-size:.9rem}"
    "main{padding:1rem 1.25rem;max-width:72rem}"
    "h1{font-size:1.4rem;margin:.2rem 0 .8rem}"
    "section{background:#fff;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem;"
    "box-shadow:0 1px 2px rgba(0,0,0,.08)}"
    "h2{font-size:1.1rem;margin:.2rem 0 .6rem}h3{font-size:1rem;margin:.8rem 0 .4rem}"
    "table{border-collapse:collapse;width:100%;font-size:.92rem}"
    "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e4e7ec;"
    "vertical-align:top}th{font-weight:600;color:#3b4556}"
    ".on{color:#1e7b34;font-weight:600}.off{color:#b42318;font-weight:600}"
    ".warn{background:#fff4e5;border-left:4px solid #b54708;padding:.5rem .75rem}"
    ".muted{color:#596273}.fpr{font-family:ui-monospace,monospace;font-size:.8rem}"
    "form.filter{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}"
    "form.filter label{display:flex;flex-direction:column;font-size:.9rem}"
    "input,select,button{font:inherit;padding:.3rem .4rem;max-width:100%}"
    "button{background:#24405e;color:#fff;border:0;border-radius:4px;"
    "padding:.4rem .9rem}"
    "ul.plain{margin:.2rem 0;padding-left:1.2rem}"
    ".hidden-cell{font-style:italic;color:#8a3b12}"
    "dl{margin:0}dt{font-weight:600;margin-top:.5rem}dd{margin:0 0 .3rem}"
    "form.edit .field{margin:0 0 .8rem}form.edit .field>label{display:block;"
    "font-weight:600}form.edit input[type=text],form.edit textarea,form.edit select"
    "{width:100%;max-width:40rem}fieldset{border:1px solid #c9ced6;border-radius:4px;"
    "margin:0 0 .8rem;padding:.4rem .8rem}legend{font-weight:600}"
    "label.check{display:block;padding:.15rem 0}"
    ".field-error{color:#b42318;font-weight:600;margin:.2rem 0}"
    ".actions a{margin-right:1rem}"
    ".adopters{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(min(100%,20rem),1fr));gap:.75rem}"
    ".adoption{border:1px solid #e4e7ec;border-radius:4px;padding:.5rem .75rem}"
    ".follow-up{border-top:1px solid #e4e7ec;margin-top:.5rem}"
    ".fu-label{font-weight:600;margin:.4rem 0 0}.better strong{color:#1e7b34}"
    "@media (max-width:40rem){main,header{padding:.75rem}"
    "table,thead,tbody,tr,th,td{display:block}"
    "thead{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0)}"
    "tr{border-bottom:1px solid #c9ced6;padding:.3rem 0}td{border:0;padding:.15rem 0}"
    "td[data-label]::before{content:attr(data-label) \": \";font-weight:600;"
    "color:#3b4556}}";

int
svk_web_html_open(svk_web_page *p, const svk_web_request *req)
{
	const char *asked;

	memset(p, 0, sizeof(*p));
	p->req = req;
	p->status = 200;
	p->type = "text/html; charset=utf-8";
	asked = svk_web_html_arg(p, "lang");
	p->lang = svk_web_i18n_pick(asked, req->who ? req->who->lang_cookie : NULL,
	    req->who ? req->who->accept_language : NULL);
	if (asked && strcmp(asked, p->lang) == 0)
		snprintf(p->cookie, sizeof(p->cookie),
		    "lang=%s; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly",
		    p->lang);
	p->f = open_memstream(&p->body, &p->len);
	return p->f ? 0 : -ENOMEM;
}

int
svk_web_html_close(svk_web_page *p)
{
	int err;

	if (p->f == NULL)
		return -ENOMEM;
	err = ferror(p->f) ? -ENOMEM : 0;
	if (fclose(p->f) != 0)
		err = -ENOMEM;
	p->f = NULL;
	return err;
}

void
svk_web_html_fini(svk_web_page *p)
{
	if (p->f)
		(void)fclose(p->f);
	free(p->body);
	p->f = NULL;
	p->body = NULL;
	p->len = 0;
}

const char *
svk_web_html_arg(const svk_web_page *p, const char *name)
{
	const svk_web_fields *q = p->req->query;
	const char *v = q && q->get ? q->get(q->arg, name) : NULL;
	return v && v[0] ? v : NULL;
}

const char *
svk_web_html_field(const svk_web_page *p, const char *name)
{
	const svk_web_fields *f = p->req->form;
	const char *v = f && f->get ? f->get(f->arg, name) : NULL;

	return v ? v : "";
}

const char *
svk_web_html_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

void
svk_web_html_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

void
svk_web_html_url(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~", c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

const char *
svk_web_html_t(const svk_web_page *p, const char *key)
{
	const char *s = svk_web_i18n_text(p->lang, key);
	return s ? s : key;
}

void
svk_web_html_text(svk_web_page *p, const char *key)
{
	svk_web_html_esc(p->f, svk_web_html_t(p, key));
}

/* Writes text, "%s" by "%s" from args (escaped), "%%" as '%'. */
static void
fill(svk_web_page *p, const char *text, va_list args)
{
	const char *s = text, *pct;

	while ((pct = strchr(s, '%')) != NULL) {
		char *part = strndup(s, (size_t)(pct - s));
		svk_web_html_esc(p->f, part ? part : "");
		free(part);
		if (pct[1] == 's')
			svk_web_html_esc(p->f, va_arg(args, const char *));
		else if (pct[1] == '%')
			fputc('%', p->f);
		s = pct + (pct[1] ? 2 : 1);
	}
	svk_web_html_esc(p->f, s);
}

void
svk_web_html_say(svk_web_page *p, const char *key, ...)
{
	va_list args;

	va_start(args, key);
	fill(p, svk_web_html_t(p, key), args);
	va_end(args);
}

void
svk_web_html_code(svk_web_page *p, const char *prefix, const char *code)
{
	char key[96];
	const char *text;
	int n = snprintf(key, sizeof(key), "%s.%s", prefix, code ? code : "");

	for (char *c = key; *c; c++)
		if (*c == ' ')
			*c = '_';
	text = n > 0 && (size_t)n < sizeof(key) ? svk_web_i18n_text(p->lang, key) : NULL;
	svk_web_html_esc(p->f, text ? text : code);
}

void
svk_web_html_codes(svk_web_page *p, const char *prefix, const char *list)
{
	const char *s = list;

	while (s && *s) {
		size_t n = strcspn(s, ",");
		char *code = strndup(s, n);
		if (s != list)
			fputs(", ", p->f);
		svk_web_html_code(p, prefix, code ? code : "");
		free(code);
		s += n + (s[n] == ',');
	}
}

const char *
svk_web_html_lang_name(const svk_web_page *p, const char *code)
{
	char key[64];
	const char *name = NULL;
	int n = snprintf(key, sizeof(key), "lang.name.%s", code ? code : "");

	if (n > 0 && (size_t)n < sizeof(key))
		name = svk_web_i18n_text(p->lang, key);
	return name ? name : code;
}

void
svk_web_html_in(svk_web_page *p, const char *lang, const char *text)
{
	bool other = lang && svk_vocab_lang_valid(lang) && strcmp(lang, p->lang) != 0;

	if (other) {
		fputs("<span lang=\"", p->f);
		svk_web_html_esc(p->f, lang);
		fputs("\">", p->f);
	}
	svk_web_html_esc(p->f, text);
	if (other)
		fputs("</span>", p->f);
}

/* The menu: each page's key and path, and who sees it. */
static const struct {
	const char *key, *path;
	svk_web_role role;
} menu[] = {
    {"nav.overview", "/", SVK_WEB_ANONYMOUS},
    {"nav.practices", "/practices", SVK_WEB_ANONYMOUS},
    {"nav.needs", "/needs", SVK_WEB_ANONYMOUS},
    {"nav.indicators", "/indicators", SVK_WEB_ANONYMOUS},
    {"nav.volunteers", "/volunteers", SVK_WEB_ADMIN},
};

/* The query arguments a list page is asked with, to keep when the reader
 * switches language: "q=...&amp;area=...&amp;". */
static void
kept_query(svk_web_page *p)
{
	static const char *const names[] = {"q", "area", "country", "member",
	    "language", "status", "period", "skill", "active"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = svk_web_html_arg(p, names[i]);
		if (v == NULL)
			continue;
		fprintf(p->f, "%s=", names[i]);
		svk_web_html_url(p->f, v);
		fputs("&amp;", p->f);
	}
}

/* The links to this page in every other language, each named in its own. */
static void
languages(svk_web_page *p)
{
	fputs("<nav class=\"langs\" aria-label=\"", p->f);
	svk_web_html_text(p, "nav.language");
	fputs("\"><ul>", p->f);
	for (size_t i = 0; svk_web_i18n_catalogues[i].lang; i++) {
		const char *l = svk_web_i18n_catalogues[i].lang;
		fputs("<li><a href=\"?", p->f);
		kept_query(p);
		fprintf(p->f, "lang=%s\" hreflang=\"%s\" lang=\"%s\"%s>", l, l, l,
		    strcmp(l, p->lang) == 0 ? " aria-current=\"true\"" : "");
		svk_web_html_esc(p->f, svk_web_i18n_text(l, "lang.self"));
		fputs("</a></li>", p->f);
	}
	fputs("</ul></nav>", p->f);
}

void
svk_web_html_head(svk_web_page *p, const char *key, const char *sub,
    const char *sub_lang, const char *current)
{
	svk_home *home = p->req->home;

	fprintf(p->f,
	    "<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>",
	    p->lang);
	svk_web_html_text(p, key);
	if (sub) {
		fputs(": ", p->f);
		svk_web_html_esc(p->f, sub);
	}
	fputs(" &middot; ", p->f);
	svk_web_html_esc(p->f, home->name);
	fprintf(p->f, "</title><style>%s</style></head><body>", style);
	fputs("<a class=\"skip\" href=\"#content\">", p->f);
	svk_web_html_text(p, "nav.skip");
	fputs("</a><header><p class=\"site\"><a href=\"/\">", p->f);
	svk_web_html_esc(p->f, home->name);
	fputs("</a> <small>", p->f);
	svk_web_html_esc(p->f, home->country);
	fputs("</small></p><nav aria-label=\"", p->f);
	svk_web_html_text(p, "nav.main");
	fputs("\"><ul>", p->f);
	for (size_t i = 0; i < sizeof(menu) / sizeof(menu[0]); i++) {
		if (menu[i].role != SVK_WEB_ANONYMOUS &&
		    !svk_web_html_can(p, menu[i].role))
			continue;
		fprintf(p->f, "<li><a href=\"%s\"%s>", menu[i].path,
		    current && strcmp(current, menu[i].key) == 0 ?
			" aria-current=\"page\"" :
			"");
		svk_web_html_text(p, menu[i].key);
		fputs("</a></li>", p->f);
	}
	fputs("</ul></nav>", p->f);
	languages(p);
	fputs("</header><main id=\"content\"><h1>", p->f);
	svk_web_html_text(p, key);
	if (sub) {
		fputs(": ", p->f);
		svk_web_html_in(p, sub_lang, sub);
	}
	fputs("</h1>", p->f);
}

void
svk_web_html_foot(svk_web_page *p)
{
	fputs("</main><footer><p class=\"muted\" style=\"padding:0 1.25rem\">", p->f);
	svk_web_html_say(p, "page.footer", SVK_VERSION, "/api/status");
	fputs("</p></footer></body></html>\n", p->f);
}

void
svk_web_html_td(svk_web_page *p, const char *key, const char *class)
{
	fputs("<td data-label=\"", p->f);
	svk_web_html_text(p, key);
	fputs("\"", p->f);
	if (class)
		fprintf(p->f, " class=\"%s\"", class);
	fputs(">", p->f);
}

void
svk_web_html_th(svk_web_page *p, const char *key)
{
	fputs("<th scope=\"col\">", p->f);
	svk_web_html_text(p, key);
	fputs("</th>", p->f);
}

void
svk_web_html_from(svk_web_page *p, const char *name, const char *country)
{
	svk_web_html_esc(p->f,
	    name && name[0] ? name : svk_web_html_t(p, "page.unknown"));
	if (country && country[0]) {
		fputs(" <span class=\"muted\">", p->f);
		svk_web_html_esc(p->f, country);
		fputs("</span>", p->f);
	}
}

bool
svk_web_html_can(const svk_web_page *p, svk_web_role role)
{
	const svk_web_who *who = p->req->who;
	return who && who->role >= role && who->user[0];
}

bool
svk_web_html_may(svk_web_page *p, svk_web_role role)
{
	if (svk_web_html_can(p, role))
		return true;
	svk_web_html_message(p, 403, "form.forbidden_title", "form.forbidden", NULL);
	return false;
}

void
svk_web_html_csrf(svk_web_page *p)
{
	fputs("<input type=\"hidden\" name=\"csrf\" value=\"", p->f);
	svk_web_html_esc(p->f, p->req->who ? p->req->who->csrf : "");
	fputs("\">", p->f);
}

void
svk_web_html_see_other(svk_web_page *p, const char *location)
{
	snprintf(p->location, sizeof(p->location), "%s", location);
	p->status = 303;
	fputs("<!DOCTYPE html><p><a href=\"", p->f);
	svk_web_html_esc(p->f, p->location);
	fputs("\">", p->f);
	svk_web_html_text(p, "form.saved");
	fputs("</a></p>\n", p->f);
}

void
svk_web_html_message(svk_web_page *p, unsigned status, const char *title_key,
    const char *key, const char *arg)
{
	/* Whatever the page had written goes: the message is the page. */
	if (p->f)
		(void)fclose(p->f);
	free(p->body);
	p->body = NULL;
	p->len = 0;
	if ((p->f = open_memstream(&p->body, &p->len)) == NULL)
		return;
	p->status = status;
	svk_web_html_head(p, title_key, NULL, NULL, NULL);
	fputs("<section><p>", p->f);
	svk_web_html_say(p, key, arg);
	fputs("</p><p><a href=\"/\">", p->f);
	svk_web_html_text(p, "page.back");
	fputs("</a></p></section>", p->f);
	svk_web_html_foot(p);
}

void
svk_web_html_not_written(svk_web_page *p, const char *title_key, int err)
{
	svk_web_html_message(p, err == SVK_EHELD ? 409 : 500, title_key,
	    err == SVK_EHELD ? "member.held" : "page.not_written", NULL);
}
