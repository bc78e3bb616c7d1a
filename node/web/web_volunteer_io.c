/*
 * web_volunteer_io.c: a CSV upload into the volunteer registry with its
 * row-by-row report, one person's data to download, and erasure after a
 * confirmation. See web_volunteer_io.h.
 *
 * The import is `volunteer import`'s (report_volunteer.h), the whole file
 * checked before anything is written; the export is `volunteer export`'s
 * document; the erasure `volunteer erase`'s (registry.h), which overwrites
 * the row in the database file and its write-ahead log.
 */
#include "web_volunteer_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "report_volunteer.h"
#include "say.h"
#include "web_volunteer_field.h"

/* --- import ------------------------------------------------------------------ */

/* The form to send a file, with why the last one was refused (NULL: none;
 * key, or English why when key is NULL). */
static void
upload_page(svk_web_page *p, const char *key, const char *why)
{
	svk_web_html_head(p, "vol.import", NULL, NULL, "nav.volunteers");
	if (key || why) {
		fputs("<p class=\"warn\" role=\"alert\" id=\"e-file\">", p->f);
		svk_web_html_text(p, key ? key : "vol.import_refused");
		if (why) {
			fputs(" ", p->f);
			svk_web_html_in(p, "en", why);
		}
		fputs("</p>", p->f);
	}
	fputs("<section><p>", p->f);
	svk_web_html_text(p, "vol.import_explain");
	fputs("</p><p class=\"fpr\">", p->f);
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		fprintf(p->f, "%s%s", k ? "," : "", svk_volunteer_fields[k]);
	fputs("</p><form class=\"edit\" method=\"post\" action=\"\" "
	      "enctype=\"multipart/form-data\">",
	    p->f);
	svk_web_html_csrf(p);
	fputs("<div class=\"field\"><label for=\"f-file\">", p->f);
	svk_web_html_text(p, "vol.csv_file");
	fputs("</label><input type=\"file\" id=\"f-file\" name=\"file\" "
	      "accept=\".csv,text/csv\"",
	    p->f);
	if (key || why)
		fputs(" aria-invalid=\"true\" aria-describedby=\"e-file\"", p->f);
	fputs("></div><div class=\"field\"><label class=\"check\"><input "
	      "type=\"checkbox\" name=\"dry_run\" value=\"yes\"> ",
	    p->f);
	svk_web_html_text(p, "vol.dry_run");
	fputs("</label></div><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "vol.import_button");
	fputs("</button></p></form></section>", p->f);
	svk_web_html_foot(p);
}

static const char *
count(json_t *doc, const char *key, char buf[static 24])
{
	snprintf(buf, 24, "%lld",
	    (long long)json_integer_value(json_object_get(doc, key)));
	return buf;
}

/* The rows refused, with their line, id and why. */
static void
rejected_table(svk_web_page *p, json_t *rejected)
{
	size_t i;
	json_t *r;

	fputs("<section id=\"rejected\"><h2>", p->f);
	svk_web_html_text(p, "vol.rejected");
	fputs("</h2><table><thead><tr>", p->f);
	svk_web_html_th(p, "vol.line");
	svk_web_html_th(p, "vol.f.id");
	svk_web_html_th(p, "vol.reason");
	fputs("</tr></thead><tbody>", p->f);
	json_array_foreach(rejected, i, r) {
		fputs("<tr>", p->f);
		svk_web_html_td(p, "vol.line", NULL);
		fprintf(p->f, "%lld</td>",
		    (long long)json_integer_value(json_object_get(r, "line")));
		svk_web_html_td(p, "vol.f.id", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(r, "id"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "vol.reason", NULL);
		svk_web_volunteer_field_why(p, svk_web_html_str(r, "reason"), true);
		fputs("</td></tr>", p->f);
	}
	fputs("</tbody></table></section>", p->f);
}

static void
report_page(svk_web_page *p, json_t *doc, bool dry_run)
{
	char rows[24], good[24], created[24], updated[24], same[24], bad[24];
	json_t *rejected = json_object_get(doc, "rejected");
	size_t n = json_array_size(rejected);

	snprintf(bad, sizeof(bad), "%zu", n);
	svk_web_html_head(p, "vol.import_report", NULL, NULL, "nav.volunteers");
	fputs("<section><p>", p->f);
	svk_web_html_say(p, dry_run ? "vol.import_dry" : "vol.import_done",
	    count(doc, "imported", good), count(doc, "rows", rows),
	    count(doc, "created", created), count(doc, "updated", updated),
	    count(doc, "unchanged", same), bad);
	fputs("</p>", p->f);
	if (n > 0) {
		fputs("<p class=\"warn\" role=\"alert\">", p->f);
		svk_web_html_say(p,
		    json_integer_value(json_object_get(doc, "imported")) == 0 ?
			"vol.import_none" :
		    dry_run ? "vol.import_some_dry" :
			      "vol.import_some",
		    bad);
		fputs("</p>", p->f);
	}
	fputs("<p class=\"actions\"><a href=\"/volunteers\">", p->f);
	svk_web_html_text(p, "vol.back");
	fputs("</a> <a href=\"/volunteers/import\">", p->f);
	svk_web_html_text(p, "vol.import_again");
	fputs("</a></p></section>", p->f);
	if (n > 0)
		rejected_table(p, rejected);
	svk_web_html_foot(p);
}

void
svk_web_volunteer_io_csv_report(svk_web_page *p, const char *text,
    unsigned long len, bool dry_run)
{
	json_t *doc = NULL;
	char why[512];
	int err = svk_report_volunteer_import(p->req->home->store, "upload", text,
	    len, dry_run, &doc, why, sizeof(why));
	const char *user = p->req->who ? p->req->who->user : "";

	if (err == SVK_EINVAL) {
		p->status = 400;
		upload_page(p, NULL, why);
		return;
	}
	if (err != 0) {
		svk_say_warn("audit: %s could not import volunteers from a CSV "
			     "upload: %s",
		    user, svk_error_str(err));
		svk_web_html_not_written(p, "vol.import", err);
		return;
	}
	if (!dry_run)
		svk_say_info("audit: %s imported volunteers from a CSV upload (web): "
			     "%lld rows, %lld new, %lld updated, %lld unchanged, "
			     "%lld rejected",
		    user, (long long)json_integer_value(json_object_get(doc, "rows")),
		    (long long)json_integer_value(json_object_get(doc, "created")),
		    (long long)json_integer_value(json_object_get(doc, "updated")),
		    (long long)json_integer_value(json_object_get(doc, "unchanged")),
		    (long long)json_array_size(json_object_get(doc, "rejected")));
	report_page(p, doc, dry_run);
	json_decref(doc);
}

void
svk_web_volunteer_io_import(svk_web_page *p)
{
	const svk_web_fields *f = p->req->form;
	unsigned long len = 0;
	const char *file, *dry;

	if (strcmp(p->req->method, "POST") != 0) {
		upload_page(p, NULL, NULL);
		return;
	}
	file = f && f->file ? f->file(f->arg, "file", &len) : NULL;
	dry = f && f->get ? f->get(f->arg, "dry_run") : NULL;
	if (file == NULL || len == 0) {
		p->status = 400;
		upload_page(p, "form.no_file", NULL);
		return;
	}
	svk_web_volunteer_io_csv_report(p, file, len, dry && strcmp(dry, "yes") == 0);
}

/* --- export ------------------------------------------------------------------ */

void
svk_web_volunteer_io_export(svk_web_page *p, const char *id, bool csv)
{
	json_t *doc = NULL;
	int err;

	if (csv) {
		err = svk_report_volunteer_csv(p->req->home, id, p->f);
	} else if ((err = svk_report_volunteer_export(p->req->home, id, &doc)) == 0) {
		err = json_dumpf(doc, p->f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 ?
			  0 :
			  -ENOMEM;
		fputc('\n', p->f);
	}
	json_decref(doc);
	if (err == SVK_ENOTFOUND) {
		svk_web_html_message(p, 404, "page.not_found", "vol.not_found", NULL);
		return;
	}
	if (err != 0) {
		svk_web_html_message(p, 500, "vol.title", "page.error", NULL);
		return;
	}
	p->type = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
	snprintf(p->disposition, sizeof(p->disposition),
	    "attachment; filename=\"volunteer-%s.%s\"", id, csv ? "csv" : "json");
	svk_say_info("audit: %s exported volunteer %s as %s (web)",
	    p->req->who->user, id, csv ? "CSV" : "JSON");
}

/* --- erase ------------------------------------------------------------------- */

static int
name_cb(void *arg, const svk_volunteer *v)
{
	return (*(char **)arg = strdup(v->name)) ? 0 : -ENOMEM;
}

static void
confirm_page(svk_web_page *p, const char *id, const char *name, bool unticked)
{
	svk_web_html_head(p, "vol.erase_title", name, NULL, "nav.volunteers");
	if (unticked) {
		fputs("<p class=\"warn\" role=\"alert\">", p->f);
		svk_web_html_text(p, "form.fix");
		fputs("</p>", p->f);
	}
	fputs("<section><p>", p->f);
	svk_web_html_say(p, "vol.erase_explain", id);
	fputs("</p><form class=\"edit\" method=\"post\" action=\"\">", p->f);
	svk_web_html_csrf(p);
	fputs("<div class=\"field\"><label class=\"check\"><input type=\"checkbox\" "
	      "id=\"f-confirm\" name=\"confirm\" value=\"yes\"",
	    p->f);
	if (unticked)
		fputs(" aria-invalid=\"true\" aria-describedby=\"e-confirm\"", p->f);
	fputs("> ", p->f);
	svk_web_html_text(p, "vol.erase_confirm");
	fputs("</label>", p->f);
	if (unticked) {
		fputs("<p class=\"field-error\" id=\"e-confirm\">", p->f);
		svk_web_html_text(p, "vol.erase_unticked");
		fputs("</p>", p->f);
	}
	fputs("</div><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "vol.erase_button");
	fputs("</button> <a href=\"/volunteers/", p->f);
	svk_web_html_url(p->f, id);
	fputs("\">", p->f);
	svk_web_html_text(p, "retract.cancel");
	fputs("</a></p></form></section>", p->f);
	svk_web_html_foot(p);
}

/* The page after an erasure: key says how it went. */
static void
erased_page(svk_web_page *p, const char *key, const char *id)
{
	svk_web_html_head(p, "vol.erase_title", NULL, NULL, "nav.volunteers");
	fputs("<section><p>", p->f);
	svk_web_html_say(p, key, id);
	fputs("</p><p><a href=\"/volunteers\">", p->f);
	svk_web_html_text(p, "vol.back");
	fputs("</a></p></section>", p->f);
	svk_web_html_foot(p);
}

void
svk_web_volunteer_io_erase(svk_web_page *p, const char *id)
{
	const svk_web_fields *f = p->req->form;
	const char *yes = f && f->get ? f->get(f->arg, "confirm") : NULL;
	bool post = strcmp(p->req->method, "POST") == 0;
	char *name = NULL;
	int err = svk_registry_get(p->req->home->store, id, name_cb, &name);

	if (err == SVK_ENOTFOUND) {
		svk_web_html_message(p, 404, "page.not_found", "vol.not_found", NULL);
		goto out;
	}
	if (err != 0) {
		svk_web_html_message(p, 500, "vol.title", "page.error", NULL);
		goto out;
	}
	if (!post || yes == NULL || strcmp(yes, "yes") != 0) {
		if (post)
			p->status = 400;
		confirm_page(p, id, name, post);
		goto out;
	}
	err = svk_registry_erase(p->req->home->store, id);
	if (err == 0) {
		svk_say_info("audit: %s erased volunteer %s from the registry (web)",
		    p->req->who->user, id);
		erased_page(p, "vol.erased", id);
	} else if (err == -EBUSY) {
		svk_say_warn("audit: %s erased volunteer %s from the registry (web); "
			     "an old copy may remain in samverk.db-wal until "
			     "'samverk volunteer erase --scrub'",
		    p->req->who->user, id);
		erased_page(p, "vol.erased_busy", id);
	} else {
		svk_say_warn("audit: %s could not erase volunteer %s: %s",
		    p->req->who->user, id, svk_error_str(err));
		svk_web_html_message(p, 500, "vol.erase_title", "page.error", NULL);
	}
out:
	free(name);
}
