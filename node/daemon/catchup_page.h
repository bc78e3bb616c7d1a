/*
 * catchup_page.h: one catch-up page between the wire and the store: its
 * entries opened and verified (on libuv's thread pool, so touching nothing
 * but the page), then stored on the loop in one transaction through the
 * intake. The order of pages and the link they came on are catchup.c's.
 */
#ifndef SVK_CATCHUP_PAGE_H
#define SVK_CATCHUP_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "catchup_wire.h"
#include "chain.h"
#include "entry.h"
#include "intake.h"

#define SVK_CATCHUP_PAGE_RELAY 64 /* pages up to this size are relayed */

/* A page's entries and how checking them went. */
typedef struct svk_catchup_page {
	svk_catchup_wire_reply *reply;
	svk_entry **entries; /* NULL where it failed; errs says why */
	int *errs;
	size_t n;
	size_t sigs;	       /* signatures the page cost */
	svk_chain_stats chain; /* how its runs went, for a big page */
} svk_catchup_page;

/* svk_catchup_page_init sets pg up for reply, which it then owns (freed by
 * svk_catchup_page_fini, or here on failure: -ENOMEM). */
int svk_catchup_page_init(svk_catchup_page *pg, svk_catchup_wire_reply *reply) SVK_WUR;

/* svk_catchup_page_fini frees the entries and the reply. */
void svk_catchup_page_fini(svk_catchup_page *pg);

/* svk_catchup_page_verify opens and verifies every entry of pg: a small page
 * (what gossip lost; its entries are relayed) each on its own, a big one by
 * its runs, one signature per run of one origin's chain (chain.h). Safe on
 * a worker thread. */
void svk_catchup_page_verify(svk_catchup_page *pg);

/* svk_catchup_page_ingest stores the verified pg through ing in one
 * transaction, rosters first; a big page in bulk mode (svk_store_bulk),
 * and then *bulk is true. Tells whether the page brought a new roster. */
bool svk_catchup_page_ingest(svk_catchup_page *pg, svk_intake *ing, bool *bulk);

#endif
