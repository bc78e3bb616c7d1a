/*
 * watch.h: an nng socket joined to the daemon's libuv loop. nng makes a
 * socket's receive side pollable through a descriptor; a uv_poll_t on it
 * tells the loop when messages wait, and the watch hands each to on_msg on
 * the loop's thread. Also: nng's error codes as Samverk's.
 */
#ifndef SVK_WATCH_H
#define SVK_WATCH_H

#include <nng/nng.h>
#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "error.h"

typedef struct svk_watch svk_watch;

/* svk_watch_fn takes one received message; it owns msg. */
typedef void (*svk_watch_fn)(svk_watch *w, nng_msg *msg);

/* A socket and its poll handle; embedded in its owner's struct. The fields
 * are the watch's own: use the functions below. */
struct svk_watch {
	nng_socket sock;
	uv_poll_t poll;
	bool open;     /* sock is open */
	bool watching; /* poll is initialised and must be closed */
	svk_watch_fn on_msg;
	void (*closed)(svk_watch *w); /* after svk_watch_close */
	void *owner;
};

/* svk_watch_open opens an nng socket with open_fn, sets its receive limit
 * and, if on_msg is set, joins its receive descriptor to loop. After a
 * failure too, w must be closed with svk_watch_close. */
int svk_watch_open(svk_watch *w, uv_loop_t *loop, int (*open_fn)(nng_socket *),
    size_t max_recv, svk_watch_fn on_msg, void *owner) SVK_WUR;

/* svk_watch_close stops watching and closes the socket; closed (if not
 * NULL) runs once the poll handle is closed too, from libuv's close callback,
 * or at once when there was no handle. Then w's memory may go. */
void svk_watch_close(svk_watch *w, void (*closed)(svk_watch *));

/* svk_watch_socket gives w's socket, to send on or to dial and listen. */
nng_socket svk_watch_socket(const svk_watch *w);

/* svk_watch_is_open tells whether w's socket is open. */
bool svk_watch_is_open(const svk_watch *w);

/* svk_watch_owner gives the owner given to svk_watch_open. */
void *svk_watch_owner(const svk_watch *w);

/* svk_watch_err converts an nng error to a Samverk code (0 stays 0). */
int svk_watch_err(int rv);

#endif
