/*
 * page.c: the status page, HTML written from the same JSON documents the
 * API serves (report.c), every text escaped (as the web app escapes it,
 * web_html.h). See page.h.
 */
#include "page.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "http_reply.h"
#include "report.h"
#include "web_html.h"

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

	fputs("<section id=\"federation\"><h2>Federation members</h2><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Federation members\">"
	      "<table><thead><tr><th>Member</th><th>Country</th><th>State</th>"
	      "<th>Last heartbeat</th><th>Behind</th><th class=\"wide\">Version</th>"
	      "<th class=\"wide\">Problems</th></tr></thead><tbody>",
	    f);
	json_array_foreach(json_object_get(fed, "members"), i, m) {
		bool on = json_is_true(json_object_get(m, "online"));
		bool suspended = strcmp(jstr(m, "status"), "suspended") == 0;
		fputs("<tr class=\"member\" data-node=\"", f);
		svk_web_html_esc(f, jstr(m, "node"));
		fputs("\"><td>", f);
		svk_web_html_esc(f, jstr(m, "name"));
		if (json_is_true(json_object_get(m, "self")))
			fputs(" <span class=\"muted\">(this node)</span>", f);
		if (strcmp(jstr(m, "role"), "coordinator") == 0)
			fputs(" <span class=\"muted\">coordinator</span>", f);
		fputs("</td><td>", f);
		svk_web_html_esc(f, jstr(m, "country"));
		fprintf(f, "</td><td class=\"%s\">%s</td><td>",
		    on && !suspended ? "on" : "off",
		    suspended ? "suspended" :
		    on	      ? "online" :
				"offline");
		if (json_is_integer(json_object_get(m, "last_seen_s")))
			fprintf(f, "%llds ago",
			    (long long)json_integer_value(json_object_get(m,
				"last_seen_s")));
		else
			fputs("never", f);
		fputs("</td><td>", f);
		if (json_is_integer(json_object_get(m, "behind")))
			fprintf(f, "%lld",
			    (long long)json_integer_value(json_object_get(m, "behind")));
		else
			fputs("&ndash;", f);
		fputs("</td><td class=\"wide\">", f);
		svk_web_html_esc(f, jstr(m, "version"));
		fputs("</td><td class=\"wide\">", f);
		if (json_integer_value(json_object_get(m, "forks")) > 0)
			fprintf(f, "%lld forks ",
			    (long long)json_integer_value(json_object_get(m, "forks")));
		if (json_integer_value(json_object_get(m, "rejected_total")) > 0)
			fprintf(f, "%lld rejected",
			    (long long)json_integer_value(json_object_get(m,
				"rejected_total")));
		fputs("</td></tr>", f);
	}
	fputs("</tbody></table></div></section>", f);
}

static void
page_peers(FILE *f, json_t *st)
{
	size_t i;
	json_t *p;

	fputs("<section id=\"peers\"><h2>This node's links</h2><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"This node's links\">"
	      "<table><thead><tr><th>Partner</th><th>Link</th><th>Last seen</th>"
	      "<th>Last catch-up</th><th>Behind</th><th class=\"wide\">Encrypted</th>"
	      "</tr></thead><tbody>",
	    f);
	json_array_foreach(json_object_get(st, "peers"), i, p) {
		fputs("<tr><td>", f);
		svk_web_html_esc(f, jstr(p, "name"));
		fprintf(f, "</td><td class=\"%s\">",
		    strcmp(jstr(p, "state"), "up") == 0 ? "on" : "off");
		svk_web_html_esc(f, jstr(p, "state"));
		fputs("</td><td>", f);
		svk_web_html_esc(f,
		    jstr(p, "last_seen")[0] ? jstr(p, "last_seen") : "never");
		fputs("</td><td>", f);
		svk_web_html_esc(f,
		    jstr(p, "last_catchup")[0] ? jstr(p, "last_catchup") : "never");
		fputs("</td><td>", f);
		if (json_is_integer(json_object_get(p, "behind")))
			fprintf(f, "%lld",
			    (long long)json_integer_value(json_object_get(p, "behind")));
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

	fprintf(f,
	    "<section id=\"%s\"><h2>%s</h2><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table><thead>"
	    "<tr><th>Title</th><th>From</th><th class=\"wide\">Areas</th>"
	    "<th class=\"wide\">Updated</th></tr></thead><tbody>",
	    id, title, title);
	json_array_foreach(list, i, e) {
		size_t j;
		json_t *a;
		fputs("<tr><td>", f);
		svk_web_html_esc(f, jstr(e, "title"));
		if (json_is_string(json_object_get(e, "status"))) {
			fputs(" <span class=\"muted\">(", f);
			svk_web_html_esc(f, jstr(e, "status"));
			fputs(")</span>", f);
		}
		fputs("</td><td>", f);
		svk_web_html_esc(f, jstr(e, "origin_name"));
		fputs(" <span class=\"muted\">", f);
		svk_web_html_esc(f, jstr(e, "country"));
		fputs("</span></td><td class=\"wide\">", f);
		json_array_foreach(json_object_get(e, "areas"), j, a) {
			if (j > 0)
				fputs(", ", f);
			svk_web_html_esc(f, json_string_value(a));
		}
		fputs("</td><td class=\"wide\">", f);
		svk_web_html_esc(f, jstr(e, "updated"));
		fputs("</td></tr>", f);
	}
	if (json_array_size(list) == 0)
		fputs("<tr><td colspan=\"4\" class=\"muted\">none yet</td></tr>", f);
	fputs("</tbody></table></div></section>", f);
}

/* Whether authoring is on hold, and each fork by origin and seq. */
static bool
page_hold_and_forks(FILE *f, json_t *st)
{
	json_t *hold = json_object_get(st, "hold"), *fk;
	bool any = false;
	size_t i;

	if (json_is_true(json_object_get(hold, "held"))) {
		fputs("<p class=\"warn\" id=\"hold\">Authoring on hold: ", f);
		svk_web_html_esc(f, jstr(hold, "message"));
		fputs("</p>", f);
		any = true;
	}
	json_array_foreach(json_object_get(st, "forks"), i, fk) {
		fputs("<p class=\"warn fork\">fork: ", f);
		svk_web_html_esc(f,
		    jstr(fk, "name")[0] ? jstr(fk, "name") : "an unknown origin");
		fputs(" (", f);
		svk_web_html_esc(f, jstr(fk, "origin"));
		fprintf(f, ") signed %lld different entries at seq %lld</p>",
		    (long long)json_integer_value(json_object_get(fk, "bodies")),
		    (long long)json_integer_value(json_object_get(fk, "seq")));
		any = true;
	}
	return any;
}

static void
page_problems(FILE *f, json_t *st)
{
	const char *key;
	json_t *v;
	bool any = false;

	fputs("<section id=\"problems\"><h2>Rejected input and forks</h2>", f);
	any = page_hold_and_forks(f, st);
	json_object_foreach(json_object_get(st, "flagged"), key, v) {
		fputs("<p class=\"warn\">", f);
		svk_web_html_esc(f, key);
		fprintf(f, ": %lld origin(s) flagged</p>",
		    (long long)json_integer_value(v));
		any = true;
	}
	if (json_object_size(json_object_get(st, "rejected")) > 0) {
		fputs("<table><thead><tr><th>Reason</th><th>Count</th></tr></thead><tbody>",
		    f);
		json_object_foreach(json_object_get(st, "rejected"), key, v) {
			fputs("<tr><td>", f);
			svk_web_html_esc(f, key);
			fprintf(f, "</td><td>%lld</td></tr>",
			    (long long)json_integer_value(v));
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
		fputs("<p class=\"muted\">no member has published indicators yet</p>",
		    f);
	/* The three latest periods, newest first. */
	for (i = n; i > 0 && i + 3 > n; i--) {
		g = json_array_get(periods, i - 1);
		fputs("<h3 class=\"period\">", f);
		svk_web_html_esc(f, jstr(g, "period"));
		fprintf(f,
		    " <span class=\"muted\">%lld member(s) reported</span></h3>"
		    "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Indicators\"><table><thead><tr><th>Indicator</th>"
		    "<th>Federation total</th><th>Reported by</th>"
		    "<th class=\"wide\">Confidential at</th></tr></thead><tbody>",
		    (long long)json_integer_value(json_object_get(g, "members")));
		json_array_foreach(json_object_get(g, "cells"), j, c) {
			json_t *v = json_object_get(c, "value");
			if (strcmp(jstr(c, "breakdown"), "_T") != 0)
				continue;
			fputs("<tr class=\"indicator\"><td>", f);
			svk_web_html_esc(f, jstr(c, "code"));
			fputs("</td><td>", f);
			if (json_is_integer(v))
				fprintf(f, "%lld ", (long long)json_integer_value(v));
			else
				fputs("&ndash; ", f);
			fputs("<span class=\"muted\">", f);
			svk_web_html_esc(f, jstr(c, "unit"));
			fprintf(f,
			    "</span></td><td>%lld of %lld</td><td class=\"wide\">%lld</td></tr>",
			    (long long)json_integer_value(json_object_get(c, "reported")),
			    (long long)json_integer_value(json_object_get(c, "members")),
			    (long long)json_integer_value(json_object_get(c,
				"confidential")));
		}
		fputs("</tbody></table></div>", f);
	}
	fputs("<p class=\"muted\">Sums over the members that published each value; a "
	      "confidential value is never counted as zero. Breakdowns by area: "
	      "<code>/api/indicators</code>.</p></section>",
	    f);
	json_decref(doc);
}

/* The document's head, the page's header and the roster warning. */
static void
page_head(FILE *f, svk_home *home, json_t *st)
{
	fprintf(f,
	    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>Samverk: ");
	svk_web_html_esc(f, home->name);
	fprintf(f, "</title><style>%s</style></head><body><header><h1>", page_style);
	svk_web_html_esc(f, home->name);
	fputs(" <span style=\"opacity:.7\">", f);
	svk_web_html_esc(f, home->country);
	fputs("</span></h1><p>", f);
	if (json_is_string(json_object_get(st, "federation"))) {
		fputs("Federation <span class=\"fpr\">", f);
		svk_web_html_esc(f, jstr(st, "federation"));
		fputs("</span> &middot; ", f);
		svk_web_html_esc(f, jstr(st, "role"));
	} else {
		fputs("Not in a federation yet", f);
	}
	fprintf(f, " &middot; %lld entries held</p></header><main>",
	    (long long)json_integer_value(json_object_get(json_object_get(st, "entries"),
		"all")));
	if (json_is_true(json_object_get(st, "roster_expired")))
		fputs("<p class=\"warn\"><strong>The roster has expired.</strong> Partners' "
		      "entries are refused until the coordinator renews it.</p>",
		    f);
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(st, "links_down"), i, d) {
		long long s = (long long)json_integer_value(json_object_get(d,
		    "down_for_s"));
		fputs("<p class=\"warn\"><strong>Link to ", f);
		svk_web_html_esc(f, jstr(d, "name"));
		fprintf(f, " %s</strong> for %lld min (since ",
		    strcmp(jstr(d, "state"), "down") == 0 ? "down" : "partly down",
		    s / 60);
		svk_web_html_esc(f, jstr(d, "down_since"));
		fputs("). The daemon keeps dialling <code>", f);
		svk_web_html_esc(f, jstr(d, "catchup"));
		fputs("</code>: check that the partner's daemon runs and that this "
		      "address is reachable from here.</p>",
		    f);
	}
}

enum MHD_Result
svk_page_respond(struct MHD_Connection *c, svk_home *home, const svk_config *cfg)
{
	svk_query pq = {.kind = SVK_KIND_PRACTICE, .limit = 25};
	svk_query nq = {.kind = SVK_KIND_NEED, .limit = 25};
	json_t *st = svk_report_status(home, cfg);
	json_t *fed = svk_report_federation(home);
	json_t *practices, *needs;
	svk_http_reply o;
	int err;

	practices = svk_report_entities(home, &pq, &err);
	needs = svk_report_entities(home, &nq, &err);
	if (st == NULL || fed == NULL || practices == NULL || needs == NULL ||
	    svk_http_reply_open(&o) != 0) {
		json_decref(st);
		json_decref(fed);
		json_decref(practices);
		json_decref(needs);
		return svk_http_reply_text(c, 500, "cannot read the store\n");
	}
	page_head(o.f, home, st);
	page_members(o.f, fed);
	page_peers(o.f, st);
	page_entities(o.f, practices, "practices", "Recent practices");
	page_entities(o.f, needs, "needs", "Recent needs");
	page_indicators(o.f, home);
	page_problems(o.f, st);
	fputs("<p class=\"muted\">Reload the page to see what changed. JSON: <code>/api/status</code>, "
	      "<code>/api/federation</code>, <code>/api/practices</code>, "
	      "<code>/api/needs</code>, <code>/api/indicators</code>; metrics: <code>/metrics</code>.</p></main></body></html>\n",
	    o.f);
	json_decref(st);
	json_decref(fed);
	json_decref(practices);
	json_decref(needs);
	return svk_http_reply_send(&o, c, 200, "text/html; charset=utf-8");
}
