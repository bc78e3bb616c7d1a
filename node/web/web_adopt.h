/*
 * web_adopt.h: "adopt" on a partner's practice: the form (how far this
 * municipality is, the core elements it keeps, how it adapts the flexible
 * ones, a note), filled with its earlier record when there is one, and its
 * POST side, which signs an Adoption into this node's log as `samverk
 * adopt` does and logs an audit line. /practices/ORIGIN/ID/adopt; an editor
 * or an admin may.
 */
#ifndef SVK_WEB_ADOPT_H
#define SVK_WEB_ADOPT_H

#include "web_html.h"

/* svk_web_adopt_page answers GET (the form) and POST (the adoption) for
 * the practice origin/id. */
void svk_web_adopt_page(svk_web_page *p, const char *origin, const char *id);

#endif
