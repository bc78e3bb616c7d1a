/*
 * gossip.h: the gossip side of a link to one partner: a SUB socket on its
 * PUB, throttled, whose entries and heartbeats are stored as they come (and
 * relayed when new). The link dials the socket (see links.h) and hears from
 * the gossip through callbacks.
 */
#ifndef SVK_GOSSIP_H
#define SVK_GOSSIP_H

#include <stdbool.h>
#include <uv.h>

#include "config.h"
#include "intake.h"
#include "throttle.h"
#include "watch.h"

/* What a gossip side tells its link, each called with arg. */
typedef struct svk_gossip_ops {
	void (*seen)(void *arg);   /* a message passed the throttle */
	void (*gap)(void *arg);	   /* an entry showed a gap: catch up */
	void (*closed)(void *arg); /* after svk_gossip_close */
} svk_gossip_ops;

typedef struct svk_gossip {
	svk_watch sub;
	svk_throttle throttle; /* a flooding partner */
	svk_intake *ing;
	const svk_config *cfg;
	const char *label; /* the partner's name for the log */
	bool up;	   /* the subscription is connected */
	svk_gossip_ops ops;
	void *arg;
} svk_gossip;

/* svk_gossip_open opens g's SUB socket, subscribed to everything; label
 * must outlive g. After a failure too, close g with svk_gossip_close. */
int svk_gossip_open(svk_gossip *g, uv_loop_t *loop, svk_intake *ing,
    const svk_config *cfg, const char *label, const svk_gossip_ops *ops,
    void *arg) SVK_WUR;

/* svk_gossip_close closes the socket; ops.closed runs once that is done
 * (see svk_watch_close), and then g's memory may go. */
void svk_gossip_close(svk_gossip *g);

/* svk_gossip_socket gives the SUB socket, to dial. */
nng_socket svk_gossip_socket(const svk_gossip *g);

/* svk_gossip_set_up records whether the subscription is connected and
 * tells whether that changed. */
bool svk_gossip_set_up(svk_gossip *g, bool up);

/* svk_gossip_is_up tells whether the subscription is connected. */
bool svk_gossip_is_up(const svk_gossip *g);

#endif
