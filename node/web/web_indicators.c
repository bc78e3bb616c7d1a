/*
 * web_indicators.c: the indicators page: the federation's rollup of the
 * three latest periods (report.c's document, as /api/indicators serves
 * it) and the sets this node has published, each hidden value marked with
 * why it is hidden. See web_indicators.h.
 */
#include "web_indicators.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "indicators.h"
#include "indicators_preview.h"
#include "report.h"
#include "report_indicators.h"
#include "say.h"
#include "web_member.h"

#define PERIODS 3  /* of the rollup shown, newest first */
#define OWN_SETS 2 /* of this node's sets shown in full, newest first */

static void
num(svk_web_page *p, long long v)
{
	fprintf(p->f, "%lld", v);
}

/* One period of the rollup: its totals. */
static void
rollup_period(svk_web_page *p, json_t *g)
{
	char n[32], a[32], b[32];
	json_t *c;
	size_t j;

	snprintf(n, sizeof(n), "%lld",
	    (long long)json_integer_value(json_object_get(g, "members")));
	fputs("<h3 class=\"period\">", p->f);
	svk_web_html_say(p, "ind.period", svk_web_html_str(g, "period"));
	fputs(" <span class=\"muted\">", p->f);
	svk_web_html_say(p, "ind.period_members", n);
	fputs("</span></h3><table><thead><tr>", p->f);
	svk_web_html_th(p, "ind.indicator");
	svk_web_html_th(p, "ind.total");
	svk_web_html_th(p, "ind.reported_by");
	svk_web_html_th(p, "ind.confidential");
	fputs("</tr></thead><tbody>", p->f);
	json_array_foreach(json_object_get(g, "cells"), j, c) {
		json_t *v = json_object_get(c, "value");
		if (strcmp(svk_web_html_str(c, "breakdown"), "_T") != 0)
			continue;
		fputs("<tr class=\"indicator\">", p->f);
		svk_web_html_td(p, "ind.indicator", NULL);
		svk_web_html_code(p, "ind", svk_web_html_str(c, "code"));
		fputs("</td>", p->f);
		svk_web_html_td(p, "ind.total", NULL);
		if (json_is_integer(v))
			num(p, (long long)json_integer_value(v));
		else
			fputs("&ndash;", p->f);
		fputs(" <span class=\"muted\">", p->f);
		svk_web_html_code(p, "unit", svk_web_html_str(c, "unit"));
		fputs("</span></td>", p->f);
		svk_web_html_td(p, "ind.reported_by", NULL);
		snprintf(a, sizeof(a), "%lld",
		    (long long)json_integer_value(json_object_get(c, "reported")));
		snprintf(b, sizeof(b), "%lld",
		    (long long)json_integer_value(json_object_get(c, "members")));
		svk_web_html_say(p, "ind.of", a, b);
		fputs("</td>", p->f);
		svk_web_html_td(p, "ind.confidential", NULL);
		num(p, (long long)json_integer_value(json_object_get(c,
			   "confidential")));
		fputs("</td></tr>", p->f);
	}
	fputs("</tbody></table>", p->f);
}

static void
rollup(svk_web_page *p)
{
	json_t *doc = svk_report_rollup(p->req->home, NULL);
	json_t *periods = json_object_get(doc, "periods");
	size_t n = json_array_size(periods);

	fputs("<section id=\"rollup\"><h2>", p->f);
	svk_web_html_text(p, "ind.federation");
	fputs("</h2>", p->f);
	if (doc == NULL) {
		fputs("<p class=\"warn\">", p->f);
		svk_web_html_text(p, "page.error");
		fputs("</p>", p->f);
	} else if (n == 0) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, "ind.none");
		fputs("</p>", p->f);
	}
	for (size_t i = n; i > 0 && i + PERIODS > n; i--)
		rollup_period(p, json_array_get(periods, i - 1));
	fputs("<p class=\"muted\">", p->f);
	svk_web_html_text(p, "ind.explain");
	fputs("</p>", p->f);
	if (n > 0) {
		fputs("<p><a href=\"/indicators/federation.csv\" download>", p->f);
		svk_web_html_text(p, "ind.csv_federation");
		fputs("</a></p>", p->f);
	}
	fputs("</section>", p->f);
	json_decref(doc);
}

/* This node's sets, newest period last as svk_indicators_each gives them:
 * kept (copied) so the newest can be shown first. */
struct own {
	svk_web_page *p;
	svk_indicator_set *sets[64];
	size_t n;
};

static int
own_cb(void *arg, const svk_indicator_set *set)
{
	struct own *o = arg;
	svk_indicator_set *copy;

	if (o->n == sizeof(o->sets) / sizeof(o->sets[0])) {
		svk_indicator_set_free(o->sets[0]);
		memmove(o->sets, o->sets + 1, (o->n - 1) * sizeof(o->sets[0]));
		o->n--;
	}
	if ((copy = calloc(1, sizeof(*copy))) == NULL ||
	    (copy->cells = calloc(set->n ? set->n : 1, sizeof(*copy->cells))) == NULL) {
		free(copy);
		return -ENOMEM;
	}
	memcpy(copy->period, set->period, sizeof(copy->period));
	copy->min_cell = set->min_cell;
	copy->n = set->n;
	copy->time_ms = set->time_ms;
	memcpy(copy->cells, set->cells, set->n * sizeof(*copy->cells));
	o->sets[o->n++] = copy;
	return 0;
}

/* Why a hidden cell is hidden, in words: the preview's reason (why, when
 * known), else its status's. */
static const char *
hidden_key(const svk_indicator *c, const svk_indicators_why *why)
{
	static const char *const keys[] = {
	    [SVK_WHY_SHOWN] = NULL,
	    [SVK_WHY_SMALL] = "ind.hidden_primary",
	    [SVK_WHY_PROTECTS] = "ind.hidden_secondary",
	    [SVK_WHY_WITHHELD] = "ind.hidden_withheld",
	    [SVK_WHY_EARLIER] = "ind.hidden_earlier",
	};

	if (why != NULL)
		return keys[*why];
	return c->conf == SVK_CONF_FREE	     ? NULL :
	       c->conf == SVK_CONF_PRIMARY   ? "ind.hidden_primary" :
	       c->conf == SVK_CONF_SECONDARY ? "ind.hidden_secondary" :
					       "ind.hidden_withheld";
}

/* A set's cells, each hidden one with why (why[i] for cells[i]; NULL: by
 * its status), and what hiding means. */
static void
set_table(svk_web_page *p, const svk_indicator_set *set, const svk_indicators_why *why)
{
	char min[32];

	fputs("<table><thead><tr>", p->f);
	svk_web_html_th(p, "ind.indicator");
	svk_web_html_th(p, "ind.breakdown");
	svk_web_html_th(p, "ind.value");
	fputs("</tr></thead><tbody>", p->f);
	for (size_t i = 0; i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		const char *key = hidden_key(c, why ? &why[i] : NULL);
		fputs("<tr>", p->f);
		svk_web_html_td(p, "ind.indicator", NULL);
		svk_web_html_code(p, "ind", c->code);
		fputs("</td>", p->f);
		svk_web_html_td(p, "ind.breakdown", NULL);
		if (strncmp(c->breakdown, "area:", 5) == 0)
			svk_web_html_code(p, "area", c->breakdown + 5);
		else
			svk_web_html_text(p, "ind.all");
		fputs("</td>", p->f);
		svk_web_html_td(p, "ind.value", NULL);
		if (key == NULL) {
			num(p, (long long)c->value);
			fputs(" <span class=\"muted\">", p->f);
			svk_web_html_code(p, "unit", c->unit);
			fputs("</span>", p->f);
		} else {
			fputs("<span class=\"hidden-cell\">", p->f);
			svk_web_html_text(p, key);
			fputs("</span>", p->f);
		}
		fputs("</td></tr>", p->f);
	}
	fputs("</tbody></table><p class=\"muted\">", p->f);
	snprintf(min, sizeof(min), "%u", set->min_cell > 0 ? set->min_cell - 1 : 0);
	svk_web_html_say(p, "ind.hidden_explain", min);
	fputs("</p>", p->f);
}

static void
own_set(svk_web_page *p, const svk_indicator_set *set)
{
	char when[32];

	svk_report_iso_time(set->time_ms, when);
	fputs("<h3 class=\"own-period\">", p->f);
	svk_web_html_say(p, "ind.own_period", set->period, when);
	fputs("</h3>", p->f);
	set_table(p, set, NULL);
}

static void
own(svk_web_page *p)
{
	struct own o = {.p = p};
	svk_home *home = p->req->home;
	int err = svk_indicators_each(home->store,
	    svk_crypto_identity_public(home->id), NULL, own_cb, &o);

	fputs("<section id=\"own\"><h2>", p->f);
	svk_web_html_text(p, "ind.own");
	fputs("</h2>", p->f);
	if (err != 0) {
		fputs("<p class=\"warn\">", p->f);
		svk_web_html_text(p, "page.error");
		fputs("</p>", p->f);
	} else if (o.n == 0) {
		fputs("<p class=\"muted\">", p->f);
		svk_web_html_text(p, "ind.own_none");
		fputs("</p>", p->f);
	}
	for (size_t i = o.n; err == 0 && i > 0 && i + OWN_SETS > o.n; i--)
		own_set(p, o.sets[i - 1]);
	if (err == 0 && o.n > 0) {
		fputs("<p><a href=\"/indicators/own.csv\" download>", p->f);
		svk_web_html_text(p, "ind.csv_own");
		fputs("</a></p>", p->f);
	}
	fputs("</section>", p->f);
	for (size_t i = 0; i < o.n; i++)
		svk_indicator_set_free(o.sets[i]);
}

/* The quarter now, as a period's default: "2026-Q4". */
static void
this_quarter(char out[static 32])
{
	time_t t = (time_t)(svk_clock_now_ms() / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		out[0] = '\0';
	else
		snprintf(out, 32, "%d-Q%d", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
}

void
svk_web_indicators_page(svk_web_page *p)
{
	svk_web_html_head(p, "ind.title", NULL, NULL, "nav.indicators");
	if (svk_web_html_can(p, SVK_WEB_ADMIN)) {
		char quarter[32];
		this_quarter(quarter);
		fputs("<p class=\"actions\"><a href=\"/indicators/preview?period=",
		    p->f);
		svk_web_html_url(p->f, quarter);
		fputs("\">", p->f);
		svk_web_html_text(p, "ind.preview_link");
		fputs("</a></p>", p->f);
	}
	rollup(p);
	own(p);
	svk_web_html_foot(p);
}

void
svk_web_indicators_csv(svk_web_page *p, bool federation)
{
	svk_home *home = p->req->home;
	int err = 0;
	json_t *doc = federation ? svk_report_rollup(home, NULL) :
				   svk_report_indicators_own(home, NULL, &err);

	if (doc == NULL) {
		svk_web_html_message(p, 500, "ind.title", "page.error", NULL);
		return;
	}
	p->type = "text/csv; charset=utf-8";
	snprintf(p->disposition, sizeof(p->disposition),
	    "attachment; filename=\"samverk-%s.csv\"",
	    federation ? "federation" : "indicators");
	if (federation)
		svk_report_indicators_sdmx_federation(p->f, doc);
	else
		svk_report_indicators_sdmx_own(p->f, home->country, doc);
	json_decref(doc);
}

/* --- preview and publish (admin) ------------------------------------------ */

static void
preview_set(svk_web_page *p, const svk_indicators_preview *pv)
{
	const svk_indicator_set *set = pv->set;
	char n[32], hidden_n[32];

	fputs("<section id=\"preview\"><h2>", p->f);
	svk_web_html_say(p, "ind.preview_of", set->period);
	fputs("</h2>", p->f);
	set_table(p, set, pv->why);
	fputs("<p>", p->f);
	snprintf(n, sizeof(n), "%zu", set->n);
	snprintf(hidden_n, sizeof(hidden_n), "%zu", pv->hidden);
	svk_web_html_say(p, "ind.preview_counts", n, hidden_n);
	fputs("</p><form method=\"post\" action=\"/indicators/publish\">", p->f);
	svk_web_html_csrf(p);
	fputs("<input type=\"hidden\" name=\"period\" value=\"", p->f);
	svk_web_html_esc(p->f, set->period);
	fputs("\"><p class=\"muted\">", p->f);
	svk_web_html_text(p, "ind.publish_explain");
	fputs("</p><button type=\"submit\">", p->f);
	svk_web_html_say(p, "ind.publish", set->period);
	fputs("</button></form></section>", p->f);
}

/* The preview page for period (NULL: only the form); the set, or what
 * refused it. */
static void
preview(svk_web_page *p, const char *period)
{
	svk_indicators_preview pv;
	char quarter[32];
	int err = 0;

	if (period != NULL)
		err = svk_indicators_preview_make(p->req->home, p->req->cfg,
		    period, &pv);
	else
		memset(&pv, 0, sizeof(pv));
	if (period != NULL && err != 0 && err != SVK_EMALFORMED && err != SVK_EINVAL) {
		svk_indicators_preview_fini(&pv);
		svk_web_html_message(p, 500, "ind.preview_title", "page.error", NULL);
		return;
	}
	if (err != 0)
		p->status = 400;
	this_quarter(quarter);
	svk_web_html_head(p, "ind.preview_title", NULL, NULL, "nav.indicators");
	fputs("<section><p>", p->f);
	svk_web_html_text(p, "ind.preview_explain");
	fputs("</p><form class=\"filter\" method=\"get\" "
	      "action=\"/indicators/preview\"><label for=\"f-period\">",
	    p->f);
	svk_web_html_text(p, "ind.period_field");
	fputs("<input type=\"text\" id=\"f-period\" name=\"period\" value=\"", p->f);
	svk_web_html_esc(p->f, period ? period : quarter);
	fputs("\"", p->f);
	if (err == SVK_EMALFORMED)
		fputs(" aria-invalid=\"true\" aria-describedby=\"e-period\"", p->f);
	fputs("></label><button type=\"submit\">", p->f);
	svk_web_html_text(p, "ind.preview_button");
	fputs("</button></form>", p->f);
	if (err == SVK_EMALFORMED) {
		fputs("<p class=\"field-error\" id=\"e-period\">", p->f);
		svk_web_html_text(p, "ind.period_bad");
		fputs("</p>", p->f);
	}
	fputs("</section>", p->f);
	if (err == SVK_EINVAL) {
		fputs("<section><p class=\"warn\" role=\"alert\" id=\"refused\">",
		    p->f);
		svk_web_html_say(p, "ind.refused", period);
		fputs("</p></section>", p->f);
	} else if (period != NULL && err == 0) {
		preview_set(p, &pv);
	}
	svk_web_html_foot(p);
	svk_indicators_preview_fini(&pv);
}

void
svk_web_indicators_preview(svk_web_page *p)
{
	if (!svk_web_member_admin(p))
		return;
	if (strcmp(p->req->method, "POST") == 0) {
		svk_web_html_message(p, 405, "ind.preview_title",
		    "member.post_only", NULL);
		return;
	}
	preview(p, svk_web_html_arg(p, "period"));
}

void
svk_web_indicators_publish(svk_web_page *p)
{
	const svk_web_fields *f = p->req->form;
	const char *period = f && f->get ? f->get(f->arg, "period") : NULL;
	svk_indicators_preview pv;
	uint64_t seq = 0;
	int err;

	if (!svk_web_member_admin(p))
		return;
	if (strcmp(p->req->method, "POST") != 0) {
		svk_web_html_message(p, 405, "ind.preview_title",
		    "member.post_only", NULL);
		return;
	}
	err = svk_indicators_preview_make(p->req->home, p->req->cfg, period, &pv);
	if (err == SVK_EMALFORMED || err == SVK_EINVAL) {
		svk_indicators_preview_fini(&pv);
		preview(p, period ? period : "");
		return;
	}
	if (err == 0)
		err = svk_indicators_preview_publish(p->req->home, &pv, &seq);
	if (err != 0) {
		svk_say_warn("audit: %s could not publish indicators for %s: %s",
		    p->req->who->user, period, svk_error_str(err));
		svk_indicators_preview_fini(&pv);
		svk_web_html_not_written(p, "ind.preview_title", err);
		return;
	}
	svk_say_info("audit: %s published indicators for %s (entry %llu): %zu "
		     "cells, %zu of them hidden",
	    p->req->who->user, pv.set->period, (unsigned long long)seq, pv.set->n,
	    pv.hidden);
	svk_indicators_preview_fini(&pv);
	svk_web_html_see_other(p, "/indicators#own");
}
