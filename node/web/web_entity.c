/*
 * web_entity.c: the lists of practices and needs, and finding one of them,
 * for the web app. See web_entity.h.
 */
#include "web_entity.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "adoption.h"
#include "author.h"
#include "report.h"
#include "view.h"
#include "vocab.h"
#include "web_i18n.h"

#define LIST_MAX 100 /* rows a list shows */

static const char *
kind_path(int kind)
{
	return kind == SVK_KIND_NEED ? "/needs/" : "/practices/";
}

void
svk_web_entity_para(svk_web_page *p, int level, const char *key, const char *lang,
    const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	fprintf(p->f, "<h%d>", level);
	svk_web_html_text(p, key);
	fprintf(p->f, "</h%d><p>", level);
	svk_web_html_in(p, lang, text);
	fputs("</p>", p->f);
}

void
svk_web_entity_href(svk_web_page *p, int kind, const char *origin, const char *id)
{
	fputs(kind_path(kind), p->f);
	svk_web_html_url(p->f, origin);
	fputc('/', p->f);
	svk_web_html_url(p->f, id);
}

/* Found by svk_view_get: its row, and its entry to load. */
struct found {
	svk_home *home;
	json_t *row;
	uint8_t entry[SVK_HASH_LEN];
};

static int
found_cb(void *arg, const svk_entity *e)
{
	struct found *f = arg;

	memcpy(f->entry, e->entry, SVK_HASH_LEN);
	f->row = svk_report_entity(f->home, e);
	return f->row ? 0 : -ENOMEM;
}

int
svk_web_entity_load(svk_web_page *p, int kind, const char *origin, const char *id,
    svk_web_entity *e)
{
	svk_home *home = p->req->home;
	struct found f = {home, NULL, {0}};
	const char *missing = kind == SVK_KIND_NEED ? "need.not_found" : "prac.not_found";
	int err;

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	if (svk_crypto_fingerprint_parse(origin, e->origin) != 0 ||
	    !svk_vocab_entity_id_valid(id)) {
		svk_web_html_message(p, 404, "page.not_found", missing, NULL);
		return -1;
	}
	svk_crypto_fingerprint(e->origin, e->fpr);
	err = svk_view_get(home->store, kind, e->origin, id, found_cb, &f);
	e->row = f.row;
	if (err == 0)
		err = svk_view_body(home->store, f.entry, &e->body);
	if (err == SVK_ENOTFOUND) {
		svk_web_html_message(p, 404, "page.not_found", missing, NULL);
		return -1;
	}
	if (err != 0) {
		svk_web_html_message(p, 500, "page.not_found", "page.error", NULL);
		return -1;
	}
	if (kind == SVK_KIND_PRACTICE &&
	    e->body->payload_case == SAMVERK__BODY__PAYLOAD_PRACTICE)
		e->msg = e->body->practice;
	if (kind == SVK_KIND_NEED && e->body->payload_case == SAMVERK__BODY__PAYLOAD_NEED)
		e->msg = e->body->need;
	return 0;
}

int
svk_web_entity_load_own(svk_web_page *p, int kind, const char *origin,
    const char *id, svk_web_entity *e)
{
	if (svk_web_entity_load(p, kind, origin, id, e) != 0)
		return -1;
	if (memcmp(e->origin, svk_crypto_identity_public(p->req->home->id),
		SVK_KEY_LEN) == 0 &&
	    e->msg != NULL)
		return 0;
	svk_web_html_message(p, 403, "form.forbidden_title", "form.not_own", NULL);
	return -1;
}

int
svk_web_entity_load_partner(svk_web_page *p, const char *origin, const char *id,
    svk_web_entity *e)
{
	if (svk_web_entity_load(p, SVK_KIND_PRACTICE, origin, id, e) != 0)
		return -1;
	if (e->msg == NULL) {
		svk_web_html_message(p, 404, "page.not_found", "prac.retracted", NULL);
		return -1;
	}
	if (memcmp(e->origin, svk_crypto_identity_public(p->req->home->id),
		SVK_KEY_LEN) == 0) {
		svk_web_html_message(p, 403, "form.forbidden_title", "adopt.own", NULL);
		return -1;
	}
	return 0;
}

void
svk_web_entity_fini(svk_web_entity *e)
{
	json_decref(e->row);
	if (e->body)
		samverk__body__free_unpacked(e->body, NULL);
	memset(e, 0, sizeof(*e));
}

void
svk_web_entity_download(svk_web_page *p, const svk_web_entity *e)
{
	json_t *doc = NULL;
	char *text;

	if (e->msg)
		doc = e->kind == SVK_KIND_NEED ? svk_author_json_need(e->msg) :
						 svk_author_json_practice(e->msg);
	if (doc == NULL) {
		svk_web_html_message(p, 404, "page.not_found",
		    e->kind == SVK_KIND_NEED ? "need.retracted" : "prac.retracted",
		    NULL);
		return;
	}
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (text == NULL) {
		svk_web_html_message(p, 500, "page.not_found", "page.error", NULL);
		return;
	}
	p->type = "application/json; charset=utf-8";
	/* The id is [a-z0-9-] only (vocab.h): safe in the header as it is. */
	snprintf(p->disposition, sizeof(p->disposition),
	    "attachment; filename=\"%s.json\"", svk_web_html_str(e->row, "id"));
	fputs(text, p->f);
	fputc('\n', p->f);
	free(text);
}

void
svk_web_entity_table(svk_web_page *p, json_t *list, int kind)
{
	size_t i;
	json_t *e;

	fputs("<table><thead><tr><th scope=\"col\">", p->f);
	svk_web_html_text(p, "list.title");
	fputs("</th><th scope=\"col\">", p->f);
	svk_web_html_text(p, "list.from");
	fputs("</th><th scope=\"col\">", p->f);
	svk_web_html_text(p, "list.areas");
	fputs("</th><th scope=\"col\">", p->f);
	svk_web_html_text(p, "list.updated");
	fputs("</th></tr></thead><tbody>", p->f);
	json_array_foreach(list, i, e) {
		fprintf(p->f, "<tr class=\"%s\">",
		    kind == SVK_KIND_NEED ? "need" : "practice");
		svk_web_html_td(p, "list.title", NULL);
		fputs("<a href=\"", p->f);
		svk_web_entity_href(p, kind, svk_web_html_str(e, "origin"),
		    svk_web_html_str(e, "id"));
		fputs("\">", p->f);
		svk_web_html_in(p, svk_web_html_str(e, "lang"),
		    svk_web_html_str(e, "title"));
		fputs("</a>", p->f);
		if (json_is_string(json_object_get(e, "status"))) {
			fputs(" <span class=\"muted\">(", p->f);
			svk_web_html_code(p, "status", svk_web_html_str(e, "status"));
			fputs(")</span>", p->f);
		}
		if (json_is_true(json_object_get(e, "retracted"))) {
			fputs(" <span class=\"muted\">(", p->f);
			svk_web_html_text(p, "list.retracted");
			fputs(")</span>", p->f);
		}
		if (json_is_integer(json_object_get(e, "proven"))) {
			char n[2][24];
			snprintf(n[0], sizeof(n[0]), "%lld",
			    (long long)json_integer_value(json_object_get(e,
				"adoptions")));
			snprintf(n[1], sizeof(n[1]), "%lld",
			    (long long)json_integer_value(json_object_get(e, "proven")));
			fputs("<br><span class=\"muted proven\">", p->f);
			svk_web_html_say(p, "list.proven", n[0], n[1]);
			fputs("</span>", p->f);
		}
		if (svk_web_html_str(e, "snippet")[0]) {
			fputs("<br><span class=\"muted snippet\">", p->f);
			svk_web_html_esc(p->f, svk_web_html_str(e, "snippet"));
			fputs("</span>", p->f);
		}
		fputs("</td>", p->f);
		svk_web_html_td(p, "list.from", NULL);
		svk_web_html_from(p, svk_web_html_str(e, "origin_name"),
		    svk_web_html_str(e, "country"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "list.areas", NULL);
		json_t *a;
		size_t j;
		json_array_foreach(json_object_get(e, "areas"), j, a) {
			if (j > 0)
				fputs(", ", p->f);
			svk_web_html_code(p, "area", json_string_value(a));
		}
		fputs("</td>", p->f);
		svk_web_html_td(p, "list.updated", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(e, "updated"));
		fputs("</td></tr>", p->f);
	}
	fputs("</tbody></table>", p->f);
}

/* Who, where, in what language, when, and the areas. */
void
svk_web_entity_facts(svk_web_page *p, const svk_web_entity *e)
{
	json_t *a;
	size_t i;

	fputs("<p class=\"facts\">", p->f);
	svk_web_html_say(p, "prac.from",
	    svk_web_html_str(e->row, "origin_name")[0] ?
		svk_web_html_str(e->row, "origin_name") :
		svk_web_html_t(p, "page.unknown"));
	fputs(" <span class=\"muted\">", p->f);
	svk_web_html_esc(p->f, svk_web_html_str(e->row, "country"));
	fputs("</span> &middot; ", p->f);
	fputs("<span class=\"written\">", p->f);
	svk_web_html_say(p, "prac.written_in",
	    svk_web_html_lang_name(p, svk_web_html_str(e->row, "lang")));
	fputs("</span> &middot; ", p->f);
	svk_web_html_say(p, "prac.updated", svk_web_html_str(e->row, "updated"));
	fputs("<br>", p->f);
	json_array_foreach(json_object_get(e->row, "areas"), i, a) {
		if (i > 0)
			fputs(", ", p->f);
		svk_web_html_code(p, "area", json_string_value(a));
	}
	fputs("</p>", p->f);
	if (e->msg) {
		fputs("<p><a href=\"", p->f);
		svk_web_entity_href(p, e->kind, e->fpr,
		    svk_web_html_str(e->row, "id"));
		fputs(".json\" download>", p->f);
		svk_web_html_text(p, "prac.download");
		fputs("</a></p>", p->f);
	} else {
		fputs("<p class=\"warn\">", p->f);
		svk_web_html_text(p,
		    e->kind == SVK_KIND_NEED ? "need.retracted" : "prac.retracted");
		fputs("</p>", p->f);
	}
}

void
svk_web_entity_translations(svk_web_page *p, Samverk__Translation **t, size_t n)
{
	if (n == 0)
		return;
	fputs("<section id=\"translations\"><h2>", p->f);
	svk_web_html_text(p, "prac.translations");
	fputs("</h2>", p->f);
	for (size_t i = 0; i < n; i++) {
		fputs("<h3>", p->f);
		svk_web_html_esc(p->f, svk_web_html_lang_name(p, t[i]->lang));
		fputs("</h3><p><strong>", p->f);
		svk_web_html_in(p, t[i]->lang, t[i]->title);
		fputs("</strong></p>", p->f);
		svk_web_entity_para(p, 4, "prac.summary", t[i]->lang, t[i]->summary);
		svk_web_entity_para(p, 4, "prac.challenge", t[i]->lang,
		    t[i]->challenge);
		svk_web_entity_para(p, 4, "need.description", t[i]->lang,
		    t[i]->description);
	}
	fputs("</section>", p->f);
}

void
svk_web_entity_actions(svk_web_page *p, const svk_web_entity *e)
{
	bool mine = memcmp(e->origin, svk_crypto_identity_public(p->req->home->id),
			SVK_KEY_LEN) == 0;
	const char *id = svk_web_html_str(e->row, "id");

	if (e->msg == NULL || !svk_web_html_can(p, SVK_WEB_EDITOR))
		return;
	if (!mine && e->kind != SVK_KIND_PRACTICE)
		return;
	fputs("<p class=\"actions\"><a href=\"", p->f);
	svk_web_entity_href(p, e->kind, e->fpr, id);
	fputs(mine ? "/edit\">" : "/adopt\">", p->f);
	svk_web_html_text(p, mine ? "form.edit" : "adopt.link");
	fputs("</a>", p->f);
	if (mine) {
		fputs("<a href=\"", p->f);
		svk_web_entity_href(p, e->kind, e->fpr, id);
		fputs("/retract\">", p->f);
		svk_web_html_text(p, "retract.link");
		fputs("</a>", p->f);
	}
	fputs("</p>", p->f);
}

/* What a list asks for, from the query. */
struct filter {
	svk_web_page *p;
	const char *words, *area, *country, *member, *language, *status;
	const char *sort; /* "proven", or NULL: newest first */
	uint8_t origin[SVK_KEY_LEN];
	json_t *rows;
	size_t more;		  /* rows past LIST_MAX */
	svk_adoption_tally tally; /* sort: the adoptions, and who proved it */
};

/* Whether the entity e is written in, or translated into, lang. */
static bool
in_language(svk_web_page *p, const svk_entity *e, const char *lang)
{
	Samverk__Body *body = NULL;
	Samverk__Translation **t = NULL;
	size_t n = 0;
	bool yes = false;

	if (strcmp(e->lang, lang) == 0)
		return true;
	if (svk_view_body(p->req->home->store, e->entry, &body) != 0)
		return false;
	if (body->payload_case == SAMVERK__BODY__PAYLOAD_PRACTICE) {
		t = body->practice->translations;
		n = body->practice->n_translations;
	} else if (body->payload_case == SAMVERK__BODY__PAYLOAD_NEED) {
		t = body->need->translations;
		n = body->need->n_translations;
	}
	for (size_t i = 0; i < n && !yes; i++)
		yes = strcmp(t[i]->lang, lang) == 0;
	samverk__body__free_unpacked(body, NULL);
	return yes;
}

static int
filter_cb(void *arg, const svk_entity *e)
{
	struct filter *f = arg;
	svk_home *home = f->p->req->home;
	bool mine = memcmp(e->origin, svk_crypto_identity_public(home->id),
			SVK_KEY_LEN) == 0;
	json_t *row;

	if (f->country &&
	    strcmp(mine ? home->country : e->origin_country, f->country) != 0)
		return 0;
	if (f->language && !in_language(f->p, e, f->language))
		return 0;
	if (!f->sort && json_array_size(f->rows) >= LIST_MAX) {
		f->more++;
		return 0;
	}
	if ((row = svk_report_entity(home, e)) == NULL)
		return -ENOMEM;
	if (e->snippet)
		(void)json_object_set_new(row, "snippet", json_string(e->snippet));
	if (f->sort &&
	    (json_object_set_new(row, "adoptions",
		 json_integer((json_int_t)svk_adoption_tally_count(&f->tally,
		     e->origin, e->id))) != 0 ||
		json_object_set_new(row, "proven",
		    json_integer((json_int_t)svk_adoption_tally_proven(&f->tally,
			e->origin, e->id))) != 0)) {
		json_decref(row);
		return -ENOMEM;
	}
	return json_array_append_new(f->rows, row) == 0 ? 0 : -ENOMEM;
}

/* A <select> named name, labelled with key's text: "any", then each of
 * values (shown as names[i], or as the code's name under prefix). */
static void
select_open(svk_web_page *p, const char *name, const char *key)
{
	fprintf(p->f, "<label for=\"f-%s\">", name);
	svk_web_html_text(p, key);
	fprintf(p->f, "<select id=\"f-%s\" name=\"%s\"><option value=\"\">", name,
	    name);
	svk_web_html_text(p, "filter.any");
	fputs("</option>", p->f);
}

static void
option(svk_web_page *p, const char *value, const char *chosen)
{
	fputs("<option value=\"", p->f);
	svk_web_html_esc(p->f, value);
	fprintf(p->f, "\"%s>",
	    chosen && strcmp(value, chosen) == 0 ? " selected" : "");
}

static void
select_codes(svk_web_page *p, const char *name, const char *key,
    const char *prefix, const char *const *codes, const char *chosen)
{
	select_open(p, name, key);
	for (size_t i = 0; codes[i]; i++) {
		option(p, codes[i], chosen);
		svk_web_html_code(p, prefix, codes[i]);
		fputs("</option>", p->f);
	}
	fputs("</select></label>", p->f);
}

/* The members and their countries, for the filters. */
struct choices {
	svk_web_page *p;
	const char *member;
	json_t *countries; /* country -> true */
};

static int
member_option(void *arg, const svk_member *m)
{
	struct choices *c = arg;
	char fpr[SVK_FPR_LEN];

	svk_crypto_fingerprint(m->key, fpr);
	option(c->p, fpr, c->member);
	svk_web_html_esc(c->p->f, m->name);
	fputs("</option>", c->p->f);
	if (m->country[0])
		(void)json_object_set_new(c->countries, m->country, json_true());
	return 0;
}

static void
filters(svk_web_page *p, int kind, struct filter *f)
{
	static const char *const langs[] = {"en", "da", "sv", "el", "fi", "it", NULL};
	struct choices c = {p, f->member, json_object()};
	const char *country;
	json_t *v;

	fprintf(p->f, "<section><form class=\"filter\" method=\"get\" action=\"%.*s\">",
	    (int)strlen(kind_path(kind)) - 1, kind_path(kind));
	fputs("<label for=\"f-q\">", p->f);
	svk_web_html_text(p, "filter.words");
	fputs("<input type=\"search\" id=\"f-q\" name=\"q\" value=\"", p->f);
	svk_web_html_esc(p->f, f->words);
	fputs("\"></label>", p->f);
	select_codes(p, "area", "filter.area", "area", svk_vocab_areas, f->area);
	select_open(p, "member", "filter.member");
	if (c.countries)
		(void)json_object_set_new(c.countries, p->req->home->country,
		    json_true());
	if (svk_view_members(p->req->home->store, member_option, &c) != 0)
		json_object_clear(c.countries); /* the filters without a country */
	fputs("</select></label>", p->f);
	select_open(p, "country", "filter.country");
	json_object_foreach(c.countries, country, v) {
		option(p, country, f->country);
		svk_web_html_esc(p->f, country);
		fputs("</option>", p->f);
	}
	fputs("</select></label>", p->f);
	select_codes(p, "language", "filter.language", "lang.name", langs, f->language);
	if (kind == SVK_KIND_NEED)
		select_codes(p, "status", "filter.status", "status",
		    svk_vocab_need_statuses, f->status);
	if (kind == SVK_KIND_PRACTICE) {
		fputs("<label for=\"f-sort\">", p->f);
		svk_web_html_text(p, "filter.sort");
		fputs("<select id=\"f-sort\" name=\"sort\"><option value=\"\">", p->f);
		svk_web_html_text(p, "sort.newest");
		fprintf(p->f, "</option><option value=\"proven\"%s>",
		    f->sort ? " selected" : "");
		svk_web_html_text(p, "sort.proven");
		fputs("</option></select></label>", p->f);
	}
	fputs("<button type=\"submit\">", p->f);
	svk_web_html_text(p, "filter.submit");
	fputs("</button></form></section>", p->f);
	json_decref(c.countries);
}

/* Checks the query's filters; false after writing the page that says
 * which is wrong. */
static bool
filter_read(svk_web_page *p, int kind, struct filter *f)
{
	f->words = svk_web_html_arg(p, "q");
	f->area = svk_web_html_arg(p, "area");
	f->country = svk_web_html_arg(p, "country");
	f->member = svk_web_html_arg(p, "member");
	f->language = svk_web_html_arg(p, "language");
	f->status = kind == SVK_KIND_NEED ? svk_web_html_arg(p, "status") : NULL;
	if (f->area && !svk_vocab_area_valid(f->area)) {
		svk_web_html_message(p, 400, "filter.legend", "filter.bad_area",
		    f->area);
		return false;
	}
	if (f->member && svk_crypto_fingerprint_parse(f->member, f->origin) != 0) {
		svk_web_html_message(p, 400, "filter.legend", "filter.bad_member",
		    f->member);
		return false;
	}
	if (f->language && !svk_vocab_lang_valid(f->language))
		f->language = NULL;
	if (f->status && !svk_vocab_need_status_valid(f->status))
		f->status = NULL;
	f->sort = kind == SVK_KIND_PRACTICE ? svk_web_html_arg(p, "sort") : NULL;
	if (f->sort && strcmp(f->sort, "proven") != 0)
		f->sort = NULL;
	return true;
}

/* Most proven first, then most adopted, then as listed (newest first). */
static int
by_proven(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	static const char *const keys[] = {"proven", "adoptions", "order"};

	for (size_t i = 0; i < 3; i++) {
		json_int_t u = json_integer_value(json_object_get(x, keys[i]));
		json_int_t v = json_integer_value(json_object_get(y, keys[i]));
		if (u != v)
			return (u > v) == (i < 2) ? -1 : 1;
	}
	return 0;
}

/* Sorts f->rows by_proven, keeping the first LIST_MAX. */
static int
sort_rows(struct filter *f)
{
	size_t n = json_array_size(f->rows);
	json_t **rows = calloc(n + 1, sizeof(*rows)), *sorted = json_array();
	int err = rows && sorted ? 0 : -ENOMEM;

	for (size_t i = 0; err == 0 && i < n; i++) {
		rows[i] = json_array_get(f->rows, i);
		if (json_object_set_new(rows[i], "order", json_integer((json_int_t)i)))
			err = -ENOMEM;
	}
	if (err == 0)
		qsort(rows, n, sizeof(*rows), by_proven);
	for (size_t i = 0; err == 0 && i < n && i < LIST_MAX; i++)
		if (json_array_append(sorted, rows[i]) != 0)
			err = -ENOMEM;
	free(rows);
	if (err != 0) {
		json_decref(sorted);
		return err;
	}
	f->more = n > LIST_MAX ? n - LIST_MAX : 0;
	json_decref(f->rows);
	f->rows = sorted;
	return 0;
}

void
svk_web_entity_list(svk_web_page *p, int kind)
{
	const char *title = kind == SVK_KIND_NEED ? "need.list_title" : "prac.list_title";
	struct filter f = {.p = p};
	char n[32];
	int err;

	if (!filter_read(p, kind, &f))
		return;
	svk_query q = {.kind = kind,
	    .text = f.words,
	    .area = f.area,
	    .origin = f.member ? f.origin : NULL,
	    .status = f.status};
	if ((f.rows = json_array()) == NULL) {
		svk_web_html_message(p, 500, title, "page.error", NULL);
		return;
	}
	if (f.sort)
		err = svk_adoption_tally_init(&f.tally, p->req->home->store, true);
	else
		err = 0;
	if (err == 0)
		err = svk_view_list(p->req->home->store, &q, filter_cb, &f);
	if (err == 0 && f.sort)
		err = sort_rows(&f);
	if (err == SVK_EINVAL) {
		svk_web_html_message(p, 400, title, "filter.bad_words", f.words);
	} else if (err != 0) {
		svk_web_html_message(p, 500, title, "page.error", NULL);
	} else {
		svk_web_html_head(p, title, NULL, NULL,
		    kind == SVK_KIND_NEED ? "nav.needs" : "nav.practices");
		if (svk_web_html_can(p, SVK_WEB_EDITOR)) {
			fprintf(p->f, "<p class=\"actions\"><a href=\"%snew\">",
			    kind_path(kind));
			svk_web_html_text(p,
			    kind == SVK_KIND_NEED ? "need.add" : "prac.add");
			fprintf(p->f, "</a><a href=\"%supload\">", kind_path(kind));
			svk_web_html_text(p, "form.upload_link");
			fputs("</a></p>", p->f);
		}
		filters(p, kind, &f);
		fputs("<section id=\"results\">", p->f);
		if (json_array_size(f.rows) == 0) {
			fputs("<p class=\"muted\">", p->f);
			svk_web_html_text(p,
			    f.words || f.area || f.country || f.member ||
				    f.language || f.status ?
				(kind == SVK_KIND_NEED ? "need.no_match" :
							 "prac.no_match") :
				(kind == SVK_KIND_NEED ? "need.none" : "prac.none"));
			fputs("</p>", p->f);
		} else {
			snprintf(n, sizeof(n), "%zu", json_array_size(f.rows));
			fputs("<p class=\"muted\">", p->f);
			svk_web_html_say(p, "list.count", n);
			fputs("</p>", p->f);
			svk_web_entity_table(p, f.rows, kind);
		}
		if (f.more) {
			snprintf(n, sizeof(n), "%d", LIST_MAX);
			fputs("<p class=\"muted\">", p->f);
			svk_web_html_say(p, "list.more", n);
			fputs("</p>", p->f);
		}
		fputs("</section>", p->f);
		svk_web_html_foot(p);
	}
	if (f.sort)
		svk_adoption_tally_fini(&f.tally);
	json_decref(f.rows);
}
