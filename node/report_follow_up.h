/*
 * report_follow_up.h: the follow-ups this node owes: for each of its own
 * adoptions that is piloting or adopted, the first of the 3, 6 and 9
 * months since it started that has passed with no follow-up (follow_up.h),
 * as JSON for `status --json`, /api/status and the daemon's reminders.
 */
#ifndef SVK_REPORT_FOLLOW_UP_H
#define SVK_REPORT_FOLLOW_UP_H

#include <jansson.h>

#include "home.h"

/* svk_report_follow_up_due gives [{"practice": "ORIGIN/ID", "title",
 * "months", "started"}], one per adoption with a follow-up due on today
 * (YYYY-MM-DD), or NULL when the store cannot be read or memory is short. */
json_t *svk_report_follow_up_due(svk_home *home, const char *today);

#endif
