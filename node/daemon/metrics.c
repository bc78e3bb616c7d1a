/*
 * metrics.c: /metrics in the Prometheus text format: every metric with its
 * HELP and TYPE lines, label values escaped. See metrics.h.
 */
#include "metrics.h"

#include <stdbool.h>
#include <stdio.h>

#include "http_reply.h"
#include "log.h"
#include "report.h"
#include "say.h"
#include "stats.h"

/* Prometheus label values: backslash, quote and newline escaped. */
static void
label(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
metric_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One samverk_entries line: the entries held of one origin. */
static int
entries_metric(void *arg, const uint8_t *origin, uint64_t entries, const char *name)
{
	FILE *f = arg;
	char fpr[SVK_FPR_LEN];

	svk_crypto_fingerprint(origin, fpr);
	fprintf(f, "samverk_entries{origin=");
	label(f, fpr);
	fprintf(f, ",name=");
	label(f, name);
	fprintf(f, "} %llu\n", (unsigned long long)entries);
	return 0;
}

/* A metric of one unlabelled value. */
static void
metric_u64(FILE *f, const char *name, const char *type, const char *help, uint64_t value)
{
	metric_head(f, name, type, help);
	fprintf(f, "%s %llu\n", name, (unsigned long long)value);
}

/* The daemon itself: that it runs, its version and its uptime. */
static void
metrics_daemon(FILE *f, const svk_http_stats *s)
{
	metric_head(f, "samverk_up", "gauge", "1 while the daemon runs.");
	fprintf(f, "samverk_up 1\n");
	metric_head(f, "samverk_build_info", "gauge", "The software version.");
	fprintf(f, "samverk_build_info{version=");
	label(f, SVK_VERSION);
	fprintf(f, "} 1\n");
	metric_head(f, "samverk_uptime_seconds", "gauge",
	    "Seconds since the daemon started.");
	fprintf(f, "samverk_uptime_seconds %lld\n",
	    (long long)(s->started_ms ? (svk_clock_now_ms() - s->started_ms) / 1000 : 0));
}

/* Each fork by origin and seq, and whether this node's authoring is held. */
static void
metrics_forks(FILE *f, json_t *st)
{
	json_t *hold = json_object_get(st, "hold"), *fk;
	size_t i;

	metric_head(f, "samverk_fork", "gauge",
	    "1 for each origin and seq at which two bodies are held.");
	json_array_foreach(json_object_get(st, "forks"), i, fk) {
		const char *origin = json_string_value(json_object_get(fk, "origin"));
		const char *name = json_string_value(json_object_get(fk, "name"));
		fprintf(f, "samverk_fork{origin=");
		label(f, origin ? origin : "");
		fprintf(f, ",name=");
		label(f, name ? name : "");
		fprintf(f, ",seq=\"%lld\"} 1\n",
		    (long long)json_integer_value(json_object_get(fk, "seq")));
	}
	metric_head(f, "samverk_authoring_held", "gauge",
	    "1 while this node's authoring is on hold (its own log is behind "
	    "or forked), with the reason.");
	const char *reason = json_string_value(json_object_get(hold, "reason"));
	fprintf(f, "samverk_authoring_held{reason=");
	label(f, reason ? reason : "none");
	fprintf(f, "} %d\n", json_is_true(json_object_get(hold, "held")) ? 1 : 0);
}

/* What the store holds: entries per origin, rejections and forks. */
static void
metrics_store(FILE *f, svk_home *home, json_t *st, const svk_http_stats *s)
{
	const char *key;
	json_t *v;

	metric_head(f, "samverk_entries", "gauge", "Log entries held, per origin.");
	if (svk_stats_entries_each(home->store, entries_metric, f) != 0)
		svk_say_debug("metrics: cannot count the entries held");
	metric_head(f, "samverk_rejected_total", "counter",
	    "Entries and messages rejected, by reason.");
	json_object_foreach(json_object_get(st, "rejected"), key, v) {
		fprintf(f, "samverk_rejected_total{reason=");
		label(f, key);
		fprintf(f, "} %lld\n", (long long)json_integer_value(v));
	}
	metric_head(f, "samverk_store_writable", "gauge",
	    "1 while the daemon can write its store, 0 while it cannot (a full "
	    "disk: samverk_store_problem says why).");
	/* The daemon knows best; without it, the free space says. */
	fprintf(f, "samverk_store_writable %d\n",
	    s->started_ms ?
		s->store_writable :
		json_is_true(json_object_get(json_object_get(st, "store"), "writable")));
	if (s->store_problem != NULL) {
		metric_head(f, "samverk_store_problem", "gauge",
		    "Why the store cannot be written.");
		fprintf(f, "samverk_store_problem{reason=");
		label(f, s->store_problem);
		fprintf(f, "} 1\n");
	}
	metric_u64(f, "samverk_store_free_bytes", "gauge",
	    "Free space on the store's file system.",
	    (uint64_t)json_integer_value(json_object_get(json_object_get(st, "store"),
		"free_bytes")));
	metric_head(f, "samverk_forks", "gauge", "Origins seen signing a fork.");
	fprintf(f, "samverk_forks %lld\n",
	    (long long)json_integer_value(json_object_get(json_object_get(st, "flagged"),
		"fork")));
	metrics_forks(f, st);
}

/* A counter by kind of gossip message. */
static void
metric_kinds(FILE *f, const char *name, const char *help, uint64_t entries,
    uint64_t beats)
{
	metric_head(f, name, "counter", help);
	fprintf(f, "%s{kind=\"entry\"} %llu\n", name, (unsigned long long)entries);
	fprintf(f, "%s{kind=\"heartbeat\"} %llu\n", name, (unsigned long long)beats);
}

/* The daemon's counters of links, catch-up and gossip. */
static void
metrics_counters(FILE *f, const svk_http_stats *s)
{
	metric_u64(f, "samverk_peers", "gauge", "Partners this node links to.",
	    s->peers);
	metric_u64(f, "samverk_peers_connected", "gauge",
	    "Partners whose links are both up.", s->peers_up);
	metric_u64(f, "samverk_catchup_rounds_total", "counter",
	    "Catch-up rounds asked for by this node.", s->catchup_rounds);
	metric_u64(f, "samverk_catchup_served_total", "counter",
	    "Catch-up requests answered by this node.", s->catchup_served);
	metric_head(f, "samverk_catchup_bytes_total", "counter",
	    "Bytes of catch-up requests and replies.");
	fprintf(f, "samverk_catchup_bytes_total{direction=\"in\"} %llu\n",
	    (unsigned long long)s->catchup_bytes_in);
	fprintf(f, "samverk_catchup_bytes_total{direction=\"out\"} %llu\n",
	    (unsigned long long)s->catchup_bytes_out);
	metric_u64(f, "samverk_published_total", "counter",
	    "Own entries published.", s->published);
	metric_u64(f, "samverk_relayed_total", "counter",
	    "Partners' entries passed on.", s->relayed);
	metric_u64(f, "samverk_ingested_total", "counter",
	    "Partners' entries stored.", s->ingested);
	metric_kinds(f, "samverk_gossip_duplicates_total",
	    "Gossip copies already held, dropped before any signature check.",
	    s->gossip.dup_entries, s->gossip.dup_beats);
	metric_kinds(f, "samverk_gossip_signatures_checked_total",
	    "Signatures of gossip copies checked (those not held already).",
	    s->gossip.sig_entries, s->gossip.sig_beats);
	metric_u64(f, "samverk_heartbeats_stored_total", "counter",
	    "Partners' heartbeats stored.", s->gossip.beats_stored);
	metric_u64(f, "samverk_heartbeat_writes_total", "counter",
	    "Transactions that stored partners' heartbeats (one a second at "
	    "most).",
	    s->gossip.beat_batches);
}

/* A gauge per federation member that has field (an integer), labelled by
 * the member's node, and by its name too if named. */
static void
metrics_members(FILE *f, json_t *fed, const char *name, const char *help,
    const char *field, bool named)
{
	size_t i;
	json_t *m;

	metric_head(f, name, "gauge", help);
	json_array_foreach(json_object_get(fed, "members"), i, m) {
		if (!json_is_integer(json_object_get(m, field)))
			continue;
		fprintf(f, "%s{node=", name);
		label(f, json_string_value(json_object_get(m, "node")));
		if (named) {
			fprintf(f, ",name=");
			label(f, json_string_value(json_object_get(m, "name")));
		}
		fprintf(f, "} %lld\n",
		    (long long)json_integer_value(json_object_get(m, field)));
	}
}

enum MHD_Result
svk_metrics_respond(struct MHD_Connection *c, svk_home *home,
    const svk_config *cfg, const svk_http_stats *s)
{
	svk_http_reply o;
	json_t *st, *fed;

	if (svk_http_reply_open(&o) != 0)
		return MHD_NO;
	st = svk_report_status(home, cfg);
	fed = svk_report_federation(home);
	metrics_daemon(o.f, s);
	metrics_store(o.f, home, st, s);
	metrics_counters(o.f, s);
	metrics_members(o.f, fed, "samverk_heartbeat_age_seconds",
	    "Seconds since each member's last heartbeat.", "last_seen_s", true);
	metrics_members(o.f, fed, "samverk_member_behind_entries",
	    "Entries each member lacks, by its last heartbeat.", "behind", false);
	json_decref(st);
	json_decref(fed);
	return svk_http_reply_send(&o, c, 200,
	    "text/plain; version=0.0.4; charset=utf-8");
}
