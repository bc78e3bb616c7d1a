/*
 * links.h: the daemon's links to its partners. A link to a member has a
 * gossip side (gossip.h) and a catch-up side (catchup.h), each on a socket
 * dialled here; the bootstrap link (before any roster) has the catch-up
 * side only. The set of links follows the newest roster (plan.h). nng tells
 * of pipes coming and going on its own threads: the news is queued and the
 * loop woken. The peers table (`samverk peers`) is written from here.
 */
#ifndef SVK_LINKS_H
#define SVK_LINKS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "catchup.h"
#include "config.h"
#include "gossip.h"
#include "home.h"
#include "intake.h"
#include "link_tls.h"
#include "publish.h"
#include "say.h"

typedef struct svk_link svk_link;

/* A pipe event from nng's threads, queued for the loop. */
typedef struct svk_links_event {
	uint8_t key[SVK_KEY_LEN];
	bool bootstrap;
	bool req; /* the REQ socket (else the SUB socket) */
	bool up;
	int pipe; /* nng_pipe_id of the pipe that came or went */
} svk_links_event;

typedef struct svk_links {
	uv_loop_t *loop;
	svk_home *home;
	const svk_config *cfg;
	svk_link_tls *tls;
	svk_intake *ing;
	svk_catchup *cu;
	svk_link *head;
	uv_async_t wake;
	bool waking;	      /* wake is initialised */
	pthread_mutex_t lock; /* guards events */
	bool locking;	      /* lock is initialised */
	svk_links_event *events;
	size_t n_events, cap_events;
	bool dirty;	   /* the peers table needs writing */
	bool boot_closing; /* the bootstrap link ends once its round is done */
	bool stopping;
	uint64_t roster_version;
	int64_t looked_ms;	 /* the last look at who is online */
	svk_say_limit down_said; /* links that stay down, warned of */
} svk_links;

/* svk_links_init sets ls up; no link yet (see svk_links_reconcile). After a
 * failure too, close ls with svk_links_close and free it with
 * svk_links_fini once the loop has run out. */
int svk_links_init(svk_links *ls, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, svk_link_tls *tls, svk_intake *ing, svk_catchup *cu) SVK_WUR;

/* svk_links_close marks every link down in the peers table, writes it,
 * closes every link and the wake handle; the loop must run for their close
 * callbacks. */
void svk_links_close(svk_links *ls);

/* svk_links_fini frees the event queue. */
void svk_links_fini(svk_links *ls);

/* svk_links_reconcile makes the links follow the newest roster and the
 * settings (see plan.h). */
void svk_links_reconcile(svk_links *ls);

/* svk_links_roster_moved tells whether the roster in force is another than
 * at the last svk_links_reconcile. */
bool svk_links_roster_moved(svk_links *ls);

/* svk_links_catchup starts a catch-up round on every link. */
void svk_links_catchup(svk_links *ls);

/* svk_links_tick gives up overdue rounds, closes the links that are dead
 * (a subscription silent for [heartbeat] missed intervals) and dials anew
 * the sockets that stay down that long (see links_alive.h), and writes the
 * peers table if it changed. */
void svk_links_tick(svk_links *ls, int64_t now);

#endif
