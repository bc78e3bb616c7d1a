/*
 * audit.h: what an outsider can work out of a node's suppressed indicator
 * cells from everything the node has published, over all periods together,
 * by linear programming (GLPK). Pure computation over sets in memory: no
 * store, no log (see audit.c for the model in full).
 *
 * Each quantity worth protecting is audited: every suppressed count of
 * people (VOL_ACTIVE, VOL_NEW, VOL_ACTIVE_AGE_15_29) of 1 to min_cell - 1
 * (a larger one suppressed to protect it needs no protection of its own:
 * the small one is audited itself), and, between a period and one that
 * ends before it (of any length) or two sets of one period, every
 * difference of a cell
 * (VOL_ACTIVE, VOL_ACTIVE_AGE_15_29, and VOL_NEW between sets of one
 * period) that counts 1 to min_cell - 1 people, up or down, with the
 * difference of their hours (VOL_HOURS). Its interval is
 * the least and the greatest value it can take under what is published and
 * the relations an outsider knows; it is protected when that interval is at
 * least `width` wide (by default min_cell - 2: no narrower than the range
 * "1 to min_cell - 1" that a suppressed small count's status gives away).
 */
#ifndef SVK_AUDIT_H
#define SVK_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "indicator.h"

/* One audited quantity: a cell of sets[set] (from == set), or the
 * difference between that cell in sets[set] and the same cell in
 * sets[from]: a period that ends before, or an older set of the same. */
typedef struct svk_audit_item {
	size_t set, from;
	char code[SVK_INDICATOR_CODE_LEN];
	char breakdown[SVK_INDICATOR_BREAKDOWN_LEN];
	int64_t truth;	/* its true value */
	double lo, hi;	/* what an outsider can work out: truth in [lo, hi] */
	bool unbounded; /* lo or hi is infinite (-HUGE_VAL, HUGE_VAL) */
	bool ok;	/* hi - lo >= width */
} svk_audit_item;

typedef struct svk_audit {
	svk_audit_item *items;
	size_t n;
	size_t failed; /* items not ok */
	unsigned width;
} svk_audit;

/*
 * svk_audit_run audits n sets of one node. sets[i] is the set as it was
 * (or would be) published: the values of its free cells, the status of
 * every cell. truth[i] holds the true value of every cell of sets[i], in
 * the same order (a suppressed cell's value is clamped into what its status
 * says, so that the truth always fits what was published). width 0
 * means min_cell - 2 of each item's set (at least 1). *out is freed with
 * svk_audit_fini, also after a failure. SVK_EINVAL when truth does not
 * match sets or a period does not parse.
 */
int svk_audit_run(svk_indicator_set *const *sets, svk_indicator_set *const *truth,
    size_t n, unsigned width, svk_audit *out) SVK_WUR;

/* svk_audit_fini frees what svk_audit_run made. */
void svk_audit_fini(svk_audit *a);

#endif
