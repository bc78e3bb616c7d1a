/*
 * intake.h: where the daemon stores a partner's verified entry, from gossip
 * or from catch-up: svk_ingest_entry, the reasons a refusal is logged with,
 * the relay of what is new, and the news that a new roster came in.
 */
#ifndef SVK_INTAKE_H
#define SVK_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "home.h"
#include "log.h"
#include "publish.h"

typedef struct svk_intake {
	svk_home *home;
	svk_publish *pub;
	uint64_t ingested;
	void (*on_roster)(void *arg); /* a new roster is stored */
	void *arg;
} svk_intake;

/* svk_intake_init sets ing up to store into home and relay on pub;
 * on_roster(arg) runs from svk_intake_roster_changed. */
void svk_intake_init(svk_intake *ing, svk_home *home, svk_publish *pub,
    void (*on_roster)(void *arg), void *arg);

/* svk_intake_entry stores one verified entry and, when it is new and relay
 * is set, passes it on (unless it is mine). *roster is set when the entry
 * is a new roster. Returns the error of svk_ingest_entry. */
int svk_intake_entry(svk_intake *ing, const svk_entry *e, bool relay,
    bool *roster) SVK_WUR;

/* svk_intake_beat stores a partner's signed heartbeat beat[0..len) and,
 * when it is new, passes it on; one that does not verify is counted as
 * rejected ("bad_heartbeat"). */
void svk_intake_beat(svk_intake *ing, const uint8_t *beat, size_t len);

/* svk_intake_reject counts one message refused for reason. */
void svk_intake_reject(svk_intake *ing, const char *reason);

/* svk_intake_store gives the store entries go to (for transactions). */
svk_store *svk_intake_store(const svk_intake *ing);

/* svk_intake_has_gap tells whether origin now has a gap behind its newest
 * entry held. */
bool svk_intake_has_gap(svk_intake *ing, const uint8_t *origin);

/* svk_intake_is_roster tells whether e is a roster. */
bool svk_intake_is_roster(const svk_entry *e);

/* svk_intake_roster_changed tells the daemon that entries stored so far
 * brought a new roster (call it after the transaction is committed). */
void svk_intake_roster_changed(svk_intake *ing);

/* svk_intake_count gives the entries stored so far. */
uint64_t svk_intake_count(const svk_intake *ing);

#endif
