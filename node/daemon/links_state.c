/*
 * links_state.c: the daemon's links as a heartbeat's list and as counts.
 * See links_state.h.
 */
#include "links_state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "links-int.h"

/* Whether both of a member link's sockets are connected. */
static bool
link_up(const svk_link *p)
{
	return p->has_gossip && svk_gossip_is_up(&p->gossip) &&
	       svk_catchup_link_is_up(&p->cu);
}

int
svk_links_state_list(void *arg, svk_publish_peer **out, size_t *n)
{
	svk_links *ls = arg;
	svk_publish_peer *s;
	size_t k = 0;

	for (svk_link *p = ls->head; p; p = p->next)
		k++;
	if ((s = calloc(k + 1, sizeof(*s))) == NULL)
		return -ENOMEM;
	k = 0;
	for (svk_link *p = ls->head; p; p = p->next) {
		if (p->bootstrap)
			continue;
		memcpy(s[k].key, p->key, SVK_KEY_LEN);
		s[k].up = link_up(p);
		s[k].last_seen_ms = p->last_seen_ms;
		k++;
	}
	*out = s;
	*n = k;
	return 0;
}

void
svk_links_state_count(const svk_links *ls, uint64_t *links, uint64_t *up)
{
	*links = *up = 0;
	for (const svk_link *p = ls->head; p; p = p->next) {
		if (p->bootstrap)
			continue;
		(*links)++;
		if (link_up(p))
			(*up)++;
	}
}
