/*
 * cmd_entity.c: `samverk practice ...` and `samverk need ...`.
 *
 * Practices and needs are both entities: authored as JSON files, signed into
 * the local log, listed, shown, searched and retracted the same way. One
 * descriptor per kind says how they differ; the commands are written once.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "cli.h"
#include "fold.h"
#include "log.h"
#include "report.h"
#include "view.h"
#include "vocab.h"

struct kind {
	int kind;
	const char *word;   /* "practice" */
	const char *words;  /* "practices" */
	int (*parse)(const char *text, size_t len, void **msg, char *err,
	    size_t errlen);
	json_t *(*json)(const void *msg);
	const char *(*id_of)(const void *msg);
	void (*set)(Samverk__Body *body, void *msg);
	void *(*get)(const Samverk__Body *body);
};

static int
practice_parse(const char *text, size_t len, void **msg, char *err, size_t errlen)
{
	return svk_author_practice_parse(text, len, (Samverk__Practice **)msg,
	    err, errlen);
}
static json_t *
practice_json(const void *msg)
{
	return svk_author_practice_json(msg);
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
	    body->practice : NULL;
}

static int
need_parse(const char *text, size_t len, void **msg, char *err, size_t errlen)
{
	return svk_author_need_parse(text, len, (Samverk__Need **)msg, err, errlen);
}
static json_t *
need_json(const void *msg)
{
	return svk_author_need_json(msg);
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

static const struct kind practice_kind = {SVK_KIND_PRACTICE, "practice",
    "practices", practice_parse, practice_json, practice_id, practice_set,
    practice_get};
static const struct kind need_kind = {SVK_KIND_NEED, "need", "needs",
    need_parse, need_json, need_id, need_set, need_get};

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
	size_t limit;
	int first; /* index of the first operand in argv */
};

enum {
	O_AREA = 256, O_ORIGIN, O_STATUS, O_REASON, O_ANSWERED, O_LIMIT,
	O_SORT
};

static int
parse_opts(int argc, char **argv, const char *usage, struct opts *o)
{
	static const struct option longs[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"all", no_argument, NULL, 'a'},
	    {"help", no_argument, NULL, 'h'},
	    {"area", required_argument, NULL, O_AREA},
	    {"origin", required_argument, NULL, O_ORIGIN},
	    {"status", required_argument, NULL, O_STATUS},
	    {"reason", required_argument, NULL, O_REASON},
	    {"answered-by", required_argument, NULL, O_ANSWERED},
	    {"limit", required_argument, NULL, O_LIMIT},
	    {"sort", required_argument, NULL, O_SORT},
	    {NULL, 0, NULL, 0},
	};
	int c;
	char *end;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'a': o->all = true; break;
		case 'h': printf("%s", usage); return -1;
		case O_AREA: o->area = optarg; break;
		case O_ORIGIN: o->origin = optarg; break;
		case O_STATUS: o->status = optarg; break;
		case O_REASON: o->reason = optarg; break;
		case O_ANSWERED: o->answered_by = optarg; break;
		case O_SORT: o->sort = optarg; break;
		case O_LIMIT:
			errno = 0;
			o->limit = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg || o->limit == 0) {
				svk_cli_error("--limit wants a positive number, not '%s'", optarg);
				return 2;
			}
			break;
		case ':':
			svk_cli_error("%s needs a value", argv[optind - 1]);
			return 2;
		default:
			return svk_cli_usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (o->area && !svk_vocab_area_valid(o->area)) {
		svk_cli_error("unknown area '%s'", o->area);
		return 2;
	}
	o->first = optind;
	return 0;
}

/* parse_opts, then checks the count of operands. */
static int
args(int argc, char **argv, const char *usage, struct opts *o, int min, int max)
{
	int rc = parse_opts(argc, argv, usage, o);
	if (rc != 0)
		return rc < 0 ? -1 : rc;
	int n = argc - o->first;
	if (n < min || n > max) {
		return svk_cli_usage_error("wrong number of arguments");
	}
	return 0;
}

/* Appends body (its payload set) to my log and says so. */
static int
append(svk_home *home, Samverk__Body *body, const char *verb,
    const struct kind *k, const char *id)
{
	uint64_t seq;
	int err = svk_log_append(home->store, home->id, body, &seq, NULL);
	if (err != 0) {
		svk_cli_error("cannot write the %s: %s", k->word, svk_error_str(err));
		return 1;
	}
	printf("%s %s %s (entry %llu)\n", verb, k->word, id, (unsigned long long)seq);
	return 0;
}

struct found {
	bool live;
	bool any;
	uint8_t entry[SVK_HASH_LEN];
	uint8_t origin[SVK_KEY_LEN];
};

static int
found_cb(void *arg, const svk_entity *e)
{
	struct found *f = arg;
	f->any = true;
	f->live = !e->retracted;
	memcpy(f->entry, e->entry, SVK_HASH_LEN);
	memcpy(f->origin, e->origin, SVK_KEY_LEN);
	return 0;
}

static int
lookup(svk_home *home, const struct kind *k, const uint8_t *origin,
    const char *id, struct found *f)
{
	memset(f, 0, sizeof(*f));
	int err = svk_view_get(home->store, k->kind, origin, id, found_cb, f);
	if (err != 0 && err != SVK_ENOTFOUND) {
		svk_cli_error("cannot read the store: %s", svk_error_str(err));
		return 1;
	}
	return 0;
}

/* add and update: read, check, sign, store. */
static int
author(svk_cli *cli, const struct kind *k, int argc, char **argv, bool update)
{
	char usage[512], err[512];
	struct opts o;
	struct found f;
	svk_home *home = NULL;
	void *msg = NULL;
	char *text;
	size_t len;
	int rc;

	snprintf(usage, sizeof(usage),
	    "usage: samverk %s %s FILE.json\n\n%s the %s described in FILE.json "
	    "(the format of shared/data/%s/),\nsigned into this node's log.\n",
	    k->word, update ? "update" : "add", update ? "Replaces" : "Publishes",
	    k->word, k->words);
	if ((rc = args(argc, argv, usage, &o, 1, 1)) != 0)
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
	if (lookup(home, k, svk_crypto_identity_public(home->id), id, &f) != 0)
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
	rc = append(home, &body, update ? "updated" : "added", k, id);
out:
	if (msg)
		protobuf_c_message_free_unpacked(msg, NULL);
	svk_home_close(home);
	return rc;
}

static int
practice_add(svk_cli *cli, int argc, char **argv)
{
	return author(cli, &practice_kind, argc, argv, false);
}
static int
practice_update(svk_cli *cli, int argc, char **argv)
{
	return author(cli, &practice_kind, argc, argv, true);
}
static int
need_add(svk_cli *cli, int argc, char **argv)
{
	return author(cli, &need_kind, argc, argv, false);
}
static int
need_update(svk_cli *cli, int argc, char **argv)
{
	return author(cli, &need_kind, argc, argv, true);
}

static int
retract(svk_cli *cli, const struct kind *k, int argc, char **argv)
{
	char usage[512];
	struct opts o;
	struct found f;
	svk_home *home;
	int rc;

	snprintf(usage, sizeof(usage),
	    "usage: samverk %s retract ID [--reason TEXT]\n\nWithdraws this "
	    "node's %s ID: partners stop showing it.\n",
	    k->word, k->word);
	if ((rc = args(argc, argv, usage, &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	const char *id = argv[o.first];
	if (!svk_vocab_entity_id_valid(id)) {
		svk_cli_error("'%s' is not a valid %s id", id, k->word);
		return 1;
	}
	if (o.reason && strlen(o.reason) > SVK_AUTHOR_MAX_ITEM) {
		svk_cli_error("--reason is too long (at most %d bytes)", SVK_AUTHOR_MAX_ITEM);
		return 1;
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (lookup(home, k, svk_crypto_identity_public(home->id), id, &f) != 0)
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
	rc = append(home, &body, "retracted", k, id);
out:
	svk_home_close(home);
	return rc;
}

static int
practice_retract(svk_cli *cli, int argc, char **argv)
{
	return retract(cli, &practice_kind, argc, argv);
}
static int
need_retract(svk_cli *cli, int argc, char **argv)
{
	return retract(cli, &need_kind, argc, argv);
}

/* How many members adopt each practice: adoption entities (any status but
 * dropped) counted by their id, "ORIGIN/practice-id". */
struct tally {
	char **refs;
	size_t *counts;
	size_t n;
};

static int
tally_cb(void *arg, const svk_entity *e)
{
	struct tally *t = arg;
	char **refs;
	size_t *counts;

	if (strcmp(e->status, "dropped") == 0)
		return 0;
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->refs[i], e->id) == 0) {
			t->counts[i]++;
			return 0;
		}
	}
	if ((refs = realloc(t->refs, (t->n + 1) * sizeof(*refs))) == NULL)
		return -ENOMEM;
	t->refs = refs;
	if ((counts = realloc(t->counts, (t->n + 1) * sizeof(*counts))) == NULL)
		return -ENOMEM;
	t->counts = counts;
	if ((refs[t->n] = strdup(e->id)) == NULL)
		return -ENOMEM;
	counts[t->n++] = 1;
	return 0;
}

static void
tally_fini(struct tally *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->refs[i]);
	free(t->refs);
	free(t->counts);
}

static size_t
tally_of(const struct tally *t, const uint8_t *origin, const char *id)
{
	char ref[SVK_FPR_LEN + 80];

	svk_crypto_fingerprint(origin, ref);
	snprintf(ref + strlen(ref), sizeof(ref) - strlen(ref), "/%s", id);
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->refs[i], ref) == 0)
			return t->counts[i];
	return 0;
}

/* A row kept to be sorted before it is printed. */
struct sorted {
	json_t *doc; /* as list --json gives it, with "adoptions" */
	size_t adoptions;
	size_t order; /* as listed: newest first */
};

/* Listing: a table for people or a JSON array. */
struct lister {
	svk_home *home;
	json_t *arr;
	bool json;
	size_t rows;
	const struct tally *tally; /* --sort adoptions: rows go to sorted */
	struct sorted *sorted;
	size_t n_sorted;
};

static int
keep_sorted(struct lister *l, const svk_entity *e)
{
	size_t n = tally_of(l->tally, e->origin, e->id);
	struct sorted *grown;
	json_t *doc;

	grown = realloc(l->sorted, (l->n_sorted + 1) * sizeof(*grown));
	if (grown == NULL)
		return -ENOMEM;
	l->sorted = grown;
	doc = svk_report_entity(l->home, e);
	if (doc == NULL || json_object_set_new(doc, "adoptions",
			       json_integer((json_int_t)n)) != 0) {
		json_decref(doc);
		return -ENOMEM;
	}
	grown[l->n_sorted] = (struct sorted){doc, n, l->n_sorted};
	l->n_sorted++;
	return 0;
}

static int
by_adoptions(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;

	if (x->adoptions != y->adoptions)
		return x->adoptions > y->adoptions ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static const char *
doc_str(json_t *doc, const char *key)
{
	const char *v = json_string_value(json_object_get(doc, key));
	return v ? v : "";
}

/* Prints (or, for --json, moves into l->arr) the rows kept, most adopted
 * first. */
static int
emit_sorted(struct lister *l)
{
	qsort(l->sorted, l->n_sorted, sizeof(*l->sorted), by_adoptions);
	for (size_t i = 0; i < l->n_sorted; i++) {
		json_t *doc = l->sorted[i].doc;
		const char *name = doc_str(doc, "origin_name");

		l->sorted[i].doc = NULL;
		if (l->json) {
			if (json_array_append_new(l->arr, doc) != 0)
				return -ENOMEM;
			continue;
		}
		/* No name: the short fingerprint, the full one's start. */
		char fpr[SVK_FPR_SHORT_LEN];
		snprintf(fpr, sizeof(fpr), "%.18s", doc_str(doc, "origin"));
		svk_cli_pad(name[0] ? name : fpr, 22);
		printf(" %-28s %-5s %s  [adopted by %zu]\n", doc_str(doc, "id"),
		    doc_str(doc, "lang"), doc_str(doc, "title"),
		    l->sorted[i].adoptions);
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
	if (l->json)
		return json_array_append_new(l->arr, svk_report_entity(l->home, e)) == 0 ? 0 : -ENOMEM;
	svk_crypto_fingerprint_short(e->origin, fpr);
	const char *name = origin_name(l, e);
	svk_cli_pad(name[0] ? name : fpr, 22);
	printf(" %-28s %-5s %s%s%s%s\n", e->id, e->lang, e->title, e->kind == SVK_KIND_NEED ? "  [" : "",
	    e->kind == SVK_KIND_NEED ? e->status : "",
	    e->kind == SVK_KIND_NEED ? "]" : "");
	if (e->retracted)
		printf("%-22s (retracted)\n", "");
	return 0;
}

static int
listing(svk_cli *cli, const struct kind *k, int argc, char **argv, bool search)
{
	char usage[768];
	struct opts o;
	struct lister l = {0};
	uint8_t origin[SVK_KEY_LEN];
	char *text = NULL;
	int rc, err;

	snprintf(usage, sizeof(usage),
	    search ? "usage: samverk %s search WORDS... [--area AREA] [--limit N] "
		     "[--json]\n\nFinds %s in every language, ignoring case and "
		     "accents;\neach word may be the start of a longer one.\n"
		   : k->kind == SVK_KIND_PRACTICE ?
		     "usage: samverk %s list [--area AREA] [--origin NODE] "
		     "[--sort newest|adoptions] [--all] [--limit N] [--json]\n\n"
		     "Lists the %s this node holds, its own and its partners',"
		     "\nnewest first, or with --sort adoptions the ones most "
		     "members adopt\n(any status but dropped) first. --all "
		     "includes retracted ones.\n"
		   : "usage: samverk %s list [--area AREA] [--origin NODE] "
		     "[--status open|closed] [--all] [--limit N] [--json]\n\n"
		     "Lists the %s this node holds, its own and its partners'."
		     "\n--all includes retracted ones.\n",
	    k->word, k->words);
	if ((rc = args(argc, argv, usage, &o, search ? 1 : 0, search ? 64 : 0)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.status && k->kind != SVK_KIND_NEED)
		return svk_cli_usage_error("--status is for needs");
	if (o.status && !svk_vocab_need_status_valid(o.status)) {
		svk_cli_error("--status is open or closed, not '%s'", o.status);
		return 2;
	}
	if (o.sort && (search || k->kind != SVK_KIND_PRACTICE))
		return svk_cli_usage_error("--sort is for practice list");
	if (o.sort && strcmp(o.sort, "adoptions") != 0 &&
	    strcmp(o.sort, "newest") != 0) {
		svk_cli_error("--sort is newest or adoptions, not '%s'", o.sort);
		return 2;
	}
	if (o.origin && svk_crypto_fingerprint_parse(o.origin, origin) != 0) {
		svk_cli_error("--origin wants a node fingerprint, not '%s'", o.origin);
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
	l.json = o.json;
	if (l.json && (l.arr = json_array()) == NULL) {
		rc = 1;
		goto out;
	}
	svk_query q = {
	    .kind = k->kind,
	    .text = text,
	    .area = o.area,
	    .origin = o.origin ? origin : NULL,
	    .status = o.status,
	    .with_retracted = o.all,
	    .limit = o.limit,
	};
	struct tally tally = {NULL, NULL, 0};
	svk_query aq = {.kind = SVK_KIND_ADOPTION};
	err = 0;
	if (o.sort && strcmp(o.sort, "adoptions") == 0) {
		/* Count them all first: the limit applies to the sorted list. */
		err = svk_view_list(l.home->store, &aq, tally_cb, &tally);
		l.tally = &tally;
		q.limit = 0;
	}
	if (err == 0)
		err = svk_view_list(l.home->store, &q, list_cb, &l);
	if (err == 0 && l.tally) {
		if (o.limit && l.n_sorted > o.limit) {
			qsort(l.sorted, l.n_sorted, sizeof(*l.sorted),
			    by_adoptions);
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
	tally_fini(&tally);
out:
	sorted_free(&l);
	json_decref(l.arr);
	svk_home_close(l.home);
	free(text);
	return rc;
}

static int
practice_list(svk_cli *cli, int argc, char **argv)
{
	return listing(cli, &practice_kind, argc, argv, false);
}
static int
practice_search(svk_cli *cli, int argc, char **argv)
{
	return listing(cli, &practice_kind, argc, argv, true);
}
static int
need_list(svk_cli *cli, int argc, char **argv)
{
	return listing(cli, &need_kind, argc, argv, false);
}
static int
need_search(svk_cli *cli, int argc, char **argv)
{
	return listing(cli, &need_kind, argc, argv, true);
}

/* Finds the entity a reference names: ORIGIN/ID, or ID of mine, or the one
 * entity with that ID among all origins. */
struct pick {
	int count;
	uint8_t origin[SVK_KEY_LEN];
	const char *id;
};

static int
pick_cb(void *arg, const svk_entity *e)
{
	struct pick *p = arg;
	if (strcmp(e->id, p->id) != 0)
		return 0;
	p->count++;
	memcpy(p->origin, e->origin, SVK_KEY_LEN);
	return 0;
}

static int
resolve(svk_home *home, const struct kind *k, const char *ref,
    uint8_t origin[SVK_KEY_LEN], const char **id)
{
	bool has_origin;
	struct found f;

	if (svk_cli_parse_ref(ref, origin, &has_origin, id) != 0)
		return 1;
	if (has_origin)
		return 0;
	memcpy(origin, svk_crypto_identity_public(home->id), SVK_KEY_LEN);
	if (lookup(home, k, origin, *id, &f) != 0)
		return 1;
	if (f.any)
		return 0;
	struct pick p = {.id = *id};
	svk_query q = {.kind = k->kind, .with_retracted = true};
	if (svk_view_list(home->store, &q, pick_cb, &p) != 0) {
		svk_cli_error("cannot read the store");
		return 1;
	}
	if (p.count > 1) {
		svk_cli_error("several partners have a %s '%s'; name one as "
			      "ORIGIN/%s (see '%s list')",
		    k->word, *id, *id, k->word);
		return 1;
	}
	memcpy(origin, p.origin, SVK_KEY_LEN);
	return 0;
}

int
svk_cli_resolve(svk_home *home, int kind, const char *ref,
    uint8_t origin[static SVK_KEY_LEN], const char **id)
{
	return resolve(home, kind == SVK_KIND_NEED ? &need_kind : &practice_kind,
	    ref, origin, id);
}

/* show: every member's adoption of the practice shown. */
struct adopters {
	svk_home *home;
	const char *ref; /* the adoption id: "ORIGIN/practice-id" */
	const Samverk__Practice *practice; /* NULL when it was retracted */
	json_t *arr;
};

/* Whether a core element is among those kept, as the practice words it or
 * folded (an adopter may have written it another way). */
static bool
kept_has(const Samverk__Adoption *ad, const char *element)
{
	char *want = NULL;
	bool found = false;

	for (size_t i = 0; i < ad->n_kept; i++)
		if (strcmp(ad->kept[i], element) == 0)
			return true;
	if (svk_fold(element, strlen(element), &want) != 0)
		return false;
	for (size_t i = 0; i < ad->n_kept && !found; i++) {
		char *have = NULL;
		if (svk_fold(ad->kept[i], strlen(ad->kept[i]), &have) == 0)
			found = strcmp(have, want) == 0;
		free(have);
	}
	free(want);
	return found;
}

static json_t *
adoption_json(struct adopters *a, const svk_entity *e,
    const Samverk__Adoption *ad)
{
	json_t *base = svk_report_entity(a->home, e);
	json_t *kept = json_array(), *missing = json_array();
	json_t *adapted = json_array(), *o = NULL;

	if (!base || !kept || !missing || !adapted)
		goto out;
	for (size_t i = 0; i < ad->n_kept; i++)
		if (json_array_append_new(kept, json_string(ad->kept[i])) != 0)
			goto out;
	for (size_t i = 0; a->practice && i < a->practice->n_core_elements;
	     i++) {
		const char *core = a->practice->core_elements[i];
		if (!kept_has(ad, core) &&
		    json_array_append_new(missing, json_string(core)) != 0)
			goto out;
	}
	for (size_t i = 0; i < ad->n_adapted; i++)
		if (json_array_append_new(adapted, json_pack("{s:s, s:s}",
			"element", ad->adapted[i]->element, "how",
			ad->adapted[i]->how)) != 0)
			goto out;
	/* O takes a reference of its own: base, kept ... are released below. */
	o = json_pack("{s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:s, s:O, s:O}",
	    "adopter", json_object_get(base, "origin"),
	    "adopter_name", json_object_get(base, "origin_name"),
	    "country", json_object_get(base, "country"), "status", ad->status,
	    "kept", kept, "missing", missing, "adapted", adapted,
	    "note", ad->note, "updated", json_object_get(base, "updated"),
	    "seq", json_object_get(base, "seq"));
out:
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
	else if (json_array_append_new(a->arr,
		     adoption_json(a, e, body->adoption)) != 0)
		err = -ENOMEM;
	samverk__body__free_unpacked(body, NULL);
	return err;
}

/* The "adoptions" array of practice show: each member's, newest first. */
static int
adoptions(svk_home *home, const uint8_t *origin, const char *id,
    const Samverk__Practice *practice, json_t **out)
{
	char ref[SVK_FPR_LEN + 80];
	struct adopters a = {home, ref, practice, json_array()};
	svk_query q = {.kind = SVK_KIND_ADOPTION};
	int err;

	svk_crypto_fingerprint(origin, ref);
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

	json_array_foreach(arr, i, ad)
	{
		const char *name = doc_str(ad, "adopter_name");
		const char *country = doc_str(ad, "country");
		printf("%-18s %s%s%s: %s (updated %s)\n",
		    i == 0 ? "adoptions" : "",
		    name[0] ? name : doc_str(ad, "adopter"),
		    country[0] ? ", " : "", country, doc_str(ad, "status"),
		    doc_str(ad, "updated"));
		print_strings("kept", json_object_get(ad, "kept"));
		print_strings("without", json_object_get(ad, "missing"));
		json_array_foreach(json_object_get(ad, "adapted"), j, v)
			printf("%-18s   %-9s %s: %s\n", "",
			    j == 0 ? "adapted" : "", doc_str(v, "element"),
			    doc_str(v, "how"));
		if (doc_str(ad, "note")[0])
			printf("%-18s   %-9s %s\n", "", "note",
			    doc_str(ad, "note"));
	}
}

static int
show_cb(void *arg, const svk_entity *e)
{
	struct lister *l = arg;
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
	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v))
			printf("%-18s %s\n", i == 0 ? label : "", json_string_value(v));
		else if (json_is_object(v)) {
			const char *key;
			json_t *f;
			printf("%-18s", i == 0 ? label : "");
			json_object_foreach(v, key, f)
			{
				if (json_is_string(f))
					printf(" %s: %s;", key, json_string_value(f));
			}
			printf("\n");
		}
	}
}

static int
show(svk_cli *cli, const struct kind *k, int argc, char **argv)
{
	char usage[512];
	struct opts o;
	struct lister l = {0};
	struct found f;
	uint8_t origin[SVK_KEY_LEN];
	Samverk__Body *body = NULL;
	json_t *doc = NULL;
	const char *id;
	int rc, err;

	snprintf(usage, sizeof(usage),
	    "usage: samverk %s show [ORIGIN/]ID [--json]\n\nShows one %s in "
	    "full. Without ORIGIN, this node's own comes first.\n",
	    k->word, k->word);
	if ((rc = args(argc, argv, usage, &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((l.home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (resolve(l.home, k, argv[o.first], origin, &id) != 0 ||
	    lookup(l.home, k, origin, id, &f) != 0)
		goto out;
	if (!f.any) {
		svk_cli_error("no %s '%s' here; see 'samverk %s list'", k->word,
		    argv[o.first], k->word);
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
	if (k->kind == SVK_KIND_PRACTICE) {
		json_t *ads = NULL;
		if ((err = adoptions(l.home, origin, id, msg, &ads)) != 0) {
			svk_cli_error("cannot read the adoptions: %s",
			    svk_error_str(err));
			goto out;
		}
		(void)json_object_set_new(l.arr, "adoptions", ads);
	}
	if (o.json) {
		rc = svk_cli_print_json(l.arr);
		l.arr = NULL;
		goto out;
	}
	const char *key;
	json_t *v;
	json_object_foreach(l.arr, key, v)
	{
		if (strcmp(key, "adoptions") == 0)
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
	print_adoptions(json_object_get(l.arr, "adoptions"));
	rc = 0;
out:
	json_decref(doc);
	json_decref(l.arr);
	if (body)
		samverk__body__free_unpacked(body, NULL);
	svk_home_close(l.home);
	return rc;
}

static int
practice_show(svk_cli *cli, int argc, char **argv)
{
	return show(cli, &practice_kind, argc, argv);
}
static int
need_show(svk_cli *cli, int argc, char **argv)
{
	return show(cli, &need_kind, argc, argv);
}

static int
need_close(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk need close ID [--answered-by ORIGIN/PRACTICE]\n\n"
	    "Marks this node's need ID as met, optionally naming the partner's\n"
	    "practice that answered it.\n";
	struct opts o;
	struct found f, p;
	svk_home *home;
	Samverk__Body *old = NULL;
	char ref[SVK_FPR_LEN + 80];
	int rc, err;

	if ((rc = args(argc, argv, usage, &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	const char *id = argv[o.first];
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (lookup(home, &need_kind, svk_crypto_identity_public(home->id), id, &f) != 0)
		goto out;
	if (!f.live) {
		svk_cli_error("this node has no need '%s' to close", id);
		goto out;
	}
	if ((err = svk_view_body(home->store, f.entry, &old)) != 0 ||
	    old->payload_case != SAMVERK__BODY__PAYLOAD_NEED) {
		svk_cli_error("cannot read need '%s': %s", id,
		    svk_error_str(err ? err : SVK_ECORRUPT));
		goto out;
	}
	if (strcmp(old->need->status, "closed") == 0) {
		svk_cli_error("need '%s' is closed already", id);
		goto out;
	}
	ref[0] = '\0';
	if (o.answered_by) {
		uint8_t porigin[SVK_KEY_LEN];
		const char *pid;
		char fpr[SVK_FPR_LEN];
		if (resolve(home, &practice_kind, o.answered_by, porigin, &pid) != 0 ||
		    lookup(home, &practice_kind, porigin, pid, &p) != 0)
			goto out;
		if (!p.live) {
			svk_cli_error("--answered-by: no practice '%s' here; see "
				      "'samverk practice list'",
			    o.answered_by);
			goto out;
		}
		svk_crypto_fingerprint(porigin, fpr);
		snprintf(ref, sizeof(ref), "%s/%s", fpr, pid);
	}
	/* The new entry is the need as it stands, closed. Its strings stay
	 * owned by old; only the two changed fields point elsewhere. */
	Samverk__Need need = *old->need;
	need.status = "closed";
	need.answered_by = ref;
	Samverk__Body body = SAMVERK__BODY__INIT;
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = &need;
	rc = append(home, &body, "closed", &need_kind, id);
out:
	if (old)
		samverk__body__free_unpacked(old, NULL);
	svk_home_close(home);
	return rc;
}

int
svk_cmd_practice(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"add", practice_add, "publish a practice from a JSON file"},
	    {"update", practice_update, "publish a new version of a practice"},
	    {"retract", practice_retract, "withdraw a practice"},
	    {"list", practice_list, "list the practices held, own and partners'"},
	    {"show", practice_show, "show one practice in full"},
	    {"search", practice_search, "search practices in every language"},
	    {NULL, NULL, NULL},
	};
	return svk_cli_dispatch(cli, "practice", table, argc, argv);
}

int
svk_cmd_need(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"add", need_add, "publish a need from a JSON file"},
	    {"update", need_update, "publish a new version of a need"},
	    {"close", need_close, "mark a need as met"},
	    {"retract", need_retract, "withdraw a need"},
	    {"list", need_list, "list the needs held, own and partners'"},
	    {"show", need_show, "show one need in full"},
	    {"search", need_search, "search needs in every language"},
	    {NULL, NULL, NULL},
	};
	return svk_cli_dispatch(cli, "need", table, argc, argv);
}
