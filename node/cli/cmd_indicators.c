/*
 * cmd_indicators.c: `samverk indicators ...`: compute a period's indicators
 * from the registry and this node's records, publish them (after disclosure
 * control, see store/indicators.h), show this node's sets or the
 * federation's rollup, and export them as JSON or SDMX-CSV 2.0.
 *
 * The rollup document comes from report.c (svk_report_rollup), shared with
 * the daemon's /api/indicators; the sets as JSON and SDMX-CSV from
 * report_indicators.c, shared with the web app.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "report.h"
#include "report_indicators.h"
#include "config.h"
#include "indicators.h"
#include "indicators_preview.h"
#include "log.h"
#include "view.h"


struct opts {
	bool json;
	bool federation;
	const char *period;
	const char *format;
	int first;
};

/* Parses the options of one indicators command: allowed names them in the
 * order its usage shows them (p --period, f --federation, o --format, j
 * --json), in capitals those it needs. */
static int
parse(int argc, char **argv, const char *text, const char *allowed, struct opts *o)
{
	const svk_cli_opt all[] = {
	    {"period", 'p', SVK_CLI_STRING, &o->period, "PERIOD",
		"a quarter, month or year: 2026-Q3, 2026-09, 2026", false},
	    {"federation", 'f', SVK_CLI_FLAG, &o->federation, NULL,
		"the rollup over every member instead", false},
	    {"format", 'o', SVK_CLI_STRING, &o->format, "csv|json",
		"SDMX-CSV 2.0 or JSON", false},
	    {"json", 'j', SVK_CLI_FLAG, &o->json, NULL, "the same as JSON", false},
	};
	svk_cli_opt opts[5];
	svk_cli_usage usage = {NULL, text, opts};
	svk_period p;
	size_t n = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	for (const char *c = allowed; *c; c++) {
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
			if (all[i].letter != (*c | 0x20))
				continue;
			opts[n] = all[i];
			/* The letters only pick; the options have no short form. */
			opts[n].letter = 0;
			opts[n++].required = (*c & 0x20) == 0;
		}
	}
	opts[n] = (svk_cli_opt)SVK_CLI_END;
	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &o->first)) != 0)
		return rc;
	if (o->first != argc)
		return svk_cli_error_usage("wrong number of arguments");
	if (o->period && svk_period_parse(o->period, &p) != 0) {
		svk_cli_error("--period is a quarter, month or year (2026-Q3, "
			      "2026-09, 2026), not '%s'",
		    o->period);
		return 2;
	}
	return 0;
}

/* Why a cell is confidential, in words. */
static const char *
conf_text(const char *conf)
{
	return strcmp(conf, "primary") == 0   ? "small count" :
	       strcmp(conf, "secondary") == 0 ? "protects another cell" :
						"the whole indicator is withheld";
}

static void
print_set(const svk_indicator_set *set)
{
	svk_period p;

	if (svk_period_parse(set->period, &p) != 0)
		return;
	printf("indicators for %s (%s to %s); counts below %u suppressed\n",
	    set->period, p.first, p.last, set->min_cell);
	printf("%-22s %-26s %8s  %s\n", "indicator", "breakdown", "value", "unit");
	for (size_t i = 0; i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		if (c->conf == SVK_CONF_FREE)
			printf("%-22s %-26s %8llu  %s\n", c->code,
			    svk_cli_breakdown(c->breakdown),
			    (unsigned long long)c->value, c->unit);
		else
			printf("%-22s %-26s %8s  %s  (confidential: %s)\n",
			    c->code, svk_cli_breakdown(c->breakdown), "-", c->unit,
			    conf_text(svk_report_indicators_conf_name(c->conf)));
	}
}

static int
compute_set(svk_cli *cli, svk_home *home, const char *period,
    svk_indicators_preview *pv)
{
	svk_config cfg;
	int err;

	if (svk_cli_config(cli, &cfg) != 0)
		return 1;
	err = svk_indicators_preview_make(home, &cfg, period, pv);
	if (err == SVK_EINVAL) {
		svk_cli_error("the indicators for %s cannot be protected well "
			      "enough to publish",
		    period);
		return 1;
	}
	if (err != 0) {
		svk_cli_error("cannot compute the indicators: %s", svk_error_str(err));
		return 1;
	}
	return 0;
}

static int
compute(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Shows the indicators for PERIOD (2026-Q3, 2026-09 or 2026) as they\n"
	    "would be published, after disclosure control: counts below\n"
	    "[indicators] min_cell (default 5) and the cells that would give\n"
	    "them away are confidential. Writes nothing.\n";
	struct opts o;
	svk_indicators_preview pv = {0};
	svk_home *home;
	int rc;

	if ((rc = parse(argc, argv, help, "Pj", &o)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.period == NULL)
		return svk_cli_error_usage("--period is needed");
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if ((rc = compute_set(cli, home, o.period, &pv)) != 0)
		goto out;
	if (o.json) {
		rc = svk_cli_print_json(svk_report_indicators_set(pv.set));
		goto out;
	}
	print_set(pv.set);
out:
	svk_indicators_preview_fini(&pv);
	svk_home_close(home);
	return rc;
}

static int
publish(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Computes the indicators for PERIOD as 'indicators compute' shows\n"
	    "them, signs them into this node's log, and so publishes them to\n"
	    "the partners. A newer set for the same period replaces the older.\n"
	    "Only aggregated counts leave the node, never a volunteer's data.\n";
	struct opts o;
	svk_indicators_preview pv = {0};
	svk_home *home;
	uint64_t seq;
	int rc, err;

	if ((rc = parse(argc, argv, help, "P", &o)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.period == NULL)
		return svk_cli_error_usage("--period is needed");
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if ((rc = compute_set(cli, home, o.period, &pv)) != 0)
		goto out;
	if ((err = svk_indicators_preview_publish(home, &pv, &seq)) != 0) {
		svk_cli_error("cannot publish the indicators: %s",
		    svk_cli_why_not(home, err));
		rc = 1;
		goto out;
	}
	printf("published indicators for %s (entry %llu): %zu cells, %zu of them "
	       "confidential\n",
	    pv.set->period, (unsigned long long)seq, pv.set->n, pv.hidden);
out:
	svk_indicators_preview_fini(&pv);
	svk_home_close(home);
	return rc;
}

/* --- this node's sets ------------------------------------------------------ */

static void
print_rollup(json_t *doc)
{
	size_t i, j;
	json_t *g, *c, *m;

	if (json_array_size(json_object_get(doc, "periods")) == 0) {
		printf("no member has published indicators yet\n");
		return;
	}
	json_array_foreach(json_object_get(doc, "members"), i, m) {
		printf("%s %-2s %s\n", i == 0 ? "members" : "       ",
		    json_string_value(json_object_get(m, "country")),
		    json_string_value(json_object_get(m, "name")));
	}
	json_array_foreach(json_object_get(doc, "periods"), i, g) {
		long long members = json_integer_value(json_object_get(g, "members"));
		printf("\n%s: the sum over the members that reported each cell "
		       "(%lld with a set)\n",
		    json_string_value(json_object_get(g, "period")), members);
		printf("%-22s %-26s %10s  %-9s %s\n", "indicator", "breakdown",
		    "sum", "reported", "confidential");
		json_array_foreach(json_object_get(g, "cells"), j, c) {
			json_t *v = json_object_get(c, "value");
			char sum[32];
			if (json_is_integer(v))
				snprintf(sum, sizeof(sum), "%lld",
				    (long long)json_integer_value(v));
			else
				strcpy(sum, "-");
			printf("%-22s %-26s %10s  %lld of %-4lld %lld\n",
			    json_string_value(json_object_get(c, "code")),
			    svk_cli_breakdown(json_string_value(json_object_get(c,
				"breakdown"))),
			    sum,
			    (long long)json_integer_value(json_object_get(c, "reported")),
			    members,
			    (long long)json_integer_value(json_object_get(c,
				"confidential")));
		}
	}
}

/* One cell of a published set, as print_set prints a computed one. */
static void
print_cell(json_t *c)
{
	json_t *v = json_object_get(c, "value");
	const char *conf = json_string_value(json_object_get(c, "conf"));
	char value[32] = "-";

	if (json_is_integer(v))
		snprintf(value, sizeof(value), "%lld",
		    (long long)json_integer_value(v));
	printf("%-22s %-26s %8s  %s%s%s%s\n",
	    json_string_value(json_object_get(c, "code")),
	    svk_cli_breakdown(json_string_value(json_object_get(c, "breakdown"))),
	    value, json_string_value(json_object_get(c, "unit")),
	    strcmp(conf, "free") == 0 ? "" : "  (confidential: ",
	    strcmp(conf, "free") == 0 ? "" : conf_text(conf),
	    strcmp(conf, "free") == 0 ? "" : ")");
}

/* This node's sets (o->period's, or all) or, with --federation, the rollup,
 * as the JSON report gives them; NULL after reporting a failure. */
static json_t *
read_sets(svk_home *home, const struct opts *o)
{
	int err = 0;
	json_t *doc = o->federation ?
			  svk_report_rollup(home, o->period) :
			  svk_report_indicators_own(home, o->period, &err);

	if (doc == NULL)
		svk_cli_error("cannot read the indicators: %s",
		    svk_error_str(err ? err : SVK_EDB));
	return doc;
}

static int
show(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Shows the indicator sets this node published, the latest for each\n"
	    "period. With --federation: the rollup over every member's latest\n"
	    "set held here: per period and cell, the sum over the members that\n"
	    "published it, how many did, and how many hold it confidential\n"
	    "(a confidential cell is never counted as zero).\n";
	struct opts o;
	svk_home *home;
	json_t *doc = NULL;
	int rc;

	if ((rc = parse(argc, argv, help, "pfj", &o)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if ((doc = read_sets(home, &o)) == NULL)
		goto out;
	if (o.json) {
		rc = svk_cli_print_json(doc);
		doc = NULL;
		goto out;
	}
	if (o.federation) {
		print_rollup(doc);
	} else {
		size_t i;
		json_t *s;
		if (json_array_size(doc) == 0)
			printf("this node has published no indicators%s%s yet\n",
			    o.period ? " for " : "", o.period ? o.period : "");
		json_array_foreach(doc, i, s) {
			size_t j;
			json_t *c;
			printf("%s%s, published %s (entry %lld); counts below %lld "
			       "suppressed\n",
			    i ? "\n" : "",
			    json_string_value(json_object_get(s, "period")),
			    json_string_value(json_object_get(s, "published")),
			    (long long)json_integer_value(json_object_get(s, "seq")),
			    (long long)json_integer_value(json_object_get(s,
				"min_cell")));
			json_array_foreach(json_object_get(s, "cells"), j, c)
				print_cell(c);
		}
	}
	rc = 0;
out:
	json_decref(doc);
	svk_home_close(home);
	return rc;
}

/* --- export ----------------------------------------------------------------- */

static int export(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Writes this node's published indicator sets (the latest for each\n"
	    "period), or with --federation the rollup over the members, to\n"
	    "stdout. csv is SDMX-CSV 2.0: STRUCTURE,STRUCTURE_ID,ACTION, then\n"
	    "REF_AREA,INDICATOR,BREAKDOWN,TIME_PERIOD, then OBS_VALUE,\n"
	    "UNIT_MEASURE,OBS_STATUS,CONF_STATUS; the dataflow is\n"
	    "  " SVK_REPORT_SDMX_DATAFLOW "\n"
	    "A confidential cell has no OBS_VALUE, OBS_STATUS Q, and CONF_STATUS\n"
	    "A (a small count), D (protecting another) or C (the indicator\n"
	    "withheld as a whole). REF_AREA is this\n"
	    "node's country, or _T for the federation's sums, which carry two\n"
	    "more columns: REPORTING_MEMBERS and CONFIDENTIAL_MEMBERS.\n";
	struct opts o;
	svk_home *home;
	json_t *doc = NULL;
	int rc;

	if ((rc = parse(argc, argv, help, "Opf", &o)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.format == NULL)
		return svk_cli_error_usage("--format is needed");
	if (strcmp(o.format, "csv") != 0 && strcmp(o.format, "json") != 0) {
		svk_cli_error("--format is csv or json, not '%s'", o.format);
		return 2;
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if ((doc = read_sets(home, &o)) == NULL)
		goto out;
	if (strcmp(o.format, "json") == 0) {
		rc = svk_cli_print_json(doc);
		doc = NULL;
		goto out;
	}
	if (o.federation)
		svk_report_indicators_sdmx_federation(stdout, doc);
	else
		svk_report_indicators_sdmx_own(stdout, home->country, doc);
	rc = 0;
out:
	json_decref(doc);
	svk_home_close(home);
	return rc;
}

int
svk_cmd_indicators(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"compute", compute, "preview a period's indicators"},
	    {"publish", publish, "sign and publish a period's indicators"},
	    {"show", show, "this node's sets, or the federation's rollup"},
	    {"export", export, "write indicators as SDMX-CSV or JSON"},
	    {"audit", svk_cmd_indicators_audit,
		"what an outsider can work out of suppressed cells"},
	    {NULL, NULL, NULL},
	};
	static const svk_cmd_group group = {"indicators", NULL, NULL, table};

	return svk_cli_dispatch(cli, &group, argc, argv);
}
