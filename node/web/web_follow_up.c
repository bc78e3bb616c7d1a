/*
 * web_follow_up.c: the follow-up form of this node's adoption. See
 * web_follow_up.h.
 *
 * The form's fields become the JSON document a follow-up file holds, as
 * typed (a number that is no number stays text), so that follow_up.c's
 * checks are the only ones and the form refuses what the CLI refuses; the
 * refusal's field (svk_follow_up_fault) is mapped back onto the form.
 */
#include "web_follow_up.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adopter.h"
#include "adoption.h"
#include "author.h"
#include "fold.h"
#include "follow_up.h"
#include "say.h"
#include "view.h"
#include "web_entity.h"

#define RESULTS 3    /* result rows on the form */
#define FIELD_MAX 40 /* a field's name: "result.2.baseline" */

static const char *const states[] = {"kept", "adapted", "dropped", NULL};
static const char *const units[] = {"PERSONS", "HOURS", "PERCENT", NULL};
static const unsigned months_due[] = SVK_FOLLOW_UP_DUE;

/* The form: the practice, the adoption, and what is wrong. */
struct form {
	svk_web_page *p;
	const svk_web_entity *e;
	const Samverk__Practice *pr;
	const Samverk__Adoption *ad;
	bool posted;
	char months[16], date[11]; /* the defaults */
	char bad[FIELD_MAX];	   /* the field that is wrong, or "" */
	const char *bad_key;	   /* and what is wrong with it */
	char arg[64];		   /* the message's argument */
	const char *why;	   /* a message of the CLI's, in English */
	char key[40];		   /* bad_key, when it is made */
	char why_text[256];	   /* why, when it is follow_up.c's */
};

static const char *
field(const struct form *f, const char *name)
{
	return f->posted ? svk_web_html_field(f->p, name) : "";
}

static void
problem(struct form *f, const char *name)
{
	if (strcmp(f->bad, name) != 0)
		return;
	fprintf(f->p->f, "<p class=\"field-error\" id=\"e-%s\">", name);
	svk_web_html_say(f->p, f->bad_key, f->arg);
	fputs("</p>", f->p->f);
}

static void
invalid(struct form *f, const char *name)
{
	if (strcmp(f->bad, name) == 0)
		fprintf(f->p->f,
		    " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
}

/* A labelled text input (type) called name holding value. */
static void
input(struct form *f, const char *type, const char *name, const char *key,
    const char *value)
{
	fprintf(f->p->f, "<div class=\"field\"><label for=\"f-%s\">", name);
	svk_web_html_text(f->p, key);
	fprintf(f->p->f, "</label><input type=\"%s\" id=\"f-%s\" name=\"%s\"",
	    type, name, name);
	if (strstr(name, ".value") || strstr(name, ".baseline"))
		fputs(" inputmode=\"decimal\"", f->p->f);
	fputs(" value=\"", f->p->f);
	svk_web_html_esc(f->p->f, value);
	fputs("\"", f->p->f);
	invalid(f, name);
	fputs(">", f->p->f);
	problem(f, name);
	fputs("</div>", f->p->f);
}

static void
when(struct form *f)
{
	const char *months = f->posted ? field(f, "months") : f->months;
	char n[16];

	fputs("<div class=\"field\"><label for=\"f-months\">", f->p->f);
	svk_web_html_text(f->p, "fu.months");
	fputs("</label><select id=\"f-months\" name=\"months\"", f->p->f);
	invalid(f, "months");
	fputs("><option value=\"\">", f->p->f);
	svk_web_html_text(f->p, "fu.months_none");
	fputs("</option>", f->p->f);
	for (size_t i = 0; i < sizeof(months_due) / sizeof(months_due[0]); i++) {
		snprintf(n, sizeof(n), "%u", months_due[i]);
		fprintf(f->p->f, "<option value=\"%s\"%s>", n,
		    strcmp(months, n) == 0 ? " selected" : "");
		svk_web_html_say(f->p, "fu.months_n", n);
		fputs("</option>", f->p->f);
	}
	fputs("</select>", f->p->f);
	problem(f, "months");
	fputs("</div>", f->p->f);
	input(f, "date", "date", "fu.date", f->posted ? field(f, "date") : f->date);
}

/* Each core element: its state, and how or why. */
static void
elements(struct form *f)
{
	char name[FIELD_MAX], note[FIELD_MAX];

	for (size_t i = 0; i < f->pr->n_core_elements; i++) {
		const char *chosen = "";
		snprintf(name, sizeof(name), "state.%zu", i);
		snprintf(note, sizeof(note), "note.%zu", i);
		if (f->posted)
			chosen = field(f, name);
		else if (svk_adoption_keeps(f->ad, f->pr->core_elements[i]))
			chosen = "kept";
		fputs("<fieldset class=\"element\"><legend>", f->p->f);
		svk_web_html_in(f->p, f->pr->lang, f->pr->core_elements[i]);
		fputs("</legend>", f->p->f);
		for (size_t k = 0; states[k]; k++) {
			fprintf(f->p->f,
			    "<label class=\"check\"><input type=\"radio\" name=\"%s\" "
			    "value=\"%s\"%s",
			    name, states[k],
			    strcmp(chosen, states[k]) == 0 ? " checked" : "");
			invalid(f, name);
			fputs("> ", f->p->f);
			svk_web_html_code(f->p, "fu.state", states[k]);
			fputs("</label>", f->p->f);
		}
		fprintf(f->p->f,
		    "<label class=\"check\"><input type=\"radio\" name=\"%s\" value=\"\"%s> ",
		    name, chosen[0] ? "" : " checked");
		svk_web_html_text(f->p, "fu.state_unsaid");
		fputs("</label>", f->p->f);
		problem(f, name);
		input(f, "text", note, "fu.note", field(f, note));
		fputs("</fieldset>", f->p->f);
	}
}

static void
results(struct form *f)
{
	char name[FIELD_MAX], n[8];

	for (size_t r = 0; r < RESULTS; r++) {
		snprintf(n, sizeof(n), "%zu", r + 1);
		fputs("<fieldset class=\"result\"><legend>", f->p->f);
		svk_web_html_say(f->p, "fu.result_n", n);
		fputs("</legend>", f->p->f);
		snprintf(name, sizeof(name), "result.%zu.name", r);
		input(f, "text", name, "fu.result_name", field(f, name));
		snprintf(name, sizeof(name), "result.%zu.value", r);
		input(f, "text", name, "fu.result_value", field(f, name));
		snprintf(name, sizeof(name), "result.%zu.unit", r);
		const char *unit = field(f, name);
		fprintf(f->p->f, "<div class=\"field\"><label for=\"f-%s\">", name);
		svk_web_html_text(f->p, "fu.result_unit");
		fprintf(f->p->f,
		    "</label><select id=\"f-%s\" name=\"%s\">"
		    "<option value=\"\">",
		    name, name);
		svk_web_html_text(f->p, "fu.unit_none");
		fputs("</option>", f->p->f);
		for (size_t u = 0; units[u]; u++) {
			fprintf(f->p->f, "<option value=\"%s\"%s>", units[u],
			    strcmp(unit, units[u]) == 0 ? " selected" : "");
			svk_web_html_code(f->p, "unit", units[u]);
			fputs("</option>", f->p->f);
		}
		fputs("</select></div>", f->p->f);
		snprintf(name, sizeof(name), "result.%zu.baseline", r);
		input(f, "text", name, "fu.result_baseline", field(f, name));
		fputs("</fieldset>", f->p->f);
	}
}

static void
page(struct form *f)
{
	svk_web_page *p = f->p;

	svk_web_html_head(p, "fu.title", f->pr->title, f->pr->lang, "nav.practices");
	if (f->bad_key || f->why) {
		fputs("<p class=\"warn\" role=\"alert\">", p->f);
		svk_web_html_text(p, "form.fix");
		if (f->bad[0] == '\0') {
			fputs(" ", p->f);
			if (f->why)
				svk_web_html_esc(p->f, f->why);
			else
				svk_web_html_say(p, f->bad_key, f->arg);
		}
		fputs("</p>", p->f);
	}
	fputs("<p>", p->f);
	if (f->ad->started[0])
		svk_web_html_say(p, "fu.started_on", f->ad->started);
	fputs("</p><form class=\"edit\" method=\"post\" action=\"\">", p->f);
	svk_web_html_csrf(p);
	when(f);
	fputs("<h2>", p->f);
	svk_web_html_text(p, "fu.elements");
	fputs("</h2>", p->f);
	elements(f);
	fputs("<h2>", p->f);
	svk_web_html_text(p, "fu.results");
	fputs("</h2>", p->f);
	results(f);
	fputs("<div class=\"field\"><label for=\"f-lessons\">", p->f);
	svk_web_html_text(p, "fu.lessons");
	fputs("</label><textarea id=\"f-lessons\" name=\"lessons\" rows=\"5\"", p->f);
	invalid(f, "lessons");
	fputs(">", p->f);
	svk_web_html_esc(p->f, field(f, "lessons"));
	fputs("</textarea>", p->f);
	problem(f, "lessons");
	fputs("</div><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "fu.button");
	fputs("</button></p></form>", p->f);
	svk_web_html_foot(p);
}

/* Whether the text of field name is fit: UTF-8, at most max bytes. */
static bool
fits(struct form *f, const char *name, size_t max)
{
	const char *text = field(f, name);
	size_t len = strlen(text);

	snprintf(f->bad, sizeof(f->bad), "%s", name);
	if (!svk_fold_utf8_valid(text, len)) {
		f->bad_key = "adopt.not_text";
		return false;
	}
	if (len > max) {
		f->bad_key = "adopt.too_long";
		snprintf(f->arg, sizeof(f->arg), "%zu", max);
		return false;
	}
	f->bad[0] = '\0';
	return true;
}

/* A number as typed ("12", "12,5"), or the text itself when it is none
 * or none JSON holds ("1e999", "nan": follow_up.c refuses the text at its
 * field, where json_real would give NULL and a write that failed). */
static json_t *
number(const char *s)
{
	char buf[64], *end;
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && *s == ' ')
		s++, n--;
	if (n > 0 && n < sizeof(buf)) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		for (char *c = buf; *c; c++)
			if (*c == ',')
				*c = '.';
		double v = strtod(buf, &end);
		if (*end == '\0' && end != buf && isfinite(v))
			return json_real(v);
	}
	return json_stringn(s, n);
}

/* The months as typed: a whole number, or the text. */
static json_t *
whole(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *end == '\0' && end != s ? json_integer(v) : json_string(s);
}

static int
set(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v) == 0 ? 0 : -ENOMEM;
}

/* The elements stated, as the file lists them; map[i]: the form's. */
static int
doc_elements(struct form *f, json_t *doc, size_t *map)
{
	json_t *arr = json_array();
	char name[FIELD_MAX], note[FIELD_MAX];
	size_t n = 0;
	int err = 0;

	for (size_t i = 0; arr && err == 0 && i < f->pr->n_core_elements; i++) {
		snprintf(name, sizeof(name), "state.%zu", i);
		snprintf(note, sizeof(note), "note.%zu", i);
		const char *state = field(f, name);
		if (!state[0])
			continue;
		json_t *e = json_pack("{s:s, s:s}", "element",
		    f->pr->core_elements[i], "state", state);
		if (e && field(f, note)[0])
			err = set(e, strcmp(state, "dropped") == 0 ? "why" : "how",
			    json_string(field(f, note)));
		if (e == NULL || json_array_append_new(arr, e) != 0)
			err = -ENOMEM;
		map[n++] = i;
	}
	if (arr == NULL)
		return -ENOMEM;
	return err ? (json_decref(arr), err) : set(doc, "elements", arr);
}

static int
doc_results(struct form *f, json_t *doc, size_t *map)
{
	json_t *arr = json_array();
	char k[4][FIELD_MAX];
	size_t n = 0;
	int err = 0;

	for (size_t r = 0; arr && err == 0 && r < RESULTS; r++) {
		snprintf(k[0], FIELD_MAX, "result.%zu.name", r);
		snprintf(k[1], FIELD_MAX, "result.%zu.value", r);
		snprintf(k[2], FIELD_MAX, "result.%zu.unit", r);
		snprintf(k[3], FIELD_MAX, "result.%zu.baseline", r);
		const char *name = field(f, k[0]), *value = field(f, k[1]);
		const char *base = field(f, k[3]);
		if (!name[0] && !value[0] && !base[0])
			continue;
		json_t *o = json_pack("{s:s, s:s}", "name", name, "unit",
		    field(f, k[2]));
		if (o && value[0])
			err = set(o, "value", number(value));
		if (o && err == 0 && base[0])
			err = set(o, "baseline", number(base));
		if (o == NULL || json_array_append_new(arr, o) != 0)
			err = -ENOMEM;
		map[n++] = r;
	}
	if (arr == NULL)
		return -ENOMEM;
	return err ? (json_decref(arr), err) : set(doc, "results", arr);
}

/* The form as the follow-up file the CLI takes, into *text. Returns 0,
 * SVK_EINVAL (f says which field is no fit text) or -ENOMEM. */
static int
document(struct form *f, size_t *emap, size_t *rmap, char **text)
{
	char name[FIELD_MAX];
	json_t *doc;
	int err = 0;

	if (!fits(f, "months", 8) || !fits(f, "date", 16) ||
	    !fits(f, "lessons", SVK_AUTHOR_MAX_TEXT))
		return SVK_EINVAL;
	for (size_t i = 0; i < f->pr->n_core_elements; i++) {
		snprintf(name, sizeof(name), "state.%zu", i);
		if (!fits(f, name, 16))
			return SVK_EINVAL;
		snprintf(name, sizeof(name), "note.%zu", i);
		if (!fits(f, name, SVK_AUTHOR_MAX_ITEM))
			return SVK_EINVAL;
	}
	for (size_t r = 0; r < RESULTS; r++) {
		static const char *const parts[] = {
		    "name", "value", "unit", "baseline"};
		for (size_t k = 0; k < 4; k++) {
			snprintf(name, sizeof(name), "result.%zu.%s", r, parts[k]);
			if (!fits(f, name, k == 0 ? SVK_AUTHOR_MAX_ITEM : 64))
				return SVK_EINVAL;
		}
	}
	if ((doc = json_object()) == NULL)
		return -ENOMEM;
	if (field(f, "months")[0])
		err = set(doc, "months", whole(field(f, "months")));
	if (err == 0 && field(f, "date")[0])
		err = set(doc, "date", json_string(field(f, "date")));
	if (err == 0 && field(f, "lessons")[0])
		err = set(doc, "lessons", json_string(field(f, "lessons")));
	if (err == 0)
		err = doc_elements(f, doc, emap);
	if (err == 0)
		err = doc_results(f, doc, rmap);
	if (err == 0 && (*text = json_dumps(doc, JSON_COMPACT)) == NULL)
		err = -ENOMEM;
	json_decref(doc);
	return err;
}

/* Puts the refusal of follow_up.c at its field of the form. */
static void
at_field(struct form *f, const svk_follow_up_fault *fault, const size_t *emap,
    const size_t *rmap, const char *why)
{
	snprintf(f->key, sizeof(f->key), "fu.err.%s", fault->key);
	f->bad_key = f->key;
	snprintf(f->arg, sizeof(f->arg), "%s", fault->arg);
	if (strcmp(fault->key, "json") == 0) {
		/* no form makes it: the CLI's words, kept past save() */
		snprintf(f->why_text, sizeof(f->why_text), "%s", why);
		f->why = f->why_text;
	} else if (strcmp(fault->field, "elements") == 0)
		snprintf(f->bad, sizeof(f->bad), "%s.%zu",
		    strcmp(fault->key, "how") == 0 || strcmp(fault->key, "why") == 0 ?
			"note" :
			"state",
		    emap[fault->index]);
	else if (strcmp(fault->field, "results") == 0)
		snprintf(f->bad, sizeof(f->bad), "result.%zu.%s", rmap[fault->index],
		    strcmp(fault->key, "name") == 0 ?
			"name" :
		    strcmp(fault->key, "baseline") == 0 ||
			    strcmp(fault->key, "few_baseline") == 0 ?
			"baseline" :
			"value");
	else
		snprintf(f->bad, sizeof(f->bad), "%s", fault->field);
}

/* Checks the POST and signs it, or writes why it could not be signed;
 * false when the form is refused (f says why) and is to be shown again. */
static bool
save(struct form *f)
{
	size_t emap[SVK_AUTHOR_MAX_LIST + 1], rmap[RESULTS];
	size_t *elements = f->pr->n_core_elements <= SVK_AUTHOR_MAX_LIST ?
			       emap :
			       calloc(f->pr->n_core_elements, sizeof(*elements));
	svk_follow_up_fault fault = {0};
	svk_follow_up fu = {0};
	char today[11], why[256], where[SVK_WEB_LOCATION_MAX];
	char *text = NULL;
	uint64_t seq = 0;
	int err = elements ? 0 : -ENOMEM;

	svk_follow_up_today(today);
	if (err == 0)
		err = document(f, elements, rmap, &text);
	if (err == 0)
		err = svk_follow_up_parse(text, strlen(text), f->pr, f->ad->started,
		    today, f->p->req->cfg->min_cell, &fu, why, sizeof(why), &fault);
	if (err == SVK_EINVAL && fault.key)
		at_field(f, &fault, elements, rmap, why);
	if (err == 0)
		err = svk_adopter_follow_up(f->p->req->home, f->ad, &fu.fu, &seq);
	if (err == 0) {
		svk_say_info("audit: %s wrote a follow-up (%u months, %s) of the "
			     "adoption of practice %s/%s (entry %llu)",
		    f->p->req->who->user, fu.fu.months, fu.fu.date, f->e->fpr,
		    f->pr->id, (unsigned long long)seq);
		snprintf(where, sizeof(where), "/practices/%s/%s", f->e->fpr,
		    f->pr->id);
		svk_web_html_see_other(f->p, where);
	} else if (err != SVK_EINVAL) {
		svk_say_warn("audit: %s could not write a follow-up of practice "
			     "%s/%s: %s",
		    f->p->req->who->user, f->e->fpr, f->pr->id, svk_error_str(err));
		svk_web_html_not_written(f->p, "fu.title", err);
	}
	if (elements != emap)
		free(elements);
	free(text);
	svk_follow_up_fini(&fu);
	return err != SVK_EINVAL;
}

/* The defaults: the months that are due (else the first not yet followed
 * up) and its date (else today). */
static void
defaults(struct form *f)
{
	char today[11];
	unsigned due;

	svk_follow_up_today(today);
	due = svk_follow_up_due(f->ad, today);
	snprintf(f->date, sizeof(f->date), "%s", today);
	if (due) {
		snprintf(f->months, sizeof(f->months), "%u", due);
		svk_follow_up_date_after(f->ad->started, due, f->date);
		return;
	}
	for (size_t i = 0; i < sizeof(months_due) / sizeof(months_due[0]); i++) {
		bool done = false;
		for (size_t k = 0; k < f->ad->n_follow_ups; k++)
			done |= f->ad->follow_ups[k]->months == months_due[i];
		if (!done) {
			snprintf(f->months, sizeof(f->months), "%u", months_due[i]);
			return;
		}
	}
}

void
svk_web_follow_up_page(svk_web_page *p, const char *origin, const char *id)
{
	struct form f = {.p = p, .bad = ""};
	Samverk__Body *body = NULL;
	svk_web_entity e;
	int err;

	if (!svk_web_html_may(p, SVK_WEB_EDITOR))
		return;
	if (svk_web_entity_load_partner(p, origin, id, &e) != 0)
		goto out;
	f.e = &e;
	f.pr = e.msg;
	if ((err = svk_adopter_read(p->req->home, e.origin, f.pr->id, &body)) != 0) {
		svk_web_html_message(p, 500, "fu.title", "page.error", NULL);
		goto out;
	}
	if (body == NULL) {
		svk_web_html_message(p, 404, "fu.title", "fu.never", NULL);
		goto out;
	}
	f.ad = body->adoption;
	f.posted = strcmp(p->req->method, "POST") == 0;
	if (!f.posted) {
		defaults(&f);
		page(&f);
	} else if (!save(&f)) {
		p->status = 400;
		page(&f);
	}
out:
	if (body)
		samverk__body__free_unpacked(body, NULL);
	svk_web_entity_fini(&e);
}
