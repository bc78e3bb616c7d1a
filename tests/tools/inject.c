/*
 * inject.c: a test tool that plays a partner's PUB socket.
 *
 *   svk-inject --pub URL --db FILE [--seq N] [--repeat K]
 *              [--corrupt-sig] [--garbage] [--wait-ms MS]
 *
 * It binds a PUB socket at URL (where a daemon under test subscribes, since
 * the roster names it), waits until a subscriber is connected, and publishes
 * every envelope in FILE's log (or only those with seq N) as gossip, each K
 * times; --corrupt-sig flips a bit of each signature first; --garbage sends
 * random bytes instead. The multi-node tests use it to send a daemon what an
 * honest node never would.
 */
#include <nng/nng.h>
#include <nng/protocol/pubsub0/pub.h>
#include <nng/supplemental/util/platform.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "samverk.pb-c.h"

static volatile int subscribers;

static void
on_pipe(nng_pipe p, nng_pipe_ev ev, void *arg)
{
	(void)p;
	(void)arg;
	__atomic_add_fetch(&subscribers, ev == NNG_PIPE_EV_ADD_POST ? 1 : -1,
	    __ATOMIC_SEQ_CST);
}

static int
send_gossip(nng_socket s, const uint8_t *env, size_t len, int corrupt)
{
	Samverk__Envelope *e = NULL;
	Samverk__Gossip g;
	uint8_t *copy = NULL;
	nng_msg *msg;
	int rv;

	if (corrupt) {
		if ((e = samverk__envelope__unpack(NULL, len, env)) == NULL ||
		    e->sig.len == 0)
			return 1;
		e->sig.data[0] ^= 0x01;
		len = samverk__envelope__get_packed_size(e);
		if ((copy = malloc(len)) == NULL)
			return 1;
		(void)samverk__envelope__pack(e, copy);
		env = copy;
	}
	samverk__gossip__init(&g);
	g.item_case = SAMVERK__GOSSIP__ITEM_ENTRY;
	g.entry.data = (uint8_t *)env;
	g.entry.len = len;
	size_t n = samverk__gossip__get_packed_size(&g);
	if ((rv = nng_msg_alloc(&msg, n)) == 0) {
		(void)samverk__gossip__pack(&g, nng_msg_body(msg));
		if ((rv = nng_sendmsg(s, msg, 0)) != 0)
			nng_msg_free(msg);
	}
	if (e)
		samverk__envelope__free_unpacked(e, NULL);
	free(copy);
	return rv != 0;
}

int
main(int argc, char **argv)
{
	const char *url = NULL, *db = NULL;
	long seq = -1, repeat = 1, wait_ms = 5000;
	int corrupt = 0, garbage = 0, sent = 0;
	nng_socket s;
	sqlite3 *conn;
	sqlite3_stmt *stmt;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--pub") == 0 && i + 1 < argc)
			url = argv[++i];
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--seq") == 0 && i + 1 < argc)
			seq = atol(argv[++i]);
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
			repeat = atol(argv[++i]);
		else if (strcmp(argv[i], "--wait-ms") == 0 && i + 1 < argc)
			wait_ms = atol(argv[++i]);
		else if (strcmp(argv[i], "--corrupt-sig") == 0)
			corrupt = 1;
		else if (strcmp(argv[i], "--garbage") == 0)
			garbage = 1;
		else {
			fprintf(stderr, "usage: svk-inject --pub URL (--db FILE | "
					"--garbage) [--seq N] [--repeat K] "
					"[--corrupt-sig] [--wait-ms MS]\n");
			return 2;
		}
	}
	if (url == NULL || (db == NULL && !garbage)) {
		fprintf(stderr, "svk-inject: --pub and --db (or --garbage) needed\n");
		return 2;
	}
	if (nng_pub0_open(&s) != 0 ||
	    nng_pipe_notify(s, NNG_PIPE_EV_ADD_POST, on_pipe, NULL) != 0 ||
	    nng_pipe_notify(s, NNG_PIPE_EV_REM_POST, on_pipe, NULL) != 0 ||
	    nng_listen(s, url, NULL, 0) != 0) {
		fprintf(stderr, "svk-inject: cannot listen on %s\n", url);
		return 1;
	}
	for (long waited = 0; subscribers == 0; waited += 20) {
		if (waited > wait_ms) {
			fprintf(stderr, "svk-inject: nobody subscribed to %s\n", url);
			return 1;
		}
		nng_msleep(20);
	}
	nng_msleep(200); /* let the subscription settle */
	if (garbage) {
		srand((unsigned)time(NULL));
		for (long k = 0; k < repeat; k++) {
			nng_msg *msg;
			size_t n = 1 + (size_t)(rand() % 2000);
			if (nng_msg_alloc(&msg, n) != 0)
				return 1;
			for (size_t i = 0; i < n; i++)
				((uint8_t *)nng_msg_body(msg))[i] = (uint8_t)rand();
			if (nng_sendmsg(s, msg, 0) != 0)
				nng_msg_free(msg);
			sent++;
		}
	} else {
		if (sqlite3_open_v2(db, &conn, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(conn,
			"SELECT envelope FROM log WHERE ?1 < 0 OR seq = ?1 "
			"ORDER BY origin, seq",
			-1, &stmt, NULL) != SQLITE_OK) {
			fprintf(stderr, "svk-inject: cannot read %s\n", db);
			return 1;
		}
		(void)sqlite3_bind_int64(stmt, 1, seq);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			for (long k = 0; k < repeat; k++) {
				if (send_gossip(s, sqlite3_column_blob(stmt, 0),
					(size_t)sqlite3_column_bytes(stmt, 0), corrupt))
					return 1;
				sent++;
			}
		}
		sqlite3_finalize(stmt);
		sqlite3_close(conn);
	}
	nng_msleep(500); /* let the messages leave before closing */
	printf("svk-inject: sent %d\n", sent);
	(void)nng_close(s);
	return 0;
}
