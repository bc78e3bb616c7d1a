/*
 * web_volunteer.h: the web app's pages of this node's volunteer registry
 * (store/registry.h): personal data, for this node's admin only, never
 * linked for anyone else, never sent. Every path under /volunteers answers
 * anyone who is not logged in as an admin with the same 403 page, before
 * anything is read, so that it tells nothing of who is registered.
 *
 *   /volunteers                 the registry: q (words of id, name, e-mail,
 *                               phone, skills), area, skill, active
 *   /volunteers/new             add one (a form; POST adds)
 *   /volunteers/import          a CSV file as `volunteer import` takes it,
 *                               with its row-by-row report (web_volunteer_io.h)
 *   /volunteers/ID              one person
 *   /volunteers/ID/edit         change them (POST)
 *   /volunteers/ID/erase        erase them, after a confirmation (POST)
 *   /volunteers/ID/export.json  everything held on them, as `volunteer
 *   /volunteers/ID/export.csv   export` gives it; or as a CSV row
 *
 * The forms are checked as `volunteer add` checks its options
 * (svk_volunteer_parse), each message shown at its field in the reader's
 * language; nothing is written on an error; every write is an audit line.
 * "new" and "import" are no volunteer's page (an id so named is reached
 * through the list's search only on the command line).
 */
#ifndef SVK_WEB_VOLUNTEER_H
#define SVK_WEB_VOLUNTEER_H

#include <stdbool.h>

#include "web_html.h"

/* svk_web_volunteer_page answers path (which starts "/volunteers"). */
void svk_web_volunteer_page(svk_web_page *p, const char *path);

/* svk_web_volunteer_postable tells whether path is one of the forms above
 * (that take a POST). */
bool svk_web_volunteer_postable(const char *path);

#endif
