/* sim_gossip.c: what each node's tree (tree.h) decides, sent over the
 * simulated network, and what it is sent, handed back to its tree. See
 * sim-int.h. */
#include "sim-int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int
announce(svk_sim *s, uint32_t node, uint32_t link, uint32_t entry)
{
	svk__sim_node *n = &s->nodes[node];

	if (svk__sim_grow((void **)&n->ann, &n->cap_ann, n->n_ann, sizeof(*n->ann)) != 0)
		return -ENOMEM;
	n->ann[n->n_ann++] = (svk__sim_ann){link, entry};
	if (n->flushing)
		return 0;
	n->flushing = true;
	return svk__sim_schedule(s,
	    (svk__sim_ev){.at = s->now + s->c.batch_ms,
		.kind = SVK__SIM_FLUSH,
		.from = node,
		.to = node});
}

static int
by_link(const void *a, const void *b)
{
	const svk__sim_ann *x = a, *y = b;

	if (x->link != y->link)
		return x->link < y->link ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* One digest per link for what was announced in the batch. */
static int
flush(svk_sim *s, uint32_t node)
{
	svk__sim_node *n = &s->nodes[node];
	int err = 0;

	n->flushing = false;
	qsort(n->ann, n->n_ann, sizeof(*n->ann), by_link);
	for (size_t i = 0, j; i < n->n_ann && err == 0; i = j) {
		uint32_t *list;
		for (j = i; j < n->n_ann && n->ann[j].link == n->ann[i].link; j++)
			;
		if ((list = malloc((j - i) * sizeof(*list))) == NULL)
			return -ENOMEM;
		for (size_t k = i; k < j; k++)
			list[k - i] = n->ann[k].entry;
		err = svk__sim_send(s, SVK__SIM_DIGEST, node, n->ann[i].link, 0,
		    list, (uint32_t)(j - i));
	}
	n->n_ann = 0;
	return err;
}

static int
act(svk_sim *s, uint32_t node, const svk_tree_act *a)
{
	uint32_t entry = a->verb == SVK_TREE_PRUNE ? 0 : svk__sim_entry_of(s, &a->id);

	switch (a->verb) {
	case SVK_TREE_PUSH:
		/* A graft for an entry not held asks in vain. */
		if (!svk_sim_holds(s, node, entry))
			return 0;
		return svk__sim_send(s, SVK__SIM_PUSH, node, a->link, entry, NULL, 0);
	case SVK_TREE_ANNOUNCE: return announce(s, node, a->link, entry);
	case SVK_TREE_PRUNE:
		return svk__sim_send(s, SVK__SIM_PRUNE, node, a->link, 0, NULL, 0);
	case SVK_TREE_GRAFT:
		return svk__sim_send(s, SVK__SIM_GRAFT, node, a->link, entry, NULL, 0);
	case SVK_TREE_TIMER:
		return svk__sim_schedule(s,
		    (svk__sim_ev){.at = a->at,
			.kind = SVK__SIM_TIMER,
			.from = node,
			.to = node,
			.entry = entry});
	}
	return 0;
}

int
svk__sim_decide(svk_sim *s, uint32_t node, int err)
{
	/* Acting may deliver nothing at once (every send is queued), so the
	 * actions are not added to while they are walked. */
	for (size_t i = 0; i < s->acts.n && err == 0; i++)
		err = act(s, node, &s->acts.a[i]);
	s->acts.n = 0;
	return err;
}

/* A whole entry over the link from ev->from. */
static int
pushed(svk_sim *s, const svk__sim_ev *ev)
{
	svk__sim_node *n = &s->nodes[ev->to];
	unsigned hops = svk__sim_hops_at(s, ev->from, ev->entry) + 1;
	bool fresh = svk__sim_take(s, ev->to, ev->entry, hops);
	svk_tree_id id;

	s->st.pushes++;
	s->st.dups += !fresh;
	svk__sim_id(s, ev->entry, &id);
	return svk__sim_decide(s, ev->to,
	    svk_tree_on_entry(&n->tree, ev->from, &id, !fresh, s->now, &s->acts));
}

static int
digest(svk_sim *s, const svk__sim_ev *ev)
{
	svk__sim_node *n = &s->nodes[ev->to];
	svk_tree_id id;
	int err = 0;

	s->st.digests++;
	s->st.announced += ev->n_list;
	for (uint32_t i = 0; i < ev->n_list && err == 0; i++) {
		svk__sim_id(s, ev->list[i], &id);
		err = svk__sim_decide(s, ev->to,
		    svk_tree_on_announce(&n->tree, ev->from, &id,
			svk_sim_holds(s, ev->to, ev->list[i]), s->now, &s->acts));
	}
	return err;
}

int
svk__sim_gossip(svk_sim *s, const svk__sim_ev *ev)
{
	svk__sim_node *n = &s->nodes[ev->to];
	svk_tree_id id;

	/* A message over a link that went down meanwhile is lost with it. */
	if (ev->from != ev->to && !svk__sim_is_partner(s, ev->to, ev->from)) {
		s->st.lost++;
		return 0;
	}
	svk__sim_id(s, ev->entry, &id);
	switch (ev->kind) {
	case SVK__SIM_PUSH: return pushed(s, ev);
	case SVK__SIM_DIGEST: return digest(s, ev);
	case SVK__SIM_PRUNE:
		s->st.prunes++;
		svk_tree_on_prune(&n->tree, ev->from);
		return 0;
	case SVK__SIM_GRAFT:
		s->st.grafts++;
		if (n->mute) {
			s->st.unanswered++;
			return 0;
		}
		return svk__sim_decide(s, ev->to,
		    svk_tree_on_graft(&n->tree, ev->from, &id, &s->acts));
	case SVK__SIM_TIMER:
		return svk__sim_decide(s, ev->to,
		    svk_tree_timeout(&n->tree, &id, s->now, &s->acts));
	case SVK__SIM_FLUSH: return flush(s, ev->to);
	default: return 0;
	}
}
