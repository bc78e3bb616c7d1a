/*
 * indexer.h: the search rows a bulk catch-up left for later
 * (search_later.h), written in batches on the loop while catch-up is idle,
 * so that a node that caught up on a million records finds them in search
 * soon after, without slowing the catch-up itself.
 */
#ifndef SVK_INDEXER_H
#define SVK_INDEXER_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "store.h"

#define SVK_INDEXER_BATCH 500 /* search rows per transaction */

typedef struct svk_indexer {
	uv_timer_t timer;
	svk_store *st;
	bool (*busy)(void *arg); /* catch-up has pages to store: wait */
	void *arg;
	bool open, waiting;
	uint64_t written; /* batches written */
} svk_indexer;

/* svk_indexer_init sets ix up on loop; it looks for work once at once (a
 * backlog may be left from before a restart). */
int svk_indexer_init(svk_indexer *ix, uv_loop_t *loop, svk_store *st,
    bool (*busy)(void *arg), void *arg) SVK_WUR;

/* svk_indexer_kick says there may be work (a bulk page was stored). */
void svk_indexer_kick(svk_indexer *ix);

/* svk_indexer_close stops it; the loop must run for the close. */
void svk_indexer_close(svk_indexer *ix);

#endif
