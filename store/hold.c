/*
 * hold.c: the hold on authoring of a node behind its own log: kept in the
 * meta table under SVK__HOLD_META while it lasts (log.c's append looks for
 * it), set by ingest, the catch-up responder and the daemon's review, lifted
 * only by the review. See hold.h.
 */
#include "hold.h"
#include "store-int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beat.h"
#include "clock.h"
#include "log.h"
#include "store_meta.h"

static int
hold_read(svk_store *st, svk_hold *h)
{
	char *text = NULL;
	unsigned reason;
	int err;

	memset(h, 0, sizeof(*h));
	err = svk_store_meta_get(st, SVK__HOLD_META, &text);
	if (err == SVK_ENOTFOUND)
		return 0;
	if (err != 0)
		return err;
	if (sscanf(text, "%u %" SCNu64 " %" SCNu64 " %" SCNd64, &reason,
		&h->shown, &h->seq, &h->since_ms) != 4 ||
	    reason > SVK_HOLD_FORK)
		err = SVK_ECORRUPT;
	else
		h->reason = (svk_hold_reason)reason;
	free(text);
	return err;
}

/* Writes the hold; a hold with no reason is no hold: the key goes. */
static int
hold_write(svk_store *st, const svk_hold *h)
{
	sqlite3_stmt *stmt;
	char text[96];
	int err;

	if (h->reason == SVK_HOLD_NONE) {
		if ((err = svk__store_stmt(st, "DELETE FROM meta WHERE key = ?",
			 &stmt)) != 0)
			return err;
		(void)sqlite3_bind_text(stmt, 1, SVK__HOLD_META, -1, SQLITE_STATIC);
		return svk__store_done(stmt);
	}

	snprintf(text, sizeof(text), "%u %" PRIu64 " %" PRIu64 " %" PRId64,
	    (unsigned)h->reason, h->shown, h->seq, h->since_ms);
	return svk_store_meta_set(st, SVK__HOLD_META, text);
}

int
svk_hold_get(svk_store *st, svk_hold *h)
{
	uint8_t me[SVK_KEY_LEN];
	int err;

	if ((err = hold_read(st, h)) != 0)
		return err;
	err = svk_log_own_head(st, me, &h->have);
	return err == SVK_ENOTFOUND ? 0 : err;
}

int
svk_hold_note(svk_store *st, svk_hold_reason reason, uint64_t shown, uint64_t seq,
    bool *grew)
{
	svk_hold h;
	bool changed = false;
	int err;

	if (grew)
		*grew = false;
	if ((err = hold_read(st, &h)) != 0)
		return err;
	if (reason > h.reason) {
		h.reason = reason;
		h.seq = seq;
		changed = true;
	}
	if (shown > h.shown) {
		h.shown = shown;
		changed = true;
	}
	if (!changed)
		return 0;
	if (h.reason == SVK_HOLD_NONE)
		h.reason = SVK_HOLD_BEHIND;
	h.since_ms = svk_clock_now_ms();
	if ((err = hold_write(st, &h)) != 0)
		return err;
	if (grew)
		*grew = true;
	return 0;
}

int
svk_hold_mark(const char *path)
{
	svk_store *st;
	int err;

	if ((err = svk_store_open(&st, path, 0)) != 0)
		return err;
	err = svk_hold_note(st, SVK_HOLD_RESTORED, 0, 0, NULL);
	svk_store_close(st);
	return err;
}

/* The lowest seq of my log at which a second body is held as evidence. */
static int
own_fork(svk_store *st, const uint8_t *me, uint64_t *seq)
{
	sqlite3_stmt *stmt;
	int err, rc;

	*seq = 0;
	if ((err = svk__store_stmt(st,
		 "SELECT min(seq) FROM forks WHERE origin = ?", &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, me, SVK_KEY_LEN, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		*seq = (uint64_t)sqlite3_column_int64(stmt, 0);
	svk__store_release(stmt);
	return rc == SQLITE_ROW ? 0 : svk__store_err(rc);
}

/* What partners' newest heartbeats show of my log. */
struct shown {
	svk_store *st;
	const uint8_t *me;
	uint64_t have;	 /* my head */
	int64_t since;	 /* the hold's start */
	uint64_t top;	 /* the highest head of mine shown */
	uint64_t differ; /* a seq at which a partner names another entry */
	bool fresh;	 /* a partner's heartbeat came at or after since */
};

static int
look_at_beat(void *arg, const Samverk__Heartbeat *hb, int64_t received_ms)
{
	struct shown *s = arg;
	uint8_t id[SVK_HASH_LEN];
	int err;

	if (memcmp(hb->node.data, s->me, SVK_KEY_LEN) == 0)
		return 0; /* my own */
	if (received_ms >= s->since)
		s->fresh = true;
	for (size_t i = 0; i < hb->n_heads; i++) {
		const Samverk__Head *hd = hb->heads[i];
		if (hd->origin.len != SVK_KEY_LEN ||
		    memcmp(hd->origin.data, s->me, SVK_KEY_LEN) != 0)
			continue;
		if (hd->seq > s->top)
			s->top = hd->seq;
		/* An empty hash is an older peer's: nothing said. */
		if (hd->hash.len != SVK_HASH_LEN || hd->seq == 0 || hd->seq > s->have)
			continue;
		err = svk_log_id_at(s->st, s->me, hd->seq, id);
		if (err == 0 && memcmp(id, hd->hash.data, SVK_HASH_LEN) != 0 &&
		    (s->differ == 0 || hd->seq < s->differ))
			s->differ = hd->seq;
		else if (err != 0 && err != SVK_ENOTFOUND)
			return err;
	}
	return 0;
}

static int
review(svk_store *st, svk_hold *h)
{
	uint8_t me[SVK_KEY_LEN];
	uint64_t fork;
	int err;

	if ((err = svk_hold_get(st, h)) != 0)
		return err;
	if ((err = svk_log_own_head(st, me, &h->have)) != 0)
		return err == SVK_ENOTFOUND ? 0 : err;
	if ((err = own_fork(st, me, &fork)) != 0)
		return err;
	if (fork > 0 && h->reason != SVK_HOLD_FORK)
		return svk_hold_note(st, SVK_HOLD_FORK, 0, fork, NULL);
	if (h->reason == SVK_HOLD_FORK)
		return 0;
	struct shown s = {st, me, h->have, h->since_ms, 0, 0, false};
	if ((err = svk_beat_each(st, look_at_beat, &s)) != 0)
		return err;
	if (s.top > h->have)
		return svk_hold_note(st, SVK_HOLD_BEHIND, s.top, 0, NULL);
	if (s.differ > 0)
		return svk_hold_note(st, SVK_HOLD_DIFFERS, s.top, s.differ, NULL);
	if (h->reason == SVK_HOLD_NONE || !s.fresh || h->shown > h->have)
		return 0;
	/* A partner heard from since the hold began shows no more of my log
	 * than I hold, and the same entries: the true head is mine again. */
	memset(h, 0, sizeof(*h));
	return hold_write(st, h);
}

int
svk_hold_review(svk_store *st, svk_hold *now, bool *changed)
{
	svk_hold before;
	int err;

	*changed = false;
	if ((err = hold_read(st, &before)) != 0)
		return err;
	if ((err = svk_store_begin(st)) != 0)
		return err;
	if ((err = review(st, now)) != 0) {
		svk_store_rollback(st);
		return err;
	}
	if ((err = svk_store_commit(st)) != 0)
		return err;
	if ((err = svk_hold_get(st, now)) != 0)
		return err;
	*changed = now->reason != before.reason;
	return 0;
}

const char *
svk_hold_reason_name(svk_hold_reason reason)
{
	switch (reason) {
	case SVK_HOLD_RESTORED: return "restored";
	case SVK_HOLD_BEHIND: return "behind";
	case SVK_HOLD_DIFFERS: return "differs";
	case SVK_HOLD_FORK: return "fork";
	default: return "none";
	}
}
