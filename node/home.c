/* home.c: creating and opening a node's folder. See home.h. */
#include "home.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fold.h"
#include "hold.h"
#include "search.h"
#include "store_meta.h"
#include "tls.h"

int
svk_home_path(const char *dir, const char *file, char *out, size_t len)
{
	int n = snprintf(out, len, "%s/%s", dir, file);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int
mkdir_p(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static bool
country_valid(const char *c)
{
	return strlen(c) == 2 && isalpha((unsigned char)c[0]) &&
	       isalpha((unsigned char)c[1]);
}

/* Creates the node; from the key file keyfile when not NULL, and then on
 * hold until the daemon has its own log back (hold.h). */
static int
create(const char *dir, const char *name, const char *country, const char *keyfile)
{
	char keypath[4096], dbpath[4096], cc[3];
	svk_identity *id = NULL;
	svk_store *st = NULL;
	int err;

	if (name[0] == '\0' || strlen(name) > SVK_HOME_MAX_NAME ||
	    !svk_fold_utf8_valid(name, strlen(name)) || !country_valid(country))
		return SVK_EINVAL;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return SVK_EINVAL; /* it is shown on one line everywhere */
	cc[0] = (char)toupper((unsigned char)country[0]);
	cc[1] = (char)toupper((unsigned char)country[1]);
	cc[2] = '\0';
	if ((err = svk_home_path(dir, "node.key", keypath, sizeof(keypath))) != 0 ||
	    (err = svk_home_path(dir, "samverk.db", dbpath, sizeof(dbpath))) != 0)
		return err;
	if (access(keypath, F_OK) == 0 || access(dbpath, F_OK) == 0)
		return SVK_EEXISTS;
	if ((err = mkdir_p(dir)) != 0)
		return err;
	err = keyfile ? svk_crypto_identity_load(&id, keyfile) :
			svk_crypto_identity_generate(&id);
	if (err != 0)
		return err;
	if ((err = svk_crypto_identity_save(id, keypath)) != 0)
		goto fail_key;
	if ((err = svk_tls_create(dir, svk_crypto_identity_public(id))) != 0)
		goto fail_tls;
	if ((err = svk_store_open(&st, dbpath, SVK_STORE_CREATE)) != 0)
		goto fail_store;
	if ((err = svk_store_begin(st)) != 0)
		goto fail_meta;
	if ((err = svk_store_meta_set(st, "name", name)) != 0 ||
	    (err = svk_store_meta_set(st, "country", cc)) != 0 ||
	    (err = svk_store_meta_set_blob(st, "node_key",
		 svk_crypto_identity_public(id), SVK_KEY_LEN)) != 0 ||
	    (keyfile && (err = svk_hold_note(st, SVK_HOLD_RESTORED, 0, 0, NULL)) != 0)) {
		svk_store_rollback(st);
		goto fail_meta;
	}
	if ((err = svk_store_commit(st)) != 0)
		goto fail_meta;
	svk_store_close(st);
	svk_crypto_identity_free(id);
	return 0;
fail_meta:
	svk_store_close(st);
fail_store:
	(void)unlink(dbpath);
	{
		char extra[4200];
		if (svk_home_path(dir, "samverk.db-wal", extra, sizeof(extra)) == 0)
			(void)unlink(extra);
		if (svk_home_path(dir, "samverk.db-shm", extra, sizeof(extra)) == 0)
			(void)unlink(extra);
		if (svk_home_path(dir, SVK_TLS_KEY, extra, sizeof(extra)) == 0)
			(void)unlink(extra);
		if (svk_home_path(dir, SVK_TLS_CRT, extra, sizeof(extra)) == 0)
			(void)unlink(extra);
	}
fail_tls:
	(void)unlink(keypath);
fail_key:
	svk_crypto_identity_free(id);
	return err;
}

int
svk_home_create(const char *dir, const char *name, const char *country)
{
	return create(dir, name, country, NULL);
}

int
svk_home_recreate(const char *dir, const char *name, const char *country,
    const char *keyfile)
{
	return create(dir, name, country, keyfile);
}

/* Tells how far re-indexing a large store is: it may take a while once. */
static void
reindex_progress(void *arg, uint64_t done, uint64_t total)
{
	(void)arg;
	fprintf(stderr,
	    "samverk: re-indexing the search for word forms: %llu of %llu\n",
	    (unsigned long long)done, (unsigned long long)total);
}

int
svk_home_open(svk_home **out, const char *dir)
{
	char keypath[4096], dbpath[4096];
	uint8_t stored[SVK_KEY_LEN];
	svk_home *home;
	int err;

	if ((err = svk_home_path(dir, "node.key", keypath, sizeof(keypath))) != 0 ||
	    (err = svk_home_path(dir, "samverk.db", dbpath, sizeof(dbpath))) != 0)
		return err;
	if (access(keypath, F_OK) != 0 && access(dbpath, F_OK) != 0)
		return SVK_ENOINIT;
	if ((home = calloc(1, sizeof(*home))) == NULL)
		return -ENOMEM;
	if ((home->dir = strdup(dir)) == NULL) {
		err = -ENOMEM;
		goto fail;
	}
	if ((err = svk_crypto_identity_load(&home->id, keypath)) != 0)
		goto fail;
	if ((err = svk_store_open(&home->store, dbpath, 0)) != 0)
		goto fail;
	/* A store of an older version: its search index is of an older form. */
	if ((err = svk_search_upgrade(home->store, reindex_progress, NULL)) != 0)
		goto fail;
	/* The key and the store must belong together. */
	if ((err = svk_store_meta_get_blob(home->store, "node_key", stored,
		 SVK_KEY_LEN)) != 0 ||
	    memcmp(stored, svk_crypto_identity_public(home->id), SVK_KEY_LEN) != 0) {
		err = err == 0 || err == SVK_ENOTFOUND ? SVK_EBADKEY : err;
		goto fail;
	}
	if ((err = svk_store_meta_get(home->store, "name", &home->name)) != 0 ||
	    (err = svk_store_meta_get(home->store, "country", &home->country)) != 0) {
		err = err == SVK_ENOTFOUND ? SVK_ECORRUPT : err;
		goto fail;
	}
	*out = home;
	return 0;
fail:
	svk_home_close(home);
	return err;
}

void
svk_home_close(svk_home *home)
{
	if (home == NULL)
		return;
	svk_store_close(home->store);
	svk_crypto_identity_free(home->id);
	free(home->name);
	free(home->country);
	free(home->dir);
	free(home);
}
