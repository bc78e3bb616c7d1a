/*
 * web_retract.h: withdrawing one of this node's practices or needs from
 * the web app: /KIND/ORIGIN/ID/retract asks to confirm, with a reason for
 * the partners to read; its POST signs a Retraction into this node's log
 * as `samverk practice retract` does, and logs an audit line. An editor or
 * an admin may.
 */
#ifndef SVK_WEB_RETRACT_H
#define SVK_WEB_RETRACT_H

#include "web_html.h"

/* svk_web_retract_page answers GET (the confirmation) and POST (the
 * retraction) for the entity (kind) origin/id. */
void svk_web_retract_page(svk_web_page *p, int kind, const char *origin,
    const char *id);

#endif
