/*
 * cmd_status.c: `samverk status`: this node at a glance, read from its store
 * (the daemon keeps the peers table and the counters there up to date).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "log.h"
#include "roster.h"

/* Adds each (name, count) row of sql to obj. */
static int
counts(sqlite3 *db, const char *sql, json_t *obj)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return SVK_EDB;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		(void)json_object_set_new(obj,
		    (const char *)sqlite3_column_text(stmt, 0),
		    json_integer(sqlite3_column_int64(stmt, 1)));
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : SVK_EDB;
}

static json_t *
status_json(svk_home *home, const svk_config *cfg)
{
	sqlite3 *db = svk__store_db(home->store);
	uint8_t fed[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], ffpr[SVK_FPR_LEN];
	uint64_t all = 0, own = 0;
	int64_t expires = 0;
	json_t *o, *rejected, *flagged;
	bool in_fed = svk_log_federation(home->store, fed) == 0;

	svk_fingerprint(svk_identity_public(home->id), fpr);
	if (in_fed)
		svk_fingerprint(fed, ffpr);
	if (svk_log_count(home->store, svk_identity_public(home->id), &all, &own) != 0 ||
	    svk_roster_expiry(home->store, &expires) != 0)
		return NULL;
	rejected = json_object();
	flagged = json_object();
	if (rejected == NULL || flagged == NULL ||
	    counts(db, "SELECT reason, count FROM rejected ORDER BY reason",
		rejected) != 0 ||
	    counts(db, "SELECT reason, count(*) FROM flagged GROUP BY reason",
		flagged) != 0) {
		json_decref(rejected);
		json_decref(flagged);
		return NULL;
	}
	o = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:{s:I, s:I, s:I}, "
		      "s:o, s:o, s:I, s:b}",
	    "node", fpr, "name", home->name, "country", home->country,
	    "federation", in_fed ? ffpr : NULL, "role",
	    !in_fed ? "standalone" : svk_roster_is_coordinator(home) ? "coordinator"
								      : "member",
	    "pub", cfg->pub, "sync", cfg->sync, "http", cfg->http, "entries",
	    "all", (json_int_t)all, "own", (json_int_t)own, "others",
	    (json_int_t)(all - own), "rejected", rejected, "flagged", flagged,
	    "roster_expires_ms", (json_int_t)expires, "roster_expired",
	    expires != 0 && expires < svk_now_ms());
	return o;
}

int
svk_cmd_status(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk status [--json]\n\n"
	    "Shows this node: its id, federation and role, endpoints, entries\n"
	    "held, and what it rejected and why.\n";
	svk_config cfg;
	svk_home *home;
	bool json = false;
	json_t *o;
	int rc = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("%s", usage);
			return 0;
		} else {
			svk_cli_error("unknown argument '%s'; see 'samverk status --help'",
			    argv[i]);
			return 2;
		}
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (svk_cli_config(cli, &cfg) != 0)
		goto out;
	if ((o = status_json(home, &cfg)) == NULL) {
		svk_cli_error("cannot read the store");
		goto out;
	}
	if (json) {
		rc = svk_cli_print_json(o);
		goto out;
	}
	printf("node        %s\nname        %s (%s)\n",
	    json_string_value(json_object_get(o, "node")), home->name, home->country);
	if (json_object_get(o, "federation"))
		printf("federation  %s (%s)\n",
		    json_string_value(json_object_get(o, "federation")),
		    json_string_value(json_object_get(o, "role")));
	else
		printf("federation  none yet\n");
	printf("endpoints   pub %s, catch-up %s, http %s\n", cfg.pub, cfg.sync, cfg.http);
	json_t *e = json_object_get(o, "entries");
	printf("entries     %lld (%lld own, %lld from partners)\n",
	    (long long)json_integer_value(json_object_get(e, "all")),
	    (long long)json_integer_value(json_object_get(e, "own")),
	    (long long)json_integer_value(json_object_get(e, "others")));
	if (json_is_true(json_object_get(o, "roster_expired")))
		printf("ROSTER EXPIRED: partners' entries are refused until the "
		       "coordinator signs a new one\n");
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(o, "rejected"), key, v)
	    printf("rejected    %-18s %lld\n", key, (long long)json_integer_value(v));
	json_object_foreach(json_object_get(o, "flagged"), key, v)
	    printf("flagged     %-18s %lld origin(s)\n", key,
		(long long)json_integer_value(v));
	json_decref(o);
	rc = 0;
out:
	svk_home_close(home);
	return rc;
}
