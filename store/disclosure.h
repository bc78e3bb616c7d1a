/*
 * disclosure.h: disclosure control of an indicator set before it leaves the
 * node: primary suppression of small counts, secondary suppression until no
 * suppressed value can be worked out from the rest, and withholding an
 * indicator whole when nothing else protects it. Pure computation over the
 * set in memory: no store, no log (see disclosure.c for the rule in full).
 */
#ifndef SVK_DISCLOSURE_H
#define SVK_DISCLOSURE_H

#include "error.h"
#include "indicator.h"

/* svk_disclosure_protect applies disclosure control to a raw set in place
 * with threshold min_cell: afterwards every suppressed cell has value 0 and
 * set->min_cell is min_cell. A cell whose conf is SVK_CONF_SECONDARY or
 * SVK_CONF_WITHHELD on entry stays suppressed so (counts of public records
 * excepted: they are never suppressed); the others' conf is ignored. It knows the relations between the cells from
 * their codes and breakdowns (totals and areas, VOL_HOURS and VOL_ACTIVE).
 * SVK_EINVAL when min_cell is out of range or some cell cannot be
 * protected (nothing is then fit to publish). */
int svk_disclosure_protect(svk_indicator_set *set, unsigned min_cell) SVK_WUR;

#endif
