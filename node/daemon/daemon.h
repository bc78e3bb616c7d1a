/*
 * daemon.h: `samverk run`, the node's background process.
 *
 * One libuv loop owns all state and the SQLite write connection. nng sockets
 * are joined to it through their pollable descriptors: a PUB socket that
 * publishes new entries, a SUB socket per peer that receives theirs, a REP
 * socket that answers catch-up requests and a REQ socket per peer that asks
 * for them. See DESIGN.md, "Transport".
 */
#ifndef SVK_DAEMON_H
#define SVK_DAEMON_H

#include "config.h"
#include "home.h"

/* svk_daemon_run runs the node in home with configuration cfg until SIGTERM
 * or SIGINT, then shuts down in order and returns 0; or returns an error
 * after logging why it cannot start (an endpoint in use, say). conf_path is
 * re-read on SIGHUP. home stays the caller's. */
int svk_daemon_run(svk_home *home, const svk_config *cfg, const char *conf_path) SVK_WUR;

#endif
