/* watch.c: nng sockets polled from the libuv loop. See watch.h. */
#include "watch.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Closes in flight across the process, and since when there has been one
 * without a pause (monotonic ms); under lock. */
static pthread_mutex_t closing_lock = PTHREAD_MUTEX_INITIALIZER;
static int closing;
static int64_t closing_since_ms;

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
	w->loop = loop;
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

static int64_t
mono_ms(void)
{
	return (int64_t)(uv_hrtime() / 1000000);
}

static void
closing_count(int by)
{
	(void)pthread_mutex_lock(&closing_lock);
	if (closing == 0)
		closing_since_ms = mono_ms();
	closing += by;
	(void)pthread_mutex_unlock(&closing_lock);
}

int64_t
svk_watch_closing_ms(int64_t now_ms)
{
	int64_t ms;

	(void)pthread_mutex_lock(&closing_lock);
	ms = closing > 0 ? now_ms - closing_since_ms : 0;
	(void)pthread_mutex_unlock(&closing_lock);
	return ms > 0 ? ms : 0;
}

/* One hold of w's close is over; the last runs the owner's callback. */
static void
release(svk_watch *w)
{
	if (--w->holds == 0 && w->closed)
		w->closed(w);
}

static void
handle_closed(uv_handle_t *h)
{
	release(h->data);
}

/* What a closing thread needs: it must not touch the watch, whose memory
 * goes once the loop has heard from it. */
struct closing {
	nng_socket sock;
	uv_async_t *done;
};

static void *
close_apart(void *arg)
{
	struct closing *c = arg;

	(void)nng_close(c->sock);
	closing_count(-1);
	/* libuv's uv_close of done waits for a send in progress to end. */
	(void)uv_async_send(c->done);
	free(c);
	return NULL;
}

static void
on_closed_apart(uv_async_t *h)
{
	uv_close((uv_handle_t *)h, handle_closed);
}

/* Starts closing w's socket on a thread of its own; -1 when that cannot
 * be done (the caller closes it itself). */
static int
close_socket_apart(svk_watch *w)
{
	struct closing *c = malloc(sizeof(*c));
	pthread_attr_t attr;
	pthread_t t;
	int rv;

	if (c == NULL)
		return -1;
	if (uv_async_init(w->loop, &w->done, on_closed_apart) != 0) {
		free(c);
		return -1;
	}
	w->done.data = w;
	c->sock = w->sock;
	c->done = &w->done;
	closing_count(1);
	rv = pthread_attr_init(&attr);
	if (rv == 0) {
		(void)pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		rv = pthread_create(&t, &attr, close_apart, c);
		(void)pthread_attr_destroy(&attr);
	}
	if (rv != 0) {
		closing_count(-1);
		free(c);
		/* Not sent, so closing it now calls back at once, later. */
		w->holds++;
		uv_close((uv_handle_t *)&w->done, handle_closed);
		return -1;
	}
	return 0;
}

void
svk_watch_close(svk_watch *w, void (*closed)(svk_watch *))
{
	w->closed = closed;
	w->holds = 1; /* this function's own */
	if (w->watching) {
		/* Stopped before nng closes the descriptor, on whichever
		 * thread: libuv forgets the descriptor here and now. */
		(void)uv_poll_stop(&w->poll);
		w->watching = false;
		w->holds++;
		uv_close((uv_handle_t *)&w->poll, handle_closed);
	}
	if (w->open) {
		w->open = false;
		if (w->loop != NULL && close_socket_apart(w) == 0)
			w->holds++;
		else
			(void)nng_close(w->sock);
	}
	release(w);
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
