/*
 * inject.c: a test tool that plays a partner's PUB socket.
 *
 *   svk-inject --pub URL --db FILE [--seq N] [--repeat K]
 *              [--corrupt-sig] [--mutate KIND] [--garbage] [--wait-ms MS]
 *   svk-inject --req URL --federation HEX --max N
 *   svk-inject --rep URL --empty-more [--wait-ms MS]
 *
 * --mutate breaks each envelope the way a hostile peer might while keeping
 * it valid protobuf: short-origin (31 bytes), short-sig (63 bytes), seq0,
 * huge-seq (2^62), truncate (the envelope cut in half), oversize (2 MiB of
 * padding in the body). --req asks a REP endpoint for catch-up pages of N
 * entries (a billion, say) and prints how many entries and bytes came back.
 * --rep plays a partner's REP endpoint for MS ms (default 5000) that answers
 * every page request with an empty page marked "more" (its cursor moving on,
 * so only the emptiness is wrong), and prints how many requests it answered.
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
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
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

/* Repacks env after breaking it as kind says; NULL when kind is unknown. */
static uint8_t *
mutate(const uint8_t *env, size_t len, const char *kind, size_t *outlen)
{
	Samverk__Envelope *e = samverk__envelope__unpack(NULL, len, env);
	Samverk__Body *b =
	    e ? samverk__body__unpack(NULL, e->body.len, e->body.data) : NULL;
	uint8_t *out = NULL, *body = NULL;

	if (b == NULL)
		goto done;
	if (strcmp(kind, "truncate") == 0) {
		*outlen = len / 2;
		if ((out = malloc(*outlen ? *outlen : 1)) != NULL)
			memcpy(out, env, *outlen);
		goto done;
	}
	if (strcmp(kind, "short-origin") == 0)
		b->origin.len = 31;
	else if (strcmp(kind, "short-sig") == 0)
		e->sig.len = 63;
	else if (strcmp(kind, "seq0") == 0)
		b->seq = 0;
	else if (strcmp(kind, "huge-seq") == 0)
		b->seq = 1ULL << 62;
	else if (strcmp(kind, "oversize") == 0 &&
		 b->payload_case == SAMVERK__BODY__PAYLOAD_PRACTICE) {
		char *big = malloc(2 * 1024 * 1024 + 1);
		if (big == NULL)
			goto done;
		memset(big, 'x', 2 * 1024 * 1024);
		big[2 * 1024 * 1024] = '\0';
		free(b->practice->results);
		b->practice->results = big;
	} else
		goto done;
	size_t n = samverk__body__get_packed_size(b);
	if ((body = malloc(n)) == NULL)
		goto done;
	(void)samverk__body__pack(b, body);
	free(e->body.data);
	e->body.data = body;
	e->body.len = n;
	body = NULL;
	*outlen = samverk__envelope__get_packed_size(e);
	if ((out = malloc(*outlen)) != NULL)
		(void)samverk__envelope__pack(e, out);
done:
	free(body);
	if (b)
		samverk__body__free_unpacked(b, NULL);
	if (e)
		samverk__envelope__free_unpacked(e, NULL);
	return out;
}

/* Asks rep for catch-up pages of max entries; prints what came back. */
static int
ask(const char *url, const char *fedhex, unsigned long max)
{
	Samverk__CatchupRequest req = SAMVERK__CATCHUP_REQUEST__INIT;
	Samverk__CatchupReply *rep;
	uint8_t fed[32], digest[32] = {0};
	nng_socket s;
	nng_msg *msg;
	int rv;

	for (int i = 0; i < 32; i++)
		if (sscanf(fedhex + 2 * i, "%2hhx", &fed[i]) != 1)
			return 2;
	req.federation.data = fed;
	req.federation.len = 32;
	req.digest.data = digest;
	req.digest.len = 32;
	req.max_entries = (uint32_t)max;
	if ((rv = nng_req0_open(&s)) != 0 ||
	    (rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, 64 * 1024 * 1024)) != 0 ||
	    (rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 10000)) != 0 ||
	    (rv = nng_dial(s, url, NULL, 0)) != 0) {
		fprintf(stderr, "svk-inject: cannot reach %s: %s\n", url,
		    nng_strerror(rv));
		return 1;
	}
	size_t n = samverk__catchup_request__get_packed_size(&req);
	if ((rv = nng_msg_alloc(&msg, n)) != 0)
		return 1;
	(void)samverk__catchup_request__pack(&req, nng_msg_body(msg));
	if ((rv = nng_sendmsg(s, msg, 0)) != 0 || (rv = nng_recvmsg(s, &msg, 0)) != 0) {
		fprintf(stderr, "svk-inject: no reply: %s\n", nng_strerror(rv));
		return 1;
	}
	rep = samverk__catchup_reply__unpack(NULL, nng_msg_len(msg),
	    nng_msg_body(msg));
	if (rep == NULL) {
		fprintf(stderr, "svk-inject: the reply does not decode\n");
		return 1;
	}
	printf("svk-inject: reply of %zu bytes, %zu entries, more %d, refused %d\n",
	    nng_msg_len(msg), rep->n_entries, rep->more, rep->refused);
	samverk__catchup_reply__free_unpacked(rep, NULL);
	nng_msg_free(msg);
	(void)nng_close(s);
	return 0;
}

/* Answers catch-up requests on url for ms: the digest-only one with "send
 * your heads", every other with an empty page that says more follow. */
static int
serve_empty_more(const char *url, long ms)
{
	nng_socket s;
	nng_msg *msg;
	uint8_t origin[32];
	uint64_t next_seq = 0;
	long requests = 0;
	nng_time end = nng_clock() + (nng_time)ms;
	int rv;

	memset(origin, 0x01, sizeof(origin));
	if ((rv = nng_rep0_open(&s)) != 0 ||
	    (rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, 1024 * 1024)) != 0 ||
	    (rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 100)) != 0 ||
	    (rv = nng_listen(s, url, NULL, 0)) != 0) {
		fprintf(stderr, "svk-inject: cannot listen on %s: %s\n", url,
		    nng_strerror(rv));
		return 1;
	}
	while (nng_clock() < end) {
		Samverk__CatchupReply rep = SAMVERK__CATCHUP_REPLY__INIT;
		Samverk__CatchupRequest *req;
		if (nng_recvmsg(s, &msg, 0) != 0)
			continue;
		req = samverk__catchup_request__unpack(NULL, nng_msg_len(msg),
		    nng_msg_body(msg));
		nng_msg_free(msg);
		if (req == NULL)
			continue;
		requests++;
		if (req->federation.len == 0) {
			rep.need_heads = true;
		} else {
			rep.more = true;
			rep.next_origin.data = origin;
			rep.next_origin.len = sizeof(origin);
			rep.next_seq = ++next_seq;
		}
		samverk__catchup_request__free_unpacked(req, NULL);
		size_t n = samverk__catchup_reply__get_packed_size(&rep);
		if (nng_msg_alloc(&msg, n) != 0)
			return 1;
		(void)samverk__catchup_reply__pack(&rep, nng_msg_body(msg));
		if (nng_sendmsg(s, msg, 0) != 0)
			nng_msg_free(msg);
	}
	printf("svk-inject: answered %ld requests\n", requests);
	(void)nng_close(s);
	return 0;
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
	const char *url = NULL, *db = NULL, *kind = NULL, *req = NULL, *fed = NULL;
	const char *rep = NULL;
	unsigned long max = 1000;
	long seq = -1, repeat = 1, wait_ms = 5000;
	int corrupt = 0, garbage = 0, empty_more = 0, sent = 0;
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
		else if (strcmp(argv[i], "--mutate") == 0 && i + 1 < argc)
			kind = argv[++i];
		else if (strcmp(argv[i], "--req") == 0 && i + 1 < argc)
			req = argv[++i];
		else if (strcmp(argv[i], "--rep") == 0 && i + 1 < argc)
			rep = argv[++i];
		else if (strcmp(argv[i], "--empty-more") == 0)
			empty_more = 1;
		else if (strcmp(argv[i], "--federation") == 0 && i + 1 < argc)
			fed = argv[++i];
		else if (strcmp(argv[i], "--max") == 0 && i + 1 < argc)
			max = strtoul(argv[++i], NULL, 10);
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
	if (rep != NULL)
		return empty_more ? serve_empty_more(rep, wait_ms) : 2;
	if (req != NULL)
		return fed && strlen(fed) == 64 ? ask(req, fed, max) : 2;
	if (url == NULL || (db == NULL && !garbage)) {
		fprintf(stderr, "svk-inject: --pub and --db (or --garbage) needed\n");
		return 2;
	}
	/* A deep queue: the test means every message to arrive. */
	if (nng_pub0_open(&s) != 0 ||
	    nng_socket_set_int(s, NNG_OPT_SENDBUF, 8192) != 0 ||
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
			const uint8_t *env = sqlite3_column_blob(stmt, 0);
			size_t len = (size_t)sqlite3_column_bytes(stmt, 0);
			uint8_t *broken = NULL;
			if (kind != NULL) {
				if ((broken = mutate(env, len, kind, &len)) == NULL) {
					fprintf(stderr,
					    "svk-inject: cannot --mutate %s\n", kind);
					return 2;
				}
				env = broken;
			}
			for (long k = 0; k < repeat; k++) {
				if (send_gossip(s, env, len, corrupt)) {
					free(broken);
					return 1;
				}
				sent++;
			}
			free(broken);
		}
		sqlite3_finalize(stmt);
		sqlite3_close(conn);
	}
	nng_msleep(500); /* let the messages leave before closing */
	printf("svk-inject: sent %d\n", sent);
	(void)nng_close(s);
	return 0;
}
