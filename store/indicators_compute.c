/*
 * indicators_compute.c: a node's indicator set for a period, counted from
 * the volunteer registry and from its own entries replayed as the log stood
 * at the period's end, then protected by disclosure.c. See
 * indicators_compute.h.
 */
#include "indicators_compute.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure.h"
#include "envelope.h"
#include "registry.h"
#include "samverk.pb-c.h"
#include "view.h"
#include "vocab.h"

/* The true counts being gathered: per code, the total and each area. */
struct tally {
	uint64_t cell[SVK_INDICATOR_NCODES][1 + SVK_INDICATOR_MAX_AREAS];
	bool adoptions; /* the node has adopted (or considered) any practice */
};

static void
add(struct tally *t, int code, uint32_t areas, uint64_t amount)
{
	t->cell[code][0] += amount;
	for (size_t a = 0; a < svk_indicator_n_areas(); a++)
		if (areas & (1u << a))
			t->cell[code][1 + a] += amount;
}

/* A ';' or ',' separated list of area codes as a bit mask. */
static uint32_t
area_mask(const char *list)
{
	uint32_t mask = 0;
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ";,");
		int a = svk_indicator_area_index(p, n);
		if (a >= 0)
			mask |= 1u << a;
		p += n + (p[n] ? 1 : 0);
	}
	return mask;
}

struct vol_ctx {
	struct tally *t;
	const svk_period *p;
};

static int
count_volunteer(void *arg, const svk_volunteer *v)
{
	struct vol_ctx *c = arg;
	uint32_t areas = area_mask(v->areas);
	bool joined = strcmp(v->joined, c->p->last) <= 0;
	int age = c->p->last_year - v->birth_year;

	if (joined && strcmp(v->joined, c->p->first) >= 0)
		add(c->t, SVK_INDICATOR_NEW, areas, 1);
	if (!v->active || !joined)
		return 0;
	add(c->t, SVK_INDICATOR_ACTIVE, areas, 1);
	add(c->t, SVK_INDICATOR_HOURS, areas, v->hours_per_month);
	if (v->birth_year > 0 && age >= 15 && age <= 29)
		add(c->t, SVK_INDICATOR_YOUNG, areas, 1);
	return 0;
}

/* An own practice, need or adoption as the log stood at a moment. */
struct entity {
	int kind;
	char *id;
	bool live;
	bool closed;	   /* needs */
	int64_t closed_ms; /* needs: when it was closed */
	bool adopted;	   /* adoptions */
	uint32_t areas;
	uint8_t practice_origin[SVK_KEY_LEN]; /* adoptions */
	char *practice_id;
};

struct entities {
	struct entity *e;
	size_t n, cap;
};

static void
entities_fini(struct entities *es)
{
	for (size_t i = 0; i < es->n; i++) {
		free(es->e[i].id);
		free(es->e[i].practice_id);
	}
	free(es->e);
}

static struct entity *
entity_find(struct entities *es, int kind, const char *id, bool make)
{
	for (size_t i = 0; i < es->n; i++)
		if (es->e[i].kind == kind && strcmp(es->e[i].id, id) == 0)
			return &es->e[i];
	if (!make)
		return NULL;
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 32;
		struct entity *e = realloc(es->e, cap * sizeof(*e));
		if (e == NULL)
			return NULL;
		es->e = e;
		es->cap = cap;
	}
	struct entity *e = &es->e[es->n];
	memset(e, 0, sizeof(*e));
	if ((e->id = strdup(id)) == NULL)
		return NULL;
	e->kind = kind;
	es->n++;
	return e;
}

static uint32_t
list_mask(char **areas, size_t n)
{
	uint32_t mask = 0;
	for (size_t i = 0; i < n; i++) {
		int a = svk_indicator_area_index(areas[i], strlen(areas[i]));
		if (a >= 0)
			mask |= 1u << a;
	}
	return mask;
}

/* Applies one of my entries to what my entities were. */
static int
replay(struct entities *es, const Samverk__Body *b)
{
	struct entity *e;
	char fpr[SVK_FPR_LEN], id[SVK_FPR_LEN + 80];

	switch (b->payload_case) {
	case SAMVERK__BODY__PAYLOAD_PRACTICE:
		if ((e = entity_find(es, SVK_KIND_PRACTICE, b->practice->id, true)) ==
		    NULL)
			return -ENOMEM;
		e->live = true;
		e->areas = list_mask(b->practice->areas, b->practice->n_areas);
		return 0;
	case SAMVERK__BODY__PAYLOAD_NEED: {
		const Samverk__Need *n = b->need;
		bool closed = strcmp(n->status, "closed") == 0;
		if ((e = entity_find(es, SVK_KIND_NEED, n->id, true)) == NULL)
			return -ENOMEM;
		if (closed && !(e->live && e->closed))
			e->closed_ms = b->time_ms;
		e->live = true;
		e->closed = closed;
		e->areas = list_mask(n->areas, n->n_areas);
		return 0;
	}
	case SAMVERK__BODY__PAYLOAD_ADOPTION: {
		const Samverk__Adoption *a = b->adoption;
		if (a->practice_origin.len != SVK_KEY_LEN)
			return 0;
		svk_crypto_fingerprint_bare(a->practice_origin.data, fpr);
		snprintf(id, sizeof(id), "%s/%s", fpr, a->practice_id);
		if ((e = entity_find(es, SVK_KIND_ADOPTION, id, true)) == NULL)
			return -ENOMEM;
		e->live = true;
		e->adopted = strcmp(a->status, "adopted") == 0;
		memcpy(e->practice_origin, a->practice_origin.data, SVK_KEY_LEN);
		free(e->practice_id);
		if ((e->practice_id = strdup(a->practice_id)) == NULL)
			return -ENOMEM;
		return 0;
	}
	case SAMVERK__BODY__PAYLOAD_RETRACTION:
		if ((e = entity_find(es, (int)b->retraction->kind,
			 b->retraction->id, false)) != NULL)
			e->live = false;
		return 0;
	default: return 0;
	}
}

/* Replays my own entries written before the period ended. */
static int
load_entities(svk_store *st, const uint8_t *me, const svk_period *p,
    struct entities *es)
{
	sqlite3_stmt *stmt;
	int rc, err = 0;

	rc = sqlite3_prepare_v2(svk__store_db(st),
	    "SELECT envelope FROM log WHERE origin = ?1 AND time_ms < ?2 AND "
	    "kind IN (?3, ?4, ?5, ?6) ORDER BY seq",
	    -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	(void)sqlite3_bind_blob(stmt, 1, me, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 2, p->end_ms);
	(void)sqlite3_bind_int(stmt, 3, SAMVERK__BODY__PAYLOAD_PRACTICE);
	(void)sqlite3_bind_int(stmt, 4, SAMVERK__BODY__PAYLOAD_NEED);
	(void)sqlite3_bind_int(stmt, 5, SAMVERK__BODY__PAYLOAD_ADOPTION);
	(void)sqlite3_bind_int(stmt, 6, SAMVERK__BODY__PAYLOAD_RETRACTION);
	while (err == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Samverk__Body *b = svk__envelope_body(sqlite3_column_blob(stmt, 0),
		    (size_t)sqlite3_column_bytes(stmt, 0));
		err = b ? replay(es, b) : SVK_ECORRUPT;
		if (b)
			samverk__body__free_unpacked(b, NULL);
	}
	return svk__store_finish(stmt, rc, err);
}

static int
practice_areas(void *arg, const svk_entity *e)
{
	*(uint32_t *)arg = area_mask(e->areas);
	return 0;
}

static int
count_entities(svk_store *st, struct entities *es, const svk_period *p,
    struct tally *t)
{
	for (size_t i = 0; i < es->n; i++) {
		struct entity *e = &es->e[i];
		uint32_t areas = 0;
		int err;

		if (e->kind == SVK_KIND_ADOPTION)
			t->adoptions = true;
		if (!e->live)
			continue;
		switch (e->kind) {
		case SVK_KIND_PRACTICE:
			add(t, SVK_INDICATOR_SHARED, e->areas, 1);
			break;
		case SVK_KIND_NEED:
			if (!e->closed)
				add(t, SVK_INDICATOR_NEED_OPEN, e->areas, 1);
			else if (e->closed_ms >= p->start_ms)
				add(t, SVK_INDICATOR_NEED_MET, e->areas, 1);
			break;
		case SVK_KIND_ADOPTION:
			if (!e->adopted)
				break;
			/* The practice's areas, as far as it is held here. */
			err = svk_view_get(st, SVK_KIND_PRACTICE, e->practice_origin,
			    e->practice_id, practice_areas, &areas);
			if (err != 0 && err != SVK_ENOTFOUND)
				return err;
			add(t, SVK_INDICATOR_ADOPTED, areas, 1);
			break;
		}
	}
	return 0;
}

/* Lays the tally out as a set: per code the total, then each area. */
static int
tally_set(const struct tally *t, const svk_period *p, svk_indicator_set **out)
{
	size_t na = svk_indicator_n_areas(), k = 0;
	int ncodes = t->adoptions ? SVK_INDICATOR_NCODES : SVK_INDICATOR_ADOPTED;
	svk_indicator_set *set = calloc(1, sizeof(*set));

	if (set == NULL || (set->cells = calloc((size_t)ncodes * (1 + na),
				sizeof(*set->cells))) == NULL) {
		free(set);
		return -ENOMEM;
	}
	memcpy(set->period, p->text, sizeof(set->period));
	for (int c = 0; c < ncodes; c++) {
		for (size_t a = 0; a <= na; a++, k++) {
			svk_indicator *cell = &set->cells[k];
			snprintf(cell->code, sizeof(cell->code), "%s",
			    svk_indicator_code_name(c));
			snprintf(cell->unit, sizeof(cell->unit), "%s",
			    svk_indicator_code_unit(c));
			if (a == 0)
				strcpy(cell->breakdown, "_T");
			else
				snprintf(cell->breakdown, sizeof(cell->breakdown),
				    "area:%s", svk_vocab_areas[a - 1]);
			cell->value = t->cell[c][a];
			cell->conf = SVK_CONF_FREE;
		}
	}
	set->n = k;
	*out = set;
	return 0;
}

int
svk_indicators_compute_raw(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const char *period, svk_indicator_set **out)
{
	struct tally *t;
	struct entities es = {0};
	svk_period p;
	int err;

	if (svk_period_parse(period, &p) != 0)
		return SVK_EINVAL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -ENOMEM;
	struct vol_ctx vc = {t, &p};
	if ((err = svk_registry_each(st, count_volunteer, &vc)) != 0 ||
	    (err = load_entities(st, me, &p, &es)) != 0 ||
	    (err = count_entities(st, &es, &p, t)) != 0)
		goto out;
	err = tally_set(t, &p, out);
out:
	entities_fini(&es);
	free(t);
	return err;
}

int
svk_indicators_compute(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const char *period, unsigned min_cell, svk_indicator_set **out)
{
	svk_indicator_set *set;
	int err;

	if (min_cell < SVK_INDICATORS_MIN_CELL_LO ||
	    min_cell > SVK_INDICATORS_MIN_CELL_HI)
		return SVK_EINVAL;
	if ((err = svk_indicators_compute_raw(st, me, period, &set)) != 0)
		return err;
	if ((err = svk_disclosure_protect(set, min_cell)) != 0) {
		svk_indicator_set_free(set);
		return err;
	}
	*out = set;
	return 0;
}
