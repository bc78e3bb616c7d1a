/* indexer.c: the search rows left for later, written when idle. See indexer.h. */
#include "indexer.h"

#include <malloc.h>

#include "error.h"
#include "say.h"
#include "search_later.h"

#define IDLE_CHECK_MS 200 /* while catch-up is busy, look again after */
#define RETRY_MS 5000	  /* after a failed batch */

static void on_timer(uv_timer_t *h);

static void
again(svk_indexer *ix, uint64_t ms)
{
	if (uv_timer_start(&ix->timer, on_timer, ms, 0) != 0)
		ix->waiting = false;
}

static void
on_timer(uv_timer_t *h)
{
	svk_indexer *ix = h->data;
	bool more = false;
	int err;

	if (ix->busy(ix->arg)) {
		again(ix, IDLE_CHECK_MS);
		return;
	}
	if ((err = svk_search_later_run(ix->st, SVK_INDEXER_BATCH, &more)) != 0) {
		svk_say_warn("cannot write search rows left for later: %s (again "
			     "in %d s)",
		    svk_error_str(err), RETRY_MS / 1000);
		again(ix, RETRY_MS);
		return;
	}
	ix->written++;
	if (more) {
		again(ix, 0); /* the loop polls its sockets in between */
		return;
	}
	/* A big catch-up is over: give its memory back, from the page cache
	 * and from the allocator's arenas (the pages were checked on the
	 * thread pool's). */
	ix->waiting = false;
	svk_store_release_memory(ix->st);
	(void)malloc_trim(0);
}

int
svk_indexer_init(svk_indexer *ix, uv_loop_t *loop, svk_store *st,
    bool (*busy)(void *arg), void *arg)
{
	int err;

	ix->st = st;
	ix->busy = busy;
	ix->arg = arg;
	ix->waiting = false;
	ix->written = 0;
	if ((err = uv_timer_init(loop, &ix->timer)) != 0)
		return err;
	ix->timer.data = ix;
	ix->open = true;
	svk_indexer_kick(ix);
	return 0;
}

void
svk_indexer_kick(svk_indexer *ix)
{
	if (!ix->open || ix->waiting)
		return;
	ix->waiting = true;
	again(ix, 0);
}

void
svk_indexer_close(svk_indexer *ix)
{
	if (!ix->open)
		return;
	(void)uv_timer_stop(&ix->timer);
	uv_close((uv_handle_t *)&ix->timer, NULL);
	ix->open = false;
	ix->waiting = false;
}
