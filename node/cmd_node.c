/* cmd_node.c: `samverk init` and `samverk id`: making a node and naming it. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"

int
svk_cmd_init(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk --dir DIR init --name NAME --country CC\n"
	    "                          [--pub URL] [--sync URL] [--http ADDR:PORT]\n\n"
	    "Creates a node in DIR: its key pair (DIR/node.key, readable only\n"
	    "by you), its TLS key and certificate (DIR/tls.key, DIR/tls.crt),\n"
	    "its store (DIR/samverk.db) and its settings (DIR/samverk.conf).\n"
	    "NAME is the municipality's name as partners should see it; CC its\n"
	    "ISO 3166-1 country code. --pub and --sync are\n"
	    "where partners reach this node (tcp://HOST:PORT, tls+tcp://HOST:PORT\n"
	    "or ipc:///PATH; defaults tcp://127.0.0.1:7400 and :7401), --http\n"
	    "where its status page listens (default 127.0.0.1:7480).\n";
	static const struct option longs[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"country", required_argument, NULL, 'c'},
	    {"pub", required_argument, NULL, 'p'},
	    {"sync", required_argument, NULL, 's'},
	    {"http", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *name = NULL, *country = NULL;
	const char *pub = NULL, *sync = NULL, *http = NULL;
	char fpr[SVK_FPR_LEN], conf[4200];
	svk_config cfg;
	svk_home *home;
	int c, err;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'c': country = optarg; break;
		case 'p': pub = optarg; break;
		case 's': sync = optarg; break;
		case 't': http = optarg; break;
		case 'h': printf("%s", usage); return 0;
		case ':':
			svk_cli_error("%s needs a value", argv[optind - 1]);
			return 2;
		default:
			svk_cli_error("unknown option '%s'; see 'samverk init --help'",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc || name == NULL || country == NULL) {
		return svk_cli_usage_error(name == NULL ? "init needs --name" :
			country == NULL ? "init needs --country" :
			"init takes no arguments besides its options");
	}
	if (cli->dir == NULL) {
		svk_cli_error("no node folder: give --dir DIR or set SAMVERK_DIR");
		return 2;
	}
	svk_config_defaults(&cfg);
	if ((pub && !svk_config_endpoint_valid(pub)) ||
	    (sync && !svk_config_endpoint_valid(sync))) {
		svk_cli_error("'%s' is not an endpoint: use tcp://HOST:PORT, "
			      "tls+tcp://HOST:PORT or ipc:///PATH",
		    pub && !svk_config_endpoint_valid(pub) ? pub : sync);
		return 2;
	}
	if (http && !svk_config_http_valid(http)) {
		svk_cli_error("--http wants ADDRESS:PORT, e.g. 127.0.0.1:7480, not '%s'",
		    http);
		return 2;
	}
	if (pub)
		snprintf(cfg.pub, sizeof(cfg.pub), "%s", pub);
	if (sync)
		snprintf(cfg.sync, sizeof(cfg.sync), "%s", sync);
	if (http)
		snprintf(cfg.http, sizeof(cfg.http), "%s", http);
	if (strcmp(cfg.pub, cfg.sync) == 0) {
		svk_cli_error("--pub and --sync must be different endpoints");
		return 2;
	}
	err = svk_home_create(cli->dir, name, country);
	if (err == SVK_EEXISTS) {
		svk_cli_error("%s already holds a node; nothing was changed", cli->dir);
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
	printf("created node %s (%s) in %s\nnode id: %s\n", home->name,
	    home->country, cli->dir, fpr);
	svk_home_close(home);
	return 0;
}

int
svk_cmd_id(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] = "usage: samverk id [--json]\n\n"
				    "Prints this node's id: the fingerprint of its "
				    "public key.\n";
	char fpr[SVK_FPR_LEN], hex[SVK_KEY_LEN * 2 + 1];
	bool json = false;
	svk_home *home;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("%s", usage);
			return 0;
		} else {
			svk_cli_error("unknown argument '%s'; see 'samverk id --help'",
			    argv[i]);
			return 2;
		}
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	const uint8_t *pk = svk_crypto_identity_public(home->id);
	svk_crypto_fingerprint(pk, fpr);
	svk_crypto_hex(pk, SVK_KEY_LEN, hex);
	if (json)
		rc = svk_cli_print_json(json_pack("{s:s, s:s, s:s, s:s}", "node",
		    fpr, "key", hex, "name", home->name, "country", home->country));
	else
		printf("%s\n", fpr);
	svk_home_close(home);
	return rc;
}
