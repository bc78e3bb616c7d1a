/*
 * links_alive.h: whether one socket of a link is alive, decided without
 * sockets (the clock is passed in). nng says when a pipe comes and goes,
 * but a pipe can stay "up" on a connection that is dead: a silent cut
 * (packets dropped) or a publisher that lost it (after a reset the
 * subscriber stays ESTABLISHED while the publisher has no socket). A
 * partner publishes a heartbeat every interval, so a subscription that
 * hears nothing for a few intervals is dead. And nng 1.5.2 does not always
 * redial (a connection closed in its TLS handshake ends the dialer), so a
 * socket that stays down is dialled anew. links.c acts on the verdicts.
 */
#ifndef SVK_LINKS_ALIVE_H
#define SVK_LINKS_ALIVE_H

#include <stdbool.h>
#include <stdint.h>

/* What to do with a socket now. */
typedef enum {
	SVK_LINKS_ALIVE_OK,	/* nothing */
	SVK_LINKS_ALIVE_REDIAL, /* down for the deadline: dial it anew */
	SVK_LINKS_ALIVE_DEAD,	/* up, but silent for the deadline: close it */
} svk_links_alive_verdict;

/* One socket's liveness; embedded in its link. */
typedef struct svk_links_alive {
	int64_t deadline_ms; /* silence (or downtime) allowed */
	bool heard;	     /* the partner speaks on it unasked (SUB) */
	bool up;
	int64_t since_ms; /* when it came up or went down, or was redialled */
	int64_t heard_ms; /* the last message on it */
	int64_t down_ms;  /* when it went down (a redial does not move it) */
} svk_links_alive;

/* svk_links_alive_init sets a up for a socket just dialled at now, down;
 * heard: whether silence on it means death (a subscription). */
void svk_links_alive_init(svk_links_alive *a, int64_t deadline_ms, bool heard,
    int64_t now);

/* svk_links_alive_set_up records a pipe coming (up) or going at now. */
void svk_links_alive_set_up(svk_links_alive *a, bool up, int64_t now);

/* svk_links_alive_heard records a message at now. */
void svk_links_alive_heard(svk_links_alive *a, int64_t now);

/* svk_links_alive_check gives the verdict at now. REDIAL and DEAD count as
 * done: a's clock starts again at now, down (DEAD) or still down
 * (REDIAL), so the next verdict comes a deadline later at the earliest. */
svk_links_alive_verdict svk_links_alive_check(svk_links_alive *a, int64_t now);

/* svk_links_alive_offline tells whether a has been down for the deadline
 * at now, redialled or not: the partner is taken as offline (plan.h). */
bool svk_links_alive_offline(const svk_links_alive *a, int64_t now);

/* svk_links_alive_silent_ms gives how long a has heard nothing at now
 * (since it came up, when it never heard anything); 0 when down. */
int64_t svk_links_alive_silent_ms(const svk_links_alive *a, int64_t now);

#endif
