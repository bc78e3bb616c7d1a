/*
 * cmd_indicators_audit.c: `samverk indicators audit`: for every suppressed
 * count this node has published (and for the few people a difference
 * between two periods counts), the interval an outsider can work out from
 * all its published sets together, by linear programming (store/audit.h);
 * with --period, the set for that period as it would be published is
 * audited with them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "history.h"

static json_t *
item_json(const svk_history *h, const svk_audit_item *it)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:I, s:b}", "period",
	    h->sets[it->set]->period, "code", it->code, "breakdown",
	    it->breakdown, "published", it->set < h->published, "true_value",
	    (json_int_t)it->truth, "protected", it->ok);

	if (o == NULL)
		return NULL;
	if (it->from != it->set)
		(void)json_object_set_new(o, "change_from",
		    json_string(h->sets[it->from]->period));
	(void)json_object_set_new(o, "low",
	    isinf(it->lo) ? json_null() : json_integer((json_int_t)it->lo));
	(void)json_object_set_new(o, "high",
	    isinf(it->hi) ? json_null() : json_integer((json_int_t)it->hi));
	return o;
}

static int
print_json(const svk_history *h, const svk_audit *a, unsigned width)
{
	json_t *items = json_array();

	for (size_t i = 0; items && i < a->n; i++)
		if (json_array_append_new(items, item_json(h, &a->items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	if (items == NULL) {
		svk_cli_error("out of memory");
		return 1;
	}
	return svk_cli_print_json(json_pack("{s:i, s:I, s:I, s:o}", "width",
		   (int)width, "narrow", (json_int_t)a->failed, "left_out",
		   (json_int_t)h->stale, "items", items)) != 0;
}

static void
print_text(const svk_history *h, const svk_audit *a, unsigned width)
{
	printf("what an outsider can work out from the %zu set(s) this node "
	       "published%s; each interval must be at least %u wide\n",
	    h->published, h->n > h->published ? ", and the new one" : "", width);
	if (h->stale > 0)
		printf("%zu older set(s) left out: published before their true "
		       "values were kept, and the registry has changed since\n",
		    h->stale);
	if (a->n == 0) {
		printf("nothing suppressed to audit\n");
		return;
	}
	printf("%-8s %-22s %-26s %-9s %6s  %-16s %s\n", "period", "indicator",
	    "breakdown", "change", "true", "interval", "");
	for (size_t i = 0; i < a->n; i++) {
		const svk_audit_item *it = &a->items[i];
		char range[48];
		if (isinf(it->lo) && isinf(it->hi))
			snprintf(range, sizeof(range), "any");
		else if (isinf(it->lo))
			snprintf(range, sizeof(range), "%.0f or less", it->hi);
		else if (isinf(it->hi))
			snprintf(range, sizeof(range), "%.0f or more", it->lo);
		else
			snprintf(range, sizeof(range), "%.0f to %.0f", it->lo, it->hi);
		printf("%-8s %-22s %-26s %-9s %6lld  %-16s %s%s\n",
		    h->sets[it->set]->period, it->code,
		    svk_cli_breakdown(it->breakdown),
		    it->from != it->set ? h->sets[it->from]->period : "-",
		    (long long)it->truth, range, it->ok ? "ok" : "TOO NARROW",
		    it->set < h->published ? "" : " (new)");
	}
}

int
svk_cmd_indicators_audit(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "For every suppressed count this node has published, and for every\n"
	    "difference between two periods that counts a few people (with their\n"
	    "hours), shows the interval an outsider can work out from all the\n"
	    "sets this node published, by linear programming. With --period, the\n"
	    "set for PERIOD as 'indicators publish' would publish it is audited\n"
	    "with them. Each interval must be at least [indicators] protection\n"
	    "wide (0: min_cell - 2). Exits 1 when one is narrower. Writes nothing.\n";
	const char *period = NULL;
	bool json = false;
	const svk_cli_opt opts[] = {
	    {"period", 0, SVK_CLI_STRING, &period, "PERIOD",
		"also the set for PERIOD: 2026-Q3, 2026-09, 2026", false},
	    {"json", 0, SVK_CLI_FLAG, &json, NULL, "as JSON", false},
	    SVK_CLI_END,
	};
	svk_cli_usage usage = {NULL, help, opts};
	svk_history h = {0};
	svk_audit a = {0};
	svk_config cfg;
	svk_home *home;
	svk_period p;
	unsigned width;
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (first != argc)
		return svk_cli_error_usage("wrong number of arguments");
	if (period && svk_period_parse(period, &p) != 0) {
		svk_cli_error("--period is a quarter, month or year (2026-Q3, "
			      "2026-09, 2026), not '%s'",
		    period);
		return 2;
	}
	if (svk_cli_config(cli, &cfg) != 0 || (home = svk_cli_open(cli)) == NULL)
		return 1;
	width = cfg.protection ? cfg.protection :
				 (cfg.min_cell > 3 ? cfg.min_cell - 2 : 1);
	err = svk_history_audit(home->store, svk_crypto_identity_public(home->id),
	    period, cfg.min_cell, cfg.protection, &h, &a);
	if (err == SVK_EINVAL && period) {
		svk_cli_error("the indicators for %s cannot be protected well "
			      "enough to publish",
		    period);
		rc = 1;
	} else if (err != 0) {
		svk_cli_error("cannot audit the indicators: %s", svk_error_str(err));
		rc = 1;
	} else if (json) {
		rc = print_json(&h, &a, width);
	} else {
		print_text(&h, &a, width);
	}
	if (rc == 0 && a.failed > 0) {
		svk_cli_error("%zu interval(s) narrower than %u: a set published "
			      "before this audit existed gives those cells away; "
			      "they cannot be withdrawn, but no new set makes "
			      "them worse",
		    a.failed, width);
		rc = 1;
	}
	svk_history_fini(&h, &a);
	svk_home_close(home);
	return rc;
}
