/*
 * adopter.h: this node as the adopter of a partner's practice: its own
 * record of the adoption read back, and a follow-up signed into it, for
 * `samverk adopt --follow-up` (node/cli/cmd_adopt.c) and the web app's
 * adoption and follow-up forms (node/web/web_adopt.c, web_follow_up.c)
 * alike. Adoptions are keyed "ORIGIN/practice-id", the origin's bare
 * fingerprint.
 */
#ifndef SVK_ADOPTER_H
#define SVK_ADOPTER_H

#include <stdint.h>

#include "crypto.h"
#include "home.h"
#include "samverk.pb-c.h"

/* svk_adopter_read sets *out to this node's record in force of its
 * adoption of the practice origin/id, or to NULL when it has none (or
 * withdrew it). Free *out with samverk__body__free_unpacked. Returns 0,
 * SVK_ECORRUPT when the record is no adoption, or another negative code
 * when the store cannot be read. */
int svk_adopter_read(svk_home *home, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, Samverk__Body **out) SVK_WUR;

/* svk_adopter_follow_up signs into home's log the adoption was (this
 * node's record in force) again, with fu added: one of was's follow-ups
 * for the same months (fu->months > 0) is replaced. *seq is the new
 * entry's. Returns 0 or svk_log_append's error. */
int svk_adopter_follow_up(svk_home *home, const Samverk__Adoption *was,
    Samverk__FollowUp *fu, uint64_t *seq) SVK_WUR;

/* svk_adopter_started gives when an adoption with status, earlier started
 * (NULL or "" when not known), starts: started when given, else earlier,
 * else today when status is piloting or adopted, else "". */
const char *svk_adopter_started(const char *status, const char *started,
    const char *earlier, const char *today);

#endif
