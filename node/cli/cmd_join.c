/*
 * cmd_join.c: `samverk join-request` (svk_cmd_join_request) and `samverk
 * join`: a node asks to be added to a federation, then joins it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "log.h"
#include "roster.h"
#include "store_meta.h"

int
svk_cmd_join_request(svk_cli *cli, int argc, char **argv)
{
	const svk_cli_usage usage = {NULL,
	    "Prints one line to hand to the federation's coordinator, who adds\n"
	    "this node with 'samverk member add LINE'. It carries this node's\n"
	    "key, name, country and endpoints, signed.\n",
	    NULL};
	svk_config cfg;
	svk_home *home;
	char *line = NULL;
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 0, 0)) != 0)
		return rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (svk_cli_config(cli, &cfg) != 0)
		goto out;
	if ((err = svk_roster_join_request_make(home, &cfg, &line)) != 0) {
		svk_cli_error("cannot make the join request: %s", svk_error_str(err));
		goto out;
	}
	printf("%s\n", line);
	rc = 0;
out:
	free(line);
	svk_home_close(home);
	return rc;
}

int
svk_cmd_join(svk_cli *cli, int argc, char **argv)
{
	const char *peer = NULL;
	const svk_cli_opt opts[] = {
	    {"peer", 0, SVK_CLI_STRING, &peer, "URL",
		"the catch-up endpoint of any member", true},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {"FEDERATION-ID",
	    "Makes this node a member of the federation whose id the coordinator\n"
	    "gave you, after it added this node's join request. URL is the\n"
	    "catch-up endpoint of any member (e.g. tcp://host:7401): the daemon\n"
	    "fetches the roster and everything else from there.\n",
	    opts};
	uint8_t fed[SVK_KEY_LEN], old[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];
	svk_home *home;
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (first + 1 != argc || peer == NULL)
		return svk_cli_error_usage("join needs the federation id and --peer URL");
	rc = 1;
	if ((err = svk_crypto_fingerprint_parse(argv[first], fed)) != 0) {
		if (err == SVK_ETYPO)
			svk_cli_error("the federation id '%s' has a typo (a "
				      "character wrong, missing or swapped): "
				      "nothing was changed; copy it again from "
				      "what the coordinator sent you",
			    argv[first]);
		else
			svk_cli_error("'%s' is not a federation id (SVK-XXXX-..., "
				      "as 'samverk federation create' printed it "
				      "at the coordinator)",
			    argv[first]);
		return 2;
	}
	if (!svk_config_endpoint_valid(peer)) {
		svk_cli_error("'%s' is not an endpoint: use tcp://HOST:PORT, "
			      "tls+tcp://HOST:PORT or ipc:///PATH",
		    peer);
		return 2;
	}
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (svk_log_federation(home->store, old) == 0) {
		svk_crypto_fingerprint(old, fpr);
		if (memcmp(old, fed, SVK_KEY_LEN) == 0)
			svk_cli_error("this node has joined federation %s already",
			    fpr);
		else
			svk_cli_error("this node already belongs to federation %s; "
				      "to join another, stop the daemon and run "
				      "'samverk leave' first",
			    fpr);
		goto out;
	}
	if (memcmp(fed, svk_crypto_identity_public(home->id), SVK_KEY_LEN) == 0) {
		svk_cli_error("that is this node's own id; to start a federation "
			      "use 'samverk federation create'");
		goto out;
	}
	if ((err = svk_store_meta_set(home->store, "bootstrap_peer", peer)) != 0 ||
	    (err = svk_log_join(home->store, home->id, fed)) != 0) {
		svk_cli_error("cannot join: %s", svk_error_str(err));
		goto out;
	}
	svk_crypto_fingerprint(fed, fpr);
	printf("joined federation %s\n"
	       "start the daemon ('samverk run'): it fetches the roster from %s\n",
	    fpr, peer);
	rc = 0;
out:
	svk_home_close(home);
	return rc;
}
