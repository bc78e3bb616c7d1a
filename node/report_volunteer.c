/*
 * report_volunteer.c: the volunteer registry as JSON and CSV, for the
 * command line and the web app. See report_volunteer.h.
 */
#include "report_volunteer.h"

#include <errno.h>
#include <string.h>

#include "clock.h"
#include "csv.h"
#include "report.h"

/* "a;b" as a JSON array. */
static json_t *
list_json(const char *list)
{
	json_t *arr = json_array();
	const char *p = list;

	while (arr && *p) {
		size_t n = strcspn(p, ";");
		(void)json_array_append_new(arr, json_stringn(p, n));
		p += n + (p[n] ? 1 : 0);
	}
	return arr;
}

json_t *
svk_report_volunteer_json(const svk_volunteer *v)
{
	char created[32], updated[32];

	svk_report_iso_time(v->created_ms, created);
	svk_report_iso_time(v->updated_ms, updated);
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:i, s:s, s:b, s:s, s:s}",
	    "id", v->id, "name", v->name, "birth_year",
	    v->birth_year > 0 ? json_integer(v->birth_year) : json_null(), "email",
	    v->email, "phone", v->phone, "skills", list_json(v->skills), "areas",
	    list_json(v->areas), "hours_per_month", (int)v->hours_per_month, "joined",
	    v->joined, "active", v->active, "created", created, "updated", updated);
}

static int
get_cb(void *arg, const svk_volunteer *v)
{
	*(json_t **)arg = svk_report_volunteer_json(v);
	return *(json_t **)arg ? 0 : -ENOMEM;
}

int
svk_report_volunteer_get(svk_home *home, const char *id, json_t **out)
{
	int err;

	*out = NULL;
	if ((err = svk_registry_get(home->store, id, get_cb, out)) != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

int
svk_report_volunteer_export(svk_home *home, const char *id, json_t **out)
{
	json_t *doc;
	char now[32];
	int err;

	*out = NULL;
	if ((err = svk_report_volunteer_get(home, id, &doc)) != 0)
		return err;
	svk_report_iso_time(svk_clock_now_ms(), now);
	*out = json_pack("{s:s, s:s, s:s, s:o, s:s}", "controller", home->name,
	    "country", home->country, "exported", now, "volunteer", doc, "shared",
	    "nothing: this record stays on this node; partners receive "
	    "only aggregated counts, with small counts suppressed");
	return *out ? 0 : -ENOMEM;
}

struct csv {
	FILE *f;
};

static int
csv_cb(void *arg, const svk_volunteer *v)
{
	FILE *f = ((struct csv *)arg)->f;
	svk_volunteer_text t;

	svk_volunteer_unparse(v, &t);
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		svk_csv_field_write(f, svk_volunteer_fields[k],
		    k + 1 == SVK_VOLUNTEER_FIELDS);
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		svk_csv_field_write(f, t.f[k], k + 1 == SVK_VOLUNTEER_FIELDS);
	return 0;
}

int
svk_report_volunteer_csv(svk_home *home, const char *id, FILE *f)
{
	struct csv c = {f};
	int err = svk_registry_get(home->store, id, csv_cb, &c);

	if (err == 0 && ferror(f))
		err = -EIO;
	return err;
}

static void
on_reject(void *arg, size_t line, const char *id, const char *why)
{
	(void)json_array_append_new(arg,
	    json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "id", id,
		"reason", why));
}

int
svk_report_volunteer_import(svk_store *st, const char *file, const char *text,
    size_t len, bool dry_run, json_t **out, char *why, size_t whylen)
{
	svk_import_stats stats;
	json_t *rejected = json_array();
	int err;

	*out = NULL;
	if (rejected == NULL)
		return -ENOMEM;
	err = svk_registry_import(st, text, len, dry_run, on_reject, rejected,
	    &stats, why, whylen);
	if (err == 0)
		*out = json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:O}", "file",
		    file, "dry_run", dry_run, "rows", (json_int_t)stats.rows,
		    "imported", (json_int_t)(stats.rows - stats.rejected), "created",
		    (json_int_t)stats.created, "updated", (json_int_t)stats.updated,
		    "unchanged", (json_int_t)stats.unchanged, "rejected", rejected);
	if (err == 0 && *out == NULL)
		err = -ENOMEM;
	json_decref(rejected);
	return err;
}
