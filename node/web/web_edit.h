/*
 * web_edit.h: the web app's forms to add and edit this node's practices and
 * needs (with their translations), and their POST side. A form is read into
 * the JSON file the CLI takes and checked by the same parser (author.h), so
 * the rules and the messages are the CLI's; the message is shown at the
 * field it names. Nothing is written on an error; a write is signed into
 * this node's log and told as an audit line (who, what, which entry).
 *
 *   /practices/new, /needs/new              add one
 *   /practices/ORIGIN/ID/edit, /needs/...   change one of this node's own
 *   /practices/upload, /needs/upload        add one from its JSON file
 *
 * An editor or an admin may; anyone else gets 403. The request side has
 * checked the session and the CSRF token before a POST arrives here
 * (web_who.h); every form carries who->csrf as its "csrf" field.
 */
#ifndef SVK_WEB_EDIT_H
#define SVK_WEB_EDIT_H

#include "web_html.h"

/* svk_web_edit_page answers GET (the form) and POST (the change) for the
 * entity (kind) origin/id, or a new one when origin is NULL. */
void svk_web_edit_page(svk_web_page *p, int kind, const char *origin, const char *id);

/* svk_web_edit_upload answers GET (a form to send a file) and POST (the
 * file: a new practice or need, kind, as the JSON file the CLI takes, in
 * the form field "file", checked and written as the form's are). */
void svk_web_edit_upload(svk_web_page *p, int kind);

#endif
