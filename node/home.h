/*
 * home.h: a node's folder on disk.
 *
 * DIR holds node.key (the identity, mode 0600), tls.key and tls.crt (for
 * tls+tcp:// links, see tls.h), samverk.db (the store) and samverk.conf
 * (settings for the daemon). Every command opens the node through
 * here, so that "not initialised", "wrong permissions" and "not a Samverk
 * store" are told the same way everywhere.
 */
#ifndef SVK_HOME_H
#define SVK_HOME_H

#include "crypto.h"
#include "store.h"

typedef struct svk_home {
	char *dir;
	svk_identity *id;
	svk_store *store;
	char *name;    /* display name of the municipality */
	char *country; /* ISO 3166-1 alpha-2 */
} svk_home;

#define SVK_HOME_MAX_NAME 200 /* bytes of a display name */

/* svk_home_path writes DIR/file into out[0..len); -ENAMETOOLONG if it does
 * not fit. */
int svk_home_path(const char *dir, const char *file, char *out, size_t len) SVK_WUR;

/* svk_home_create initialises a node in dir (made if missing, mode 0700):
 * a fresh key pair, a TLS key and certificate, an empty store holding name
 * and country. It refuses a
 * folder that already holds a node (SVK_EEXISTS) and leaves nothing behind
 * when it fails. name must be valid UTF-8 of 1..SVK_HOME_MAX_NAME bytes and
 * country two ASCII letters (SVK_EINVAL). */
int svk_home_create(const char *dir, const char *name, const char *country) SVK_WUR;

/* svk_home_recreate is svk_home_create for a node whose store was lost: its
 * key pair comes from keyfile (node.key as saved), and the new store starts
 * with authoring on hold (hold.h), so that it never signs a seq its partners
 * already hold; the daemon fetches its log back and lifts the hold. Errors
 * also those of svk_crypto_identity_load. */
int svk_home_recreate(const char *dir, const char *name, const char *country,
    const char *keyfile) SVK_WUR;

/* svk_home_open opens the node in dir: SVK_ENOINIT when there is none, the
 * errors of svk_crypto_identity_load and svk_store_open otherwise. Free the result
 * with svk_home_close. */
int svk_home_open(svk_home **out, const char *dir) SVK_WUR;

/* svk_home_close closes the store, wipes the key and frees home. */
void svk_home_close(svk_home *home);

#endif
