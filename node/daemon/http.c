/*
 * http.c: the HTTP server: libmicrohttpd on the daemon's loop through its
 * epoll descriptor, its limits, and the routes to the page (page.c), the
 * API (api.c) and the metrics (metrics.c). See http.h.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api.h"
#include "http_reply.h"
#include "metrics.h"
#include "page.h"
#include "say.h"
#include "web.h"

#define HTTP_CONNECTIONS 64
#define HTTP_TIMEOUT_S 10
#define HTTP_REQUEST_MEMORY (32 * 1024) /* headers and all of a request */

struct svk_http {
	struct MHD_Daemon *mhd;
	uv_poll_t poll;
	uv_timer_t timer;
	int closing;
	svk_home *home;
	svk_config cfg;
	void (*stats)(void *arg, svk_http_stats *s);
	void *arg;
};

/* /metrics: the daemon's counters as they are now, and the store's. */
static enum MHD_Result
metrics(svk_http *h, struct MHD_Connection *c)
{
	svk_http_stats s = {0};

	if (h->stats)
		h->stats(h->arg, &s);
	return svk_metrics_respond(c, h->home, &h->cfg, &s);
}

/* The web app's pages (node/web/), for an anonymous reader: the language
 * it asked for by cookie or Accept-Language. The request side with
 * sessions (webauth) replaces this. */
static enum MHD_Result
web(struct MHD_Connection *c, const char *method, const char *url, svk_http *h)
{
	const svk_web_who who = {
	    .role = SVK_WEB_ANONYMOUS,
	    .lang_cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "lang"),
	    .accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
	};
	return svk_web_respond(c, method, url, &who, NULL, h->home, &h->cfg);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **req)
{
	svk_http *h = cls;
	(void)version;
	(void)upload;

	if (*req == NULL) {
		/* First call: headers only. Answer once any body is drained. */
		*req = h;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0; /* nothing here takes a body: drop it */
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return svk_http_reply_text(c, 405, "only GET\n");
	if (strcmp(url, "/status") == 0)
		return svk_page_respond(c, h->home, &h->cfg);
	if (strcmp(url, "/api/status") == 0)
		return svk_api_status(c, h->home, &h->cfg);
	if (strcmp(url, "/api/federation") == 0)
		return svk_api_federation(c, h->home);
	if (strcmp(url, "/api/practices") == 0)
		return svk_api_entities(c, h->home, SVK_KIND_PRACTICE);
	if (strcmp(url, "/api/needs") == 0)
		return svk_api_entities(c, h->home, SVK_KIND_NEED);
	if (strcmp(url, "/api/indicators") == 0)
		return svk_api_indicators(c, h->home);
	if (strcmp(url, "/metrics") == 0)
		return metrics(h, c);
	if (strncmp(url, "/api/", 5) == 0)
		return svk_http_reply_text(c, 404, "not found\n");
	return web(c, method, url, h);
}

static void on_timer(uv_timer_t *t);

static void
run(svk_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms = 1000;

	(void)MHD_run(h->mhd);
	if (MHD_get_timeout(h->mhd, &ms) != MHD_YES || ms > 1000)
		ms = 1000;
	(void)uv_timer_start(&h->timer, on_timer, ms, 0);
}

static void
on_timer(uv_timer_t *t)
{
	run(t->data);
}

static void
on_ready(uv_poll_t *p, int status, int events)
{
	(void)status;
	(void)events;
	run(p->data);
}

/* Parses "127.0.0.1:7480" or "[::1]:7480". */
static int
parse_addr(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(text, ':');
	long port;
	char *end;

	if (colon == NULL || (size_t)(colon - text) >= sizeof(host))
		return -EINVAL;
	port = strtol(colon + 1, &end, 10);
	if (*end || port <= 0 || port > 65535)
		return -EINVAL;
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		host[strlen(host) - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
			return -EINVAL;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a);
		return 0;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
		return -EINVAL;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*len = sizeof(*a);
	return 0;
}

static void
closed(uv_handle_t *handle)
{
	svk_http *h = handle->data;
	if (--h->closing == 0)
		free(h);
}

int
svk_http_start(svk_http **out, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, void (*stats)(void *arg, svk_http_stats *s), void *arg)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	const union MHD_DaemonInfo *info;
	svk_http *h;
	int fd, one = 1, err;

	if ((err = parse_addr(cfg->http, &ss, &sslen)) != 0)
		return err;
	/* Bind it ourselves, so a port in use is told plainly. */
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		 0)) < 0)
		return -errno;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sslen) != 0 || listen(fd, 64) != 0) {
		err = -errno;
		(void)close(fd);
		return err;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		(void)close(fd);
		return -ENOMEM;
	}
	h->home = home;
	h->cfg = *cfg;
	h->stats = stats;
	h->arg = arg;
	h->mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_SUPPRESS_DATE_NO_CLOCK,
	    0, NULL, NULL, handle, h, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_REQUEST_MEMORY,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)16, MHD_OPTION_END);
	if (h->mhd == NULL) {
		(void)close(fd);
		free(h);
		return SVK_ENET;
	}
	info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (info == NULL || uv_poll_init(loop, &h->poll, info->epoll_fd) != 0) {
		MHD_stop_daemon(h->mhd);
		free(h);
		return SVK_ENET;
	}
	(void)uv_timer_init(loop, &h->timer);
	h->poll.data = h->timer.data = h;
	h->closing = 2;
	(void)uv_poll_start(&h->poll, UV_READABLE, on_ready);
	(void)uv_timer_start(&h->timer, on_timer, 1000, 0);
	if (!svk_config_is_loopback(cfg->http))
		svk_say_warn("the status page listens on %s, beyond this machine",
		    cfg->http);
	*out = h;
	return 0;
}

void
svk_http_stop(svk_http *h)
{
	if (h == NULL)
		return;
	(void)uv_poll_stop(&h->poll);
	(void)uv_timer_stop(&h->timer);
	MHD_stop_daemon(h->mhd);
	uv_close((uv_handle_t *)&h->poll, closed);
	uv_close((uv_handle_t *)&h->timer, closed);
}
