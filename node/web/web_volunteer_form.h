/*
 * web_volunteer_form.h: the form that adds a volunteer to this node's
 * registry or changes one (/volunteers/new, /volunteers/ID/edit: see
 * web_volunteer.h), checked as `volunteer add` checks its options, each
 * message at its field in the reader's language; nothing is written on an
 * error, and a write is an audit line. The caller has checked that an
 * admin asks.
 */
#ifndef SVK_WEB_VOLUNTEER_FORM_H
#define SVK_WEB_VOLUNTEER_FORM_H

#include "web_html.h"

/* svk_web_volunteer_form_page answers GET (the form, with the values of
 * volunteer id, or empty when id is NULL) and POST (the change: a 303 to
 * the person's page, or the form again with its message and 400). 404
 * for an id the registry does not have. */
void svk_web_volunteer_form_page(svk_web_page *p, const char *id);

#endif
