/*
 * integrity.h: is the store file sound? A damaged store is never served.
 *
 * The daemon runs the quick check before it starts (it reads every page of
 * the file and checks the b-trees: a zeroed or truncated page is found in
 * well under a second for a few hundred megabytes), and the full check
 * (indexes against tables too) in the background on a connection of its
 * own. Both report the first problem SQLite names.
 */
#ifndef SVK_INTEGRITY_H
#define SVK_INTEGRITY_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto.h"
#include "store.h"

/* svk_integrity_quick runs SQLite's quick_check on st. 0 when sound;
 * SVK_ECORRUPT when not, with SQLite's first message in *problem (a new
 * string, free it) when it could be had; other errors as they come. */
int svk_integrity_quick(svk_store *st, char **problem) SVK_WUR;

/* svk_integrity_full opens the store file at path read-only on its own
 * connection (so it may run on any thread beside the daemon's) and runs the
 * full integrity_check. Results as svk_integrity_quick. */
int svk_integrity_full(const char *path, char **problem) SVK_WUR;

/* svk_integrity_watch makes SQLite tell this module of every damaged page
 * (SQLITE_CORRUPT, SQLITE_NOTADB) and failed read (SQLITE_IOERR_READ) any
 * connection of this process meets, on any thread. Call it before the
 * first connection is opened; -EBUSY when SQLite is already in use. */
int svk_integrity_watch(void) SVK_WUR;

/* svk_integrity_damage tells whether such damage was met since
 * svk_integrity_watch; the first message SQLite gave goes to buf. */
bool svk_integrity_damage(char *buf, size_t len);

#endif
