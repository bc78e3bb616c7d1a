/*
 * web.h: the web app's router: every path of the HTTP server that is not
 * /api/... or /metrics (http.c keeps those) comes here, and goes to its
 * page (web_coord.c, web_practice.c, web_need.c, web_indicators.c).
 *
 *   /                         the overview: members, connections, problems
 *   /practices                practices of the whole federation: search
 *                             (q), filter (area, country, member, language)
 *   /practices/ORIGIN/ID      one practice, its adoptions, needs it answers
 *   /practices/ORIGIN/ID.json the practice as the JSON file the CLI takes
 *   /needs, /needs/ORIGIN/ID, /needs/ORIGIN/ID.json   the same for needs,
 *                             a need's page with its ranked matches
 *   /indicators               the federation's rollup, this node's sets
 *   /indicators/own.csv, /indicators/federation.csv   the same as SDMX-CSV
 *   /practices/new, /needs/new, .../ORIGIN/ID/edit   the forms to add and
 *                             change this node's own (web_edit.h);
 *                             /practices/upload, /needs/upload: as a file
 *   /practices/ORIGIN/ID/adopt  adopting a partner's (web_adopt.h)
 *   /practices/ORIGIN/ID/follow-up  a follow-up of this node's adoption
 *                             of it (web_follow_up.h)
 *   .../ORIGIN/ID/retract     withdrawing this node's own (web_retract.h)
 *   /members, /members/ACTION  the coordinator's roster and its changes,
 *                             for an admin on the coordinator (web_member.h)
 *   /indicators/preview?period=P  a period's set as it would be published;
 *                             /indicators/publish: POST it (admin)
 *   /needs/ORIGIN/ID/close    closing this node's own need with the
 *                             practice that answered it (web_need_close.h)
 *
 * ORIGIN is a member's fingerprint. Any page takes ?lang=xx (en da sv el
 * fi it), which answers in that language and sets a cookie to remember it.
 * Pages answer GET and HEAD, the forms POST too; others get 405.
 */
#ifndef SVK_WEB_H
#define SVK_WEB_H

#include <microhttpd.h>

#include "config.h"
#include "home.h"
#include "web_html.h"
#include "web_who.h"

/* svk_web_respond answers the request for url with method on c: its page
 * (for who, with the form's fields for a POST, NULL otherwise), or 404.
 * MHD_NO when no response could be made. */
enum MHD_Result svk_web_respond(struct MHD_Connection *c, const char *method,
    const char *url, const svk_web_who *who, const svk_web_fields *form,
    svk_home *home, const svk_config *cfg) SVK_WUR;

/* svk_web_query gives the URL's arguments of the request on c as a form's
 * fields (one value each); valid while the request is. */
svk_web_fields svk_web_query(struct MHD_Connection *c);

/* svk_web_render makes the page req asks for into p (which it opens:
 * svk_web_html_open): p->status, p->type, p->body and p->len, p->cookie
 * and p->disposition are the answer. What svk_web_respond sends, without
 * a connection, for the tests. -ENOMEM; p needs svk_web_html_fini either
 * way. */
int svk_web_render(svk_web_page *p, const svk_web_request *req) SVK_WUR;

#endif
