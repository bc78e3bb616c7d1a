/*
 * store_meta.h: the node's own settings kept in the store (the meta table:
 * its roster version, its bootstrap peer, its search languages, ...), by key,
 * as text or as bytes.
 */
#ifndef SVK_STORE_META_H
#define SVK_STORE_META_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* svk_store_meta_get copies the setting called key into a new string in
 * *value (free it with free()). SVK_ENOTFOUND when it is not set. */
int svk_store_meta_get(svk_store *st, const char *key, char **value) SVK_WUR;

/* svk_store_meta_get_blob reads a binary setting of exactly len bytes into
 * buf. SVK_ENOTFOUND when not set, SVK_ECORRUPT when of another size. */
int svk_store_meta_get_blob(svk_store *st, const char *key, uint8_t *buf,
    size_t len) SVK_WUR;

/* svk_store_meta_set stores a text setting; svk_store_meta_set_blob a binary
 * one. Either replaces an earlier value. */
int svk_store_meta_set(svk_store *st, const char *key, const char *value) SVK_WUR;
int svk_store_meta_set_blob(svk_store *st, const char *key, const uint8_t *buf,
    size_t len) SVK_WUR;

#endif
