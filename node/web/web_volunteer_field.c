/*
 * web_volunteer_field.c: a volunteer's fields as the volunteer pages show
 * them, and why they were refused, in the reader's words. See
 * web_volunteer_field.h.
 */
#include "web_volunteer_field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "volunteer.h"

/* The words of ours for what a reason says of field k. */
static const char *
why_key(int k, const char *why)
{
	static const char *const keys[SVK_VOLUNTEER_FIELDS] = {"vol.err.id",
	    "vol.err.name", "vol.err.birth_year", "vol.err.email",
	    "vol.err.phone", "vol.err.skills", "vol.err.areas", "vol.err.hours",
	    "vol.err.joined", "vol.err.active"};

	if (strstr(why, ": missing"))
		return "form.err.missing";
	if (strstr(why, "is listed twice"))
		return "vol.err.twice";
	if (strstr(why, "more than 32 items"))
		return "form.err.items";
	return keys[k];
}

void
svk_web_volunteer_field_why(svk_web_page *p, const char *why, bool detail)
{
	int k = svk_volunteer_field_of(why);
	char key[48];

	if (k < 0) {
		svk_web_html_in(p, "en", why);
		return;
	}
	snprintf(key, sizeof(key), "vol.f.%s", svk_volunteer_fields[k]);
	if (detail) {
		svk_web_html_text(p, key);
		fputs(": ", p->f);
	}
	svk_web_html_text(p, why_key(k, why));
	if (detail) {
		fputs(" <span class=\"muted\">(", p->f);
		svk_web_html_in(p, "en", why);
		fputs(")</span>", p->f);
	}
}

bool
svk_web_volunteer_field_has(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *s = list; *s;) {
		size_t m = strcspn(s, ";");
		if (m == n && strncasecmp(s, item, n) == 0)
			return true;
		s += m + (s[m] == ';');
	}
	return false;
}

void
svk_web_volunteer_field_list(svk_web_page *p, const char *list, const char *prefix)
{
	char item[SVK_VOLUNTEER_MAX_NAME];

	if (list[0] == '\0') {
		fputs("&ndash;", p->f);
		return;
	}
	for (const char *s = list; *s;) {
		size_t n = strcspn(s, ";");
		snprintf(item, sizeof(item), "%.*s", (int)n, s);
		if (s != list)
			fputs(", ", p->f);
		if (prefix)
			svk_web_html_code(p, prefix, item);
		else
			svk_web_html_esc(p->f, item);
		s += n + (s[n] == ';');
	}
}

void
svk_web_volunteer_field_option(svk_web_page *p, const char *value,
    const char *chosen, const char *key, const char *prefix)
{
	fputs("<option value=\"", p->f);
	svk_web_html_esc(p->f, value);
	fprintf(p->f, "\"%s>",
	    chosen && strcmp(chosen, value) == 0 ? " selected" : "");
	if (prefix)
		svk_web_html_code(p, prefix, value);
	else
		svk_web_html_text(p, key);
	fputs("</option>", p->f);
}

void
svk_web_volunteer_field_link(svk_web_page *p, const char *id, const char *text)
{
	fputs("<a href=\"/volunteers/", p->f);
	svk_web_html_url(p->f, id);
	fputs("\">", p->f);
	svk_web_html_esc(p->f, text);
	fputs("</a>", p->f);
}
