/*
 * api.c: the /api/... routes: each checks its query, then serves a
 * document of report.c as JSON. See api.h.
 */
#include "api.h"

#include <stdlib.h>

#include "http_reply.h"
#include "indicators.h"
#include "report.h"
#include "vocab.h"

enum MHD_Result
svk_api_status(struct MHD_Connection *c, svk_home *home, const svk_config *cfg)
{
	return svk_http_reply_json(c, svk_report_status(home, cfg));
}

enum MHD_Result
svk_api_federation(struct MHD_Connection *c, svk_home *home)
{
	return svk_http_reply_json(c, svk_report_federation(home));
}

enum MHD_Result
svk_api_entities(struct MHD_Connection *c, svk_home *home, int kind)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
	const char *area = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "area");
	const char *origin = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "origin");
	const char *status = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "status");
	const char *limit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "limit");
	uint8_t key[SVK_KEY_LEN];
	svk_query query = {.kind = kind};
	char *end;
	int err;

	if (q && q[0] == '\0')
		q = NULL;
	if (area && area[0] && !svk_vocab_area_valid(area))
		return svk_http_reply_text(c, 400, "unknown area\n");
	if (origin && origin[0] && svk_crypto_fingerprint_parse(origin, key) != 0)
		return svk_http_reply_text(c, 400,
		    "origin must be a node fingerprint\n");
	if (status && status[0] &&
	    (kind != SVK_KIND_NEED || !svk_vocab_need_status_valid(status)))
		return svk_http_reply_text(c, 400,
		    "status must be open or closed (needs only)\n");
	if (limit && limit[0]) {
		unsigned long n = strtoul(limit, &end, 10);
		if (*end || n == 0 || n > 10000)
			return svk_http_reply_text(c, 400,
			    "limit must be 1 to 10000\n");
		query.limit = n;
	}
	query.text = q;
	query.area = area && area[0] ? area : NULL;
	query.origin = origin && origin[0] ? key : NULL;
	query.status = status && status[0] ? status : NULL;
	json_t *doc = svk_report_entities(home, &query, &err);
	if (doc == NULL && err == SVK_EINVAL)
		return svk_http_reply_text(c, 400, "nothing to search for in q\n");
	return svk_http_reply_json(c, doc);
}

enum MHD_Result
svk_api_indicators(struct MHD_Connection *c, svk_home *home)
{
	const char *period = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "period");
	svk_period p;

	if (period && period[0] == '\0')
		period = NULL;
	if (period && svk_period_parse(period, &p) != 0)
		return svk_http_reply_text(c, 400,
		    "period must be like 2026-Q3, 2026-09 or 2026\n");
	return svk_http_reply_json(c, svk_report_rollup(home, period));
}
