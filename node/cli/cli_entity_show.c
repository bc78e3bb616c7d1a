/*
 * cli_entity_show.c: `samverk practice show` and `samverk need show`: one
 * entity in full, for people or as JSON. See cli_entity_show.h.
 */
#include "cli_entity_show.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli_entity-int.h"
#include "cli_node.h"
#include "report.h"
#include "view.h"

/* What show_cb fills in. */
struct shown {
	svk_home *home;
	json_t *arr; /* the entity's row as the JSON report gives it */
};

static int
show_cb(void *arg, const svk_entity *e)
{
	struct shown *l = arg;
	l->arr = svk_report_entity(l->home, e);
	return l->arr ? 0 : -ENOMEM;
}

static void
print_text(const char *label, const char *text)
{
	if (text && text[0])
		printf("%-18s %s\n", label, text);
}

static void
print_list(const char *label, json_t *arr)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (json_is_string(v))
			printf("%-18s %s\n", i == 0 ? label : "",
			    json_string_value(v));
		else if (json_is_object(v)) {
			const char *key;
			json_t *f;
			printf("%-18s", i == 0 ? label : "");
			json_object_foreach(v, key, f) {
				if (json_is_string(f))
					printf(" %s: %s;", key, json_string_value(f));
			}
			printf("\n");
		}
	}
}

int
svk_cli_entity_show(svk_cli *cli, int kind, int argc, char **argv,
    const svk_cli_entity_more *more)
{
	const struct svk__cli_entity_kind *k = svk__cli_entity_kind(kind);
	char text[512];
	bool json = false;
	const svk_cli_opt opts[] = {
	    {"json", 0, SVK_CLI_FLAG, &json, NULL, "as a JSON object", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {"[ORIGIN/]ID", text, opts};
	struct shown l = {0};
	svk_cli_found f;
	uint8_t origin[SVK_KEY_LEN];
	Samverk__Body *body = NULL;
	json_t *doc = NULL;
	const char *id;
	int first, rc, err;

	snprintf(text, sizeof(text),
	    "Shows one %s in full. Without ORIGIN, this node's own comes first.\n",
	    k->word);
	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0 ||
	    (rc = svk_cli_opt_operands(argc, first, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((l.home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (svk_cli_resolve(l.home, k->kind, argv[first], origin, &id) != 0 ||
	    svk_cli_find(l.home, k->kind, origin, id, &f) != 0)
		goto out;
	if (!f.any) {
		svk_cli_error("no %s '%s' here; see 'samverk %s list'", k->word,
		    argv[first], k->word);
		goto out;
	}
	if ((err = svk_view_get(l.home->store, k->kind, origin, id, show_cb, &l)) != 0 ||
	    (err = svk_view_body(l.home->store, f.entry, &body)) != 0) {
		svk_cli_error("cannot read the %s: %s", k->word, svk_error_str(err));
		goto out;
	}
	void *msg = k->get(body);
	if (msg == NULL || (doc = k->json(msg)) == NULL) {
		/* A retraction is the entry in force: the row says what it was. */
		doc = json_object();
	}
	(void)json_object_update_missing(l.arr, doc);
	if (more) {
		json_t *extra = NULL;
		if ((err = more->add(l.home, origin, id, msg, &extra)) != 0) {
			svk_cli_error("cannot read the %s: %s", more->key,
			    svk_error_str(err));
			goto out;
		}
		(void)json_object_set_new(l.arr, more->key, extra);
	}
	if (json) {
		rc = svk_cli_print_json(l.arr);
		l.arr = NULL;
		goto out;
	}
	const char *key;
	json_t *v;
	json_object_foreach(l.arr, key, v) {
		if (more && strcmp(key, more->key) == 0)
			continue; /* after the rest, in a shape of its own */
		if (json_is_string(v))
			print_text(key, json_string_value(v));
		else if (json_is_array(v))
			print_list(key, v);
		else if (json_is_integer(v))
			printf("%-18s %lld\n", key, (long long)json_integer_value(v));
		else if (json_is_true(v))
			printf("%-18s yes\n", key);
	}
	if (more)
		more->print(json_object_get(l.arr, more->key));
	rc = 0;
out:
	json_decref(doc);
	json_decref(l.arr);
	if (body)
		samverk__body__free_unpacked(body, NULL);
	svk_home_close(l.home);
	return rc;
}
