/*
 * catchup.c: how fast a fresh node catches up, and how fast an entry travels.
 *
 *   build/bench/catchup [ENTRIES] [LATENCY-SAMPLES] [--local]
 *   (defaults 100000, 200; --local: the in-process figures 1-3 alone)
 *
 * 1. The single-core rate of Ed25519 verification of entry-sized bodies.
 * 2. The store bound: A's entries, decoded beforehand, stored into a fresh
 *    member store by one thread in pages of 1000: no network, no crypto.
 * 3. Ingest: the same from the envelopes, each page authenticated by its
 *    runs (chain.h) and stored, one thread, no network.
 * 4. Node A holds ENTRIES practices; a fresh node B joins and its daemon
 *    catches up from A's daemon over tcp on 127.0.0.1: entries per second,
 *    the ratio to (2), and B's peak RSS during it and its RSS once idle.
 *    Real `samverk run` processes.
 * 5. Propagation: A's store gets one new entry at a time (as `practice add`
 *    would write it); time until it is in B's store; p50 and p99.
 * Figures are printed; nothing is asserted.
 */
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "home.h"
#include "log.h"
#include "roster.h"
#include "chain.h"
#include "ingest.h"
#include "search_later.h"
#include "store_meta.h"

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This process's CPU time: the in-process figures are quoted with it too,
 * since on a shared machine wall time also counts other processes. */
static double
cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, int err)
{
	fprintf(stderr, "bench: %s: %s\n", what, svk_error_str(err));
	exit(1);
}

static int
free_port(void)
{
	struct sockaddr_in a = {
	    .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		die("free port", -errno);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static double
verify_rate(void)
{
	enum { N = 20000, LEN = 400 };
	svk_identity *id;
	static uint8_t body[LEN], sig[N][SVK_SIG_LEN];
	int err;

	if ((err = svk_crypto_identity_generate(&id)) != 0)
		die("key", err);
	for (int i = 0; i < N; i++) {
		memcpy(body, &i, sizeof(i));
		if (svk_crypto_sign(id, SVK_TAG_ENTRY, body, LEN, sig[i]) != 0)
			die("sign", SVK_ECRYPTO);
	}
	double t = now_s();
	for (int i = 0; i < N; i++) {
		memcpy(body, &i, sizeof(i));
		if (svk_crypto_verify(svk_crypto_identity_public(id),
			SVK_TAG_ENTRY, body, LEN, sig[i]) != 0)
			die("verify", SVK_EBADSIG);
	}
	t = now_s() - t;
	svk_crypto_identity_free(id);
	return N / t;
}

static void
make_node(const char *dir, const char *name, const char *cc, svk_config *cfg)
{
	char path[4200];
	int err;

	svk_config_defaults(cfg);
	snprintf(cfg->pub, sizeof(cfg->pub), "tcp://127.0.0.1:%d", free_port());
	snprintf(cfg->catchup, sizeof(cfg->catchup), "tcp://127.0.0.1:%d",
	    free_port());
	snprintf(cfg->http, sizeof(cfg->http), "127.0.0.1:%d", free_port());
	cfg->log_level = 1;
	if ((err = svk_home_create(dir, name, cc)) != 0)
		die("init", err);
	snprintf(path, sizeof(path), "%s/samverk.conf", dir);
	if ((err = svk_config_save(cfg, path)) != 0)
		die("config", err);
}

static void
add_practice(svk_home *h, const char *id, int i)
{
	Samverk__Practice p = SAMVERK__PRACTICE__INIT;
	Samverk__Body body = SAMVERK__BODY__INIT;
	char title[80], summary[400];
	char *areas[] = {"youth", "education"};
	int err;

	snprintf(title, sizeof(title), "Praksis nummer %d for frivillige", i);
	snprintf(summary, sizeof(summary),
	    "Elever uddannes på et lokalt kursus og skaber relationer på tværs "
	    "af alder, køn og sociale skel; forløb %d med frivillige og "
	    "professionelle på samme hold i kommunen.",
	    i);
	p.id = (char *)id;
	p.lang = "da";
	p.title = title;
	p.summary = summary;
	p.areas = areas;
	p.n_areas = 2;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	if ((err = svk_log_append(h->store, h->id, &body, NULL, NULL)) != 0)
		die("append", err);
}

static pid_t
run_daemon(const char *samverk, const char *dir)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl(samverk, samverk, "--dir", dir, "run", "--log-level",
		    "warn", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int64_t
held(const char *dir)
{
	char path[4200];
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int64_t n = -1;

	snprintf(path, sizeof(path), "%s/samverk.db", dir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT coalesce(sum(head), 0) FROM heads", -1,
		&stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return n;
}

/* Rows of the search index dir's store still waits for; -1 on error. */
static int64_t
search_later(const char *dir)
{
	char path[4400];
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int64_t n = -1;

	snprintf(path, sizeof(path), "%s/samverk.db", dir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM search_later", -1, &stmt,
		NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return n;
}

/* A's envelopes, in log order, as catch-up pages would carry them. */
struct collect {
	uint8_t **env;
	size_t *len;
	size_t n, cap;
};

static int
collect(void *arg, const uint8_t *origin, uint64_t seq, const uint8_t *env, size_t len)
{
	struct collect *c = arg;
	(void)origin;
	(void)seq;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		if ((c->env = realloc(c->env, c->cap * sizeof(*c->env))) == NULL ||
		    (c->len = realloc(c->len, c->cap * sizeof(*c->len))) == NULL)
			return -ENOMEM;
	}
	if ((c->env[c->n] = malloc(len)) == NULL)
		return -ENOMEM;
	memcpy(c->env[c->n], env, len);
	c->len[c->n++] = len;
	return 0;
}

/* A fresh member store of A's federation, with A's roster in it. */
static svk_home *
member_store(svk_home *ha, const char *dir, const struct collect *c)
{
	svk_home *h;
	svk_entry *e;
	bool fresh;
	int err;

	if ((err = svk_home_create(dir, "Ingest", "FI")) != 0 ||
	    (err = svk_home_open(&h, dir)) != 0 ||
	    (err = svk_log_join(h->store, h->id,
		 svk_crypto_identity_public(ha->id))) != 0)
		die("ingest store", err);
	for (size_t i = 0; i < c->n; i++) {
		if ((err = svk_entry_decode(c->env[i], c->len[i], &e)) != 0)
			die("roster", err);
		if (e->body->payload_case == SAMVERK__BODY__PAYLOAD_ROSTER &&
		    ((err = svk_entry_check_sig(e)) != 0 ||
			(err = svk_ingest_entry(h->store, e, &fresh)) != 0))
			die("roster", err);
		svk_entry_free(e);
	}
	return h;
}

enum { PAGE = 1000 };

/* Stores page[0..n), as the daemon's catch-up does: one transaction, in
 * bulk mode. */
static void
store_page(svk_home *h, svk_entry **page, const int *errs, size_t n)
{
	bool fresh;
	int err;

	if ((err = svk_store_bulk(h->store, true)) != 0 ||
	    (err = svk_store_begin(h->store)) != 0)
		die("begin", err);
	for (size_t j = 0; j < n; j++) {
		if (page[j] == NULL)
			die("page", errs[j]);
		err = svk_ingest_entry(h->store, page[j], &fresh);
		if (err != 0 && err != SVK_EFORK)
			die("ingest", err);
	}
	if ((err = svk_store_commit(h->store)) != 0 ||
	    (err = svk_store_bulk(h->store, false)) != 0)
		die("commit", err);
}

/* The search rows bulk mode left for later, written as the daemon does
 * when idle. */
static void
index_later(svk_home *h, size_t entries)
{
	double t = now_s(), cpu = cpu_s();
	uint64_t n;
	bool more = true;
	int err;

	if ((err = svk_search_later_count(h->store, &n)) != 0)
		die("search later", err);
	while (more)
		if ((err = svk_search_later_run(h->store, 500, &more)) != 0)
			die("search later", err);
	t = now_s() - t;
	cpu = cpu_s() - cpu;
	printf("index:       %llu search rows (of %zu entries) written later "
	       "in %.2f s: %.0f/s; %.0f/s of CPU\n",
	    (unsigned long long)n, entries, t, n / t, n / cpu);
}

/* The store bound: rows decoded beforehand, stored by one thread. */
static double
store_bound(svk_home *ha, const char *dir, const struct collect *c)
{
	svk_home *h = member_store(ha, dir, c);
	svk_entry **e = calloc(c->n, sizeof(*e));
	int *errs = calloc(c->n, sizeof(*errs));
	int err;

	if (e == NULL || errs == NULL)
		die("store bound", -ENOMEM);
	for (size_t i = 0; i < c->n; i++)
		if ((err = svk_entry_decode(c->env[i], c->len[i], &e[i])) != 0)
			die("decode", err);
	double t = now_s(), cpu = cpu_s();
	for (size_t i = 0; i < c->n; i += PAGE)
		store_page(h, e + i, errs + i, c->n - i < PAGE ? c->n - i : PAGE);
	t = now_s() - t;
	cpu = cpu_s() - cpu;
	for (size_t i = 0; i < c->n; i++)
		svk_entry_free(e[i]);
	free(e);
	free(errs);
	printf("store:       %zu rows stored in %.2f s: %.0f/s; %.0f/s of CPU "
	       "(the bound: one thread, decoded beforehand, no network, no "
	       "crypto, the search rows left for later)\n",
	    c->n, t, c->n / t, c->n / cpu);
	index_later(h, c->n);
	svk_home_close(h);
	return c->n / t;
}

/* Ingest: each page authenticated by its runs, then stored. */
static void
ingest_alone(svk_home *ha, const char *dir, const struct collect *c)
{
	svk_home *h = member_store(ha, dir, c);
	svk_entry *page[PAGE];
	int errs[PAGE];
	svk_chain_stats cs;
	uint64_t sigs = 0;

	double t = now_s(), cpu = cpu_s();
	for (size_t i = 0; i < c->n; i += PAGE) {
		size_t n = c->n - i < PAGE ? c->n - i : PAGE;
		svk_chain_open((const uint8_t *const *)c->env + i, c->len + i, n,
		    page, errs, &cs);
		sigs += cs.sigs;
		store_page(h, page, errs, n);
		for (size_t j = 0; j < n; j++)
			svk_entry_free(page[j]);
	}
	t = now_s() - t;
	cpu = cpu_s() - cpu;
	printf("ingest:      %zu entries authenticated (%llu signatures) and "
	       "stored in %.2f s: %.0f/s; %.0f/s of CPU (one thread, no "
	       "network)\n",
	    c->n, (unsigned long long)sigs, t, c->n / t, c->n / cpu);
	svk_home_close(h);
}

/* A figure of /proc/PID/status in MB ("VmHWM", "VmRSS"); -1 if gone. */
static double
rss_mb(pid_t pid, const char *field)
{
	char path[64], line[256];
	double mb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, strlen(field)) == 0 &&
		    line[strlen(field)] == ':')
			mb = atof(line + strlen(field) + 1) / 1024.0;
	fclose(f);
	return mb;
}

/* CPU seconds (user + system) pid has used: the whole process, or its main
 * thread (the daemon's loop) when loop is set; -1 if gone. */
static double
cpu_of(pid_t pid, bool loop)
{
	char path[96], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;
	size_t n;

	if (loop)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid,
		    (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Fields 14 and 15, counted after the command's closing parenthesis. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
		&ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	int entries = argc > 1 ? atoi(argv[1]) : 100000;
	int samples = argc > 2 ? atoi(argv[2]) : 200;
	char tmpl[] = "/tmp/svk-bench.XXXXXX", a[4200], b[4200], samverk[4200];
	char cmd[4300];
	svk_config ca, cb;
	svk_home *ha, *hb;
	Samverk__Roster *r;
	Samverk__Member m = SAMVERK__MEMBER__INIT;
	int err;

	if (svk_crypto_init() != 0 || mkdtemp(tmpl) == NULL)
		die("setup", -errno);
	snprintf(samverk, sizeof(samverk), "%s",
	    getenv("SAMVERK") ? getenv("SAMVERK") : "./samverk");
	snprintf(a, sizeof(a), "%s/A", tmpl);
	snprintf(b, sizeof(b), "%s/B", tmpl);

	double vrate = verify_rate();
	printf("verify:      %.0f Ed25519 verifications/s on one core\n", vrate);

	make_node(a, "Middelfart Kommune", "DK", &ca);
	make_node(b, "Örebro kommun", "SE", &cb);
	if ((err = svk_home_open(&ha, a)) != 0 || (err = svk_home_open(&hb, b)) != 0)
		die("open", err);
	if ((err = svk_log_join(ha->store, ha->id,
		 svk_crypto_identity_public(ha->id))) != 0 ||
	    (err = svk_roster_current(ha->store, &r)) != 0)
		die("federation", err);
	m.key.data = (uint8_t *)svk_crypto_identity_public(ha->id);
	m.key.len = SVK_KEY_LEN;
	m.name = ha->name;
	m.country = ha->country;
	m.pub = ca.pub;
	m.catchup = ca.catchup;
	if ((err = svk_roster_put(r, &m)) != 0)
		die("roster", err);
	m.key.data = (uint8_t *)svk_crypto_identity_public(hb->id);
	m.name = hb->name;
	m.country = hb->country;
	m.pub = cb.pub;
	m.catchup = cb.catchup;
	if ((err = svk_roster_put(r, &m)) != 0 ||
	    (err = svk_roster_publish(ha, r, SVK_ROSTER_LIFETIME_MS)) != 0)
		die("roster", err);
	protobuf_c_message_free_unpacked(&r->base, NULL);

	double t = now_s();
	for (int i = 0; i < entries; i += 1000) {
		if ((err = svk_store_begin(ha->store)) != 0)
			die("begin", err);
		for (int j = i; j < i + 1000 && j < entries; j++) {
			char id[32];
			snprintf(id, sizeof(id), "p-%d", j);
			add_practice(ha, id, j);
		}
		if ((err = svk_store_commit(ha->store)) != 0)
			die("commit", err);
	}
	printf("authoring:   %d entries at A in %.1f s (%.0f/s, 1000 per transaction)\n",
	    entries, now_s() - t, entries / (now_s() - t));
	if ((err = svk_store_meta_set(hb->store, "bootstrap_peer", ca.catchup)) != 0 ||
	    (err = svk_log_join(hb->store, hb->id,
		 svk_crypto_identity_public(ha->id))) != 0)
		die("join", err);
	int64_t total = held(a);
	double sbound;
	{
		struct collect c = {0};
		char dir[4300];

		if ((err = svk_log_each(ha->store, NULL, 0, 0, collect, &c)) != 0)
			die("collect", err);
		snprintf(dir, sizeof(dir), "%s/S", tmpl);
		sbound = store_bound(ha, dir, &c);
		snprintf(dir, sizeof(dir), "%s/I", tmpl);
		ingest_alone(ha, dir, &c);
		for (size_t i = 0; i < c.n; i++)
			free(c.env[i]);
		free(c.env);
		free(c.len);
		snprintf(cmd, sizeof(cmd), "rm -rf %s/S %s/I", tmpl, tmpl);
		if (system(cmd) != 0)
			fprintf(stderr, "bench: could not remove %s/S\n", tmpl);
	}

	if (argc > 3 && strcmp(argv[3], "--local") == 0) {
		svk_home_close(ha);
		svk_home_close(hb);
		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
		return system(cmd) != 0;
	}
	pid_t pa = run_daemon(samverk, a);
	usleep(300000);
	t = now_s();
	pid_t pb = run_daemon(samverk, b);
	int64_t got = 0;
	double peak = 0;
	while ((got = held(b)) < total) {
		if (now_s() - t > 1200) {
			fprintf(stderr, "bench: catch-up stalled at %lld of %lld\n",
			    (long long)got, (long long)total);
			break;
		}
		usleep(50000);
	}
	double ct = now_s() - t;
	double crate = got / ct;
	double bcpu = cpu_of(pb, false), bloop = cpu_of(pb, true);
	double acpu = cpu_of(pa, false);
	peak = rss_mb(pb, "VmHWM");
	printf("catch-up:    %lld entries A->B in %.2f s: %.0f entries/s "
	       "(includes B's start and link set-up; target >= 45000)\n",
	    (long long)got, ct, crate);
	printf("ratio:       catch-up / store bound = %.2f (target >= 0.90); "
	       "catch-up / verify = %.2f\n",
	    crate / sbound, crate / vrate);
	/* On a shared machine the wall rate counts the others' load too: what
	 * B's CPU did is a figure of its own. */
	printf("cpu:         B used %.2f s of CPU (its loop %.2f s): %.0f entries "
	       "per CPU-second, %.0f per loop-second; A served with %.2f s\n",
	    bcpu, bloop, got / bcpu, got / bloop, acpu);
	/* B writes the search rows it left for later once catch-up is idle. */
	int64_t later;
	while ((later = search_later(b)) > 0 && now_s() - t < 1800)
		usleep(50000);
	printf("search:      B finds every record %.2f s after it began "
	       "(%.2f s after it held them all)%s\n",
	    now_s() - t, now_s() - t - ct, later > 0 ? " (gave up)" : "");
	/* Idle: B holds everything; what it keeps once the pages are gone. */
	for (int i = 0; i < 50; i++)
		usleep(100000);
	printf("rss:         B peak %.1f MB during catch-up (target < 64); "
	       "idle %.1f MB holding %lld entries (target < 24)\n",
	    peak, rss_mb(pb, "VmRSS"), (long long)got);

	/* Propagation latency: one entry at a time. */
	double *lat = calloc((size_t)samples, sizeof(*lat));
	for (int i = 0; i < samples && lat; i++) {
		char id[32];
		int64_t before = held(b);
		snprintf(id, sizeof(id), "lat-%d", i);
		t = now_s();
		add_practice(ha, id, i);
		while (held(b) <= before && now_s() - t < 5)
			usleep(200);
		lat[i] = (now_s() - t) * 1000;
		usleep(5000);
	}
	if (lat) {
		qsort(lat, (size_t)samples, sizeof(*lat), cmp_double);
		printf("propagation: A->B over %d entries: p50 %.1f ms, p99 %.1f ms, "
		       "max %.1f ms\n",
		    samples, lat[samples / 2], lat[samples * 99 / 100],
		    lat[samples - 1]);
	}
	free(lat);
	kill(pa, SIGTERM);
	kill(pb, SIGTERM);
	waitpid(pa, NULL, 0);
	waitpid(pb, NULL, 0);
	svk_home_close(ha);
	svk_home_close(hb);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "bench: could not remove %s\n", tmpl);
	return 0;
}
