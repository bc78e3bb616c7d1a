/* volunteer.c: the checks of one volunteer's fields. See volunteer.h. */
#include "volunteer.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "csv.h"
#include "text.h"
#include "vocab.h"

const char *const svk_volunteer_fields[SVK_VOLUNTEER_FIELDS] = {"id", "name",
    "birth_year", "email", "phone", "skills", "areas", "hours_per_month",
    "joined", "active"};

#define MAX_ITEM 64 /* bytes of a skill */
#define MAX_EMAIL 254
#define MAX_PHONE 32

/* --- checks of single fields ------------------------------------------- */

bool
svk_volunteer_id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > SVK_VOLUNTEER_MAX_ID)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.')))
			return false;
	}
	return true;
}

static int
this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		return 9999;
	return tm.tm_year + 1900;
}

static bool
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD, a real day of a year from 1900 on. */
static bool
date_valid(const char *s)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long year, month, day;

	if (svk_text_date(s, &year, &month, &day) != 3 || year < 1900)
		return false;
	return day <= days[month - 1] + (month == 2 && leap(year));
}

static bool
email_valid(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	size_t n = strlen(s);

	if (n > MAX_EMAIL || at == NULL || strchr(at + 1, '@') != NULL)
		return false;
	if (at == s || at - s > 64 || strpbrk(s, " ,;:<>\"()[]\\") != NULL ||
	    svk_text_has_control(s))
		return false;
	const char *dom = at + 1;
	if ((dot = strrchr(dom, '.')) == NULL || dom[0] == '.' || dom[0] == '-' ||
	    dot[1] == '\0' || strstr(dom, "..") != NULL || s[n - 1] == '-')
		return false;
	return true;
}

static bool
phone_valid(const char *s)
{
	size_t n = strlen(s), ndigits = 0;

	if (n > MAX_PHONE)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			ndigits++;
		else if (c == '+' ? i != 0 : strchr(" -().//", c) == NULL)
			return false;
	}
	return ndigits >= 4;
}

/*
 * Normalises a list "a; b;c" to "a;b;c" in place: blanks around items and
 * empty items go. Each item must pass its check; an item listed twice is an
 * error (the registry would count a person twice in one area).
 */
static int
list_normalise(char *s, const char *field, bool areas, char *why, size_t len)
{
	char *out = s, *p = s, ex[32];
	size_t items = 0;

	while (*p) {
		char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		char *next = semi ? semi + 1 : p + n;
		char item[SVK_CSV_MAX_FIELD + 1];

		if (n > SVK_CSV_MAX_FIELD)
			return svk_text_why(why, len, "%s: longer than %d bytes",
			    field, SVK_CSV_MAX_FIELD);
		memcpy(item, p, n);
		item[n] = '\0';
		svk_text_trim(item);
		p = next;
		if (item[0] == '\0')
			continue;
		if (areas && !svk_vocab_area_valid(item))
			return svk_text_why(why, len, "areas: unknown area '%s'",
			    svk_text_excerpt(item, ex));
		if (!areas && (strlen(item) > MAX_ITEM || svk_text_has_control(item)))
			return svk_text_why(why, len,
			    "%s: '%s' is not a skill (at most %d "
			    "characters, no control characters)",
			    field, svk_text_excerpt(item, ex), MAX_ITEM);
		/* Twice? Compare with the items already written to out. */
		size_t il = strlen(item);
		for (char *q = s; q < out;) {
			char *e = memchr(q, ';', (size_t)(out - q));
			size_t ql = e ? (size_t)(e - q) : (size_t)(out - q);
			if (ql == il && memcmp(q, item, il) == 0)
				return svk_text_why(why, len,
				    "%s: '%s' is listed twice", field,
				    svk_text_excerpt(item, ex));
			q += ql + 1;
		}
		if (++items > 32)
			return svk_text_why(why, len, "%s: more than 32 items", field);
		if (out != s)
			*out++ = ';';
		memmove(out, item, il);
		out += il;
	}
	*out = '\0';
	return 0;
}

/*
 * Hours written as a decimal number, "16,0" or "16.00" (a spreadsheet's
 * number format; the comma where it is the decimal mark), are whole hours
 * when the fraction is zero: it is cut off in place. Another fraction is
 * refused, since the registry keeps whole hours and rounding is the
 * coordinator's choice, not ours.
 */
static int
whole_hours(char *s, char *why, size_t len)
{
	char *mark = strpbrk(s, ".,"), ex[32];

	if (mark == NULL || mark == s)
		return 0;
	for (const char *p = s; p < mark; p++)
		if (*p < '0' || *p > '9')
			return 0;
	if (mark[1] == '\0' || strspn(mark + 1, "0123456789") != strlen(mark + 1))
		return 0;
	if (strspn(mark + 1, "0") != strlen(mark + 1))
		return svk_text_why(why, len,
		    "hours_per_month: '%s' is not a whole number of hours "
		    "(the registry keeps whole hours from 0 to %d)",
		    svk_text_excerpt(s, ex), SVK_VOLUNTEER_MAX_HOURS);
	*mark = '\0';
	return 0;
}

int
svk_volunteer_parse(char *f[SVK_VOLUNTEER_FIELDS], svk_volunteer *v, char *why,
    size_t len)
{
	char ex[32];
	long n;
	int err;

	for (int i = 0; i < SVK_VOLUNTEER_FIELDS; i++)
		svk_text_trim(f[i]);
	memset(v, 0, sizeof(*v));
	if (!svk_volunteer_id_valid(f[SVK_VOLUNTEER_F_ID]))
		return svk_text_why(why, len,
		    f[SVK_VOLUNTEER_F_ID][0] ?
			"id: '%s' is not an id (letters, digits, '-', '_', "
			"'.'; at most 64)" :
			"id: missing%s",
		    svk_text_excerpt(f[SVK_VOLUNTEER_F_ID], ex));
	if (f[SVK_VOLUNTEER_F_NAME][0] == '\0')
		return svk_text_why(why, len, "name: missing");
	if (strlen(f[SVK_VOLUNTEER_F_NAME]) > SVK_VOLUNTEER_MAX_NAME ||
	    svk_text_has_control(f[SVK_VOLUNTEER_F_NAME]))
		return svk_text_why(why, len,
		    "name: longer than %d bytes, or holds control "
		    "characters",
		    SVK_VOLUNTEER_MAX_NAME);
	if (f[SVK_VOLUNTEER_F_BIRTH][0] != '\0') {
		if (!svk_text_digits(f[SVK_VOLUNTEER_F_BIRTH], 4, &n) ||
		    strlen(f[SVK_VOLUNTEER_F_BIRTH]) != 4)
			return svk_text_why(why, len, "birth_year: '%s' is not a year",
			    svk_text_excerpt(f[SVK_VOLUNTEER_F_BIRTH], ex));
		if (n < 1900 || n > this_year())
			return svk_text_why(why, len,
			    "birth_year: %ld is not a plausible year "
			    "of birth",
			    n);
		v->birth_year = (int)n;
	}
	if (f[SVK_VOLUNTEER_F_EMAIL][0] != '\0' &&
	    !email_valid(f[SVK_VOLUNTEER_F_EMAIL]))
		return svk_text_why(why, len, "email: '%s' is not an e-mail address",
		    svk_text_excerpt(f[SVK_VOLUNTEER_F_EMAIL], ex));
	if (f[SVK_VOLUNTEER_F_PHONE][0] != '\0' &&
	    !phone_valid(f[SVK_VOLUNTEER_F_PHONE]))
		return svk_text_why(why, len, "phone: '%s' is not a phone number",
		    svk_text_excerpt(f[SVK_VOLUNTEER_F_PHONE], ex));
	if ((err = list_normalise(f[SVK_VOLUNTEER_F_SKILLS], "skills", false, why,
		 len)) != 0 ||
	    (err = list_normalise(f[SVK_VOLUNTEER_F_AREAS], "areas", true, why,
		 len)) != 0)
		return err;
	if ((err = whole_hours(f[SVK_VOLUNTEER_F_HOURS], why, len)) != 0)
		return err;
	if (!svk_text_digits(f[SVK_VOLUNTEER_F_HOURS], 3, &n) ||
	    n > SVK_VOLUNTEER_MAX_HOURS)
		return svk_text_why(why, len,
		    "hours_per_month: '%s' is not a whole number "
		    "of hours from 0 to %d",
		    svk_text_excerpt(f[SVK_VOLUNTEER_F_HOURS], ex),
		    SVK_VOLUNTEER_MAX_HOURS);
	v->hours_per_month = (unsigned)n;
	if (!date_valid(f[SVK_VOLUNTEER_F_JOINED]))
		return svk_text_why(why, len,
		    f[SVK_VOLUNTEER_F_JOINED][0] ?
			"joined: '%s' is not a date "
			"(YYYY-MM-DD)" :
			"joined: missing%s",
		    svk_text_excerpt(f[SVK_VOLUNTEER_F_JOINED], ex));
	if (strcasecmp(f[SVK_VOLUNTEER_F_ACTIVE], "yes") == 0)
		v->active = true;
	else if (strcasecmp(f[SVK_VOLUNTEER_F_ACTIVE], "no") != 0)
		return svk_text_why(why, len, "active: '%s' is neither yes nor no",
		    svk_text_excerpt(f[SVK_VOLUNTEER_F_ACTIVE], ex));
	v->id = f[SVK_VOLUNTEER_F_ID];
	v->name = f[SVK_VOLUNTEER_F_NAME];
	v->email = f[SVK_VOLUNTEER_F_EMAIL];
	v->phone = f[SVK_VOLUNTEER_F_PHONE];
	v->skills = f[SVK_VOLUNTEER_F_SKILLS];
	v->areas = f[SVK_VOLUNTEER_F_AREAS];
	v->joined = f[SVK_VOLUNTEER_F_JOINED];
	return 0;
}

int
svk_volunteer_field_of(const char *why)
{
	const char *colon = strchr(why, ':');
	size_t n = colon ? (size_t)(colon - why) : 0;

	for (int k = 0; colon && k < SVK_VOLUNTEER_FIELDS; k++)
		if (strncmp(why, svk_volunteer_fields[k], n) == 0 &&
		    svk_volunteer_fields[k][n] == '\0')
			return k;
	return -1;
}

void
svk_volunteer_unparse(const svk_volunteer *v, svk_volunteer_text *t)
{
	t->birth_year[0] = '\0';
	if (v->birth_year > 0)
		snprintf(t->birth_year, sizeof(t->birth_year), "%d", v->birth_year);
	snprintf(t->hours, sizeof(t->hours), "%u", v->hours_per_month);
	t->f[SVK_VOLUNTEER_F_ID] = v->id;
	t->f[SVK_VOLUNTEER_F_NAME] = v->name;
	t->f[SVK_VOLUNTEER_F_BIRTH] = t->birth_year;
	t->f[SVK_VOLUNTEER_F_EMAIL] = v->email;
	t->f[SVK_VOLUNTEER_F_PHONE] = v->phone;
	t->f[SVK_VOLUNTEER_F_SKILLS] = v->skills;
	t->f[SVK_VOLUNTEER_F_AREAS] = v->areas;
	t->f[SVK_VOLUNTEER_F_HOURS] = t->hours;
	t->f[SVK_VOLUNTEER_F_JOINED] = v->joined;
	t->f[SVK_VOLUNTEER_F_ACTIVE] = v->active ? "yes" : "no";
}
