/*
 * links-int.h: what links.c and links_state.c share and nothing else sees:
 * one link to a partner, its two sockets and what is known of each.
 */
#ifndef SVK_LINKS_INT_H
#define SVK_LINKS_INT_H

#include <nng/nng.h>
#include <stdbool.h>
#include <stdint.h>

#include "links.h"
#include "links_alive.h"

/* A link to one partner. */
struct svk_link {
	svk_links *ls;
	svk_link *next;
	uint8_t key[SVK_KEY_LEN];
	bool bootstrap; /* no roster yet: only catch-up with the given peer */
	char name[SVK_HOME_MAX_NAME + 1];
	char pub[SVK_CONFIG_ENDPOINT_MAX];
	char catchup[SVK_CONFIG_ENDPOINT_MAX];
	char *cert; /* its PEM certificate from the roster, or NULL */
	const char *label;
	svk_gossip gossip; /* members' links only */
	svk_catchup_link cu;
	bool has_gossip, has_cu; /* opened, so to be closed */
	int closing; /* close callbacks still to come before it is freed */
	int64_t last_seen_ms;
	bool round_waits; /* a round asked for while the bootstrap link's ran */
	/* Each socket: [0] the subscription (SUB), [1] catch-up (REQ). */
	struct side {
		svk_link *link; /* what nng's pipe callbacks are given */
		bool req;
		bool dialled; /* dialer is open */
		nng_dialer dialer;
		nng_pipe pipe; /* the connected pipe (id 0: none) */
		svk_links_alive alive;
	} sides[2];
};

#endif
