/*
 * report_indicators.c: indicator sets as JSON (`indicators show --json`)
 * and as SDMX-CSV 2.0 (`indicators export`, the web app's download). See
 * report_indicators.h.
 */
#include "report_indicators.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "csv.h"
#include "period.h"
#include "report.h"

const char *
svk_report_indicators_conf_name(int conf)
{
	return conf == SVK_CONF_PRIMARY	  ? "primary" :
	       conf == SVK_CONF_SECONDARY ? "secondary" :
	       conf == SVK_CONF_WITHHELD  ? "withheld" :
					    "free";
}

static json_t *
cells_json(const svk_indicator_set *set)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < set->n; i++) {
		const svk_indicator *c = &set->cells[i];
		(void)json_array_append_new(arr,
		    json_pack("{s:s, s:s, s:o, s:s, s:s}", "code", c->code,
			"breakdown", c->breakdown, "value",
			c->conf == SVK_CONF_FREE ? json_integer((json_int_t)c->value) :
						   json_null(),
			"conf", svk_report_indicators_conf_name(c->conf), "unit",
			c->unit));
	}
	return arr;
}

/* A set as JSON: period, its days, min_cell, cells; and whose and which
 * entry when it was read from the log. */
json_t *
svk_report_indicators_set(const svk_indicator_set *set)
{
	svk_period p;
	json_t *o;

	if (svk_period_parse(set->period, &p) != 0)
		return NULL;
	o = json_pack("{s:s, s:s, s:s, s:i, s:o}", "period", set->period,
	    "first_day", p.first, "last_day", p.last, "min_cell",
	    (int)set->min_cell, "cells", cells_json(set));
	if (o != NULL && set->seq > 0) {
		char fpr[SVK_FPR_LEN], when[32];
		svk_crypto_fingerprint(set->origin, fpr);
		svk_report_iso_time(set->time_ms, when);
		(void)json_object_set_new(o, "origin", json_string(fpr));
		(void)json_object_set_new(o, "seq",
		    json_integer((json_int_t)set->seq));
		(void)json_object_set_new(o, "published", json_string(when));
	}
	return o;
}

static int
own_cb(void *arg, const svk_indicator_set *set)
{
	return json_array_append_new(arg, svk_report_indicators_set(set)) == 0 ?
		   0 :
		   -ENOMEM;
}

/* This node's latest sets, as a JSON array. */
json_t *
svk_report_indicators_own(svk_home *home, const char *period, int *err)
{
	json_t *arr = json_array();

	if (arr == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = svk_indicators_each(home->store,
	    svk_crypto_identity_public(home->id), period, own_cb, arr);
	if (*err != 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* The fields of cell c of period every row starts with, REF_AREA area,
 * up to OBS_STATUS; whether it has a value. */
static bool
row(FILE *f, const char *area, json_t *c, const char *period)
{
	json_t *v = json_object_get(c, "value");
	char value[32] = "";

	if (json_is_integer(v))
		snprintf(value, sizeof(value), "%lld",
		    (long long)json_integer_value(v));
	svk_csv_field_write(f, "dataflow", false);
	svk_csv_field_write(f, SVK_REPORT_SDMX_DATAFLOW, false);
	svk_csv_field_write(f, "I", false);
	svk_csv_field_write(f, area, false);
	svk_csv_field_write(f, json_string_value(json_object_get(c, "code")), false);
	svk_csv_field_write(f, json_string_value(json_object_get(c, "breakdown")),
	    false);
	svk_csv_field_write(f, period, false);
	svk_csv_field_write(f, value, false);
	svk_csv_field_write(f, json_string_value(json_object_get(c, "unit")), false);
	svk_csv_field_write(f, value[0] ? "A" : "Q", false);
	return value[0] != '\0';
}

static const char *
conf_code(const char *conf)
{
	return strcmp(conf, "primary") == 0   ? "A" :
	       strcmp(conf, "secondary") == 0 ? "D" :
	       strcmp(conf, "withheld") == 0  ? "C" :
						"F";
}

void
svk_report_indicators_sdmx_own(FILE *f, const char *country, json_t *sets)
{
	size_t i, j;
	json_t *s, *c;

	fprintf(f, "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,BREAKDOWN,"
		   "TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS\r\n");
	json_array_foreach(sets, i, s) {
		json_array_foreach(json_object_get(s, "cells"), j, c) {
			(void)row(f, country, c,
			    json_string_value(json_object_get(s, "period")));
			svk_csv_field_write(f,
			    conf_code(json_string_value(json_object_get(c, "conf"))),
			    true);
		}
	}
}

void
svk_report_indicators_sdmx_federation(FILE *f, json_t *doc)
{
	size_t i, j;
	json_t *g, *c;

	fprintf(f, "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,BREAKDOWN,"
		   "TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS,"
		   "REPORTING_MEMBERS,CONFIDENTIAL_MEMBERS\r\n");
	json_array_foreach(json_object_get(doc, "periods"), i, g) {
		json_array_foreach(json_object_get(g, "cells"), j, c) {
			char reported[16], confidential[16];
			snprintf(reported, sizeof(reported), "%lld",
			    (long long)json_integer_value(json_object_get(c,
				"reported")));
			snprintf(confidential, sizeof(confidential), "%lld",
			    (long long)json_integer_value(json_object_get(c,
				"confidential")));
			bool has = row(f, "_T", c,
			    json_string_value(json_object_get(g, "period")));
			svk_csv_field_write(f, has ? "F" : "C", false);
			svk_csv_field_write(f, reported, false);
			svk_csv_field_write(f, confidential, true);
		}
	}
}
