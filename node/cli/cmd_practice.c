/*
 * cmd_practice.c: `samverk practice ...`: the practices this node publishes
 * and those its partners share (cli_entity.c does what needs do alike);
 * `practice show` adds every member's adoption of the practice.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adoption.h"
#include "cli.h"
#include "cli_entity.h"
#include "cli_template.h"
#include "report.h"
#include "view.h"

/* show: every member's adoption of the practice shown. */
struct adopters {
	svk_home *home;
	const char *ref; /* the adoption id: "ORIGIN/practice-id" */
	const Samverk__Practice *practice; /* NULL when it was retracted */
	json_t *arr;
};

static json_t *
adoption_json(struct adopters *a, const svk_entity *e, const Samverk__Adoption *ad)
{
	json_t *base = svk_report_entity(a->home, e);
	json_t *kept = json_array(), *missing = json_array();
	json_t *adapted = json_array(), *o = NULL;
	const char **names = NULL;
	size_t n_missing = 0;

	if (!base || !kept || !missing || !adapted)
		goto out;
	for (size_t i = 0; i < ad->n_kept; i++)
		if (json_array_append_new(kept, json_string(ad->kept[i])) != 0)
			goto out;
	if (a->practice &&
	    (names = calloc(a->practice->n_core_elements + 1, sizeof(*names))) == NULL)
		goto out;
	if (a->practice)
		svk_adoption_missing(a->practice, ad, names, &n_missing);
	for (size_t i = 0; i < n_missing; i++)
		if (json_array_append_new(missing, json_string(names[i])) != 0)
			goto out;
	for (size_t i = 0; i < ad->n_adapted; i++)
		if (json_array_append_new(adapted,
			json_pack("{s:s, s:s}", "element", ad->adapted[i]->element,
			    "how", ad->adapted[i]->how)) != 0)
			goto out;
	/* O takes a reference of its own: base, kept ... are released below. */
	o = json_pack("{s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:s, s:O, s:O}",
	    "adopter", json_object_get(base, "origin"), "adopter_name",
	    json_object_get(base, "origin_name"), "country",
	    json_object_get(base, "country"), "status", ad->status, "kept", kept,
	    "missing", missing, "adapted", adapted, "note", ad->note, "updated",
	    json_object_get(base, "updated"), "seq", json_object_get(base, "seq"));
out:
	free(names);
	json_decref(base);
	json_decref(kept);
	json_decref(missing);
	json_decref(adapted);
	return o;
}

static int
adopter_cb(void *arg, const svk_entity *e)
{
	struct adopters *a = arg;
	Samverk__Body *body = NULL;
	int err;

	if (strcmp(e->id, a->ref) != 0)
		return 0;
	if ((err = svk_view_body(a->home->store, e->entry, &body)) != 0)
		return err;
	if (body->payload_case != SAMVERK__BODY__PAYLOAD_ADOPTION)
		err = SVK_ECORRUPT;
	else if (json_array_append_new(a->arr, adoption_json(a, e, body->adoption)) != 0)
		err = -ENOMEM;
	samverk__body__free_unpacked(body, NULL);
	return err;
}

/* The "adoptions" array of practice show: each member's, newest first. */
static int
adoptions(svk_home *home, const uint8_t *origin, const char *id,
    const void *practice, json_t **out)
{
	char ref[SVK_FPR_LEN + 80];
	struct adopters a = {home, ref, practice, json_array()};
	svk_query q = {.kind = SVK_KIND_ADOPTION};
	int err;

	svk_crypto_fingerprint_bare(origin, ref);
	snprintf(ref + strlen(ref), sizeof(ref) - strlen(ref), "/%s", id);
	if (a.arr == NULL)
		return -ENOMEM;
	if ((err = svk_view_list(home->store, &q, adopter_cb, &a)) != 0) {
		json_decref(a.arr);
		return err;
	}
	*out = a.arr;
	return 0;
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
