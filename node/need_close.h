/*
 * need_close.h: closing one of this node's needs as met, naming the
 * partner's practice that answered it (or none): a new signed entry of the
 * need as it stands, with status "closed" and answered_by "ORIGIN/ID" (the
 * origin's fingerprint). `samverk need close` (node/cli/cmd_need.c) and
 * the web app's need page (node/web/web_need.c) both close a need here.
 */
#ifndef SVK_NEED_CLOSE_H
#define SVK_NEED_CLOSE_H

#include <stdint.h>

#include "crypto.h"
#include "home.h"

/* Why a need is not closed. */
typedef enum svk_need_close_refusal {
	SVK_NEED_CLOSE_NO_NEED = 1, /* this node has no such need in force */
	SVK_NEED_CLOSE_CLOSED,	    /* it is closed already */
	SVK_NEED_CLOSE_NO_PRACTICE, /* no such practice stands here */
} svk_need_close_refusal;

/* svk_need_close closes this node's need id, answered by the practice
 * porigin/pid (porigin NULL: by none); *seq is the new entry's. Returns 0;
 * SVK_EINVAL with *refused saying why it is refused; or another negative
 * code (the store, svk_log_append). Nothing is written unless it returns
 * 0. */
int svk_need_close(svk_home *home, const char *id, const uint8_t *porigin,
    const char *pid, uint64_t *seq, svk_need_close_refusal *refused) SVK_WUR;

#endif
