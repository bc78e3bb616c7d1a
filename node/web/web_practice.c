/*
 * web_practice.c: the page of one practice. See web_practice.h.
 */
#include "web_practice.h"

#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "report_adoption.h"
#include "view.h"
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

/* A list of strings from a JSON array, in lang, or "none". */
static void
strings(svk_web_page *p, const char *lang, json_t *arr)
{
	size_t i;
	json_t *v;

	if (json_array_size(arr) == 0) {
		fputs("<span class=\"muted\">", p->f);
		svk_web_html_text(p, "page.none");
		fputs("</span>", p->f);
		return;
	}
	fputs("<ul class=\"plain\">", p->f);
	json_array_foreach(arr, i, v) {
		fputs("<li>", p->f);
		if (json_is_string(v)) {
			svk_web_html_in(p, lang, json_string_value(v));
		} else {
			svk_web_html_in(p, lang, svk_web_html_str(v, "element"));
			fputs(": ", p->f);
			svk_web_html_esc(p->f, svk_web_html_str(v, "how"));
		}
		fputs("</li>", p->f);
	}
	fputs("</ul>", p->f);
}

static void
adoptions(svk_web_page *p, const svk_web_entity *e)
{
	const Samverk__Practice *pr = e->msg;
	json_t *arr = NULL, *ad;
	size_t i;

	fputs("<section id=\"adoptions\"><h2>", p->f);
	svk_web_html_text(p, "prac.adoptions");
	fputs("</h2>", p->f);
	if (svk_report_adoptions(p->req->home, e->origin,
		svk_web_html_str(e->row, "id"), pr, &arr) != 0) {
		fputs("<p class=\"warn\">", p->f);
		svk_web_html_text(p, "page.error");
		fputs("</p></section>", p->f);
		return;
	}
	if (json_array_size(arr) == 0) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, "prac.no_adoptions");
		fputs("</p>", p->f);
	} else {
		static const char *const cols[] = {"coord.member", "list.status",
		    "prac.kept", "prac.missing", "prac.adapted", "prac.note",
		    "list.updated"};
		fputs("<table><thead><tr>", p->f);
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			svk_web_html_th(p, cols[i]);
		}
		fputs("</tr></thead><tbody>", p->f);
	}
	json_array_foreach(arr, i, ad) {
		const char *lang = pr ? pr->lang : NULL;
		fputs("<tr class=\"adoption\">", p->f);
		svk_web_html_td(p, "coord.member", NULL);
		svk_web_html_from(p,
		    svk_web_html_str(ad, "adopter_name")[0] ?
			svk_web_html_str(ad, "adopter_name") :
			svk_web_html_str(ad, "adopter"),
		    svk_web_html_str(ad, "country"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "list.status", NULL);
		svk_web_html_code(p, "adopt", svk_web_html_str(ad, "status"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "prac.kept", "kept");
		strings(p, lang, json_object_get(ad, "kept"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "prac.missing", "missing");
		strings(p, lang, json_object_get(ad, "missing"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "prac.adapted", NULL);
		strings(p, lang, json_object_get(ad, "adapted"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "prac.note", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(ad, "note"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "list.updated", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(ad, "updated"));
		fputs("</td></tr>", p->f);
	}
	if (json_array_size(arr) > 0)
		fputs("</tbody></table>", p->f);
	fputs("</section>", p->f);
	json_decref(arr);
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
	adoptions(p, &e);
	if (pr)
		answers(p, &e);
	svk_web_html_foot(p);
out:
	svk_web_entity_fini(&e);
}
