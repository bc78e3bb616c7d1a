/*
 * web_need_close.h: closing this node's own open need as met, with the
 * partner's practice that answered it: the form (a choice among the need's
 * ranked matches, a practice by its id ORIGIN/ID, or none), shown on the
 * need's page and at /needs/ORIGIN/ID/close, and its POST, which closes
 * the need as `samverk need close ID --answered-by ORIGIN/PRACTICE` does
 * (need_close.h) and logs an audit line. An editor or an admin may.
 */
#ifndef SVK_WEB_NEED_CLOSE_H
#define SVK_WEB_NEED_CLOSE_H

#include "web_entity.h"
#include "web_html.h"

/* svk_web_need_close_form writes the form on the page of the need e when
 * it is this node's own, open, and p's user may close it; nothing else. */
void svk_web_need_close_form(svk_web_page *p, const svk_web_entity *e);

/* svk_web_need_close_page answers GET (the form alone) and POST (the
 * closing) for this node's need origin/id. */
void svk_web_need_close_page(svk_web_page *p, const char *origin, const char *id);

#endif
