/*
 * intake.h: where the daemon stores a partner's verified entry, from gossip
 * or from catch-up: svk_ingest_entry, the reasons a refusal is logged with
 * (at warning level, with the origin's name, a budget per reason), the
 * relay of what is new, the news that a new roster came in, and whether the
 * store can be written at all (a full disk): catch-up asks
 * svk_intake_writable before it fetches.
 */
#ifndef SVK_INTAKE_H
#define SVK_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "beat.h"
#include "entry.h"
#include "home.h"
#include "log.h"
#include "publish.h"
#include "say.h"

#define SVK_INTAKE_REASONS 24

/* The newest heartbeat seen of one node (a copy no newer is a duplicate). */
typedef struct svk_intake_seen {
	uint8_t node[SVK_KEY_LEN];
	int64_t time_ms;     /* the heartbeat's own time */
	int64_t heard_ms;    /* when it came, by this node's clock */
	unsigned interval_s; /* its sender's interval */
} svk_intake_seen;

/* What gossip cost: copies known as duplicates before any signature check,
 * signatures checked, heartbeats stored and the transactions they took. */
typedef struct svk_intake_counts {
	uint64_t dup_entries, dup_beats;
	uint64_t sig_entries, sig_beats; /* signatures checked */
	uint64_t beats_stored, beat_batches;
} svk_intake_counts;

typedef struct svk_intake {
	svk_home *home;
	svk_publish *pub;
	uint64_t ingested;
	void (*on_roster)(void *arg); /* a new roster is stored */
	void *arg;
	/* A log line budget per reason of refusal. */
	struct {
		const char *reason; /* static */
		svk_say_limit limit;
	} said[SVK_INTAKE_REASONS];
	size_t n_said;
	/* The store cannot be written (the disk is full): since when, why,
	 * and the free space last seen. */
	bool unwritable;
	int64_t unwritable_ms;
	int64_t failed_ms; /* the last write that failed for want of room */
	char problem[160];
	uint64_t free_bytes;
	void (*on_writable)(void *arg); /* the store can be written again */
	/* Heartbeats: the newest seen per node, and those verified, relayed
	 * and waiting to be stored in one transaction (svk_intake_tick). */
	svk_intake_seen *seen;
	size_t n_seen, cap_seen;
	svk_beat **pending;
	size_t n_pending, cap_pending;
	svk_say_limit beat_said;
	svk_intake_counts counts;
} svk_intake;

/* svk_intake_init sets ing up to store into home and relay on pub;
 * on_roster(arg) runs from svk_intake_roster_changed, on_writable(arg) when
 * the store can be written again after it could not (may be NULL). */
void svk_intake_init(svk_intake *ing, svk_home *home, svk_publish *pub,
    void (*on_roster)(void *arg), void (*on_writable)(void *arg), void *arg);

/* svk_intake_entry stores one verified entry and, when it is new and relay
 * is set, passes it on (unless it is mine). *roster is set when the entry
 * is a new roster. An entry dated more than a day ahead of this node's
 * clock is refused (SVK_EFUTURE, counted as "future"); while the store
 * cannot be written, -ENOSPC without trying. Returns the error of
 * svk_ingest_entry otherwise; refusals are logged and counted. */
int svk_intake_entry(svk_intake *ing, const svk_entry *e, bool relay,
    bool *roster) SVK_WUR;

/* svk_intake_copy tells whether e (decoded, its signature not checked yet)
 * is a gossip copy of an entry held (*dup; counted, nothing else done) and
 * otherwise checks its signature: SVK_EBADSIG. */
int svk_intake_copy(svk_intake *ing, svk_entry *e, bool *dup) SVK_WUR;

/* svk_intake_beat takes a partner's signed heartbeat beat[0..len): one no
 * newer than the newest seen of its node (or one of this node's own) is a
 * duplicate, counted and dropped before its signature is checked; a new one
 * is checked, passed on at once and stored with the others at the next
 * svk_intake_tick, in one transaction. One that does not verify (or carries
 * text that is not UTF-8) is counted as rejected ("bad_heartbeat"), one
 * dated more than a day ahead as "future_heartbeat", one that comes after
 * the roster expired as "roster_expired". */
void svk_intake_beat(svk_intake *ing, const uint8_t *beat, size_t len);

/* svk_intake_reject counts one message refused for reason (a static
 * string) and logs it at warning level, within reason's budget; origin
 * (may be NULL) is named from the roster. */
void svk_intake_reject_from(svk_intake *ing, const char *reason, const uint8_t *origin);

/* svk_intake_refused_by tells, when peer (its address or name) refused to
 * catch up with this node, whether that was first contact with a wrong
 * federation id: this node holds no roster yet, so the peer does not belong
 * to the federation given to `samverk join`. It then logs so at error level
 * with the remedy and notes it for `samverk status` (meta "join_problem"),
 * and returns true; false otherwise (the caller logs the refusal). */
bool svk_intake_refused_by(svk_intake *ing, const char *peer);

/* svk_intake_reject is svk_intake_reject_from with no origin known. */
void svk_intake_reject(svk_intake *ing, const char *reason);

/* svk_intake_store gives the store entries go to (for transactions). */
svk_store *svk_intake_store(const svk_intake *ing);

/* svk_intake_write_failed tells ing that a write to the store failed with
 * err (catch-up's commit, say): for want of room (-ENOSPC) the store is
 * taken as unwritable until svk_intake_tick finds room again. */
void svk_intake_write_failed(svk_intake *ing, int err);

/* svk_intake_writable tells whether the store can be written; when not,
 * *problem (may be NULL) says why. Catch-up asks for no page while not. */
bool svk_intake_writable(const svk_intake *ing, const char **problem);

/* svk_intake_tick stores the heartbeats waiting (one transaction), looks at
 * the free space under the store (call it once a second): when it is
 * short, the store is unwritable (logged at error level, once); when room
 * returns, writable again (and on_writable runs). */
void svk_intake_tick(svk_intake *ing, int64_t now);

/* svk_intake_has_gap tells whether origin now has a gap behind its newest
 * entry held. */
bool svk_intake_has_gap(svk_intake *ing, const uint8_t *origin);

/* svk_intake_is_roster tells whether e is a roster. */
bool svk_intake_is_roster(const svk_entry *e);

/* svk_intake_roster_changed tells the daemon that entries stored so far
 * brought a new roster (call it after the transaction is committed). */
void svk_intake_roster_changed(svk_intake *ing);

/* svk_intake_heard tells whether a heartbeat of node came within missed of
 * its intervals before now (by this node's clock): it is online. */
bool svk_intake_heard(const svk_intake *ing, const uint8_t *node, unsigned missed,
    int64_t now);

/* svk_intake_counters gives what gossip cost so far. */
void svk_intake_counters(const svk_intake *ing, svk_intake_counts *c);

/* svk_intake_fini stores the heartbeats waiting and frees the tables. */
void svk_intake_fini(svk_intake *ing);

/* svk_intake_count gives the entries stored so far. */
uint64_t svk_intake_count(const svk_intake *ing);

#endif
