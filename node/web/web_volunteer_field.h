/*
 * web_volunteer_field.h: what the volunteer pages (web_volunteer*.c)
 * share of a volunteer's fields: why they were refused
 * (svk_volunteer_parse's reasons, and those of a refused CSV row) in the
 * reader's language, the ';' lists of skills and areas, and a choice.
 */
#ifndef SVK_WEB_VOLUNTEER_FIELD_H
#define SVK_WEB_VOLUNTEER_FIELD_H

#include <stdbool.h>

#include "web_html.h"

/* svk_web_volunteer_field_why writes the message of why in p's language:
 * the words of ours for what it says of the field it names, after that
 * field's name and followed by why itself (in English) when detail is
 * true; why alone, in English, when it names no field. */
void svk_web_volunteer_field_why(svk_web_page *p, const char *why, bool detail);

/* svk_web_volunteer_field_has tells whether the ';' list has item (case
 * folded, as the registry's matching compares). */
bool svk_web_volunteer_field_has(const char *list, const char *item);

/* svk_web_volunteer_field_list writes the ';' list as "a, b" (each the
 * name of a code of prefix when prefix is not NULL: "area"), or a dash
 * when it is empty. */
void svk_web_volunteer_field_list(svk_web_page *p, const char *list,
    const char *prefix);

/* svk_web_volunteer_field_link writes a link to the page of the volunteer
 * id, named text. */
void svk_web_volunteer_field_link(svk_web_page *p, const char *id, const char *text);

/* svk_web_volunteer_field_option writes an <option> of value, selected
 * when it is chosen, named by the code's name (prefix) or key's text. */
void svk_web_volunteer_field_option(svk_web_page *p, const char *value,
    const char *chosen, const char *key, const char *prefix);

#endif
