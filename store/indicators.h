/*
 * indicators.h: aggregated indicators per period, disclosure control, and
 * the federation's rollup.
 *
 * A node computes its indicator set for a period (2026-Q3, 2026-09, 2026)
 * from the volunteer registry (registry.h) and from its own practices, needs
 * and adoptions as its log stood at the period's end. Before a set leaves
 * the node, disclosure control suppresses every count from 1 to min_cell - 1
 * (primary, SDMX CONF_STATUS "A") and as many further cells as it takes that
 * no suppressed value can be worked out from the others (secondary, "D");
 * an indicator no such choice can protect is withheld whole ("C"). A
 * suppressed cell carries no value. Published sets are log entries like
 * any other; a newer set for the same period replaces the older one. The
 * rollup sums each cell over the members whose latest set for the period
 * has it published, and says how many did and how many hold it confidential.
 *
 * The indicators, each a total ("_T") and one cell per area ("area:youth"):
 *
 *   VOL_ACTIVE            volunteers active in the period: active = yes and
 *                         joined on or before its last day (PERSONS)
 *   VOL_NEW               volunteers who joined within the period (PERSONS)
 *   VOL_HOURS             hours per month of the active volunteers (HOURS);
 *                         suppressed wherever VOL_ACTIVE is
 *   VOL_ACTIVE_AGE_15_29  active volunteers aged 15 to 29 in the period's
 *                         last year, from the birth year (PERSONS)
 *   NEED_OPEN             own needs open at the period's end (NEEDS)
 *   NEED_MET              own needs closed within the period (NEEDS)
 *   PRACTICE_SHARED       own practices published at the period's end
 *                         (PRACTICES)
 *   PRACTICE_ADOPTED      partners' practices this node adopted (status
 *                         "adopted") at the period's end, by the practice's
 *                         areas; only once the node has adoptions (PRACTICES)
 *
 * A volunteer, need or practice with several areas counts in each of its
 * area cells and once in the total, so the area cells need not add up to the
 * total. The cells and codes are indicator.h's; disclosure control is
 * disclosure.h's (see disclosure.c for the rule in full).
 */
#ifndef SVK_INDICATORS_H
#define SVK_INDICATORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "indicator.h"
#include "period.h"
#include "store.h"

/* svk_indicators_publish signs set into me's log (svk_log_append); *seq (if
 * not NULL) gives the entry. It refuses (SVK_EINVAL) a set with a suppressed
 * cell that carries a value, or a cell whose code or breakdown is not one of
 * ours: nothing but aggregates goes out. */
int svk_indicators_publish(svk_store *st, const svk_identity *me,
    const svk_indicator_set *set, uint64_t *seq) SVK_WUR;

typedef int (*svk_indicator_set_fn)(void *arg, const svk_indicator_set *set);

/* svk_indicators_each calls fn with the latest set per (origin, period) held
 * in the log, ordered by origin then period; only origin's when origin is
 * not NULL, only period's when period is not NULL. Cells that are not well
 * formed (an unknown area, a bad code) are left out. fn returns non-zero to
 * stop (returned as is). */
int svk_indicators_each(svk_store *st, const uint8_t *origin, const char *period,
    svk_indicator_set_fn fn, void *arg) SVK_WUR;

/* svk_indicators_history calls fn with every set of origin held, older
 * versions of a period too (they were published: whoever kept them still
 * has them), ordered by period then newest first. fn returns non-zero to
 * stop (returned as is). */
int svk_indicators_history(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    svk_indicator_set_fn fn, void *arg) SVK_WUR;

/* One cell of the rollup: a (period, code, breakdown) summed over members. */
typedef struct svk_rollup_cell {
	char period[SVK_PERIOD_LEN];
	char code[SVK_INDICATOR_CODE_LEN];
	char breakdown[SVK_INDICATOR_BREAKDOWN_LEN];
	char unit[SVK_INDICATOR_UNIT_LEN];
	uint64_t sum;	       /* over the members that published a value */
	unsigned reported;     /* members whose value is in sum */
	unsigned confidential; /* members holding the cell suppressed */
	unsigned members;      /* members with a set for the period */
} svk_rollup_cell;

typedef struct svk_rollup {
	size_t n;
	svk_rollup_cell *cells; /* owned; by period, code, breakdown */
} svk_rollup;

/* svk_indicators_rollup sums the latest sets of every origin held (only
 * period's, when not NULL) into a new *out; free it with
 * svk_indicators_rollup_free. A suppressed cell is never counted as a zero:
 * it is counted in confidential and left out of sum. */
int svk_indicators_rollup(svk_store *st, const char *period, svk_rollup **out) SVK_WUR;

/* svk_indicators_rollup_free frees a rollup. NULL does nothing. */
void svk_indicators_rollup_free(svk_rollup *r);

#endif
