/*
 * history.h: indicator sets protected across periods. A node's published
 * sets stay public for good, so a new set is computed (raw values,
 * disclosure control of disclosure.h) and then audited together with every
 * set the node published before (audit.h); while some interval that the
 * new set narrows is too narrow, one more cell of the new set is
 * suppressed, or in the end its indicator withheld, and the set is
 * protected again. A newer set for a period so never weakens an older one.
 */
#ifndef SVK_HISTORY_H
#define SVK_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "crypto.h"
#include "indicator.h"
#include "store.h"

/* The sets an audit covers: published ones first, oldest period first, and
 * the one for the period asked last (when one was); truth[i] holds the true
 * values of sets[i]'s cells as the registry has them now. */
typedef struct svk_history {
	svk_indicator_set **sets, **truth;
	size_t n;
	size_t published; /* sets[0 .. published) are in the log */
	size_t stale;	  /* published sets left out: their true values are
			   * lost (kept only since svk_history_publish) and
			   * the registry no longer agrees with them */
} svk_history;

/* svk_history_compute gives the set for period as it may be published:
 * protected on its own with threshold min_cell and against every set me
 * published before with interval width (0: min_cell - 2); and in *raw (if
 * not NULL) its true values, for svk_history_publish. SVK_EINVAL when no
 * choice of cells protects it (nothing is then fit to publish). */
int svk_history_compute(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const char *period, unsigned min_cell, unsigned width,
    svk_indicator_set **out, svk_indicator_set **raw) SVK_WUR;

/* svk_history_publish publishes set (svk_indicators_publish) and, in the
 * same transaction, keeps raw, its true values, in this node's store
 * alone, so that later sets are audited against what this one really
 * hid. *seq (if not NULL) gives the entry. */
int svk_history_publish(svk_store *st, const svk_identity *me,
    const svk_indicator_set *set, const svk_indicator_set *raw, uint64_t *seq) SVK_WUR;

/* svk_history_audit audits me's published sets, and with them the set
 * svk_history_compute gives for period when period is not NULL; a->items
 * index h->sets. Both are freed with svk_history_fini, after a failure
 * too. */
int svk_history_audit(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const char *period, unsigned min_cell, unsigned width, svk_history *h,
    svk_audit *a) SVK_WUR;

/* svk_history_fini frees h and a (either may be NULL). */
void svk_history_fini(svk_history *h, svk_audit *a);

#endif
