/*
 * web_volunteer.c: the volunteer registry's list, one person's page, and
 * the form that adds or changes one; the way in to the other volunteer
 * pages (web_volunteer_io.c). See web_volunteer.h.
 *
 * The form's fields are the registry's columns, read into the ten texts
 * svk_volunteer_parse checks, so a form is held to the rules of `volunteer
 * add` and `volunteer import` with the same reasons, each shown at the
 * field it names in the reader's words.
 */
#include "web_volunteer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fold.h"
#include "registry.h"
#include "say.h"
#include "vocab.h"
#include "web_volunteer_io.h"
#include "web_volunteer_why.h"

#define LIST_MAX 200 /* rows the list shows */

/* Whether s may be a volunteer's id in a path (what svk_volunteer_parse
 * takes as one). */
static bool
id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > SVK_VOLUNTEER_MAX_ID)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || !strchr("-_.", c)))
			return false;
	}
	return true;
}

/* --- the list --------------------------------------------------------------- */

struct filter {
	svk_web_page *p;
	const char *words, *area, *skill, *active;
	char *folded; /* words, folded; NULL when none */
	size_t shown, total;
};

/* Whether the ';' list has item (case as written, as the CLI compares). */
static bool
has_item(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *s = list; *s;) {
		size_t m = strcspn(s, ";");
		if (m == n && strncasecmp(s, item, n) == 0)
			return true;
		s += m + (s[m] == ';');
	}
	return false;
}

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

static void
list_codes(svk_web_page *p, const char *list)
{
	for (const char *s = list; *s;) {
		size_t n = strcspn(s, ";");
		char *code = strndup(s, n);
		if (s != list)
			fputs(", ", p->f);
		svk_web_html_code(p, "area", code ? code : "");
		free(code);
		s += n + (s[n] == ';');
	}
}

/* A ';' list as "a, b". */
static void
list_text(svk_web_page *p, const char *list)
{
	for (const char *s = list; *s; s++)
		if (*s == ';')
			fputs(", ", p->f);
		else
			svk_web_html_esc(p->f, (char[]){*s, '\0'});
}

static int
row_cb(void *arg, const svk_volunteer *v)
{
	struct filter *f = arg;
	svk_web_page *p = f->p;
	char hours[16];

	f->total++;
	if ((f->area && !has_item(v->areas, f->area)) ||
	    (f->skill && !has_item(v->skills, f->skill)) ||
	    (f->active && (strcmp(f->active, "yes") == 0) != v->active) ||
	    (f->folded && !has_words(v, f->folded)))
		return 0;
	if (++f->shown > LIST_MAX)
		return 0;
	fputs("<tr class=\"volunteer\">", p->f);
	svk_web_html_td(p, "vol.f.id", NULL);
	fputs("<a href=\"/volunteers/", p->f);
	svk_web_html_url(p->f, v->id);
	fputs("\">", p->f);
	svk_web_html_esc(p->f, v->id);
	fputs("</a></td>", p->f);
	svk_web_html_td(p, "vol.f.name", NULL);
	svk_web_html_esc(p->f, v->name);
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.active", NULL);
	svk_web_html_text(p, v->active ? "page.yes" : "page.no");
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.hours_per_month", NULL);
	snprintf(hours, sizeof(hours), "%u", v->hours_per_month);
	svk_web_html_say(p, "vol.hours_n", hours);
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.joined", NULL);
	svk_web_html_esc(p->f, v->joined);
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.areas", NULL);
	list_codes(p, v->areas);
	fputs("</td>", p->f);
	svk_web_html_td(p, "vol.f.skills", NULL);
	list_text(p, v->skills);
	fputs("</td></tr>", p->f);
	return 0;
}

static void
option(svk_web_page *p, const char *value, const char *chosen, const char *key,
    const char *prefix)
{
	fputs("<option value=\"", p->f);
	svk_web_html_esc(p->f, value);
	fprintf(p->f, "\"%s>",
	    chosen && strcmp(chosen, value) == 0 ? " selected" : "");
	if (prefix)
		svk_web_html_code(p, prefix, value);
	else
		svk_web_html_text(p, key);
	fputs("</option>", p->f);
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
	option(p, "", NULL, "filter.any", NULL);
	for (size_t i = 0; svk_vocab_areas[i]; i++)
		option(p, svk_vocab_areas[i], f->area, NULL, "area");
	fputs("</select></label><label for=\"f-skill\">", p->f);
	svk_web_html_text(p, "vol.filter_skill");
	fputs("<input type=\"text\" id=\"f-skill\" name=\"skill\" value=\"", p->f);
	svk_web_html_esc(p->f, f->skill);
	fputs("\"></label><label for=\"f-active\">", p->f);
	svk_web_html_text(p, "vol.f.active");
	fputs("<select id=\"f-active\" name=\"active\">", p->f);
	option(p, "", NULL, "filter.any", NULL);
	option(p, "yes", f->active, "page.yes", NULL);
	option(p, "no", f->active, "page.no", NULL);
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
	fputs("</tbody></table>", p->f);
	snprintf(n, sizeof(n), "%zu", f.shown < LIST_MAX ? f.shown : LIST_MAX);
	snprintf(max, sizeof(max), "%d", LIST_MAX);
	fputs("<p class=\"muted\">", p->f);
	if (err != 0)
		svk_web_html_text(p, "page.error");
	else if (f.total == 0)
		svk_web_html_text(p, "vol.none");
	else if (f.shown == 0)
		svk_web_html_text(p, "vol.no_match");
	else if (f.shown > LIST_MAX)
		svk_web_html_say(p, "list.more", max);
	else
		svk_web_html_say(p, "list.count", n);
	fputs("</p></section>", p->f);
	svk_web_html_foot(p);
	free(f.folded);
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
	char year[16] = "", hours[16];

	if (v->birth_year > 0)
		snprintf(year, sizeof(year), "%d", v->birth_year);
	snprintf(hours, sizeof(hours), "%u", v->hours_per_month);
	svk_web_html_head(p, "vol.person", v->name, NULL, "nav.volunteers");
	fputs("<section>", p->f);
	actions(p, v->id);
	fputs("<dl>", p->f);
	fact(p, "id", v->id);
	fact(p, "name", v->name);
	fact(p, "birth_year", year);
	fact(p, "email", v->email);
	fact(p, "phone", v->phone);
	fputs("<dt>", p->f);
	svk_web_html_text(p, "vol.f.skills");
	fputs("</dt><dd>", p->f);
	list_text(p, v->skills);
	fputs("</dd><dt>", p->f);
	svk_web_html_text(p, "vol.f.areas");
	fputs("</dt><dd>", p->f);
	list_codes(p, v->areas);
	fputs("</dd>", p->f);
	fact(p, "hours_per_month", hours);
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

/* --- the form ------------------------------------------------------------------ */

/* The form's values (owned), and what is wrong with them. */
struct form {
	char *f[SVK_VOLUNTEER_FIELDS];
	int bad;	 /* the field that is wrong, or -1 */
	const char *key; /* our words for it, or NULL: why in English */
	char why[512];	 /* the reason */
};

static void
form_fini(struct form *fm)
{
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		free(fm->f[k]);
}

static int
fill_cb(void *arg, const svk_volunteer *v)
{
	struct form *fm = arg;
	char year[16] = "", hours[16];

	if (v->birth_year > 0)
		snprintf(year, sizeof(year), "%d", v->birth_year);
	snprintf(hours, sizeof(hours), "%u", v->hours_per_month);
	const char *vals[SVK_VOLUNTEER_FIELDS] = {v->id, v->name, year, v->email,
	    v->phone, v->skills, v->areas, hours, v->joined,
	    v->active ? "yes" : "no"};
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		if ((fm->f[k] = strdup(vals[k])) == NULL)
			return -ENOMEM;
	return 0;
}

/* The ticked areas of the form, as a ';' list (NULL: out of memory). */
static char *
ticked_areas(const svk_web_fields *f)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	const char *v;

	if (m == NULL)
		return NULL;
	for (unsigned i = 0; f && f->each && (v = f->each(f->arg, "areas", i)); i++)
		fprintf(m, "%s%s", i ? ";" : "", v);
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Reads the POST into fm; false when out of memory. Line ends in the
 * skills become separators, as if written "a; b". */
static bool
form_read(svk_web_page *p, struct form *fm)
{
	const svk_web_fields *f = p->req->form;

	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++) {
		const char *v =
		    f && f->get ? f->get(f->arg, svk_volunteer_fields[k]) : NULL;
		if (k == SVK_VOLUNTEER_F_AREAS)
			fm->f[k] = ticked_areas(f);
		else
			fm->f[k] = strdup(v			     ? v :
					  k == SVK_VOLUNTEER_F_HOURS ? "0" :
								       "");
		if (fm->f[k] == NULL)
			return false;
	}
	for (char *c = fm->f[SVK_VOLUNTEER_F_SKILLS]; *c; c++)
		if (*c == '\r' || *c == '\n')
			*c = ';';
	return true;
}

static void
field_error(svk_web_page *p, const struct form *fm, int k)
{
	if (fm->bad != k)
		return;
	fprintf(p->f, "<p class=\"field-error\" id=\"e-%s\">",
	    svk_volunteer_fields[k]);
	if (fm->key)
		svk_web_html_text(p, fm->key);
	else
		svk_web_volunteer_why(p, fm->why, false);
	fputs("</p>", p->f);
}

static void
invalid(svk_web_page *p, const struct form *fm, int k)
{
	if (fm->bad == k)
		fprintf(p->f, " aria-invalid=\"true\" aria-describedby=\"e-%s\"",
		    svk_volunteer_fields[k]);
}

static void
label(svk_web_page *p, int k, const char *hint)
{
	char key[48];

	snprintf(key, sizeof(key), "vol.f.%s", svk_volunteer_fields[k]);
	fprintf(p->f, "<label for=\"f-%s\">", svk_volunteer_fields[k]);
	svk_web_html_text(p, key);
	fputs("</label>", p->f);
	if (hint) {
		fputs(" <span class=\"muted\">", p->f);
		svk_web_html_text(p, hint);
		fputs("</span>", p->f);
	}
}

static void
text_field(svk_web_page *p, const struct form *fm, int k, const char *type,
    const char *hint, bool readonly)
{
	fputs("<div class=\"field\">", p->f);
	label(p, k, hint);
	fprintf(p->f, "<input type=\"%s\" id=\"f-%s\" name=\"%s\"%s value=\"",
	    type, svk_volunteer_fields[k], svk_volunteer_fields[k],
	    readonly ? " readonly" : "");
	svk_web_html_esc(p->f, fm->f[k]);
	fputs("\"", p->f);
	invalid(p, fm, k);
	fputs(">", p->f);
	field_error(p, fm, k);
	fputs("</div>", p->f);
}

static void
form_page(svk_web_page *p, const struct form *fm, bool edit)
{
	const char *areas = fm->f[SVK_VOLUNTEER_F_AREAS];
	const char *active = fm->f[SVK_VOLUNTEER_F_ACTIVE];

	svk_web_html_head(p, edit ? "vol.edit" : "vol.new",
	    edit ? fm->f[SVK_VOLUNTEER_F_NAME] : NULL, NULL, "nav.volunteers");
	if (fm->bad >= 0 || fm->key) {
		fputs("<p class=\"warn\" role=\"alert\">", p->f);
		svk_web_html_text(p, "form.fix");
		fputs("</p>", p->f);
	}
	fputs("<p class=\"muted\">", p->f);
	svk_web_html_text(p, "vol.local_only");
	fputs("</p><form class=\"edit\" method=\"post\" action=\"\">", p->f);
	svk_web_html_csrf(p);
	text_field(p, fm, SVK_VOLUNTEER_F_ID, "text", "vol.hint.id", edit);
	text_field(p, fm, SVK_VOLUNTEER_F_NAME, "text", NULL, false);
	text_field(p, fm, SVK_VOLUNTEER_F_BIRTH, "text", "vol.hint.optional", false);
	text_field(p, fm, SVK_VOLUNTEER_F_EMAIL, "email", "vol.hint.optional", false);
	text_field(p, fm, SVK_VOLUNTEER_F_PHONE, "tel", "vol.hint.optional", false);
	text_field(p, fm, SVK_VOLUNTEER_F_SKILLS, "text", "vol.hint.skills", false);
	fputs("<fieldset class=\"areas\"", p->f);
	invalid(p, fm, SVK_VOLUNTEER_F_AREAS);
	fputs("><legend>", p->f);
	svk_web_html_text(p, "vol.f.areas");
	fputs("</legend>", p->f);
	for (size_t i = 0; svk_vocab_areas[i]; i++) {
		fprintf(p->f,
		    "<label class=\"check\"><input type=\"checkbox\" name=\"areas\" "
		    "value=\"%s\"%s> ",
		    svk_vocab_areas[i],
		    has_item(areas, svk_vocab_areas[i]) ? " checked" : "");
		svk_web_html_code(p, "area", svk_vocab_areas[i]);
		fputs("</label>", p->f);
	}
	field_error(p, fm, SVK_VOLUNTEER_F_AREAS);
	fputs("</fieldset>", p->f);
	text_field(p, fm, SVK_VOLUNTEER_F_HOURS, "text", NULL, false);
	text_field(p, fm, SVK_VOLUNTEER_F_JOINED, "text", "vol.hint.date", false);
	fputs("<div class=\"field\">", p->f);
	label(p, SVK_VOLUNTEER_F_ACTIVE, NULL);
	fputs("<select id=\"f-active\" name=\"active\"", p->f);
	invalid(p, fm, SVK_VOLUNTEER_F_ACTIVE);
	fputs(">", p->f);
	option(p, "yes", strcasecmp(active, "no") == 0 ? "no" : "yes", "page.yes",
	    NULL);
	option(p, "no", strcasecmp(active, "no") == 0 ? "no" : "yes", "page.no", NULL);
	fputs("</select>", p->f);
	field_error(p, fm, SVK_VOLUNTEER_F_ACTIVE);
	fputs("</div><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "form.save");
	fputs("</button></p></form>", p->f);
	svk_web_html_foot(p);
}

/* Checks fm and writes it (editing: over the volunteer of that id); sends
 * the browser to the person's page, or shows the form again. */
static void
save(svk_web_page *p, struct form *fm, const char *editing)
{
	svk_volunteer v;
	char where[SVK_WEB_LOCATION_MAX];
	bool changed = true;
	int err;

	for (int k = 0; k < SVK_VOLUNTEER_FIELDS && fm->bad < 0; k++)
		if (!svk_fold_utf8_valid(fm->f[k], strlen(fm->f[k]))) {
			fm->bad = k;
			fm->key = "adopt.not_text";
		}
	if (fm->bad >= 0)
		goto again;
	if (editing && strcmp(fm->f[SVK_VOLUNTEER_F_ID], editing) != 0) {
		fm->bad = SVK_VOLUNTEER_F_ID;
		fm->key = "form.id_changed";
		goto again;
	}
	if (svk_volunteer_parse(fm->f, &v, fm->why, sizeof(fm->why)) != 0) {
		fm->bad = svk_volunteer_field_of(fm->why);
		if (fm->bad < 0)
			fm->key = "page.error";
		goto again;
	}
	err = editing ? svk_registry_update(p->req->home->store, &v, &changed) :
			svk_registry_add(p->req->home->store, &v);
	if (err == SVK_EEXISTS) {
		fm->bad = SVK_VOLUNTEER_F_ID;
		fm->key = "vol.err.id_taken";
		goto again;
	}
	if (err == SVK_ENOTFOUND) {
		svk_web_html_message(p, 404, "page.not_found", "vol.not_found", NULL);
		return;
	}
	if (err != 0) {
		svk_say_warn("audit: %s could not %s volunteer %s: %s",
		    p->req->who->user, editing ? "update" : "add", v.id,
		    svk_error_str(err));
		svk_web_html_message(p, 500, "vol.title", "page.error", NULL);
		return;
	}
	svk_say_info("audit: %s %s volunteer %s in the registry (web)",
	    p->req->who->user,
	    editing ? (changed ? "updated" : "saved unchanged") : "added", v.id);
	snprintf(where, sizeof(where), "/volunteers/%s", v.id);
	svk_web_html_see_other(p, where);
	return;
again:
	p->status = 400;
	form_page(p, fm, editing != NULL);
}

static void
form_answer(svk_web_page *p, const char *id)
{
	struct form fm = {.bad = -1};
	bool post = strcmp(p->req->method, "POST") == 0;
	int err = 0;

	if (post) {
		if (!form_read(p, &fm))
			err = -ENOMEM;
	} else if (id) {
		err = svk_registry_get(p->req->home->store, id, fill_cb, &fm);
	} else {
		static const char *const empty[SVK_VOLUNTEER_FIELDS] = {
		    "", "", "", "", "", "", "", "0", "", "yes"};
		for (int k = 0; k < SVK_VOLUNTEER_FIELDS && err == 0; k++)
			if ((fm.f[k] = strdup(empty[k])) == NULL)
				err = -ENOMEM;
	}
	if (err == SVK_ENOTFOUND)
		svk_web_html_message(p, 404, "page.not_found", "vol.not_found", NULL);
	else if (err != 0)
		svk_web_html_message(p, 500, "vol.title", "page.error", NULL);
	else if (post)
		save(p, &fm, id);
	else
		form_page(p, &fm, id != NULL);
	form_fini(&fm);
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
	return id_ok(id);
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
		form_answer(p, NULL);
	else if (strcmp(path, "/volunteers/import") == 0)
		svk_web_volunteer_io_import(p);
	else if (strncmp(path, "/volunteers/", 12) != 0 ||
		 !split(path + 12, id, sizeof(id), &action))
		svk_web_html_message(p, 404, "page.not_found",
		    "page.not_found_text", NULL);
	else if (action[0] == '\0')
		show_page(p, id);
	else if (strcmp(action, "edit") == 0)
		form_answer(p, id);
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
