/*
 * watch.h: an nng socket joined to the daemon's libuv loop. nng makes a
 * socket's receive side pollable through a descriptor; a uv_poll_t on it
 * tells the loop when messages wait, and the watch hands each to on_msg on
 * the loop's thread. Also: nng's error codes as Samverk's.
 *
 * nng_close can block for good in nng 1.5.2 (a pipe whose send was cut
 * between two pieces never finishes its teardown in nng's reaper thread,
 * and nng_close waits for every pipe of its socket), so a watch closes its
 * socket on a thread of its own: the loop goes on, and the owner's closed
 * callback runs once the socket really is closed. A close that never ends
 * is counted (svk_watch_closing_ms) so that the daemon can restart itself.
 */
#ifndef SVK_WATCH_H
#define SVK_WATCH_H

#include <nng/nng.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
	uv_loop_t *loop;
	uv_async_t done; /* the closing thread's word that sock is closed */
	int holds;	 /* what svk_watch_close still waits for */
};

/* svk_watch_open opens an nng socket with open_fn, sets its receive limit
 * and, if on_msg is set, joins its receive descriptor to loop. After a
 * failure too, w must be closed with svk_watch_close. */
int svk_watch_open(svk_watch *w, uv_loop_t *loop, int (*open_fn)(nng_socket *),
    size_t max_recv, svk_watch_fn on_msg, void *owner) SVK_WUR;

/* svk_watch_close stops watching and closes the socket on a thread of its
 * own (on the caller's when no thread can be made); closed (if not NULL)
 * runs on the loop once the socket and the poll handle are both closed, or
 * at once when there was nothing to wait for. Then w's memory may go. */
void svk_watch_close(svk_watch *w, void (*closed)(svk_watch *));

/* svk_watch_closing_ms gives how long (ms, monotonic clock now_ms) sockets
 * have been closing without a pause: 0 when none is, and ever more while
 * one close never ends. */
int64_t svk_watch_closing_ms(int64_t now_ms);

/* svk_watch_socket gives w's socket, to send on or to dial and listen. */
nng_socket svk_watch_socket(const svk_watch *w);

/* svk_watch_is_open tells whether w's socket is open. */
bool svk_watch_is_open(const svk_watch *w);

/* svk_watch_owner gives the owner given to svk_watch_open. */
void *svk_watch_owner(const svk_watch *w);

/* svk_watch_err converts an nng error to a Samverk code (0 stays 0). */
int svk_watch_err(int rv);

#endif
