/*
 * http.h: the daemon's HTTP server: a status page for people (/, page.h),
 * JSON for tools (/api/..., api.h), and /metrics in Prometheus text format
 * (metrics.h, with the counters of http_stats.h).
 *
 * libmicrohttpd runs without threads of its own: its epoll descriptor is
 * watched by the daemon's libuv loop, so handlers read the store on the
 * loop like everything else, and a slow or half-open client costs a
 * connection slot (bounded, with a timeout), never the loop.
 */
#ifndef SVK_HTTP_H
#define SVK_HTTP_H

#include <uv.h>

#include "config.h"
#include "home.h"
#include "http_stats.h" /* svk_http_stats */

typedef struct svk_http svk_http;

/* svk_http_start serves HTTP on cfg->http from loop. stats (may be NULL) is
 * called with arg to fill in the counters for /metrics; wrote (may be NULL)
 * with arg after a form of the web app was posted, which may have added
 * entries to this node's log (the daemon does not see its own connection's
 * writes by the store's data version: it publishes them then). Errors:
 * -errno from binding the address (-EADDRINUSE for a port already taken),
 * -EINVAL for an address that does not parse. *out is freed by
 * svk_http_stop. */
int svk_http_start(svk_http **out, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, void (*stats)(void *arg, svk_http_stats *s),
    void (*wrote)(void *arg), void *arg) SVK_WUR;

/* svk_http_stop closes the server and its handles; the memory goes in the
 * handles' close callbacks, so run the loop afterwards. NULL does nothing. */
void svk_http_stop(svk_http *h);

#endif
