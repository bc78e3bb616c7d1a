/*
 * sim-int.h: the simulator's insides, shared by sim.c (clock, network,
 * entries), sim_gossip.c (what the trees decide, sent and received) and
 * sim_links.c (partners, liveness, catch-up). Not for the tests' use.
 */
#ifndef SVK_SIM_INT_H
#define SVK_SIM_INT_H

#include "sim.h"
#include "tree.h"

typedef enum {
	SVK__SIM_PUSH,	 /* a whole entry */
	SVK__SIM_DIGEST, /* a batch of announcements (list) */
	SVK__SIM_PRUNE,
	SVK__SIM_GRAFT,
	SVK__SIM_TIMER,	    /* the tree's timer for entry */
	SVK__SIM_FLUSH,	    /* send the announcements batched */
	SVK__SIM_SYNC_TICK, /* a catch-up round with every partner */
	SVK__SIM_SYNC_ASK,  /* what do you have that I lack? */
	SVK__SIM_SYNC_GIVE, /* these (list) */
	SVK__SIM_RELINK,    /* liveness seen: partners worked out anew */
} svk__sim_kind;

typedef struct svk__sim_ev {
	int64_t at;
	uint64_t order; /* ties in order of scheduling */
	svk__sim_kind kind;
	uint32_t from, to, entry;
	uint32_t epoch; /* the receiver's, when sent: restarted since, lost */
	uint32_t *list; /* owned by the event */
	uint32_t n_list;
} svk__sim_ev;

/* An announcement waiting for its batch. */
typedef struct svk__sim_ann {
	uint32_t link, entry;
} svk__sim_ann;

typedef struct svk__sim_node {
	svk_tree tree;		  /* its links are the partners up */
	uint8_t key[SVK_KEY_LEN]; /* bytes 0-3: the node's number */
	bool up, seen_up, mute;
	int side;
	uint32_t epoch;	    /* restarts */
	uint32_t *partners; /* as the plan (or svk_sim_connect) has them, sorted */
	size_t n_partners, cap_partners;
	svk__sim_ann *ann;
	size_t n_ann, cap_ann;
	bool flushing; /* a FLUSH is scheduled */
	uint64_t seq;  /* its own entries so far */
	uint32_t *own; /* their numbers, by seq - 1 */
} svk__sim_node;

typedef struct svk__sim_entry {
	uint32_t origin;
	uint64_t seq;
	size_t holders;
} svk__sim_entry;

typedef struct svk__sim_plan svk__sim_plan;

struct svk_sim {
	svk_sim_config c;
	int64_t now;
	uint64_t rng, order;
	svk__sim_node *nodes;
	svk__sim_entry *entries;
	size_t n_entries;
	uint8_t *held; /* [node * max_entries + entry]: hops + 1, 0: not held */
	svk__sim_ev *evs;
	size_t n_evs, cap_evs;
	svk_tree_acts acts;
	svk_sim_stats st;
	svk__sim_plan *plan;
	uint32_t (*cuts)[2]; /* links cut (svk_sim_cut), lower node first */
	size_t n_cuts;
	bool relinking; /* a RELINK is scheduled */
};

uint64_t svk__sim_rand(svk_sim *s);

/* svk__sim_grow makes room in *arr (*cap elements of size) for one more
 * than n. -ENOMEM. */
int svk__sim_grow(void **arr, size_t *cap, size_t n, size_t size) SVK_WUR;

/* svk__sim_schedule queues ev (which owns its list, freed on failure). */
int svk__sim_schedule(svk_sim *s, svk__sim_ev ev) SVK_WUR;

/* svk__sim_send sends a message (owning list) from a node to another over
 * the network: lost, or queued for after the latency. */
int svk__sim_send(svk_sim *s, svk__sim_kind kind, uint32_t from, uint32_t to,
    uint32_t entry, uint32_t *list, uint32_t n_list) SVK_WUR;

void svk__sim_id(const svk_sim *s, uint32_t entry, svk_tree_id *id);
uint32_t svk__sim_entry_of(const svk_sim *s, const svk_tree_id *id);
bool svk__sim_take(svk_sim *s, uint32_t node, uint32_t entry, unsigned hops);
unsigned svk__sim_hops_at(const svk_sim *s, uint32_t node, uint32_t entry);

/* svk__sim_decide carries out s->acts for node (err: the tree's call's),
 * then empties them. */
int svk__sim_decide(svk_sim *s, uint32_t node, int err) SVK_WUR;

/* svk__sim_gossip handles a PUSH, DIGEST, PRUNE, GRAFT, TIMER or FLUSH. */
int svk__sim_gossip(svk_sim *s, const svk__sim_ev *ev) SVK_WUR;

/* svk__sim_links_event handles a SYNC_TICK, SYNC_ASK, SYNC_GIVE or RELINK. */
int svk__sim_links_event(svk_sim *s, const svk__sim_ev *ev) SVK_WUR;

/* svk__sim_links_start works out the first partners (k > 0), brings the
 * links up and starts each node's catch-up rounds. */
int svk__sim_links_start(svk_sim *s) SVK_WUR;

/* svk__sim_links_fini frees what the links part holds. */
void svk__sim_links_fini(svk_sim *s);

/* svk__sim_link_up brings the link between a and b up (both up, partners)
 * in both trees, and starts a catch-up round each way. */
int svk__sim_link_up(svk_sim *s, uint32_t a, uint32_t b) SVK_WUR;

/* svk__sim_is_partner tells whether b is among a's partners. */
bool svk__sim_is_partner(const svk_sim *s, uint32_t a, uint32_t b);

#endif
