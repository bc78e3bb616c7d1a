/*
 * http.c: the status page, the JSON API and the metrics, served by
 * libmicrohttpd from the daemon's loop. See http.h.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "indicators.h"
#include "log.h"
#include "report.h"
#include "say.h"
#include "stats.h"
#include "vocab.h"

#define HTTP_CONNECTIONS 64
#define HTTP_TIMEOUT_S 10
#define HTTP_REQUEST_MEMORY (32 * 1024) /* headers and all of a request */

struct svk_http {
	struct MHD_Daemon *mhd;
	uv_poll_t poll;
	uv_timer_t timer;
	int closing;
	svk_home *home;
	svk_config cfg;
	void (*stats)(void *arg, svk_http_stats *s);
	void *arg;
};

/* A response in the making: text written with stdio into memory. */
struct out {
	FILE *f;
	char *buf;
	size_t len;
};

static int
out_open(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	return o->f ? 0 : -ENOMEM;
}

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned status, const char *type, char *body,
    size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body,
	    MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;

	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, "Content-Type", type);
	(void)MHD_add_response_header(r, "Cache-Control", "no-store");
	(void)MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	(void)MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; style-src 'unsafe-inline'");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
respond_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	char *body = strdup(text);
	if (body == NULL)
		return MHD_NO;
	return respond(c, status, "text/plain; charset=utf-8", body, strlen(body));
}

static enum MHD_Result
respond_json(struct MHD_Connection *c, json_t *doc)
{
	char *body;

	if (doc == NULL)
		return respond_text(c, 500, "cannot read the store\n");
	body = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (body == NULL)
		return MHD_NO;
	return respond(c, 200, "application/json; charset=utf-8", body, strlen(body));
}

/* Reads the query of /api/practices and /api/needs; 400 on a bad value. */
static enum MHD_Result
api_entities(svk_http *h, struct MHD_Connection *c, int kind)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
	const char *area = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "area");
	const char *origin = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "origin");
	const char *status = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "status");
	const char *limit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
	uint8_t key[SVK_KEY_LEN];
	svk_query query = {.kind = kind};
	char *end;
	int err;

	if (q && q[0] == '\0')
		q = NULL;
	if (area && area[0] && !svk_vocab_area_valid(area))
		return respond_text(c, 400, "unknown area\n");
	if (origin && origin[0] && svk_crypto_fingerprint_parse(origin, key) != 0)
		return respond_text(c, 400, "origin must be a node fingerprint\n");
	if (status && status[0] && (kind != SVK_KIND_NEED || !svk_vocab_need_status_valid(status)))
		return respond_text(c, 400, "status must be open or closed (needs only)\n");
	if (limit && limit[0]) {
		unsigned long n = strtoul(limit, &end, 10);
		if (*end || n == 0 || n > 10000)
			return respond_text(c, 400, "limit must be 1 to 10000\n");
		query.limit = n;
	}
	query.text = q;
	query.area = area && area[0] ? area : NULL;
	query.origin = origin && origin[0] ? key : NULL;
	query.status = status && status[0] ? status : NULL;
	json_t *doc = svk_report_entities(h->home, &query, &err);
	if (doc == NULL && err == SVK_EINVAL)
		return respond_text(c, 400, "nothing to search for in q\n");
	return respond_json(c, doc);
}

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

static enum MHD_Result
metrics(svk_http *h, struct MHD_Connection *c)
{
	svk_http_stats s = {0};
	struct out o;
	json_t *st, *fed, *v;
	const char *key;
	size_t i;

	if (h->stats)
		h->stats(h->arg, &s);
	if (out_open(&o) != 0)
		return MHD_NO;
	st = svk_report_status(h->home, &h->cfg);
	fed = svk_report_federation(h->home);
	metric_head(o.f, "samverk_up", "gauge", "1 while the daemon runs.");
	fprintf(o.f, "samverk_up 1\n");
	metric_head(o.f, "samverk_build_info", "gauge", "The software version.");
	fprintf(o.f, "samverk_build_info{version=");
	label(o.f, SVK_VERSION);
	fprintf(o.f, "} 1\n");
	metric_head(o.f, "samverk_uptime_seconds", "gauge", "Seconds since the daemon started.");
	fprintf(o.f, "samverk_uptime_seconds %lld\n",
	    (long long)(s.started_ms ? (svk_log_now_ms() - s.started_ms) / 1000 : 0));
	metric_head(o.f, "samverk_entries", "gauge", "Log entries held, per origin.");
	if (svk_stats_entries_each(h->home->store, entries_metric, o.f) != 0)
		svk_say_debug("metrics: cannot count the entries held");
	metric_head(o.f, "samverk_rejected_total", "counter",
	    "Entries and messages rejected, by reason.");
	json_object_foreach(json_object_get(st, "rejected"), key, v)
	{
		fprintf(o.f, "samverk_rejected_total{reason=");
		label(o.f, key);
		fprintf(o.f, "} %lld\n", (long long)json_integer_value(v));
	}
	metric_head(o.f, "samverk_forks", "gauge", "Origins seen signing a fork.");
	fprintf(o.f, "samverk_forks %lld\n", (long long)json_integer_value(
	    json_object_get(json_object_get(st, "flagged"), "fork")));
	metric_head(o.f, "samverk_peers", "gauge", "Partners this node links to.");
	fprintf(o.f, "samverk_peers %llu\n", (unsigned long long)s.peers);
	metric_head(o.f, "samverk_peers_connected", "gauge",
	    "Partners whose links are both up.");
	fprintf(o.f, "samverk_peers_connected %llu\n", (unsigned long long)s.peers_up);
	metric_head(o.f, "samverk_catchup_rounds_total", "counter",
	    "Catch-up rounds asked for by this node.");
	fprintf(o.f, "samverk_catchup_rounds_total %llu\n",
	    (unsigned long long)s.catchup_rounds);
	metric_head(o.f, "samverk_catchup_served_total", "counter",
	    "Catch-up requests answered by this node.");
	fprintf(o.f, "samverk_catchup_served_total %llu\n",
	    (unsigned long long)s.catchup_served);
	metric_head(o.f, "samverk_catchup_bytes_total", "counter",
	    "Bytes of catch-up requests and replies.");
	fprintf(o.f, "samverk_catchup_bytes_total{direction=\"in\"} %llu\n",
	    (unsigned long long)s.catchup_bytes_in);
	fprintf(o.f, "samverk_catchup_bytes_total{direction=\"out\"} %llu\n",
	    (unsigned long long)s.catchup_bytes_out);
	metric_head(o.f, "samverk_published_total", "counter",
	    "Own entries published.");
	fprintf(o.f, "samverk_published_total %llu\n", (unsigned long long)s.published);
	metric_head(o.f, "samverk_relayed_total", "counter",
	    "Partners' entries passed on.");
	fprintf(o.f, "samverk_relayed_total %llu\n", (unsigned long long)s.relayed);
	metric_head(o.f, "samverk_ingested_total", "counter",
	    "Partners' entries stored.");
	fprintf(o.f, "samverk_ingested_total %llu\n", (unsigned long long)s.ingested);
	metric_head(o.f, "samverk_heartbeat_age_seconds", "gauge",
	    "Seconds since each member's last heartbeat.");
	json_array_foreach(json_object_get(fed, "members"), i, v)
	{
		if (!json_is_integer(json_object_get(v, "last_seen_s")))
			continue;
		fprintf(o.f, "samverk_heartbeat_age_seconds{node=");
		label(o.f, json_string_value(json_object_get(v, "node")));
		fprintf(o.f, ",name=");
		label(o.f, json_string_value(json_object_get(v, "name")));
		fprintf(o.f, "} %lld\n",
		    (long long)json_integer_value(json_object_get(v, "last_seen_s")));
	}
	metric_head(o.f, "samverk_member_behind_entries", "gauge",
	    "Entries each member lacks, by its last heartbeat.");
	json_array_foreach(json_object_get(fed, "members"), i, v)
	{
		if (!json_is_integer(json_object_get(v, "behind")))
			continue;
		fprintf(o.f, "samverk_member_behind_entries{node=");
		label(o.f, json_string_value(json_object_get(v, "node")));
		fprintf(o.f, "} %lld\n",
		    (long long)json_integer_value(json_object_get(v, "behind")));
	}
	json_decref(st);
	json_decref(fed);
	if (fclose(o.f) != 0) {
		free(o.buf);
		return MHD_NO;
	}
	return respond(c, 200, "text/plain; version=0.0.4; charset=utf-8", o.buf, o.len);
}

/* HTML text, escaped. */
static void
esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

static const char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static const char page_style[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',"
    "sans-serif;margin:0;color:#1d2330;background:#f5f6f8}"
    "header{background:#24405e;color:#fff;padding:1rem 1.25rem}"
    "header h1{margin:0;font-size:1.4rem}header p{margin:.3rem 0 0;opacity:.85;"
    "font-size:.9rem;word-break:break-all}"
    "main{padding:1rem 1.25rem;max-width:72rem}"
    "section{background:#fff;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem;"
    "box-shadow:0 1px 2px rgba(0,0,0,.08)}"
    "h2{font-size:1.05rem;margin:.2rem 0 .6rem}"
    ".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92rem}"
    "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e4e7ec;"
    "vertical-align:top}th{font-weight:600;color:#4a5568}"
    ".on{color:#1e7b34;font-weight:600}.off{color:#b42318;font-weight:600}"
    ".warn{background:#fff4e5;border-left:4px solid #f79009;padding:.5rem .75rem}"
    ".muted{color:#667085}.fpr{font-family:ui-monospace,monospace;font-size:.8rem}"
    "@media (max-width:600px){.wide{display:none}main,header{padding:.75rem}}";

static void
page_members(FILE *f, json_t *fed)
{
	size_t i;
	json_t *m;

	fputs("<section id=\"federation\"><h2>Federation members</h2><div class=\"scroll\">"
	      "<table><thead><tr><th>Member</th><th>Country</th><th>State</th>"
	      "<th>Last heartbeat</th><th>Behind</th><th class=\"wide\">Version</th>"
	      "<th class=\"wide\">Problems</th></tr></thead><tbody>",
	    f);
	json_array_foreach(json_object_get(fed, "members"), i, m)
	{
		bool on = json_is_true(json_object_get(m, "online"));
		bool suspended = strcmp(jstr(m, "status"), "suspended") == 0;
		fputs("<tr class=\"member\" data-node=\"", f);
		esc(f, jstr(m, "node"));
		fputs("\"><td>", f);
		esc(f, jstr(m, "name"));
		if (json_is_true(json_object_get(m, "self")))
			fputs(" <span class=\"muted\">(this node)</span>", f);
		if (strcmp(jstr(m, "role"), "coordinator") == 0)
			fputs(" <span class=\"muted\">coordinator</span>", f);
		fputs("</td><td>", f);
		esc(f, jstr(m, "country"));
		fprintf(f, "</td><td class=\"%s\">%s</td><td>", on && !suspended ? "on" : "off",
		    suspended ? "suspended" : on ? "online" : "offline");
		if (json_is_integer(json_object_get(m, "last_seen_s")))
			fprintf(f, "%llds ago", (long long)json_integer_value(
			    json_object_get(m, "last_seen_s")));
		else
			fputs("never", f);
		fputs("</td><td>", f);
		if (json_is_integer(json_object_get(m, "behind")))
			fprintf(f, "%lld", (long long)json_integer_value(json_object_get(m, "behind")));
		else
			fputs("&ndash;", f);
		fputs("</td><td class=\"wide\">", f);
		esc(f, jstr(m, "version"));
		fputs("</td><td class=\"wide\">", f);
		if (json_integer_value(json_object_get(m, "forks")) > 0)
			fprintf(f, "%lld forks ", (long long)json_integer_value(
			    json_object_get(m, "forks")));
		if (json_integer_value(json_object_get(m, "rejected_total")) > 0)
			fprintf(f, "%lld rejected", (long long)json_integer_value(
			    json_object_get(m, "rejected_total")));
		fputs("</td></tr>", f);
	}
	fputs("</tbody></table></div></section>", f);
}

static void
page_peers(FILE *f, json_t *st)
{
	size_t i;
	json_t *p;

	fputs("<section id=\"peers\"><h2>This node's links</h2><div class=\"scroll\">"
	      "<table><thead><tr><th>Partner</th><th>Link</th><th>Last seen</th>"
	      "<th>Last catch-up</th><th>Behind</th><th class=\"wide\">Encrypted</th>"
	      "</tr></thead><tbody>",
	    f);
	json_array_foreach(json_object_get(st, "peers"), i, p)
	{
		fputs("<tr><td>", f);
		esc(f, jstr(p, "name"));
		fprintf(f, "</td><td class=\"%s\">", strcmp(jstr(p, "state"), "up") == 0 ? "on" : "off");
		esc(f, jstr(p, "state"));
		fputs("</td><td>", f);
		esc(f, jstr(p, "last_seen")[0] ? jstr(p, "last_seen") : "never");
		fputs("</td><td>", f);
		esc(f, jstr(p, "last_sync")[0] ? jstr(p, "last_sync") : "never");
		fputs("</td><td>", f);
		if (json_is_integer(json_object_get(p, "behind")))
			fprintf(f, "%lld", (long long)json_integer_value(json_object_get(p, "behind")));
		else
			fputs("&ndash;", f);
		fprintf(f, "</td><td class=\"wide\">%s</td></tr>",
		    json_is_true(json_object_get(p, "encrypted")) ? "yes (TLS)" : "no");
	}
	fputs("</tbody></table></div></section>", f);
}

static void
page_entities(FILE *f, json_t *list, const char *id, const char *title)
{
	size_t i;
	json_t *e;

	fprintf(f, "<section id=\"%s\"><h2>%s</h2><div class=\"scroll\"><table><thead>"
		   "<tr><th>Title</th><th>From</th><th class=\"wide\">Areas</th>"
		   "<th class=\"wide\">Updated</th></tr></thead><tbody>",
	    id, title);
	json_array_foreach(list, i, e)
	{
		size_t j;
		json_t *a;
		fputs("<tr><td>", f);
		esc(f, jstr(e, "title"));
		if (json_is_string(json_object_get(e, "status"))) {
			fputs(" <span class=\"muted\">(", f);
			esc(f, jstr(e, "status"));
			fputs(")</span>", f);
		}
		fputs("</td><td>", f);
		esc(f, jstr(e, "origin_name"));
		fputs(" <span class=\"muted\">", f);
		esc(f, jstr(e, "country"));
		fputs("</span></td><td class=\"wide\">", f);
		json_array_foreach(json_object_get(e, "areas"), j, a)
		{
			if (j > 0)
				fputs(", ", f);
			esc(f, json_string_value(a));
		}
		fputs("</td><td class=\"wide\">", f);
		esc(f, jstr(e, "updated"));
		fputs("</td></tr>", f);
	}
	if (json_array_size(list) == 0)
		fputs("<tr><td colspan=\"4\" class=\"muted\">none yet</td></tr>", f);
	fputs("</tbody></table></div></section>", f);
}

static void
page_problems(FILE *f, json_t *st)
{
	const char *key;
	json_t *v;
	bool any = false;

	fputs("<section id=\"problems\"><h2>Rejected input and forks</h2>", f);
	json_object_foreach(json_object_get(st, "flagged"), key, v)
	{
		fputs("<p class=\"warn\">", f);
		esc(f, key);
		fprintf(f, ": %lld origin(s) flagged</p>", (long long)json_integer_value(v));
		any = true;
	}
	if (json_object_size(json_object_get(st, "rejected")) > 0) {
		fputs("<table><thead><tr><th>Reason</th><th>Count</th></tr></thead><tbody>", f);
		json_object_foreach(json_object_get(st, "rejected"), key, v)
		{
			fputs("<tr><td>", f);
			esc(f, key);
			fprintf(f, "</td><td>%lld</td></tr>", (long long)json_integer_value(v));
		}
		fputs("</tbody></table>", f);
		any = true;
	}
	if (!any)
		fputs("<p class=\"muted\">nothing rejected</p>", f);
	fputs("</section>", f);
}

/* The federation's indicators: the totals of the latest periods held, each
 * summed over the members that published it (cmd_indicators.c builds the
 * same document for `indicators show --federation --json`). */
static void
page_indicators(FILE *f, svk_home *home)
{
	json_t *doc = svk_report_rollup(home, NULL);
	json_t *periods = json_object_get(doc, "periods"), *g, *c;
	size_t n = json_array_size(periods), i, j;

	fputs("<section id=\"indicators\"><h2>Indicators</h2>", f);
	if (doc == NULL)
		fputs("<p class=\"warn\">cannot read the indicators</p>", f);
	else if (n == 0)
		fputs("<p class=\"muted\">no member has published indicators yet</p>", f);
	/* The three latest periods, newest first. */
	for (i = n; i > 0 && i + 3 > n; i--) {
		g = json_array_get(periods, i - 1);
		fputs("<h3 class=\"period\">", f);
		esc(f, jstr(g, "period"));
		fprintf(f, " <span class=\"muted\">%lld member(s) reported</span></h3>"
			   "<div class=\"scroll\"><table><thead><tr><th>Indicator</th>"
			   "<th>Federation total</th><th>Reported by</th>"
			   "<th class=\"wide\">Confidential at</th></tr></thead><tbody>",
		    (long long)json_integer_value(json_object_get(g, "members")));
		json_array_foreach(json_object_get(g, "cells"), j, c)
		{
			json_t *v = json_object_get(c, "value");
			if (strcmp(jstr(c, "breakdown"), "_T") != 0)
				continue;
			fputs("<tr class=\"indicator\"><td>", f);
			esc(f, jstr(c, "code"));
			fputs("</td><td>", f);
			if (json_is_integer(v))
				fprintf(f, "%lld ", (long long)json_integer_value(v));
			else
				fputs("&ndash; ", f);
			fputs("<span class=\"muted\">", f);
			esc(f, jstr(c, "unit"));
			fprintf(f, "</span></td><td>%lld of %lld</td><td class=\"wide\">%lld</td></tr>",
			    (long long)json_integer_value(json_object_get(c, "reported")),
			    (long long)json_integer_value(json_object_get(c, "members")),
			    (long long)json_integer_value(json_object_get(c, "confidential")));
		}
		fputs("</tbody></table></div>", f);
	}
	fputs("<p class=\"muted\">Sums over the members that published each value; a "
	      "confidential value is never counted as zero. Breakdowns by area: "
	      "<code>/api/indicators</code>.</p></section>",
	    f);
	json_decref(doc);
}

/* /api/indicators[?period=P]: the federation's rollup. */
static enum MHD_Result
api_indicators(svk_http *h, struct MHD_Connection *c)
{
	const char *period = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "period");
	svk_period p;

	if (period && period[0] == '\0')
		period = NULL;
	if (period && svk_period_parse(period, &p) != 0)
		return respond_text(c, 400, "period must be like 2026-Q3, 2026-09 or 2026\n");
	return respond_json(c, svk_report_rollup(h->home, period));
}

static enum MHD_Result
page(svk_http *h, struct MHD_Connection *c)
{
	svk_query pq = {.kind = SVK_KIND_PRACTICE, .limit = 25};
	svk_query nq = {.kind = SVK_KIND_NEED, .limit = 25};
	json_t *st = svk_report_status(h->home, &h->cfg);
	json_t *fed = svk_report_federation(h->home);
	json_t *practices, *needs;
	struct out o;
	int err;

	practices = svk_report_entities(h->home, &pq, &err);
	needs = svk_report_entities(h->home, &nq, &err);
	if (st == NULL || fed == NULL || practices == NULL || needs == NULL ||
	    out_open(&o) != 0) {
		json_decref(st);
		json_decref(fed);
		json_decref(practices);
		json_decref(needs);
		return respond_text(c, 500, "cannot read the store\n");
	}
	fprintf(o.f, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		     "<meta http-equiv=\"refresh\" content=\"%u\"><title>Samverk: ",
	    h->cfg.heartbeat_interval_s ? h->cfg.heartbeat_interval_s : 10);
	esc(o.f, h->home->name);
	fprintf(o.f, "</title><style>%s</style></head><body><header><h1>", page_style);
	esc(o.f, h->home->name);
	fputs(" <span style=\"opacity:.7\">", o.f);
	esc(o.f, h->home->country);
	fputs("</span></h1><p>", o.f);
	if (json_is_string(json_object_get(st, "federation"))) {
		fputs("Federation <span class=\"fpr\">", o.f);
		esc(o.f, jstr(st, "federation"));
		fputs("</span> &middot; ", o.f);
		esc(o.f, jstr(st, "role"));
	} else {
		fputs("Not in a federation yet", o.f);
	}
	fprintf(o.f, " &middot; %lld entries held</p></header><main>",
	    (long long)json_integer_value(json_object_get(json_object_get(st, "entries"), "all")));
	if (json_is_true(json_object_get(st, "roster_expired")))
		fputs("<p class=\"warn\"><strong>The roster has expired.</strong> Partners' "
		      "entries are refused until the coordinator renews it.</p>",
		    o.f);
	page_members(o.f, fed);
	page_peers(o.f, st);
	page_entities(o.f, practices, "practices", "Recent practices");
	page_entities(o.f, needs, "needs", "Recent needs");
	page_indicators(o.f, h->home);
	page_problems(o.f, st);
	fputs("<p class=\"muted\">This page refreshes itself. JSON: <code>/api/status</code>, "
	      "<code>/api/federation</code>, <code>/api/practices</code>, "
	      "<code>/api/needs</code>, <code>/api/indicators</code>; metrics: <code>/metrics</code>.</p></main></body></html>\n",
	    o.f);
	json_decref(st);
	json_decref(fed);
	json_decref(practices);
	json_decref(needs);
	if (fclose(o.f) != 0) {
		free(o.buf);
		return MHD_NO;
	}
	return respond(c, 200, "text/html; charset=utf-8", o.buf, o.len);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **req)
{
	svk_http *h = cls;
	(void)version;
	(void)upload;

	if (*req == NULL) {
		/* First call: headers only. Answer once any body is drained. */
		*req = h;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0; /* nothing here takes a body: drop it */
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return respond_text(c, 405, "only GET\n");
	if (strcmp(url, "/") == 0)
		return page(h, c);
	if (strcmp(url, "/api/status") == 0)
		return respond_json(c, svk_report_status(h->home, &h->cfg));
	if (strcmp(url, "/api/federation") == 0)
		return respond_json(c, svk_report_federation(h->home));
	if (strcmp(url, "/api/practices") == 0)
		return api_entities(h, c, SVK_KIND_PRACTICE);
	if (strcmp(url, "/api/needs") == 0)
		return api_entities(h, c, SVK_KIND_NEED);
	if (strcmp(url, "/api/indicators") == 0)
		return api_indicators(h, c);
	if (strcmp(url, "/metrics") == 0)
		return metrics(h, c);
	return respond_text(c, 404, "not found\n");
}

static void on_timer(uv_timer_t *t);

static void
run(svk_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms = 1000;

	(void)MHD_run(h->mhd);
	if (MHD_get_timeout(h->mhd, &ms) != MHD_YES || ms > 1000)
		ms = 1000;
	(void)uv_timer_start(&h->timer, on_timer, ms, 0);
}

static void
on_timer(uv_timer_t *t)
{
	run(t->data);
}

static void
on_ready(uv_poll_t *p, int status, int events)
{
	(void)status;
	(void)events;
	run(p->data);
}

/* Parses "127.0.0.1:7480" or "[::1]:7480". */
static int
parse_addr(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(text, ':');
	long port;
	char *end;

	if (colon == NULL || (size_t)(colon - text) >= sizeof(host))
		return -EINVAL;
	port = strtol(colon + 1, &end, 10);
	if (*end || port <= 0 || port > 65535)
		return -EINVAL;
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		host[strlen(host) - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
			return -EINVAL;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a);
		return 0;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
		return -EINVAL;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*len = sizeof(*a);
	return 0;
}

static void
closed(uv_handle_t *handle)
{
	svk_http *h = handle->data;
	if (--h->closing == 0)
		free(h);
}

int
svk_http_start(svk_http **out, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, void (*stats)(void *arg, svk_http_stats *s), void *arg)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	const union MHD_DaemonInfo *info;
	svk_http *h;
	int fd, one = 1, err;

	if ((err = parse_addr(cfg->http, &ss, &sslen)) != 0)
		return err;
	/* Bind it ourselves, so a port in use is told plainly. */
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0)
		return -errno;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sslen) != 0 || listen(fd, 64) != 0) {
		err = -errno;
		(void)close(fd);
		return err;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		(void)close(fd);
		return -ENOMEM;
	}
	h->home = home;
	h->cfg = *cfg;
	h->stats = stats;
	h->arg = arg;
	h->mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_SUPPRESS_DATE_NO_CLOCK, 0,
	    NULL, NULL, handle, h, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_REQUEST_MEMORY,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)16, MHD_OPTION_END);
	if (h->mhd == NULL) {
		(void)close(fd);
		free(h);
		return SVK_ENET;
	}
	info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (info == NULL || uv_poll_init(loop, &h->poll, info->epoll_fd) != 0) {
		MHD_stop_daemon(h->mhd);
		free(h);
		return SVK_ENET;
	}
	(void)uv_timer_init(loop, &h->timer);
	h->poll.data = h->timer.data = h;
	h->closing = 2;
	(void)uv_poll_start(&h->poll, UV_READABLE, on_ready);
	(void)uv_timer_start(&h->timer, on_timer, 1000, 0);
	if (!svk_config_is_loopback(cfg->http))
		svk_say_warn("the status page listens on %s, beyond this machine",
		    cfg->http);
	*out = h;
	return 0;
}

void
svk_http_stop(svk_http *h)
{
	if (h == NULL)
		return;
	(void)uv_poll_stop(&h->poll);
	(void)uv_timer_stop(&h->timer);
	MHD_stop_daemon(h->mhd);
	uv_close((uv_handle_t *)&h->poll, closed);
	uv_close((uv_handle_t *)&h->timer, closed);
}
