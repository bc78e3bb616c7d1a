/*
 * cmd_volunteer.c: `samverk volunteer ...`: the municipality's registry of
 * its volunteers. Personal data: it stays in this node's store, nothing here
 * publishes or sends it (see store/registry.h). import and add check every
 * field the same way; erase removes a person for good; export gives a person
 * everything held on them (GDPR arts. 15 and 17).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "report_volunteer.h"
#include "fold.h"
#include "log.h"
#include "registry.h"

/* Options the volunteer commands share; each command takes those it names. */
struct opts {
	bool json;
	bool dry_run;
	bool scrub;
	const char *field[SVK_VOLUNTEER_FIELDS]; /* add: --id ... --active */
	int first; /* index of the first operand in argv */
};

/* The options of add, in the order of svk_volunteer_fields. */
static const char *const flags[SVK_VOLUNTEER_FIELDS] = {"--id", "--name",
    "--birth-year", "--email", "--phone", "--skills", "--areas", "--hours",
    "--joined", "--active"};
static const char *const field_args[SVK_VOLUNTEER_FIELDS] = {"ID", "NAME", "YEAR",
    "ADDRESS", "NUMBER", "A;B", "AREA;AREA", "N", "YYYY-MM-DD", "yes|no"};
static const char *const field_help[SVK_VOLUNTEER_FIELDS] = {
    "the volunteer's id in this registry", "the volunteer's name", "the year of birth",
    "an e-mail address", "a phone number", "skills, separated by ';'",
    "policy areas, separated by ';'", "hours per month (default 0)",
    "the day they joined", "whether they are active (default yes)"};

/* Parses the options allowed (a string of the letters j d s f: --json,
 * --dry-run, --scrub, the fields of add, in the order the usage shows
 * them) and checks the operand count. */
static int
parse(int argc, char **argv, const char *operands, const char *text,
    const char *allowed, struct opts *o, int min, int max)
{
	svk_cli_opt opts[SVK_VOLUNTEER_FIELDS + 4];
	svk_cli_usage usage = {operands, text, opts};
	size_t n = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	for (const char *c = allowed; *c; c++) {
		if (*c == 'j')
			opts[n++] = (svk_cli_opt){"json", 0, SVK_CLI_FLAG,
			    &o->json, NULL, "the result as JSON", false};
		else if (*c == 'd')
			opts[n++] = (svk_cli_opt){"dry-run", 0, SVK_CLI_FLAG,
			    &o->dry_run, NULL, "check and report, write nothing",
			    false};
		else if (*c == 's')
			opts[n++] = (svk_cli_opt){"scrub", 0, SVK_CLI_FLAG, &o->scrub,
			    NULL, "finish an erasure a busy store held up", false};
		else if (*c == 'f')
			for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
				opts[n++] = (svk_cli_opt){flags[k] + 2, 0,
				    SVK_CLI_STRING, &o->field[k], field_args[k],
				    field_help[k], k < 2 || k == 8};
	}
	opts[n] = (svk_cli_opt)SVK_CLI_END;
	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &o->first)) != 0)
		return rc;
	return svk_cli_opt_operands(argc, o->first, min, max);
}

/* --- import ------------------------------------------------------------- */

/* A value from a file goes to the terminal only when it holds no control
 * characters (line breaks, escape sequences). */
static bool
printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* The rows the import refused, one a line. */
static void
print_rejected(json_t *rejected)
{
	size_t i;
	json_t *r;

	json_array_foreach(rejected, i, r) {
		const char *id = json_string_value(json_object_get(r, "id"));
		const char *why = json_string_value(json_object_get(r, "reason"));
		size_t line = (size_t)json_integer_value(json_object_get(r, "line"));
		if (id && id[0] != '\0' && svk_fold_utf8_valid(id, strlen(id)) &&
		    printable(id))
			printf("line %zu: %s: %s\n", line, id, why);
		else
			printf("line %zu: %s\n", line, why);
	}
}

static int
import(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Reads volunteers from a CSV file with the columns (in any order)\n"
	    "  id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active\n"
	    "as in shared/data/volunteers.csv, and adds them to this node's\n"
	    "registry, replacing those with the same id. Rows with a mistake are\n"
	    "listed with their line number and why, and left out; the others are\n"
	    "imported (the exit status is then 1). Columns separated by ';' are\n"
	    "read when the header line is (Excel's CSV where the decimal mark is\n"
	    "a comma: a list of skills or areas is then quoted), or after an\n"
	    "Excel 'sep=;' line; hours may be written 16,0. A file that is not\n"
	    "CSV text (not UTF-8, no header line) is refused and nothing is\n"
	    "written.\n"
	    "--dry-run checks and reports without writing. The registry never\n"
	    "leaves this node.\n";
	struct opts o;
	svk_home *home = NULL;
	json_t *doc = NULL;
	char why[512], *text;
	size_t len;
	int rc, err;

	if ((rc = parse(argc, argv, "FILE.csv", help, "dj", &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	const char *path = argv[o.first];
	if ((text = svk_cli_read_file(path, SVK_REGISTRY_MAX_FILE, &len)) == NULL)
		return 1;
	rc = 1;
	if ((home = svk_cli_open(cli)) == NULL)
		goto out;
	err = svk_report_volunteer_import(home->store, path, text, len, o.dry_run,
	    &doc, why, sizeof(why));
	if (err == SVK_EINVAL) {
		svk_cli_error("%s: %s; nothing imported", path, why);
		goto out;
	}
	if (err != 0) {
		svk_cli_error("cannot import %s: %s; nothing imported", path,
		    svk_error_str(err));
		goto out;
	}
	size_t rows = (size_t)json_integer_value(json_object_get(doc, "rows"));
	size_t good = (size_t)json_integer_value(json_object_get(doc, "imported"));
	size_t rejected = rows - good;
	if (o.json) {
		rc = svk_cli_print_json(doc) != 0;
		doc = NULL;
		if (rc != 0)
			goto out;
	} else {
		print_rejected(json_object_get(doc, "rejected"));
		printf("%s %zu of %zu rows: %lld new, %lld updated, %lld unchanged; "
		       "%zu rejected\n",
		    o.dry_run ? "would import" : "imported", good, rows,
		    (long long)json_integer_value(json_object_get(doc, "created")),
		    (long long)json_integer_value(json_object_get(doc, "updated")),
		    (long long)json_integer_value(json_object_get(doc, "unchanged")),
		    rejected);
	}
	rc = 1;
	if (rejected > 0) {
		svk_cli_error("%zu of %zu rows rejected (listed above)%s",
		    rejected, rows,
		    good == 0 ? "; nothing imported" :
		    o.dry_run ? "" :
				"; the others were imported");
		goto out;
	}
	rc = 0;
out:
	json_decref(doc);
	free(text);
	svk_home_close(home);
	return rc;
}

/* --- add ---------------------------------------------------------------- */

static int
add(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Adds one volunteer to this node's registry, checked as 'volunteer\n"
	    "import' checks a row. --hours is hours per month (default 0),\n"
	    "--active defaults to yes. The registry never leaves this node.\n";
	static const char *const defaults[SVK_VOLUNTEER_FIELDS] = {
	    NULL,
	    NULL,
	    "",
	    "",
	    "",
	    "",
	    "",
	    "0",
	    NULL,
	    "yes",
	};
	char *fields[SVK_VOLUNTEER_FIELDS] = {0}, why[512];
	struct opts o;
	svk_volunteer v;
	svk_home *home = NULL;
	int rc, err;

	if ((rc = parse(argc, argv, NULL, help, "f", &o, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		if (o.field[k] == NULL && defaults[k] == NULL)
			return svk_cli_error_usage("%s is needed", flags[k]);
	rc = 1;
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++) {
		const char *s = o.field[k] ? o.field[k] : defaults[k];
		if (!svk_fold_utf8_valid(s, strlen(s))) {
			svk_cli_error("%s is not UTF-8 text", flags[k]);
			goto out;
		}
		if ((fields[k] = strdup(s)) == NULL) {
			svk_cli_error("out of memory");
			goto out;
		}
	}
	if (svk_volunteer_parse(fields, &v, why, sizeof(why)) != 0) {
		/* The reason names the column; say the option instead. */
		int k = svk_volunteer_field_of(why);
		if (k >= 0)
			svk_cli_error("%s%s", flags[k], strchr(why, ':'));
		else
			svk_cli_error("%s", why);
		goto out;
	}
	if ((home = svk_cli_open(cli)) == NULL)
		goto out;
	err = svk_registry_add(home->store, &v);
	if (err == SVK_EEXISTS) {
		svk_cli_error("volunteer '%s' exists already; change it with "
			      "'samverk volunteer import FILE.csv'",
		    v.id);
		goto out;
	}
	if (err != 0) {
		svk_cli_error("cannot add the volunteer: %s", svk_error_str(err));
		goto out;
	}
	printf("added volunteer %s\n", v.id);
	rc = 0;
out:
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		free(fields[k]);
	svk_home_close(home);
	return rc;
}

/* --- list, show, export --------------------------------------------------- */

static int
list_cb(void *arg, const svk_volunteer *v)
{
	svk_cli_rows *l = arg;

	l->rows++;
	if (l->arr != NULL)
		return json_array_append_new(l->arr, svk_report_volunteer_json(v)) == 0 ?
			   0 :
			   -ENOMEM;
	printf("%-10s ", v->id);
	svk_cli_pad(v->name, 28);
	printf(" %-3s %3uh/month  joined %s  %s\n", v->active ? "yes" : "no",
	    v->hours_per_month, v->joined, v->areas[0] ? v->areas : "-");
	return 0;
}

static int
list_each(svk_home *home, svk_cli_rows *rows)
{
	return svk_registry_each(home->store, list_cb, rows);
}

static int
list(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Lists the volunteers in this node's registry: id, name, active,\n"
	    "hours per month, when they joined, areas.\n";
	struct opts o;
	int rc;

	if ((rc = parse(argc, argv, NULL, help, "j", &o, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	return svk_cli_listing(cli, o.json, list_each, "the registry",
	    "no volunteers yet\n");
}

/* Reports err of reading the volunteer id; 1 when there was one. */
static int
said(int err, const char *id)
{
	if (err == SVK_ENOTFOUND)
		svk_cli_error("no volunteer '%s' here; see 'samverk volunteer list'",
		    id);
	else if (err != 0)
		svk_cli_error("cannot read the registry: %s", svk_error_str(err));
	return err != 0;
}

/* Reads volunteer id as JSON into *doc; reports failures. */
static int
lookup(svk_home *home, const char *id, json_t **doc)
{
	return said(svk_report_volunteer_get(home, id, doc), id);
}

static int
show(svk_cli *cli, int argc, char **argv)
{
	static const char help[] = "Shows one volunteer of this node's registry.\n";
	struct opts o;
	svk_home *home;
	json_t *doc = NULL, *v;
	const char *key;
	int rc;

	if ((rc = parse(argc, argv, "ID", help, "j", &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (lookup(home, argv[o.first], &doc) != 0)
		goto out;
	if (o.json) {
		rc = svk_cli_print_json(doc);
		doc = NULL;
		goto out;
	}
	json_object_foreach(doc, key, v) {
		printf("%-16s ", key);
		if (json_is_string(v))
			printf("%s\n", json_string_value(v));
		else if (json_is_integer(v))
			printf("%lld\n", (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			printf("%s\n", json_is_true(v) ? "yes" : "no");
		else if (json_is_array(v)) {
			size_t i;
			json_t *item;
			json_array_foreach(v, i, item)
				printf("%s%s", i ? ", " : "", json_string_value(item));
			printf("\n");
		} else
			printf("-\n");
	}
	rc = 0;
out:
	json_decref(doc);
	svk_home_close(home);
	return rc;
}

static int export(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Prints, as JSON, everything this node holds on the volunteer ID,\n"
	    "to hand to the person who asks (right of access, GDPR art. 15).\n";
	struct opts o;
	svk_home *home;
	json_t *doc = NULL;
	int rc;

	if ((rc = parse(argc, argv, "ID", help, "", &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (said(svk_report_volunteer_export(home, argv[o.first], &doc),
		argv[o.first]) != 0)
		goto out;
	rc = svk_cli_print_json(doc);
	doc = NULL;
out:
	json_decref(doc);
	svk_home_close(home);
	return rc;
}

/* --- erase ---------------------------------------------------------------- */

static int
erase(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Erases the volunteer ID from this node for good (right to erasure,\n"
	    "GDPR art. 17): the row is overwritten in the database file and in\n"
	    "its write-ahead log, not only hidden. Backups made before keep it.\n"
	    "--scrub finishes an erasure that a busy store kept from completing.\n";
	struct opts o;
	svk_home *home;
	int rc, err;

	if ((rc = parse(argc, argv, "[ID]", help, "s", &o, 0, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.scrub != (argc - o.first == 0))
		return svk_cli_error_usage(o.scrub ? "--scrub takes no ID" :
						     "wrong number of arguments");
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	const char *id = o.scrub ? NULL : argv[o.first];
	err = id ? svk_registry_erase(home->store, id) :
		   svk_registry_scrub(home->store);
	rc = 1;
	if (err == SVK_ENOTFOUND)
		svk_cli_error("no volunteer '%s' here; see 'samverk volunteer list'",
		    id);
	else if (err == -EBUSY)
		svk_cli_error("%s, but another process (the daemon?) kept the store "
			      "busy: an old copy may remain in samverk.db-wal; run "
			      "'samverk volunteer erase --scrub' again",
		    id ? "the volunteer is deleted" : "not finished");
	else if (err != 0)
		svk_cli_error("cannot erase: %s", svk_error_str(err));
	else {
		if (id)
			printf("erased volunteer %s\n", id);
		else
			printf("scrubbed the store\n");
		rc = 0;
	}
	svk_home_close(home);
	return rc;
}

int
svk_cmd_volunteer(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"import", import, "add or update volunteers from a CSV file"},
	    {"add", add, "add one volunteer"},
	    {"list", list, "list the volunteers"},
	    {"show", show, "show one volunteer"},
	    {"export", export, "everything held on one volunteer, as JSON"},
	    {"erase", erase, "erase a volunteer for good"},
	    {NULL, NULL, NULL},
	};
	static const svk_cmd_group group = {"volunteer", NULL, NULL, table};

	return svk_cli_dispatch(cli, &group, argc, argv);
}
