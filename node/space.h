/*
 * space.h: is there room to write the store? The file system the store's
 * folder lives on, seen through statvfs: the daemon looks once a second
 * and stops storing (and fetching) while there is not, and `status`,
 * /api/status and /metrics say so.
 */
#ifndef SVK_SPACE_H
#define SVK_SPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto.h"

/* Below this much free space the store is not written: SQLite needs room
 * for a transaction's pages in the WAL before it commits. */
#define SVK_SPACE_MIN (1024 * 1024)

typedef struct svk_space {
	uint64_t free_bytes; /* available to this process */
	bool writable;	     /* free_bytes >= SVK_SPACE_MIN */
} svk_space;

/* svk_space_check looks at the file system dir is on. -errno from statvfs. */
int svk_space_check(const char *dir, svk_space *out) SVK_WUR;

#endif
