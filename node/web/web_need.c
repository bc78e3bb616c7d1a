/*
 * web_need.c: the page of one need, with its ranked matches. See
 * web_need.h.
 */
#include "web_need.h"

#include <stdio.h>
#include <string.h>

#include "match.h"
#include "view.h"
#include "web_entity.h"
#include "web_need_close.h"

#define MATCHES_MAX 10 /* practices shown for a need */

static void
fact(svk_web_page *p, const char *key, const char *prefix, const char *code)
{
	if (code == NULL || code[0] == '\0')
		return;
	fputs("<dt>", p->f);
	svk_web_html_text(p, key);
	fputs("</dt><dd>", p->f);
	svk_web_html_code(p, prefix, code);
	fputs("</dd>", p->f);
}

/* The need itself: its description and what it asks for. */
static void
about(svk_web_page *p, const Samverk__Need *n)
{
	svk_web_entity_para(p, 2, "need.description", n->lang, n->description);
	fputs("<dl>", p->f);
	fact(p, "need.status", "status", n->status);
	fact(p, "need.urgency", "urgency", n->urgency);
	if (n->n_skills > 0) {
		fputs("<dt>", p->f);
		svk_web_html_text(p, "need.skills");
		fputs("</dt><dd>", p->f);
		for (size_t i = 0; i < n->n_skills; i++) {
			if (i > 0)
				fputs(", ", p->f);
			svk_web_html_in(p, n->lang, n->skills[i]);
		}
		fputs("</dd>", p->f);
	}
	if (n->answered_by[0]) {
		const char *slash = strchr(n->answered_by, '/');
		fputs("<dt>", p->f);
		svk_web_html_text(p, "need.answered_by");
		fputs("</dt><dd>", p->f);
		if (slash) {
			fputs("<a href=\"/practices/", p->f);
			svk_web_html_esc(p->f, n->answered_by);
			fputs("\">", p->f);
			svk_web_html_esc(p->f, slash + 1);
			fputs("</a>", p->f);
		} else {
			svk_web_html_esc(p->f, n->answered_by);
		}
		fputs("</dd>", p->f);
	}
	fputs("</dl>", p->f);
}

static void
one_match(svk_web_page *p, const svk_match *m, size_t rank)
{
	char fpr[SVK_FPR_LEN], num[32], score[32];

	svk_crypto_fingerprint(m->origin, fpr);
	snprintf(num, sizeof(num), "%zu", rank);
	snprintf(score, sizeof(score), "%.1f", m->score);
	fputs("<li class=\"match\"><a href=\"", p->f);
	svk_web_entity_href(p, SVK_KIND_PRACTICE, fpr, m->id);
	fputs("\">", p->f);
	svk_web_html_in(p, m->lang, m->title);
	fputs("</a> ", p->f);
	svk_web_html_from(p, m->origin_name, m->origin_country);
	fputs(" <span class=\"muted\">&middot; ", p->f);
	svk_web_html_say(p, "match.score", score);
	fputs("</span><ul class=\"plain\">", p->f);
	if (m->shared[0]) {
		fputs("<li>", p->f);
		svk_web_html_text(p, "match.shared");
		fputs(": ", p->f);
		svk_web_html_codes(p, "area", m->shared);
		fputs("</li>", p->f);
	}
	if (m->words[0]) {
		fputs("<li>", p->f);
		svk_web_html_text(p, "match.words");
		fputs(": ", p->f);
		for (const char *c = m->words; *c; c++)
			if (*c == ',')
				fputs(", ", p->f);
			else
				svk_web_html_esc(p->f, (char[]){*c, '\0'});
		fputs("</li>", p->f);
	}
	fputs("</ul></li>", p->f);
}

/* The partners' practices that could answer the need, best first. */
static void
matches(svk_web_page *p, const svk_web_entity *e)
{
	svk_matches ms;
	const char *id = json_string_value(json_object_get(e->row, "id"));

	svk_match_list_init(&ms);
	fputs("<section id=\"matches\"><h2>", p->f);
	svk_web_html_text(p, "need.matches");
	fputs("</h2>", p->f);
	if (svk_match_need(p->req->home->store, e->origin, id ? id : "",
		MATCHES_MAX, &ms) != 0) {
		fputs("<p class=\"warn\">", p->f);
		svk_web_html_text(p, "page.error");
		fputs("</p></section>", p->f);
		return;
	}
	if (ms.n == 0) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, "need.no_matches");
		fputs("</p>", p->f);
	} else {
		fputs("<ol>", p->f);
		for (size_t i = 0; i < ms.n; i++)
			one_match(p, &ms.items[i], i + 1);
		fputs("</ol>", p->f);
	}
	fputs("</section>", p->f);
	svk_match_list_fini(&ms);
}

void
svk_web_need_page(svk_web_page *p, const char *origin, const char *id, bool json)
{
	svk_web_entity e;
	const Samverk__Need *n;

	if (svk_web_entity_load(p, SVK_KIND_NEED, origin, id, &e) != 0)
		goto out;
	if (json) {
		svk_web_entity_download(p, &e);
		goto out;
	}
	n = e.msg;
	svk_web_html_head(p, "nav.needs",
	    json_string_value(json_object_get(e.row, "title")),
	    json_string_value(json_object_get(e.row, "lang")), "nav.needs");
	fputs("<section id=\"need\">", p->f);
	svk_web_entity_facts(p, &e);
	svk_web_entity_actions(p, &e);
	if (n)
		about(p, n);
	fputs("</section>", p->f);
	if (n) {
		svk_web_entity_translations(p, n->translations, n->n_translations);
		matches(p, &e);
	}
	/* Closing it with the practice that answered it (web_need_close.h). */
	svk_web_need_close_form(p, &e);
	svk_web_html_foot(p);
out:
	svk_web_entity_fini(&e);
}
