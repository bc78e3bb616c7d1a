/*
 * match_volunteers.c: the local volunteers who could answer one of this
 * node's needs. See match_volunteers.h.
 */
#include "match_volunteers.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "registry.h"
#include "view.h"

#define HOURS_FULL 20 /* hours a month that count in full */

struct need {
	bool live;
	uint8_t entry[SVK_HASH_LEN];
};

static int
need_cb(void *arg, const svk_entity *e)
{
	struct need *n = arg;

	n->live = !e->retracted;
	memcpy(n->entry, e->entry, SVK_HASH_LEN);
	return 0;
}

/* Is word one of the ';' separated items of list (case folded)? */
static bool
in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncasecmp(p, word, n) == 0)
			return true;
		p += len + (end ? 1 : 0);
	}
	return false;
}

/* Appends word to the ';' separated list *list; false when out of memory. */
static bool
add_word(char **list, const char *word)
{
	size_t n = *list ? strlen(*list) : 0;
	char *l = realloc(*list, n + strlen(word) + 2);

	if (l == NULL)
		return false;
	if (n > 0)
		l[n++] = ';';
	strcpy(l + n, word);
	*list = l;
	return true;
}

struct rank {
	const Samverk__Need *need;
	svk_volunteer_matches *out;
	size_t cap;
};

static void
match_free(svk_volunteer_match *m)
{
	free(m->id);
	free(m->name);
	free(m->skills);
	free(m->areas);
}

static int
rank_cb(void *arg, const svk_volunteer *v)
{
	struct rank *r = arg;
	svk_volunteer_match m = {.hours_per_month = v->hours_per_month};
	size_t skills = 0, areas = 0;

	if (!v->active)
		return 0;
	for (size_t i = 0; i < r->need->n_skills; i++)
		if (in_list(v->skills, r->need->skills[i])) {
			if (!add_word(&m.skills, r->need->skills[i]))
				goto nomem;
			skills++;
		}
	for (size_t i = 0; i < r->need->n_areas; i++)
		if (in_list(v->areas, r->need->areas[i])) {
			if (!add_word(&m.areas, r->need->areas[i]))
				goto nomem;
			areas++;
		}
	if (skills == 0 && areas == 0)
		return 0;
	m.score = 3.0 * (double)skills + 2.0 * (double)areas +
		  (double)(v->hours_per_month < HOURS_FULL ? v->hours_per_month :
							     HOURS_FULL) /
		      HOURS_FULL;
	if ((m.id = strdup(v->id)) == NULL || (m.name = strdup(v->name)) == NULL ||
	    (m.skills == NULL && (m.skills = strdup("")) == NULL) ||
	    (m.areas == NULL && (m.areas = strdup("")) == NULL))
		goto nomem;
	if (r->out->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		svk_volunteer_match *items = realloc(r->out->items,
		    cap * sizeof(*items));
		if (items == NULL)
			goto nomem;
		r->out->items = items;
		r->cap = cap;
	}
	r->out->items[r->out->n++] = m;
	return 0;
nomem:
	match_free(&m);
	return -ENOMEM;
}

/* Best first; the registry gives ids in order, and the sort keeps it. */
static int
by_score(const void *a, const void *b)
{
	const svk_volunteer_match *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->id, y->id);
}

int
svk_match_volunteers_rank(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const uint8_t origin[static SVK_KEY_LEN], const char *id, size_t limit,
    svk_volunteer_matches *out)
{
	struct need need = {0};
	Samverk__Body *body = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = svk_view_get(st, SVK_KIND_NEED, origin, id, need_cb, &need)) != 0)
		return err;
	if (!need.live)
		return SVK_ENOTFOUND;
	if (memcmp(me, origin, SVK_KEY_LEN) != 0)
		return SVK_EINVAL;
	if ((err = svk_view_body(st, need.entry, &body)) != 0)
		return err;
	if (body->payload_case != SAMVERK__BODY__PAYLOAD_NEED) {
		err = SVK_ECORRUPT;
	} else {
		struct rank r = {body->need, out, 0};
		err = svk_registry_each(st, rank_cb, &r);
	}
	samverk__body__free_unpacked(body, NULL);
	if (err != 0) {
		svk_match_volunteers_fini(out);
		return err;
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items), by_score);
	if (limit > 0 && out->n > limit) {
		for (size_t i = limit; i < out->n; i++)
			match_free(&out->items[i]);
		out->n = limit;
	}
	return 0;
}

void
svk_match_volunteers_fini(svk_volunteer_matches *out)
{
	for (size_t i = 0; i < out->n; i++)
		match_free(&out->items[i]);
	free(out->items);
	out->items = NULL;
	out->n = 0;
}
