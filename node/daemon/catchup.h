/*
 * catchup.h: the requester's side of catch-up in the daemon. Each link has
 * a REQ socket on its partner's REP and runs rounds over it (the protocol
 * is node/wire/catchup_wire.h); the pages that come back are verified on libuv's
 * thread pool and stored on the loop in the order they came, one
 * transaction a page, by one FIFO shared by every link. The link dials the
 * socket (see links.h) and hears from its catch-up side through callbacks.
 */
#ifndef SVK_CATCHUP_H
#define SVK_CATCHUP_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "config.h"
#include "intake.h"
#include "publish.h"
#include "catchup_page.h"
#include "catchup_round.h"
#include "catchup_wire.h"
#include "say.h"
#include "throttle.h"
#include "watch.h"

#define SVK_CATCHUP_MAX_JOBS 4	      /* verified pages waiting for the store */
#define SVK_CATCHUP_TIMEOUT_MS 20000  /* a reply later than this is lost */
#define SVK_CATCHUP_BUSY_TRIES 100    /* "busy" replies a round takes, at most */
#define SVK_CATCHUP_BUSY_MAX_MS 10000 /* longest "busy" wait honoured */
#define SVK_CATCHUP_PACE 0.9 /* of [limits] peer_requests: the asker's pace */

/* The order of pages: a FIFO whose head leaves only once it is verified,
 * so pages are stored in arrival order however verification finishes. */
typedef struct svk_catchup_job {
	struct svk_catchup_job *next;
	bool verified;
	bool last; /* the round's last page */
} svk_catchup_job;

typedef struct svk_catchup_queue {
	svk_catchup_job *head, *tail;
	int n;
} svk_catchup_queue;

/* svk_catchup_queue_push appends job (verified false) to q. */
void svk_catchup_queue_push(svk_catchup_queue *q, svk_catchup_job *job);

/* svk_catchup_queue_pop takes the head of q if it is verified; NULL when q
 * is empty or its head is still being verified. */
svk_catchup_job *svk_catchup_queue_pop(svk_catchup_queue *q);

/* svk_catchup_queue_len gives the jobs in q. */
int svk_catchup_queue_len(const svk_catchup_queue *q);

typedef struct svk_catchup_link svk_catchup_link;

/* What is shared by every link's catch-up. */
typedef struct svk_catchup {
	uv_loop_t *loop;
	svk_intake *ing;
	svk_publish *pub;
	const svk_config *cfg;
	svk_catchup_queue queue;
	svk_catchup_link *links;
	bool stopping;
	uint64_t rounds;
	uint64_t bytes_in, bytes_out;	/* the REQ side's */
	uint64_t checked, sigs;		/* entries of pages checked; signatures */
	void (*bulk_stored)(void *arg); /* a big page was stored in bulk mode */
	void *bulk_arg;
} svk_catchup;

/* What a link's catch-up tells its link, each called with arg. */
typedef struct svk_catchup_ops {
	void (*seen)(void *arg);    /* a reply came */
	void (*changed)(void *arg); /* a round ended: the peers table is stale */
	void (*closed)(void *arg);  /* after svk_catchup_link_close */
} svk_catchup_ops;

/* How a round ended. */
typedef enum {
	SVK_CATCHUP_COMPLETE, /* in sync with the partner */
	SVK_CATCHUP_FAILED,  /* given up: error, timeout, a partner misbehaving */
	SVK_CATCHUP_BOUNDED, /* its pages or bytes ran out: more to come */
} svk_catchup_outcome;

/* One link's catch-up. A round sends one request at a time; the next one
 * may wait on the link's timer: for its pace (under the partner's throttle),
 * for a partner that said "busy", or for a pipe to be ready. */
struct svk_catchup_link {
	svk_catchup *c;
	svk_catchup_link *next;
	svk_watch req;
	uv_timer_t timer; /* the next request's wait */
	bool timer_open;
	int closing; /* handles still to close */
	const char *label;
	svk_catchup_ops ops;
	void *arg;
	bool up;	   /* the REQ socket is connected */
	bool syncing;	   /* a round runs */
	bool again;	   /* asked for while a round runs */
	bool send_pending; /* next request waits for the store */
	bool outstanding;  /* a request is out; its reply is not in */
	bool waiting;	   /* the next request waits on the timer */
	unsigned tries;	   /* times the next request could not be sent yet */
	unsigned busy;	   /* "busy" replies this round */
	svk_catchup_outcome outcome; /* of the round, once its last page is in */
	int64_t sent_ms;
	svk_catchup_wire_round round;
	svk_catchup_round_budget budget;
	svk_throttle pace; /* this node's own requests on the link */
	double pace_rate;  /* a second; lower after "busy" replies */
	svk_say_limit say; /* the partner's misbehaviour, told */
	int jobs;	   /* its pages not yet stored */
	uint64_t rounds, received, round_received;
	int64_t last_catchup_ms;
};

/* svk_catchup_init sets c up to store through ing and tell pub of news. */
void svk_catchup_init(svk_catchup *c, uv_loop_t *loop, svk_intake *ing,
    svk_publish *pub, const svk_config *cfg);

/* svk_catchup_stop drops the pages still waiting (catch-up fetches them
 * again next time) and starts no more rounds. */
void svk_catchup_stop(svk_catchup *c);

/* svk_catchup_fini frees what is left once the loop has run out. */
void svk_catchup_fini(svk_catchup *c);

/* svk_catchup_link_open opens l's REQ socket; label must outlive l. After
 * a failure too, close l with svk_catchup_link_close. */
int svk_catchup_link_open(svk_catchup_link *l, svk_catchup *c, const char *label,
    const svk_catchup_ops *ops, void *arg) SVK_WUR;

/* svk_catchup_link_close closes the socket and forgets l's pages in the
 * queue; ops.closed runs once that is done, then l's memory may go. */
void svk_catchup_link_close(svk_catchup_link *l);

/* svk_catchup_link_socket gives the REQ socket, to dial. */
nng_socket svk_catchup_link_socket(const svk_catchup_link *l);

/* svk_catchup_link_set_up records whether the REQ socket is connected and
 * tells whether that changed. */
bool svk_catchup_link_set_up(svk_catchup_link *l, bool up);

/* svk_catchup_link_busy tells whether a round runs or its pages wait to be
 * stored. */
bool svk_catchup_link_busy(const svk_catchup_link *l);

/* svk_catchup_link_flowing tells whether l's round is busy and bringing
 * pages in: its pages wait to be stored, or its request went out less
 * than SVK_CATCHUP_FLOW_MS ago (now: the wall clock, ms). A round whose
 * answer is late (a request lost, a partner gone) is not. */
#define SVK_CATCHUP_FLOW_MS 5000
bool svk_catchup_link_flowing(const svk_catchup_link *l, int64_t now);

/* svk_catchup_link_is_up tells whether the REQ socket is connected. */
bool svk_catchup_link_is_up(const svk_catchup_link *l);

/* svk_catchup_link_round starts a round, or marks one to follow the round in
 * progress; nothing while the link is down (its coming up starts one). A
 * round waiting for its link to be ready sends at once. */
void svk_catchup_link_round(svk_catchup_link *l);

/* svk_catchup_link_stats gives l's rounds, the entries received, and when
 * its last complete round ended (0: never). */
void svk_catchup_link_stats(const svk_catchup_link *l, uint64_t *rounds,
    uint64_t *received, int64_t *last_sync_ms);

/* svk_catchup_counts gives the rounds begun and the bytes read and written
 * by every link so far. */
void svk_catchup_counts(const svk_catchup *c, uint64_t *rounds,
    uint64_t *bytes_in, uint64_t *bytes_out);

/* svk_catchup_busy tells whether a round is going on with any partner or
 * pages wait to be stored. */
bool svk_catchup_busy(void *c);

/* svk_catchup_checks gives the entries of pages checked so far and the
 * signatures that cost (one per run of a big page, chain.h). */
void svk_catchup_checks(const svk_catchup *c, uint64_t *entries, uint64_t *sigs);

/* svk_catchup_link_tick gives up a round whose reply is overdue. */
void svk_catchup_link_tick(svk_catchup_link *l, int64_t now);

#endif
