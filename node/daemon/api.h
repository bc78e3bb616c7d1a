/*
 * api.h: the JSON API for tools (/api/...): the same documents the command
 * line prints with --json (report.c), with the query of a request checked
 * first (a 400 names what is wrong).
 */
#ifndef SVK_API_H
#define SVK_API_H

#include <microhttpd.h>

#include "config.h"
#include "home.h"
#include "view.h" /* SVK_KIND_PRACTICE, SVK_KIND_NEED */

/* svk_api_status answers c with /api/status: this node (report.h). */
enum MHD_Result svk_api_status(struct MHD_Connection *c, svk_home *home,
    const svk_config *cfg) SVK_WUR;

/* svk_api_federation answers c with /api/federation: the members. */
enum MHD_Result svk_api_federation(struct MHD_Connection *c, svk_home *home) SVK_WUR;

/* svk_api_entities answers c with /api/practices or /api/needs (kind
 * SVK_KIND_PRACTICE or SVK_KIND_NEED), filtered by the query's q, area,
 * origin, status (needs only) and limit. */
enum MHD_Result svk_api_entities(struct MHD_Connection *c, svk_home *home,
    int kind) SVK_WUR;

/* svk_api_indicators answers c with /api/indicators[?period=P]: the
 * federation's indicator rollup. */
enum MHD_Result svk_api_indicators(struct MHD_Connection *c, svk_home *home) SVK_WUR;

#endif
