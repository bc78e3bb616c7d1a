/*
 * web_follow_up.h: the follow-up form of this node's own adoption of a
 * partner's practice, /practices/ORIGIN/ID/follow-up: when (3, 6, 9 months
 * after the adoption started, or a date; by default the one that is due),
 * each core element's state (kept, adapted and how, dropped and why),
 * measured results against their baselines, lessons. Its POST builds the
 * follow-up file the CLI takes (`samverk adopt ... --follow-up FILE`) and
 * checks it with the same rules (follow_up.h: a count of fewer than
 * min_cell people is refused ...), says what is wrong at its field in the
 * reader's language and writes nothing then; else it signs the adoption
 * again with the follow-up (adopter.h) and logs an audit line. An editor
 * or an admin may; only this node's own adoption is followed up.
 */
#ifndef SVK_WEB_FOLLOW_UP_H
#define SVK_WEB_FOLLOW_UP_H

#include "web_html.h"

/* svk_web_follow_up_page answers GET (the form) and POST (the follow-up)
 * for this node's adoption of the practice origin/id. */
void svk_web_follow_up_page(svk_web_page *p, const char *origin, const char *id);

#endif
