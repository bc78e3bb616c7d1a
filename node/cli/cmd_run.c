/* cmd_run.c: `samverk run`, the daemon in the foreground (as systemd runs it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "daemon.h"
#include "integrity.h"
#include "lock.h"
#include "say.h"

/* A damaged or truncated store is refused before anything is served. */
static int
check_store(svk_cli *cli, svk_home *home)
{
	char *problem = NULL;
	int err = svk_integrity_quick(home->store, &problem);

	if (err == SVK_ECORRUPT)
		svk_cli_error("the store %s/samverk.db is damaged (%s); the node "
			      "does not start on it: %s",
		    cli->dir, problem ? problem : "no detail", SVK_DAEMON_REMEDY);
	else if (err != 0)
		svk_cli_error("cannot check the store %s/samverk.db: %s",
		    cli->dir, svk_error_str(err));
	free(problem);
	return err;
}

int
svk_cmd_run(svk_cli *cli, int argc, char **argv)
{
	const char *level = NULL, *pub = NULL, *catchup = NULL, *interval = NULL;
	const svk_cli_opt opts[] = {
	    {"log-level", 0, SVK_CLI_STRING, &level, "error|warn|info|debug",
		"how much to log", false},
	    {"pub", 0, SVK_CLI_STRING, &pub, "URL",
		"where partners receive its entries", false},
	    {"catchup", 0, SVK_CLI_STRING, &catchup, "URL",
		"where partners ask it to catch up", false},
	    {"catchup-interval", 0, SVK_CLI_STRING, &interval, "SECONDS",
		"how often to ask partners to catch up", false},
	    {"sync", 0, SVK_CLI_STRING, &catchup, "URL", NULL, false},
	    {"sync-interval", 0, SVK_CLI_STRING, &interval, "SECONDS", NULL, false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL,
	    "Runs the node in the foreground: publishes its entries, receives\n"
	    "its partners', answers and asks for catch-up. Logs to stderr.\n"
	    "Settings come from DIR/samverk.conf; these flags override it.\n"
	    "SIGTERM or SIGINT stop it cleanly; SIGHUP reloads the settings.\n",
	    opts};
	static const char *const names[4] = {"[node] pub", "[node] catchup",
	    "[node] advertise_pub", "[node] advertise_catchup"};
	char why[512];
	svk_config cfg;
	svk_home *home;
	pid_t holder;
	int lock, err;
	char conf[4200];
	int first, rc;
	long n;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (svk_cli_need_dir(cli) != 0)
		return 2;
	if (svk_home_path(cli->dir, "samverk.conf", conf, sizeof(conf)) != 0 ||
	    svk_cli_config(cli, &cfg) != 0)
		return 1;
	if (level && (cfg.log_level = svk_say_level_parse(level)) < 0) {
		svk_cli_error("--log-level is error, warn, info or debug");
		return 2;
	}
	if ((pub && !svk_config_endpoint_valid(pub)) ||
	    (catchup && !svk_config_endpoint_valid(catchup))) {
		svk_cli_error("'%s' is not an endpoint",
		    pub && !svk_config_endpoint_valid(pub) ? pub : catchup);
		return 2;
	}
	if (pub)
		snprintf(cfg.pub, SVK_CONFIG_ENDPOINT_MAX, "%s", pub);
	if (catchup)
		snprintf(cfg.catchup, SVK_CONFIG_ENDPOINT_MAX, "%s", catchup);
	if (svk_config_check_advertised(&cfg, names, why, sizeof(why)) != 0) {
		svk_cli_error("%s (in %s)", why, conf);
		return 1;
	}
	if (svk_config_check_http(&cfg, why, sizeof(why)) != 0) {
		svk_cli_error("%s (in %s)", why, conf);
		return 1;
	}
	if (interval) {
		if ((rc = svk_cli_opt_number("--catchup-interval", interval, 1,
			 86400, "1 to 86400 seconds", &n)) != 0)
			return rc;
		cfg.catchup_interval_s = (unsigned)n;
	}
	if (first != argc) {
		svk_cli_error("unexpected argument '%s'", argv[first]);
		return 2;
	}
	/* One daemon per folder: a second one would share the store. */
	if ((err = svk_lock_take(cli->dir, &lock, &holder)) != 0) {
		if (err == -EBUSY && holder > 0)
			svk_cli_error("another daemon (process %ld) already runs on %s; "
				      "stop it first",
			    (long)holder, cli->dir);
		else if (err == -EBUSY)
			svk_cli_error("another daemon already runs on %s; stop it first",
			    cli->dir);
		else
			svk_cli_error("cannot lock %s/%s: %s", cli->dir,
			    SVK_LOCK_FILE, svk_error_str(err));
		return 1;
	}
	/* Damage any read meets later takes the node out of service. */
	if (svk_integrity_watch() != 0)
		svk_say_warn("cannot watch the store for damage met at run time");
	if ((home = svk_cli_open(cli)) == NULL) {
		svk_lock_release(lock);
		return 1;
	}
	if (check_store(cli, home) != 0) {
		svk_home_close(home);
		svk_lock_release(lock);
		return 1;
	}
	rc = svk_daemon_run(home, &cfg, conf);
	svk_home_close(home);
	svk_lock_release(lock);
	if (rc != 0) {
		svk_cli_error("the daemon stopped: %s", svk_error_str(rc));
		return 1;
	}
	return 0;
}
