/*
 * catchup_round.h: the rules one catch-up round keeps (catchup.h runs the
 * rounds): how long a request that could not be sent yet waits before its
 * next try, and what a round may cost before it ends, pages and bytes.
 * Pure: no sockets, no clock.
 */
#ifndef SVK_CATCHUP_ROUND_H
#define SVK_CATCHUP_ROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SVK_CATCHUP_RETRY_MS 20	      /* first wait for a request not sent yet */
#define SVK_CATCHUP_RETRY_MAX_MS 1000 /* longest wait between its tries */
#define SVK_CATCHUP_SEND_TRIES 10 /* tries of one request, then the round ends */

/* svk_catchup_round_retry_ms gives the wait before retry number tries (1, 2, ...)
 * of a request that could not be sent yet (no pipe ready): from
 * SVK_CATCHUP_RETRY_MS, doubling, to SVK_CATCHUP_RETRY_MAX_MS. */
int64_t svk_catchup_round_retry_ms(unsigned tries);

/* What one round may cost: pages and bytes of the replies that carry pages. */
typedef struct svk_catchup_round_budget {
	uint64_t pages, bytes;	       /* spent so far */
	uint64_t max_pages, max_bytes; /* the bounds ([catchup] round_...) */
} svk_catchup_round_budget;

/* What a page says of the round it came in. */
typedef enum {
	SVK_CATCHUP_GO_ON,	/* go on (or the round is done anyway) */
	SVK_CATCHUP_EMPTY_MORE, /* no entries yet "more": a partner to distrust */
	SVK_CATCHUP_MAX_PAGES,	/* the round has had its pages */
	SVK_CATCHUP_MAX_BYTES,	/* the round has had its bytes */
} svk_catchup_round_verdict;

/* svk_catchup_round_budget_init sets b up for a round of at most max_pages pages
 * and max_bytes bytes. */
void svk_catchup_round_budget_init(svk_catchup_round_budget *b,
    uint64_t max_pages, uint64_t max_bytes);

/* svk_catchup_round_spend counts one page of entries entries in a reply
 * of bytes bytes, marked more or not, and tells whether the round may go
 * on. A last page (!more) always may: it ends the round itself. */
svk_catchup_round_verdict svk_catchup_round_spend(svk_catchup_round_budget *b,
    size_t entries, size_t bytes, bool more);

#endif
