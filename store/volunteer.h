/*
 * volunteer.h: one volunteer of the registry (registry.h), and the checks
 * of its fields as a CSV row or a command line gives them: ids, names,
 * contacts, lists of skills and areas, hours and dates. No store.
 */
#ifndef SVK_VOLUNTEER_H
#define SVK_VOLUNTEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define SVK_VOLUNTEER_FIELDS 10	    /* columns of a row */
#define SVK_VOLUNTEER_MAX_ID 64	    /* bytes of an id */
#define SVK_VOLUNTEER_MAX_NAME 200  /* bytes of a name */
#define SVK_VOLUNTEER_MAX_HOURS 744 /* hours in a month of 31 days */

/* The fields, as indices into svk_volunteer_fields. */
enum {
	SVK_VOLUNTEER_F_ID,
	SVK_VOLUNTEER_F_NAME,
	SVK_VOLUNTEER_F_BIRTH,
	SVK_VOLUNTEER_F_EMAIL,
	SVK_VOLUNTEER_F_PHONE,
	SVK_VOLUNTEER_F_SKILLS,
	SVK_VOLUNTEER_F_AREAS,
	SVK_VOLUNTEER_F_HOURS,
	SVK_VOLUNTEER_F_JOINED,
	SVK_VOLUNTEER_F_ACTIVE,
};

/* svk_volunteer_fields names the columns, in the order of the CSV file and of
 * the fields array svk_volunteer_parse takes. */
extern const char *const svk_volunteer_fields[SVK_VOLUNTEER_FIELDS];

/* One volunteer. The strings belong to whoever filled it in: valid during the
 * callback that gets it, or as long as the fields svk_volunteer_parse parsed. */
typedef struct svk_volunteer {
	const char *id;
	const char *name;
	int birth_year;	    /* 0: not known */
	const char *email;  /* "": none */
	const char *phone;  /* "": none */
	const char *skills; /* ';' separated, "" for none */
	const char *areas;  /* ';' separated area codes, "" for none */
	unsigned hours_per_month;
	const char *joined; /* YYYY-MM-DD */
	bool active;
	int64_t created_ms; /* set by the store */
	int64_t updated_ms; /* set by the store */
} svk_volunteer;

/* svk_volunteer_parse checks the ten text fields of one volunteer (in the
 * order of svk_volunteer_fields) and fills v, whose strings then point into
 * fields. The fields are normalised in place: blanks around them and around
 * list items are removed. Returns 0, or SVK_EINVAL with a one-line reason
 * naming the field in why (which never quotes more than a few characters of
 * the value). The fields must be valid UTF-8. */
int svk_volunteer_parse(char *fields[SVK_VOLUNTEER_FIELDS], svk_volunteer *v,
    char *why, size_t whylen) SVK_WUR;

/* svk_volunteer_id_valid tells whether s is an id svk_volunteer_parse
 * takes: 1 to SVK_VOLUNTEER_MAX_ID letters, digits, '-', '_' and '.',
 * starting with a letter or a digit. */
bool svk_volunteer_id_valid(const char *s);

/* A volunteer's fields as text, as a CSV row has them. */
typedef struct svk_volunteer_text {
	char birth_year[16], hours[16];
	const char *f[SVK_VOLUNTEER_FIELDS]; /* into v, or into this */
} svk_volunteer_text;

/* svk_volunteer_unparse gives v's ten fields as text into t, in the order
 * of svk_volunteer_fields: what svk_volunteer_parse reads back as v. t's
 * strings are valid as long as t and v's are. */
void svk_volunteer_unparse(const svk_volunteer *v, svk_volunteer_text *t);

/* svk_volunteer_field_of gives the field a reason of svk_volunteer_parse
 * is about ("hours_per_month: ..."), as an index into
 * svk_volunteer_fields, or -1 when it names none. */
int svk_volunteer_field_of(const char *why);

#endif
