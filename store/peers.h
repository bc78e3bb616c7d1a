/*
 * peers.h: the daemon's links as it last saw them (the peers table), so that
 * `samverk peers`, `status` and the HTTP API, which run in other processes or
 * outside the loop, can show them. The daemon is the only writer.
 */
#ifndef SVK_PEERS_H
#define SVK_PEERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "store.h"

/* One link to a partner. */
typedef struct svk_peer_row {
	uint8_t key[SVK_KEY_LEN];
	const char *pub;     /* its PUB endpoint; NULL from svk_peers_get */
	const char *catchup; /* its catch-up endpoint; NULL from svk_peers_get */
	bool sub_up;	     /* our subscription to its PUB is connected */
	bool req_up;	     /* our catch-up link to it is connected */
	int64_t last_seen_ms;
	int64_t last_catchup_ms; /* its last completed catch-up round */
	uint64_t rounds;
	uint64_t received;
	int64_t down_since_ms; /* a socket of the link is down since (0: up) */
} svk_peer_row;

/* svk_peers_replace makes the table hold exactly rows[0..n), in one
 * transaction; on failure it holds what it held before. */
int svk_peers_replace(svk_store *st, const svk_peer_row *rows, size_t n) SVK_WUR;

/* svk_peers_get reads the row of the partner with key into *row (pub and
 * catchup set to NULL); *found tells whether there is one. */
int svk_peers_get(svk_store *st, const uint8_t key[static SVK_KEY_LEN],
    svk_peer_row *row, bool *found) SVK_WUR;

#endif
