/* cmd_init.c: `samverk init`: making a node, its keys, store and settings. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"

/* Sets the endpoints given (NULL: the default) in cfg; 2 after saying why
 * when one is not an endpoint or cannot be told to partners. */
static int
init_endpoints(svk_config *cfg, const char *pub, const char *catchup,
    const char *adv_pub, const char *adv_catchup)
{
	static const char *const names[4] = {
	    "--pub", "--catchup", "--advertise-pub", "--advertise-catchup"};
	const char *given[4] = {pub, catchup, adv_pub, adv_catchup};
	char *into[4] = {
	    cfg->pub, cfg->catchup, cfg->advertise_pub, cfg->advertise_catchup};
	char why[512];

	for (size_t i = 0; i < 4; i++) {
		if (given[i] == NULL)
			continue;
		if (!svk_config_endpoint_valid(given[i])) {
			svk_cli_error("'%s' is not an endpoint: use tcp://HOST:PORT, "
				      "tls+tcp://HOST:PORT or ipc:///PATH",
			    given[i]);
			return 2;
		}
		snprintf(into[i], SVK_CONFIG_ENDPOINT_MAX, "%s", given[i]);
	}
	if (svk_config_check_advertised(cfg, names, why, sizeof(why)) != 0) {
		svk_cli_error("%s", why);
		return 2;
	}
	return 0;
}

int
svk_cmd_init(svk_cli *cli, int argc, char **argv)
{
	const char *name = NULL, *country = NULL;
	const char *pub = NULL, *catchup = NULL, *http = NULL, *key = NULL;
	const char *adv_pub = NULL, *adv_catchup = NULL;
	char fpr[SVK_FPR_LEN], conf[4200];
	svk_config cfg;
	svk_home *home;
	const svk_cli_opt opts[] = {
	    {"name", 0, SVK_CLI_STRING, &name, "NAME",
		"the municipality's name, as partners see it", true},
	    {"country", 0, SVK_CLI_STRING, &country, "CC",
		"its ISO 3166-1 country code", true},
	    {"pub", 0, SVK_CLI_STRING, &pub, "URL",
		"where partners receive its entries", false},
	    {"catchup", 0, SVK_CLI_STRING, &catchup, "URL",
		"where partners ask it to catch up", false},
	    {"sync", 0, SVK_CLI_STRING, &catchup, "URL", NULL, false},
	    {"advertise-pub", 0, SVK_CLI_STRING, &adv_pub, "URL",
		"the --pub endpoint partners are told, if not --pub itself", false},
	    {"advertise-catchup", 0, SVK_CLI_STRING, &adv_catchup, "URL",
		"the --catchup endpoint partners are told, if not --catchup", false},
	    {"http", 0, SVK_CLI_STRING, &http, "ADDR:PORT",
		"where its status page listens", false},
	    {"key", 0, SVK_CLI_STRING, &key, "FILE",
		"re-create a lost node from its saved node.key", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL,
	    "Creates a node in DIR (as in 'samverk --dir DIR init'): its key pair\n"
	    "(DIR/node.key, readable only by you), its TLS key and certificate\n"
	    "(DIR/tls.key, DIR/tls.crt), its store (DIR/samverk.db) and its settings\n"
	    "(DIR/samverk.conf). NAME is the municipality's name as partners should\n"
	    "see it; CC its ISO 3166-1 country code. --pub and --catchup are where\n"
	    "partners reach this node (tcp://HOST:PORT, tls+tcp://HOST:PORT or\n"
	    "ipc:///PATH; defaults tcp://127.0.0.1:7400 and :7401), --http where its\n"
	    "status page listens (default 127.0.0.1:7480). A node that binds every\n"
	    "address (tcp://0.0.0.0:7400, tcp://[::]:7400) needs --advertise-pub and\n"
	    "--advertise-catchup: the endpoints partners dial, with its public name.\n"
	    "With --key, a node whose store was lost is re-created with its old key\n"
	    "pair (FILE is its saved node.key): join the federation again, and it\n"
	    "authors nothing until `samverk run` has fetched its own log back.\n",
	    opts};
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (first != argc || name == NULL || country == NULL) {
		return svk_cli_error_usage(
		    name == NULL    ? "init needs --name" :
		    country == NULL ? "init needs --country" :
				      "init takes no arguments besides its options");
	}
	if (svk_cli_need_dir(cli) != 0)
		return 2;
	svk_config_defaults(&cfg);
	if ((err = init_endpoints(&cfg, pub, catchup, adv_pub, adv_catchup)) != 0)
		return err;
	if (http && !svk_config_http_valid(http)) {
		svk_cli_error("--http wants ADDRESS:PORT, e.g. 127.0.0.1:7480, not '%s'",
		    http);
		return 2;
	}
	if (http)
		snprintf(cfg.http, sizeof(cfg.http), "%s", http);
	if (strcmp(cfg.pub, cfg.catchup) == 0) {
		svk_cli_error("--pub and --catchup must be different endpoints");
		return 2;
	}
	err = key ? svk_home_recreate(cli->dir, name, country, key) :
		    svk_home_create(cli->dir, name, country);
	if (err == SVK_EEXISTS) {
		svk_cli_error("%s already holds a node; nothing was changed",
		    cli->dir);
		return 1;
	}
	if (err == SVK_EINVAL) {
		if (strlen(country) != 2 || !isalpha((unsigned char)country[0]) ||
		    !isalpha((unsigned char)country[1]))
			svk_cli_error("--country wants two letters (DK, SE, FI, GR, "
				      "IT ...), not '%s'",
			    country);
		else
			svk_cli_error("--name must be 1 to %d bytes of UTF-8 text "
				      "on one line",
			    SVK_HOME_MAX_NAME);
		return 1;
	}
	if (err != 0 && key) {
		svk_cli_error("cannot re-create a node in %s from %s: %s",
		    cli->dir, key, svk_error_str(err));
		return 1;
	}
	if (err != 0) {
		svk_cli_error("cannot create a node in %s: %s", cli->dir,
		    svk_error_str(err));
		return 1;
	}
	if ((err = svk_home_path(cli->dir, "samverk.conf", conf, sizeof(conf))) != 0 ||
	    (err = svk_config_save(&cfg, conf)) != 0) {
		svk_cli_error("cannot write %s/samverk.conf: %s", cli->dir,
		    svk_error_str(err));
		return 1;
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	svk_crypto_fingerprint(svk_crypto_identity_public(home->id), fpr);
	printf("%s node %s (%s) in %s\nnode id: %s\n", key ? "re-created" : "created",
	    home->name, home->country, cli->dir, fpr);
	if (key)
		printf("authoring is on hold until `samverk run` has fetched this "
		       "node's own log back from partners; join the federation "
		       "again first (samverk join FEDERATION --peer URL)\n");
	svk_home_close(home);
	return 0;
}
