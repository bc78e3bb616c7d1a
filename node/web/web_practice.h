/*
 * web_practice.h: the web app's page of one practice: its texts,
 * translations, every member's adoption (core elements kept, adapted and
 * left out) and the partners' needs it could answer. The list is
 * web_entity.h's.
 */
#ifndef SVK_WEB_PRACTICE_H
#define SVK_WEB_PRACTICE_H

#include <stdbool.h>

#include "web_html.h"

/* svk_web_practice_page writes the page of the practice origin/id (origin a
 * fingerprint), or with json its record as the JSON file `practice add`
 * takes; 404 when there is none. */
void svk_web_practice_page(svk_web_page *p, const char *origin, const char *id,
    bool json);

#endif
