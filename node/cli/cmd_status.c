/*
 * cmd_status.c: `samverk status [--federation]` and `samverk peers`: this
 * node, its links, and every member of the federation at a glance. The
 * documents come from report.c, the same the daemon serves on /api/.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "report.h"

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

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

	json_array_foreach(peers, i, p)
	{
		printf("  %-2s ", str(p, "country"));
		svk_cli_pad(str(p, "name"), 26);
		printf(" %-10s seen %-20s synced %-20s", str(p, "state"),
		    str(p, "last_seen")[0] ? str(p, "last_seen") : "never",
		    str(p, "last_sync")[0] ? str(p, "last_sync") : "never");
		if (json_is_integer(json_object_get(p, "behind")))
			printf(" behind %lld", num(p, "behind"));
		printf("%s\n", json_is_true(json_object_get(p, "encrypted")) ? " tls" : "");
	}
}

static void
print_status(json_t *o)
{
	json_t *e = json_object_get(o, "entries"), *v;
	const char *key;

	printf("node        %s\n", str(o, "node"));
	printf("name        %s (%s)\n", str(o, "name"), str(o, "country"));
	if (json_object_get(o, "federation"))
		printf("federation  %s (%s)\n", str(o, "federation"), str(o, "role"));
	else
		printf("federation  none yet\n");
	printf("endpoints   pub %s, catch-up %s, http %s\n", str(o, "pub"),
	    str(o, "sync"), str(o, "http"));
	printf("entries     %lld (%lld own, %lld from partners)\n", num(e, "all"),
	    num(e, "own"), num(e, "others"));
	if (json_is_true(json_object_get(o, "roster_expired")))
		printf("ROSTER EXPIRED: partners' entries are refused until the "
		       "coordinator signs a new one\n");
	if (json_array_size(json_object_get(o, "peers")) > 0) {
		printf("peers\n");
		print_peers(json_object_get(o, "peers"));
	}
	json_object_foreach(json_object_get(o, "rejected"), key, v)
	    printf("rejected    %-18s %lld\n", key, (long long)json_integer_value(v));
	json_object_foreach(json_object_get(o, "flagged"), key, v)
	    printf("flagged     %-18s %lld origin(s)\n", key,
		(long long)json_integer_value(v));
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
	printf("federation %s\n\n", str(o, "federation"));
	printf("   %-26s %-8s %-10s %-7s %-9s %s\n", "member", "state", "last seen",
	    "behind", "version", "problems");
	json_array_foreach(json_object_get(o, "members"), i, m)
	{
		char seen[32] = "never", behind[32] = "-", problems[64] = "";
		if (json_is_integer(json_object_get(m, "last_seen_s")))
			snprintf(seen, sizeof(seen), "%llds ago", num(m, "last_seen_s"));
		if (json_is_integer(json_object_get(m, "behind")))
			snprintf(behind, sizeof(behind), "%lld", num(m, "behind"));
		if (num(m, "forks") || num(m, "rejected_total"))
			snprintf(problems, sizeof(problems), "%lld forks, %lld rejected",
			    num(m, "forks"), num(m, "rejected_total"));
		printf("%-2s ", str(m, "country"));
		svk_cli_pad(str(m, "name"), 26);
		printf(" %-8s %-10s %-7s %-9s %s%s\n",
		    strcmp(str(m, "status"), "suspended") == 0 ? "suspended" :
		    json_is_true(json_object_get(m, "online")) ? "online" : "offline",
		    seen, behind, str(m, "version"), problems,
		    json_is_true(json_object_get(m, "self")) ? " (this node)" : "");
	}
	if (json_is_true(json_object_get(o, "roster_expired")))
		printf("\nROSTER EXPIRED: the coordinator must renew it\n");
}

int
svk_cmd_status(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk status [--federation] [--json]\n\n"
	    "Shows this node: its id, federation and role, endpoints, entries\n"
	    "held, each partner's link, and what it rejected and why.\n"
	    "With --federation: every member, online or not (no heartbeat for\n"
	    "three intervals), how many entries it is behind, its version, and\n"
	    "the forks and rejections it reports.\n";
	svk_config cfg;
	svk_home *home;
	bool json = false, federation = false;
	json_t *o;
	int rc = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--federation") == 0)
			federation = true;
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("%s", usage);
			return 0;
		} else
			return svk_cli_usage_error("unknown argument '%s'", argv[i]);
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (svk_cli_config(cli, &cfg) != 0)
		goto out;
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
svk_cmd_peers(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk peers [--json]\n\n"
	    "Lists the partners this node links to and the state of each link,\n"
	    "as the running daemon last recorded it.\n";
	svk_config cfg;
	svk_home *home;
	bool json = false;
	json_t *o, *peers;
	int rc = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("%s", usage);
			return 0;
		} else
			return svk_cli_usage_error("unknown argument '%s'", argv[i]);
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (svk_cli_config(cli, &cfg) != 0)
		goto out;
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
