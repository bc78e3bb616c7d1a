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
#include "cli_template.h"
#include "report.h"
#include "report_adoption.h"
#include "view.h"

/* The "adoptions" of practice show: report_adoption.c's. */
static int
adoptions(svk_home *home, const uint8_t *origin, const char *id,
    const void *practice, json_t **out)
{
	return svk_report_adoptions(home, origin, id, practice, out);
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
