/*
 * metrics.c: /metrics in the Prometheus text format: every metric with its
 * HELP and TYPE lines, label values escaped. See metrics.h.
 */
#include "metrics.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beat.h"
#include "clock.h"
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

/* The start of a sample of metric about origin: its name, then the labels
 * origin (the fingerprint) and name (in the roster; NULL: ""), no "}". */
static void
origin_sample(FILE *f, const char *metric, const uint8_t *origin, const char *name)
{
	char fpr[SVK_FPR_LEN];

	svk_crypto_fingerprint(origin, fpr);
	fprintf(f, "%s{origin=", metric);
	label(f, fpr);
	fprintf(f, ",name=");
	label(f, name ? name : "");
}

/* One samverk_entries line: the entries held of one origin. */
static int
entries_metric(void *arg, const uint8_t *origin, uint64_t entries, const char *name)
{
	FILE *f = arg;

	origin_sample(f, "samverk_entries", origin, name);
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
	metric_u64(f, "samverk_catchup_entries_checked_total", "counter",
	    "Entries of catch-up pages authenticated by this node.",
	    s->catchup_checked);
	metric_u64(f, "samverk_catchup_signatures_total", "counter",
	    "Signatures verified for them: one per run of a big page.",
	    s->catchup_signatures);
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

/* The seconds until the roster in force expires (below zero once it has);
 * no sample without a roster. */
static void
metrics_roster(FILE *f, json_t *st)
{
	json_int_t expires = json_integer_value(json_object_get(st,
	    "roster_expires_ms"));

	metric_head(f, "samverk_roster_expires_in_seconds", "gauge",
	    "Seconds until the roster in force expires (negative once it has).");
	if (expires != 0)
		fprintf(f, "samverk_roster_expires_in_seconds %lld\n",
		    (long long)((expires - svk_clock_now_ms()) / 1000));
}

/* This node's adoptions with a follow-up due (status "follow_ups_due"). */
static void
metrics_follow_ups(FILE *f, json_t *st)
{
	metric_head(f, "samverk_follow_ups_due", "gauge",
	    "This node's adoptions whose 3, 6 or 9 month follow-up is due.");
	fprintf(f, "samverk_follow_ups_due %zu\n",
	    json_array_size(json_object_get(st, "follow_ups_due")));
}

/* Labels node and name of a partner's row in the status (its "peers"). */
static void
partner_labels(FILE *f, json_t *row)
{
	const char *node = json_string_value(json_object_get(row, "node"));
	const char *name = json_string_value(json_object_get(row, "name"));

	fprintf(f, "node=");
	label(f, node ? node : "");
	fprintf(f, ",name=");
	label(f, name ? name : "");
}

/* A link's state as a metric says it: up (both sockets connected),
 * connecting (one of them), down (neither), or NULL for a member this node
 * does not link to (not in [catchup] peers, suspended). */
static const char *
link_state(json_t *row)
{
	const char *state = json_string_value(json_object_get(row, "state"));

	if (state == NULL)
		return NULL;
	if (strcmp(state, "up") == 0)
		return "up";
	if (strcmp(state, "partly up") == 0)
		return "connecting";
	if (strcmp(state, "down") == 0)
		return "down";
	return NULL;
}

/* When the daemon last heard from the partner of row: from its links now
 * (s->links), else from the peers table. */
static int64_t
link_heard_ms(json_t *row, const svk_publish_peer *live, size_t n)
{
	const char *node = json_string_value(json_object_get(row, "node"));
	char fpr[SVK_FPR_LEN];

	for (size_t i = 0; node != NULL && i < n; i++) {
		svk_crypto_fingerprint(live[i].key, fpr);
		if (strcmp(fpr, node) == 0)
			return live[i].last_seen_ms;
	}
	return (int64_t)json_integer_value(json_object_get(row, "last_seen_ms"));
}

/* One age in seconds since ms, for each partner with a link and an ms. */
static void
link_age(FILE *f, json_t *peers, const char *name, const char *help,
    const char *field, const svk_publish_peer *live, size_t n)
{
	int64_t now = svk_clock_now_ms(), ms;
	size_t i;
	json_t *row;

	metric_head(f, name, "gauge", help);
	json_array_foreach(peers, i, row) {
		if (link_state(row) == NULL)
			continue;
		ms = field ?
			 (int64_t)json_integer_value(json_object_get(row, field)) :
			 link_heard_ms(row, live, n);
		if (ms <= 0)
			continue;
		fprintf(f, "%s{", name);
		partner_labels(f, row);
		fprintf(f, "} %lld\n", (long long)((now > ms ? now - ms : 0) / 1000));
	}
}

/* Each link to a partner: its state, and how long since its last completed
 * catch-up round and its last message. */
static void
metrics_links(FILE *f, json_t *st, const svk_http_stats *s)
{
	static const char *const states[] = {"up", "connecting", "down"};
	json_t *peers = json_object_get(st, "peers"), *row;
	svk_publish_peer *live = NULL;
	size_t i, n = 0;

	if (s->links != NULL && s->links(s->links_arg, &live, &n) != 0) {
		svk_say_debug("metrics: cannot list the links");
		n = 0;
	}
	metric_head(f, "samverk_link_state", "gauge",
	    "1 for the state each partner's link is in: up (both sockets "
	    "connected), connecting (one of them) or down.");
	json_array_foreach(peers, i, row) {
		const char *state = link_state(row);
		for (size_t k = 0; state != NULL && k < 3; k++) {
			fprintf(f, "samverk_link_state{");
			partner_labels(f, row);
			fprintf(f, ",state=\"%s\"} %d\n", states[k],
			    strcmp(state, states[k]) == 0);
		}
	}
	link_age(f, peers, "samverk_link_catchup_age_seconds",
	    "Seconds since the last completed catch-up round with each partner.",
	    "last_catchup_ms", live, n);
	link_age(f, peers, "samverk_link_message_age_seconds",
	    "Seconds since the last message from each partner.", NULL, live, n);
	free(live);
}

/* What each origin's own heartbeats say of its log: the highest seq. */
struct claims {
	svk_head *h;
	size_t n;
};

static int
claim_of(void *arg, const Samverk__Heartbeat *hb, int64_t received_ms)
{
	struct claims *c = arg;
	svk_head *h;

	(void)received_ms;
	for (size_t i = 0; i < hb->n_heads; i++) {
		/* only what a node says of its own log is taken on trust */
		if (hb->heads[i]->origin.len != SVK_KEY_LEN ||
		    memcmp(hb->heads[i]->origin.data, hb->node.data, SVK_KEY_LEN) != 0)
			continue;
		if ((h = realloc(c->h, (c->n + 1) * sizeof(*h))) == NULL)
			return -ENOMEM;
		c->h = h;
		memcpy(h[c->n].origin, hb->node.data, SVK_KEY_LEN);
		h[c->n].head = hb->heads[i]->seq;
		c->n++;
	}
	return 0;
}

/* The name of the member fpr in the federation document, or "". */
static const char *
member_name(json_t *fed, const char *fpr)
{
	size_t i;
	json_t *m;

	json_array_foreach(json_object_get(fed, "members"), i, m) {
		const char *node = json_string_value(json_object_get(m, "node"));
		if (node != NULL && strcmp(node, fpr) == 0)
			return json_string_value(json_object_get(m, "name"));
	}
	return "";
}

static void
behind_line(FILE *f, json_t *fed, const uint8_t *origin, uint64_t behind)
{
	char fpr[SVK_FPR_LEN];

	svk_crypto_fingerprint(origin, fpr);
	origin_sample(f, "samverk_origin_behind_entries", origin,
	    member_name(fed, fpr));
	fprintf(f, "} %llu\n", (unsigned long long)behind);
}

/* Per origin, the entries this node lacks: how far the origin's own newest
 * heartbeat says its log goes, beyond what is held here without a gap. */
static void
metrics_behind(FILE *f, svk_home *home, json_t *fed)
{
	struct claims c = {NULL, 0};
	svk_head *held = NULL;
	size_t n = 0;

	metric_head(f, "samverk_origin_behind_entries", "gauge",
	    "Entries of each origin this node lacks, by the origin's own "
	    "heartbeat.");
	if (svk_log_heads(home->store, &held, &n) != 0 ||
	    svk_beat_each(home->store, claim_of, &c) != 0) {
		svk_say_debug("metrics: cannot read the heads and heartbeats");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t behind = 0;
		for (size_t k = 0; k < c.n; k++)
			if (memcmp(c.h[k].origin, held[i].origin, SVK_KEY_LEN) == 0 &&
			    c.h[k].head > held[i].head)
				behind = c.h[k].head - held[i].head;
		behind_line(f, fed, held[i].origin, behind);
	}
	/* Origins that said they have entries of which none is held here. */
	for (size_t k = 0; k < c.n; k++) {
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = memcmp(c.h[k].origin, held[i].origin, SVK_KEY_LEN) == 0;
		if (!known && c.h[k].head > 0)
			behind_line(f, fed, c.h[k].origin, c.h[k].head);
	}
out:
	free(held);
	free(c.h);
}

/* One samverk_rejected_by_origin_total line. */
static int
rejected_origin_line(void *arg, const uint8_t *origin, const char *name,
    const char *reason, uint64_t count)
{
	FILE *f = arg;

	origin_sample(f, "samverk_rejected_by_origin_total", origin, name);
	fprintf(f, ",reason=");
	label(f, reason);
	fprintf(f, "} %llu\n", (unsigned long long)count);
	return 0;
}

/* Rejected input whose origin is known, by origin and reason. */
static void
metrics_rejected_origins(FILE *f, svk_home *home)
{
	metric_head(f, "samverk_rejected_by_origin_total", "counter",
	    "Entries and messages rejected whose origin is known, by origin and "
	    "reason.");
	if (svk_stats_rejected_origins_each(home->store, rejected_origin_line, f) != 0)
		svk_say_debug("metrics: cannot count the rejections by origin");
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
	metrics_roster(o.f, st);
	metrics_follow_ups(o.f, st);
	metrics_links(o.f, st, s);
	metrics_behind(o.f, home, fed);
	metrics_rejected_origins(o.f, home);
	json_decref(st);
	json_decref(fed);
	return svk_http_reply_send(&o, c, 200,
	    "text/plain; version=0.0.4; charset=utf-8");
}
