/*
 * chain.c: the entries of a catch-up page, authenticated one run at a time:
 * a run is a stretch of one origin's log, each body naming the hash of the
 * one before, so a valid signature on its highest entry vouches for every
 * body below it. See chain.h.
 */
#include "chain.h"

#include <string.h>

/* Whether b follows a in one origin's chain, as far as the page shows:
 * same origin, the next seq. Its prev is checked apart (linked). */
static bool
next_in_run(const svk_entry *a, const svk_entry *b)
{
	return a != NULL && b != NULL &&
	       memcmp(a->body->origin.data, b->body->origin.data, SVK_KEY_LEN) == 0 &&
	       b->body->seq == a->body->seq + 1;
}

static bool
linked(const svk_entry *a, const svk_entry *b)
{
	return b->body->prev.len == SVK_HASH_LEN &&
	       memcmp(b->body->prev.data, a->id, SVK_HASH_LEN) == 0;
}

static void
refuse(svk_entry **out, int *errs, size_t i, int err)
{
	svk_entry_free(out[i]);
	out[i] = NULL;
	errs[i] = err;
}

/* Authenticates out[lo..hi], whose links all hold: one signature, the top's;
 * when it fails, each entry on its own. */
static void
run_check(svk_entry **out, int *errs, size_t lo, size_t hi, svk_chain_stats *stats)
{
	int err;

	stats->runs++;
	stats->sigs++;
	if (svk_entry_check_sig(out[hi]) == 0)
		return;
	/* A forged or damaged top proves nothing below it: every entry of
	 * the run stands on its own signature, as without runs. */
	stats->fallbacks++;
	refuse(out, errs, hi, SVK_EBADSIG);
	for (size_t i = lo; i < hi; i++) {
		stats->sigs++;
		if ((err = svk_entry_check_sig(out[i])) != 0)
			refuse(out, errs, i, err);
	}
}

void
svk_chain_open(const uint8_t *const *bufs, const size_t *lens, size_t n,
    svk_entry **out, int *errs, svk_chain_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	for (size_t i = 0; i < n; i++) {
		out[i] = NULL;
		errs[i] = svk_entry_decode(bufs[i], lens[i], &out[i]);
	}
	for (size_t lo = 0; lo < n;) {
		size_t hi = lo, top = lo;

		if (out[lo] == NULL) {
			lo++;
			continue;
		}
		while (hi + 1 < n && next_in_run(out[hi], out[hi + 1]))
			hi++;
		while (top < hi && linked(out[top], out[top + 1]))
			top++;
		/* A body that does not hash to what the next one names: the
		 * page is not one chain there. What lies above the break is
		 * refused (it links to a body this page does not have), the
		 * run below it is checked as a run of its own. */
		for (size_t i = top + 1; i <= hi; i++) {
			refuse(out, errs, i, SVK_ECHAIN);
			stats->broken++;
		}
		run_check(out, errs, lo, top, stats);
		lo = hi + 1;
	}
}
