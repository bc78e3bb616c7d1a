/*
 * report_adoption.h: every member's adoption of one practice, as JSON, for
 * `practice show` and the web app's practice page alike: who adopts it,
 * the status, the core elements kept and those left out, the flexible
 * elements adapted and how, the note (adoption.h says which is which).
 */
#ifndef SVK_REPORT_ADOPTION_H
#define SVK_REPORT_ADOPTION_H

#include <jansson.h>
#include <stdint.h>

#include "home.h"
#include "samverk.pb-c.h"

/* svk_report_adoption_list sets *out to a new array of the adoptions of the
 * practice origin/id, newest first: {adopter, adopter_name, country,
 * status, kept: [...], missing: [...], adapted: [{element, how}], note,
 * updated, seq, started, follow_ups: [{months, date, elements: [{element,
 * state, note}], fidelity: {kept, adapted, dropped, of}, results: [{name,
 * value, unit, baseline?}], lessons}]}. practice is the practice in force (NULL when it was
 * retracted: then nothing is missing). Returns 0 or a negative code. */
int svk_report_adoption_list(svk_home *home, const uint8_t *origin,
    const char *id, const Samverk__Practice *practice, json_t **out) SVK_WUR;

#endif
