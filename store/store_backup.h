/*
 * store_backup.h: copying a node's database while it is in use (`samverk
 * backup`).
 */
#ifndef SVK_STORE_BACKUP_H
#define SVK_STORE_BACKUP_H

#include "store.h"

/* svk_store_backup writes a consistent copy of the database to path using
 * SQLite's online backup, while others may keep writing. SVK_EEXISTS when
 * path exists; a failed copy is removed. */
int svk_store_backup(svk_store *st, const char *path) SVK_WUR;

#endif
