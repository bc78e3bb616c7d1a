/*
 * cmd_match.c: `samverk match`: for this node's open needs, the partners'
 * practices that answer them best, and why; with --practice, the partners'
 * open needs a practice could answer. The ranking is store/match.c's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "match.h"
#include "report.h"
#include "view.h"

#define DEFAULT_LIMIT 5

static const char help[] =
    "For each open need of this node (or the need named), the partners'\n"
    "practices that answer it best, ranked, each with why: the policy areas\n"
    "they share, the need's words found in the practice (in whichever\n"
    "language or translation they matched), and the municipality and\n"
    "country it comes from. With --practice, the other way round: the\n"
    "partners' open needs the practice could answer. With --volunteers,\n"
    "the local volunteers whose skills, areas and hours fit one of this\n"
    "node's needs, with why: that list never leaves this node.\n";

struct out {
	svk_home *home;
	bool json;
	json_t *arr;
	size_t limit;
	size_t reported; /* needs (or practices) reported */
};

static double
rounded(double x)
{
	return (double)(long long)(x * 100 + 0.5) / 100;
}

/* "a,b" as a JSON array; NULL when out of memory. */
static json_t *
list_json(const char *list)
{
	json_t *arr = json_array();
	const char *p = list;

	while (arr && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (json_array_append_new(arr, json_stringn(p, n)) != 0) {
			json_decref(arr);
			return NULL;
		}
		p += n + (comma ? 1 : 0);
	}
	return arr;
}

static bool
mine(svk_home *home, const uint8_t *origin)
{
	return memcmp(origin, svk_crypto_identity_public(home->id), SVK_KEY_LEN) == 0;
}

static json_t *
match_json(svk_home *home, const svk_match *m, size_t rank)
{
	char fpr[SVK_FPR_LEN], ref[SVK_FPR_LEN + 80];
	bool own = mine(home, m->origin);

	svk_crypto_fingerprint(m->origin, fpr);
	snprintf(ref, sizeof(ref), "%s/%s", fpr, m->id);
	json_t *o = json_pack("{s:I, s:f, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
			      "s:o*, s:o*, s:o*, s:I}",
	    "rank", (json_int_t)rank, "score", rounded(m->score), "ref", ref,
	    "origin", fpr, "origin_name", own ? home->name : m->origin_name,
	    "country", own ? home->country : m->origin_country, "id", m->id,
	    "lang", m->lang, "title", m->title, "areas", list_json(m->areas),
	    "shared_areas", list_json(m->shared), "words", list_json(m->words),
	    "title_words", (json_int_t)m->title_words);
	if (o && m->kind == SVK_KIND_NEED)
		(void)json_object_set_new(o, "status", json_string(m->status));
	return o;
}

/* The comma list, with spaces after the commas, for people. */
static void
print_list(const char *label, const char *list)
{
	if (list[0] == '\0')
		return;
	printf("     %-7s ", label);
	for (const char *p = list; *p; p++)
		if (*p == ',')
			fputs(", ", stdout);
		else
			putchar(*p);
	putchar('\n');
}

static void
print_match(svk_home *home, const svk_match *m, size_t rank)
{
	char fpr[SVK_FPR_SHORT_LEN];
	bool own = mine(home, m->origin);
	const char *name = own ? home->name : m->origin_name;
	const char *country = own ? home->country : m->origin_country;

	svk_crypto_fingerprint_short(m->origin, fpr);
	printf("  %zu. %s  [score %.1f]\n", rank, m->title, m->score);
	printf("     %s/%s, %s%s%s\n", fpr, m->id,
	    name[0] ? name : "unknown member", country[0] ? ", " : "", country);
	print_list("areas", m->shared);
	print_list("words", m->words);
}

/* Reports the matches ms of the entity described by about (a JSON object
 * made by svk_report_entity, taken over) under key ("need" or "practice"). */
static int
report(struct out *o, const char *key, json_t *about, const svk_matches *ms)
{
	json_t *arr = NULL, *item = NULL;

	o->reported++;
	if (!o->json) {
		const char *id = json_string_value(json_object_get(about, "id"));
		const char *title = json_string_value(json_object_get(about, "title"));
		printf("%s%s %s: %s\n", o->reported > 1 ? "\n" : "", key,
		    id ? id : "", title ? title : "");
		if (ms->n == 0)
			printf("  nothing of the partners matches yet\n");
		for (size_t i = 0; i < ms->n; i++)
			print_match(o->home, &ms->items[i], i + 1);
		json_decref(about);
		return 0;
	}
	if ((item = json_object()) == NULL) {
		json_decref(about);
		return -ENOMEM;
	}
	/* json_object_set_new takes the value over, also when it fails. */
	if (json_object_set_new(item, key, about) != 0 || (arr = json_array()) == NULL ||
	    json_object_set_new(item, "matches", arr) != 0) {
		json_decref(item);
		return -ENOMEM;
	}
	for (size_t i = 0; i < ms->n; i++)
		if (json_array_append_new(arr,
			match_json(o->home, &ms->items[i], i + 1)) != 0) {
			json_decref(item);
			return -ENOMEM;
		}
	if (o->arr == NULL) {
		o->arr = item; /* --practice: one object */
		return 0;
	}
	return json_array_append_new(o->arr, item) == 0 ? 0 : -ENOMEM;
}

/* What svk_view_get says of an entity, as JSON, and whether it is live. */
struct about {
	svk_home *home;
	json_t *doc;
	bool live;
};

static int
describe_cb(void *arg, const svk_entity *e)
{
	struct about *a = arg;

	a->live = !e->retracted;
	a->doc = svk_report_entity(a->home, e);
	return a->doc ? 0 : -ENOMEM;
}

static int
describe(svk_home *home, int kind, const uint8_t *origin, const char *id,
    json_t **doc, bool *live)
{
	struct about a = {.home = home};
	int err = svk_view_get(home->store, kind, origin, id, describe_cb, &a);

	*doc = a.doc;
	*live = a.live;
	return err;
}

/* Matches one need, or one practice, of kind and reports what it found. */
static int
one(struct out *o, int kind, const uint8_t *origin, const char *id, const char *typed)
{
	const char *word = kind == SVK_KIND_NEED ? "need" : "practice";
	svk_matches ms;
	json_t *doc = NULL;
	bool live = false;
	int err;

	err = describe(o->home, kind, origin, id, &doc, &live);
	if (err == 0 && !live)
		err = SVK_ENOTFOUND;
	if (err == SVK_ENOTFOUND) {
		json_decref(doc);
		svk_cli_error("no %s '%s' here; see 'samverk %s list'", word,
		    typed, word);
		return 1;
	}
	if (err == 0)
		err = kind == SVK_KIND_NEED ?
			  svk_match_need(o->home->store, origin, id, o->limit, &ms) :
			  svk_match_practice(o->home->store, origin, id, o->limit, &ms);
	if (err != 0) {
		json_decref(doc);
		svk_cli_error("cannot match %s '%s': %s", word, typed,
		    svk_error_str(err));
		return 1;
	}
	err = report(o, word, doc, &ms);
	svk_match_list_fini(&ms);
	if (err != 0) {
		svk_cli_error("out of memory");
		return 1;
	}
	return 0;
}

/* The open needs of this node, to match each. */
struct mine {
	size_t n;
	char **ids;
	bool oom;
};

static int
mine_cb(void *arg, const svk_entity *e)
{
	struct mine *m = arg;
	char **grown = realloc(m->ids, (m->n + 1) * sizeof(char *));

	if (grown == NULL || (grown[m->n] = strdup(e->id)) == NULL) {
		if (grown)
			m->ids = grown;
		m->oom = true;
		return -ENOMEM;
	}
	m->ids = grown;
	m->n++;
	return 0;
}

static int
all_mine(struct out *o)
{
	const uint8_t *me = svk_crypto_identity_public(o->home->id);
	struct mine m = {0, NULL, false};
	svk_query q = {.kind = SVK_KIND_NEED, .origin = me, .status = "open"};
	int err, rc = 0;

	if ((err = svk_view_list(o->home->store, &q, mine_cb, &m)) != 0) {
		svk_cli_error("cannot read the store: %s", svk_error_str(err));
		rc = 1;
	}
	for (size_t i = 0; i < m.n && rc == 0; i++)
		rc = one(o, SVK_KIND_NEED, me, m.ids[i], m.ids[i]);
	for (size_t i = 0; i < m.n; i++)
		free(m.ids[i]);
	free(m.ids);
	if (rc == 0 && m.n == 0 && !o->json)
		printf("this node has no open needs; publish one with 'samverk "
		       "need add FILE'\n");
	return rc;
}

int
svk_cmd_match(svk_cli *cli, int argc, char **argv)
{
	struct out o = {.limit = DEFAULT_LIMIT};
	const char *practice = NULL, *limit = NULL, *id;
	bool volunteers = false;
	const svk_cli_opt opts[] = {
	    {"volunteers", 0, SVK_CLI_FLAG, &volunteers, NULL,
		"the local volunteers who could answer NEED (this node's)", false},
	    {"practice", 0, SVK_CLI_STRING, &practice, "[ORIGIN/]PRACTICE",
		"the partners' open needs this practice could answer", false},
	    {"limit", 0, SVK_CLI_STRING, &limit, "N",
		"at most N per need (default 5)", false},
	    {"json", 0, SVK_CLI_FLAG, &o.json, NULL,
		"an array of {\"need\", \"matches\"}; with --practice one object "
		"{\"practice\", \"matches\"}",
		false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {"[[ORIGIN/]NEED]", help, opts};
	uint8_t origin[SVK_KEY_LEN];
	int first, rc;
	long n;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (limit) {
		if ((rc = svk_cli_opt_number("--limit", limit, 1, LONG_MAX,
			 "a positive number", &n)) != 0)
			return rc;
		o.limit = (size_t)n;
	}
	if (volunteers && (practice || argc - first != 1))
		return svk_cli_error_usage("--volunteers takes one of this node's "
					   "needs");
	if (argc - first > (practice ? 0 : 1))
		return svk_cli_error_usage(practice ? "--practice takes no need as well" :
						      "wrong number of arguments");
	if ((o.home = svk_cli_open(cli)) == NULL)
		return 1;
	if (o.json && !practice && !volunteers && (o.arr = json_array()) == NULL) {
		svk_cli_error("out of memory");
		rc = 1;
	} else if (practice) {
		rc = svk_cli_resolve(o.home, SVK_KIND_PRACTICE, practice, origin, &id);
		if (rc == 0)
			rc = one(&o, SVK_KIND_PRACTICE, origin, id, practice);
	} else if (volunteers) {
		rc = svk_cli_resolve(o.home, SVK_KIND_NEED, argv[first], origin, &id);
		if (rc == 0)
			rc = svk_cmd_match_volunteers(o.home, origin, id,
			    argv[first], limit ? o.limit : 0, o.json);
	} else if (first < argc) {
		rc = svk_cli_resolve(o.home, SVK_KIND_NEED, argv[first], origin, &id);
		if (rc == 0)
			rc = one(&o, SVK_KIND_NEED, origin, id, argv[first]);
	} else {
		rc = all_mine(&o);
	}
	if (rc == 0 && o.json && !volunteers) {
		rc = svk_cli_print_json(o.arr);
		o.arr = NULL;
	}
	json_decref(o.arr);
	svk_home_close(o.home);
	return rc;
}
