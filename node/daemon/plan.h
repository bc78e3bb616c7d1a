/*
 * plan.h: which links the daemon should have, decided without sockets. The
 * links follow the newest roster: to the active members but this node that
 * it partners with (see svk_plan_partners; only those named in [catchup]
 * peers, when that is set), made anew when their endpoints or certificate
 * change; before any roster, one bootstrap link for catch-up with the peer
 * given at join. Pure: the daemon applies the plan (links.c), the tests
 * check it.
 *
 * Bounded links ([links] k): every node ranks the other members by a hash
 * of (its key, their key) -- each key hashed once, the two hashes mixed --
 * and chooses the first k of its ranking, and past
 * them the next ones that are online, until k of its choices are online.
 * Any node can work out any other's choice (the keys are public, and who is
 * online travels in the heartbeats), so a node links to the members it
 * chose and to those that chose it: both ends of a choice link to each
 * other. The first k of a ranking never change with liveness, so a member
 * that went offline is dialled still by those that ranked it first and is
 * heard as soon as it is back. Every node choosing k at random gives a graph
 * that is connected with high probability (a random k-out graph, k >= 2)
 * and of small diameter; with k at least the members, every one is chosen.
 */
#ifndef SVK_PLAN_H
#define SVK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "view.h"

/* A link the daemon has now. */
typedef struct svk_plan_link {
	const uint8_t *key; /* SVK_KEY_LEN bytes; ignored for the bootstrap link */
	bool bootstrap;
	const char *pub;
	const char *catchup;
	const char *cert; /* NUL-terminated PEM, or NULL */
} svk_plan_link;

/* What to do. */
typedef enum {
	SVK_PLAN_KEEP,	  /* links[link] stays as it is */
	SVK_PLAN_OPEN,	  /* open a link to member (or the bootstrap link) */
	SVK_PLAN_REPLACE, /* close links[link], then open one to member */
	SVK_PLAN_CLOSE,	  /* close links[link] */
} svk_plan_verb;

typedef struct svk_plan_step {
	svk_plan_verb verb;
	size_t link; /* index into the links (KEEP, REPLACE, CLOSE) */
	const svk_member *member; /* OPEN, REPLACE; NULL for the bootstrap link */
} svk_plan_step;

/* What the plan is made from. */
typedef struct svk_plan_input {
	const svk_plan_link *links; /* the links now */
	size_t n_links;
	const svk_member *members; /* the newest roster's, in its order */
	size_t n_members;
	bool roster_failed;    /* members is what could be read: keep the rest */
	const uint8_t *self;   /* this node's key */
	const char *peers;     /* [catchup] peers: fingerprints, or "" for all */
	const char *bootstrap; /* the bootstrap peer's catch-up endpoint, or NULL */
	unsigned k;	       /* [links] k: partners chosen; 0: every member */
	const bool *online;    /* per member (NULL: none known online) */
} svk_plan_input;

/* svk_plan_make decides the steps, into a new array (*steps, free with
 * free()): first one for each member in roster order, then the bootstrap
 * link's, then the closes; a link not named in any step is kept. */
int svk_plan_make(const svk_plan_input *in, svk_plan_step **steps, size_t *n) SVK_WUR;

/* svk_plan_partners tells, for each of in->members, whether this node
 * links to it by the choice of bounded links (ignoring [catchup] peers):
 * into wanted[0..in->n_members). Members not active, repeated or this node
 * are false. Costs n hashes and some n^2 cheap mixes for n members. */
int svk_plan_partners(const svk_plan_input *in, bool *wanted) SVK_WUR;

/* A roster's members ranked once, for the choices of many of them (the
 * simulator's, tests/sim/, where every node chooses from one roster). */
typedef struct svk_plan_roster svk_plan_roster;

/* svk_plan_roster_alloc hashes the keys of members[0..n) (which must
 * outlive it) for choices of k partners each. Free with
 * svk_plan_roster_free. -ENOMEM. */
int svk_plan_roster_alloc(svk_plan_roster **out, const svk_member *members,
    size_t n, unsigned k) SVK_WUR;

/* svk_plan_roster_free frees r; NULL does nothing. */
void svk_plan_roster_free(svk_plan_roster *r);

/* svk_plan_roster_choice tells whom members[member] chooses itself, online
 * (per member; NULL: all) as given to every one of them: into
 * chosen[0..n). This is one direction of svk_plan_partners, by the same
 * code: a node links to the members it chooses and to those that choose
 * it. Costs n mixes and a sort. */
void svk_plan_roster_choice(svk_plan_roster *r, size_t member, const bool *online,
    bool *chosen);

/* svk_plan_source tells whether a link to url is dialled from a given
 * address, and which (*addr, IPv4, network order): when this node's own
 * endpoint own names one numeric IPv4 address (not 0.0.0.0), so do its
 * dialers, as long as url's host is an IPv4 address on the same side of
 * loopback (127.0.0.0/8) -- partners and firewalls then see the address
 * the node announces, and nodes on 127.0.0.N stay apart. Otherwise the
 * system chooses. */
bool svk_plan_source(const char *own, const char *url, uint32_t *addr);

/* svk_plan_wanted tells whether peers ("" for all, else fingerprints
 * separated by commas or spaces) names key. */
bool svk_plan_wanted(const char *peers, const uint8_t *key);

#endif
