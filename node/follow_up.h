/*
 * follow_up.h: a follow-up of an adoption as a person writes it (a JSON
 * file), checked against the practice adopted, and when follow-ups are due.
 *
 * The file:
 *
 *   {"months": 3,                       3, 6, 9, ... after started; or
 *    "date": "2027-03-01",              the day of it (default: today)
 *    "elements": [                      each core element of the practice
 *      {"element": "Peer mentors", "state": "kept"},
 *      {"element": "Weekly meetings", "state": "adapted",
 *       "how": "every second week"},
 *      {"element": "Job fair", "state": "dropped", "why": "no venue"}],
 *    "results": [                       measured, against a baseline
 *      {"name": "young people in work", "value": 12, "unit": "PERSONS",
 *       "baseline": 5}],
 *    "lessons": "free text"}
 *
 * Elements are named as the practice names them (case and accents do not
 * matter); each core element at most once; a state is kept, adapted (with
 * how) or dropped (with why). Results are aggregates: a count of people
 * below the node's min_cell is refused, as indicators suppress it.
 */
#ifndef SVK_FOLLOW_UP_H
#define SVK_FOLLOW_UP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "samverk.pb-c.h"

/* The follow-up months that fall due, in order. */
#define SVK_FOLLOW_UP_DUE \
	{                 \
		3, 6, 9   \
	}

/* A parsed follow-up: fu and what its pointers point into. */
typedef struct svk_follow_up {
	Samverk__FollowUp fu;
	void *mem; /* owned */
} svk_follow_up;

/* What a refused follow-up is refused for, for a form to say at its field
 * in the reader's language: field is "months", "date", "elements",
 * "results", "lessons" or "" (the whole); index the element's or result's
 * place in its list; key one of json (not the file's shape), months, date,
 * date_before (arg: the start), state, no_element (arg: the name), twice,
 * how, why, name, value, baseline, few, few_baseline (arg: min_cell),
 * empty. */
typedef struct svk_follow_up_fault {
	const char *field;
	size_t index;
	const char *key;
	char arg[64];
} svk_follow_up_fault;

/* svk_follow_up_parse reads text (len bytes of JSON) as a follow-up of p,
 * adopted since started ("" when not known), dated today when the file
 * gives no date, with counts of people below min_cell refused. On error
 * why holds one line naming the field, and fault (unless NULL) what it is
 * about. Returns 0, SVK_EINVAL, or -ENOMEM. out is freed with
 * svk_follow_up_fini, after a failure too. */
int svk_follow_up_parse(const char *text, size_t len, const Samverk__Practice *p,
    const char *started, const char *today, unsigned min_cell, svk_follow_up *out,
    char *why, size_t whylen, svk_follow_up_fault *fault) SVK_WUR;

/* svk_follow_up_fini frees what out holds. */
void svk_follow_up_fini(svk_follow_up *out);

/* svk_follow_up_due gives the first of SVK_FOLLOW_UP_DUE months that has
 * passed by today (YYYY-MM-DD) since ad started and that no follow-up of ad
 * covers, or 0 when none is due (or ad is not piloting or adopted, or has
 * no start). */
unsigned svk_follow_up_due(const Samverk__Adoption *ad, const char *today);

/* svk_follow_up_date_after writes the day months after start
 * (YYYY-MM-DD; the month's last day when it is shorter), or "" when start
 * is no date. */
void svk_follow_up_date_after(const char *start, unsigned months, char out[static 11]);

/* svk_follow_up_today writes today's local date, YYYY-MM-DD. */
void svk_follow_up_today(char out[static 11]);

/* svk_follow_up_months gives whole months from date a to date b
 * (YYYY-MM-DD), negative when b is before a, or INT32_MIN when either is no
 * date. */
int32_t svk_follow_up_months(const char *a, const char *b);

#endif
