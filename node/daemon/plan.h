/*
 * plan.h: which links the daemon should have, decided without sockets. The
 * links follow the newest roster: one to every active member but this node
 * (only those named in [catchup] peers, when that is set), made anew when its
 * endpoints or certificate change; before any roster, one bootstrap link
 * for catch-up with the peer given at join. Pure: the daemon applies the
 * plan (links.c), the tests check it.
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
} svk_plan_input;

/* svk_plan_make decides the steps, into a new array (*steps, free with
 * free()): first one for each member in roster order, then the bootstrap
 * link's, then the closes; a link not named in any step is kept. */
int svk_plan_make(const svk_plan_input *in, svk_plan_step **steps, size_t *n) SVK_WUR;

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
