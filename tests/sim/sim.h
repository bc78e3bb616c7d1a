/*
 * sim.h: many Samverk nodes in one process, on a virtual clock and a
 * simulated network, running the daemon's own decision code: which
 * partners each node links to (svk_plan_partners, plan.h) and what it
 * pushes, announces, prunes and grafts (tree.h). What is simulated is only
 * what lies around those decisions: message delivery (latency with jitter,
 * loss, partitions, nodes that are down), liveness as heartbeats would show
 * it (a node seen down or up detect_ms after it changed), and catch-up (each
 * node asks each partner every sync_ms, and as a link comes up, for what
 * it lacks: the last-resort repair). Entries are numbered; a node's store is
 * a bitmap. Deterministic for a seed.
 */
#ifndef SVK_SIM_H
#define SVK_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct svk_sim svk_sim;

typedef struct svk_sim_config {
	size_t nodes;
	size_t max_entries; /* entries that may be written in all */
	unsigned k;	    /* [links] k; 0: links only by svk_sim_connect */
	uint64_t seed;
	int64_t latency_ms, jitter_ms; /* one way: latency + [0, jitter) */
	double loss;		       /* each message lost with this chance */
	int64_t graft_ms, retry_ms;    /* tree.h's timeout_ms and retry_ms */
	int64_t batch_ms;	       /* announcements batched this long */
	int64_t sync_ms;   /* catch-up interval; 0: only as links come up */
	int64_t detect_ms; /* liveness seen this late */
} svk_sim_config;

/* Counts over the whole run (copies counted as received). */
typedef struct svk_sim_stats {
	uint64_t pushes;    /* whole entries received by push or graft */
	uint64_t dups;	    /* of which were held already */
	uint64_t digests;   /* announcement batches received */
	uint64_t announced; /* ids in them */
	uint64_t prunes, grafts;
	uint64_t unanswered; /* grafts a node muted ignored */
	uint64_t syncs;	     /* catch-up requests (and as many replies) */
	uint64_t synced;     /* entries that came by catch-up */
	uint64_t lost;	     /* messages lost or sent to a node down */
	uint64_t relinks;    /* partner sets worked out anew */
} svk_sim_stats;

/* svk_sim_defaults fills c: 20 +- 30 ms latency, no loss, graft after
 * 1 s, retry 0.5 s, batches of 200 ms, catch-up every 30 s, liveness
 * seen in 30 s ([heartbeat] missed = 3 of 10 s), k = 6. */
void svk_sim_defaults(svk_sim_config *c, size_t nodes, size_t max_entries);

/* svk_sim_alloc makes the nodes, all up; with k > 0 their links are those
 * svk_plan_partners chooses. Free with svk_sim_free. -ENOMEM. */
int svk_sim_alloc(svk_sim **out, const svk_sim_config *c) SVK_WUR;

void svk_sim_free(svk_sim *s);

/* svk_sim_connect links a and b (both ways) by hand: for k = 0. -ENOMEM. */
int svk_sim_connect(svk_sim *s, size_t a, size_t b) SVK_WUR;

/* svk_sim_now gives the virtual time, ms. */
int64_t svk_sim_now(const svk_sim *s);

/* svk_sim_write makes node write a new entry now, into *entry (its
 * number). SVK_EINVAL past max_entries or at a node down. */
int svk_sim_write(svk_sim *s, size_t node, size_t *entry) SVK_WUR;

/* svk_sim_run runs events until time until. -ENOMEM. */
int svk_sim_run(svk_sim *s, int64_t until) SVK_WUR;

/* svk_sim_run_synced runs until every node up holds every entry, or time
 * until: *synced tells which. -ENOMEM. */
int svk_sim_run_synced(svk_sim *s, int64_t until, bool *synced) SVK_WUR;

/* svk_sim_set_up takes node down (it keeps its store; its tree starts
 * afresh when it comes back) or brings it back up, now; the others see
 * it detect_ms later. -ENOMEM. */
int svk_sim_set_up(svk_sim *s, size_t node, bool up) SVK_WUR;

/* svk_sim_partition puts node into side (0 for all, healed): messages
 * between nodes on different sides are lost. */
void svk_sim_partition(svk_sim *s, size_t node, int side);

/* svk_sim_cut makes the link between a and b lose every message (a link
 * half broken, its pipe still up), or not. -ENOMEM. */
int svk_sim_cut(svk_sim *s, size_t a, size_t b, bool cut) SVK_WUR;

/* svk_sim_mute makes node ignore every graft it is sent (or not). */
void svk_sim_mute(svk_sim *s, size_t node, bool mute);

/* svk_sim_holders gives how many nodes hold entry. */
size_t svk_sim_holders(const svk_sim *s, size_t entry);

/* svk_sim_holds tells whether node holds entry. */
bool svk_sim_holds(const svk_sim *s, size_t node, size_t entry);

/* svk_sim_all_hold tells whether every node up holds every entry. */
bool svk_sim_all_hold(const svk_sim *s);

/* svk_sim_hops gives, over the nodes that got entry by push, the most hops
 * it took and their sum and count. */
void svk_sim_hops(const svk_sim *s, size_t entry, unsigned *max, uint64_t *sum,
    size_t *n);

/* svk_sim_stats gives the counts so far. */
void svk_sim_stats_get(const svk_sim *s, svk_sim_stats *st);

/* svk_sim_eager gives how many of node's links are eager. */
size_t svk_sim_eager(const svk_sim *s, size_t node);

/* svk_sim_degree gives how many links node has (up). */
size_t svk_sim_degree(const svk_sim *s, size_t node);

#endif
