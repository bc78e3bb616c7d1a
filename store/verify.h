/*
 * verify.h: checking a store against its own log (`samverk store verify`).
 */
#ifndef SVK_VERIFY_H
#define SVK_VERIFY_H

#include <stdint.h>

#include "store.h"

/* A problem found by svk_verify_log. */
typedef void (*svk_verify_fn)(void *arg, const char *what);

/* svk_verify_log re-checks every stored envelope (decoding, signature, that
 * its id and columns match its body), every hash chain, and every
 * materialised row against a rebuild from the log. Each problem is reported
 * through fn with a one-line description naming the entry. *problems counts
 * them. Returns 0 when the check ran (whatever it found), else an error. */
int svk_verify_log(svk_store *st, svk_verify_fn fn, void *arg, uint64_t *checked,
    uint64_t *problems) SVK_WUR;

#endif
