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
#include <time.h>

#include "adoption.h"
#include "text.h"

struct mem {
	json_t *doc; /* the strings point into it */
	Samverk__ElementState *es, **esp;
	Samverk__Measure *ms, **msp;
	char *date;
};

static int
bad(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
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

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
parse_elements(json_t *arr, const Samverk__Practice *p, struct mem *m,
    Samverk__FollowUp *fu, char *why, size_t whylen)
{
	size_t n = json_array_size(arr), i;
	json_t *e;

	if (arr != NULL && !json_is_array(arr))
		return bad(why, whylen, "elements: a list of {\"element\", \"state\"}");
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
			return bad(why, whylen,
			    "elements[%zu]: needs \"element\" and \"state\"", i);
		if ((err = svk_adoption_element_find(p->core_elements,
			 p->n_core_elements, name, strlen(name), &found)) != 0)
			return err;
		if (found == NULL)
			return bad(why, whylen,
			    "elements[%zu]: '%.60s' is no core element of the "
			    "practice (see 'samverk practice show')",
			    i, name);
		for (size_t k = 0; k < i; k++)
			if (strcmp(m->es[k].element, found) == 0)
				return bad(why, whylen,
				    "elements[%zu]: '%.60s' is named twice", i,
				    found);
		s->element = (char *)found;
		s->state = (char *)state;
		if (strcmp(state, "kept") == 0) {
			s->note = (char *)"";
		} else if (strcmp(state, "adapted") == 0) {
			if ((s->note = (char *)str(e, "how")) == NULL || !*s->note)
				return bad(why, whylen,
				    "elements[%zu]: adapted needs \"how\"", i);
		} else if (strcmp(state, "dropped") == 0) {
			if ((s->note = (char *)str(e, "why")) == NULL || !*s->note)
				return bad(why, whylen,
				    "elements[%zu]: dropped needs \"why\"", i);
		} else {
			return bad(why, whylen,
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

static int
parse_results(json_t *arr, unsigned min_cell, struct mem *m,
    Samverk__FollowUp *fu, char *why, size_t whylen)
{
	size_t n = json_array_size(arr), i;
	json_t *r;

	if (arr != NULL && !json_is_array(arr))
		return bad(why, whylen, "results: a list of {\"name\", \"value\"}");
	if (n == 0)
		return 0;
	if ((m->ms = calloc(n, sizeof(*m->ms))) == NULL ||
	    (m->msp = calloc(n, sizeof(*m->msp))) == NULL)
		return -ENOMEM;
	json_array_foreach(arr, i, r) {
		Samverk__Measure *s = &m->ms[i];
		json_t *v = json_object_get(r, "value");
		json_t *b = json_object_get(r, "baseline");
		samverk__measure__init(s);
		s->name = (char *)str(r, "name");
		s->unit = (char *)(str(r, "unit") ? str(r, "unit") : "");
		if (s->name == NULL || !*s->name || !json_is_number(v) ||
		    !isfinite(json_number_value(v)))
			return bad(why, whylen,
			    "results[%zu]: needs \"name\" and a number \"value\"", i);
		s->value = json_number_value(v);
		if (b != NULL) {
			if (!json_is_number(b) || !isfinite(json_number_value(b)))
				return bad(why, whylen,
				    "results[%zu]: baseline is a number", i);
			s->has_baseline = true;
			s->baseline = json_number_value(b);
		}
		/* A count of a few people is someone's data. */
		if (strcmp(s->unit, "PERSONS") == 0 &&
		    ((s->value > 0 && s->value < min_cell) ||
			(s->has_baseline && s->baseline > 0 && s->baseline < min_cell)))
			return bad(why, whylen,
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
    char *why, size_t whylen)
{
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
		return bad(why, whylen, "not JSON: %s (line %d)", jerr.text, jerr.line);
	if (!json_is_object(m->doc))
		return bad(why, whylen, "a follow-up is a JSON object");
	const char *k;
	json_t *v;
	json_object_foreach(m->doc, k, v) {
		if (strcmp(k, "months") && strcmp(k, "date") && strcmp(k, "elements") &&
		    strcmp(k, "results") && strcmp(k, "lessons"))
			return bad(why, whylen,
			    "unknown field \"%.30s\" (months, date, elements, "
			    "results, lessons)",
			    k);
	}
	months = json_object_get(m->doc, "months");
	if (months != NULL) {
		if (!json_is_integer(months) || json_integer_value(months) < 1 ||
		    json_integer_value(months) > 120)
			return bad(why, whylen, "months: a whole number from 1 to 120");
		fu->months = (uint32_t)json_integer_value(months);
	}
	fu->date = (char *)(str(m->doc, "date") ? str(m->doc, "date") : today);
	if (!full_date(fu->date))
		return bad(why, whylen, "date: YYYY-MM-DD");
	if (started && *started && svk_follow_up_months(started, fu->date) < 0)
		return bad(why, whylen, "date: %s is before the adoption started (%s)",
		    fu->date, started);
	if (json_object_get(m->doc, "lessons") && !str(m->doc, "lessons"))
		return bad(why, whylen, "lessons: a text");
	fu->lessons = (char *)(str(m->doc, "lessons") ? str(m->doc, "lessons") : "");
	if ((err = parse_elements(json_object_get(m->doc, "elements"), p, m, fu,
		 why, whylen)) != 0 ||
	    (err = parse_results(json_object_get(m->doc, "results"), min_cell, m,
		 fu, why, whylen)) != 0)
		return err;
	if (fu->n_elements == 0 && fu->n_results == 0 && !*fu->lessons)
		return bad(why, whylen,
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
