/*
 * http_stats.h: the counters the daemon keeps in memory and hands the HTTP
 * server for /metrics. A header of its own so that metrics.c can read them
 * without depending on the server (http.h includes it).
 */
#ifndef SVK_HTTP_STATS_H
#define SVK_HTTP_STATS_H

#include <stdint.h>

#include "intake.h"
#include "publish.h" /* svk_publish_peers_fn */

/* Counters the daemon keeps in memory, for /metrics. */
typedef struct svk_http_stats {
	int64_t started_ms;
	uint64_t peers;
	uint64_t peers_up;
	uint64_t catchup_rounds;
	uint64_t catchup_checked, catchup_signatures;
	uint64_t catchup_served;
	uint64_t catchup_bytes_in;
	uint64_t catchup_bytes_out;
	uint64_t published;
	uint64_t relayed;
	uint64_t ingested;
	svk_intake_counts gossip;  /* duplicates, signatures, heartbeat writes */
	int store_writable;	   /* 0 while the daemon cannot write its store */
	const char *store_problem; /* why not, or NULL */
	/* The daemon's links as they are now, listed by links(links_arg), or
	 * NULL: the time of each partner's last message, for /metrics. */
	svk_publish_peers_fn links;
	void *links_arg;
} svk_http_stats;

#endif
