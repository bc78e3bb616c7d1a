/*
 * settle.h: a check for an event loop between its callbacks, when nothing
 * on the store may be half done: no write transaction left open (what is
 * written in one is invisible to every other process until it ends) and no
 * statement left running (it holds a snapshot and the WAL's checkpoint).
 */
#ifndef SVK_SETTLE_H
#define SVK_SETTLE_H

#include <stdbool.h>

#include "store.h"

/* What svk_settle_check found. */
typedef struct svk_settle {
	bool open_tx;	    /* a transaction was open: it was committed */
	unsigned running;   /* statements stepped and not reset */
	const char *sample; /* the SQL of one of them, or NULL */
} svk_settle;

/* svk_settle_check looks at st's connection where none of its users is in
 * the middle of a write. A transaction left open is committed (what was
 * written in it was meant to be stored: every writer has returned), so
 * that other processes see it; statements left running are only counted.
 * Returns 0 or the commit's error. */
int svk_settle_check(svk_store *st, svk_settle *found) SVK_WUR;

#endif
