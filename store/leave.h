/*
 * leave.h: taking a node out of the federation it joined (`samverk leave`),
 * so that it can join one again: what came from the federation goes, what
 * the node made itself stays.
 */
#ifndef SVK_LEAVE_H
#define SVK_LEAVE_H

#include <stdint.h>

#include "crypto.h"
#include "store.h"

/* svk_leave_federation forgets, in one transaction, the federation this
 * node belongs to and everything that came from it: the entries of other
 * origins (with what was materialised from them, the roster among them),
 * their forks, flags and heartbeats, the links last seen, the bootstrap
 * peer and any first-contact problem noted. The node's own entries (signed
 * by me) and the volunteer registry stay; `join` signs the own entries anew
 * for the next federation. *dropped is how many entries of others went.
 * SVK_ENOTFOUND when the node belongs to no federation. */
int svk_leave_federation(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    uint64_t *dropped) SVK_WUR;

#endif
