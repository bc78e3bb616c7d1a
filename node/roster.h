/*
 * roster.h: membership of a federation, as the coordinator manages it.
 *
 * The roster is a record in the coordinator's log (see DESIGN.md, "Identity
 * and membership"); every node materialises the newest it holds into the
 * members table. The coordinator changes it by publishing a new version:
 * adding a member from its join request, suspending or resuming one, or just
 * renewing the expiry. A join request is a Member signed by the new node.
 */
#ifndef SVK_ROSTER_H
#define SVK_ROSTER_H

#include <stdint.h>

#include "config.h"
#include "home.h"
#include "samverk.pb-c.h"

/* The default lifetime of a roster ([federation] roster_days). */
#define SVK_ROSTER_LIFETIME_MS (90LL * 24 * 3600 * 1000) /* 90 days */
#define SVK_JOIN_PREFIX "SVKJOIN1:"

/* svk_roster_current builds the roster in force from the store (members and
 * version) into a new message; free it with
 * protobuf_c_message_free_unpacked(&(*out)->base, NULL). A node that holds
 * no roster gets an empty one of version 0. */
int svk_roster_current(svk_store *st, Samverk__Roster **out) SVK_WUR;

/* svk_roster_put adds m to r, or replaces the member with the same key. The
 * roster keeps its own copy. */
int svk_roster_put(Samverk__Roster *r, const Samverk__Member *m) SVK_WUR;

/* svk_roster_find returns r's member with key, or NULL. */
Samverk__Member *svk_roster_find(Samverk__Roster *r, const uint8_t key[static 32]);

/* svk_roster_publish signs r as the next version, valid for lifetime_ms from
 * now, into home's log. Only the coordinator may: SVK_EINVAL otherwise. */
int svk_roster_publish(svk_home *home, Samverk__Roster *r, int64_t lifetime_ms) SVK_WUR;

/* svk_roster_is_coordinator tells whether home runs the federation. */
bool svk_roster_is_coordinator(svk_home *home);

/* svk_roster_expiry reads when the roster in force expires (0 if none). */
int svk_roster_expiry(svk_store *st, int64_t *expires_ms) SVK_WUR;

/* svk_roster_join_request_make writes the one-line join request of home, with the
 * endpoints of cfg, into a new string (free it). */
int svk_roster_join_request_make(svk_home *home, const svk_config *cfg,
    char **line) SVK_WUR;

/* svk_roster_join_request_open decodes and verifies a join request line; *member
 * is allocated (free with protobuf_c_message_free_unpacked). The line may come
 * wrapped and quoted as an e-mail client sends it on: blanks, line breaks
 * and '>' anywhere are dropped first. SVK_EINVAL for text that is not a join
 * request (or a damaged one), SVK_EBADSIG for a forged one. */
int svk_roster_join_request_open(const char *line, Samverk__Member **member) SVK_WUR;

#endif
