/*
 * capture.c: a test tool that records what a node sends to its partners.
 *
 *   svk-capture --sub URL --out FILE --seconds N
 *   svk-capture --req URL --out FILE --federation HEX
 *
 * --sub dials the node's PUB socket as a partner's SUB would, subscribed to
 * everything, and appends every message it receives to FILE, as received,
 * for N seconds. --req plays a partner that holds nothing: it asks the
 * node's REP socket for catch-up with empty heads (a CatchupRequest naming the
 * federation whose key is HEX, as `samverk id --json` prints it), follows
 * the pages to the end, and appends every reply to FILE. The multi-node test
 * no_personal_data.sh then searches those bytes for volunteers' data.
 */
#include <nng/nng.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samverk.pb-c.h"

#define MAX_MESSAGE (16 * 1024 * 1024)

static int
append(FILE *out, const void *buf, size_t len)
{
	return fwrite(buf, 1, len, out) == len ? 0 : 1;
}

static int
sub(const char *url, FILE *out, long seconds)
{
	nng_socket s;
	nng_time until;
	int rv, n = 0;

	if ((rv = nng_sub0_open(&s)) != 0 ||
	    (rv = nng_socket_set(s, NNG_OPT_SUB_SUBSCRIBE, "", 0)) != 0 ||
	    (rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, MAX_MESSAGE)) != 0 ||
	    (rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 200)) != 0 ||
	    (rv = nng_dial(s, url, NULL, NNG_FLAG_NONBLOCK)) != 0) {
		fprintf(stderr, "svk-capture: cannot subscribe to %s: %s\n", url,
		    nng_strerror(rv));
		return 1;
	}
	until = nng_clock() + (nng_time)seconds * 1000;
	while (nng_clock() < until) {
		nng_msg *msg;
		if ((rv = nng_recvmsg(s, &msg, 0)) == NNG_ETIMEDOUT)
			continue;
		if (rv != 0) {
			fprintf(stderr, "svk-capture: receive: %s\n",
			    nng_strerror(rv));
			return 1;
		}
		rv = append(out, nng_msg_body(msg), nng_msg_len(msg));
		nng_msg_free(msg);
		if (rv != 0)
			return 1;
		n++;
	}
	(void)nng_close(s);
	printf("svk-capture: %d messages from %s\n", n, url);
	return 0;
}

static int
hex_key(const char *hex, uint8_t key[32])
{
	if (strlen(hex) != 64)
		return 1;
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return 1;
		key[i] = (uint8_t)v;
	}
	return 0;
}

static int
req(const char *url, FILE *out, const uint8_t fed[32])
{
	uint8_t digest[32] = {0}, cursor[32];
	uint64_t after = 0;
	int have_cursor = 0, pages = 0, entries = 0, rv;
	nng_socket s;

	if ((rv = nng_req0_open(&s)) != 0 ||
	    (rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, MAX_MESSAGE)) != 0 ||
	    (rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 10000)) != 0 ||
	    (rv = nng_dial(s, url, NULL, 0)) != 0) {
		fprintf(stderr, "svk-capture: cannot reach %s: %s\n", url,
		    nng_strerror(rv));
		return 1;
	}
	for (;;) {
		Samverk__CatchupRequest r = SAMVERK__CATCHUP_REQUEST__INIT;
		Samverk__CatchupReply *rep;
		nng_msg *msg;
		int more;

		r.federation.data = (uint8_t *)fed;
		r.federation.len = 32;
		r.digest.data = digest; /* of nothing we hold: any will do */
		r.digest.len = 32;
		r.max_entries = 2000;
		if (have_cursor) {
			r.after_origin.data = cursor;
			r.after_origin.len = 32;
			r.after_seq = after;
		}
		if ((rv = nng_msg_alloc(&msg,
			 samverk__catchup_request__get_packed_size(&r))) != 0)
			return 1;
		(void)samverk__catchup_request__pack(&r, nng_msg_body(msg));
		if ((rv = nng_sendmsg(s, msg, 0)) != 0 ||
		    (rv = nng_recvmsg(s, &msg, 0)) != 0) {
			fprintf(stderr, "svk-capture: catch-up with %s: %s\n",
			    url, nng_strerror(rv));
			return 1;
		}
		if (append(out, nng_msg_body(msg), nng_msg_len(msg)) != 0)
			return 1;
		rep = samverk__catchup_reply__unpack(NULL, nng_msg_len(msg),
		    nng_msg_body(msg));
		nng_msg_free(msg);
		if (rep == NULL || rep->refused) {
			fprintf(stderr, "svk-capture: %s refused the request\n", url);
			return 1;
		}
		pages++;
		entries += (int)rep->n_entries;
		more = rep->more && rep->next_origin.len == 32;
		if (more) {
			memcpy(cursor, rep->next_origin.data, 32);
			after = rep->next_seq;
			have_cursor = 1;
		}
		samverk__catchup_reply__free_unpacked(rep, NULL);
		if (!more)
			break;
	}
	(void)nng_close(s);
	printf("svk-capture: %d entries in %d pages from %s\n", entries, pages, url);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *sub_url = NULL, *req_url = NULL, *path = NULL, *fed = NULL;
	long seconds = 5;
	uint8_t key[32];
	FILE *out;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--sub") == 0 && i + 1 < argc)
			sub_url = argv[++i];
		else if (strcmp(argv[i], "--req") == 0 && i + 1 < argc)
			req_url = argv[++i];
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strcmp(argv[i], "--federation") == 0 && i + 1 < argc)
			fed = argv[++i];
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atol(argv[++i]);
		else
			goto usage;
	}
	if (path == NULL || (sub_url == NULL) == (req_url == NULL) ||
	    (req_url != NULL && (fed == NULL || hex_key(fed, key) != 0)))
		goto usage;
	if ((out = fopen(path, "ab")) == NULL) {
		fprintf(stderr, "svk-capture: cannot write %s\n", path);
		return 1;
	}
	rc = sub_url ? sub(sub_url, out, seconds) : req(req_url, out, key);
	if (fclose(out) != 0)
		rc = 1;
	return rc;
usage:
	fprintf(stderr,
	    "usage: svk-capture --sub URL --out FILE --seconds N\n"
	    "       svk-capture --req URL --out FILE --federation HEX\n");
	return 2;
}
