/*
 * test_web_volunteer.c: node/web/web_volunteer*.c, the web app's pages of
 * the local volunteer registry and of the volunteers who could answer one
 * of this node's needs, on a real store: only an admin gets them (an
 * editor and an anonymous reader get 403 and see no link); a wrong value
 * gives its field's message in the reader's language and writes nothing;
 * a CSV upload gives the row-by-row report of `volunteer import`; export
 * gives the person's data; erasure needs its confirmation.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fixture.h"
#include "fixture_web.h"
#include "home.h"
#include "log.h"
#include "registry.h"

#define PK(id) svk_crypto_identity_public(id)

static fx_fed fed;
static svk_home home; /* a's node */
static svk_config cfg;
static char fpr_a[SVK_FPR_LEN], fpr_b[SVK_FPR_LEN];
static svk_web_who admin, editor, reader;

/* An open need of who's, asking for driving in elderly_care. */
static void
need(svk_store *st, const svk_identity *who, const char *id, const char *status)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Need n = SAMVERK__NEED__INIT;
	char *areas[] = {"elderly_care"}, *skills[] = {"driving"};
	uint64_t seq;

	n.id = (char *)id;
	n.lang = "en";
	n.title = "Drivers for older people";
	n.description = "Trips to the doctor.";
	n.areas = areas;
	n.n_areas = 1;
	n.skills = skills;
	n.n_skills = 1;
	n.urgency = "high";
	n.status = (char *)status;
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = &n;
	ck_assert_int_eq(svk_log_append(st, who, &body, &seq, NULL), 0);
}

static void
setup(void)
{
	fx_fed_init(&fed, "web-volunteer");
	home = (svk_home){.dir = fed.dir,
	    .id = fed.a,
	    .store = fed.sa,
	    .name = "Middelfart Kommune",
	    .country = "DK"};
	svk_config_defaults(&cfg);
	svk_crypto_fingerprint(PK(fed.a), fpr_a);
	svk_crypto_fingerprint(PK(fed.b), fpr_b);
	admin = fxw_who("anna", SVK_WEB_ADMIN, NULL);
	editor = fxw_who("karin", SVK_WEB_EDITOR, NULL);
	reader = fxw_who(NULL, SVK_WEB_ANONYMOUS, NULL);
	fx_volunteer(fed.sa, "v-001", "driving;cooking", "elderly_care", 12,
	    "2024-02-01", true, 1961);
	fx_volunteer(fed.sa, "v-002", "tutoring", "youth;education", 4,
	    "2025-09-15", true, 2004);
	fx_volunteer(fed.sa, "v-003", "driving", "culture", 30, "2023-01-10",
	    false, 0);
	need(fed.sa, fed.a, "drivers", "open");
	need(fed.sb, fed.b, "their-drivers", "open");
	fx_ingest_all(fed.sa, fed.sb, PK(fed.b));
}

static void
teardown(void)
{
	fx_fed_fini(&fed);
}

static int64_t
count(void)
{
	return fx_count(fed.sa, "SELECT count(*) FROM volunteers");
}

/* What the add form sends for a good new volunteer. */
static const char *const good[] = {"id", "v-100", "name", "Ane Sørensen", "birth_year",
    "1990", "email", "ane@example.dk", "phone", "+45 12 34 56 78", "skills",
    "driving\r\nfirst aid", "areas", "elderly_care", "areas", "health_prevention",
    "hours_per_month", "8", "joined", "2026-03-01", "active", "yes", NULL};

START_TEST(test_only_an_admin_gets_the_volunteer_pages)
{
	static const char *const paths[] = {"/volunteers", "/volunteers/new",
	    "/volunteers/import", "/volunteers/v-001", "/volunteers/v-001/edit",
	    "/volunteers/v-001/erase", "/volunteers/v-001/export.json",
	    "/volunteers/v-001/export.csv", "/volunteers/nobody",
	    "/volunteers/nobody/erase"};
	const svk_web_who *who[] = {&reader, &editor};
	char need_path[160];
	fxw_answer a;

	snprintf(need_path, sizeof(need_path), "/needs/%s/drivers/volunteers", fpr_a);
	for (size_t w = 0; w < 2; w++) {
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			a = fxw_get(&home, &cfg, paths[i], who[w]);
			ck_assert_msg(a.status == 403, "%s: %u", paths[i], a.status);
			FXW_HAS(a, "Only an administrator of this node");
			/* Nothing of the registry, nor whether the id is in it. */
			FXW_LACKS(a, "v-001");
			FXW_LACKS(a, "Ane");
			free(a.body);
		}
		a = fxw_post(&home, &cfg, "/volunteers/new", good, who[w]);
		ck_assert_uint_eq(a.status, 403);
		free(a.body);
		a = fxw_post(&home, &cfg, "/volunteers/v-001/erase",
		    (const char *const[]){"confirm", "yes", NULL}, who[w]);
		ck_assert_uint_eq(a.status, 403);
		free(a.body);
		a = fxw_post(&home, &cfg, "/volunteers/import",
		    (const char *const[]){"@file", "id,name\n", NULL}, who[w]);
		ck_assert_uint_eq(a.status, 403);
		free(a.body);
		a = fxw_get(&home, &cfg, need_path, who[w]);
		ck_assert_uint_eq(a.status, 403);
		FXW_LACKS(a, "v-001");
		free(a.body);
		/* No link to them either. */
		a = fxw_get(&home, &cfg, "/", who[w]);
		FXW_LACKS(a, "/volunteers");
		free(a.body);
		snprintf(need_path, sizeof(need_path), "/needs/%s/drivers", fpr_a);
		a = fxw_get(&home, &cfg, need_path, who[w]);
		ck_assert_uint_eq(a.status, 200);
		FXW_LACKS(a, "/volunteers");
		free(a.body);
		snprintf(need_path, sizeof(need_path),
		    "/needs/%s/drivers/volunteers", fpr_a);
	}
	ck_assert_int_eq(count(), 3);
	a = fxw_get(&home, &cfg, "/", &admin);
	FXW_HAS(a, "<li><a href=\"/volunteers\">Volunteers</a></li>");
	free(a.body);
}
END_TEST

START_TEST(test_the_list_shows_the_registry_and_filters_it)
{
	fxw_answer a = fxw_get(&home, &cfg, "/volunteers", &admin);

	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "<a href=\"/volunteers/v-001\">v-001</a>");
	FXW_HAS(a, "Care for older people");
	FXW_HAS(a, "driving, cooking");
	FXW_HAS(a, "<td data-label=\"Hours a month\">12</td>");
	FXW_HAS(a, "aria-current=\"page\">Volunteers</a>");
	FXW_HAS(a, "3 shown");
	free(a.body);
	a = fxw_ask(&home, &cfg, "GET", "/volunteers",
	    (const char *const[]){"area", "youth", NULL}, NULL, &admin);
	FXW_HAS(a, "v-002");
	FXW_LACKS(a, "v-001");
	free(a.body);
	a = fxw_ask(&home, &cfg, "GET", "/volunteers",
	    (const char *const[]){"skill", "Driving", "active", "yes", NULL},
	    NULL, &admin);
	FXW_HAS(a, "v-001");
	FXW_LACKS(a, "v-003");
	FXW_LACKS(a, "v-002");
	/* Switching the language keeps the filters. */
	FXW_HAS(a, "href=\"?skill=Driving&amp;active=yes&amp;lang=da\"");
	free(a.body);
	a = fxw_ask(&home, &cfg, "GET", "/volunteers",
	    (const char *const[]){"q", "TUTOR", NULL}, NULL, &admin);
	FXW_HAS(a, "v-002");
	FXW_LACKS(a, "v-001");
	free(a.body);
	a = fxw_ask(&home, &cfg, "GET", "/volunteers",
	    (const char *const[]){"area", "sport", NULL}, NULL, &admin);
	ck_assert_uint_eq(a.status, 400);
	free(a.body);
}
END_TEST

START_TEST(test_a_wrong_value_is_told_at_its_field_in_the_readers_language)
{
	const char *form[64];
	const svk_web_who danish = fxw_who(admin.user, admin.role, "da");
	size_t n = 0;
	fxw_answer a;

	/* good, with hours that are not a number */
	for (size_t i = 0; good[i]; i += 2) {
		form[n++] = good[i];
		form[n++] = strcmp(good[i], "hours_per_month") == 0 ? "many" :
								      good[i + 1];
	}
	form[n] = NULL;
	a = fxw_post(&home, &cfg, "/volunteers/new", form, &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "Please correct what is marked below. Nothing has been saved.");
	FXW_HAS(a, "name=\"hours_per_month\" value=\"many\" aria-invalid=\"true\" "
		   "aria-describedby=\"e-hours_per_month\">");
	FXW_HAS(a, "<p class=\"field-error\" id=\"e-hours_per_month\">Write whole "
		   "hours from 0 to 744.</p>");
	/* What was typed stays. */
	FXW_HAS(a, "value=\"Ane Sørensen\"");
	FXW_HAS(a, "value=\"elderly_care\" checked>");
	free(a.body);
	a = fxw_post(&home, &cfg, "/volunteers/new", form, &danish);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "<html lang=\"da\">");
	FXW_HAS(a, "id=\"e-hours_per_month\">Skriv hele timer fra 0 til 744.</p>");
	FXW_HAS(a, "<label for=\"f-hours_per_month\">Timer om måneden</label>");
	free(a.body);
	/* An e-mail address that is none, a name left out. */
	for (size_t i = 0; form[i]; i += 2)
		if (strcmp(form[i], "hours_per_month") == 0)
			form[i + 1] = "8";
		else if (strcmp(form[i], "email") == 0)
			form[i + 1] = "ane.example.dk";
	a = fxw_post(&home, &cfg, "/volunteers/new", form, &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-email\">This is not an e-mail address.</p>");
	free(a.body);
	for (size_t i = 0; form[i]; i += 2)
		if (strcmp(form[i], "email") == 0)
			form[i + 1] = "";
		else if (strcmp(form[i], "name") == 0)
			form[i + 1] = " ";
	a = fxw_post(&home, &cfg, "/volunteers/new", form, &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-name\">This field is required.</p>");
	free(a.body);
	/* An area the list does not have (a forged form). */
	a = fxw_post(&home, &cfg, "/volunteers/new",
	    (const char *const[]){"id", "v-9", "name", "X", "areas", "sport",
		"joined", "2026-01-01", "active", "yes", NULL},
	    &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-areas\">Choose areas from the list.</p>");
	free(a.body);
	/* An id taken. */
	a = fxw_post(&home, &cfg, "/volunteers/new",
	    (const char *const[]){"id", "v-001", "name", "X", "joined",
		"2026-01-01", "active", "yes", NULL},
	    &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-id\">The registry already has a volunteer with this id.");
	free(a.body);
	ck_assert_int_eq(count(), 3);
	ck_assert_int_eq(fx_count(fed.sa,
			     "SELECT count(*) FROM volunteers WHERE name = 'X'"),
	    0);
}
END_TEST

START_TEST(test_a_volunteer_is_added_and_changed_through_the_form)
{
	const char *form[64];
	size_t n = 0;
	fxw_answer a = fxw_post(&home, &cfg, "/volunteers/new", good, &admin);

	ck_assert_uint_eq(a.status, 303);
	ck_assert_str_eq(a.location, "/volunteers/v-100");
	free(a.body);
	ck_assert_int_eq(count(), 4);
	ck_assert_int_eq(fx_count(fed.sa,
			     "SELECT count(*) FROM volunteers WHERE id = 'v-100' AND "
			     "skills = 'driving;first aid' AND areas = "
			     "'elderly_care;health_prevention' AND hours_per_month = 8 "
			     "AND birth_year = 1990 AND active = 1"),
	    1);
	a = fxw_get(&home, &cfg, "/volunteers/v-100", &admin);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "Ane Sørensen");
	FXW_HAS(a, "ane@example.dk");
	FXW_HAS(a, "href=\"/volunteers/v-100/erase\"");
	free(a.body);
	/* The edit form has the values; a change is written. */
	a = fxw_get(&home, &cfg, "/volunteers/v-100/edit", &admin);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "name=\"id\" readonly value=\"v-100\"");
	FXW_HAS(a, "name=\"skills\" value=\"driving;first aid\"");
	FXW_HAS(a, "<option value=\"yes\" selected>");
	free(a.body);
	for (size_t i = 0; good[i]; i += 2) {
		form[n++] = good[i];
		form[n++] = strcmp(good[i], "active") == 0 ? "no" : good[i + 1];
	}
	form[n] = NULL;
	a = fxw_post(&home, &cfg, "/volunteers/v-100/edit", form, &admin);
	ck_assert_uint_eq(a.status, 303);
	free(a.body);
	ck_assert_int_eq(fx_count(fed.sa,
			     "SELECT active FROM volunteers WHERE id = 'v-100'"),
	    0);
	/* The id cannot change, and nothing is written then. */
	for (size_t i = 0; form[i]; i += 2)
		if (strcmp(form[i], "id") == 0)
			form[i + 1] = "v-101";
		else if (strcmp(form[i], "active") == 0)
			form[i + 1] = "yes";
	a = fxw_post(&home, &cfg, "/volunteers/v-100/edit", form, &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "id=\"e-id\">The id of a record cannot be changed.</p>");
	free(a.body);
	ck_assert_int_eq(fx_count(fed.sa,
			     "SELECT active FROM volunteers WHERE id = 'v-100'"),
	    0);
	ck_assert_int_eq(count(), 4);
	a = fxw_get(&home, &cfg, "/volunteers/nobody/edit", &admin);
	ck_assert_uint_eq(a.status, 404);
	free(a.body);
}
END_TEST

START_TEST(test_a_csv_upload_reports_row_by_row_as_the_cli_does)
{
	static const char csv[] =
	    "id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active\n"
	    "v-200,Bo Berg,1970,,,driving,elderly_care,6,2026-01-05,yes\n"
	    "v-201,Cai Holm,1971,,,,youth,400000,2026-01-05,yes\n"
	    "v-001,Dea Lund,1960,,,driving,elderly_care,12,2024-02-01,no\n"
	    "v-202,Eva,1985,,,,sport,2,2026-01-05,yes\n";
	fxw_answer a;

	/* A dry run writes nothing. */
	a = fxw_post(&home, &cfg, "/volunteers/import",
	    (const char *const[]){"@file", csv, "dry_run", "yes", NULL}, &admin);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "Checked only, nothing written: 2 of 4 rows would be imported: "
		   "1 new, 1 updated, 0 unchanged; 2 rejected.");
	free(a.body);
	ck_assert_int_eq(count(), 3);
	a = fxw_post(&home, &cfg, "/volunteers/import",
	    (const char *const[]){"@file", csv, NULL}, &admin);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "Imported 2 of 4 rows: 1 new, 1 updated, 0 unchanged; 2 rejected.");
	FXW_HAS(a, "2 rows were rejected and left out (listed below)");
	/* Line, id and why, in the reader's words and the CLI's. */
	FXW_HAS(a, "<td data-label=\"Line\">3</td><td data-label=\"Id\">v-201</td>");
	FXW_HAS(a, "Hours a month: Write whole hours from 0 to 744.");
	FXW_HAS(a, "hours_per_month: &#39;400000&#39; is not a whole number");
	FXW_HAS(a, "<td data-label=\"Line\">5</td><td data-label=\"Id\">v-202</td>");
	FXW_HAS(a, "Areas: Choose areas from the list.");
	free(a.body);
	ck_assert_int_eq(count(), 4);
	ck_assert_int_eq(fx_count(fed.sa, "SELECT count(*) FROM volunteers WHERE id = 'v-001' AND "
					  "name = 'Dea Lund' AND active = 0"),
	    1);
	/* A file that is no CSV is refused whole, nothing written. */
	a = fxw_post(&home, &cfg, "/volunteers/import",
	    (const char *const[]){"@file", "name,colour\nx,y\n", NULL}, &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "The file was refused and nothing was imported:");
	FXW_HAS(a, "unknown column");
	free(a.body);
	a = fxw_post(&home, &cfg, "/volunteers/import",
	    (const char *const[]){NULL}, &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "Choose a file to send.");
	free(a.body);
	ck_assert_int_eq(count(), 4);
	a = fxw_get(&home, &cfg, "/volunteers/import", &admin);
	FXW_HAS(a, "enctype=\"multipart/form-data\"");
	FXW_HAS(a, "id,name,birth_year,email,phone,skills,areas,hours_per_month,"
		   "joined,active");
	free(a.body);
}
END_TEST

START_TEST(test_a_registry_that_cannot_be_read_or_written_is_said_so)
{
	static const char csv[] =
	    "id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active\n"
	    "v-200,Bo Berg,1970,,,driving,elderly_care,6,2026-01-05,yes\n";
	fxw_answer a;

	/* Writing fails: 500, nothing saved, said as such. */
	fx_exec(fed.sa, "PRAGMA query_only = ON");
	a = fxw_post(&home, &cfg, "/volunteers/new", good, &admin);
	ck_assert_uint_eq(a.status, 500);
	FXW_HAS(a, "Nothing was saved: the data cannot be written just now.");
	free(a.body);
	a = fxw_post(&home, &cfg, "/volunteers/import",
	    (const char *const[]){"@file", csv, NULL}, &admin);
	ck_assert_uint_eq(a.status, 500);
	FXW_HAS(a, "Nothing was saved: the data cannot be written just now.");
	free(a.body);
	fx_exec(fed.sa, "PRAGMA query_only = OFF");
	ck_assert_int_eq(count(), 3);
	/* Reading fails: the list is no half table answered 200. */
	fx_exec(fed.sa, "ALTER TABLE volunteers RENAME TO volunteers_gone");
	a = fxw_get(&home, &cfg, "/volunteers", &admin);
	ck_assert_uint_eq(a.status, 500);
	FXW_HAS(a, "The data cannot be read just now.");
	FXW_LACKS(a, "<table>");
	free(a.body);
	/* With a search, whose folded words are freed on the way out too. */
	a = fxw_ask(&home, &cfg, "GET", "/volunteers",
	    (const char *const[]){"q", "driv", NULL}, NULL, &admin);
	ck_assert_uint_eq(a.status, 500);
	free(a.body);
}
END_TEST

START_TEST(test_export_gives_everything_held_on_the_person)
{
	fxw_answer a = fxw_get(&home, &cfg, "/volunteers/v-001/export.json", &admin);
	json_t *doc;

	ck_assert_uint_eq(a.status, 200);
	ck_assert_str_eq(a.type, "application/json; charset=utf-8");
	ck_assert_str_eq(a.disposition,
	    "attachment; filename=\"volunteer-v-001.json\"");
	doc = json_loads(a.body, 0, NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "controller")),
	    "Middelfart Kommune");
	json_t *v = json_object_get(doc, "volunteer");
	ck_assert_str_eq(json_string_value(json_object_get(v, "id")), "v-001");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "birth_year")), 1961);
	ck_assert_int_eq(json_array_size(json_object_get(v, "skills")), 2);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(doc, "shared")),
	    "stays on this node"));
	json_decref(doc);
	free(a.body);
	a = fxw_get(&home, &cfg, "/volunteers/v-001/export.csv", &admin);
	ck_assert_uint_eq(a.status, 200);
	ck_assert_str_eq(a.type, "text/csv; charset=utf-8");
	ck_assert_str_eq(a.body,
	    "id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,"
	    "active\r\nv-001,Test Person,1961,,,driving;cooking,elderly_care,12,"
	    "2024-02-01,yes\r\n");
	/* What it gives is read back by the import as it stands. */
	fxw_answer b = fxw_post(&home, &cfg, "/volunteers/import",
	    (const char *const[]){"@file", a.body, NULL}, &admin);
	FXW_HAS(b, "Imported 1 of 1 rows: 0 new, 0 updated, 1 unchanged; 0 rejected.");
	free(b.body);
	free(a.body);
	a = fxw_get(&home, &cfg, "/volunteers/nobody/export.json", &admin);
	ck_assert_uint_eq(a.status, 404);
	free(a.body);
}
END_TEST

START_TEST(test_erasure_needs_the_confirmation)
{
	fxw_answer a = fxw_get(&home, &cfg, "/volunteers/v-002/erase", &admin);

	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "removes everything held on them from this node for good");
	FXW_HAS(a, "name=\"confirm\" value=\"yes\"");
	free(a.body);
	/* Without the box ticked: the form again, nothing erased. */
	a = fxw_post(&home, &cfg, "/volunteers/v-002/erase",
	    (const char *const[]){NULL}, &admin);
	ck_assert_uint_eq(a.status, 400);
	FXW_HAS(a, "<p class=\"field-error\" id=\"e-confirm\">Tick the box to "
		   "confirm the erasure.</p>");
	free(a.body);
	a = fxw_post(&home, &cfg, "/volunteers/v-002/erase",
	    (const char *const[]){"confirm", "no", NULL}, &admin);
	ck_assert_uint_eq(a.status, 400);
	free(a.body);
	ck_assert_int_eq(count(), 3);
	a = fxw_post(&home, &cfg, "/volunteers/v-002/erase",
	    (const char *const[]){"confirm", "yes", NULL}, &admin);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "Volunteer v-002 has been erased.");
	free(a.body);
	ck_assert_int_eq(count(), 2);
	ck_assert_int_eq(fx_count(fed.sa,
			     "SELECT count(*) FROM volunteers WHERE id = 'v-002'"),
	    0);
	a = fxw_get(&home, &cfg, "/volunteers/v-002", &admin);
	ck_assert_uint_eq(a.status, 404);
	free(a.body);
	a = fxw_post(&home, &cfg, "/volunteers/v-002/erase",
	    (const char *const[]){"confirm", "yes", NULL}, &admin);
	ck_assert_uint_eq(a.status, 404);
	free(a.body);
}
END_TEST

START_TEST(test_an_open_need_of_ours_lists_the_volunteers_who_could_answer)
{
	char path[160];
	fxw_answer a;

	snprintf(path, sizeof(path), "/needs/%s/drivers", fpr_a);
	a = fxw_get(&home, &cfg, path, &admin);
	ck_assert_uint_eq(a.status, 200);
	FXW_HAS(a, "/drivers/volunteers\">Volunteers who could answer</a>");
	free(a.body);
	snprintf(path, sizeof(path), "/needs/%s/drivers/volunteers", fpr_a);
	a = fxw_get(&home, &cfg, path, &admin);
	ck_assert_uint_eq(a.status, 200);
	/* v-001 drives and works in elderly_care: 3 + 2 + 12/20; v-003 is
	 * not active; v-002 shares nothing. */
	FXW_HAS(a, "<a href=\"/volunteers/v-001\">Test Person</a>");
	FXW_HAS(a, "<td data-label=\"Score\">5.60</td>");
	FXW_HAS(a, "<td data-label=\"Skills it asks for\">driving</td>");
	FXW_HAS(a, "<td data-label=\"Areas in common\">Care for older people</td>");
	FXW_LACKS(a, "v-003");
	FXW_LACKS(a, "v-002");
	free(a.body);
	/* A partner's need: its volunteers are the partner's. */
	snprintf(path, sizeof(path), "/needs/%s/their-drivers", fpr_b);
	a = fxw_get(&home, &cfg, path, &admin);
	ck_assert_uint_eq(a.status, 200);
	FXW_LACKS(a, "Volunteers who could answer");
	free(a.body);
	snprintf(path, sizeof(path), "/needs/%s/their-drivers/volunteers", fpr_b);
	a = fxw_get(&home, &cfg, path, &admin);
	ck_assert_uint_eq(a.status, 404);
	FXW_LACKS(a, "v-001");
	free(a.body);
	snprintf(path, sizeof(path), "/practices/%s/x/volunteers", fpr_a);
	a = fxw_get(&home, &cfg, path, &admin);
	ck_assert_uint_eq(a.status, 404);
	free(a.body);
}
END_TEST

START_TEST(test_a_closed_need_has_no_volunteers_to_find)
{
	char path[160];
	fxw_answer a;

	need(fed.sa, fed.a, "drivers", "closed");
	snprintf(path, sizeof(path), "/needs/%s/drivers", fpr_a);
	a = fxw_get(&home, &cfg, path, &admin);
	ck_assert_uint_eq(a.status, 200);
	FXW_LACKS(a, "Volunteers who could answer");
	free(a.body);
	snprintf(path, sizeof(path), "/needs/%s/drivers/volunteers", fpr_a);
	a = fxw_get(&home, &cfg, path, &admin);
	ck_assert_uint_eq(a.status, 404);
	free(a.body);
}
END_TEST

Suite *
web_volunteer_suite(void)
{
	Suite *s = suite_create("web_volunteer");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_only_an_admin_gets_the_volunteer_pages);
	tcase_add_test(tc, test_the_list_shows_the_registry_and_filters_it);
	tcase_add_test(tc,
	    test_a_wrong_value_is_told_at_its_field_in_the_readers_language);
	tcase_add_test(tc, test_a_volunteer_is_added_and_changed_through_the_form);
	tcase_add_test(tc, test_a_csv_upload_reports_row_by_row_as_the_cli_does);
	tcase_add_test(tc, test_a_registry_that_cannot_be_read_or_written_is_said_so);
	tcase_add_test(tc, test_export_gives_everything_held_on_the_person);
	tcase_add_test(tc, test_erasure_needs_the_confirmation);
	tcase_add_test(tc,
	    test_an_open_need_of_ours_lists_the_volunteers_who_could_answer);
	tcase_add_test(tc, test_a_closed_need_has_no_volunteers_to_find);
	suite_add_tcase(s, tc);
	return s;
}
