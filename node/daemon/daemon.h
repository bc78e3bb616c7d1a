/*
 * daemon.h: `samverk run`, the node's background process.
 *
 * One libuv loop owns all state and the SQLite write connection. nng sockets
 * are joined to it through their pollable descriptors: a PUB socket that
 * publishes new entries (publish.h), a SUB socket per peer that receives
 * theirs (gossip.h), a REP socket that answers catch-up requests
 * (responder.h) and a REQ socket per peer that asks for them (catchup.h);
 * links.h keeps the links to the roster's members. See DESIGN.md,
 * "Transport".
 */
#ifndef SVK_DAEMON_H
#define SVK_DAEMON_H

#include <uv.h>

#include "config.h"
#include "home.h"

/* What to do with a damaged store, for the operator. */
#define SVK_DAEMON_REMEDY                                                       \
	"put in its place the last copy made with `samverk "                    \
	"backup` (deploy/PACKAGING.md, Backups), or move it aside, re-create "  \
	"the node with its node.key and samverk.conf and let it fetch its log " \
	"back from its partners"

/* svk_daemon_run runs the node in home with configuration cfg until SIGTERM
 * or SIGINT, then shuts down in order and returns 0; or returns an error
 * after logging why it cannot start (an endpoint in use, say). conf_path is
 * re-read on SIGHUP. home stays the caller's.
 *
 * A damaged store is never served: the full integrity check runs in the
 * background once started, and when it or any read meets damage (see
 * svk_integrity_watch) the daemon logs it at error level, stops and returns
 * SVK_ECORRUPT, so that the service manager shows it failed (and a restart
 * is refused by `run`'s quick check) rather than a node that looks up and
 * serves nothing, or serves a broken log. */
int svk_daemon_run(svk_home *home, const svk_config *cfg, const char *conf_path) SVK_WUR;

typedef struct svk_daemon svk_daemon;

/* svk__daemon_open starts the node on loop (which stays the caller's):
 * listens, links to the roster's members, starts its timers and signal
 * handlers; then the caller runs loop. On failure it logs why, closes what
 * it made (running loop until their close callbacks ran) and returns the
 * error. Shut down with svk__daemon_stop. */
int svk__daemon_open(svk_daemon **out, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, const char *conf_path) SVK_WUR;

/* svk__daemon_stop begins the orderly shutdown (as SIGTERM does): stops
 * accepting, drops pages not yet stored, closes every handle. Run loop
 * until it has no more handles, then free d with svk__daemon_close. */
void svk__daemon_stop(svk_daemon *d);

/* svk__daemon_close frees d once its loop has run out. NULL does nothing. */
void svk__daemon_close(svk_daemon *d);

#endif
