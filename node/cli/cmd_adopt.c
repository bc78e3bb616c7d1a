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
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adopter.h"
#include "adoption.h"
#include "author.h"
#include "cli.h"
#include "config.h"
#include "fold.h"
#include "follow_up.h"
#include "log.h"
#include "text.h"
#include "view.h"
#include "vocab.h"

static const char help[] =
    "Records that this municipality takes a partner's practice home, signed\n"
    "in this node's log: STATUS is considering, piloting, adopted or dropped;\n"
    "--kept names a core (concept-bearing) element of the practice that was\n"
    "kept, --adapted a flexible element and how it was adapted here. Name\n"
    "elements as 'samverk practice show' lists them; case and accents do\n"
    "not matter. A core element not kept is warned about (\"adopted\n"
    "without: ...\").\n\n"
    "Run it again to update the record: options given replace what was\n"
    "recorded, the others stay as they were; --reset starts afresh.\n"
    "The adoption starts (--started, default today) when it is first\n"
    "piloting or adopted; follow-ups are due 3, 6 and 9 months on.\n\n"
    "With --follow-up FILE, records a follow-up of the adoption instead:\n"
    "a JSON file with \"months\" (3, 6, 9, ...) or a \"date\", the state of\n"
    "each core element (\"elements\": [{\"element\", \"state\": kept,\n"
    "adapted with \"how\", dropped with \"why\"}]), \"results\" measured\n"
    "against a baseline ([{\"name\", \"value\", \"unit\", \"baseline\"}]) and\n"
    "\"lessons\". Only a practice this node adopted has follow-ups; one\n"
    "for months already followed up replaces it.\n";

struct args {
	const char *ref;
	const char *status;
	const char *note;
	const char *started;
	const char *follow_up;
	bool reset;
	svk_cli_list kept;
	svk_cli_list adapted;
};

static int
parse(int argc, char **argv, struct args *a)
{
	const svk_cli_opt opts[] = {
	    {"status", 0, SVK_CLI_STRING, &a->status, "STATUS",
		"considering, piloting, adopted or dropped", false},
	    {"kept", 0, SVK_CLI_LIST, &a->kept, "\"core element\"",
		"a core element kept", false},
	    {"adapted", 0, SVK_CLI_LIST, &a->adapted, "\"flexible element: how\"",
		"a flexible element, and how it was adapted", false},
	    {"note", 0, SVK_CLI_STRING, &a->note, "TEXT", "a note", false},
	    {"reset", 0, SVK_CLI_FLAG, &a->reset, NULL, "start the record afresh", false},
	    {"started", 0, SVK_CLI_STRING, &a->started, "YYYY-MM-DD",
		"when piloting or adopting began (default: today)", false},
	    {"follow-up", 0, SVK_CLI_STRING, &a->follow_up, "FILE",
		"record a follow-up of this node's adoption (JSON)", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {"[ORIGIN/]PRACTICE", help, opts};
	int first, rc;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc;
	if (argc - first != 1)
		return svk_cli_error_usage(argc - first == 0 ?
					       "adopt needs the practice, as ORIGIN/ID" :
					       "wrong number of arguments");
	a->ref = argv[first];
	if (a->follow_up != NULL) {
		if (a->status || a->note || a->reset || a->started || a->kept.n ||
		    a->adapted.n)
			return svk_cli_error_usage("--follow-up takes the file alone");
		return 0;
	}
	if (a->status == NULL)
		return svk_cli_error_usage("adopt needs --status");
	if (a->started != NULL) {
		long y, m, d;
		if (strlen(a->started) != 10 ||
		    svk_text_date(a->started, &y, &m, &d) != 3) {
			svk_cli_error("--started is a date, YYYY-MM-DD, not '%s'",
			    a->started);
			return 2;
		}
	}
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
	for (size_t i = 0; i < a->kept.n; i++)
		if (check_text("--kept", a->kept.items[i], SVK_AUTHOR_MAX_ITEM) != 0)
			return 1;
	for (size_t i = 0; i < a->adapted.n; i++)
		if (check_text("--adapted", a->adapted.items[i],
			2 * SVK_AUTHOR_MAX_ITEM) != 0)
			return 1;
	if (a->note && check_text("--note", a->note, SVK_AUTHOR_MAX_TEXT) != 0)
		return 1;
	return 0;
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
	size_t bad = 0;
	int err;

	err = svk_adoption_kept(p, a->kept.items, a->kept.n, kept, n, &bad);
	if (err == SVK_ENOTFOUND) {
		elements_text(p->core_elements, p->n_core_elements, "core", list,
		    sizeof(list));
		svk_cli_error("--kept \"%s\": practice %s has no such core "
			      "element; %s",
		    a->kept.items[bad], p->id, list);
		return 1;
	}
	if (err != 0) {
		svk_cli_error("out of memory");
		return 1;
	}
	return 0;
}

/* Why s does not name a flexible element of p and how it was adapted. */
static void
adapted_error(const Samverk__Practice *p, const char *s, size_t name_len, int err)
{
	char list[2048];
	const char *core = NULL;
	int len = (int)name_len;

	if (err == SVK_EINVAL) {
		svk_cli_error("--adapted wants \"flexible element: how\", not \"%s\"",
		    s);
		return;
	}
	if (err != SVK_ENOTFOUND ||
	    svk_adoption_element_find(p->core_elements, p->n_core_elements, s,
		name_len, &core) != 0) {
		svk_cli_error("out of memory");
		return;
	}
	if (core != NULL) {
		svk_cli_error("--adapted \"%.*s\": that is a core element of "
			      "practice %s: core elements are kept (--kept), not "
			      "adapted",
		    len, s, p->id);
		return;
	}
	elements_text(p->flexible_elements, p->n_flexible_elements, "flexible",
	    list, sizeof(list));
	svk_cli_error("--adapted \"%.*s\": practice %s has no such flexible "
		      "element; %s",
	    len, s, p->id, list);
}

/* Each --adapted as a flexible element of p and how; the same element
 * twice: the later one says it. */
static int
map_adapted(const struct args *a, const Samverk__Practice *p,
    Samverk__Adaptation *adapted, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < a->adapted.n; i++) {
		const char *s = a->adapted.items[i], *e, *how;
		size_t name_len, j = 0;
		int err = svk_adoption_adapted_split(p, s, &e, &how, &name_len);

		if (err != 0) {
			adapted_error(p, s, name_len, err);
			return 1;
		}
		if (*how == '\0') {
			svk_cli_error("--adapted \"%s\": say how it was adapted, "
				      "after the ':'",
			    s);
			return 1;
		}
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


/* Reads the practice the reference names; refuses what cannot be adopted. */
static int
practice(svk_home *home, const char *ref, uint8_t origin[SVK_KEY_LEN],
    Samverk__Body **body, svk_cli_found *f)
{
	const char *id;
	int err;

	if (svk_cli_resolve(home, SVK_KIND_PRACTICE, ref, origin, &id) != 0 ||
	    svk_cli_find(home, SVK_KIND_PRACTICE, origin, id, f) != 0)
		return 1;
	if (!f->any) {
		svk_cli_error("no practice '%s' here; see 'samverk practice list'",
		    ref);
		return 1;
	}
	if (!f->live) {
		svk_cli_error("practice '%s' was withdrawn by its origin", ref);
		return 1;
	}
	if (memcmp(origin, svk_crypto_identity_public(home->id), SVK_KEY_LEN) == 0) {
		svk_cli_error("'%s' is this node's own practice: adopt a "
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

/* This node's earlier record of its adoption of origin/id, if any. */
static int
earlier(svk_home *home, const uint8_t *origin, const char *id, Samverk__Body **body)
{
	int err = svk_adopter_read(home, origin, id, body);

	if (err != 0) {
		svk_cli_error("cannot read the earlier record of this adoption: %s",
		    svk_error_str(err));
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
	const char **missing = calloc(p->n_core_elements + 1, sizeof(*missing));
	size_t n = 0;

	if (missing == NULL)
		return;
	svk_adoption_missing(p, ad, missing, &n);
	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "%s%s",
		    first ? "samverk: warning: adopted without: " : "; ", missing[i]);
		first = false;
	}
	free(missing);
	if (!first)
		fputc('\n', stderr);
}

static void
print_follow_up(const char *ref, const Samverk__FollowUp *fu, uint64_t seq)
{
	if (fu->months > 0)
		printf("follow-up of %s at %u months (%s) recorded (entry %llu)\n",
		    ref, fu->months, fu->date, (unsigned long long)seq);
	else
		printf("follow-up of %s of %s recorded (entry %llu)\n", ref,
		    fu->date, (unsigned long long)seq);
	for (size_t i = 0; i < fu->n_elements; i++)
		printf("  %-9s %s%s%s\n", fu->elements[i]->state,
		    fu->elements[i]->element, *fu->elements[i]->note ? ": " : "",
		    fu->elements[i]->note);
	for (size_t i = 0; i < fu->n_results; i++) {
		const Samverk__Measure *m = fu->results[i];
		printf("  %-9s %s: %g %s", i == 0 ? "results" : "", m->name,
		    m->value, m->unit);
		if (m->has_baseline)
			printf(" (baseline %g)", m->baseline);
		putchar('\n');
	}
}

/* Records the follow-up in a->follow_up of this node's adoption of p: the
 * adoption again, with the follow-up added (one for the same months
 * replaced). */
static int
record_follow_up(svk_cli *cli, svk_home *home, const struct args *a,
    const uint8_t *origin, const Samverk__Practice *p)
{
	char fpr[SVK_FPR_LEN], ref[SVK_FPR_LEN + 80], date[11], why[256];
	Samverk__Body *old = NULL;
	svk_follow_up fu = {0};
	svk_config cfg;
	char *text = NULL;
	size_t len;
	uint64_t seq;
	int rc = 1, err;

	if (earlier(home, origin, p->id, &old) != 0)
		return 1;
	svk_crypto_fingerprint(origin, fpr);
	snprintf(ref, sizeof(ref), "%s/%s", fpr, p->id);
	if (old == NULL) {
		svk_cli_error("practice %s was never adopted by this node: record "
			      "the adoption first ('samverk adopt %s --status "
			      "piloting')",
		    ref, a->ref);
		return 1;
	}
	svk_follow_up_today(date);
	if (svk_cli_config(cli, &cfg) != 0 ||
	    (text = svk_cli_read_file(a->follow_up, SVK_AUTHOR_MAX_FILE, &len)) == NULL)
		goto out;
	const Samverk__Adoption *was = old->adoption;
	err = svk_follow_up_parse(text, len, p, was->started, date, cfg.min_cell,
	    &fu, why, sizeof(why), NULL);
	if (err == SVK_EINVAL) {
		svk_cli_error("%s: %s", a->follow_up, why);
		goto out;
	}
	if (err != 0) {
		svk_cli_error("out of memory");
		goto out;
	}
	if ((err = svk_adopter_follow_up(home, was, &fu.fu, &seq)) != 0) {
		svk_cli_write_failed(home, "follow-up", err);
		goto out;
	}
	print_follow_up(ref, &fu.fu, seq);
	rc = 0;
out:
	free(text);
	svk_follow_up_fini(&fu);
	samverk__body__free_unpacked(old, NULL);
	return rc;
}

int
svk_cmd_adopt(svk_cli *cli, int argc, char **argv)
{
	struct args a = {0};
	svk_cli_found f;
	svk_home *home = NULL;
	Samverk__Body *pbody = NULL, *old = NULL;
	Samverk__Adaptation *adapted = NULL, **adapted_ptrs = NULL;
	const char **kept = NULL;
	uint8_t origin[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], ref[SVK_FPR_LEN + 80];
	size_t n_kept, n_adapted;
	uint64_t seq;
	int rc = 1, err;

	kept = calloc((size_t)argc, sizeof(char *));
	adapted = calloc((size_t)argc, sizeof(*adapted));
	adapted_ptrs = calloc((size_t)argc, sizeof(*adapted_ptrs));
	if (!kept || !adapted || !adapted_ptrs) {
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
	if (a.follow_up != NULL) {
		rc = record_follow_up(cli, home, &a, origin, p);
		goto out;
	}
	if (map_kept(&a, p, kept, &n_kept) != 0 ||
	    map_adapted(&a, p, adapted, &n_adapted) != 0)
		goto out;
	/* The store keys adoptions by the form without the check group. */
	svk_crypto_fingerprint_bare(origin, fpr);
	snprintf(ref, sizeof(ref), "%s/%s", fpr, p->id);
	if (!a.reset && earlier(home, origin, p->id, &old) != 0)
		goto out;

	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;
	ad.practice_origin.data = origin;
	ad.practice_origin.len = SVK_KEY_LEN;
	ad.practice_id = p->id;
	ad.status = (char *)a.status;
	ad.note = (char *)(a.note ? a.note : "");
	if (a.kept.n > 0) {
		ad.kept = (char **)kept;
		ad.n_kept = n_kept;
	}
	for (size_t i = 0; i < n_adapted; i++)
		adapted_ptrs[i] = &adapted[i];
	if (a.adapted.n > 0) {
		ad.adapted = adapted_ptrs;
		ad.n_adapted = n_adapted;
	}
	if (old != NULL) {
		/* What this call does not say stays as recorded. */
		if (a.kept.n == 0) {
			ad.kept = old->adoption->kept;
			ad.n_kept = old->adoption->n_kept;
		}
		if (a.adapted.n == 0) {
			ad.adapted = old->adoption->adapted;
			ad.n_adapted = old->adoption->n_adapted;
		}
		if (a.note == NULL)
			ad.note = old->adoption->note;
		/* The follow-ups stay, and so does the start. */
		ad.follow_ups = old->adoption->follow_ups;
		ad.n_follow_ups = old->adoption->n_follow_ups;
		ad.started = old->adoption->started;
	}
	char date[11];
	svk_follow_up_today(date);
	ad.started = (char *)svk_adopter_started(a.status, a.started, ad.started, date);
	Samverk__Body body = SAMVERK__BODY__INIT;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &ad;
	err = svk_log_append(home->store, home->id, &body, &seq, NULL);
	if (err != 0) {
		svk_cli_write_failed(home, "adoption", err);
		goto out;
	}
	/* Printed with the check group, as every id is shown. */
	svk_crypto_fingerprint(origin, fpr);
	snprintf(ref, sizeof(ref), "%s/%s", fpr, p->id);
	print(p, &ad, f.name, ref, seq);
	rc = 0;
out:
	if (old)
		samverk__body__free_unpacked(old, NULL);
	if (pbody)
		samverk__body__free_unpacked(pbody, NULL);
	svk_home_close(home);
	free(a.kept.items);
	free(a.adapted.items);
	free(kept);
	free(adapted);
	free(adapted_ptrs);
	return rc;
}
