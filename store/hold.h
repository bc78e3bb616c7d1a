/*
 * hold.h: a node that finds itself behind itself stops authoring.
 *
 * Only a node writes its own log, so a node that lost the end of it (restored
 * from a backup, re-created from its key file) and authored again would sign
 * a second entry at a seq its partners already hold: a fork of itself, which
 * no partner can accept. So when partners show entries of this node's own
 * origin that it lacks, or a different entry at one of its seqs, authoring is
 * put on hold: a setting in the store (so the command line sees it too) that
 * svk_log_append checks inside its write transaction. The daemon fetches the
 * log back through catch-up and svk_hold_review lifts the hold once a
 * partner's heartbeat, received after the hold began, shows no more of this
 * node's log than it holds. A fork that already happened never lifts.
 *
 * A backup copy (svk_hold_mark) and a node re-created from its key start
 * held as "restored": they have not yet compared with any partner.
 */
#ifndef SVK_HOLD_H
#define SVK_HOLD_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

typedef enum svk_hold_reason {
	SVK_HOLD_NONE = 0,
	SVK_HOLD_RESTORED, /* restored or re-created: not yet compared */
	SVK_HOLD_BEHIND,   /* partners hold entries of my own log I lack */
	SVK_HOLD_DIFFERS,  /* a partner says it holds another entry at my seq */
	SVK_HOLD_FORK,	   /* two signed entries at one of my seqs: for good */
} svk_hold_reason;

/* Where a hold stands. */
typedef struct svk_hold {
	svk_hold_reason reason;
	uint64_t have;	  /* my own head (filled in even when not held) */
	uint64_t shown;	  /* the highest head of my log a partner showed */
	uint64_t seq;	  /* DIFFERS, FORK: the seq at which the entries differ */
	int64_t since_ms; /* when the hold began or last grew */
} svk_hold;

/* svk_hold_get reads the hold (reason SVK_HOLD_NONE when authoring is free)
 * and this node's own head. */
int svk_hold_get(svk_store *st, svk_hold *h) SVK_WUR;

/* svk_hold_note records that a partner showed what is said by reason, shown
 * and seq (see svk_hold). A hold only grows: a graver reason replaces a
 * lighter one, shown only rises, and a note that changes nothing writes
 * nothing. *grew (if not NULL) says whether it changed. Runs in the caller's
 * transaction if one is open. */
int svk_hold_note(svk_store *st, svk_hold_reason reason, uint64_t shown,
    uint64_t seq, bool *grew) SVK_WUR;

/* svk_hold_mark puts the store file at path on hold as restored: for a
 * backup copy, so that a node restored from it compares with partners
 * before it authors. */
int svk_hold_mark(const char *path) SVK_WUR;

/* svk_hold_review looks at what partners showed (their newest heartbeats'
 * heads of my origin, the forks of my origin held as evidence) and sets, grows
 * or lifts the hold accordingly; *now says where it stands after, *changed
 * whether the reason changed. */
int svk_hold_review(svk_store *st, svk_hold *now, bool *changed) SVK_WUR;

/* svk_hold_reason_name gives "restored", "behind", "differs", "fork" or
 * "none". */
const char *svk_hold_reason_name(svk_hold_reason reason);

#endif
