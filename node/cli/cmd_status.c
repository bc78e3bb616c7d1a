/*
 * cmd_status.c: `samverk status [--federation]` and `samverk peers`
 * (svk_cmd_status_peers): this node, its links, and every member of the
 * federation at a glance. The documents come from report.c, the same the
 * daemon serves on /api/.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "report.h"

static long long
num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void
print_peers(json_t *peers)
{
	size_t i;
	json_t *p;

	json_array_foreach(peers, i, p) {
		printf("  %-2s ", svk_cli_str(p, "country"));
		svk_cli_pad(svk_cli_str(p, "name"), 26);
		printf(" %-10s seen %-20s caught up %-20s", svk_cli_str(p, "state"),
		    svk_cli_str(p, "last_seen")[0] ? svk_cli_str(p, "last_seen") : "never",
		    svk_cli_str(p, "last_catchup")[0] ?
			svk_cli_str(p, "last_catchup") :
			"never");
		if (json_is_integer(json_object_get(p, "behind")))
			printf(" behind %lld", num(p, "behind"));
		printf("%s\n",
		    json_is_true(json_object_get(p, "encrypted")) ? " tls" : "");
	}
}

/* Whether authoring is on hold, and every fork held, by origin and seq. */
static void
print_hold_and_forks(json_t *o)
{
	json_t *hold = json_object_get(o, "hold"), *fk;
	size_t i;

	if (json_is_true(json_object_get(hold, "held")))
		printf("%s  %s\n",
		    strcmp(svk_cli_str(hold, "reason"), "fork") == 0 ?
			"FORKED    " :
			"ON HOLD   ",
		    svk_cli_str(hold, "message"));
	else if (json_is_object(hold))
		printf("own log     seq %lld, authoring free\n",
		    num(hold, "own_head"));
	json_array_foreach(json_object_get(o, "forks"), i, fk) {
		const char *name = svk_cli_str(fk, "name");
		printf("fork        %s (%s) signed %lld different entries at seq "
		       "%lld\n",
		    name[0] ? name : "unknown origin", svk_cli_str(fk, "origin"),
		    num(fk, "bodies"), num(fk, "seq"));
	}
}

/* A link down (or partly) for longer than a link may be silent, with how
 * long and what to look at: the daemon keeps dialling it by itself. */
static void
print_links_down(json_t *o)
{
	size_t i;
	json_t *d;

	json_array_foreach(json_object_get(o, "links_down"), i, d) {
		long long s = num(d, "down_for_s");
		printf("LINK DOWN   %s: %s for %lld min %lld s (since %s); the daemon "
		       "keeps dialling %s -- check that the partner's daemon runs "
		       "and that this address is reachable from here\n",
		    svk_cli_str(d, "name"),
		    strcmp(svk_cli_str(d, "state"), "down") == 0 ?
			"no connection" :
			"only one of its two connections",
		    s / 60, s % 60, svk_cli_str(d, "down_since"),
		    svk_cli_str(d, "catchup"));
	}
}

static void
print_status(json_t *o)
{
	json_t *e = json_object_get(o, "entries"), *v;
	const char *key;

	printf("node        %s\n", svk_cli_str(o, "node"));
	printf("name        %s (%s)\n", svk_cli_str(o, "name"),
	    svk_cli_str(o, "country"));
	if (json_object_get(o, "federation"))
		printf("federation  %s (%s)\n", svk_cli_str(o, "federation"),
		    svk_cli_str(o, "role"));
	else
		printf("federation  none yet\n");
	printf("endpoints   pub %s, catch-up %s, http %s\n", svk_cli_str(o, "pub"),
	    svk_cli_str(o, "catchup"), svk_cli_str(o, "http"));
	printf("entries     %lld (%lld own, %lld from partners)\n", num(e, "all"),
	    num(e, "own"), num(e, "others"));
	if (json_object_get(o, "join_problem"))
		printf("JOIN PROBLEM: %s\n", svk_cli_str(o, "join_problem"));
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(o, "follow_ups_due"), i, f)
		printf("follow-up due: %lld months into the adoption of %s (%s, "
		       "started %s); record it with 'samverk adopt %s "
		       "--follow-up FILE'\n",
		    num(f, "months"), svk_cli_str(f, "practice"),
		    svk_cli_str(f, "title"), svk_cli_str(f, "started"),
		    svk_cli_str(f, "practice"));
	if (json_is_true(json_object_get(o, "roster_expired")))
		printf("ROSTER EXPIRED: partners' entries are refused until the "
		       "coordinator signs a new one\n");
	json_t *st = json_object_get(o, "store");
	if (st != NULL && json_is_false(json_object_get(st, "writable")))
		printf("STORE NOT WRITABLE: %lld KiB free on its file system; new "
		       "entries are refused and the daemon fetches nothing until "
		       "there is room\n",
		    num(st, "free_bytes") / 1024);
	print_links_down(o);
	if (json_array_size(json_object_get(o, "peers")) > 0) {
		printf("peers\n");
		print_peers(json_object_get(o, "peers"));
	}
	json_object_foreach(json_object_get(o, "rejected"), key, v)
		printf("rejected    %-18s %lld\n", key,
		    (long long)json_integer_value(v));
	json_object_foreach(json_object_get(o, "flagged"), key, v)
		printf("flagged     %-18s %lld origin(s)\n", key,
		    (long long)json_integer_value(v));
	print_hold_and_forks(o);
}

static void
print_federation(json_t *o)
{
	size_t i;
	json_t *m;

	if (!json_is_string(json_object_get(o, "federation"))) {
		printf("this node is in no federation yet\n");
		return;
	}
	printf("federation %s\n\n", svk_cli_str(o, "federation"));
	printf("   %-26s %-10s %-10s %-7s %-9s %s\n", "member", "state",
	    "last seen", "behind", "version", "problems");
	json_array_foreach(json_object_get(o, "members"), i, m) {
		char seen[32] = "never", behind[32] = "-", problems[64] = "";
		if (json_is_integer(json_object_get(m, "last_seen_s")))
			snprintf(seen, sizeof(seen), "%llds ago",
			    num(m, "last_seen_s"));
		if (json_is_integer(json_object_get(m, "behind")))
			snprintf(behind, sizeof(behind), "%lld", num(m, "behind"));
		if (num(m, "forks") || num(m, "rejected_total"))
			snprintf(problems, sizeof(problems),
			    "%lld forks, %lld rejected", num(m, "forks"),
			    num(m, "rejected_total"));
		printf("%-2s ", svk_cli_str(m, "country"));
		svk_cli_pad(svk_cli_str(m, "name"), 26);
		printf(" %-10s %-10s %-7s %-9s %s%s\n", svk_cli_str(m, "state"),
		    seen, behind, svk_cli_str(m, "version"), problems,
		    json_is_true(json_object_get(m, "self")) ? " (this node)" : "");
	}
	if (json_object_get(o, "join_problem"))
		printf("JOIN PROBLEM: %s\n", svk_cli_str(o, "join_problem"));
	if (json_is_true(json_object_get(o, "roster_expired")))
		printf("\nROSTER EXPIRED: the coordinator must renew it\n");
	if (json_array_size(json_object_get(o, "forks")) > 0 ||
	    json_is_true(json_object_get(json_object_get(o, "hold"), "held")))
		printf("\n");
	print_hold_and_forks(o);
}

/* Parses usage's options and refuses any operand; -1 after the help. */
static int
parse_none(const svk_cli_usage *usage, int argc, char **argv)
{
	int first, rc;

	if ((rc = svk_cli_opt_parse(usage, argc, argv, &first)) != 0)
		return rc;
	if (first < argc)
		return svk_cli_error_usage("unknown argument '%s'", argv[first]);
	return 0;
}

/* Opens the node and reads its settings into *cfg; NULL after reporting a
 * failure. */
static svk_home *
open_configured(svk_cli *cli, svk_config *cfg)
{
	svk_home *home = svk_cli_open(cli);

	if (home != NULL && svk_cli_config(cli, cfg) != 0) {
		svk_home_close(home);
		return NULL;
	}
	return home;
}

int
svk_cmd_status(svk_cli *cli, int argc, char **argv)
{
	svk_config cfg;
	svk_home *home;
	bool json = false, federation = false;
	const svk_cli_opt opts[] = {
	    {"federation", 0, SVK_CLI_FLAG, &federation, NULL,
		"every member of the federation instead", false},
	    {"json", 0, SVK_CLI_FLAG, &json, NULL, "the same as JSON", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL,
	    "Shows this node: its id, federation and role, endpoints, entries\n"
	    "held, each partner's link (one down for longer than [heartbeat]\n"
	    "missed intervals is named: LINK DOWN), and what it rejected and why.\n"
	    "With --federation: every member, online or not (no heartbeat for\n"
	    "three intervals), how many entries it is behind, its version, and\n"
	    "the forks and rejections it reports.\n",
	    opts};
	json_t *o;
	int rc;

	if ((rc = parse_none(&usage, argc, argv)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = open_configured(cli, &cfg)) == NULL)
		return 1;
	rc = 1;
	o = federation ? svk_report_federation(home) : svk_report_status(home, &cfg);
	if (o == NULL) {
		svk_cli_error("cannot read the store");
		goto out;
	}
	if (json) {
		rc = svk_cli_print_json(o);
		goto out;
	}
	if (federation)
		print_federation(o);
	else
		print_status(o);
	json_decref(o);
	rc = 0;
out:
	svk_home_close(home);
	return rc;
}

int
svk_cmd_status_peers(svk_cli *cli, int argc, char **argv)
{
	svk_config cfg;
	svk_home *home;
	bool json = false;
	const svk_cli_opt opts[] = {
	    {"json", 0, SVK_CLI_FLAG, &json, NULL, "the links as a JSON array", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL,
	    "Lists the partners this node links to and the state of each link,\n"
	    "as the running daemon last recorded it.\n",
	    opts};
	json_t *o, *peers;
	int rc;

	if ((rc = parse_none(&usage, argc, argv)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = open_configured(cli, &cfg)) == NULL)
		return 1;
	rc = 1;
	if ((o = svk_report_status(home, &cfg)) == NULL) {
		svk_cli_error("cannot read the store");
		goto out;
	}
	peers = json_incref(json_object_get(o, "peers"));
	json_decref(o);
	if (json) {
		rc = svk_cli_print_json(peers);
		goto out;
	}
	if (json_array_size(peers) == 0)
		printf("no partners yet\n");
	print_peers(peers);
	json_decref(peers);
	rc = 0;
out:
	svk_home_close(home);
	return rc;
}
