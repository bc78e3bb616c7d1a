/*
 * bulk.c: a test tool that authors many practices fast.
 *
 *   svk-bulk --dir DIR --count N [--prefix P]
 *
 * Appends N practices (ids P-1 .. P-N, P defaults to "bulk") to the log of
 * the node in DIR, signed by it, 1000 to a transaction: what N runs of
 * `samverk practice add` would write, in a fraction of the time. The
 * multi-node tests use it to give a node tens of thousands of entries.
 * The node's daemon may be running: SQLite keeps the writers apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "home.h"
#include "log.h"

#define BATCH 1000

static int
usage(void)
{
	fprintf(stderr, "usage: svk-bulk --dir DIR --count N [--prefix P]\n");
	return 2;
}

static int
append_one(svk_home *h, const char *prefix, long i)
{
	Samverk__Practice p = SAMVERK__PRACTICE__INIT;
	Samverk__Body body = SAMVERK__BODY__INIT;
	char id[128], title[160];
	char *areas[] = {"volunteering"};

	snprintf(id, sizeof(id), "%s-%ld", prefix, i);
	snprintf(title, sizeof(title), "Bulk practice %ld", i);
	p.id = id;
	p.lang = "en";
	p.title = title;
	p.summary = "A practice written in bulk by the tests.";
	p.areas = areas;
	p.n_areas = 1;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	return svk_log_append(h->store, h->id, &body, NULL, NULL);
}

int
main(int argc, char **argv)
{
	const char *dir = NULL, *prefix = "bulk";
	long count = -1;
	svk_home *h;
	int err = 0;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--dir") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "--count") == 0)
			count = strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--prefix") == 0)
			prefix = argv[i + 1];
		else
			return usage();
	}
	if (dir == NULL || count < 0 || argc % 2 == 0)
		return usage();
	if (svk_crypto_init() != 0 || (err = svk_home_open(&h, dir)) != 0) {
		fprintf(stderr, "svk-bulk: %s: %s\n", dir, svk_error_str(err));
		return 1;
	}
	for (long i = 0; i < count && err == 0; i += BATCH) {
		if ((err = svk_store_begin(h->store)) != 0)
			break;
		for (long j = i; j < i + BATCH && j < count && err == 0; j++)
			err = append_one(h, prefix, j + 1);
		if (err != 0)
			svk_store_rollback(h->store);
		else
			err = svk_store_commit(h->store);
	}
	if (err != 0)
		fprintf(stderr, "svk-bulk: %s: %s\n", dir, svk_error_str(err));
	svk_home_close(h);
	return err != 0;
}
