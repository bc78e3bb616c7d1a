/*
 * main.c: build/sim, the simulator's report (see sim.h).
 *
 *   build/sim [--loss P] [--entries E] [NODES ...]   (default 1000 10000)
 *
 * For each federation size: every node links to the partners bounded
 * links choose (k = 6), E entries (default 40) are written one a second at
 * random nodes, and the report says whether every node received every one,
 * the hops to the farthest node and on average, and the messages received
 * per node per entry (the first entry, which finds every link eager and
 * prunes the tree into shape, apart from the rest), and again for E
 * entries written 25 ms apart (their announcements batched). Then 20 % of
 * the nodes
 * leave at once; E/2 entries are written while they are away; they come
 * back, and the report says how long, in catch-up intervals, until every
 * node holds every entry. Figures are printed; nothing is asserted (the
 * Check suite tests/test_sim.c asserts).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"

static double
wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
fail(const char *what, int err)
{
	fprintf(stderr, "sim: %s: %s\n", what, svk_error_str(err));
	return 1;
}

/* Writes n entries every_ms apart at random nodes up, then lets them
 * settle for settle_ms: *all tells whether every node up holds every
 * entry. */
static int
write_every(svk_sim *s, size_t nodes, size_t n, int64_t every_ms,
    int64_t settle_ms, bool *all)
{
	size_t entry;
	int err;

	for (size_t i = 0; i < n; i++) {
		size_t node = (size_t)rand() % nodes;
		if ((err = svk_sim_write(s, node, &entry)) == SVK_EINVAL) {
			i--; /* a node down: another */
			continue;
		}
		if (err != 0 || (err = svk_sim_run(s, svk_sim_now(s) + every_ms)) != 0)
			return err;
	}
	if ((err = svk_sim_run(s, svk_sim_now(s) + settle_ms)) != 0)
		return err;
	*all = svk_sim_all_hold(s);
	return 0;
}

static int
write_some(svk_sim *s, size_t nodes, size_t n, int64_t settle_ms, bool *all)
{
	return write_every(s, nodes, n, 1000, settle_ms, all);
}

static void
hops(const svk_sim *s, size_t from, size_t to, unsigned *max, double *mean)
{
	uint64_t total = 0, sum;
	size_t count = 0, n;
	unsigned m;

	*max = 0;
	for (size_t e = from; e < to; e++) {
		svk_sim_hops(s, e, &m, &sum, &n);
		if (m > *max)
			*max = m;
		total += sum;
		count += n;
	}
	*mean = count ? (double)total / (double)count : 0;
}

static void
per_entry(const char *what, const svk_sim_stats *a, const svk_sim_stats *b,
    size_t nodes, size_t entries)
{
	double d = (double)nodes * (double)entries;

	printf("  %s, per node per entry: %.2f copies received (%.2f "
	       "duplicates), %.2f digests holding %.2f ids, %.3f prunes, %.3f "
	       "grafts; %llu entries by catch-up\n",
	    what, (double)(b->pushes - a->pushes) / d,
	    (double)(b->dups - a->dups) / d, (double)(b->digests - a->digests) / d,
	    (double)(b->announced - a->announced) / d,
	    (double)(b->prunes - a->prunes) / d, (double)(b->grafts - a->grafts) / d,
	    (unsigned long long)(b->synced - a->synced));
}

static int
run(size_t nodes, size_t entries, double loss)
{
	svk_sim_config c;
	svk_sim_stats st0, st1, st2, st3;
	svk_sim *s = NULL;
	double t0 = wall_s(), eager = 0, degree = 0, mean;
	unsigned max;
	bool all, all_first, synced;
	size_t away = nodes / 5;
	int64_t back;
	int err;

	svk_sim_defaults(&c, nodes, 2 * entries + entries / 2 + 1);
	c.loss = loss;
	c.seed = nodes;
	srand((unsigned)nodes);
	if ((err = svk_sim_alloc(&s, &c)) != 0)
		return fail("alloc", err);
	printf("== %zu nodes, k = %u, latency %lld+%lld ms, loss %.3f, catch-up "
	       "every %lld s (links worked out in %.1f s)\n",
	    nodes, c.k, (long long)c.latency_ms, (long long)c.jitter_ms, loss,
	    (long long)(c.sync_ms / 1000), wall_s() - t0);
	svk_sim_stats_get(s, &st0);
	if ((err = write_some(s, nodes, 1, 5000, &all_first)) != 0)
		return fail("first entry", err);
	svk_sim_stats_get(s, &st1);
	if ((err = write_some(s, nodes, entries - 1, 10000, &all)) != 0)
		return fail("entries", err);
	svk_sim_stats_get(s, &st2);
	for (size_t i = 0; i < nodes; i++) {
		eager += (double)svk_sim_eager(s, i);
		degree += (double)svk_sim_degree(s, i);
	}
	hops(s, 0, entries, &max, &mean);
	printf("  every node received every entry: %s (first entry: %s)\n",
	    all ? "yes" : "no", all_first ? "yes" : "no");
	printf("  hops to the farthest node: max %u, mean %.2f\n", max, mean);
	printf("  links per node: %.2f, of them eager: %.2f\n", degree / nodes,
	    eager / nodes);
	per_entry("first entry", &st0, &st1, nodes, 1);
	per_entry("the rest", &st1, &st2, nodes, entries - 1);
	/* A burst: the announcements of many entries share their digests. */
	if ((err = write_every(s, nodes, entries, 25, 10000, &all)) != 0)
		return fail("burst", err);
	svk_sim_stats_get(s, &st3);
	printf("  %zu entries in %.1f s reached every node: %s\n", entries,
	    (double)entries * 0.025, all ? "yes" : "no");
	per_entry("in the burst", &st2, &st3, nodes, entries);
	st2 = st3;

	/* 20 % leave at once, entries are written meanwhile, they return. */
	for (size_t i = 0; i < away; i++)
		if ((err = svk_sim_set_up(s, i * 5 + 2, false)) != 0)
			return fail("leave", err);
	if ((err = write_some(s, nodes, entries / 2, 45000, &all)) != 0)
		return fail("entries while away", err);
	printf("  %zu nodes left at once; %zu entries written meanwhile reached "
	       "every node still up: %s\n",
	    away, entries / 2, all ? "yes" : "no");
	svk_sim_stats_get(s, &st3);
	per_entry("while they were away", &st2, &st3, nodes - away, entries / 2);
	for (size_t i = 0; i < away; i++)
		if ((err = svk_sim_set_up(s, i * 5 + 2, true)) != 0)
			return fail("return", err);
	back = svk_sim_now(s);
	if ((err = svk_sim_run_synced(s, back + 10 * c.sync_ms, &synced)) != 0)
		return fail("return", err);
	printf("  they came back: every node holds every entry %s %.2f catch-up "
	       "intervals (%.1f s)\n",
	    synced ? "after" : "NOT after",
	    (double)(svk_sim_now(s) - back) / (double)c.sync_ms,
	    (double)(svk_sim_now(s) - back) / 1000.0);
	printf("  (%.1f s of this machine's time)\n", wall_s() - t0);
	svk_sim_free(s);
	return synced ? 0 : 1;
}

int
main(int argc, char **argv)
{
	size_t entries = 40;
	double loss = 0;
	int rc = 0, sizes = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--loss") == 0 && i + 1 < argc)
			loss = atof(argv[++i]);
		else if (strcmp(argv[i], "--entries") == 0 && i + 1 < argc)
			entries = (size_t)atol(argv[++i]);
		else if (atol(argv[i]) > 1) {
			rc |= run((size_t)atol(argv[i]),
			    entries < 2 ? 2 : entries, loss);
			sizes++;
		} else {
			fprintf(stderr,
			    "usage: sim [--loss P] [--entries E] [NODES ...]\n");
			return 2;
		}
	}
	if (sizes == 0)
		rc = run(1000, entries, loss) | run(10000, entries, loss);
	return rc;
}
