/* catchup_round.c: the rules of a catch-up round. See catchup_round.h. */
#include "catchup_round.h"

#include <string.h>

int64_t
svk_catchup_round_retry_ms(unsigned tries)
{
	int64_t ms = SVK_CATCHUP_RETRY_MS;

	for (unsigned i = 1; i < tries && ms < SVK_CATCHUP_RETRY_MAX_MS; i++)
		ms *= 2;
	return ms < SVK_CATCHUP_RETRY_MAX_MS ? ms : SVK_CATCHUP_RETRY_MAX_MS;
}

void
svk_catchup_round_budget_init(svk_catchup_round_budget *b, uint64_t max_pages,
    uint64_t max_bytes)
{
	memset(b, 0, sizeof(*b));
	b->max_pages = max_pages;
	b->max_bytes = max_bytes;
}

svk_catchup_round_verdict
svk_catchup_round_spend(svk_catchup_round_budget *b, size_t entries, size_t bytes,
    bool more)
{
	b->pages++;
	b->bytes += bytes;
	if (!more)
		return SVK_CATCHUP_GO_ON;
	/* An honest responder fills a page before it says "more": an empty
	 * one only keeps the asker asking. */
	if (entries == 0)
		return SVK_CATCHUP_EMPTY_MORE;
	if (b->pages >= b->max_pages)
		return SVK_CATCHUP_MAX_PAGES;
	if (b->bytes >= b->max_bytes)
		return SVK_CATCHUP_MAX_BYTES;
	return SVK_CATCHUP_GO_ON;
}
