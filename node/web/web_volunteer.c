/*
 * web_volunteer.c: the volunteer registry's list and one person's page,
 * and the way in to the other volunteer pages (web_volunteer_form.c,
 * web_volunteer_io.c). See web_volunteer.h.
 */
#include "web_volunteer.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "registry.h"
#include "vocab.h"
#include "web_volunteer_io.h"
#include "web_volunteer_field.h"
#include "web_volunteer_form.h"

#define LIST_MAX 200 /* rows the list shows */

/* --- the list --------------------------------------------------------------- */

struct filter {
	svk_web_page *p;
	const char *words, *area, *skill, *active;
	char *folded; /* words, folded; NULL when none */
	size_t shown, total;
};

/* Whether folded words are in any of v's texts, folded the same way. */
static bool
has_words(const svk_volunteer *v, const char *folded)
{
	const char *texts[] = {v->id, v->name, v->email, v->phone, v->skills};
	bool yes = false;

	for (size_t i = 0; !yes && i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *f = NULL;
		if (svk_fold(texts[i], strlen(texts[i]), &f) == 0 && f)
			yes = strstr(f, folded) != NULL;
		free(f);
	}
	return yes;
}

static int
row_cb(void *arg, const svk_volunteer *v)
{
	struct filter *f = arg;
	svk_web_page *p = f->p;

	f->total++;
	if ((f->area && !svk_web_volunteer_field_has(v->areas, f->area)) ||
	    (f->skill && !svk_web_volunteer_field_has(v->skills, f->skill)) ||
	    (f->active && (strcmp(f->active, "yes") == 0) != v->active) ||
	    (f->folded && !has_words(v, f->folded)))
		return 0;
	if (++f->shown > LIST_MAX)
		return 0;
	fputs("<tr class=\"volunteer\">", p->f);
	svk_web_html_td(p, "vol.f.id", NULL);
	svk_web_volunteer_field_link(p, v->id, v->id);
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.name", NULL);
	svk_web_html_esc(p->f, v->name);
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.active", NULL);
	svk_web_html_text(p, v->active ? "page.yes" : "page.no");
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.hours_per_month", NULL);
	fprintf(p->f, "%u</td>", v->hours_per_month);
	svk_web_html_td(p, "vol.f.joined", NULL);
	svk_web_html_esc(p->f, v->joined);
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.areas", NULL);
	svk_web_volunteer_field_list(p, v->areas, "area");
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.skills", NULL);
	svk_web_volunteer_field_list(p, v->skills, NULL);
	fputs("</td></tr>", p->f);
	return 0;
}

static void
filters(svk_web_page *p, const struct filter *f)
{
	fputs("<section><form class=\"filter\" method=\"get\" action=\"/volunteers\">"
	      "<label for=\"f-q\">",
	    p->f);
	svk_web_html_text(p, "filter.words");
	fputs("<input type=\"search\" id=\"f-q\" name=\"q\" value=\"", p->f);
	svk_web_html_esc(p->f, f->words);
	fputs("\"></label><label for=\"f-area\">", p->f);
	svk_web_html_text(p, "filter.area");
	fputs("<select id=\"f-area\" name=\"area\">", p->f);
	svk_web_volunteer_field_option(p, "", NULL, "filter.any", NULL);
	for (size_t i = 0; svk_vocab_areas[i]; i++)
		svk_web_volunteer_field_option(p, svk_vocab_areas[i], f->area,
		    NULL, "area");
	fputs("</select></label><label for=\"f-skill\">", p->f);
	svk_web_html_text(p, "vol.filter_skill");
	fputs("<input type=\"text\" id=\"f-skill\" name=\"skill\" value=\"", p->f);
	svk_web_html_esc(p->f, f->skill);
	fputs("\"></label><label for=\"f-active\">", p->f);
	svk_web_html_text(p, "vol.f.active");
	fputs("<select id=\"f-active\" name=\"active\">", p->f);
	svk_web_volunteer_field_option(p, "", NULL, "filter.any", NULL);
	svk_web_volunteer_field_option(p, "yes", f->active, "page.yes", NULL);
	svk_web_volunteer_field_option(p, "no", f->active, "page.no", NULL);
	fputs("</select></label><button type=\"submit\">", p->f);
	svk_web_html_text(p, "filter.submit");
	fputs("</button></form></section>", p->f);
}

static void
list_page(svk_web_page *p)
{
	static const char *const heads[] = {"vol.f.id", "vol.f.name", "vol.f.active",
	    "vol.f.hours_per_month", "vol.f.joined", "vol.f.areas", "vol.f.skills"};
	struct filter f = {.p = p};
	char n[32], max[32];
	int err;

	f.words = svk_web_html_arg(p, "q");
	f.area = svk_web_html_arg(p, "area");
	f.skill = svk_web_html_arg(p, "skill");
	f.active = svk_web_html_arg(p, "active");
	if (f.area && !svk_vocab_area_valid(f.area)) {
		svk_web_html_message(p, 400, "filter.legend", "filter.bad_area",
		    f.area);
		return;
	}
	if (f.active && strcmp(f.active, "yes") != 0 && strcmp(f.active, "no") != 0)
		f.active = NULL;
	if ((f.words && !svk_fold_utf8_valid(f.words, strlen(f.words))) ||
	    (f.skill && !svk_fold_utf8_valid(f.skill, strlen(f.skill)))) {
		svk_web_html_message(p, 400, "filter.legend", "vol.bad_query", NULL);
		return;
	}
	if (f.words && svk_fold(f.words, strlen(f.words), &f.folded) != 0) {
		svk_web_html_message(p, 500, "vol.title", "page.error", NULL);
		return;
	}
	svk_web_html_head(p, "vol.title", NULL, NULL, "nav.volunteers");
	fputs("<p class=\"muted\">", p->f);
	svk_web_html_text(p, "vol.local_only");
	fputs("</p><p class=\"actions\"><a href=\"/volunteers/new\">", p->f);
	svk_web_html_text(p, "vol.add");
	fputs("</a> <a href=\"/volunteers/import\">", p->f);
	svk_web_html_text(p, "vol.import");
	fputs("</a></p>", p->f);
	filters(p, &f);
	fputs("<section><table><thead><tr>", p->f);
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		svk_web_html_th(p, heads[i]);
	fputs("</tr></thead><tbody>", p->f);
	err = svk_registry_each(p->req->home->store, row_cb, &f);
	free(f.folded);
	if (err != 0) {
		svk_web_html_message(p, 500, "vol.title", "page.error", NULL);
		return;
	}
	fputs("</tbody></table>", p->f);
	snprintf(n, sizeof(n), "%zu", f.shown < LIST_MAX ? f.shown : LIST_MAX);
	snprintf(max, sizeof(max), "%d", LIST_MAX);
	fputs("<p class=\"muted\">", p->f);
	if (f.total == 0)
		svk_web_html_text(p, "vol.none");
	else if (f.shown == 0)
		svk_web_html_text(p, "vol.no_match");
	else if (f.shown > LIST_MAX)
		svk_web_html_say(p, "list.more", max);
	else
		svk_web_html_say(p, "list.count", n);
	fputs("</p></section>", p->f);
	svk_web_html_foot(p);
}

/* --- one person ---------------------------------------------------------------- */

static void
fact(svk_web_page *p, const char *name, const char *value)
{
	char key[48];

	snprintf(key, sizeof(key), "vol.f.%s", name);
	fputs("<dt>", p->f);
	svk_web_html_text(p, key);
	fputs("</dt><dd>", p->f);
	if (value == NULL || value[0] == '\0')
		svk_web_html_text(p, "page.none");
	else
		svk_web_html_esc(p->f, value);
	fputs("</dd>", p->f);
}

static void
actions(svk_web_page *p, const char *id)
{
	static const struct {
		const char *action, *key, *attrs;
	} links[] = {
	    {"edit", "form.edit", ""},
	    {"export.json", "vol.export_json", " download"},
	    {"export.csv", "vol.export_csv", " download"},
	    {"erase", "vol.erase", ""},
	};

	fputs("<p class=\"actions\">", p->f);
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		fputs("<a href=\"/volunteers/", p->f);
		svk_web_html_url(p->f, id);
		fprintf(p->f, "/%s\"%s>", links[i].action, links[i].attrs);
		svk_web_html_text(p, links[i].key);
		fputs("</a> ", p->f);
	}
	fputs("</p>", p->f);
}

static int
show_cb(void *arg, const svk_volunteer *v)
{
	svk_web_page *p = arg;
	svk_volunteer_text t;

	svk_volunteer_unparse(v, &t);
	svk_web_html_head(p, "vol.person", v->name, NULL, "nav.volunteers");
	fputs("<section>", p->f);
	actions(p, v->id);
	fputs("<dl>", p->f);
	fact(p, "id", v->id);
	fact(p, "name", v->name);
	fact(p, "birth_year", t.birth_year);
	fact(p, "email", v->email);
	fact(p, "phone", v->phone);
	fputs("<dt>", p->f);
	svk_web_html_text(p, "vol.f.skills");
	fputs("</dt><dd>", p->f);
	svk_web_volunteer_field_list(p, v->skills, NULL);
	fputs("</dd><dt>", p->f);
	svk_web_html_text(p, "vol.f.areas");
	fputs("</dt><dd>", p->f);
	svk_web_volunteer_field_list(p, v->areas, "area");
	fputs("</dd>", p->f);
	fact(p, "hours_per_month", t.hours);
	fact(p, "joined", v->joined);
	fact(p, "active", svk_web_html_t(p, v->active ? "page.yes" : "page.no"));
	fputs("</dl><p class=\"muted\">", p->f);
	svk_web_html_text(p, "vol.local_only");
	fputs("</p></section>", p->f);
	svk_web_html_foot(p);
	return 0;
}

static void
show_page(svk_web_page *p, const char *id)
{
	int err = svk_registry_get(p->req->home->store, id, show_cb, p);

	if (err == SVK_ENOTFOUND)
		svk_web_html_message(p, 404, "page.not_found", "vol.not_found", NULL);
	else if (err != 0)
		svk_web_html_message(p, 500, "vol.title", "page.error", NULL);
}

/* --- the paths ------------------------------------------------------------------ */

/* The person's id and what is asked of them: "/ID[/ACTION]". */
static bool
split(const char *rest, char *id, size_t size, const char **action)
{
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);

	if (n == 0 || n >= size)
		return false;
	memcpy(id, rest, n);
	id[n] = '\0';
	*action = slash ? slash + 1 : "";
	return svk_volunteer_id_valid(id);
}

bool
svk_web_volunteer_postable(const char *path)
{
	char id[SVK_VOLUNTEER_MAX_ID + 1];
	const char *action;

	if (strcmp(path, "/volunteers/new") == 0 ||
	    strcmp(path, "/volunteers/import") == 0)
		return true;
	return strncmp(path, "/volunteers/", 12) == 0 &&
	       split(path + 12, id, sizeof(id), &action) &&
	       (strcmp(action, "edit") == 0 || strcmp(action, "erase") == 0);
}

void
svk_web_volunteer_page(svk_web_page *p, const char *path)
{
	char id[SVK_VOLUNTEER_MAX_ID + 1];
	const char *action = NULL;

	/* Before anything is read: the same answer for every path. */
	if (!svk_web_html_can(p, SVK_WEB_ADMIN)) {
		svk_web_html_message(p, 403, "form.forbidden_title",
		    "vol.forbidden", NULL);
		return;
	}
	if (strcmp(path, "/volunteers") == 0)
		list_page(p);
	else if (strcmp(path, "/volunteers/new") == 0)
		svk_web_volunteer_form_page(p, NULL);
	else if (strcmp(path, "/volunteers/import") == 0)
		svk_web_volunteer_io_import(p);
	else if (strncmp(path, "/volunteers/", 12) != 0 ||
		 !split(path + 12, id, sizeof(id), &action))
		svk_web_html_message(p, 404, "page.not_found",
		    "page.not_found_text", NULL);
	else if (action[0] == '\0')
		show_page(p, id);
	else if (strcmp(action, "edit") == 0)
		svk_web_volunteer_form_page(p, id);
	else if (strcmp(action, "erase") == 0)
		svk_web_volunteer_io_erase(p, id);
	else if (strcmp(action, "export.json") == 0)
		svk_web_volunteer_io_export(p, id, false);
	else if (strcmp(action, "export.csv") == 0)
		svk_web_volunteer_io_export(p, id, true);
	else
		svk_web_html_message(p, 404, "page.not_found",
		    "page.not_found_text", NULL);
}
