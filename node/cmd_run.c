/* cmd_run.c: `samverk run`, the daemon in the foreground (as systemd runs it). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "daemon.h"
#include "say.h"

int
svk_cmd_run(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk run [--log-level error|warn|info|debug]\n"
	    "                   [--pub URL] [--sync URL] [--sync-interval SECONDS]\n\n"
	    "Runs the node in the foreground: publishes its entries, receives\n"
	    "its partners', answers and asks for catch-up. Logs to stderr.\n"
	    "Settings come from DIR/samverk.conf; these flags override it.\n"
	    "SIGTERM or SIGINT stop it cleanly; SIGHUP reloads the settings.\n";
	static const struct option longs[] = {
	    {"log-level", required_argument, NULL, 'l'},
	    {"pub", required_argument, NULL, 'p'},
	    {"sync", required_argument, NULL, 's'},
	    {"sync-interval", required_argument, NULL, 'i'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	svk_config cfg;
	svk_home *home;
	char conf[4200], *end;
	int c, rc, level;
	long n;

	if (svk_cli_wants_help(argc, argv)) {
		printf("%s", usage);
		return 0;
	}
	if (cli->dir == NULL) {
		svk_cli_error("no node folder: give --dir DIR or set SAMVERK_DIR");
		return 2;
	}
	if (svk_home_path(cli->dir, "samverk.conf", conf, sizeof(conf)) != 0 ||
	    svk_cli_config(cli, &cfg) != 0)
		return 1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		switch (c) {
		case 'l':
			if ((level = svk_say_level_parse(optarg)) < 0) {
				svk_cli_error("--log-level is error, warn, info or debug");
				return 2;
			}
			cfg.log_level = level;
			break;
		case 'p':
		case 's':
			if (!svk_config_endpoint_valid(optarg)) {
				svk_cli_error("'%s' is not an endpoint", optarg);
				return 2;
			}
			snprintf(c == 'p' ? cfg.pub : cfg.sync, SVK_CONFIG_ENDPOINT_MAX,
			    "%s", optarg);
			break;
		case 'i':
			n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 86400) {
				svk_cli_error("--sync-interval wants 1 to 86400 seconds");
				return 2;
			}
			cfg.sync_interval_s = (unsigned)n;
			break;
		case 'h':
			printf("%s", usage);
			return 0;
		case ':':
			svk_cli_error("%s needs a value", argv[optind - 1]);
			return 2;
		default:
			svk_cli_error("unknown option '%s'; see 'samverk run --help'",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc) {
		svk_cli_error("unexpected argument '%s'", argv[optind]);
		return 2;
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = svk_daemon_run(home, &cfg, conf);
	svk_home_close(home);
	if (rc != 0) {
		svk_cli_error("the daemon stopped: %s", svk_error_str(rc));
		return 1;
	}
	return 0;
}
