/*
 * web_member.h: the coordinator's members page of the web app, for an
 * admin on the coordinator's node: the roster with each member's state,
 * when it expires, and the changes `samverk member add|suspend|resume`
 * and `samverk federation renew` make (roster_admin.h), as forms.
 *
 *   /members            the roster and the forms
 *   /members/add        POST: a join request as pasted (field "request")
 *   /members/suspend    POST: the member "node" (a fingerprint)
 *   /members/resume     POST: the same
 *   /members/renew      POST: the roster signed again, [federation]
 *                       roster_days valid
 *
 * Anyone but an admin, and any user on a node that is not the
 * coordinator, gets 403 and nothing is written. A change is logged as an
 * audit line and answered with a 303 to /members, which then says who and
 * what ("Kommune X suspended; roster version 7").
 */
#ifndef SVK_WEB_MEMBER_H
#define SVK_WEB_MEMBER_H

#include "web_html.h"

/* svk_web_member_page answers /members (GET) and /members/ACTION (POST;
 * action is "add", "suspend", "resume" or "renew", or NULL for the page). */
void svk_web_member_page(svk_web_page *p, const char *action);

/* svk_web_member_shown tells whether p's reader may use the members page:
 * an admin on the coordinator's node (for the overview's link to it). */
bool svk_web_member_shown(const svk_web_page *p);

/* svk_web_member_admin tells whether p's reader is an admin; when not, it
 * has written the 403 page (for the admin's pages: members, indicators
 * preview and publish). */
bool svk_web_member_admin(svk_web_page *p);

#endif
