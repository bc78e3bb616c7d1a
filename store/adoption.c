/*
 * adoption.c: adoption tallies and the matching of an adoption's element
 * names against a practice's core and flexible elements. See adoption.h.
 */
#include "adoption.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "view.h"

bool
svk_adoption_proven(const Samverk__Adoption *ad, size_t core_elements)
{
	const Samverk__FollowUp *last = NULL;
	size_t kept = 0;
	bool better = false;

	for (size_t i = 0; i < ad->n_follow_ups; i++)
		if (last == NULL || strcmp(ad->follow_ups[i]->date, last->date) >= 0)
			last = ad->follow_ups[i];
	if (last == NULL || core_elements == 0)
		return false;
	for (size_t i = 0; i < last->n_elements; i++)
		kept += strcmp(last->elements[i]->state, "kept") == 0;
	for (size_t i = 0; i < last->n_results; i++)
		better |= last->results[i]->has_baseline &&
			  last->results[i]->value > last->results[i]->baseline;
	return kept == core_elements && better;
}

struct tally_ctx {
	svk_adoption_tally *t;
	svk_store *st;
	bool proven; /* read the bodies to count proven adoptions */
};

static int
core_cb(void *arg, const svk_entity *e)
{
	memcpy(arg, e->entry, SVK_HASH_LEN);
	return e->retracted ? SVK_ENOTFOUND : 0;
}

/* Whether the adoption entity e proves its practice (see adoption.h). */
static int
proves(svk_store *st, const svk_entity *e, bool *out)
{
	Samverk__Body *ab = NULL, *pb = NULL;
	uint8_t entry[SVK_HASH_LEN];
	int err;

	*out = false;
	if ((err = svk_view_body(st, e->entry, &ab)) != 0)
		return err;
	const Samverk__Adoption *ad = ab->adoption;
	if (ab->payload_case != SAMVERK__BODY__PAYLOAD_ADOPTION ||
	    ad->n_follow_ups == 0 || ad->practice_origin.len != SVK_KEY_LEN)
		goto out;
	err = svk_view_get(st, SVK_KIND_PRACTICE, ad->practice_origin.data,
	    ad->practice_id, core_cb, entry);
	if (err == SVK_ENOTFOUND) {
		err = 0; /* a practice not held, or withdrawn: nothing to prove */
		goto out;
	}
	if (err != 0 || (err = svk_view_body(st, entry, &pb)) != 0)
		goto out;
	if (pb->payload_case == SAMVERK__BODY__PAYLOAD_PRACTICE)
		*out = svk_adoption_proven(ad, pb->practice->n_core_elements);
out:
	if (pb)
		samverk__body__free_unpacked(pb, NULL);
	samverk__body__free_unpacked(ab, NULL);
	return err;
}

static int
tally_cb(void *arg, const svk_entity *e)
{
	struct tally_ctx *c = arg;
	svk_adoption_tally *t = c->t;
	char **refs;
	size_t *counts, *proven, i;
	bool yes = false;
	int err;

	if (strcmp(e->status, "dropped") == 0)
		return 0;
	if (c->proven && (err = proves(c->st, e, &yes)) != 0)
		return err;
	for (i = 0; i < t->n; i++)
		if (strcmp(t->refs[i], e->id) == 0)
			break;
	if (i == t->n) {
		if ((refs = realloc(t->refs, (t->n + 1) * sizeof(*refs))) == NULL)
			return -ENOMEM;
		t->refs = refs;
		if ((counts = realloc(t->counts, (t->n + 1) * sizeof(*counts))) == NULL)
			return -ENOMEM;
		t->counts = counts;
		if ((proven = realloc(t->proven, (t->n + 1) * sizeof(*proven))) == NULL)
			return -ENOMEM;
		t->proven = proven;
		if ((refs[t->n] = strdup(e->id)) == NULL)
			return -ENOMEM;
		counts[t->n] = proven[t->n] = 0;
		t->n++;
	}
	t->counts[i]++;
	t->proven[i] += yes;
	return 0;
}

int
svk_adoption_tally_init(svk_adoption_tally *t, svk_store *st, bool proven)
{
	svk_query q = {.kind = SVK_KIND_ADOPTION};
	struct tally_ctx c = {t, st, proven};

	memset(t, 0, sizeof(*t));
	return svk_view_list(st, &q, tally_cb, &c);
}

static long
tally_find(const svk_adoption_tally *t, const uint8_t origin[static SVK_KEY_LEN],
    const char *id)
{
	char ref[SVK_FPR_LEN + 80];

	svk_crypto_fingerprint_bare(origin, ref);
	snprintf(ref + strlen(ref), sizeof(ref) - strlen(ref), "/%s", id);
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->refs[i], ref) == 0)
			return (long)i;
	return -1;
}

size_t
svk_adoption_tally_count(const svk_adoption_tally *t,
    const uint8_t origin[static SVK_KEY_LEN], const char *id)
{
	long i = tally_find(t, origin, id);
	return i < 0 ? 0 : t->counts[i];
}

size_t
svk_adoption_tally_proven(const svk_adoption_tally *t,
    const uint8_t origin[static SVK_KEY_LEN], const char *id)
{
	long i = tally_find(t, origin, id);
	return i < 0 ? 0 : t->proven[i];
}

void
svk_adoption_tally_fini(svk_adoption_tally *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->refs[i]);
	free(t->refs);
	free(t->counts);
	free(t->proven);
	memset(t, 0, sizeof(*t));
}

/* Whether s[0..len), without the spaces around it, folds to what element
 * folds to. */
static int
same_element(const char *s, size_t len, const char *element, bool *same)
{
	char *a = NULL, *b = NULL;
	int err;

	*same = false;
	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if ((err = svk_fold(s, len, &a)) == 0 &&
	    (err = svk_fold(element, strlen(element), &b)) == 0)
		*same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return err;
}

int
svk_adoption_element_find(char *const *list, size_t n, const char *s, size_t len,
    const char **found)
{
	bool same;
	int err;

	*found = NULL;
	for (size_t i = 0; i < n; i++) {
		if ((err = same_element(s, len, list[i], &same)) != 0)
			return err;
		if (same) {
			*found = list[i];
			return 0;
		}
	}
	return 0;
}

int
svk_adoption_kept(const Samverk__Practice *p, const char *const *names,
    size_t n_names, const char **kept, size_t *n, size_t *bad)
{
	const char *e;
	int err;

	*n = 0;
	for (size_t i = 0; i < n_names; i++) {
		bool twice = false;

		err = svk_adoption_element_find(p->core_elements,
		    p->n_core_elements, names[i], strlen(names[i]), &e);
		if (err != 0)
			return err;
		if (e == NULL) {
			*bad = i;
			return SVK_ENOTFOUND;
		}
		for (size_t j = 0; j < *n; j++)
			twice |= kept[j] == e;
		if (!twice)
			kept[(*n)++] = e;
	}
	return 0;
}

int
svk_adoption_adapted_split(const Samverk__Practice *p, const char *s,
    const char **element, const char **how, size_t *name_len)
{
	const char *first = strchr(s, ':'), *colon;
	int err;

	*element = NULL;
	*how = NULL;
	*name_len = first ? (size_t)(first - s) : strlen(s);
	if (first == NULL)
		return SVK_EINVAL;
	for (colon = first; colon != NULL; colon = strchr(colon + 1, ':')) {
		err = svk_adoption_element_find(p->flexible_elements,
		    p->n_flexible_elements, s, (size_t)(colon - s), element);
		if (err != 0)
			return err;
		if (*element != NULL)
			break;
	}
	if (*element == NULL)
		return SVK_ENOTFOUND;
	*how = colon + 1;
	while (isspace((unsigned char)**how))
		(*how)++;
	return 0;
}

bool
svk_adoption_keeps(const Samverk__Adoption *ad, const char *element)
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

void
svk_adoption_missing(const Samverk__Practice *p, const Samverk__Adoption *ad,
    const char **missing, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < p->n_core_elements; i++)
		if (!svk_adoption_keeps(ad, p->core_elements[i]))
			missing[(*n)++] = p->core_elements[i];
}
