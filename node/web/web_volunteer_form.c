/*
 * web_volunteer_form.c: the form that adds a volunteer to the registry or
 * changes one, and its POST side. See web_volunteer_form.h.
 *
 * The form's fields are the registry's columns, read into the ten texts
 * svk_volunteer_parse checks, so a form is held to the rules of `volunteer
 * add` and `volunteer import` with the same reasons, each shown at the
 * field it names in the reader's words.
 */
#include "web_volunteer_form.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fold.h"
#include "registry.h"
#include "say.h"
#include "vocab.h"
#include "web_volunteer_field.h"

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
	svk_volunteer_text t;

	svk_volunteer_unparse(v, &t);
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		if ((fm->f[k] = strdup(t.f[k])) == NULL)
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
		svk_web_volunteer_field_why(p, fm->why, false);
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
		    svk_web_volunteer_field_has(areas, svk_vocab_areas[i]) ?
			" checked" :
			"");
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
	svk_web_volunteer_field_option(p, "yes",
	    strcasecmp(active, "no") == 0 ? "no" : "yes", "page.yes", NULL);
	svk_web_volunteer_field_option(p, "no",
	    strcasecmp(active, "no") == 0 ? "no" : "yes", "page.no", NULL);
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
		svk_web_html_not_written(p, "vol.title", err);
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

void
svk_web_volunteer_form_page(svk_web_page *p, const char *id)
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
