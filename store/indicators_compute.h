/*
 * indicators_compute.h: a node's own indicator set for a period, as it is
 * (for its own eyes) or protected as it would be published (indicators.h
 * says what the indicators count).
 */
#ifndef SVK_INDICATORS_COMPUTE_H
#define SVK_INDICATORS_COMPUTE_H

#include <stdint.h>

#include "indicators.h"

/* svk_indicators_compute_raw computes the set for period from the registry
 * and from me's own entries, every cell with its true value and free: for
 * the node's own eyes only. */
int svk_indicators_compute_raw(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const char *period, svk_indicator_set **out) SVK_WUR;

/* svk_indicators_compute is svk_indicators_compute_raw then
 * svk_disclosure_protect: the set as it would be published. */
int svk_indicators_compute(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const char *period, unsigned min_cell, svk_indicator_set **out) SVK_WUR;

#endif
