/*
 * chain.h: authenticating a catch-up page by its runs. A run is a stretch
 * of one origin's log in the page (one origin, seqs one after another); each
 * body names the BLAKE2b-256 of the body before it, so when the run's
 * highest entry carries a valid signature, the chain vouches for every body
 * below it and one Ed25519 verification serves the whole run. Needs no
 * store: safe on any thread.
 */
#ifndef SVK_CHAIN_H
#define SVK_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "entry.h"

/* What a page cost. */
typedef struct svk_chain_stats {
	size_t runs;	  /* runs found */
	size_t sigs;	  /* signatures verified */
	size_t fallbacks; /* runs whose top failed: each entry checked alone */
	size_t broken;	  /* entries refused above a broken link */
} svk_chain_stats;

/* svk_chain_open decodes the n envelopes bufs[i][0..lens[i]) and
 * authenticates them by runs. out[i] is the entry, or NULL with errs[i]
 * saying why: a decoding error (SVK_EMALFORMED, SVK_ETOOBIG, -ENOMEM);
 * SVK_EBADSIG for an entry whose own signature fails, where a run's top
 * failed (then nothing of that run is admitted unless it verifies on its
 * own); SVK_ECHAIN for every entry of a run above a body that does not hash
 * to what the next body names (the body below the break is then the top of
 * the run that is checked). An entry admitted by a run has sig_checked
 * false unless it is the top: relaying it singly needs svk_entry_check_sig.
 * The chain against entries held already is the store's to check
 * (svk_ingest_entry). */
void svk_chain_open(const uint8_t *const *bufs, const size_t *lens, size_t n,
    svk_entry **out, int *errs, svk_chain_stats *stats);

#endif
