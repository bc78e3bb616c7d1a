/* watch.c: nng sockets polled from the libuv loop. See watch.h. */
#include "watch.h"

#include <errno.h>
#include <string.h>

int
svk_watch_err(int rv)
{
	switch (rv) {
	case 0: return 0;
	case NNG_ENOMEM: return -ENOMEM;
	case NNG_EADDRINUSE: return -EADDRINUSE;
	case NNG_EADDRINVAL: return -EINVAL;
	case NNG_EINVAL: return -EINVAL;
	case NNG_ENOTSUP: return -ENOTSUP;
	case NNG_EPERM: return -EPERM;
	case NNG_ECONNREFUSED: return -ECONNREFUSED;
	case NNG_EAGAIN: return -EAGAIN;
	case NNG_EMSGSIZE: return SVK_ETOOBIG;
	default: return SVK_ENET;
	}
}

static void
on_readable(uv_poll_t *h, int status, int events)
{
	svk_watch *w = h->data;
	nng_msg *msg;

	(void)events;
	if (status < 0)
		return;
	/* Drain: the descriptor stays readable while messages wait. Bounded,
	 * so one busy socket cannot starve the others. */
	for (int i = 0; i < 256 && w->open; i++) {
		if (nng_recvmsg(w->sock, &msg, NNG_FLAG_NONBLOCK) != 0)
			break;
		w->on_msg(w, msg);
	}
}

int
svk_watch_open(svk_watch *w, uv_loop_t *loop, int (*open_fn)(nng_socket *),
    size_t max_recv, svk_watch_fn on_msg, void *owner)
{
	int rv, fd;

	memset(w, 0, sizeof(*w));
	w->owner = owner;
	w->on_msg = on_msg;
	if ((rv = open_fn(&w->sock)) != 0)
		return svk_watch_err(rv);
	w->open = true;
	if ((rv = nng_socket_set_size(w->sock, NNG_OPT_RECVMAXSZ, max_recv)) != 0)
		return svk_watch_err(rv);
	if (on_msg == NULL)
		return 0;
	if ((rv = nng_socket_get_int(w->sock, NNG_OPT_RECVFD, &fd)) != 0)
		return svk_watch_err(rv);
	if ((rv = uv_poll_init(loop, &w->poll, fd)) != 0)
		return rv;
	w->watching = true;
	w->poll.data = w;
	return uv_poll_start(&w->poll, UV_READABLE, on_readable);
}

static void
watch_closed(uv_handle_t *h)
{
	svk_watch *w = h->data;
	if (w->closed)
		w->closed(w);
}

void
svk_watch_close(svk_watch *w, void (*closed)(svk_watch *))
{
	w->closed = closed;
	if (w->watching)
		(void)uv_poll_stop(&w->poll); /* before nng closes the descriptor */
	if (w->open) {
		(void)nng_close(w->sock);
		w->open = false;
	}
	if (w->watching) {
		w->watching = false;
		uv_close((uv_handle_t *)&w->poll, watch_closed);
	} else if (closed) {
		closed(w);
	}
}

nng_socket
svk_watch_socket(const svk_watch *w)
{
	return w->sock;
}

bool
svk_watch_is_open(const svk_watch *w)
{
	return w->open;
}

void *
svk_watch_owner(const svk_watch *w)
{
	return w->owner;
}
