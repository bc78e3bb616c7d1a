/*
 * indicators.c: computing indicator sets from the registry and the log,
 * publishing them, reading them back, and the rollup over the sets members
 * published. Disclosure control is disclosure.c's. See indicators.h.
 */
#include "indicators.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "disclosure.h"
#include "log.h"
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
		Samverk__Envelope *env = samverk__envelope__unpack(NULL,
		    (size_t)sqlite3_column_bytes(stmt, 0),
		    sqlite3_column_blob(stmt, 0));
		Samverk__Body *b = env ? samverk__body__unpack(NULL,
					     env->body.len, env->body.data) :
					 NULL;
		err = b ? replay(es, b) : SVK_ECORRUPT;
		if (b)
			samverk__body__free_unpacked(b, NULL);
		if (env)
			samverk__envelope__free_unpacked(env, NULL);
	}
	if (err == 0 && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	sqlite3_finalize(stmt);
	return err;
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
svk_indicators_raw(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
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
	if ((err = svk_indicators_raw(st, me, period, &set)) != 0)
		return err;
	if ((err = svk_disclosure_protect(set, min_cell)) != 0) {
		svk_indicator_set_free(set);
		return err;
	}
	*out = set;
	return 0;
}

/* --- publishing and reading back ----------------------------------------- */

static bool
word_valid(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n >= max || s[0] < 'A' || s[0] > 'Z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
			(s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* A cell fit to be published or summed: a code and unit in capitals, a
 * breakdown that is the total or a known area, and no value when it is
 * suppressed (when strict; a partner's stray value is dropped instead). */
static bool
cell_valid(const char *code, const char *breakdown, const char *unit, int conf)
{
	return word_valid(code, SVK_INDICATOR_CODE_LEN) &&
	       word_valid(unit, SVK_INDICATOR_UNIT_LEN) &&
	       strlen(breakdown) < SVK_INDICATOR_BREAKDOWN_LEN &&
	       svk_indicator_breakdown_area(breakdown) >= -1 &&
	       conf >= SVK_CONF_FREE && conf <= SVK_CONF_WITHHELD;
}

int
svk_indicators_publish(svk_store *st, const svk_identity *me,
    const svk_indicator_set *set, uint64_t *seq)
{
	Samverk__IndicatorSet msg = SAMVERK__INDICATOR_SET__INIT;
	Samverk__Indicator *items;
	Samverk__Indicator **ptrs;
	Samverk__Body body = SAMVERK__BODY__INIT;
	svk_period p;
	int err;

	if (svk_period_parse(set->period, &p) != 0 || set->n == 0 ||
	    set->min_cell < SVK_INDICATORS_MIN_CELL_LO)
		return SVK_EINVAL;
	for (size_t i = 0; i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		if (!cell_valid(c->code, c->breakdown, c->unit, c->conf) ||
		    svk_indicator_code_rank(c->code) == SVK_INDICATOR_NCODES ||
		    (c->conf != SVK_CONF_FREE && c->value != 0))
			return SVK_EINVAL;
	}
	items = calloc(set->n, sizeof(*items));
	ptrs = calloc(set->n, sizeof(*ptrs));
	if (items == NULL || ptrs == NULL) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		samverk__indicator__init(&items[i]);
		items[i].code = (char *)c->code;
		items[i].breakdown = (char *)c->breakdown;
		items[i].value = c->conf == SVK_CONF_FREE ? c->value : 0;
		items[i].conf = (Samverk__ConfStatus)c->conf;
		items[i].unit = (char *)c->unit;
		ptrs[i] = &items[i];
	}
	msg.period = (char *)set->period;
	msg.min_cell = set->min_cell;
	msg.cells = ptrs;
	msg.n_cells = set->n;
	body.payload_case = SAMVERK__BODY__PAYLOAD_INDICATORS;
	body.indicators = &msg;
	err = svk_log_append(st, me, &body, seq, NULL);
out:
	free(items);
	free(ptrs);
	return err;
}

/* A set from a decoded entry, with the cells that are well formed. */
static int
set_from_body(const Samverk__Body *b, svk_indicator_set **out)
{
	const Samverk__IndicatorSet *m = b->indicators;
	svk_indicator_set *set;
	svk_period p;

	*out = NULL;
	if (m == NULL || svk_period_parse(m->period, &p) != 0 ||
	    b->origin.len != SVK_KEY_LEN)
		return 0; /* not a set we can read: skipped */
	if ((set = calloc(1, sizeof(*set))) == NULL ||
	    (m->n_cells > 0 &&
		(set->cells = calloc(m->n_cells, sizeof(*set->cells))) == NULL)) {
		free(set);
		return -ENOMEM;
	}
	memcpy(set->period, p.text, sizeof(set->period));
	set->min_cell = m->min_cell;
	memcpy(set->origin, b->origin.data, SVK_KEY_LEN);
	set->seq = b->seq;
	set->time_ms = b->time_ms;
	for (size_t i = 0; i < m->n_cells; i++) {
		const Samverk__Indicator *c = m->cells[i];
		svk_indicator *d = &set->cells[set->n];
		bool twice = false;
		if (!cell_valid(c->code, c->breakdown, c->unit, (int)c->conf))
			continue;
		for (size_t j = 0; j < set->n && !twice; j++)
			twice = strcmp(set->cells[j].code, c->code) == 0 &&
				strcmp(set->cells[j].breakdown, c->breakdown) == 0;
		if (twice)
			continue;
		snprintf(d->code, sizeof(d->code), "%s", c->code);
		snprintf(d->breakdown, sizeof(d->breakdown), "%s", c->breakdown);
		snprintf(d->unit, sizeof(d->unit), "%s", c->unit);
		d->conf = (int)c->conf;
		d->value = d->conf == SVK_CONF_FREE ? c->value : 0;
		set->n++;
	}
	*out = set;
	return 0;
}

static int
set_order(const void *a, const void *b)
{
	const svk_indicator_set *x = *(const svk_indicator_set *const *)a;
	const svk_indicator_set *y = *(const svk_indicator_set *const *)b;
	int c = memcmp(x->origin, y->origin, SVK_KEY_LEN);
	if (c == 0)
		c = strcmp(x->period, y->period);
	if (c == 0)
		c = (x->seq < y->seq) - (x->seq > y->seq); /* newest first */
	return c;
}

/* Every readable set held (of origin, of period), newest first within each
 * (origin, period). */
static int
load_sets(svk_store *st, const uint8_t *origin, const char *period,
    svk_indicator_set ***out, size_t *nout)
{
	svk_indicator_set **sets = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *stmt;
	int rc, err = 0;

	rc = sqlite3_prepare_v2(svk__store_db(st),
	    "SELECT envelope FROM log WHERE kind = ?1 AND (?2 IS NULL OR "
	    "origin = ?2) ORDER BY origin, seq",
	    -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	(void)sqlite3_bind_int(stmt, 1, SAMVERK__BODY__PAYLOAD_INDICATORS);
	if (origin != NULL)
		(void)sqlite3_bind_blob(stmt, 2, origin, SVK_KEY_LEN, SQLITE_STATIC);
	while (err == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Samverk__Envelope *env = samverk__envelope__unpack(NULL,
		    (size_t)sqlite3_column_bytes(stmt, 0),
		    sqlite3_column_blob(stmt, 0));
		Samverk__Body *b = env ? samverk__body__unpack(NULL,
					     env->body.len, env->body.data) :
					 NULL;
		svk_indicator_set *set = NULL;
		if (b == NULL)
			err = SVK_ECORRUPT;
		else if (b->payload_case == SAMVERK__BODY__PAYLOAD_INDICATORS)
			err = set_from_body(b, &set);
		if (b)
			samverk__body__free_unpacked(b, NULL);
		if (env)
			samverk__envelope__free_unpacked(env, NULL);
		if (set == NULL)
			continue;
		if (period != NULL && strcmp(set->period, period) != 0) {
			svk_indicator_set_free(set);
			continue;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			svk_indicator_set **s = realloc(sets, ncap * sizeof(*s));
			if (s == NULL) {
				svk_indicator_set_free(set);
				err = -ENOMEM;
				break;
			}
			sets = s;
			cap = ncap;
		}
		sets[n++] = set;
	}
	if (err == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		err = svk__store_err(rc);
	sqlite3_finalize(stmt);
	if (err != 0) {
		for (size_t i = 0; i < n; i++)
			svk_indicator_set_free(sets[i]);
		free(sets);
		return err;
	}
	if (n > 1)
		qsort(sets, n, sizeof(*sets), set_order);
	*out = sets;
	*nout = n;
	return 0;
}

static void
free_sets(svk_indicator_set **sets, size_t n)
{
	for (size_t i = 0; i < n; i++)
		svk_indicator_set_free(sets[i]);
	free(sets);
}

static bool
same_place(const svk_indicator_set *a, const svk_indicator_set *b)
{
	return memcmp(a->origin, b->origin, SVK_KEY_LEN) == 0 &&
	       strcmp(a->period, b->period) == 0;
}

int
svk_indicators_each(svk_store *st, const uint8_t *origin, const char *period,
    svk_indicator_set_fn fn, void *arg)
{
	svk_indicator_set **sets;
	size_t n;
	int err;

	if ((err = load_sets(st, origin, period, &sets, &n)) != 0)
		return err;
	for (size_t i = 0; i < n && err == 0; i++)
		if (i == 0 || !same_place(sets[i - 1], sets[i]))
			err = fn(arg, sets[i]); /* the newest of its place */
	free_sets(sets, n);
	return err;
}

int
svk_indicators_history(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    svk_indicator_set_fn fn, void *arg)
{
	svk_indicator_set **sets;
	size_t n;
	int err;

	if ((err = load_sets(st, origin, NULL, &sets, &n)) != 0)
		return err;
	for (size_t i = 0; i < n && err == 0; i++)
		err = fn(arg, sets[i]);
	free_sets(sets, n);
	return err;
}

void
svk_indicators_rollup_free(svk_rollup *r)
{
	if (r == NULL)
		return;
	free(r->cells);
	free(r);
}

static int
breakdown_rank(const char *b)
{
	int a = svk_indicator_breakdown_area(b);
	return a == -1 ? -1 : a >= 0 ? a : SVK_INDICATOR_MAX_AREAS;
}

static int
cell_order(const void *a, const void *b)
{
	const svk_rollup_cell *x = a, *y = b;
	int c = strcmp(x->period, y->period);
	if (c == 0)
		c = svk_indicator_code_rank(x->code) -
		    svk_indicator_code_rank(y->code);
	if (c == 0)
		c = strcmp(x->code, y->code);
	if (c == 0)
		c = breakdown_rank(x->breakdown) - breakdown_rank(y->breakdown);
	if (c == 0)
		c = strcmp(x->breakdown, y->breakdown);
	return c;
}

int
svk_indicators_rollup(svk_store *st, const char *period, svk_rollup **out)
{
	svk_indicator_set **sets;
	svk_rollup_cell *all = NULL;
	svk_rollup *r;
	size_t n, total = 0, k = 0;
	int err;

	if ((err = load_sets(st, NULL, period, &sets, &n)) != 0)
		return err;
	/* One row per cell of each member's latest set, then merged. */
	for (size_t i = 0; i < n; i++)
		if (i == 0 || !same_place(sets[i - 1], sets[i]))
			total += sets[i]->n;
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (total > 0 && (all = calloc(total, sizeof(*all))) == NULL)) {
		free(r);
		free_sets(sets, n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && same_place(sets[i - 1], sets[i]))
			continue;
		for (size_t j = 0; j < sets[i]->n; j++) {
			const svk_indicator *c = &sets[i]->cells[j];
			svk_rollup_cell *d = &all[k++];
			memcpy(d->period, sets[i]->period, sizeof(d->period));
			memcpy(d->code, c->code, sizeof(d->code));
			memcpy(d->breakdown, c->breakdown, sizeof(d->breakdown));
			memcpy(d->unit, c->unit, sizeof(d->unit));
			if (c->conf == SVK_CONF_FREE) {
				d->sum = c->value;
				d->reported = 1;
			} else {
				d->confidential = 1;
			}
		}
	}
	if (k > 1)
		qsort(all, k, sizeof(*all), cell_order);
	size_t m = 0;
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && cell_order(&all[m - 1], &all[i]) == 0) {
			all[m - 1].sum += all[i].sum;
			all[m - 1].reported += all[i].reported;
			all[m - 1].confidential += all[i].confidential;
		} else {
			all[m++] = all[i];
		}
	}
	/* How many members have a set for each period. */
	for (size_t i = 0; i < m; i++) {
		unsigned members = 0;
		for (size_t j = 0; j < n; j++)
			if ((j == 0 || !same_place(sets[j - 1], sets[j])) &&
			    strcmp(sets[j]->period, all[i].period) == 0)
				members++;
		all[i].members = members;
	}
	free_sets(sets, n);
	r->cells = all;
	r->n = m;
	*out = r;
	return 0;
}
