/* intake.c: storing partners' entries in the daemon. See intake.h. */
#include "intake.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beat.h"
#include "ingest.h"
#include "space.h"
#include "store_meta.h"
#include "view.h"

/* After a write failed for want of room, this long before trying again
 * even when statvfs shows room (a big transaction may need more). */
#define RETRY_MS 2000

void
svk_intake_init(svk_intake *ing, svk_home *home, svk_publish *pub,
    void (*on_roster)(void *arg), void (*on_writable)(void *arg), void *arg)
{
	memset(ing, 0, sizeof(*ing));
	ing->home = home;
	ing->pub = pub;
	ing->on_roster = on_roster;
	ing->on_writable = on_writable;
	ing->arg = arg;
}

bool
svk_intake_is_roster(const svk_entry *e)
{
	return e->body->payload_case == SAMVERK__BODY__PAYLOAD_ROSTER;
}

/* The budget of log lines for reason (one per reason, the table's last
 * slot shared by reasons beyond it). */
static svk_say_limit *
limit_of(svk_intake *ing, const char *reason)
{
	size_t i;

	for (i = 0; i < ing->n_said; i++)
		if (strcmp(ing->said[i].reason, reason) == 0)
			return &ing->said[i].limit;
	if (i == SVK_INTAKE_REASONS)
		return &ing->said[i - 1].limit;
	ing->said[i].reason = reason;
	ing->n_said++;
	return &ing->said[i].limit;
}

struct named {
	const uint8_t *key;
	char name[96];
};

static int
name_of(void *arg, const svk_member *m)
{
	struct named *n = arg;

	if (memcmp(m->key, n->key, SVK_KEY_LEN) == 0 && m->name != NULL)
		snprintf(n->name, sizeof(n->name), "%s", m->name);
	return 0;
}

void
svk_intake_reject_from(svk_intake *ing, const char *reason, const uint8_t *origin)
{
	struct named n = {origin, ""};
	char fpr[SVK_FPR_SHORT_LEN];

	svk_store_count_reject_from(ing->home->store, reason, origin);
	if (origin == NULL) {
		svk_say_limited(limit_of(ing, reason), SVK_WARN,
		    "refused a message: %s", reason);
		return;
	}
	svk_crypto_fingerprint_short(origin, fpr);
	/* The roster's names are what the operator knows partners by. */
	if (svk_view_members(ing->home->store, name_of, &n) != 0 || n.name[0] == '\0')
		snprintf(n.name, sizeof(n.name), "not in the roster");
	svk_say_limited(limit_of(ing, reason), SVK_WARN,
	    "refused from %s (%s): %s", fpr, n.name, reason);
}

static int
count_member(void *arg, const svk_member *m)
{
	(void)m;
	(*(size_t *)arg)++;
	return 0;
}

bool
svk_intake_refused_by(svk_intake *ing, const char *peer)
{
	char fpr[SVK_FPR_LEN], text[512];
	uint8_t fed[SVK_KEY_LEN];
	size_t members = 0;
	int err;

	if (svk_view_members(ing->home->store, count_member, &members) != 0 ||
	    members > 0 || svk_log_federation(ing->home->store, fed) != 0)
		return false;
	svk_crypto_fingerprint(fed, fpr);
	snprintf(text, sizeof(text),
	    "the node at %s does not belong to federation %s, the id given to 'samverk "
	    "join': that id is probably wrong. Stop the daemon, run 'samverk "
	    "leave', then 'samverk join' again with the id the coordinator gave "
	    "you",
	    peer, fpr);
	svk_say_limited(limit_of(ing, "first_contact"), SVK_ERROR, "%s", text);
	if ((err = svk_store_meta_set(ing->home->store, "join_problem", text)) != 0)
		svk_say_debug("cannot note the join problem: %s", svk_error_str(err));
	return true;
}

void
svk_intake_reject(svk_intake *ing, const char *reason)
{
	svk_intake_reject_from(ing, reason, NULL);
}

/* Logs a refused entry; the store counted it already. */
static void
refused(svk_intake *ing, const svk_entry *e, int err)
{
	struct named n = {e->body->origin.data, ""};
	char fpr[SVK_FPR_SHORT_LEN];
	const char *reason = err == SVK_EFUTURE ? "future" : svk_entry_reason(err);

	svk_crypto_fingerprint_short(e->body->origin.data, fpr);
	if (svk_view_members(ing->home->store, name_of, &n) != 0 || n.name[0] == '\0')
		snprintf(n.name, sizeof(n.name), "not in the roster");
	if (err == SVK_EFORK)
		svk_say_warn("fork: %s (%s) signed two different entries %llu",
		    fpr, n.name, (unsigned long long)e->body->seq);
	else
		svk_say_limited(limit_of(ing, reason), SVK_WARN,
		    "refused entry %llu of %s (%s): %s",
		    (unsigned long long)e->body->seq, fpr, n.name, reason);
}

int
svk_intake_entry(svk_intake *ing, const svk_entry *e, bool relay, bool *roster)
{
	bool fresh = false;
	int err;

	if (ing->unwritable)
		return -ENOSPC;
	/* A clock far ahead would date it past every later entry's check. */
	if (e->body->time_ms > svk_clock_now_ms() + SVK_BEAT_MAX_AHEAD_MS) {
		svk_store_count_reject_from(ing->home->store, "future",
		    e->body->origin.data);
		refused(ing, e, SVK_EFUTURE);
		return SVK_EFUTURE;
	}
	err = svk_ingest_entry(ing->home->store, e, &fresh);
	if (err == -ENOSPC)
		svk_intake_write_failed(ing, err);
	if (err == SVK_EFEDERATION || err == SVK_ENOTMEMBER || err == SVK_ESUSPENDED ||
	    err == SVK_EEXPIRED || err == SVK_ECHAIN || err == SVK_EFORK)
		refused(ing, e, err);
	else if (err != 0)
		svk_say_debug("cannot store an entry: %s", svk_error_str(err));
	if (err != 0)
		return err;
	if (fresh) {
		ing->ingested++;
		if (svk_intake_is_roster(e))
			*roster = true;
		/* Relayed singly, an entry must carry a signature checked on
		 * its own: one vouched for by its run's top is not passed on. */
		if (relay && e->sig_checked &&
		    memcmp(e->body->origin.data,
			svk_crypto_identity_public(ing->home->id), SVK_KEY_LEN) != 0)
			svk_publish_relay(ing->pub, e->envelope, e->envelope_len);
	}
	return 0;
}

int
svk_intake_copy(svk_intake *ing, svk_entry *e, bool *dup)
{
	int err;

	/* A read error is no reason to refuse it: checked and stored, the
	 * store says what it is. */
	if (svk_log_holds(ing->home->store, e->id, dup) != 0)
		*dup = false;
	if (*dup) {
		ing->counts.dup_entries++;
		return 0;
	}
	ing->counts.sig_entries++;
	if ((err = svk_entry_check_sig(e)) != 0)
		svk_intake_reject(ing, svk_entry_reason(err));
	return err;
}

static svk_intake_seen *
seen_of(const svk_intake *ing, const uint8_t *node)
{
	for (size_t i = 0; i < ing->n_seen; i++)
		if (memcmp(ing->seen[i].node, node, SVK_KEY_LEN) == 0)
			return &ing->seen[i];
	return NULL;
}

/* Whether a heartbeat of node dated time is news: newer than the newest
 * seen -- or that one is dated ahead of this node's clock (a clock since
 * put right) and this one is current, as the store judges it. */
static bool
beat_news(const svk_intake *ing, const uint8_t *node, int64_t time_ms, int64_t now)
{
	const svk_intake_seen *s = seen_of(ing, node);

	return s == NULL || time_ms > s->time_ms ||
	       (s->time_ms > now + SVK_BEAT_AHEAD_SLACK_MS &&
		   time_ms >= now - SVK_BEAT_CURRENT_MS);
}

/* Records b as the newest of its node and keeps it for the next batch (in
 * place of an older one of the same node waiting). */
static int
beat_keep(svk_intake *ing, svk_beat *b, int64_t now)
{
	svk_intake_seen *s = seen_of(ing, b->hb->node.data);

	if (s == NULL) {
		if (ing->n_seen == ing->cap_seen) {
			size_t cap = ing->cap_seen ? ing->cap_seen * 2 : 16;
			svk_intake_seen *g = realloc(ing->seen, cap * sizeof(*g));
			if (g == NULL)
				return -ENOMEM;
			ing->seen = g;
			ing->cap_seen = cap;
		}
		s = &ing->seen[ing->n_seen++];
		memcpy(s->node, b->hb->node.data, SVK_KEY_LEN);
	}
	s->time_ms = b->hb->time_ms;
	s->heard_ms = now;
	s->interval_s = b->hb->interval_s;
	for (size_t i = 0; i < ing->n_pending; i++) {
		if (memcmp(ing->pending[i]->hb->node.data, b->hb->node.data,
			SVK_KEY_LEN) == 0) {
			svk_beat_free(ing->pending[i]);
			ing->pending[i] = b;
			return 0;
		}
	}
	if (ing->n_pending == ing->cap_pending) {
		size_t cap = ing->cap_pending ? ing->cap_pending * 2 : 16;
		svk_beat **g = realloc(ing->pending, cap * sizeof(*g));
		if (g == NULL)
			return -ENOMEM;
		ing->pending = g;
		ing->cap_pending = cap;
	}
	ing->pending[ing->n_pending++] = b;
	return 0;
}

/* The node and time of a heartbeat envelope, read without checking its
 * signature (to know a duplicate); false when it does not decode. */
static bool
beat_peek(const uint8_t *beat, size_t len, uint8_t node[static SVK_KEY_LEN],
    int64_t *time_ms)
{
	Samverk__Envelope *env = samverk__envelope__unpack(NULL, len, beat);
	Samverk__Heartbeat *hb = NULL;
	bool ok = false;

	if (env != NULL &&
	    (hb = samverk__heartbeat__unpack(NULL, env->body.len, env->body.data)) !=
		NULL &&
	    hb->node.len == SVK_KEY_LEN) {
		memcpy(node, hb->node.data, SVK_KEY_LEN);
		*time_ms = hb->time_ms;
		ok = true;
	}
	if (hb)
		samverk__heartbeat__free_unpacked(hb, NULL);
	if (env)
		samverk__envelope__free_unpacked(env, NULL);
	return ok;
}

void
svk_intake_beat(svk_intake *ing, const uint8_t *beat, size_t len)
{
	uint8_t node[SVK_KEY_LEN];
	int64_t now = svk_clock_now_ms(), time_ms;
	svk_beat *b = NULL;
	int err;

	if (len <= SVK_MAX_HEARTBEAT && beat_peek(beat, len, node, &time_ms) &&
	    (memcmp(node, svk_crypto_identity_public(ing->home->id), SVK_KEY_LEN) == 0 ||
		!beat_news(ing, node, time_ms, now))) {
		ing->counts.dup_beats++;
		return;
	}
	ing->counts.sig_beats++;
	if (svk_beat_open(beat, len, &b) != 0) {
		svk_intake_reject(ing, "bad_heartbeat");
		return;
	}
	err = svk_beat_check(ing->home->store, b, now);
	if (err == 0 && (err = beat_keep(ing, b, now)) == 0) {
		svk_publish_relay_beat(ing->pub, beat, len); /* as entries are */
		return;
	}
	if (err == SVK_EFUTURE)
		svk_intake_reject_from(ing, "future_heartbeat", b->hb->node.data);
	else if (err == SVK_EEXPIRED)
		svk_intake_reject_from(ing, "roster_expired", b->hb->node.data);
	svk_beat_free(b);
}

/* Stores the heartbeats waiting, in one transaction. A full disk keeps
 * them for the next try; another failure drops them (newer ones follow)
 * and says so. */
static void
beats_flush(svk_intake *ing)
{
	svk_store *st = ing->home->store;
	bool fresh;
	int err;

	if (ing->n_pending == 0 || ing->unwritable)
		return;
	if ((err = svk_store_begin(st)) == 0) {
		for (size_t i = 0; i < ing->n_pending && err == 0; i++) {
			err = svk_beat_ingest(st, ing->pending[i], &fresh);
			/* One refused now (suspended meanwhile, say) is dropped. */
			if (err == SVK_EFEDERATION || err == SVK_ENOTMEMBER ||
			    err == SVK_ESUSPENDED || err == SVK_EEXPIRED ||
			    err == SVK_EFUTURE)
				err = 0;
		}
		if (err == 0)
			err = svk_store_commit(st);
		else
			svk_store_rollback(st);
	}
	if (err == -ENOSPC) {
		svk_intake_write_failed(ing, err);
		return;
	}
	if (err != 0)
		svk_say_limited(&ing->beat_said, SVK_WARN,
		    "cannot store %zu heartbeats: %s", ing->n_pending,
		    svk_error_str(err));
	else {
		ing->counts.beats_stored += ing->n_pending;
		ing->counts.beat_batches++;
	}
	for (size_t i = 0; i < ing->n_pending; i++)
		svk_beat_free(ing->pending[i]);
	ing->n_pending = 0;
}

bool
svk_intake_heard(const svk_intake *ing, const uint8_t *node, unsigned missed,
    int64_t now)
{
	const svk_intake_seen *s = seen_of(ing, node);
	int64_t interval = s && s->interval_s ? s->interval_s : 10;

	return s != NULL && now - s->heard_ms <= (int64_t)missed * interval * 1000;
}

void
svk_intake_counters(const svk_intake *ing, svk_intake_counts *c)
{
	*c = ing->counts;
}

void
svk_intake_fini(svk_intake *ing)
{
	beats_flush(ing);
	for (size_t i = 0; i < ing->n_pending; i++)
		svk_beat_free(ing->pending[i]);
	free(ing->pending);
	free(ing->seen);
	ing->pending = NULL;
	ing->seen = NULL;
	ing->n_pending = ing->n_seen = 0;
}

svk_store *
svk_intake_store(const svk_intake *ing)
{
	return ing->home->store;
}

static void
unwritable(svk_intake *ing, int64_t now, const char *why)
{
	snprintf(ing->problem, sizeof(ing->problem),
	    "%s: %llu KiB free on the store's file system; new entries are "
	    "refused and catch-up waits until there is room",
	    why, (unsigned long long)(ing->free_bytes / 1024));
	if (ing->unwritable)
		return;
	ing->unwritable = true;
	ing->unwritable_ms = now;
	svk_say_error("cannot write the store in %s: %s", ing->home->dir, ing->problem);
}

void
svk_intake_write_failed(svk_intake *ing, int err)
{
	svk_space sp = {0};

	if (err != -ENOSPC)
		return;
	ing->failed_ms = svk_clock_now_ms();
	if (svk_space_check(ing->home->dir, &sp) == 0)
		ing->free_bytes = sp.free_bytes;
	unwritable(ing, ing->failed_ms, "the disk is full");
}

bool
svk_intake_writable(const svk_intake *ing, const char **problem)
{
	if (problem != NULL)
		*problem = ing->unwritable ? ing->problem : NULL;
	return !ing->unwritable;
}

void
svk_intake_tick(svk_intake *ing, int64_t now)
{
	svk_space sp;

	beats_flush(ing);
	if (svk_space_check(ing->home->dir, &sp) != 0)
		return;
	ing->free_bytes = sp.free_bytes;
	if (!sp.writable) {
		unwritable(ing, now, "the disk is almost full");
		return;
	}
	if (!ing->unwritable || now - ing->failed_ms < RETRY_MS)
		return;
	/* The counts of what was refused meanwhile are the first write. */
	if (svk_store_flush_rejects(ing->home->store) == -ENOSPC) {
		ing->failed_ms = now;
		return;
	}
	ing->unwritable = false;
	svk_say_info("the store can be written again (%llu KiB free) after %lld s",
	    (unsigned long long)(sp.free_bytes / 1024),
	    (long long)((now - ing->unwritable_ms) / 1000));
	if (ing->on_writable != NULL)
		ing->on_writable(ing->arg);
}

bool
svk_intake_has_gap(svk_intake *ing, const uint8_t *origin)
{
	svk_head *heads = NULL;
	size_t n = 0;
	bool gap = false;

	if (svk_log_heads(ing->home->store, &heads, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (memcmp(heads[i].origin, origin, SVK_KEY_LEN) == 0)
			gap = heads[i].top > heads[i].head;
	free(heads);
	return gap;
}

void
svk_intake_roster_changed(svk_intake *ing)
{
	if (ing->on_roster != NULL)
		ing->on_roster(ing->arg);
}

uint64_t
svk_intake_count(const svk_intake *ing)
{
	return ing->ingested;
}
