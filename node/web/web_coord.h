/*
 * web_coord.h: the web app's overview, for the coordinator: every member
 * online or not, how far behind, last heard from, its version and its
 * problems in words; this node's connections; what was refused and why;
 * the newest practices and needs. The facts are report.c's.
 */
#ifndef SVK_WEB_COORD_H
#define SVK_WEB_COORD_H

#include <jansson.h>

#include "web_html.h"

/* svk_web_coord_page writes the overview into p. */
void svk_web_coord_page(svk_web_page *p);


#endif
