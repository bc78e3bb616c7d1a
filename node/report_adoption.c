/*
 * report_adoption.c: the adoptions of a practice, as JSON. See
 * report_adoption.h.
 */
#include "report_adoption.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adoption.h"
#include "report.h"
#include "view.h"

/* Every member's adoption of one practice. */
struct adopters {
	svk_home *home;
	const char *ref; /* the adoption id: "ORIGIN/practice-id" */
	const Samverk__Practice *practice; /* NULL when it was retracted */
	json_t *arr;
};

/* One follow-up: its elements, how faithful it stays to the practice's core
 * (of: the practice's core elements, or those named when it is gone), its
 * results against their baselines, its lessons. */
static json_t *
follow_up_json(const Samverk__FollowUp *fu, const Samverk__Practice *p)
{
	json_t *elements = json_array(), *results = json_array();
	size_t kept = 0, adapted = 0, dropped = 0;

	for (size_t i = 0; elements && i < fu->n_elements; i++) {
		const Samverk__ElementState *es = fu->elements[i];
		kept += strcmp(es->state, "kept") == 0;
		adapted += strcmp(es->state, "adapted") == 0;
		dropped += strcmp(es->state, "dropped") == 0;
		if (json_array_append_new(elements,
			json_pack("{s:s, s:s, s:s}", "element", es->element,
			    "state", es->state, "note", es->note)) != 0) {
			json_decref(elements);
			elements = NULL;
		}
	}
	for (size_t i = 0; results && i < fu->n_results; i++) {
		const Samverk__Measure *m = fu->results[i];
		json_t *r = json_pack("{s:s, s:f, s:s}", "name", m->name, "value",
		    m->value, "unit", m->unit);
		if (r && m->has_baseline)
			(void)json_object_set_new(r, "baseline",
			    json_real(m->baseline));
		if (json_array_append_new(results, r) != 0) {
			json_decref(results);
			results = NULL;
		}
	}
	return json_pack("{s:i, s:s, s:o*, s:{s:I, s:I, s:I, s:I}, s:o*, s:s}",
	    "months", (int)fu->months, "date", fu->date, "elements", elements,
	    "fidelity", "kept", (json_int_t)kept, "adapted", (json_int_t)adapted,
	    "dropped", (json_int_t)dropped, "of",
	    (json_int_t)(p ? p->n_core_elements : fu->n_elements), "results",
	    results, "lessons", fu->lessons);
}

static json_t *
adoption_json(struct adopters *a, const svk_entity *e, const Samverk__Adoption *ad)
{
	json_t *base = svk_report_entity(a->home, e);
	json_t *kept = json_array(), *missing = json_array();
	json_t *adapted = json_array(), *follow = json_array(), *o = NULL;
	const char **names = NULL;
	size_t n_missing = 0;

	if (!base || !kept || !missing || !adapted || !follow)
		goto out;
	for (size_t i = 0; i < ad->n_follow_ups; i++)
		if (json_array_append_new(follow,
			follow_up_json(ad->follow_ups[i], a->practice)) != 0)
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
	o = json_pack("{s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:s, s:O, s:O, s:s, "
		      "s:O}",
	    "adopter", json_object_get(base, "origin"), "adopter_name",
	    json_object_get(base, "origin_name"), "country",
	    json_object_get(base, "country"), "status", ad->status, "kept", kept,
	    "missing", missing, "adapted", adapted, "note", ad->note, "updated",
	    json_object_get(base, "updated"), "seq", json_object_get(base, "seq"),
	    "started", ad->started, "follow_ups", follow);
out:
	free(names);
	json_decref(base);
	json_decref(kept);
	json_decref(missing);
	json_decref(adapted);
	json_decref(follow);
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

int
svk_report_adoption_list(svk_home *home, const uint8_t *origin, const char *id,
    const Samverk__Practice *practice, json_t **out)
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
