/*
 * cli_entity.c: the commands `samverk practice ...` and `samverk need ...`
 * share (see cli_entity.h); `show` is cli_entity_show.c's.
 *
 * Practices and needs are both entities: authored as JSON files, signed into
 * the local log, listed, shown, searched and retracted the same way. One
 * descriptor per kind says how they differ; the commands are written once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_entity.h"
#include "cli_entity-int.h"

#include "adoption.h"
#include "author.h"
#include "cli.h"
#include "cli_node.h"
#include "log.h"
#include "report.h"
#include "search_later.h"
#include "view.h"
#include "vocab.h"


static int
practice_parse(const char *text, size_t len, void **msg, char *err, size_t errlen)
{
	return svk_author_practice_parse(text, len, (Samverk__Practice **)msg,
	    err, errlen);
}
static json_t *
practice_json(const void *msg)
{
	return svk_author_json_practice(msg);
}
static const char *
practice_id(const void *msg)
{
	return ((const Samverk__Practice *)msg)->id;
}
static void
practice_set(Samverk__Body *body, void *msg)
{
	body->payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body->practice = msg;
}
static void *
practice_get(const Samverk__Body *body)
{
	return body->payload_case == SAMVERK__BODY__PAYLOAD_PRACTICE ?
		   body->practice :
		   NULL;
}

static int
need_parse(const char *text, size_t len, void **msg, char *err, size_t errlen)
{
	return svk_author_need_parse(text, len, (Samverk__Need **)msg, err, errlen);
}
static json_t *
need_json(const void *msg)
{
	return svk_author_json_need(msg);
}
static const char *
need_id(const void *msg)
{
	return ((const Samverk__Need *)msg)->id;
}
static void
need_set(Samverk__Body *body, void *msg)
{
	body->payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body->need = msg;
}
static void *
need_get(const Samverk__Body *body)
{
	return body->payload_case == SAMVERK__BODY__PAYLOAD_NEED ? body->need : NULL;
}

static const struct svk__cli_entity_kind practice_kind = {SVK_KIND_PRACTICE,
    "practice", "practices", practice_parse, practice_json, practice_id,
    practice_set, practice_get};
static const struct svk__cli_entity_kind need_kind = {SVK_KIND_NEED, "need",
    "needs", need_parse, need_json, need_id, need_set, need_get};

const struct svk__cli_entity_kind *
svk__cli_entity_kind(int kind)
{
	return kind == SVK_KIND_NEED ? &need_kind : &practice_kind;
}

/* Options the entity commands share; each command takes those it names. */
struct opts {
	bool json;
	bool all;
	const char *area;
	const char *origin;
	const char *status;
	const char *reason;
	const char *answered_by;
	const char *sort;
	const char *limit_arg;
	const char *lang;
	size_t limit;
	int first; /* index of the first operand in argv */
};

/* Parses the options of opts (a table over o), then checks the --limit and
 * --area given and the count of operands. -1 after printing the help. */
static int
args(int argc, char **argv, const char *operands, const char *text,
    const svk_cli_opt *opts, struct opts *o, int min, int max)
{
	const svk_cli_usage usage = {operands, text, opts};
	long limit;
	int rc;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &o->first)) != 0)
		return rc;
	if (o->limit_arg) {
		if ((rc = svk_cli_opt_number("--limit", o->limit_arg, 1, LONG_MAX,
			 "a positive number", &limit)) != 0)
			return rc;
		o->limit = (size_t)limit;
	}
	if (o->area && !svk_vocab_area_valid(o->area)) {
		svk_cli_error("unknown area '%s'", o->area);
		return 2;
	}
	return svk_cli_opt_operands(argc, o->first, min, max);
}

int
svk_cli_entity_append(svk_home *home, Samverk__Body *body, const char *verb,
    int kind, const char *id)
{
	const struct svk__cli_entity_kind *k = svk__cli_entity_kind(kind);
	uint64_t seq;
	int err = svk_log_append(home->store, home->id, body, &seq, NULL);
	if (err != 0) {
		svk_cli_write_failed(home, k->word, err);
		return 1;
	}
	printf("%s %s %s (entry %llu)\n", verb, k->word, id, (unsigned long long)seq);
	return 0;
}

/* The entity in force: whether there is one, whether it stands, its entry. */

/* add and update: read, check, sign, store. */
int
svk_cli_entity_author(svk_cli *cli, int kind, int argc, char **argv, bool update)
{
	const struct svk__cli_entity_kind *k = svk__cli_entity_kind(kind);
	const svk_cli_opt none[] = {SVK_CLI_END};
	char help[512], err[512];
	struct opts o = {0};
	svk_cli_found f;
	svk_home *home = NULL;
	void *msg = NULL;
	char *text;
	size_t len;
	int rc;

	snprintf(help, sizeof(help),
	    "%s the %s described in FILE.json (the format of shared/data/%s/),\n"
	    "signed into this node's log.\n",
	    update ? "Replaces" : "Publishes", k->word, k->words);
	if ((rc = args(argc, argv, "FILE.json", help, none, &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	const char *path = argv[o.first];
	if ((text = svk_cli_read_file(path, SVK_AUTHOR_MAX_FILE, &len)) == NULL)
		return 1;
	rc = k->parse(text, len, &msg, err, sizeof(err));
	free(text);
	if (rc != 0) {
		svk_cli_error("%s: %s", path, err);
		return 1;
	}
	rc = 1;
	if ((home = svk_cli_open(cli)) == NULL)
		goto out;
	const char *id = k->id_of(msg);
	if (svk_cli_find(home, k->kind, svk_crypto_identity_public(home->id), id,
		&f) != 0)
		goto out;
	if (update && !f.live) {
		svk_cli_error("this node has no %s '%s' to update; publish it with "
			      "'samverk %s add %s'",
		    k->word, id, k->word, path);
		goto out;
	}
	if (!update && f.live) {
		svk_cli_error("%s '%s' exists already; change it with 'samverk %s "
			      "update %s'",
		    k->word, id, k->word, path);
		goto out;
	}
	Samverk__Body body = SAMVERK__BODY__INIT;
	k->set(&body, msg);
	rc = svk_cli_entity_append(home, &body, update ? "updated" : "added",
	    k->kind, id);
out:
	if (msg)
		protobuf_c_message_free_unpacked(msg, NULL);
	svk_home_close(home);
	return rc;
}

int
svk_cli_entity_retract(svk_cli *cli, int kind, int argc, char **argv)
{
	const struct svk__cli_entity_kind *k = svk__cli_entity_kind(kind);
	char text[512];
	struct opts o = {0};
	const svk_cli_opt opts[] = {
	    {"reason", 0, SVK_CLI_STRING, &o.reason, "TEXT",
		"why, for the partners to read", false},
	    SVK_CLI_END,
	};
	svk_cli_found f;
	svk_home *home;
	int rc;

	snprintf(text, sizeof(text),
	    "Withdraws this node's %s ID: partners stop showing it.\n", k->word);
	if ((rc = args(argc, argv, "ID", text, opts, &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	const char *id = argv[o.first];
	if (!svk_vocab_entity_id_valid(id)) {
		svk_cli_error("'%s' is not a valid %s id", id, k->word);
		return 1;
	}
	if (o.reason && strlen(o.reason) > SVK_AUTHOR_MAX_ITEM) {
		svk_cli_error("--reason is too long (at most %d bytes)",
		    SVK_AUTHOR_MAX_ITEM);
		return 1;
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (svk_cli_find(home, k->kind, svk_crypto_identity_public(home->id), id,
		&f) != 0)
		goto out;
	if (!f.live) {
		svk_cli_error("this node has no %s '%s' to retract", k->word, id);
		goto out;
	}
	Samverk__Retraction r = SAMVERK__RETRACTION__INIT;
	r.kind = (Samverk__EntityKind)k->kind;
	r.id = (char *)id;
	r.reason = (char *)(o.reason ? o.reason : "");
	Samverk__Body body = SAMVERK__BODY__INIT;
	body.payload_case = SAMVERK__BODY__PAYLOAD_RETRACTION;
	body.retraction = &r;
	rc = svk_cli_entity_append(home, &body, "retracted", k->kind, id);
out:
	svk_home_close(home);
	return rc;
}

/* A row kept to be sorted before it is printed. */
struct sorted {
	json_t *doc; /* as list --json gives it, with "adoptions", "proven" */
	size_t adoptions;
	size_t proven; /* adopters it proved itself with; --sort proven */
	size_t order;  /* as listed: newest first */
};

/* Listing: a table for people or a JSON array. */
struct lister {
	svk_home *home;
	json_t *arr;
	bool json;
	size_t rows;
	const svk_adoption_tally *tally; /* --sort adoptions: rows go to sorted */
	bool by_proven;			 /* --sort proven */
	struct sorted *sorted;
	size_t n_sorted;
};

static int
keep_sorted(struct lister *l, const svk_entity *e)
{
	size_t n = svk_adoption_tally_count(l->tally, e->origin, e->id);
	size_t proven = svk_adoption_tally_proven(l->tally, e->origin, e->id);
	struct sorted *grown;
	json_t *doc;

	grown = realloc(l->sorted, (l->n_sorted + 1) * sizeof(*grown));
	if (grown == NULL)
		return -ENOMEM;
	l->sorted = grown;
	doc = svk_report_entity(l->home, e);
	if (doc == NULL ||
	    json_object_set_new(doc, "adoptions", json_integer((json_int_t)n)) != 0 ||
	    json_object_set_new(doc, "proven", json_integer((json_int_t)proven)) != 0) {
		json_decref(doc);
		return -ENOMEM;
	}
	grown[l->n_sorted] = (struct sorted){
	    doc, n, l->by_proven ? proven : 0, l->n_sorted};
	l->n_sorted++;
	return 0;
}

static int
by_adoptions(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;

	if (x->proven != y->proven)
		return x->proven > y->proven ? -1 : 1;
	if (x->adoptions != y->adoptions)
		return x->adoptions > y->adoptions ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Prints (or, for --json, moves into l->arr) the rows kept, most adopted
 * first. */
static int
emit_sorted(struct lister *l)
{
	qsort(l->sorted, l->n_sorted, sizeof(*l->sorted), by_adoptions);
	for (size_t i = 0; i < l->n_sorted; i++) {
		json_t *doc = l->sorted[i].doc;
		const char *name = svk_cli_str(doc, "origin_name");

		l->sorted[i].doc = NULL;
		if (l->json) {
			if (json_array_append_new(l->arr, doc) != 0)
				return -ENOMEM;
			continue;
		}
		/* The short fingerprint, the full one's start. */
		char fpr[SVK_FPR_SHORT_LEN];
		snprintf(fpr, sizeof(fpr), "%.18s", svk_cli_str(doc, "origin"));
		svk_cli_pad(name[0] ? name : "unknown member", 22);
		printf(" %-18s %-28s %-5s %s  [adopted by %zu", fpr,
		    svk_cli_str(doc, "id"), svk_cli_str(doc, "lang"),
		    svk_cli_str(doc, "title"), l->sorted[i].adoptions);
		if (l->by_proven)
			printf("; proved with %lld",
			    (long long)json_integer_value(json_object_get(doc,
				"proven")));
		printf("]\n");
		if (json_is_true(json_object_get(doc, "retracted")))
			printf("%-22s (retracted)\n", "");
		json_decref(doc);
	}
	return 0;
}

static void
sorted_free(struct lister *l)
{
	for (size_t i = 0; i < l->n_sorted; i++)
		json_decref(l->sorted[i].doc);
	free(l->sorted);
}

static const char *
origin_name(struct lister *l, const svk_entity *e)
{
	if (memcmp(e->origin, svk_crypto_identity_public(l->home->id), SVK_KEY_LEN) == 0)
		return l->home->name;
	return e->origin_name[0] ? e->origin_name : "";
}

static int
list_cb(void *arg, const svk_entity *e)
{
	struct lister *l = arg;
	char fpr[SVK_FPR_SHORT_LEN];

	l->rows++;
	if (l->tally)
		return keep_sorted(l, e);
	if (l->json) {
		json_t *doc = svk_report_entity(l->home, e);
		if (doc && e->snippet &&
		    json_object_set_new(doc, "snippet", json_string(e->snippet)) != 0) {
			json_decref(doc);
			doc = NULL;
		}
		return json_array_append_new(l->arr, doc) == 0 ? 0 : -ENOMEM;
	}
	svk_crypto_fingerprint_short(e->origin, fpr);
	const char *name = origin_name(l, e);
	svk_cli_pad(name[0] ? name : "unknown member", 22);
	printf(" %-18s %-28s %-5s %s%s%s%s\n", fpr, e->id, e->lang, e->title,
	    e->kind == SVK_KIND_NEED ? "  [" : "",
	    e->kind == SVK_KIND_NEED ? e->status : "",
	    e->kind == SVK_KIND_NEED ? "]" : "");
	if (e->retracted)
		printf("%-22s (retracted)\n", "");
	if (e->snippet && e->snippet[0])
		printf("%-22s %s\n", "", e->snippet);
	return 0;
}

/* Records a big catch-up stored whose search rows the daemon has not
 * written yet are not found: say so, on stderr (JSON stays clean). */
static void
note_search_later(svk_store *st)
{
	uint64_t n = 0;

	if (svk_search_later_count(st, &n) == 0 && n > 0)
		fprintf(stderr,
		    "note: %llu records caught up from partners are not searchable "
		    "yet; the daemon is adding them to the search index\n",
		    (unsigned long long)n);
}

int
svk_cli_entity_list(svk_cli *cli, int kind, int argc, char **argv, bool search)
{
	const struct svk__cli_entity_kind *k = svk__cli_entity_kind(kind);
	struct opts o = {0};
	const svk_cli_opt area = {"area", 0, SVK_CLI_STRING, &o.area, "AREA",
	    "only those of this policy area", false};
	const svk_cli_opt limit = {
	    "limit", 0, SVK_CLI_STRING, &o.limit_arg, "N", "at most N", false};
	const svk_cli_opt json = {
	    "json", 0, SVK_CLI_FLAG, &o.json, NULL, "as a JSON array", false};
	const svk_cli_opt list_opts[] = {
	    area,
	    {"origin", 0, SVK_CLI_STRING, &o.origin, "NODE",
		"only those of this partner (its fingerprint or name)", false},
	    k->kind == SVK_KIND_PRACTICE ?
		(svk_cli_opt){"sort", 0, SVK_CLI_STRING, &o.sort,
		    "newest|adoptions|proven", "the order (default newest)", false} :
		(svk_cli_opt){"status", 0, SVK_CLI_STRING, &o.status,
		    "open|closed", "only the open or the closed ones", false},
	    {"all", 0, SVK_CLI_FLAG, &o.all, NULL, "the retracted ones too", false},
	    limit,
	    json,
	    SVK_CLI_END,
	};
	const svk_cli_opt search_opts[] = {area,
	    {"lang", 0, SVK_CLI_STRING, &o.lang, "LANG",
		"the words in this language only (da, sv, fi, it, el, en ...)", false},
	    limit, json, SVK_CLI_END};
	struct lister l = {0};
	uint8_t origin[SVK_KEY_LEN];
	char help[512], *text = NULL;
	int rc, err;

	snprintf(help, sizeof(help),
	    search ?
		"Finds %s in every language, ignoring case and accents,\n"
		"with every word in any of its forms (frivilliga finds "
		"frivillige);\na word of 4 letters or more may be the start "
		"of a longer one.\nEach result shows the words found, in "
		"[brackets].\n" :
	    k->kind == SVK_KIND_PRACTICE ?
		"Lists the %s this node holds, its own and its partners',\n"
		"newest first, or with --sort adoptions the ones most members "
		"adopt\n(any status but dropped) first, or with --sort proven "
		"the ones most\nadopters kept every core element of and "
		"improved a result with, at\ntheir latest follow-up. --all "
		"includes retracted ones.\n" :
		"Lists the %s this node holds, its own and its partners'.\n"
		"--all includes retracted ones.\n",
	    k->words);
	if ((rc = args(argc, argv, search ? "WORDS..." : NULL, help,
		 search ? search_opts : list_opts, &o, search ? 1 : 0,
		 search ? 64 : 0)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.status && !svk_vocab_need_status_valid(o.status)) {
		svk_cli_error("--status is open or closed, not '%s'", o.status);
		return 2;
	}
	if (o.lang &&
	    (strlen(o.lang) < 2 || strlen(o.lang) > 3 ||
		strspn(o.lang, "abcdefghijklmnopqrstuvwxyz") != strlen(o.lang))) {
		svk_cli_error("--lang is a language code such as da or el, not '%s'",
		    o.lang);
		return 2;
	}
	if (o.sort && strcmp(o.sort, "adoptions") != 0 &&
	    strcmp(o.sort, "proven") != 0 && strcmp(o.sort, "newest") != 0) {
		svk_cli_error("--sort is newest, adoptions or proven, not '%s'",
		    o.sort);
		return 2;
	}
	if (search) {
		size_t len = 0;
		for (int i = o.first; i < argc; i++)
			len += strlen(argv[i]) + 1;
		if ((text = calloc(1, len + 1)) == NULL) {
			svk_cli_error("out of memory");
			return 1;
		}
		for (int i = o.first; i < argc; i++) {
			strcat(text, argv[i]);
			strcat(text, " ");
		}
	}
	if ((l.home = svk_cli_open(cli)) == NULL) {
		free(text);
		return 1;
	}
	if (o.origin &&
	    svk_cli_node_resolve(l.home, o.origin, "--origin", origin) != 0) {
		rc = 2;
		goto out;
	}
	l.json = o.json;
	if (l.json && (l.arr = json_array()) == NULL) {
		rc = 1;
		goto out;
	}
	svk_query q = {
	    .kind = k->kind,
	    .text = text,
	    .lang = o.lang,
	    .area = o.area,
	    .origin = o.origin ? origin : NULL,
	    .status = o.status,
	    .with_retracted = o.all,
	    .limit = o.limit,
	};
	svk_adoption_tally tally = {0};
	err = 0;
	if (o.sort && strcmp(o.sort, "newest") != 0) {
		/* Count them all first: the limit applies to the sorted list. */
		l.by_proven = strcmp(o.sort, "proven") == 0;
		err = svk_adoption_tally_init(&tally, l.home->store, l.by_proven);
		l.tally = &tally;
		q.limit = 0;
	}
	if (err == 0)
		err = svk_view_list(l.home->store, &q, list_cb, &l);
	if (err == 0 && l.tally) {
		if (o.limit && l.n_sorted > o.limit) {
			qsort(l.sorted, l.n_sorted, sizeof(*l.sorted), by_adoptions);
			for (size_t i = o.limit; i < l.n_sorted; i++)
				json_decref(l.sorted[i].doc);
			l.n_sorted = l.rows = o.limit;
		}
		err = emit_sorted(&l);
	}
	if (err == SVK_EINVAL) {
		svk_cli_error("nothing to search for in '%s'", text);
		rc = 1;
	} else if (err != 0) {
		svk_cli_error("cannot read the store: %s", svk_error_str(err));
		rc = 1;
	} else if (l.json) {
		rc = svk_cli_print_json(l.arr);
		l.arr = NULL;
	} else if (l.rows == 0) {
		printf(search ? "no %s match\n" : "no %s yet\n", k->words);
	}
	if (search && rc == 0)
		note_search_later(l.home->store);
	svk_adoption_tally_fini(&tally);
out:
	sorted_free(&l);
	json_decref(l.arr);
	svk_home_close(l.home);
	free(text);
	return rc;
}
