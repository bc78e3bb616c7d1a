/*
 * cmd_practice.c: `samverk practice ...`: the practices this node publishes
 * and those its partners share (cli_entity.c does what needs do alike);
 * `practice show` adds every member's adoption of the practice.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_entity.h"
#include "cli_entity_show.h"
#include "cli_template.h"
#include "report.h"
#include "report_adoption.h"
#include "view.h"

/* The "adoptions" of practice show: report_adoption.c's. */
static int
adoptions(svk_home *home, const uint8_t *origin, const char *id,
    const void *practice, json_t **out)
{
	return svk_report_adoption_list(home, origin, id, practice, out);
}

static void
print_strings(const char *label, json_t *arr)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		printf("%-18s   %-9s %s\n", "", i == 0 ? label : "",
		    json_string_value(v));
}

/* One adoption's follow-ups, side by side in time: fidelity to the core,
 * each element that was not kept, results against the baseline, lessons. */
static void
print_follow_ups(json_t *arr)
{
	size_t i, j;
	json_t *fu, *v;

	json_array_foreach(arr, i, fu) {
		json_t *fid = json_object_get(fu, "fidelity");
		long long months = json_integer_value(json_object_get(fu, "months"));
		char when[32];
		if (months > 0)
			snprintf(when, sizeof(when), "%lld months", months);
		else
			snprintf(when, sizeof(when), "follow-up");
		printf("%-18s   %-9s %s (%s): kept %lld, adapted %lld, dropped %lld "
		       "of %lld core elements\n",
		    "", i == 0 ? "followed" : "", when, svk_cli_str(fu, "date"),
		    (long long)json_integer_value(json_object_get(fid, "kept")),
		    (long long)json_integer_value(json_object_get(fid, "adapted")),
		    (long long)json_integer_value(json_object_get(fid, "dropped")),
		    (long long)json_integer_value(json_object_get(fid, "of")));
		json_array_foreach(json_object_get(fu, "elements"), j, v)
			if (strcmp(svk_cli_str(v, "state"), "kept") != 0)
				printf("%-18s   %-9s   %s %s: %s\n", "", "",
				    svk_cli_str(v, "state"),
				    svk_cli_str(v, "element"),
				    svk_cli_str(v, "note"));
		json_array_foreach(json_object_get(fu, "results"), j, v) {
			json_t *b = json_object_get(v, "baseline");
			printf("%-18s   %-9s   %s: %g %s", "", "",
			    svk_cli_str(v, "name"),
			    json_number_value(json_object_get(v, "value")),
			    svk_cli_str(v, "unit"));
			if (b != NULL)
				printf(" (baseline %g)", json_number_value(b));
			putchar('\n');
		}
		if (svk_cli_str(fu, "lessons")[0])
			printf("%-18s   %-9s   lessons: %s\n", "", "",
			    svk_cli_str(fu, "lessons"));
	}
}

/* The adoptions of practice show, for people. */
static void
print_adoptions(json_t *arr)
{
	size_t i, j;
	json_t *ad, *v;

	json_array_foreach(arr, i, ad) {
		const char *name = svk_cli_str(ad, "adopter_name");
		const char *country = svk_cli_str(ad, "country");
		printf("%-18s %s%s%s: %s (updated %s)\n", i == 0 ? "adoptions" : "",
		    name[0] ? name : svk_cli_str(ad, "adopter"),
		    country[0] ? ", " : "", country, svk_cli_str(ad, "status"),
		    svk_cli_str(ad, "updated"));
		print_strings("kept", json_object_get(ad, "kept"));
		print_strings("without", json_object_get(ad, "missing"));
		json_array_foreach(json_object_get(ad, "adapted"), j, v)
			printf("%-18s   %-9s %s: %s\n", "", j == 0 ? "adapted" : "",
			    svk_cli_str(v, "element"), svk_cli_str(v, "how"));
		if (svk_cli_str(ad, "note")[0])
			printf("%-18s   %-9s %s\n", "", "note",
			    svk_cli_str(ad, "note"));
		if (svk_cli_str(ad, "started")[0])
			printf("%-18s   %-9s %s\n", "", "started",
			    svk_cli_str(ad, "started"));
		print_follow_ups(json_object_get(ad, "follow_ups"));
	}
}

static const svk_cli_entity_more adoptions_more = {
    "adoptions", adoptions, print_adoptions};

static int
add(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_author(cli, SVK_KIND_PRACTICE, argc, argv, false);
}

static int
update(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_author(cli, SVK_KIND_PRACTICE, argc, argv, true);
}

static int
retract(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_retract(cli, SVK_KIND_PRACTICE, argc, argv);
}

static int
list(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_list(cli, SVK_KIND_PRACTICE, argc, argv, false);
}

static int
show(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_show(cli, SVK_KIND_PRACTICE, argc, argv, &adoptions_more);
}

static int
search(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_list(cli, SVK_KIND_PRACTICE, argc, argv, true);
}

static int template(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_template_run(cli, SVK_KIND_PRACTICE, argc, argv);
}

int
svk_cmd_practice(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"add", add, "publish a practice from a JSON file"},
	    {"update", update, "publish a new version of a practice"},
	    {"retract", retract, "withdraw a practice"},
	    {"list", list, "list the practices held, own and partners'"},
	    {"show", show, "show one practice in full"},
	    {"search", search, "search practices in every language"},
	    {"template", template, "write a commented starting file for a practice"},
	    {NULL, NULL, NULL},
	};
	static const svk_cmd_group group = {"practice", NULL, NULL, table};

	return svk_cli_dispatch(cli, &group, argc, argv);
}
