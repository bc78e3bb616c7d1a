/* sim.c: nodes, the virtual clock and the simulated network. See sim.h;
 * the links and liveness are sim_links.c's. */
#include "sim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim-int.h"

void
svk_sim_defaults(svk_sim_config *c, size_t nodes, size_t max_entries)
{
	memset(c, 0, sizeof(*c));
	c->nodes = nodes;
	c->max_entries = max_entries;
	c->k = 6;
	c->seed = 1;
	c->latency_ms = 20;
	c->jitter_ms = 30;
	c->graft_ms = 1000;
	c->retry_ms = 500;
	c->batch_ms = 200;
	c->sync_ms = 30000;
	c->detect_ms = 30000;
}

uint64_t
svk__sim_rand(svk_sim *s)
{
	/* xorshift64*: deterministic for a seed, cheap. */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 0x2545f4914f6cdd1dULL;
}

int
svk__sim_grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *bigger;

	if (n < *cap)
		return 0;
	if ((bigger = realloc(*arr, c * size)) == NULL)
		return -ENOMEM;
	*arr = bigger;
	*cap = c;
	return 0;
}

/* The event queue: a binary heap ordered by (at, order). */

static bool
before(const svk__sim_ev *a, const svk__sim_ev *b)
{
	return a->at < b->at || (a->at == b->at && a->order < b->order);
}

int
svk__sim_schedule(svk_sim *s, svk__sim_ev ev)
{
	size_t i;

	if (svk__sim_grow((void **)&s->evs, &s->cap_evs, s->n_evs,
		sizeof(*s->evs)) != 0) {
		free(ev.list);
		return -ENOMEM;
	}
	ev.order = s->order++;
	ev.epoch = s->nodes[ev.to].epoch;
	i = s->n_evs++;
	while (i > 0 && before(&ev, &s->evs[(i - 1) / 2])) {
		s->evs[i] = s->evs[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	s->evs[i] = ev;
	return 0;
}

static svk__sim_ev
pop(svk_sim *s)
{
	svk__sim_ev top = s->evs[0], last = s->evs[--s->n_evs];
	size_t i = 0, n = s->n_evs;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && before(&s->evs[c + 1], &s->evs[c]))
			c++;
		if (!before(&s->evs[c], &last))
			break;
		s->evs[i] = s->evs[c];
		i = c;
	}
	if (n > 0)
		s->evs[i] = last;
	return top;
}

static bool
is_cut(const svk_sim *s, uint32_t a, uint32_t b)
{
	for (size_t i = 0; i < s->n_cuts; i++)
		if (s->cuts[i][0] == (a < b ? a : b) &&
		    s->cuts[i][1] == (a < b ? b : a))
			return true;
	return false;
}

int
svk_sim_cut(svk_sim *s, size_t a, size_t b, bool cut)
{
	uint32_t lo = (uint32_t)(a < b ? a : b), hi = (uint32_t)(a < b ? b : a);
	uint32_t(*cuts)[2];

	for (size_t i = 0; i < s->n_cuts; i++)
		if (s->cuts[i][0] == lo && s->cuts[i][1] == hi) {
			if (!cut)
				memcpy(s->cuts[i], s->cuts[--s->n_cuts],
				    sizeof(s->cuts[i]));
			return 0;
		}
	if (!cut)
		return 0;
	if ((cuts = realloc(s->cuts, (s->n_cuts + 1) * sizeof(*cuts))) == NULL)
		return -ENOMEM;
	s->cuts = cuts;
	s->cuts[s->n_cuts][0] = lo;
	s->cuts[s->n_cuts][1] = hi;
	s->n_cuts++;
	return 0;
}

int
svk__sim_send(svk_sim *s, svk__sim_kind kind, uint32_t from, uint32_t to,
    uint32_t entry, uint32_t *list, uint32_t n_list)
{
	svk__sim_ev ev = {.kind = kind,
	    .from = from,
	    .to = to,
	    .entry = entry,
	    .list = list,
	    .n_list = n_list};
	double r = (double)(svk__sim_rand(s) >> 11) / (double)(1ULL << 53);

	if (!s->nodes[to].up || s->nodes[from].side != s->nodes[to].side ||
	    r < s->c.loss || is_cut(s, from, to)) {
		s->st.lost++;
		free(list);
		return 0;
	}
	ev.at = s->now + s->c.latency_ms +
		(s->c.jitter_ms > 0 ?
			(int64_t)(svk__sim_rand(s) % (uint64_t)s->c.jitter_ms) :
			0);
	return svk__sim_schedule(s, ev);
}

/* Entries. */

void
svk__sim_id(const svk_sim *s, uint32_t entry, svk_tree_id *id)
{
	const svk__sim_entry *e = &s->entries[entry];

	memcpy(id->origin, s->nodes[e->origin].key, SVK_KEY_LEN);
	id->seq = e->seq;
}

uint32_t
svk__sim_entry_of(const svk_sim *s, const svk_tree_id *id)
{
	uint32_t origin = (uint32_t)id->origin[0] << 24 |
			  (uint32_t)id->origin[1] << 16 |
			  (uint32_t)id->origin[2] << 8 | id->origin[3];

	return s->nodes[origin].own[id->seq - 1];
}

bool
svk_sim_holds(const svk_sim *s, size_t node, size_t entry)
{
	return s->held[node * s->c.max_entries + entry] != 0;
}

/* Marks entry held at node, reached in hops; tells whether it was new. */
bool
svk__sim_take(svk_sim *s, uint32_t node, uint32_t entry, unsigned hops)
{
	size_t at = node * s->c.max_entries + entry;

	if (s->held[at] != 0)
		return false;
	s->held[at] = hops + 1 > 255 ? 255 : (uint8_t)(hops + 1);
	s->entries[entry].holders++;
	return true;
}

unsigned
svk__sim_hops_at(const svk_sim *s, uint32_t node, uint32_t entry)
{
	uint8_t h = s->held[node * s->c.max_entries + entry];
	return h ? h - 1u : 0;
}

int
svk_sim_write(svk_sim *s, size_t node, size_t *entry)
{
	svk__sim_node *n = &s->nodes[node];
	svk__sim_entry *e;
	svk_tree_id id;
	uint32_t *own;

	if (s->n_entries == s->c.max_entries || !n->up)
		return SVK_EINVAL;
	if ((own = realloc(n->own, (n->seq + 1) * sizeof(*own))) == NULL)
		return -ENOMEM;
	n->own = own;
	e = &s->entries[s->n_entries];
	e->origin = (uint32_t)node;
	e->seq = ++n->seq;
	e->holders = 0;
	n->own[e->seq - 1] = (uint32_t)s->n_entries;
	*entry = s->n_entries++;
	(void)svk__sim_take(s, (uint32_t)node, (uint32_t)*entry, 0);
	svk__sim_id(s, (uint32_t)*entry, &id);
	return svk__sim_decide(s, (uint32_t)node,
	    svk_tree_on_entry(&n->tree, SVK_TREE_SELF, &id, false, s->now, &s->acts));
}

/* What one event means for the node it is for. */
static int
deliver(svk_sim *s, svk__sim_ev *ev)
{
	svk__sim_node *n = &s->nodes[ev->to];
	int err = 0;

	/* What a node down or restarted since would have had is lost; the
	 * liveness seen is everyone's. */
	if (ev->kind != SVK__SIM_RELINK && (!n->up || ev->epoch != n->epoch)) {
		free(ev->list);
		return 0;
	}
	switch (ev->kind) {
	case SVK__SIM_PUSH:
	case SVK__SIM_DIGEST:
	case SVK__SIM_PRUNE:
	case SVK__SIM_GRAFT:
	case SVK__SIM_TIMER:
	case SVK__SIM_FLUSH: err = svk__sim_gossip(s, ev); break;
	case SVK__SIM_SYNC_TICK:
	case SVK__SIM_SYNC_ASK:
	case SVK__SIM_SYNC_GIVE:
	case SVK__SIM_RELINK: err = svk__sim_links_event(s, ev); break;
	}
	free(ev->list);
	return err;
}

int
svk_sim_run(svk_sim *s, int64_t until)
{
	int err;

	while (s->n_evs > 0 && s->evs[0].at <= until) {
		svk__sim_ev ev = pop(s);
		s->now = ev.at;
		if ((err = deliver(s, &ev)) != 0)
			return err;
	}
	if (s->now < until)
		s->now = until;
	return 0;
}

bool
svk_sim_all_hold(const svk_sim *s)
{
	for (size_t e = 0; e < s->n_entries; e++) {
		if (s->entries[e].holders == s->c.nodes)
			continue;
		for (size_t i = 0; i < s->c.nodes; i++)
			if (s->nodes[i].up && !svk_sim_holds(s, i, e))
				return false;
	}
	return true;
}

int
svk_sim_run_synced(svk_sim *s, int64_t until, bool *synced)
{
	int err;

	while (!(*synced = svk_sim_all_hold(s)) && s->now < until) {
		int64_t step = s->now + 100 < until ? s->now + 100 : until;
		if ((err = svk_sim_run(s, step)) != 0)
			return err;
	}
	return 0;
}

int64_t
svk_sim_now(const svk_sim *s)
{
	return s->now;
}

size_t
svk_sim_holders(const svk_sim *s, size_t entry)
{
	return s->entries[entry].holders;
}

void
svk_sim_hops(const svk_sim *s, size_t entry, unsigned *max, uint64_t *sum, size_t *n)
{
	*max = 0;
	*sum = 0;
	*n = 0;
	for (size_t i = 0; i < s->c.nodes; i++) {
		if (!svk_sim_holds(s, i, entry))
			continue;
		unsigned h = svk__sim_hops_at(s, (uint32_t)i, (uint32_t)entry);
		if (h > *max)
			*max = h;
		*sum += h;
		(*n)++;
	}
}

void
svk_sim_stats_get(const svk_sim *s, svk_sim_stats *st)
{
	*st = s->st;
}

void
svk_sim_partition(svk_sim *s, size_t node, int side)
{
	s->nodes[node].side = side;
}

void
svk_sim_mute(svk_sim *s, size_t node, bool mute)
{
	s->nodes[node].mute = mute;
}

size_t
svk_sim_eager(const svk_sim *s, size_t node)
{
	return svk_tree_eager_count(&s->nodes[node].tree);
}

size_t
svk_sim_degree(const svk_sim *s, size_t node)
{
	return s->nodes[node].tree.n_links;
}

int
svk_sim_alloc(svk_sim **out, const svk_sim_config *c)
{
	svk_sim *s = calloc(1, sizeof(*s));
	int err = -ENOMEM;

	if (s == NULL)
		return -ENOMEM;
	s->c = *c;
	s->rng = c->seed * 0x9e3779b97f4a7c15ULL + 1;
	if ((s->nodes = calloc(c->nodes, sizeof(*s->nodes))) == NULL ||
	    (s->entries = calloc(c->max_entries + 1, sizeof(*s->entries))) == NULL ||
	    (s->held = calloc(c->nodes * c->max_entries + 1, 1)) == NULL)
		goto fail;
	for (size_t i = 0; i < c->nodes; i++) {
		svk__sim_node *n = &s->nodes[i];
		svk_tree_init(&n->tree, c->graft_ms, c->retry_ms);
		n->up = n->seen_up = true;
		n->key[0] = (uint8_t)(i >> 24);
		n->key[1] = (uint8_t)(i >> 16);
		n->key[2] = (uint8_t)(i >> 8);
		n->key[3] = (uint8_t)i;
		for (size_t b = 4; b < SVK_KEY_LEN; b++)
			n->key[b] = (uint8_t)svk__sim_rand(s);
	}
	if ((err = svk__sim_links_start(s)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	svk_sim_free(s);
	return err;
}

void
svk_sim_free(svk_sim *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; s->nodes && i < s->c.nodes; i++) {
		svk_tree_fini(&s->nodes[i].tree);
		free(s->nodes[i].partners);
		free(s->nodes[i].ann);
		free(s->nodes[i].own);
	}
	for (size_t i = 0; i < s->n_evs; i++)
		free(s->evs[i].list);
	svk__sim_links_fini(s);
	svk_tree_acts_fini(&s->acts);
	free(s->evs);
	free(s->cuts);
	free(s->nodes);
	free(s->entries);
	free(s->held);
	free(s);
}
