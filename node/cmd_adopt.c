/*
 * cmd_adopt.c: `samverk adopt`: this municipality takes a partner's practice
 * home and says how it goes: a signed Adoption entry in its own log naming
 * the practice, a status, the practice's core elements it kept, how it
 * adapted flexible ones, and a note. A later call is a new entry for the
 * same adoption, which replaces the earlier one everywhere.
 *
 * Elements are named as the practice names them, ignoring case, accents and
 * the spaces around them (folded as search folds, fold.h); the entry keeps
 * the practice's own wording, so every partner reads the same text. An
 * element the practice does not have is refused, core or flexible: a record
 * that names what is not there would mislead whoever reads it.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "cli.h"
#include "fold.h"
#include "log.h"
#include "view.h"
#include "vocab.h"

static const char usage[] =
    "usage: samverk adopt [ORIGIN/]PRACTICE --status STATUS\n"
    "                     [--kept \"core element\"]...\n"
    "                     [--adapted \"flexible element: how\"]...\n"
    "                     [--note TEXT] [--reset]\n\n"
    "Records that this municipality takes a partner's practice home, signed\n"
    "in this node's log: STATUS is considering, piloting, adopted or dropped;\n"
    "--kept names a core (concept-bearing) element of the practice that was\n"
    "kept, --adapted a flexible element and how it was adapted here. Name\n"
    "elements as 'samverk practice show' lists them; case and accents do\n"
    "not matter. A core element not kept is warned about (\"adopted\n"
    "without: ...\").\n\n"
    "Run it again to update the record: options given replace what was\n"
    "recorded, the others stay as they were; --reset starts afresh.\n";

struct args {
	const char *ref;
	const char *status;
	const char *note;
	bool reset;
	const char **kept;
	size_t n_kept;
	const char **adapted;
	size_t n_adapted;
};

static int
parse(int argc, char **argv, struct args *a)
{
	static const struct option longs[] = {
	    {"status", required_argument, NULL, 's'},
	    {"kept", required_argument, NULL, 'k'},
	    {"adapted", required_argument, NULL, 'a'},
	    {"note", required_argument, NULL, 'n'},
	    {"reset", no_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		switch (c) {
		case 's': a->status = optarg; break;
		case 'k': a->kept[a->n_kept++] = optarg; break;
		case 'a': a->adapted[a->n_adapted++] = optarg; break;
		case 'n': a->note = optarg; break;
		case 'r': a->reset = true; break;
		case 'h': printf("%s", usage); return -1;
		case ':':
			svk_cli_error("%s needs a value", argv[optind - 1]);
			return 2;
		default:
			return svk_cli_usage_error(
			    "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return svk_cli_usage_error(argc - optind == 0
			? "adopt needs the practice, as ORIGIN/ID"
			: "wrong number of arguments");
	a->ref = argv[optind];
	if (a->status == NULL)
		return svk_cli_usage_error("adopt needs --status");
	if (!svk_vocab_adoption_status_valid(a->status)) {
		svk_cli_error("--status is considering, piloting, adopted or "
			      "dropped, not '%s'",
		    a->status);
		return 2;
	}
	return 0;
}

/* Refuses text that is not UTF-8 or too long before anything is read. */
static int
check_text(const char *option, const char *text, size_t max)
{
	size_t len = strlen(text);

	if (!svk_fold_utf8_valid(text, len)) {
		svk_cli_error("%s is not valid UTF-8", option);
		return 1;
	}
	if (len > max) {
		svk_cli_error("%s is too long (%zu bytes; at most %zu)", option,
		    len, max);
		return 1;
	}
	return 0;
}

static int
check_args(const struct args *a)
{
	for (size_t i = 0; i < a->n_kept; i++)
		if (check_text("--kept", a->kept[i], SVK_AUTHOR_MAX_ITEM) != 0)
			return 1;
	for (size_t i = 0; i < a->n_adapted; i++)
		if (check_text("--adapted", a->adapted[i],
			2 * SVK_AUTHOR_MAX_ITEM) != 0)
			return 1;
	if (a->note && check_text("--note", a->note, SVK_AUTHOR_MAX_TEXT) != 0)
		return 1;
	return 0;
}

/* Whether s[0..len), without the spaces around it, folds to what element
 * folds to. *err is set when out of memory. */
static bool
same_element(const char *s, size_t len, const char *element, int *err)
{
	char *a = NULL, *b = NULL;
	bool same;

	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if ((*err = svk_fold(s, len, &a)) != 0 ||
	    (*err = svk_fold(element, strlen(element), &b)) != 0) {
		free(a);
		return false;
	}
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* The element of list that s names, or NULL. */
static const char *
find_element(char **list, size_t n, const char *s, size_t len, int *err)
{
	for (size_t i = 0; i < n; i++) {
		if (same_element(s, len, list[i], err))
			return list[i];
		if (*err != 0)
			return NULL;
	}
	return NULL;
}

/* "its core elements are "A", "B"" for an error message. */
static void
elements_text(char **list, size_t n, const char *what, char *out, size_t size)
{
	size_t used;

	if (n == 0) {
		snprintf(out, size, "it names no %s elements", what);
		return;
	}
	used = (size_t)snprintf(out, size, "its %s elements are", what);
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s \"%s\"",
		    i > 0 ? "," : "", list[i]);
}

/* The practice's core elements that kept names. */
static int
map_kept(const struct args *a, const Samverk__Practice *p, const char **kept,
    size_t *n)
{
	char list[2048];
	int err = 0;

	*n = 0;
	for (size_t i = 0; i < a->n_kept; i++) {
		const char *e = find_element(p->core_elements,
		    p->n_core_elements, a->kept[i], strlen(a->kept[i]), &err);
		bool twice = false;

		if (err != 0) {
			svk_cli_error("out of memory");
			return 1;
		}
		if (e == NULL) {
			elements_text(p->core_elements, p->n_core_elements,
			    "core", list, sizeof(list));
			svk_cli_error(
			    "--kept \"%s\": practice %s has no such core "
			    "element; %s",
			    a->kept[i], p->id, list);
			return 1;
		}
		for (size_t j = 0; j < *n; j++)
			twice |= kept[j] == e;
		if (!twice)
			kept[(*n)++] = e;
	}
	return 0;
}

/* Splits "element: how" at the colon after which a flexible element of the
 * practice ends, so that an element may hold a colon itself. */
static int
map_adapted(const struct args *a, const Samverk__Practice *p,
    Samverk__Adaptation *adapted, size_t *n)
{
	char list[2048];
	int err = 0;

	*n = 0;
	for (size_t i = 0; i < a->n_adapted; i++) {
		const char *s = a->adapted[i], *colon, *e = NULL;
		const char *first = strchr(s, ':');

		for (colon = first; colon != NULL;
		     colon = strchr(colon + 1, ':')) {
			e = find_element(p->flexible_elements,
			    p->n_flexible_elements, s, (size_t)(colon - s),
			    &err);
			if (e != NULL || err != 0)
				break;
		}
		if (err != 0) {
			svk_cli_error("out of memory");
			return 1;
		}
		if (first == NULL) {
			svk_cli_error(
			    "--adapted wants \"flexible element: how\", "
			    "not \"%s\"",
			    s);
			return 1;
		}
		if (e == NULL) {
			int len = (int)(first - s);
			if (find_element(p->core_elements, p->n_core_elements,
				s, (size_t)len, &err) != NULL) {
				svk_cli_error(
				    "--adapted \"%.*s\": that is a core "
				    "element of practice %s: core elements "
				    "are kept (--kept), not adapted",
				    len, s, p->id);
				return 1;
			}
			elements_text(p->flexible_elements,
			    p->n_flexible_elements, "flexible", list,
			    sizeof(list));
			svk_cli_error(
			    "--adapted \"%.*s\": practice %s has no such "
			    "flexible element; %s",
			    len, s, p->id, list);
			return 1;
		}
		const char *how = colon + 1;
		while (isspace((unsigned char)*how))
			how++;
		if (*how == '\0') {
			svk_cli_error(
			    "--adapted \"%s\": say how it was adapted, "
			    "after the ':'",
			    s);
			return 1;
		}
		/* The same element twice: the later one says it. */
		size_t j = 0;
		while (j < *n && adapted[j].element != e)
			j++;
		samverk__adaptation__init(&adapted[j]);
		adapted[j].element = (char *)e;
		adapted[j].how = (char *)how;
		if (j == *n)
			(*n)++;
	}
	return 0;
}

/* The entity of an adoption, or a practice: its entry, if there is one. */
struct found {
	bool any;
	bool live;
	uint8_t entry[SVK_HASH_LEN];
	char name[SVK_HOME_MAX_NAME + 1];
};

static int
found_cb(void *arg, const svk_entity *e)
{
	struct found *f = arg;

	f->any = true;
	f->live = !e->retracted;
	memcpy(f->entry, e->entry, SVK_HASH_LEN);
	snprintf(f->name, sizeof(f->name), "%s", e->origin_name);
	return 0;
}

static int
get(svk_home *home, int kind, const uint8_t *origin, const char *id,
    struct found *f)
{
	int err;

	memset(f, 0, sizeof(*f));
	err = svk_view_get(home->store, kind, origin, id, found_cb, f);
	if (err != 0 && err != SVK_ENOTFOUND) {
		svk_cli_error("cannot read the store: %s", svk_error_str(err));
		return 1;
	}
	return 0;
}

/* Reads the practice the reference names; refuses what cannot be adopted. */
static int
practice(svk_home *home, const char *ref, uint8_t origin[SVK_KEY_LEN],
    Samverk__Body **body, struct found *f)
{
	const char *id;
	int err;

	if (svk_cli_resolve(home, SVK_KIND_PRACTICE, ref, origin, &id) != 0 ||
	    get(home, SVK_KIND_PRACTICE, origin, id, f) != 0)
		return 1;
	if (!f->any) {
		svk_cli_error(
		    "no practice '%s' here; see 'samverk practice list'", ref);
		return 1;
	}
	if (!f->live) {
		svk_cli_error("practice '%s' was withdrawn by its origin", ref);
		return 1;
	}
	if (memcmp(origin, svk_crypto_identity_public(home->id), SVK_KEY_LEN) == 0) {
		svk_cli_error(
		    "'%s' is this node's own practice: adopt a "
		    "partner's (ORIGIN/ID, see 'samverk practice list')",
		    ref);
		return 1;
	}
	if ((err = svk_view_body(home->store, f->entry, body)) != 0 ||
	    (*body)->payload_case != SAMVERK__BODY__PAYLOAD_PRACTICE) {
		svk_cli_error("cannot read practice '%s': %s", ref,
		    svk_error_str(err ? err : SVK_ECORRUPT));
		return 1;
	}
	return 0;
}

/* This node's earlier record of the adoption, if any and not --reset. */
static int
earlier(svk_home *home, const char *adoption_id, Samverk__Body **body)
{
	struct found f;
	int err;

	*body = NULL;
	if (get(home, SVK_KIND_ADOPTION, svk_crypto_identity_public(home->id),
		adoption_id, &f) != 0)
		return 1;
	if (!f.live)
		return 0;
	if ((err = svk_view_body(home->store, f.entry, body)) != 0 ||
	    (*body)->payload_case != SAMVERK__BODY__PAYLOAD_ADOPTION) {
		svk_cli_error(
		    "cannot read the earlier record of this adoption: %s",
		    svk_error_str(err ? err : SVK_ECORRUPT));
		return 1;
	}
	return 0;
}

/* Prints what was recorded, and warns of the core elements not kept. */
static void
print(const Samverk__Practice *p, const Samverk__Adoption *ad,
    const char *origin_name, const char *ref, uint64_t seq)
{
	bool first = true;

	printf("adoption of %s (%s%s%s): %s (entry %llu)\n", ref, p->title,
	    origin_name[0] ? ", " : "", origin_name, ad->status,
	    (unsigned long long)seq);
	for (size_t i = 0; i < ad->n_kept; i++)
		printf("  %-9s %s\n", i == 0 ? "kept" : "", ad->kept[i]);
	for (size_t i = 0; i < ad->n_adapted; i++)
		printf("  %-9s %s: %s\n", i == 0 ? "adapted" : "",
		    ad->adapted[i]->element, ad->adapted[i]->how);
	if (ad->note[0])
		printf("  %-9s %s\n", "note", ad->note);
	if (strcmp(ad->status, "dropped") == 0)
		return;
	for (size_t i = 0; i < p->n_core_elements; i++) {
		bool kept = false;
		for (size_t j = 0; j < ad->n_kept && !kept; j++)
			kept = strcmp(ad->kept[j], p->core_elements[i]) == 0;
		if (kept)
			continue;
		fprintf(stderr, "%s%s",
		    first ? "samverk: warning: adopted without: " : "; ",
		    p->core_elements[i]);
		first = false;
	}
	if (!first)
		fputc('\n', stderr);
}

int
svk_cmd_adopt(svk_cli *cli, int argc, char **argv)
{
	struct args a = {0};
	struct found f;
	svk_home *home = NULL;
	Samverk__Body *pbody = NULL, *old = NULL;
	Samverk__Adaptation *adapted = NULL, **adapted_ptrs = NULL;
	const char **kept = NULL;
	uint8_t origin[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], ref[SVK_FPR_LEN + 80];
	size_t n_kept, n_adapted;
	uint64_t seq;
	int rc = 1, err;

	a.kept = calloc((size_t)argc, sizeof(char *));
	a.adapted = calloc((size_t)argc, sizeof(char *));
	kept = calloc((size_t)argc, sizeof(char *));
	adapted = calloc((size_t)argc, sizeof(*adapted));
	adapted_ptrs = calloc((size_t)argc, sizeof(*adapted_ptrs));
	if (!a.kept || !a.adapted || !kept || !adapted || !adapted_ptrs) {
		svk_cli_error("out of memory");
		goto out;
	}
	if ((rc = parse(argc, argv, &a)) != 0) {
		rc = rc < 0 ? 0 : rc;
		goto out;
	}
	rc = 1;
	if (check_args(&a) != 0 || (home = svk_cli_open(cli)) == NULL ||
	    practice(home, a.ref, origin, &pbody, &f) != 0)
		goto out;
	const Samverk__Practice *p = pbody->practice;
	if (map_kept(&a, p, kept, &n_kept) != 0 ||
	    map_adapted(&a, p, adapted, &n_adapted) != 0)
		goto out;
	svk_crypto_fingerprint(origin, fpr);
	snprintf(ref, sizeof(ref), "%s/%s", fpr, p->id);
	if (!a.reset && earlier(home, ref, &old) != 0)
		goto out;

	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;
	ad.practice_origin.data = origin;
	ad.practice_origin.len = SVK_KEY_LEN;
	ad.practice_id = p->id;
	ad.status = (char *)a.status;
	ad.note = (char *)(a.note ? a.note : "");
	if (a.n_kept > 0) {
		ad.kept = (char **)kept;
		ad.n_kept = n_kept;
	}
	for (size_t i = 0; i < n_adapted; i++)
		adapted_ptrs[i] = &adapted[i];
	if (a.n_adapted > 0) {
		ad.adapted = adapted_ptrs;
		ad.n_adapted = n_adapted;
	}
	if (old != NULL) {
		/* What this call does not say stays as recorded. */
		if (a.n_kept == 0) {
			ad.kept = old->adoption->kept;
			ad.n_kept = old->adoption->n_kept;
		}
		if (a.n_adapted == 0) {
			ad.adapted = old->adoption->adapted;
			ad.n_adapted = old->adoption->n_adapted;
		}
		if (a.note == NULL)
			ad.note = old->adoption->note;
	}
	Samverk__Body body = SAMVERK__BODY__INIT;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &ad;
	err = svk_log_append(home->store, home->id, &body, &seq, NULL);
	if (err != 0) {
		svk_cli_error("cannot write the adoption: %s", svk_error_str(err));
		goto out;
	}
	print(p, &ad, f.name, ref, seq);
	rc = 0;
out:
	if (old)
		samverk__body__free_unpacked(old, NULL);
	if (pbody)
		samverk__body__free_unpacked(pbody, NULL);
	svk_home_close(home);
	free(a.kept);
	free(a.adapted);
	free(kept);
	free(adapted);
	free(adapted_ptrs);
	return rc;
}
