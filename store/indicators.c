/*
 * indicators.c: computing indicator sets, disclosure control, publishing
 * them, and the rollup over the sets members published. See indicators.h.
 *
 * Disclosure control works on the whole set as one system of cells and of
 * the relations an outsider knows between them, and suppresses cells until
 * every suppressed one is provably not determined by what is published:
 *
 * 1. Primary: a count from 1 to min_cell - 1 is suppressed (CONF_PRIMARY).
 *    Zero is published: it is nobody. VOL_HOURS cells are not counts: each
 *    follows its VOL_ACTIVE twin, suppressed exactly when and as it is.
 *
 * 2. What an outsider knows. Every published value. Of a suppressed count:
 *    from 1 to min_cell - 1 when primary (the status says so), at least
 *    min_cell when secondary (only cells with a value of min_cell or more are
 *    ever chosen as secondary). Of suppressed hours: at least 0. And each
 *    relation below that holds for the true values (relations that do not
 *    hold, nobody can use):
 *      - total = sum of the area cells, as two inequalities, total <= sum
 *        and total >= sum. With single-area volunteers, needs and practices
 *        both hold and the table is additive; with several areas per person
 *        only total <= sum holds, and the table is not additive, but it is
 *        never treated as less than what holds;
 *      - each area cell <= the total;
 *      - VOL_NEW, VOL_ACTIVE_AGE_15_29 <= VOL_ACTIVE, cell by cell;
 *      - VOL_HOURS <= 744 x VOL_ACTIVE, cell by cell.
 *
 * 3. A suppressed cell is protected when there is a second assignment of
 *    values to the suppressed cells, within what an outsider knows, in
 *    which that cell differs from its true value: then it cannot be worked
 *    out. The search (repair) moves the cell by one up or down, then mends
 *    each relation that breaks by moving another suppressed cell of it by
 *    one, up to SEARCH_DEPTH cells and SEARCH_BUDGET steps. Finding such an
 *    assignment is a proof; not finding one counts as not protected, so the
 *    rule errs towards suppressing more. A cell shown protected stays so as
 *    more cells are suppressed (its assignment still fits).
 *
 * 4. Secondary: while some suppressed cell is not protected, suppress one
 *    more (CONF_SECONDARY), with its hours twin: of the published non-zero
 *    cells sharing a relation with it, the best that alone makes it
 *    protected (its own indicator first, then the smallest value, then an
 *    area cell before a total); when none does alone, the best of its own
 *    indicator, and go on. Repeat to a fixed point.
 *
 * 5. Withheld: when no published cell of the indicator is left to suppress
 *    and a cell is still not protected (four new volunteers in four areas:
 *    a total of 1 to 4 over four cells of at least 1 says 4 = 1+1+1+1), the
 *    whole indicator, with its hours twin, is withheld: every cell, zeros
 *    too, CONF_WITHHELD (SDMX "C"), of which an outsider knows only that it
 *    is at least 0. Only when even that fails is the set refused.
 *
 * The guarantee is for non-zero cells: a withheld zero that can be worked
 * out is nobody. So "a single small cell next to a published total" gets a
 * second cell suppressed beside it, "a suppressed total with one published
 * complement" gets that complement suppressed, and 6 = 5 + 1 gets the total
 * suppressed (the 5 alone would not do). Not controlled: differences
 * between the sets of different periods (VOL_ACTIVE of Q3 minus that of Q2
 * is VOL_NEW of Q3 when nobody left), and what the pattern of suppression
 * itself tells someone who knows this rule.
 */
#include "indicators.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "registry.h"
#include "samverk.pb-c.h"
#include "view.h"
#include "vocab.h"

#define MAX_AREAS 32
#define HOURS_CAP 744 /* hours one person can give in a month */
#define INF INT64_MAX

static const struct code {
	const char *code;
	const char *unit;
} codes[] = {
    {"VOL_ACTIVE", "PERSONS"},
    {"VOL_NEW", "PERSONS"},
    {"VOL_HOURS", "HOURS"},
    {"VOL_ACTIVE_AGE_15_29", "PERSONS"},
    {"NEED_OPEN", "NEEDS"},
    {"NEED_MET", "NEEDS"},
    {"PRACTICE_SHARED", "PRACTICES"},
    {"PRACTICE_ADOPTED", "PRACTICES"},
};

enum {
	C_ACTIVE, C_NEW, C_HOURS, C_YOUNG, C_NEED_OPEN, C_NEED_MET, C_SHARED,
	C_ADOPTED, NCODES
};

int
svk_indicator_code_rank(const char *code)
{
	for (int i = 0; i < NCODES; i++)
		if (strcmp(codes[i].code, code) == 0)
			return i;
	return NCODES;
}

static size_t
n_areas(void)
{
	size_t n = 0;
	while (svk_areas[n] != NULL)
		n++;
	return n < MAX_AREAS ? n : MAX_AREAS;
}

static int
area_index(const char *s, size_t len)
{
	for (size_t i = 0; i < n_areas(); i++)
		if (strlen(svk_areas[i]) == len && memcmp(svk_areas[i], s, len) == 0)
			return (int)i;
	return -1;
}

/* The area of a breakdown "area:x": its index, -1 for the total "_T", -2
 * for anything else. */
static int
breakdown_area(const char *b)
{
	if (strcmp(b, "_T") == 0)
		return -1;
	if (strncmp(b, "area:", 5) != 0)
		return -2;
	int a = area_index(b + 5, strlen(b + 5));
	return a >= 0 ? a : -2;
}

/* --- periods ------------------------------------------------------------ */

static int64_t
day_ms(int y, int m, int d)
{
	/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), after Howard
	 * Hinnant's days_from_civil. */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return ((int64_t)era * 146097 + doe - 719468) * 86400000LL;
}

static int
month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return days[m - 1] + (m == 2 && leap);
}

static bool
num(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int
svk_period_parse(const char *s, svk_period *p)
{
	size_t n = strlen(s);
	int y, m1, m2, q;

	if (n < 4 || !num(s, 4, &y) || y < 1900)
		return SVK_EINVAL;
	if (n == 4) {
		m1 = 1;
		m2 = 12;
	} else if (n == 7 && s[4] == '-' && s[5] == 'Q' && num(s + 6, 1, &q) &&
	    q >= 1 && q <= 4) {
		m1 = 3 * q - 2;
		m2 = 3 * q;
	} else if (n == 7 && s[4] == '-' && num(s + 5, 2, &m1) && m1 >= 1 &&
	    m1 <= 12) {
		m2 = m1;
	} else {
		return SVK_EINVAL;
	}
	memset(p, 0, sizeof(*p));
	memcpy(p->text, s, n + 1);
	char day[32]; /* y, m1 and m2 were checked: each fits in 10 bytes */
	snprintf(day, sizeof(day), "%04d-%02d-01", y, m1);
	memcpy(p->first, day, sizeof(p->first));
	snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m2, month_days(y, m2));
	memcpy(p->last, day, sizeof(p->last));
	p->last_year = y;
	p->start_ms = day_ms(y, m1, 1);
	p->end_ms = day_ms(y, m2, month_days(y, m2)) + 86400000LL;
	return 0;
}

/* --- sets ----------------------------------------------------------------- */

void
svk_indicator_set_free(svk_indicator_set *set)
{
	if (set == NULL)
		return;
	free(set->cells);
	free(set);
}

/* The true counts being gathered: per code, the total and each area. */
struct tally {
	uint64_t cell[NCODES][1 + MAX_AREAS];
	bool adoptions; /* the node has adopted (or considered) any practice */
};

static void
add(struct tally *t, int code, uint32_t areas, uint64_t amount)
{
	t->cell[code][0] += amount;
	for (size_t a = 0; a < n_areas(); a++)
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
		int a = area_index(p, n);
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
		add(c->t, C_NEW, areas, 1);
	if (!v->active || !joined)
		return 0;
	add(c->t, C_ACTIVE, areas, 1);
	add(c->t, C_HOURS, areas, v->hours_per_month);
	if (v->birth_year > 0 && age >= 15 && age <= 29)
		add(c->t, C_YOUNG, areas, 1);
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
		int a = area_index(areas[i], strlen(areas[i]));
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
		if ((e = entity_find(es, SVK_KIND_PRACTICE, b->practice->id, true)) == NULL)
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
		svk_fingerprint(a->practice_origin.data, fpr);
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
		if ((e = entity_find(es, (int)b->retraction->kind, b->retraction->id,
			 false)) != NULL)
			e->live = false;
		return 0;
	default:
		return 0;
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
		    (size_t)sqlite3_column_bytes(stmt, 0), sqlite3_column_blob(stmt, 0));
		Samverk__Body *b = env ? samverk__body__unpack(NULL, env->body.len,
					     env->body.data) : NULL;
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
			add(t, C_SHARED, e->areas, 1);
			break;
		case SVK_KIND_NEED:
			if (!e->closed)
				add(t, C_NEED_OPEN, e->areas, 1);
			else if (e->closed_ms >= p->start_ms)
				add(t, C_NEED_MET, e->areas, 1);
			break;
		case SVK_KIND_ADOPTION:
			if (!e->adopted)
				break;
			/* The practice's areas, as far as it is held here. */
			err = svk_view_get(st, SVK_KIND_PRACTICE, e->practice_origin,
			    e->practice_id, practice_areas, &areas);
			if (err != 0 && err != SVK_ENOTFOUND)
				return err;
			add(t, C_ADOPTED, areas, 1);
			break;
		}
	}
	return 0;
}

/* Lays the tally out as a set: per code the total, then each area. */
static int
tally_set(const struct tally *t, const svk_period *p, svk_indicator_set **out)
{
	size_t na = n_areas(), k = 0;
	int ncodes = t->adoptions ? NCODES : C_ADOPTED;
	svk_indicator_set *set = calloc(1, sizeof(*set));

	if (set == NULL ||
	    (set->cells = calloc((size_t)ncodes * (1 + na), sizeof(*set->cells))) == NULL) {
		free(set);
		return -ENOMEM;
	}
	memcpy(set->period, p->text, sizeof(set->period));
	for (int c = 0; c < ncodes; c++) {
		for (size_t a = 0; a <= na; a++, k++) {
			svk_indicator *cell = &set->cells[k];
			snprintf(cell->code, sizeof(cell->code), "%s", codes[c].code);
			snprintf(cell->unit, sizeof(cell->unit), "%s", codes[c].unit);
			if (a == 0)
				strcpy(cell->breakdown, "_T");
			else
				snprintf(cell->breakdown, sizeof(cell->breakdown),
				    "area:%s", svk_areas[a - 1]);
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

/* --- disclosure control --------------------------------------------------- */

#define MAX_TERMS (2 + MAX_AREAS)

/* sum(coef[i] * x[idx[i]]) <= 0 */
struct rel {
	int n;
	int idx[MAX_TERMS];
	int64_t coef[MAX_TERMS];
};

struct sys {
	size_t n;
	int64_t *v;	  /* true values */
	int64_t *w;	  /* a candidate assignment */
	int64_t *lo, *hi; /* what an outsider knows of a suppressed cell */
	int *conf;
	int *twin;	  /* VOL_HOURS <-> VOL_ACTIVE, or -1 */
	bool *follower;	  /* VOL_HOURS: suppressed as its twin is */
	bool *total;
	int *code;	  /* which indicator: cells of one code share it */
	struct rel *rels;
	size_t nrels, caprels;
	int **touch;	  /* per cell, the relations it is in */
	size_t *ntouch;
	int **near;	  /* per cell, the cells it shares a relation with */
	size_t *nnear;
	bool *ok;	  /* shown protected (and so it stays: see protect) */
	int64_t m;
};

static void
sys_fini(struct sys *s)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->touch)
			free(s->touch[i]);
		if (s->near)
			free(s->near[i]);
	}
	free(s->v);
	free(s->w);
	free(s->lo);
	free(s->hi);
	free(s->conf);
	free(s->twin);
	free(s->follower);
	free(s->total);
	free(s->code);
	free(s->rels);
	free(s->touch);
	free(s->ntouch);
	free(s->near);
	free(s->nnear);
	free(s->ok);
}

static int
push(int **list, size_t *n, int x)
{
	for (size_t i = 0; i < *n; i++)
		if ((*list)[i] == x)
			return 0;
	int *l = realloc(*list, (*n + 1) * sizeof(**list));
	if (l == NULL)
		return -ENOMEM;
	l[(*n)++] = x;
	*list = l;
	return 0;
}

static int64_t
rel_value(const struct rel *r, const int64_t *x)
{
	int64_t sum = 0;
	for (int i = 0; i < r->n; i++)
		sum += r->coef[i] * x[r->idx[i]];
	return sum;
}

/* Adds r when it holds for the true values: a relation that does not hold
 * tells nobody anything. */
static int
relate(struct sys *s, const struct rel *r)
{
	if (rel_value(r, s->v) > 0)
		return 0;
	if (s->nrels == s->caprels) {
		size_t cap = s->caprels ? s->caprels * 2 : 64;
		struct rel *rels = realloc(s->rels, cap * sizeof(*rels));
		if (rels == NULL)
			return -ENOMEM;
		s->rels = rels;
		s->caprels = cap;
	}
	s->rels[s->nrels] = *r;
	for (int i = 0; i < r->n; i++) {
		int x = r->idx[i];
		if (push(&s->touch[x], &s->ntouch[x], (int)s->nrels) != 0)
			return -ENOMEM;
		for (int j = 0; j < r->n; j++)
			if (j != i && push(&s->near[x], &s->nnear[x], r->idx[j]) != 0)
				return -ENOMEM;
	}
	s->nrels++;
	return 0;
}

static int
relate2(struct sys *s, int a, int64_t ca, int b, int64_t cb)
{
	struct rel r = {.n = 2, .idx = {a, b}, .coef = {ca, cb}};
	return relate(s, &r);
}

/* The cells of the set as a table: at[code][1 + area], [code][0] the total. */
static int
sys_init(struct sys *s, const svk_indicator_set *set, unsigned min_cell)
{
	size_t n = set->n, na = n_areas();
	int at[NCODES][1 + MAX_AREAS];
	int err = -ENOMEM;

	memset(s, 0, sizeof(*s));
	s->n = n;
	s->m = min_cell;
	if ((s->v = calloc(n, sizeof(int64_t))) == NULL ||
	    (s->w = calloc(n, sizeof(int64_t))) == NULL ||
	    (s->lo = calloc(n, sizeof(int64_t))) == NULL ||
	    (s->hi = calloc(n, sizeof(int64_t))) == NULL ||
	    (s->conf = calloc(n, sizeof(int))) == NULL ||
	    (s->twin = calloc(n, sizeof(int))) == NULL ||
	    (s->follower = calloc(n, sizeof(bool))) == NULL ||
	    (s->total = calloc(n, sizeof(bool))) == NULL ||
	    (s->code = calloc(n, sizeof(int))) == NULL ||
	    (s->touch = calloc(n, sizeof(int *))) == NULL ||
	    (s->ntouch = calloc(n, sizeof(size_t))) == NULL ||
	    (s->near = calloc(n, sizeof(int *))) == NULL ||
	    (s->nnear = calloc(n, sizeof(size_t))) == NULL ||
	    (s->ok = calloc(n, sizeof(bool))) == NULL)
		return -ENOMEM;
	for (int c = 0; c < NCODES; c++)
		for (size_t a = 0; a <= MAX_AREAS; a++)
			at[c][a] = -1;
	for (size_t i = 0; i < n; i++) {
		const svk_indicator *cell = &set->cells[i];
		int area = breakdown_area(cell->breakdown);
		if (cell->value > (uint64_t)INT64_MAX / (2 * HOURS_CAP) || area == -2)
			return SVK_EINVAL;
		int rank = svk_indicator_code_rank(cell->code);
		s->v[i] = (int64_t)cell->value;
		s->twin[i] = -1;
		s->code[i] = (int)i;
		for (size_t j = 0; j < i; j++)
			if (strcmp(set->cells[j].code, cell->code) == 0) {
				s->code[i] = s->code[j];
				break;
			}
		s->total[i] = area == -1;
		s->follower[i] = rank == C_HOURS;
		if (rank < NCODES) {
			if (at[rank][1 + area] >= 0)
				return SVK_EINVAL; /* the same cell twice */
			at[rank][1 + area] = (int)i;
		}
	}
	for (int c = 0; c < NCODES; c++) {
		int t = at[c][0];
		struct rel le = {0}, ge = {0};
		if (t < 0)
			continue;
		le.idx[le.n] = t;
		le.coef[le.n++] = 1;
		ge.idx[ge.n] = t;
		ge.coef[ge.n++] = -1;
		for (size_t a = 1; a <= na; a++) {
			int x = at[c][a];
			if (x < 0)
				continue;
			le.idx[le.n] = x;
			le.coef[le.n++] = -1;
			ge.idx[ge.n] = x;
			ge.coef[ge.n++] = 1;
			if ((err = relate2(s, x, 1, t, -1)) != 0)
				return err;
		}
		if (le.n > 1 && ((err = relate(s, &le)) != 0 ||
				    (err = relate(s, &ge)) != 0))
			return err;
	}
	for (size_t a = 0; a <= na; a++) {
		int act = at[C_ACTIVE][a];
		if (act < 0)
			continue;
		if ((at[C_NEW][a] >= 0 && (err = relate2(s, at[C_NEW][a], 1, act, -1)) != 0) ||
		    (at[C_YOUNG][a] >= 0 && (err = relate2(s, at[C_YOUNG][a], 1, act, -1)) != 0))
			return err;
		int h = at[C_HOURS][a];
		if (h >= 0) {
			if ((err = relate2(s, h, 1, act, -HOURS_CAP)) != 0)
				return err;
			s->twin[h] = act;
			s->twin[act] = h;
		}
	}
	return 0;
}

/* Marks cell x suppressed with status conf, and says what that tells. */
static void
suppress(struct sys *s, int x, int conf)
{
	s->conf[x] = conf;
	if (s->follower[x] || conf == SVK_CONF_WITHHELD) {
		s->lo[x] = 0;
		s->hi[x] = INF;
	} else if (conf == SVK_CONF_PRIMARY) {
		s->lo[x] = 1;
		s->hi[x] = s->m - 1;
	} else {
		s->lo[x] = s->m;
		s->hi[x] = INF;
	}
	int t = s->twin[x];
	if (t >= 0 && s->follower[t] && s->conf[t] != conf)
		suppress(s, t, conf);
}

static bool
hidden(const struct sys *s, int x)
{
	return s->conf[x] != SVK_CONF_FREE;
}

#define SEARCH_DEPTH 8	    /* cells moved to make good for one */
#define SEARCH_BUDGET 20000 /* steps before giving up (as not protected) */

struct search {
	struct sys *s;
	int moved[SEARCH_DEPTH + 1];
	int nmoved;
	long budget;
};

/*
 * Makes good the candidate in s->w: finds a relation it breaks, and tries
 * each suppressed cell of that relation not moved yet, moved by one the way
 * that mends it, then goes on from there. Any assignment that differs from
 * the truth by one in some cells must mend each broken relation that way, so
 * within its depth and budget the search misses none.
 */
static bool
repair(struct search *q, int depth)
{
	struct sys *s = q->s;
	const struct rel *bad = NULL;

	if (--q->budget < 0)
		return false;
	for (int i = 0; i < q->nmoved && bad == NULL; i++) {
		int x = q->moved[i];
		for (size_t j = 0; j < s->ntouch[x] && bad == NULL; j++)
			if (rel_value(&s->rels[s->touch[x][j]], s->w) > 0)
				bad = &s->rels[s->touch[x][j]];
	}
	if (bad == NULL)
		return true;
	if (depth == 0)
		return false;
	for (int t = 0; t < bad->n; t++) {
		int z = bad->idx[t];
		bool moved = false;
		for (int i = 0; i < q->nmoved; i++)
			moved |= q->moved[i] == z;
		if (moved || !hidden(s, z))
			continue;
		int64_t e = bad->coef[t] > 0 ? -1 : 1;
		s->w[z] += e;
		if (s->w[z] >= s->lo[z] && s->w[z] <= s->hi[z]) {
			q->moved[q->nmoved++] = z;
			if (repair(q, depth - 1))
				return true;
			q->nmoved--;
		}
		s->w[z] -= e;
	}
	return false;
}

/* Is there an assignment, within what an outsider knows, where x differs
 * from its true value? x moved by one either way, made good by repair. */
static bool
protected(struct sys *s, int x)
{
	for (int d = -1; d <= 1; d += 2) {
		struct search q = {.s = s, .moved = {x}, .nmoved = 1,
		    .budget = SEARCH_BUDGET};
		memcpy(s->w, s->v, s->n * sizeof(*s->w));
		s->w[x] += d;
		if (s->w[x] < s->lo[x] || s->w[x] > s->hi[x])
			continue;
		if (repair(&q, SEARCH_DEPTH))
			return true;
	}
	return false;
}

/* The indicator a cell counts for: VOL_HOURS cells go with VOL_ACTIVE. */
static int
family(const struct sys *s, int x)
{
	return s->follower[x] && s->twin[x] >= 0 ? s->code[s->twin[x]] : s->code[x];
}

/* Is c a better cell to suppress next than best, for a cell of family fam?
 * The same indicator first, then the smaller value, then an area cell. */
static bool
better(const struct sys *s, int fam, int c, int best)
{
	bool cs, bs;

	if (best < 0)
		return true;
	cs = family(s, c) == fam;
	bs = family(s, best) == fam;
	if (cs != bs)
		return cs;
	if (s->v[c] != s->v[best])
		return s->v[c] < s->v[best];
	return !s->total[c] && s->total[best];
}

/* The cell to suppress if c is chosen (hours go with their count), or -1
 * when it cannot be: suppressed already, or zero. */
static int
candidate(const struct sys *s, int c)
{
	if (s->follower[c] && s->twin[c] >= 0)
		c = s->twin[c];
	if (hidden(s, c) || s->v[c] == 0 || s->follower[c])
		return -1;
	return c;
}

/* Would suppressing c (with its twin) make x protected? Tried and undone. */
static bool
helps(struct sys *s, int x, int c)
{
	int t = s->twin[c];
	int64_t lo[2] = {s->lo[c], t >= 0 ? s->lo[t] : 0};
	int64_t hi[2] = {s->hi[c], t >= 0 ? s->hi[t] : 0};
	int conf[2] = {s->conf[c], t >= 0 ? s->conf[t] : 0};
	bool ok;

	suppress(s, c, SVK_CONF_SECONDARY);
	ok = protected(s, x);
	s->conf[c] = conf[0];
	s->lo[c] = lo[0];
	s->hi[c] = hi[0];
	if (t >= 0) {
		s->conf[t] = conf[1];
		s->lo[t] = lo[1];
		s->hi[t] = hi[1];
	}
	return ok;
}

/*
 * The published cell to suppress next, for x: of the cells sharing a
 * relation with x (or its twin), the best (see better) of those that alone
 * would make x protected; when none would alone, the best of its own
 * indicator, so that a pair may. -1 when there is none of either: the
 * indicator is then withheld as a whole.
 */
static int
complement(struct sys *s, int x)
{
	int fam = family(s, x), best = -1, own = -1;

	for (int pass = 0; pass < 2; pass++) {
		int from = pass == 0 ? x : s->twin[x];
		if (from < 0)
			continue;
		for (size_t j = 0; j < s->nnear[from]; j++) {
			int c = candidate(s, s->near[from][j]);
			if (c < 0)
				continue;
			if (family(s, c) == fam && better(s, fam, c, own))
				own = c;
			if (better(s, fam, c, best) && helps(s, x, c))
				best = c;
		}
	}
	return best >= 0 ? best : own;
}

/* Withholds the whole indicator x belongs to (with its twin's): every cell
 * confidential, zeros too, so that no cell's status tells anything. */
static void
withhold(struct sys *s, int x)
{
	int fam = family(s, x);

	for (size_t i = 0; i < s->n; i++)
		if (family(s, (int)i) == fam) {
			suppress(s, (int)i, SVK_CONF_WITHHELD);
			s->ok[i] = false;
		}
}

int
svk_indicators_protect(svk_indicator_set *set, unsigned min_cell)
{
	struct sys s;
	int err;

	if (min_cell < SVK_INDICATORS_MIN_CELL_LO ||
	    min_cell > SVK_INDICATORS_MIN_CELL_HI)
		return SVK_EINVAL;
	if ((err = sys_init(&s, set, min_cell)) != 0)
		goto out;
	for (size_t i = 0; i < s.n; i++)
		if (!s.follower[i] && s.v[i] > 0 && s.v[i] < s.m)
			suppress(&s, (int)i, SVK_CONF_PRIMARY);
	/* A cell shown protected stays so as more are suppressed: its
	 * assignment still fits, with the new ones at their true values. */
	for (;;) {
		int stuck = -1, c;
		for (size_t i = 0; i < s.n && stuck < 0; i++) {
			/* A zero worked out is nobody: only withheld cells are
			 * zero, and they need no more than the others. */
			if (!hidden(&s, (int)i) || s.ok[i] || s.v[i] == 0)
				continue;
			if (protected(&s, (int)i))
				s.ok[i] = true;
			else
				stuck = (int)i;
		}
		if (stuck < 0)
			break;
		if ((c = complement(&s, stuck)) >= 0) {
			suppress(&s, c, SVK_CONF_SECONDARY);
		} else if (s.conf[stuck] != SVK_CONF_WITHHELD) {
			withhold(&s, stuck);
		} else {
			err = SVK_EINVAL;
			goto out;
		}
	}
	for (size_t i = 0; i < s.n; i++) {
		set->cells[i].conf = s.conf[i];
		if (s.conf[i] != SVK_CONF_FREE)
			set->cells[i].value = 0;
	}
	set->min_cell = min_cell;
out:
	sys_fini(&s);
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
	if ((err = svk_indicators_protect(set, min_cell)) != 0) {
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
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
			s[i] == '_'))
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
	    breakdown_area(breakdown) >= -1 && conf >= SVK_CONF_FREE &&
	    conf <= SVK_CONF_WITHHELD;
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
		    svk_indicator_code_rank(c->code) == NCODES ||
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
		    (size_t)sqlite3_column_bytes(stmt, 0), sqlite3_column_blob(stmt, 0));
		Samverk__Body *b = env ? samverk__body__unpack(NULL, env->body.len,
					     env->body.data) : NULL;
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
	int a = breakdown_area(b);
	return a == -1 ? -1 : a >= 0 ? a : MAX_AREAS;
}

static int
cell_order(const void *a, const void *b)
{
	const svk_rollup_cell *x = a, *y = b;
	int c = strcmp(x->period, y->period);
	if (c == 0)
		c = svk_indicator_code_rank(x->code) - svk_indicator_code_rank(y->code);
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
