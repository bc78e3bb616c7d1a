/*
 * verify.c: re-checking everything the store holds against the log: every
 * envelope, every chain, and the materialised tables rebuilt. See verify.h.
 */
#include "verify.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "entry.h"
#include "log.h"
#include "materialise.h"

/* Verification: everything svk_verify_log needs while it walks the log. */
struct verify {
	svk_store *st;
	svk_verify_fn fn;
	void *arg;
	uint64_t checked;
	uint64_t problems;
	uint8_t last_origin[SVK_KEY_LEN];
	uint64_t last_seq;
	uint8_t last_id[SVK_HASH_LEN];
	bool have_last;
};

static void
report(struct verify *v, const uint8_t *origin, uint64_t seq, const char *what)
{
	char fpr[SVK_FPR_SHORT_LEN], line[256];

	svk_crypto_fingerprint_short(origin, fpr);
	snprintf(line, sizeof(line), "entry %s/%llu: %s", fpr,
	    (unsigned long long)seq, what);
	v->problems++;
	v->fn(v->arg, line);
}

static int
verify_one(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len)
{
	struct verify *v = arg;
	svk_entry *e = NULL;
	int err;

	v->checked++;
	err = svk_entry_open(envelope, len, &e);
	if (err == -ENOMEM)
		return err;
	if (err != 0) {
		report(v, origin, seq, svk_error_str(err));
		v->have_last = false;
		return 0;
	}
	if (memcmp(e->body->origin.data, origin, SVK_KEY_LEN) != 0 ||
	    e->body->seq != seq) {
		report(v, origin, seq,
		    "stored under another origin or seq than its body names");
	} else if (v->have_last && memcmp(v->last_origin, origin, SVK_KEY_LEN) == 0 &&
		   v->last_seq + 1 == seq &&
		   memcmp(e->body->prev.data, v->last_id, SVK_HASH_LEN) != 0) {
		report(v, origin, seq, "does not chain to the entry before it");
	} else if ((err = svk__materialise_apply(v->st, e->id, e->body, true)) != 0) {
		svk_entry_free(e);
		return err;
	}
	memcpy(v->last_origin, origin, SVK_KEY_LEN);
	v->last_seq = seq;
	memcpy(v->last_id, e->id, SVK_HASH_LEN);
	v->have_last = true;
	svk_entry_free(e);
	return 0;
}

/* The id column must be the hash of the body, and chains the next prev. */
static int
verify_ids(struct verify *v)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_own(v->st,
		 "SELECT origin, seq, id, envelope FROM log", &stmt)) != 0)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Samverk__Envelope *env = samverk__envelope__unpack(NULL,
		    (size_t)sqlite3_column_bytes(stmt, 3),
		    sqlite3_column_blob(stmt, 3));
		uint8_t id[SVK_HASH_LEN];
		if (env == NULL || sqlite3_column_bytes(stmt, 0) != SVK_KEY_LEN) {
			if (env)
				samverk__envelope__free_unpacked(env, NULL);
			continue; /* reported by verify_one */
		}
		svk_crypto_hash(env->body.data, env->body.len, id);
		samverk__envelope__free_unpacked(env, NULL);
		if (sqlite3_column_bytes(stmt, 2) != SVK_HASH_LEN ||
		    memcmp(sqlite3_column_blob(stmt, 2), id, SVK_HASH_LEN) != 0)
			report(v, sqlite3_column_blob(stmt, 0),
			    (uint64_t)sqlite3_column_int64(stmt, 1),
			    "its id is not the hash of its body");
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : svk__store_err(rc);
}

int
svk_verify_log(svk_store *st, svk_verify_fn fn, void *arg, uint64_t *checked,
    uint64_t *problems)
{
	struct verify v = {.st = st, .fn = fn, .arg = arg};
	sqlite3 *db = svk__store_db(st);
	int err;

	/* One read transaction: every look at the log and the tables sees the
	 * same snapshot, while authors and the daemon go on writing. */
	if ((err = svk__store_err(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL))) != 0)
		return err;
	if ((err = svk__materialise_check_begin(st)) != 0) {
		(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return err;
	}
	if ((err = svk_log_each(st, NULL, 0, 0, verify_one, &v)) != 0)
		goto out;
	if ((err = verify_ids(&v)) != 0)
		goto out;
	err = svk__materialise_check_compare(st, fn, arg, &v.problems);
out:
	(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (err == 0)
		err = svk__materialise_check_index(st, fn, arg, &v.problems);
	*checked = v.checked;
	*problems = v.problems;
	return err;
}
