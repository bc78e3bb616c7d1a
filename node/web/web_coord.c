/*
 * web_coord.c: the web app's overview, for the coordinator, written from
 * the documents report.c makes for `status` and /api/status. See
 * web_coord.h.
 */
#include "web_coord.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "view.h"
#include "web_entity.h"
#include "web_member.h"

#define RECENT 10 /* practices and needs shown */

static long long
jint(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* "just now", "N minutes ago" ... "N days ago", or "never" when seconds is
 * not a number. */
static void
ago(svk_web_page *p, json_t *seconds)
{
	static const struct {
		long long unit;
		const char *key;
	} units[] = {{86400, "coord.days_ago"}, {3600, "coord.hours_ago"},
	    {60, "coord.minutes_ago"}};
	long long s = (long long)json_integer_value(seconds);
	char n[32];

	if (!json_is_integer(seconds)) {
		svk_web_html_text(p, "coord.never");
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (s >= units[i].unit) {
			snprintf(n, sizeof(n), "%lld", s / units[i].unit);
			svk_web_html_say(p, units[i].key, n);
			return;
		}
	svk_web_html_text(p, "coord.just_now");
}

static void
behind(svk_web_page *p, json_t *v)
{
	char n[32];

	if (!json_is_integer(v)) {
		svk_web_html_text(p, "page.unknown");
	} else if (json_integer_value(v) == 0) {
		svk_web_html_text(p, "coord.up_to_date");
	} else {
		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(v));
		svk_web_html_say(p, "coord.behind_n", n);
	}
}

/* What went wrong with one member, in words: forks, and what of its was
 * refused, reason by reason. */
static void
member_problems(svk_web_page *p, json_t *m)
{
	const char *reason;
	json_t *v;
	char n[32];
	bool any = false;

	if (jint(m, "forks") > 0) {
		snprintf(n, sizeof(n), "%lld", jint(m, "forks"));
		fputs("<p>", p->f);
		svk_web_html_say(p, "coord.forks", n);
		fputs("</p>", p->f);
		any = true;
	}
	json_object_foreach(json_object_get(m, "rejected"), reason, v) {
		char key[80];
		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(v));
		snprintf(key, sizeof(key), "reason.%s", reason);
		fputs("<p>", p->f);
		if (strcmp(svk_web_html_t(p, key), key) != 0) {
			svk_web_html_say(p, "coord.refused", n,
			    svk_web_html_t(p, key));
		} else {
			/* A reason of a newer version: named by its code. */
			svk_web_html_say(p, "coord.refused", n, reason);
		}
		fputs("</p>", p->f);
		any = true;
	}
	if (!any) {
		fputs("<span class=\"muted\">", p->f);
		svk_web_html_text(p, "coord.no_problems");
		fputs("</span>", p->f);
	}
}

static void
members(svk_web_page *p, json_t *fed)
{
	static const char *const cols[] = {"coord.member", "coord.country",
	    "coord.state", "coord.last_seen", "coord.behind", "coord.version",
	    "coord.problems"};
	size_t i;
	json_t *m;

	fputs("<section id=\"federation\"><h2>", p->f);
	svk_web_html_text(p, "coord.members");
	fputs("</h2><table><thead><tr>", p->f);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		svk_web_html_th(p, cols[i]);
	fputs("</tr></thead><tbody>", p->f);
	json_array_foreach(json_object_get(fed, "members"), i, m) {
		const char *state = svk_web_html_str(m, "state");
		fputs("<tr class=\"member\" data-node=\"", p->f);
		svk_web_html_esc(p->f, svk_web_html_str(m, "node"));
		fputs("\">", p->f);
		svk_web_html_td(p, "coord.member", NULL);
		fputs("<span class=\"name\">", p->f);
		svk_web_html_esc(p->f, svk_web_html_str(m, "name"));
		fputs("</span>", p->f);
		if (json_is_true(json_object_get(m, "self"))) {
			fputs(" <span class=\"muted\">(", p->f);
			svk_web_html_text(p, "coord.this_node");
			fputs(")</span>", p->f);
		}
		if (strcmp(svk_web_html_str(m, "role"), "coordinator") == 0) {
			fputs(" <span class=\"muted\">", p->f);
			svk_web_html_text(p, "coord.coordinator");
			fputs("</span>", p->f);
		}
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.country", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(m, "country"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.state",
		    strcmp(state, "online") == 0 ? "on" : "off");
		svk_web_html_code(p, "state", state);
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.last_seen", NULL);
		ago(p, json_object_get(m, "last_seen_s"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.behind", NULL);
		behind(p, json_object_get(m, "behind"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.version", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(m, "version"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.problems", NULL);
		member_problems(p, m);
		fputs("</td></tr>", p->f);
	}
	fputs("</tbody></table>", p->f);
	if (svk_web_member_shown(p)) {
		fputs("<p class=\"actions\"><a href=\"/members\">", p->f);
		svk_web_html_text(p, "member.manage");
		fputs("</a></p>", p->f);
	}
	fputs("</section>", p->f);
}

static void
links(svk_web_page *p, json_t *st)
{
	static const char *const cols[] = {"coord.partner", "coord.link",
	    "coord.last_seen", "coord.last_catchup", "coord.behind",
	    "coord.encrypted"};
	size_t i;
	json_t *l;

	fputs("<section id=\"peers\"><h2>", p->f);
	svk_web_html_text(p, "coord.links");
	fputs("</h2><table><thead><tr>", p->f);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		svk_web_html_th(p, cols[i]);
	fputs("</tr></thead><tbody>", p->f);
	json_array_foreach(json_object_get(st, "peers"), i, l) {
		fputs("<tr>", p->f);
		svk_web_html_td(p, "coord.partner", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(l, "name"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.link",
		    strcmp(svk_web_html_str(l, "state"), "up") == 0 ? "on" : "off");
		svk_web_html_code(p, "link", svk_web_html_str(l, "state"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.last_seen", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(l, "last_seen")[0] ?
					   svk_web_html_str(l, "last_seen") :
					   svk_web_html_t(p, "coord.never"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.last_catchup", NULL);
		svk_web_html_esc(p->f, svk_web_html_str(l, "last_catchup")[0] ?
					   svk_web_html_str(l, "last_catchup") :
					   svk_web_html_t(p, "coord.never"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.behind", NULL);
		behind(p, json_object_get(l, "behind"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "coord.encrypted", NULL);
		svk_web_html_text(p, json_is_true(json_object_get(l, "encrypted")) ?
					 "page.yes" :
					 "page.no");
		fputs("</td></tr>", p->f);
	}
	fputs("</tbody></table></section>", p->f);
}

/* Writing on hold, forks, flagged origins and refusals by reason. */
static void
problems(svk_web_page *p, json_t *st)
{
	json_t *hold = json_object_get(st, "hold"), *v;
	const char *key;
	char a[32], b[32];
	bool any = false;
	size_t i;

	fputs("<section id=\"problems\"><h2>", p->f);
	svk_web_html_text(p, "coord.refusals");
	fputs("</h2>", p->f);
	if (json_is_true(json_object_get(hold, "held"))) {
		fputs("<p class=\"warn\" id=\"hold\">", p->f);
		svk_web_html_say(p, "page.hold", svk_web_html_str(hold, "message"));
		fputs("</p>", p->f);
		any = true;
	}
	json_array_foreach(json_object_get(st, "forks"), i, v) {
		snprintf(a, sizeof(a), "%lld", jint(v, "seq"));
		fputs("<p class=\"warn fork\">", p->f);
		svk_web_html_say(p, "coord.fork_line",
		    svk_web_html_str(v, "name")[0] ?
			svk_web_html_str(v, "name") :
			svk_web_html_t(p, "coord.fork_unknown"),
		    svk_web_html_str(v, "origin"), a);
		fputs("</p>", p->f);
		any = true;
	}
	json_object_foreach(json_object_get(st, "flagged"), key, v) {
		char rk[80];
		snprintf(rk, sizeof(rk), "reason.%s", key);
		snprintf(b, sizeof(b), "%lld", (long long)json_integer_value(v));
		fputs("<p class=\"warn\">", p->f);
		svk_web_html_say(p, "coord.flagged",
		    strcmp(svk_web_html_t(p, rk), rk) != 0 ? svk_web_html_t(p, rk) : key,
		    b);
		fputs("</p>", p->f);
		any = true;
	}
	if (json_object_size(json_object_get(st, "rejected")) > 0) {
		fputs("<table><thead><tr>", p->f);
		svk_web_html_th(p, "coord.reason");
		svk_web_html_th(p, "coord.count");
		fputs("</tr></thead><tbody>", p->f);
		json_object_foreach(json_object_get(st, "rejected"), key, v) {
			fputs("<tr>", p->f);
			svk_web_html_td(p, "coord.reason", NULL);
			svk_web_html_code(p, "reason", key);
			fprintf(p->f, "</td>");
			svk_web_html_td(p, "coord.count", NULL);
			fprintf(p->f, "%lld</td></tr>",
			    (long long)json_integer_value(v));
		}
		fputs("</tbody></table>", p->f);
		any = true;
	}
	if (!any) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, "coord.nothing_refused");
		fputs("</p>", p->f);
	}
	fputs("</section>", p->f);
}

/* Which federation, how much is held, and whether the roster holds. */
static void
summary(svk_web_page *p, json_t *st)
{
	char n[32], when[32];

	snprintf(n, sizeof(n), "%lld", jint(json_object_get(st, "entries"), "all"));
	fputs("<section id=\"node\"><p>", p->f);
	if (json_is_string(json_object_get(st, "federation"))) {
		svk_web_html_say(p, "page.federation",
		    svk_web_html_str(st, "federation"));
		fputs(" &middot; ", p->f);
	} else {
		svk_web_html_text(p, "page.no_federation");
		fputs(" &middot; ", p->f);
	}
	svk_web_html_say(p, "page.entries", n);
	fputs("</p>", p->f);
	if (json_is_true(json_object_get(st, "roster_expired"))) {
		fputs("<p class=\"warn\"><strong>", p->f);
		svk_web_html_text(p, "page.roster_expired");
		fputs("</strong></p>", p->f);
	} else if (jint(st, "roster_expires_ms") > 0) {
		svk_report_iso_time(jint(st, "roster_expires_ms"), when);
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_say(p, "coord.roster_expires", when);
		fputs("</p>", p->f);
	}
	fputs("</section>", p->f);
}

static void
recent(svk_web_page *p, int kind, const char *key, const char *id)
{
	svk_query q = {.kind = kind, .limit = RECENT};
	int err;
	json_t *list = svk_report_entities(p->req->home, &q, &err);

	fprintf(p->f, "<section id=\"%s\"><h2>", id);
	svk_web_html_text(p, key);
	fputs("</h2>", p->f);
	if (list == NULL) {
		fputs("<p class=\"warn\">", p->f);
		svk_web_html_text(p, "page.error");
		fputs("</p>", p->f);
	} else if (json_array_size(list) == 0) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, kind == SVK_KIND_NEED ? "need.none" : "prac.none");
		fputs("</p>", p->f);
	} else {
		svk_web_entity_table(p, list, kind);
	}
	fputs("</section>", p->f);
	json_decref(list);
}

void
svk_web_coord_page(svk_web_page *p)
{
	json_t *st = svk_report_status(p->req->home, p->req->cfg);
	json_t *fed = svk_report_federation(p->req->home);

	if (st == NULL || fed == NULL) {
		svk_web_html_message(p, 500, "nav.overview", "page.error", NULL);
	} else {
		svk_web_html_head(p, "nav.overview", NULL, NULL, "nav.overview");
		summary(p, st);
		members(p, fed);
		links(p, st);
		problems(p, st);
		recent(p, SVK_KIND_PRACTICE, "coord.recent_practices", "practices");
		recent(p, SVK_KIND_NEED, "coord.recent_needs", "needs");
		svk_web_html_foot(p);
	}
	json_decref(st);
	json_decref(fed);
}
