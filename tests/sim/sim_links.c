/* sim_links.c: which partners each simulated node links to (the daemon's
 * svk_plan_partners, fed the liveness the heartbeats would show), nodes
 * going down and coming back, and catch-up rounds. See sim-int.h. */
#include "sim-int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

/* The roster every node chooses from (plan.h): every node a member, in
 * node order, ranked once. */
struct svk__sim_plan {
	svk_member *members;
	svk_plan_roster *roster;
	bool *online;
	bool *wanted;
};

bool
svk__sim_is_partner(const svk_sim *s, uint32_t a, uint32_t b)
{
	const svk__sim_node *n = &s->nodes[a];
	size_t lo = 0, hi = n->n_partners;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (n->partners[mid] == b)
			return true;
		if (n->partners[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int
partner_add(svk__sim_node *n, uint32_t b)
{
	size_t i = 0;

	if (svk__sim_grow((void **)&n->partners, &n->cap_partners, n->n_partners,
		sizeof(*n->partners)) != 0)
		return -ENOMEM;
	while (i < n->n_partners && n->partners[i] < b)
		i++;
	if (i < n->n_partners && n->partners[i] == b)
		return 0;
	memmove(n->partners + i + 1, n->partners + i,
	    (n->n_partners - i) * sizeof(*n->partners));
	n->partners[i] = b;
	n->n_partners++;
	return 0;
}

/* A catch-up request from a to b: the reply brings what a lacks. */
static int
sync_ask(svk_sim *s, uint32_t a, uint32_t b)
{
	s->st.syncs++;
	return svk__sim_send(s, SVK__SIM_SYNC_ASK, a, b, 0, NULL, 0);
}

int
svk__sim_link_up(svk_sim *s, uint32_t a, uint32_t b)
{
	int err;

	if (!s->nodes[a].up || !s->nodes[b].up || !svk__sim_is_partner(s, a, b) ||
	    !svk__sim_is_partner(s, b, a))
		return 0;
	if ((err = svk_tree_link_add(&s->nodes[a].tree, b)) != 0 ||
	    (err = svk_tree_link_add(&s->nodes[b].tree, a)) != 0)
		return err;
	if ((err = sync_ask(s, a, b)) != 0)
		return err;
	return sync_ask(s, b, a);
}

int
svk_sim_connect(svk_sim *s, size_t a, size_t b)
{
	int err;

	if ((err = partner_add(&s->nodes[a], (uint32_t)b)) != 0 ||
	    (err = partner_add(&s->nodes[b], (uint32_t)a)) != 0)
		return err;
	return svk__sim_link_up(s, (uint32_t)a, (uint32_t)b);
}

static int
cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int
list_add(uint32_t **list, size_t *n, size_t *cap, uint32_t v)
{
	if (svk__sim_grow((void **)list, cap, *n, sizeof(**list)) != 0)
		return -ENOMEM;
	(*list)[(*n)++] = v;
	return 0;
}

/* Every node's partners as the plan has them with the liveness seen:
 * those it chooses and those that choose it (svk_plan_partners' links, as
 * test_daemon_plan.c checks), into lists[i], ns[i] (sorted). */
static int
plan_all(svk_sim *s, uint32_t **lists, size_t *ns)
{
	svk__sim_plan *p = s->plan;
	size_t *cap = calloc(s->c.nodes, sizeof(*cap));
	int err = cap ? 0 : -ENOMEM;

	for (uint32_t i = 0; i < s->c.nodes && err == 0; i++) {
		svk_plan_roster_choice(p->roster, i, p->online, p->wanted);
		for (uint32_t j = 0; j < s->c.nodes && err == 0; j++) {
			if (!p->wanted[j])
				continue;
			if ((err = list_add(&lists[i], &ns[i], &cap[i], j)) == 0)
				err = list_add(&lists[j], &ns[j], &cap[j], i);
		}
	}
	for (size_t i = 0; i < s->c.nodes && err == 0; i++) {
		qsort(lists[i], ns[i], sizeof(*lists[i]), cmp);
		size_t k = 0;
		for (size_t j = 0; j < ns[i]; j++)
			if (k == 0 || lists[i][k - 1] != lists[i][j])
				lists[i][k++] = lists[i][j];
		ns[i] = k;
	}
	free(cap);
	return err;
}

/* Every node works out its partners anew; links no longer planned go down,
 * new ones come up (those between nodes up). */
static int
relink(svk_sim *s)
{
	uint32_t **lists = calloc(s->c.nodes, sizeof(*lists));
	size_t *ns = calloc(s->c.nodes, sizeof(*ns));
	int err = lists && ns ? 0 : -ENOMEM;

	s->st.relinks++;
	for (size_t i = 0; i < s->c.nodes; i++)
		s->plan->online[i] = s->nodes[i].seen_up = s->nodes[i].up;
	if (err == 0)
		err = plan_all(s, lists, ns);
	/* Links that went: out of the trees, at both ends. */
	for (uint32_t i = 0; i < s->c.nodes && err == 0; i++) {
		svk__sim_node *n = &s->nodes[i];
		for (size_t j = 0; j < n->n_partners; j++) {
			uint32_t b = n->partners[j];
			if (bsearch(&b, lists[i], ns[i], sizeof(b), cmp) == NULL)
				svk_tree_link_remove(&n->tree, b);
		}
	}
	for (uint32_t i = 0; i < s->c.nodes && err == 0; i++) {
		svk__sim_node *n = &s->nodes[i];
		uint32_t *old = n->partners;
		size_t n_old = n->n_partners;
		n->partners = lists[i];
		n->n_partners = n->cap_partners = ns[i];
		lists[i] = old;
		ns[i] = n_old;
	}
	/* Links that came: up, each counted once (from the lower node). */
	for (uint32_t i = 0; i < s->c.nodes && err == 0; i++) {
		svk__sim_node *n = &s->nodes[i];
		for (size_t j = 0; j < n->n_partners && err == 0; j++) {
			uint32_t b = n->partners[j];
			if (b > i && !svk_tree_has(&n->tree, b))
				err = svk__sim_link_up(s, i, b);
		}
	}
	for (size_t i = 0; lists && i < s->c.nodes; i++)
		free(lists[i]);
	free(lists);
	free(ns);
	return err;
}

static int
relink_later(svk_sim *s)
{
	if (s->c.k == 0 || s->relinking)
		return 0;
	s->relinking = true;
	return svk__sim_schedule(s,
	    (svk__sim_ev){.at = s->now + s->c.detect_ms, .kind = SVK__SIM_RELINK});
}

static int
tick_later(svk_sim *s, uint32_t node, int64_t at)
{
	if (s->c.sync_ms == 0)
		return 0;
	return svk__sim_schedule(s,
	    (svk__sim_ev){
		.at = at, .kind = SVK__SIM_SYNC_TICK, .from = node, .to = node});
}

int
svk_sim_set_up(svk_sim *s, size_t node, bool up)
{
	svk__sim_node *n = &s->nodes[node];
	int err = 0;

	if (n->up == up)
		return 0;
	n->up = up;
	n->epoch++;
	/* Down: its partners' pipes close; back: a fresh daemon, its tree
	 * all eager again, dialled by (and dialling) the partners planned. */
	svk_tree_fini(&n->tree);
	svk_tree_init(&n->tree, s->c.graft_ms, s->c.retry_ms);
	n->n_ann = 0;
	n->flushing = false;
	for (size_t j = 0; j < n->n_partners && err == 0; j++) {
		uint32_t b = n->partners[j];
		if (!up)
			svk_tree_link_remove(&s->nodes[b].tree, (uint32_t)node);
		else
			err = svk__sim_link_up(s, (uint32_t)node, b);
	}
	if (err == 0 && up)
		err = tick_later(s, (uint32_t)node, s->now + s->c.sync_ms);
	return err ? err : relink_later(s);
}

/* b's reply to a's catch-up request: what b holds and a lacks. */
static int
sync_give(svk_sim *s, uint32_t b, uint32_t a)
{
	uint32_t *list = NULL;
	uint32_t n = 0;

	for (size_t e = 0; e < s->n_entries; e++)
		n += svk_sim_holds(s, b, e) && !svk_sim_holds(s, a, e);
	if (n > 0 && (list = malloc(n * sizeof(*list))) == NULL)
		return -ENOMEM;
	n = 0;
	for (size_t e = 0; list && e < s->n_entries; e++)
		if (svk_sim_holds(s, b, e) && !svk_sim_holds(s, a, e))
			list[n++] = (uint32_t)e;
	return svk__sim_send(s, SVK__SIM_SYNC_GIVE, b, a, 0, list, n);
}

static void
synced(svk_sim *s, const svk__sim_ev *ev)
{
	svk__sim_node *n = &s->nodes[ev->to];
	svk_tree_id id;

	for (uint32_t i = 0; i < ev->n_list; i++) {
		unsigned hops = svk__sim_hops_at(s, ev->from, ev->list[i]) + 1;
		if (!svk__sim_take(s, ev->to, ev->list[i], hops))
			continue;
		s->st.synced++;
		svk__sim_id(s, ev->list[i], &id);
		svk_tree_held(&n->tree, &id);
	}
}

static int
round_all(svk_sim *s, uint32_t node)
{
	svk__sim_node *n = &s->nodes[node];
	int err = 0;

	for (size_t j = 0; j < n->tree.n_links && err == 0; j++)
		err = sync_ask(s, node, n->tree.links[j].link);
	return err ? err : tick_later(s, node, s->now + s->c.sync_ms);
}

int
svk__sim_links_event(svk_sim *s, const svk__sim_ev *ev)
{
	if (ev->kind == SVK__SIM_RELINK) {
		s->relinking = false;
		return relink(s);
	}
	if (ev->from != ev->to && !svk__sim_is_partner(s, ev->to, ev->from)) {
		s->st.lost++;
		return 0;
	}
	switch (ev->kind) {
	case SVK__SIM_SYNC_TICK: return round_all(s, ev->to);
	case SVK__SIM_SYNC_ASK: return sync_give(s, ev->to, ev->from);
	case SVK__SIM_SYNC_GIVE: synced(s, ev); return 0;
	default: return 0;
	}
}

int
svk__sim_links_start(svk_sim *s)
{
	svk__sim_plan *p = calloc(1, sizeof(*p));
	size_t n = s->c.nodes;
	int err = 0;

	if ((s->plan = p) == NULL ||
	    (p->members = calloc(n, sizeof(*p->members))) == NULL ||
	    (p->online = calloc(n, sizeof(*p->online))) == NULL ||
	    (p->wanted = calloc(n, sizeof(*p->wanted))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		p->members[i] = (svk_member){.key = s->nodes[i].key,
		    .name = "",
		    .country = "",
		    .pub = "",
		    .catchup = "",
		    .status = SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE};
	if (s->c.k > 0 &&
	    (err = svk_plan_roster_alloc(&p->roster, p->members, n, s->c.k)) == 0)
		err = relink(s);
	for (uint32_t i = 0; i < n && err == 0 && s->c.sync_ms > 0; i++)
		err = tick_later(s, i,
		    (int64_t)(svk__sim_rand(s) % (uint64_t)s->c.sync_ms) + 1);
	return err;
}

void
svk__sim_links_fini(svk_sim *s)
{
	if (s->plan == NULL)
		return;
	svk_plan_roster_free(s->plan->roster);
	free(s->plan->members);
	free(s->plan->online);
	free(s->plan->wanted);
	free(s->plan);
}
