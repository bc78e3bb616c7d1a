/*
 * web_adopters.h: the practice page's section on its adopters, every
 * member's adoption side by side (a stack of one block per adopter, so a
 * phone never scrolls sideways): country, status, months since the
 * adoption started, the core elements kept and left out, how the flexible
 * ones are adapted, and at each follow-up the core elements' fidelity
 * (kept, adapted and how, dropped and why), the results against their
 * baselines and the lessons. All of it is report_adoption.h's, as `practice
 * show` and /api give it. This node's own adoption links to its follow-up
 * form (web_follow_up.h) and says when one is due.
 */
#ifndef SVK_WEB_ADOPTERS_H
#define SVK_WEB_ADOPTERS_H

#include "web_entity.h"
#include "web_html.h"

/* svk_web_adopters_section writes the section of the adoptions of the
 * practice e (its record may be retracted: e->msg NULL). */
void svk_web_adopters_section(svk_web_page *p, const svk_web_entity *e);

#endif
