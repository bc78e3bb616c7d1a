/*
 * ingest.c: entries from partners: admission (federation, membership, the
 * roster's expiry), the hash chain against the neighbours held, forks, and
 * the counters and flags of what was refused. See ingest.h.
 */
#include "ingest.h"
#include "store-int.h"

#include <string.h>

#include "hold.h"
#include "log.h"
#include "view.h"

/* The prev hash entry (origin, seq + 1) names, when it is held. */
static int
next_prev_at(svk_store *st, const uint8_t *origin, uint64_t seq,
    uint8_t prev[SVK_HASH_LEN])
{
	uint8_t id[SVK_HASH_LEN];
	Samverk__Body *next;
	int err;

	if ((err = svk__log_entry_id(st, origin, seq + 1, id)) != 0)
		return err;
	if ((err = svk_view_body(st, id, &next)) != 0)
		return err;
	if (next->prev.len != SVK_HASH_LEN)
		err = SVK_ECORRUPT;
	else
		memcpy(prev, next->prev.data, SVK_HASH_LEN);
	samverk__body__free_unpacked(next, NULL);
	return err;
}

static int
flag(svk_store *st, const uint8_t *origin, const char *reason, uint64_t seq)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__store_stmt(st,
		 "INSERT OR IGNORE INTO flagged (origin, reason, seq, time_ms) "
		 "VALUES (?, ?, ?, ?)",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 2, reason, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 3, (sqlite3_int64)seq);
	(void)sqlite3_bind_int64(stmt, 4, svk_clock_now_ms());
	return svk__store_done(stmt);
}

/* Keeps a second body for a held (origin, seq) as evidence. */
static int
keep_fork(svk_store *st, const svk_entry *e)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__store_stmt(st,
		 "INSERT OR IGNORE INTO forks (id, origin, seq, envelope, "
		 "received_ms) VALUES (?, ?, ?, ?, ?)",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, e->id, SVK_HASH_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_blob(stmt, 2, e->body->origin.data, SVK_KEY_LEN,
	    SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 3, (sqlite3_int64)e->body->seq);
	(void)sqlite3_bind_blob(stmt, 4, e->envelope, (int)e->envelope_len,
	    SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 5, svk_clock_now_ms());
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	return flag(st, e->body->origin.data, "fork", e->body->seq);
}

/* Reads what admit judges an origin by, in one statement: this runs for
 * the first entry of each origin in a transaction. */
static int
admit_read(svk_store *st, const uint8_t *origin, struct svk__ingest_admit *a)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st,
		 "SELECT (SELECT value FROM meta WHERE key = 'federation'), "
		 "(SELECT value FROM meta WHERE key = 'roster_expires_ms'), "
		 "(SELECT status FROM members WHERE key = ?1), "
		 "(SELECT value FROM meta WHERE key = 'node_key') = ?1",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		svk__store_release(stmt);
		return svk__store_err(rc);
	}
	a->have_fed = sqlite3_column_bytes(stmt, 0) == SVK_KEY_LEN;
	if (a->have_fed)
		memcpy(a->fed, sqlite3_column_blob(stmt, 0), SVK_KEY_LEN);
	a->have_roster = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
	a->until = sqlite3_column_int64(stmt, 1);
	a->status = sqlite3_column_type(stmt, 2) != SQLITE_NULL ?
			sqlite3_column_int(stmt, 2) :
			-1;
	a->own = sqlite3_column_int(stmt, 3) == 1;
	svk__store_release(stmt);
	memcpy(a->origin, origin, SVK_KEY_LEN);
	a->valid = true;
	return 0;
}

/* Is the origin allowed to publish this entry in our federation? *own says
 * whether the entry is of this node's own origin. */
static int
admit(svk_store *st, const Samverk__Body *b, bool *own)
{
	struct svk__ingest_admit *a = svk__store_admit(st);
	int err;

	if ((!a->valid || memcmp(a->origin, b->origin.data, SVK_KEY_LEN) != 0) &&
	    (err = admit_read(st, b->origin.data, a)) != 0) {
		a->valid = false;
		return err;
	}
	*own = a->own;
	if (!a->have_fed || b->federation.len != SVK_KEY_LEN ||
	    memcmp(b->federation.data, a->fed, SVK_KEY_LEN) != 0)
		return SVK_EFEDERATION;
	/* Rosters come from the coordinator alone, and a newer one is what
	 * renews an expired one, so they pass even when ours has expired. */
	if (b->payload_case == SAMVERK__BODY__PAYLOAD_ROSTER)
		return memcmp(b->origin.data, a->fed, SVK_KEY_LEN) == 0 ?
			   0 :
			   SVK_ENOTMEMBER;
	if (!a->have_roster)
		return SVK_ENOTMEMBER; /* no roster yet: nobody is a member */
	if (svk_clock_now_ms() > a->until)
		return SVK_EEXPIRED;
	if (a->status < 0)
		return SVK_ENOTMEMBER;
	return a->status == SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ? 0 : SVK_ESUSPENDED;
}

/* Checks the chain against the neighbours held; *held tells whether this very
 * entry is already stored. pl says where the origin's log stands, so that
 * only neighbours that may be held are looked up: for the next entry of a
 * log without gaps, just the one before. */
static int
check_place(svk_store *st, const svk_entry *e, const struct svk__log_place *pl,
    bool *held)
{
	const Samverk__Body *b = e->body;
	uint8_t id[SVK_HASH_LEN];
	int err;

	*held = false;
	const struct svk__log_tip *tip = svk__store_tip(st);
	if (tip->valid && b->seq == tip->seq + 1 && b->seq > pl->top &&
	    memcmp(tip->origin, b->origin.data, SVK_KEY_LEN) == 0)
		/* The next of the entry just stored, beyond what is held: only
		 * the link to that one to check, and its id is at hand. */
		return memcmp(tip->id, b->prev.data, SVK_HASH_LEN) == 0 ? 0 : SVK_ECHAIN;
	if (b->seq <= pl->top) {
		err = svk__log_entry_id(st, b->origin.data, b->seq, id);
		if (err == 0) {
			if (memcmp(id, e->id, SVK_HASH_LEN) == 0) {
				*held = true;
				return 0;
			}
			return SVK_EFORK;
		}
		if (err != SVK_ENOTFOUND)
			return err;
	}
	if (b->seq > 1 && b->seq - 1 <= pl->top) {
		err = svk__log_entry_id(st, b->origin.data, b->seq - 1, id);
		if (err == 0 && memcmp(id, b->prev.data, SVK_HASH_LEN) != 0)
			return SVK_ECHAIN;
		if (err != 0 && err != SVK_ENOTFOUND)
			return err;
	}
	if (b->seq + 1 > pl->top)
		return 0;
	err = next_prev_at(st, b->origin.data, b->seq, id);
	if (err == 0 && memcmp(id, e->id, SVK_HASH_LEN) != 0)
		return SVK_ECHAIN;
	return err == SVK_ENOTFOUND ? 0 : err;
}

/* A partner gave me an entry of my own log: either one I lacked (I am behind
 * myself: restored, or re-created) or another body at one of my seqs (a fork
 * of myself). Either way authoring stops until the review lifts it. */
static int
hold_own(svk_store *st, const svk_entry *e, int verdict)
{
	if (verdict == SVK_EFORK)
		return svk_hold_note(st, SVK_HOLD_FORK, 0, e->body->seq, NULL);
	return svk_hold_note(st, SVK_HOLD_BEHIND, e->body->seq, 0, NULL);
}

static int
ingest_locked(svk_store *st, const svk_entry *e, bool *fresh)
{
	struct svk__log_place pl;
	bool held, own = false;
	int err;

	*fresh = false;
	if ((err = admit(st, e->body, &own)) != 0)
		return err;
	const struct svk__log_tip *tip = svk__store_tip(st);
	if (tip->valid && memcmp(tip->origin, e->body->origin.data, SVK_KEY_LEN) == 0)
		pl = tip->pl; /* this transaction stored its origin's last */
	else if ((err = svk__log_read_place(st, e->body->origin.data, &pl)) != 0)
		return err;
	if ((err = check_place(st, e, &pl, &held)) != 0) {
		if (err == SVK_EFORK || err == SVK_ECHAIN) {
			int ferr = err == SVK_EFORK ?
				       keep_fork(st, e) :
				       flag(st, e->body->origin.data,
					   "broken_chain", e->body->seq);
			if (ferr == 0 && own && err == SVK_EFORK)
				ferr = hold_own(st, e, err);
			if (ferr != 0)
				return ferr;
		}
		return err;
	}
	if (held)
		return 0;
	if ((err = svk__log_insert(st, e->id, e->body, e->envelope,
		 e->envelope_len, &pl)) != 0)
		return err;
	if (own && (err = hold_own(st, e, 0)) != 0)
		return err;
	*fresh = true;
	return 0;
}

int
svk_ingest_entry(svk_store *st, const svk_entry *e, bool *fresh)
{
	sqlite3 *db = svk__store_db(st);
	bool own_tx = sqlite3_get_autocommit(db);
	/* In the caller's transaction, a savepoint undoes this entry's writes
	 * alone when it fails half way, so the rest of a batch may go on. A
	 * bulk page is stored whole or not at all: no savepoint to pay. */
	bool savepoint = !own_tx && !svk__store_is_bulk(st);
	int err;

	if (own_tx && (err = svk_store_begin(st)) != 0)
		return err;
	if (savepoint && (err = svk__store_run(st, "SAVEPOINT ingest")) != 0)
		return err;
	err = ingest_locked(st, e, fresh);
	/* A rejection is a verdict on the entry, not a failure of the
	 * transaction: the counter and the evidence of a fork are kept. */
	bool rejected = err == SVK_EFEDERATION || err == SVK_ENOTMEMBER ||
			err == SVK_ESUSPENDED || err == SVK_EEXPIRED ||
			err == SVK_ECHAIN || err == SVK_EFORK;
	if (savepoint && err != 0 && !rejected) {
		*fresh = false;
		svk__store_undo(st, "ROLLBACK TO ingest");
	}
	if (rejected)
		svk_store_count_reject_from(st, svk_entry_reason(err),
		    e->body->origin.data);
	if (!own_tx && !savepoint) {
		if (err != 0 && !rejected)
			*fresh = false;
		return err;
	}
	if (!own_tx) {
		int rerr = svk__store_run(st, "RELEASE ingest");
		if (err == 0 && rerr != 0)
			*fresh = false;
		return err != 0 ? err : rerr;
	}
	if (err == 0 || rejected) {
		int cerr = svk_store_commit(st);
		if (cerr != 0)
			return cerr;
	} else {
		svk_store_rollback(st);
	}
	return err;
}

int
svk_ingest_forks_each(svk_store *st, svk_ingest_fork_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int err = 0, rc;

	/* Its own statement: fn may call back into the store. */
	if ((err = svk__store_own(st,
		 "SELECT f.origin, coalesce(m.name, ''), f.seq, count(*) + 1 "
		 "FROM forks f LEFT JOIN members m ON m.key = f.origin "
		 "GROUP BY f.origin, f.seq ORDER BY f.origin, f.seq",
		 &stmt)) != 0)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) != SVK_KEY_LEN)
			continue;
		if ((err = fn(arg, sqlite3_column_blob(stmt, 0),
			 (const char *)sqlite3_column_text(stmt, 1),
			 (uint64_t)sqlite3_column_int64(stmt, 2),
			 (uint64_t)sqlite3_column_int64(stmt, 3))) != 0)
			break;
	}
	return svk__store_finish(stmt, rc, err);
}
