/*
 * web_volunteer_why.h: why a volunteer's fields were refused
 * (svk_volunteer_parse's reasons, and those of a refused CSV row), said in
 * the reader's language by the volunteer pages (web_volunteer*.c).
 */
#ifndef SVK_WEB_VOLUNTEER_WHY_H
#define SVK_WEB_VOLUNTEER_WHY_H

#include <stdbool.h>

#include "web_html.h"

/* svk_web_volunteer_why writes the message of why in p's language: the
 * words of ours for what it says of the field it names, after that
 * field's name and followed by why itself (in English) when detail is
 * true; why alone, in English, when it names no field. */
void svk_web_volunteer_why(svk_web_page *p, const char *why, bool detail);

#endif
