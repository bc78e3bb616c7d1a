/*
 * web_practice.c: the page of one practice. See web_practice.h.
 */
#include "web_practice.h"

#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "view.h"
#include "web_adopters.h"
#include "web_entity.h"

#define ANSWERS_MAX 5 /* partners' needs shown as answered */

/* A heading and a list of texts written in lang; nothing when empty. */
static void
items(svk_web_page *p, const char *key, const char *lang, char **list, size_t n)
{
	if (n == 0)
		return;
	fputs("<h2>", p->f);
	svk_web_html_text(p, key);
	fputs("</h2><ul class=\"plain\">", p->f);
	for (size_t i = 0; i < n; i++) {
		fputs("<li>", p->f);
		svk_web_html_in(p, lang, list[i]);
		fputs("</li>", p->f);
	}
	fputs("</ul>", p->f);
}

static void
partners(svk_web_page *p, const Samverk__Practice *pr)
{
	if (pr->n_partners == 0)
		return;
	fputs("<h2>", p->f);
	svk_web_html_text(p, "prac.partners");
	fputs("</h2><ul class=\"plain\">", p->f);
	for (size_t i = 0; i < pr->n_partners; i++) {
		const Samverk__Partner *pa = pr->partners[i];
		fputs("<li>", p->f);
		svk_web_html_in(p, pr->lang, pa->name);
		if (pa->sector[0] || pa->role[0]) {
			fputs(" <span class=\"muted\">(", p->f);
			svk_web_html_in(p, pr->lang, pa->sector);
			fputs(pa->sector[0] && pa->role[0] ? ", " : "", p->f);
			svk_web_html_in(p, pr->lang, pa->role);
			fputs(")</span>", p->f);
		}
		fputs("</li>", p->f);
	}
	fputs("</ul>", p->f);
}

/* The partners' open needs this practice could answer (match.h). */
static void
answers(svk_web_page *p, const svk_web_entity *e)
{
	svk_matches ms;
	char fpr[SVK_FPR_LEN];

	svk_match_list_init(&ms);
	if (svk_match_practice(p->req->home->store, e->origin,
		svk_web_html_str(e->row, "id"), ANSWERS_MAX, &ms) != 0)
		return;
	fputs("<section id=\"answers\"><h2>", p->f);
	svk_web_html_text(p, "prac.answers");
	fputs("</h2>", p->f);
	if (ms.n == 0) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, "prac.answers_none");
		fputs("</p>", p->f);
	}
	fputs("<ul class=\"plain\">", p->f);
	for (size_t i = 0; i < ms.n; i++) {
		svk_crypto_fingerprint(ms.items[i].origin, fpr);
		fputs("<li><a href=\"", p->f);
		svk_web_entity_href(p, SVK_KIND_NEED, fpr, ms.items[i].id);
		fputs("\">", p->f);
		svk_web_html_in(p, ms.items[i].lang, ms.items[i].title);
		fputs("</a> ", p->f);
		svk_web_html_from(p, ms.items[i].origin_name,
		    ms.items[i].origin_country);
		fputs("</li>", p->f);
	}
	fputs("</ul></section>", p->f);
	svk_match_list_fini(&ms);
}

void
svk_web_practice_page(svk_web_page *p, const char *origin, const char *id, bool json)
{
	svk_web_entity e;
	const Samverk__Practice *pr;

	if (svk_web_entity_load(p, SVK_KIND_PRACTICE, origin, id, &e) != 0)
		goto out;
	if (json) {
		svk_web_entity_download(p, &e);
		goto out;
	}
	pr = e.msg;
	svk_web_html_head(p, "nav.practices", svk_web_html_str(e.row, "title"),
	    svk_web_html_str(e.row, "lang"), "nav.practices");
	fputs("<section id=\"practice\">", p->f);
	svk_web_entity_facts(p, &e);
	svk_web_entity_actions(p, &e);
	if (pr) {
		svk_web_entity_para(p, 2, "prac.summary", pr->lang, pr->summary);
		svk_web_entity_para(p, 2, "prac.challenge", pr->lang, pr->challenge);
		items(p, "prac.core", pr->lang, pr->core_elements, pr->n_core_elements);
		items(p, "prac.flexible", pr->lang, pr->flexible_elements,
		    pr->n_flexible_elements);
		items(p, "prac.target_groups", pr->lang, pr->target_groups,
		    pr->n_target_groups);
		partners(p, pr);
		svk_web_entity_para(p, 2, "prac.results", pr->lang, pr->results);
		svk_web_entity_para(p, 2, "prac.resources", pr->lang, pr->resources);
		svk_web_entity_para(p, 2, "prac.started", NULL, pr->started);
		items(p, "prac.tags", pr->lang, pr->tags, pr->n_tags);
	}
	fputs("</section>", p->f);
	if (pr)
		svk_web_entity_translations(p, pr->translations, pr->n_translations);
	svk_web_adopters_section(p, &e);
	if (pr)
		answers(p, &e);
	svk_web_html_foot(p);
out:
	svk_web_entity_fini(&e);
}
