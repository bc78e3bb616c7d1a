/*
 * hold_text.h: the one line that says why authoring is on hold (store's
 * hold.h) and what the operator should do: the same words in the command
 * line's refusals, the daemon's log, `status`, the status page and the API.
 */
#ifndef SVK_HOLD_TEXT_H
#define SVK_HOLD_TEXT_H

#include <stddef.h>

#include "hold.h"

/* svk_hold_text writes the line for h into out[0..len), cut to fit. */
void svk_hold_text(const svk_hold *h, char *out, size_t len);

#endif
