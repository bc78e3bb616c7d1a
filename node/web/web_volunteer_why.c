/*
 * web_volunteer_why.c: the reasons a volunteer's fields are refused, in
 * the reader's words. See web_volunteer_why.h.
 */
#include "web_volunteer_why.h"

#include <stdio.h>
#include <string.h>

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
svk_web_volunteer_why(svk_web_page *p, const char *why, bool detail)
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
