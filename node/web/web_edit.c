/*
 * web_edit.c: the forms that add and edit practices and needs, and what
 * their POST writes. See web_edit.h.
 *
 * One table of fields serves both kinds, the form and the reading of it:
 * each field is shown as the authoring format has it, and read back into
 * that format, so that author.h checks a form exactly as it checks a file.
 */
#include "web_edit.h"

#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "log.h"
#include "say.h"
#include "view.h"
#include "vocab.h"
#include "web_entity.h"

#define PRACTICE 1
#define NEED 2
#define TRANSLATIONS_MAX 8 /* translation blocks a form reads */

enum type { LINE, TEXT, LINES, AREAS, CHOICE, PARTNERS };

static const struct field {
	const char *name;
	enum type type;
	int kinds;
	const char *const *choices; /* CHOICE: the codes */
} fields[] = {
    {"id", LINE, PRACTICE | NEED, NULL},
    {"lang", LINE, PRACTICE | NEED, NULL},
    {"title", LINE, PRACTICE | NEED, NULL},
    {"summary", TEXT, PRACTICE, NULL},
    {"challenge", TEXT, PRACTICE, NULL},
    {"description", TEXT, NEED, NULL},
    {"areas", AREAS, PRACTICE | NEED, NULL},
    {"target_groups", LINES, PRACTICE, NULL},
    {"core_elements", LINES, PRACTICE, NULL},
    {"flexible_elements", LINES, PRACTICE, NULL},
    {"partners", PARTNERS, PRACTICE, NULL},
    {"results", TEXT, PRACTICE, NULL},
    {"resources", TEXT, PRACTICE, NULL},
    {"started", LINE, PRACTICE, NULL},
    {"tags", LINES, PRACTICE, NULL},
    {"skills", LINES, NEED, NULL},
    {"urgency", CHOICE, NEED, svk_vocab_urgencies},
    {"status", CHOICE, NEED, svk_vocab_need_statuses},
    {"answered_by", LINE, NEED, NULL},
};

/* The texts of a translation, by kind. */
static const char *const tr_practice[] = {
    "lang", "title", "summary", "challenge", NULL};
static const char *const tr_need[] = {"lang", "title", "description", NULL};

static int
bit(int kind)
{
	return kind == SVK_KIND_NEED ? NEED : PRACTICE;
}

/* --- reading a form into the authoring format ---------------------------- */

static const char *
field(const svk_web_page *p, const char *name)
{
	const svk_web_fields *f = p->req->form;
	return f && f->get ? f->get(f->arg, name) : NULL;
}

/* s[0..n) without the spaces, tabs and line ends around it. */
static json_t *
trimmed(const char *s, size_t n)
{
	while (n > 0 && strchr(" \t\r\n", *s)) {
		s++;
		n--;
	}
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		n--;
	return n > 0 ? json_stringn(s, n) : NULL;
}

/* arr, or NULL (and arr released) when it is empty: a field left empty is
 * left out, for the parser to say whether it may be. */
static json_t *
nonempty(json_t *arr)
{
	if (json_array_size(arr) > 0)
		return arr;
	json_decref(arr);
	return NULL;
}

/* The non-empty lines of s, each trimmed, as an array (NULL: none). */
static json_t *
lines(const char *s)
{
	json_t *arr = json_array(), *v;

	while (arr && s && *s) {
		size_t n = strcspn(s, "\n");
		if ((v = trimmed(s, n)) != NULL)
			(void)json_array_append_new(arr, v);
		s += n + (s[n] == '\n');
	}
	return nonempty(arr);
}

/* "name; sector; role" a line, as partner objects. */
static json_t *
partners(const char *s)
{
	static const char *const parts[] = {"name", "sector", "role"};
	json_t *each = lines(s), *arr = json_array(), *v;
	size_t i;

	json_array_foreach(each, i, v) {
		const char *t = json_string_value(v);
		json_t *o = json_object();
		for (size_t k = 0; o && k < 3 && *t; k++) {
			size_t n = k < 2 ? strcspn(t, ";") : strlen(t);
			json_t *part = trimmed(t, n);
			if (part)
				(void)json_object_set_new(o, parts[k], part);
			t += n + (t[n] == ';');
		}
		(void)json_array_append_new(arr, o);
	}
	json_decref(each);
	return arr;
}

static json_t *
areas(const svk_web_page *p)
{
	const svk_web_fields *f = p->req->form;
	json_t *arr = json_array();
	const char *v;

	for (unsigned i = 0;
	     arr && f && f->each && (v = f->each(f->arg, "areas", i)); i++)
		(void)json_array_append_new(arr, json_string(v));
	return nonempty(arr);
}

static json_t *
translations(const svk_web_page *p, int kind)
{
	const char *const *texts = kind == SVK_KIND_NEED ? tr_need : tr_practice;
	json_t *arr = json_array();
	char name[48];

	for (int i = 0; arr && i < TRANSLATIONS_MAX; i++) {
		json_t *o = json_object(), *v;
		for (size_t k = 0; o && texts[k]; k++) {
			const char *s;
			snprintf(name, sizeof(name), "tr%d.%s", i, texts[k]);
			if ((s = field(p, name)) && (v = trimmed(s, strlen(s))))
				(void)json_object_set_new(o, texts[k], v);
		}
		if (json_object_size(o) > 0)
			(void)json_array_append_new(arr, o);
		else
			json_decref(o);
	}
	return nonempty(arr);
}

/* The form of kind as the authoring format's object. */
static json_t *
read_form(const svk_web_page *p, int kind)
{
	json_t *doc = json_object(), *v;

	for (size_t i = 0; doc && i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct field *fd = &fields[i];
		const char *s = field(p, fd->name);
		if (!(fd->kinds & bit(kind)))
			continue;
		switch (fd->type) {
		case LINE:
		case TEXT:
		case CHOICE: v = s ? trimmed(s, strlen(s)) : NULL; break;
		case LINES: v = lines(s); break;
		case AREAS: v = areas(p); break;
		case PARTNERS: v = s ? partners(s) : NULL; break;
		default: v = NULL;
		}
		if (v && fd->type == PARTNERS && json_array_size(v) == 0) {
			json_decref(v);
			v = NULL;
		}
		if (v)
			(void)json_object_set_new(doc, fd->name, v);
	}
	if (doc && (v = translations(p, kind)) != NULL)
		(void)json_object_set_new(doc, "translations", v);
	return doc;
}

/* The form field an author.h message is about: "field \"areas\": ...",
 * "missing required field \"id\"", "field \"translations\"[1].title: ..."
 * (field "tr1.title"). Empty when it names none. */
static void
field_of(const char *msg, char *out, size_t size)
{
	const char *q, *end;
	size_t n;

	out[0] = '\0';
	if (strncmp(msg, "field \"", 7) == 0)
		q = msg + 7;
	else if (strncmp(msg, "missing required field \"", 24) == 0)
		q = msg + 24;
	else
		return;
	if ((end = strchr(q, '"')) == NULL || (n = (size_t)(end - q)) >= size)
		return;
	snprintf(out, size, "%.*s", (int)n, q);
	if (strcmp(out, "translations") == 0 && end[1] == '[') {
		int i = atoi(end + 2);
		const char *dot = strstr(end, "].");
		const char *sub = strstr(end, "missing required field \"");
		if (sub)
			snprintf(out, size, "tr%d.%.*s", i,
			    (int)strcspn(sub + 24, "\""), sub + 24);
		else if (dot)
			snprintf(out, size, "tr%d.%.*s", i,
			    (int)strcspn(dot + 2, ": "), dot + 2);
	}
}

/* --- the form ------------------------------------------------------------- */

/* What a form shows besides the values: the message of one field. */
struct problem {
	char field[64];
	const char *message; /* in English, the CLI's; or NULL */
	const char *key;     /* or a message of ours */
};

/* The message of ours that says what an author.h message about one field
 * says, in the reader's language; NULL for one it has no words for (it is
 * then shown in English, marked so: an unknown area, say, whose message
 * lists the areas by their codes). */
static const char *
field_key(const char *msg)
{
	static const struct {
		const char *says, *key;
	} known[] = {
	    {"missing required field", "form.err.missing"},
	    {": must not be empty", "form.err.empty"},
	    {"bytes long, the limit is", "form.err.too_long"},
	    {"items, the limit is", "form.err.items"},
	    {": must list at least one area", "form.err.no_area"},
	    {"is not a date like", "form.err.date"},
	    {"is not a BCP 47 language tag", "form.err.lang"},
	    {"is not a valid id", "form.err.id"},
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strstr(msg, known[i].says) != NULL)
			return known[i].key;
	return NULL;
}

static void
label(svk_web_page *p, const char *name, const char *text_key)
{
	fprintf(p->f, "<label for=\"f-%s\">", name);
	svk_web_html_text(p, text_key);
	fputs("</label>", p->f);
}

/* The attributes of an input that may be wrong, and its message after. */
static void
invalid_attrs(svk_web_page *p, const char *name, const struct problem *pr)
{
	if (pr && strcmp(pr->field, name) == 0)
		fprintf(p->f, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
}

static void
message(svk_web_page *p, const char *name, const struct problem *pr)
{
	if (pr == NULL || strcmp(pr->field, name) != 0)
		return;
	fprintf(p->f, "<p class=\"field-error\" id=\"e-%s\">", name);
	if (pr->key)
		svk_web_html_text(p, pr->key);
	else
		svk_web_html_in(p, "en", pr->message);
	fputs("</p>", p->f);
}

/* The value of doc's field, lists as lines. */
static void
value(svk_web_page *p, json_t *v, enum type type)
{
	size_t i;
	json_t *item;

	if (json_is_string(v)) {
		svk_web_html_esc(p->f, json_string_value(v));
		return;
	}
	json_array_foreach(v, i, item) {
		if (i > 0)
			fputc('\n', p->f);
		if (type != PARTNERS) {
			svk_web_html_esc(p->f, json_string_value(item));
			continue;
		}
		svk_web_html_esc(p->f,
		    json_string_value(json_object_get(item, "name")));
		fputs("; ", p->f);
		svk_web_html_esc(p->f,
		    json_string_value(json_object_get(item, "sector")));
		fputs("; ", p->f);
		svk_web_html_esc(p->f,
		    json_string_value(json_object_get(item, "role")));
	}
}

static bool
listed(json_t *arr, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), code) == 0)
			return true;
	return false;
}

static void
one_field(svk_web_page *p, const struct field *fd, json_t *doc,
    const struct problem *pr, bool edit)
{
	json_t *v = json_object_get(doc, fd->name);
	char key[64];

	snprintf(key, sizeof(key), "field.%s", fd->name);
	if (fd->type == AREAS) {
		fputs("<fieldset class=\"areas\"", p->f);
		invalid_attrs(p, fd->name, pr);
		fputs("><legend>", p->f);
		svk_web_html_text(p, key);
		fputs("</legend>", p->f);
		for (size_t i = 0; svk_vocab_areas[i]; i++) {
			const char *a = svk_vocab_areas[i];
			fprintf(p->f,
			    "<label class=\"check\"><input type=\"checkbox\" "
			    "name=\"areas\" value=\"%s\"%s> ",
			    a, listed(v, a) ? " checked" : "");
			svk_web_html_code(p, "area", a);
			fputs("</label>", p->f);
		}
		message(p, fd->name, pr);
		fputs("</fieldset>", p->f);
		return;
	}
	fputs("<div class=\"field\">", p->f);
	label(p, fd->name, key);
	if (fd->type == LINES || fd->type == PARTNERS) {
		fputs(" <span class=\"muted\">", p->f);
		svk_web_html_text(p,
		    fd->type == LINES ? "form.one_per_line" : "form.partner_lines");
		fputs("</span>", p->f);
	}
	if (fd->type == CHOICE) {
		const char *chosen = json_string_value(v);
		fprintf(p->f, "<select id=\"f-%s\" name=\"%s\"", fd->name, fd->name);
		invalid_attrs(p, fd->name, pr);
		fputs(">", p->f);
		for (size_t i = 0; fd->choices[i]; i++) {
			fprintf(p->f, "<option value=\"%s\"%s>", fd->choices[i],
			    chosen && strcmp(chosen, fd->choices[i]) == 0 ?
				" selected" :
				"");
			svk_web_html_code(p, fd->name, fd->choices[i]);
			fputs("</option>", p->f);
		}
		fputs("</select>", p->f);
	} else if (fd->type == LINE) {
		fprintf(p->f, "<input type=\"text\" id=\"f-%s\" name=\"%s\"%s value=\"",
		    fd->name, fd->name,
		    edit && strcmp(fd->name, "id") == 0 ? " readonly" : "");
		value(p, v, fd->type);
		fputs("\"", p->f);
		invalid_attrs(p, fd->name, pr);
		fputs(">", p->f);
	} else {
		fprintf(p->f, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\"",
		    fd->name, fd->name, fd->type == TEXT ? 5 : 3);
		invalid_attrs(p, fd->name, pr);
		fputs(">", p->f);
		value(p, v, fd->type);
		fputs("</textarea>", p->f);
	}
	message(p, fd->name, pr);
	fputs("</div>", p->f);
}

/* The translation blocks: those doc has and one more, empty. */
static void
translation_fields(svk_web_page *p, int kind, json_t *doc, const struct problem *pr)
{
	const char *const *texts = kind == SVK_KIND_NEED ? tr_need : tr_practice;
	json_t *arr = json_object_get(doc, "translations");
	size_t n = json_array_size(arr) + 1;
	char name[48], key[64], num[16];

	for (size_t i = 0; i < n && i < TRANSLATIONS_MAX; i++) {
		json_t *t = json_array_get(arr, i);
		snprintf(num, sizeof(num), "%zu", i + 1);
		fputs("<fieldset class=\"translation\"><legend>", p->f);
		svk_web_html_say(p, "form.translation", num);
		fputs("</legend>", p->f);
		for (size_t k = 0; texts[k]; k++) {
			snprintf(name, sizeof(name), "tr%zu.%s", i, texts[k]);
			snprintf(key, sizeof(key), "field.%s", texts[k]);
			fputs("<div class=\"field\">", p->f);
			label(p, name, key);
			if (k < 2)
				fprintf(p->f,
				    "<input type=\"text\" id=\"f-%s\" name=\"%s\" value=\"",
				    name, name);
			else
				fprintf(p->f,
				    "<textarea id=\"f-%s\" name=\"%s\" rows=\"4\"",
				    name, name);
			if (k < 2) {
				value(p, json_object_get(t, texts[k]), LINE);
				fputs("\"", p->f);
				invalid_attrs(p, name, pr);
				fputs(">", p->f);
			} else {
				invalid_attrs(p, name, pr);
				fputs(">", p->f);
				value(p, json_object_get(t, texts[k]), TEXT);
				fputs("</textarea>", p->f);
			}
			message(p, name, pr);
			fputs("</div>", p->f);
		}
		fputs("</fieldset>", p->f);
	}
}

/* The whole form page, with doc's values and pr's message (may be NULL). */
static void
form_page(svk_web_page *p, int kind, json_t *doc, const struct problem *pr, bool edit)
{
	const char *title = kind == SVK_KIND_NEED ?
				(edit ? "form.edit_need" : "form.new_need") :
				(edit ? "form.edit_practice" : "form.new_practice");

	svk_web_html_head(p, title,
	    edit ? json_string_value(json_object_get(doc, "title")) : NULL,
	    json_string_value(json_object_get(doc, "lang")),
	    kind == SVK_KIND_NEED ? "nav.needs" : "nav.practices");
	if (pr) {
		fputs("<p class=\"warn\" role=\"alert\">", p->f);
		svk_web_html_text(p, "form.fix");
		if (pr->field[0] == '\0' && pr->message) {
			fputs(" ", p->f);
			svk_web_html_in(p, "en", pr->message);
		}
		fputs("</p>", p->f);
	}
	fputs("<form class=\"edit\" method=\"post\" action=\"\">", p->f);
	svk_web_html_csrf(p);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].kinds & bit(kind))
			one_field(p, &fields[i], doc, pr, edit);
	translation_fields(p, kind, doc, pr);
	fputs("<p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "form.save");
	fputs("</button></p></form>", p->f);
	svk_web_html_foot(p);
}

/* --- writing ---------------------------------------------------------------- */

/* The form to send a JSON file as the CLI takes it, with what was wrong
 * with the last one (pr may be NULL). */
static void
upload_page(svk_web_page *p, int kind, const struct problem *pr)
{
	svk_web_html_head(p,
	    kind == SVK_KIND_NEED ? "form.upload_need" : "form.upload_practice",
	    NULL, NULL, kind == SVK_KIND_NEED ? "nav.needs" : "nav.practices");
	if (pr) {
		fputs("<p class=\"warn\" role=\"alert\" id=\"e-file\">", p->f);
		svk_web_html_text(p, "form.fix");
		fputs(" ", p->f);
		if (pr->key)
			svk_web_html_text(p, pr->key);
		else
			svk_web_html_in(p, "en", pr->message);
		fputs("</p>", p->f);
	}
	fputs("<section><p>", p->f);
	svk_web_html_text(p, "form.upload_explain");
	fputs("</p><form class=\"edit\" method=\"post\" action=\"\" "
	      "enctype=\"multipart/form-data\">",
	    p->f);
	svk_web_html_csrf(p);
	fputs("<div class=\"field\"><label for=\"f-file\">", p->f);
	svk_web_html_text(p, "form.file");
	fputs("</label><input type=\"file\" id=\"f-file\" name=\"file\" "
	      "accept=\".json,application/json\"",
	    p->f);
	if (pr)
		fputs(" aria-invalid=\"true\" aria-describedby=\"e-file\"", p->f);
	fputs("></div><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "form.save");
	fputs("</button></p></form></section>", p->f);
	svk_web_html_foot(p);
}

static int
live_cb(void *arg, const svk_entity *e)
{
	*(bool *)arg = !e->retracted;
	return 0;
}

/* Whether this node has a live kind id: 0, or a negative code. */
static int
own_live(svk_web_page *p, int kind, const char *id, bool *yes)
{
	int err;

	*yes = false;
	err = svk_view_get(p->req->home->store, kind,
	    svk_crypto_identity_public(p->req->home->id), id, live_cb, yes);
	return err == SVK_ENOTFOUND ? 0 : err;
}

/* Signs doc (checked) into this node's log, says so in the audit log and
 * sends the browser to its page; or shows the form again with what is
 * wrong. */
static void
save(svk_web_page *p, int kind, json_t *doc, const char *file, size_t len,
    const char *editing)
{
	struct problem pr = {{0}, NULL, NULL};
	Samverk__Body body = SAMVERK__BODY__INIT;
	char err[512], fpr[SVK_FPR_LEN], where[SVK_WEB_LOCATION_MAX];
	/* An uploaded file may hold a NUL (which the parser refuses): copied
	 * whole, not as a string. */
	char *text = doc ? json_dumps(doc, JSON_PRESERVE_ORDER) : malloc(len + 1);
	void *msg = NULL;
	const char *id = NULL;
	uint64_t seq = 0;
	bool exists;
	int rc;

	if (text == NULL) {
		svk_web_html_message(p, 500, "form.fix", "page.error", NULL);
		return;
	}
	if (doc == NULL) {
		memcpy(text, file, len);
		text[len] = '\0';
	}
	rc = kind == SVK_KIND_NEED ?
		 svk_author_need_parse(text, doc ? strlen(text) : len,
		     (Samverk__Need **)&msg, err, sizeof(err)) :
		 svk_author_practice_parse(text, doc ? strlen(text) : len,
		     (Samverk__Practice **)&msg, err, sizeof(err));
	free(text);
	if (rc != 0) {
		field_of(err, pr.field, sizeof(pr.field));
		pr.message = err;
		if (pr.field[0] != '\0')
			pr.key = field_key(err);
		goto again;
	}
	id = kind == SVK_KIND_NEED ? ((Samverk__Need *)msg)->id :
				     ((Samverk__Practice *)msg)->id;
	if ((rc = own_live(p, kind, id, &exists)) != 0) {
		svk_web_html_message(p, 500, "form.fix", "page.error", NULL);
		goto out;
	}
	if (editing && strcmp(editing, id) != 0) {
		snprintf(pr.field, sizeof(pr.field), "id");
		pr.key = "form.id_changed";
		goto again;
	}
	if (!editing && exists) {
		snprintf(pr.field, sizeof(pr.field), "id");
		pr.key = "form.id_taken";
		goto again;
	}
	if (editing && !exists) {
		svk_web_html_message(p, 404, "page.not_found",
		    kind == SVK_KIND_NEED ? "need.not_found" : "prac.not_found",
		    NULL);
		goto out;
	}
	if (kind == SVK_KIND_NEED) {
		body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
		body.need = msg;
	} else {
		body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
		body.practice = msg;
	}
	if ((rc = svk_log_append(p->req->home->store, p->req->home->id, &body,
		 &seq, NULL)) != 0) {
		svk_say_warn("audit: %s could not %s %s %s: %s",
		    p->req->who->user, editing ? "update" : "add",
		    kind == SVK_KIND_NEED ? "need" : "practice", id,
		    svk_error_str(rc));
		pr.message = svk_error_str(rc);
		goto again;
	}
	svk_say_info("audit: %s %s %s %s (entry %llu)", p->req->who->user,
	    editing ? "updated" : "added",
	    kind == SVK_KIND_NEED ? "need" : "practice", id, (unsigned long long)seq);
	svk_crypto_fingerprint(svk_crypto_identity_public(p->req->home->id), fpr);
	snprintf(where, sizeof(where), "%s%s/%s",
	    kind == SVK_KIND_NEED ? "/needs/" : "/practices/", fpr, id);
	svk_web_html_see_other(p, where);
	goto out;
again:
	p->status = 400;
	if (doc)
		form_page(p, kind, doc, &pr, editing != NULL);
	else
		upload_page(p, kind, &pr);
out:
	if (msg)
		protobuf_c_message_free_unpacked(msg, NULL);
}

void
svk_web_edit_page(svk_web_page *p, int kind, const char *origin, const char *id)
{
	svk_web_entity e = {0};
	json_t *doc = NULL;
	bool post = strcmp(p->req->method, "POST") == 0;

	if (!svk_web_html_may(p, SVK_WEB_EDITOR))
		return;
	if (origin && svk_web_entity_load_own(p, kind, origin, id, &e) != 0)
		goto out;
	if (post)
		doc = read_form(p, kind);
	else if (e.msg)
		doc = kind == SVK_KIND_NEED ? svk_author_json_need(e.msg) :
					      svk_author_json_practice(e.msg);
	else if ((doc = json_object()) != NULL)
		(void)json_object_set_new(doc, "lang", json_string(p->lang));
	if (doc == NULL)
		svk_web_html_message(p, 500, "form.fix", "page.error", NULL);
	else if (post)
		save(p, kind, doc, NULL, 0, origin ? id : NULL);
	else
		form_page(p, kind, doc, NULL, origin != NULL);
out:
	json_decref(doc);
	svk_web_entity_fini(&e);
}

void
svk_web_edit_upload(svk_web_page *p, int kind)
{
	const svk_web_fields *f = p->req->form;
	struct problem pr = {{0}, NULL, "form.no_file"};
	unsigned long len = 0;
	const char *file;

	if (!svk_web_html_may(p, SVK_WEB_EDITOR))
		return;
	if (strcmp(p->req->method, "POST") != 0) {
		upload_page(p, kind, NULL);
		return;
	}
	file = f && f->file ? f->file(f->arg, "file", &len) : NULL;
	if (file && len > SVK_AUTHOR_MAX_FILE)
		pr.key = "form.file_too_big";
	if (file == NULL || len == 0 || len > SVK_AUTHOR_MAX_FILE) {
		p->status = 400;
		upload_page(p, kind, &pr);
		return;
	}
	save(p, kind, NULL, file, len, NULL);
}
