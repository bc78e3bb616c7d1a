/*
 * lock.h: one daemon per node folder.
 *
 * `samverk run` holds an exclusive flock(2) on DIR/samverk.lock for as long
 * as it runs, with its process id written in the file, so that a second
 * `run` on the same folder is refused with the id of the one that holds it.
 * The kernel drops the lock when the process ends, however it ends, so a
 * crash never leaves a stale lock. The command line's writers do not take
 * it: they work beside the daemon through SQLite's own locking.
 */
#ifndef SVK_LOCK_H
#define SVK_LOCK_H

#include <sys/types.h>

#include "crypto.h"

#define SVK_LOCK_FILE "samverk.lock"

/* svk_lock_take locks DIR/samverk.lock (made if missing, mode 0600) and
 * writes this process's id in it; *fd is then the descriptor to keep open
 * (svk_lock_release closes it). -EBUSY when another process holds it,
 * with its id in *holder (0 if it cannot be read); -errno otherwise. */
int svk_lock_take(const char *dir, int *fd, pid_t *holder) SVK_WUR;

/* svk_lock_release drops the lock taken by svk_lock_take; -1 does nothing. */
void svk_lock_release(int fd);

#endif
