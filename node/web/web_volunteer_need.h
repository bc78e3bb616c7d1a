/*
 * web_volunteer_need.h: from one of this node's open needs to the local
 * volunteers who could answer it (store/match_volunteers.h, what `samverk
 * match NEED --volunteers` prints), for this node's admin only:
 *
 *   /needs/ORIGIN/ID/volunteers   the ranked volunteers, with the reasons
 *
 * and the link to it on the need's page. Nothing of it is sent.
 */
#ifndef SVK_WEB_VOLUNTEER_NEED_H
#define SVK_WEB_VOLUNTEER_NEED_H

#include "web_entity.h"

/* svk_web_volunteer_need_page answers the page above for need origin/id:
 * 403 for anyone but an admin (before anything is read), 404 for a need
 * that is a partner's, withdrawn or unknown. */
void svk_web_volunteer_need_page(svk_web_page *p, const char *origin, const char *id);

/* svk_web_volunteer_need_link writes, on the page of need e, the link to
 * the page above: only for an admin, on this node's own open need. */
void svk_web_volunteer_need_link(svk_web_page *p, const svk_web_entity *e);

#endif
