/*
 * web_indicators.h: the web app's indicators: the federation's rollup of
 * the latest periods, and the sets this node has published, every hidden
 * value marked and the reason for hiding it said in words; both as
 * SDMX-CSV downloads (report_indicators.h). For an admin: the preview of
 * a period's set as this node would publish it (indicators_preview.h),
 * each hidden cell with its reason, and publishing it as `samverk
 * indicators publish` does (the daemon then sends it at once).
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

/* svk_web_indicators_preview writes /indicators/preview: a form for the
 * period, and with ?period=P the set for P as it would be published (or
 * why nothing can be) and the button that publishes it. Admin only. */
void svk_web_indicators_preview(svk_web_page *p);

/* svk_web_indicators_publish answers the POST of that button (field
 * "period"): publishes the set and goes back to /indicators, or says why
 * not on the preview page. Admin only; an audit line names who and what. */
void svk_web_indicators_publish(svk_web_page *p);

#endif
