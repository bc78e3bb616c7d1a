/*
 * web_adopters.c: every adopter of a practice side by side, with the
 * follow-ups. See web_adopters.h.
 */
#include "web_adopters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adopter.h"
#include "follow_up.h"
#include "report_adoption.h"
#include "view.h"

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

/* <dt>key's text</dt><dd class=class>, left open. */
static void
term(svk_web_page *p, const char *key, const char *class)
{
	fputs("<dt>", p->f);
	svk_web_html_text(p, key);
	fprintf(p->f, "</dt><dd class=\"%s\">", class);
}

static const char *
number(json_t *v, char *buf, size_t size)
{
	snprintf(buf, size, "%g", json_number_value(v));
	return buf;
}

/* The results of a follow-up, each against its baseline. */
static void
results(svk_web_page *p, json_t *arr)
{
	char value[32], base[32], change[40];
	size_t i;
	json_t *r;

	if (json_array_size(arr) == 0)
		return;
	fputs("<p class=\"fu-label\">", p->f);
	svk_web_html_text(p, "fu.results");
	fputs("</p><ul class=\"plain results\">", p->f);
	json_array_foreach(arr, i, r) {
		json_t *b = json_object_get(r, "baseline");
		double d = b ? json_number_value(json_object_get(r, "value")) -
				   json_number_value(b) :
			       0;
		fprintf(p->f, "<li%s>", b && d > 0 ? " class=\"better\"" : "");
		svk_web_html_esc(p->f, svk_web_html_str(r, "name"));
		fputs(": <strong>", p->f);
		svk_web_html_esc(p->f,
		    number(json_object_get(r, "value"), value, sizeof(value)));
		fputs("</strong> ", p->f);
		if (svk_web_html_str(r, "unit")[0])
			svk_web_html_code(p, "unit", svk_web_html_str(r, "unit"));
		if (b) {
			snprintf(change, sizeof(change), "%+g", d);
			fputs(" <span class=\"muted\">(", p->f);
			svk_web_html_say(p, "fu.against",
			    number(b, base, sizeof(base)), change);
			fputs(")</span>", p->f);
		}
		fputs("</li>", p->f);
	}
	fputs("</ul>", p->f);
}

/* One follow-up: when, the core elements' fidelity, results, lessons. */
static void
follow_up(svk_web_page *p, const char *lang, json_t *fu)
{
	json_t *fid = json_object_get(fu, "fidelity"), *el;
	char n[4][24];
	size_t i;

	snprintf(n[0], sizeof(n[0]), "%lld",
	    (long long)json_integer_value(json_object_get(fu, "months")));
	fprintf(p->f, "<div class=\"follow-up\" data-months=\"%s\"><h4>", n[0]);
	if (json_integer_value(json_object_get(fu, "months")) > 0)
		svk_web_html_say(p, "fu.at_months", n[0]);
	else
		svk_web_html_text(p, "fu.at_date");
	fputs(" <span class=\"muted\">", p->f);
	svk_web_html_esc(p->f, svk_web_html_str(fu, "date"));
	fputs("</span></h4>", p->f);
	if (json_array_size(json_object_get(fu, "elements")) > 0) {
		static const char *const keys[] = {"kept", "adapted", "dropped", "of"};
		for (i = 0; i < 4; i++)
			snprintf(n[i], sizeof(n[i]), "%lld",
			    (long long)json_integer_value(json_object_get(fid,
				keys[i])));
		fputs("<p class=\"fidelity\">", p->f);
		svk_web_html_say(p, "fu.fidelity", n[0], n[3], n[1], n[2]);
		fputs("</p><ul class=\"plain elements\">", p->f);
	}
	json_array_foreach(json_object_get(fu, "elements"), i, el) {
		const char *state = svk_web_html_str(el, "state");
		fprintf(p->f, "<li class=\"%s\">",
		    strcmp(state, "kept") == 0	  ? "kept" :
		    strcmp(state, "adapted") == 0 ? "adapted" :
						    "dropped");
		svk_web_html_in(p, lang, svk_web_html_str(el, "element"));
		fputs(": <strong>", p->f);
		svk_web_html_code(p, "fu.state", state);
		fputs("</strong>", p->f);
		if (svk_web_html_str(el, "note")[0]) {
			fputs(": ", p->f);
			svk_web_html_esc(p->f, svk_web_html_str(el, "note"));
		}
		fputs("</li>", p->f);
	}
	if (json_array_size(json_object_get(fu, "elements")) > 0)
		fputs("</ul>", p->f);
	results(p, json_object_get(fu, "results"));
	if (svk_web_html_str(fu, "lessons")[0]) {
		fputs("<p class=\"fu-label\">", p->f);
		svk_web_html_text(p, "fu.lessons");
		fputs("</p><p class=\"lessons\">", p->f);
		svk_web_html_esc(p->f, svk_web_html_str(fu, "lessons"));
		fputs("</p>", p->f);
	}
	fputs("</div>", p->f);
}

/* Since when: the start and the months since. */
static void
since(svk_web_page *p, const char *started, const char *today)
{
	char months[16];
	int32_t m = svk_follow_up_months(started, today);

	if (!started[0])
		return;
	term(p, "fu.started", "started");
	if (m == INT32_MIN || m < 0) {
		svk_web_html_esc(p->f, started);
	} else {
		snprintf(months, sizeof(months), "%d", (int)m);
		svk_web_html_say(p, "fu.since", started, months);
	}
	fputs("</dd>", p->f);
}

/* This node's own adoption: the link to the follow-up form, and a note
 * when one is due. */
static void
own_actions(svk_web_page *p, const svk_web_entity *e, const char *today)
{
	const Samverk__Practice *pr = e->msg;
	Samverk__Body *body = NULL;
	char months[16];
	unsigned due = 0;

	if (pr == NULL || !svk_web_html_can(p, SVK_WEB_EDITOR))
		return;
	if (svk_adopter_read(p->req->home, e->origin, pr->id, &body) == 0 && body)
		due = svk_follow_up_due(body->adoption, today);
	if (body)
		samverk__body__free_unpacked(body, NULL);
	if (due) {
		snprintf(months, sizeof(months), "%u", due);
		fputs("<p class=\"warn due\">", p->f);
		svk_web_html_say(p, "fu.due", months);
		fputs("</p>", p->f);
	}
	fputs("<p class=\"actions\"><a href=\"", p->f);
	svk_web_entity_href(p, SVK_KIND_PRACTICE, e->fpr, pr->id);
	fputs("/follow-up\">", p->f);
	svk_web_html_text(p, "fu.link");
	fputs("</a></p>", p->f);
}

/* One adopter's block. */
static void
adopter(svk_web_page *p, const svk_web_entity *e, json_t *ad, const char *own,
    const char *today)
{
	const Samverk__Practice *pr = e->msg;
	const char *lang = pr ? pr->lang : NULL, *name;
	json_t *fus = json_object_get(ad, "follow_ups"), *fu;
	size_t i;

	name = svk_web_html_str(ad, "adopter_name")[0] ?
		   svk_web_html_str(ad, "adopter_name") :
		   svk_web_html_str(ad, "adopter");
	fputs("<article class=\"adoption\"><h3>", p->f);
	svk_web_html_from(p, name, svk_web_html_str(ad, "country"));
	fputs("</h3><dl>", p->f);
	term(p, "list.status", "status");
	svk_web_html_code(p, "adopt", svk_web_html_str(ad, "status"));
	fputs("</dd>", p->f);
	since(p, svk_web_html_str(ad, "started"), today);
	term(p, "prac.kept", "kept");
	strings(p, lang, json_object_get(ad, "kept"));
	fputs("</dd>", p->f);
	term(p, "prac.missing", "missing");
	strings(p, lang, json_object_get(ad, "missing"));
	fputs("</dd>", p->f);
	term(p, "prac.adapted", "adapted");
	strings(p, lang, json_object_get(ad, "adapted"));
	fputs("</dd>", p->f);
	if (svk_web_html_str(ad, "note")[0]) {
		term(p, "prac.note", "note");
		svk_web_html_esc(p->f, svk_web_html_str(ad, "note"));
		fputs("</dd>", p->f);
	}
	term(p, "list.updated", "updated");
	svk_web_html_esc(p->f, svk_web_html_str(ad, "updated"));
	fputs("</dd></dl>", p->f);
	if (strcmp(svk_web_html_str(ad, "adopter"), own) == 0)
		own_actions(p, e, today);
	fputs("<div class=\"follow-ups\">", p->f);
	if (json_array_size(fus) == 0) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, "fu.none");
		fputs("</p>", p->f);
	}
	json_array_foreach(fus, i, fu) {
		follow_up(p, lang, fu);
	}
	fputs("</div></article>", p->f);
}

void
svk_web_adopters_section(svk_web_page *p, const svk_web_entity *e)
{
	char own[SVK_FPR_LEN], today[11];
	json_t *arr = NULL, *ad;
	size_t i;

	svk_crypto_fingerprint(svk_crypto_identity_public(p->req->home->id), own);
	svk_follow_up_today(today);
	fputs("<section id=\"adoptions\"><h2>", p->f);
	svk_web_html_text(p, "prac.adoptions");
	fputs("</h2>", p->f);
	if (svk_report_adoption_list(p->req->home, e->origin,
		svk_web_html_str(e->row, "id"), e->msg, &arr) != 0) {
		fputs("<p class=\"warn\">", p->f);
		svk_web_html_text(p, "page.error");
		fputs("</p></section>", p->f);
		return;
	}
	if (json_array_size(arr) == 0) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, "prac.no_adoptions");
		fputs("</p>", p->f);
	}
	fputs("<div class=\"adopters\">", p->f);
	json_array_foreach(arr, i, ad) {
		adopter(p, e, ad, own, today);
	}
	fputs("</div></section>", p->f);
	json_decref(arr);
}
