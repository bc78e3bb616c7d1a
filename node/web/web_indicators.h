/*
 * web_indicators.h: the web app's indicators: the federation's rollup of
 * the latest periods, and the sets this node has published, every hidden
 * value marked and the reason for hiding it said in words; both as
 * SDMX-CSV downloads (report_indicators.h).
 */
#ifndef SVK_WEB_INDICATORS_H
#define SVK_WEB_INDICATORS_H

#include <stdbool.h>

#include "web_html.h"

/* svk_web_indicators_page writes the indicators page into p. */
void svk_web_indicators_page(svk_web_page *p);

/* svk_web_indicators_csv makes p this node's published sets (or with
 * federation the rollup) as SDMX-CSV, as `indicators export --format csv`
 * writes them, to download. */
void svk_web_indicators_csv(svk_web_page *p, bool federation);

#endif
