/*
 * http_loop.c: libmicrohttpd driven by the daemon's loop (its epoll
 * descriptor polled, a timer for its timeouts), and the server's memory,
 * freed when the last of its handles and password checks is done. See
 * http-int.h.
 */
#include <sodium.h>
#include <stdlib.h>

#include "http-int.h"

static void on_timer(uv_timer_t *t);

void
svk__http_loop_run(svk_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms = 1000;

	if (h->stopping)
		return;
	(void)MHD_run(h->mhd);
	if (MHD_get_timeout(h->mhd, &ms) != MHD_YES || ms > 1000)
		ms = 1000;
	(void)uv_timer_start(&h->timer, on_timer, ms, 0);
}

static void
on_timer(uv_timer_t *t)
{
	svk__http_loop_run(t->data);
}

void
svk__http_loop_on_ready(uv_poll_t *p, int status, int events)
{
	(void)status;
	(void)events;
	svk__http_loop_run(p->data);
}

bool
svk__http_loop_secure(const svk_http *h)
{
	return h->tls;
}

void
svk__http_loop_unref(svk_http *h)
{
	if (--h->refs != 0)
		return;
	svk_web_session_free(h->sessions);
	svk_web_auth_free(h->auth);
	free(h->cert);
	sodium_free(h->key);
	free(h);
}

void
svk__http_loop_closed(uv_handle_t *handle)
{
	svk__http_loop_unref(handle->data);
}
