/*
 * follow_up.c: a follow-up file read and checked, and due follow-ups. See
 * follow_up.h.
 */
#include "follow_up.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "adoption.h"
#include "text.h"

struct mem {
	json_t *doc; /* the strings point into it */
	Samverk__ElementState *es, **esp;
	Samverk__Measure *ms, **msp;
	char *date;
};

/* Where a refusal goes: the line for people (why), and what it is about
 * for a form (fault, or NULL). */
struct tell {
	char *why;
	size_t whylen;
	svk_follow_up_fault *fault;
};

/* Refuses: field (its index in a list), the fault's key and argument, and
 * the line fmt. */
static int
bad(const struct tell *t, const char *field, size_t index, const char *key,
    const char *arg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(t->why, t->whylen, fmt, ap);
	va_end(ap);
	if (t->fault) {
		t->fault->field = field;
		t->fault->index = index;
		t->fault->key = key;
		snprintf(t->fault->arg, sizeof(t->fault->arg), "%s", arg ? arg : "");
	}
	return SVK_EINVAL;
}

static bool
full_date(const char *s)
{
	long y, m, d;
	return s != NULL && strlen(s) == 10 && svk_text_date(s, &y, &m, &d) == 3;
}

void
svk_follow_up_today(char out[static 11])
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		strcpy(out, "1970-01-01");
}

int32_t
svk_follow_up_months(const char *a, const char *b)
{
	long ya, ma, da, yb, mb, db;

	if (!full_date(a) || !full_date(b) || svk_text_date(a, &ya, &ma, &da) != 3 ||
	    svk_text_date(b, &yb, &mb, &db) != 3)
		return INT32_MIN;
	long months = (yb - ya) * 12 + (mb - ma) - (db < da ? 1 : 0);
	return (int32_t)months;
}

void
svk_follow_up_date_after(const char *start, unsigned months, char out[static 11])
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long y, m, d;

	if (!full_date(start) || svk_text_date(start, &y, &m, &d) != 3) {
		out[0] = '\0';
		return;
	}
	m += (long)months - 1;
	y += m / 12;
	m = m % 12 + 1;
	long last = days[m - 1] +
		    (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (y > 9999) {
		out[0] = '\0';
		return;
	}
	char buf[32];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", (int)y, (int)m,
	    (int)(d < last ? d : last));
	memcpy(out, buf, 11);
}

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
parse_elements(json_t *arr, const Samverk__Practice *p, struct mem *m,
    Samverk__FollowUp *fu, const struct tell *t)
{
	size_t n = json_array_size(arr), i;
	json_t *e;

	if (arr != NULL && !json_is_array(arr))
		return bad(t, "elements", 0, "json", NULL,
		    "elements: a list of {\"element\", \"state\"}");
	if (n == 0)
		return 0;
	if ((m->es = calloc(n, sizeof(*m->es))) == NULL ||
	    (m->esp = calloc(n, sizeof(*m->esp))) == NULL)
		return -ENOMEM;
	json_array_foreach(arr, i, e) {
		Samverk__ElementState *s = &m->es[i];
		const char *name = str(e, "element"), *state = str(e, "state");
		const char *found = NULL;
		int err;
		samverk__element_state__init(s);
		if (name == NULL || state == NULL)
			return bad(t, "elements", i, "state", NULL,
			    "elements[%zu]: needs \"element\" and \"state\"", i);
		if ((err = svk_adoption_element_find(p->core_elements,
			 p->n_core_elements, name, strlen(name), &found)) != 0)
			return err;
		if (found == NULL)
			return bad(t, "elements", i, "no_element", name,
			    "elements[%zu]: '%.60s' is no core element of the "
			    "practice (see 'samverk practice show')",
			    i, name);
		for (size_t k = 0; k < i; k++)
			if (strcmp(m->es[k].element, found) == 0)
				return bad(t, "elements", i, "twice", found,
				    "elements[%zu]: '%.60s' is named twice", i,
				    found);
		s->element = (char *)found;
		s->state = (char *)state;
		if (strcmp(state, "kept") == 0) {
			s->note = (char *)"";
		} else if (strcmp(state, "adapted") == 0) {
			if ((s->note = (char *)str(e, "how")) == NULL || !*s->note)
				return bad(t, "elements", i, "how", NULL,
				    "elements[%zu]: adapted needs \"how\"", i);
		} else if (strcmp(state, "dropped") == 0) {
			if ((s->note = (char *)str(e, "why")) == NULL || !*s->note)
				return bad(t, "elements", i, "why", NULL,
				    "elements[%zu]: dropped needs \"why\"", i);
		} else {
			return bad(t, "elements", i, "state", NULL,
			    "elements[%zu]: state is kept, adapted or dropped, "
			    "not '%.20s'",
			    i, state);
		}
		m->esp[i] = s;
	}
	fu->elements = m->esp;
	fu->n_elements = n;
	return 0;
}

/* Whether unit u counts people, however it is spelled ("persons", "People",
 * " PERSON "): such a count is held to the smallest cell, and stored as
 * PERSONS, the indicators' name for it. */
static bool
counts_people(const char *u)
{
	static const char *const names[] = {"PERSONS", "PERSON", "PEOPLE"};
	size_t len;

	while (*u == ' ' || *u == '\t')
		u++;
	len = strlen(u);
	while (len > 0 && (u[len - 1] == ' ' || u[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (len == strlen(names[i]) && strncasecmp(u, names[i], len) == 0)
			return true;
	return false;
}

static int
parse_results(json_t *arr, unsigned min_cell, struct mem *m,
    Samverk__FollowUp *fu, const struct tell *t)
{
	size_t n = json_array_size(arr), i;
	json_t *r;

	if (arr != NULL && !json_is_array(arr))
		return bad(t, "results", 0, "json", NULL,
		    "results: a list of {\"name\", \"value\"}");
	if (n == 0)
		return 0;
	if ((m->ms = calloc(n, sizeof(*m->ms))) == NULL ||
	    (m->msp = calloc(n, sizeof(*m->msp))) == NULL)
		return -ENOMEM;
	char cell[16];
	snprintf(cell, sizeof(cell), "%u", min_cell);
	json_array_foreach(arr, i, r) {
		Samverk__Measure *s = &m->ms[i];
		json_t *v = json_object_get(r, "value");
		json_t *b = json_object_get(r, "baseline");
		samverk__measure__init(s);
		s->name = (char *)str(r, "name");
		s->unit = (char *)(str(r, "unit") ? str(r, "unit") : "");
		if (s->name == NULL || !*s->name || !json_is_number(v) ||
		    !isfinite(json_number_value(v)))
			return bad(t, "results", i,
			    s->name == NULL || !*s->name ? "name" : "value", NULL,
			    "results[%zu]: needs \"name\" and a number \"value\"", i);
		s->value = json_number_value(v);
		if (b != NULL) {
			if (!json_is_number(b) || !isfinite(json_number_value(b)))
				return bad(t, "results", i, "baseline", NULL,
				    "results[%zu]: baseline is a number", i);
			s->has_baseline = true;
			s->baseline = json_number_value(b);
		}
		/* A count of a few people is someone's data. */
		if (counts_people(s->unit))
			s->unit = (char *)"PERSONS";
		if (strcmp(s->unit, "PERSONS") == 0 &&
		    ((s->value > 0 && s->value < min_cell) ||
			(s->has_baseline && s->baseline > 0 && s->baseline < min_cell)))
			return bad(t, "results", i,
			    s->value > 0 && s->value < min_cell ? "few" : "few_baseline",
			    cell,
			    "results[%zu]: a count of fewer than %u people is not "
			    "published (indicators suppress it too)",
			    i, min_cell);
		m->msp[i] = s;
	}
	fu->results = m->msp;
	fu->n_results = n;
	return 0;
}

int
svk_follow_up_parse(const char *text, size_t len, const Samverk__Practice *p,
    const char *started, const char *today, unsigned min_cell, svk_follow_up *out,
    char *why, size_t whylen, svk_follow_up_fault *fault)
{
	const struct tell t = {why, whylen, fault};
	struct mem *m = calloc(1, sizeof(*m));
	Samverk__FollowUp *fu = &out->fu;
	json_error_t jerr;
	json_t *months;
	int err;

	samverk__follow_up__init(fu);
	out->mem = m;
	if (m == NULL)
		return -ENOMEM;
	if ((m->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return bad(&t, "", 0, "json", NULL, "not JSON: %s (line %d)",
		    jerr.text, jerr.line);
	if (!json_is_object(m->doc))
		return bad(&t, "", 0, "json", NULL, "a follow-up is a JSON object");
	const char *k;
	json_t *v;
	json_object_foreach(m->doc, k, v) {
		if (strcmp(k, "months") && strcmp(k, "date") && strcmp(k, "elements") &&
		    strcmp(k, "results") && strcmp(k, "lessons"))
			return bad(&t, "", 0, "json", NULL,
			    "unknown field \"%.30s\" (months, date, elements, "
			    "results, lessons)",
			    k);
	}
	months = json_object_get(m->doc, "months");
	if (months != NULL) {
		if (!json_is_integer(months) || json_integer_value(months) < 1 ||
		    json_integer_value(months) > 120)
			return bad(&t, "months", 0, "months", NULL,
			    "months: a whole number from 1 to 120");
		fu->months = (uint32_t)json_integer_value(months);
	}
	fu->date = (char *)(str(m->doc, "date") ? str(m->doc, "date") : today);
	if (!full_date(fu->date))
		return bad(&t, "date", 0, "date", NULL, "date: YYYY-MM-DD");
	if (started && *started && svk_follow_up_months(started, fu->date) < 0)
		return bad(&t, "date", 0, "date_before", started,
		    "date: %s is before the adoption started (%s)", fu->date,
		    started);
	if (json_object_get(m->doc, "lessons") && !str(m->doc, "lessons"))
		return bad(&t, "lessons", 0, "json", NULL, "lessons: a text");
	fu->lessons = (char *)(str(m->doc, "lessons") ? str(m->doc, "lessons") : "");
	if ((err = parse_elements(json_object_get(m->doc, "elements"), p, m, fu,
		 &t)) != 0 ||
	    (err = parse_results(json_object_get(m->doc, "results"), min_cell, m,
		 fu, &t)) != 0)
		return err;
	if (fu->n_elements == 0 && fu->n_results == 0 && !*fu->lessons)
		return bad(&t, "", 0, "empty", NULL,
		    "a follow-up says something: elements, results or lessons");
	return 0;
}

void
svk_follow_up_fini(svk_follow_up *out)
{
	struct mem *m = out->mem;

	if (m != NULL) {
		json_decref(m->doc);
		free(m->es);
		free(m->esp);
		free(m->ms);
		free(m->msp);
		free(m);
	}
	out->mem = NULL;
}

unsigned
svk_follow_up_due(const Samverk__Adoption *ad, const char *today)
{
	static const unsigned due[] = SVK_FOLLOW_UP_DUE;
	int32_t since;

	if (ad->status == NULL || (strcmp(ad->status, "piloting") != 0 &&
				      strcmp(ad->status, "adopted") != 0))
		return 0;
	if ((since = svk_follow_up_months(ad->started, today)) == INT32_MIN)
		return 0;
	for (size_t i = 0; i < sizeof(due) / sizeof(due[0]); i++) {
		bool done = false;
		if ((int32_t)due[i] > since)
			return 0;
		for (size_t k = 0; k < ad->n_follow_ups && !done; k++)
			done = ad->follow_ups[k]->months == due[i];
		if (!done)
			return due[i];
	}
	return 0;
}
