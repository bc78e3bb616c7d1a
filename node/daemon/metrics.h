/*
 * metrics.h: /metrics, the node's state in the Prometheus text format
 * (version 0.0.4): the daemon's counters, the entries held per origin, what
 * was rejected, and each member's heartbeat.
 */
#ifndef SVK_METRICS_H
#define SVK_METRICS_H

#include <microhttpd.h>

#include "config.h"
#include "home.h"
#include "http_stats.h"

/* svk_metrics_respond answers c with the metrics of home and the counters
 * s. MHD_NO if the response cannot be made. */
enum MHD_Result svk_metrics_respond(struct MHD_Connection *c, svk_home *home,
    const svk_config *cfg, const svk_http_stats *s) SVK_WUR;

#endif
