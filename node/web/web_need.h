/*
 * web_need.h: the web app's page of one need, with the partners'
 * practices that could answer it, ranked, and why (match.h). The list is
 * web_entity.h's.
 */
#ifndef SVK_WEB_NEED_H
#define SVK_WEB_NEED_H

#include <stdbool.h>

#include "web_html.h"

/* svk_web_need_page writes the page of the need origin/id, or with json its
 * record as the JSON file `need add` takes; 404 when there is none. */
void svk_web_need_page(svk_web_page *p, const char *origin, const char *id, bool json);

#endif
