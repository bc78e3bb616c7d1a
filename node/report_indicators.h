/*
 * report_indicators.h: indicator sets (indicators.h) as the documents people
 * and other systems read: JSON, as `indicators show --json` prints a set,
 * and SDMX-CSV 2.0, as `indicators export --format csv` writes this node's
 * sets or the federation's rollup and the web app offers them for download.
 *
 * SDMX-CSV: STRUCTURE,STRUCTURE_ID,ACTION, then REF_AREA,INDICATOR,
 * BREAKDOWN,TIME_PERIOD, then OBS_VALUE,UNIT_MEASURE,OBS_STATUS,
 * CONF_STATUS, CRLF line ends, fields quoted as RFC 4180 says. A
 * confidential cell has no OBS_VALUE, OBS_STATUS Q, and CONF_STATUS A (a
 * small count), D (protecting another) or C (withheld as a whole).
 */
#ifndef SVK_REPORT_INDICATORS_H
#define SVK_REPORT_INDICATORS_H

#include <jansson.h>
#include <stdio.h>

#include "home.h"
#include "indicators.h"

/* The SDMX dataflow the rows belong to. */
#define SVK_REPORT_SDMX_DATAFLOW "SAMVERK:VOLUNTEER_IND(1.0)"

/* svk_report_indicators_conf_name names a cell's confidentiality: "free",
 * "primary", "secondary" or "withheld". */
const char *svk_report_indicators_conf_name(int conf);

/* svk_report_indicators_set describes set: period, first_day, last_day,
 * min_cell, cells [{code, breakdown, value (null when hidden), conf,
 * unit}], and origin, seq, published for a set read from the log. NULL
 * when out of memory or the period does not parse. */
json_t *svk_report_indicators_set(const svk_indicator_set *set);

/* svk_report_indicators_own lists this node's latest published set per
 * period (only period's when not NULL), as an array of the above. NULL on
 * failure, with *err set. */
json_t *svk_report_indicators_own(svk_home *home, const char *period, int *err);

/* svk_report_indicators_sdmx_own writes sets (as svk_report_indicators_own
 * gives them) to f as SDMX-CSV rows with REF_AREA country. */
void svk_report_indicators_sdmx_own(FILE *f, const char *country, json_t *sets);

/* svk_report_indicators_sdmx_federation writes the rollup doc (as
 * svk_report_rollup gives it) to f as rows for the whole federation:
 * REF_AREA "_T", the sum over the members that reported, and two more
 * columns, REPORTING_MEMBERS and CONFIDENTIAL_MEMBERS. A cell nobody
 * reported has no value and CONF_STATUS C. */
void svk_report_indicators_sdmx_federation(FILE *f, json_t *doc);

#endif
