/*
 * links_state.h: what the daemon's links are, told to the rest of the
 * daemon: the member links a heartbeat lists, and the counts of links for
 * the status and metrics. (links.c writes the peers table.)
 */
#ifndef SVK_LINKS_STATE_H
#define SVK_LINKS_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "links.h"
#include "publish.h"

/* svk_links_state_list lists the member links for a heartbeat (an
 * svk_publish_peers_fn; arg is the svk_links). */
int svk_links_state_list(void *arg, svk_publish_peer **out, size_t *n);

/* svk_links_state_count gives the member links and how many are up both
 * ways. */
void svk_links_state_count(const svk_links *ls, uint64_t *links, uint64_t *up);

#endif
