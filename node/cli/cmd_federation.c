/*
 * cmd_federation.c: `samverk federation create|renew`: this node starts a
 * federation as its coordinator, and signs its roster again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "log.h"
#include "roster.h"
#include "roster_admin.h"
#include "tls.h"

/* Parses the one option both subcommands take, --days N (1 to 3650; 0 in
 * *days when not given), and that no operand is given. -1 after the help. */
static int
parse_days(int argc, char **argv, const char *help, long *days)
{
	const char *days_arg = NULL;
	const svk_cli_opt opts[] = {
	    {"days", 0, SVK_CLI_STRING, &days_arg, "N",
		"how many days the roster is valid (default: [federation] "
		"roster_days, 90)",
		false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL, help, opts};
	int first, rc;

	*days = 0;
	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0 ||
	    (rc = svk_cli_opt_operands(argc, first, 0, 0)) != 0)
		return rc;
	if (days_arg)
		return svk_cli_opt_number("--days", days_arg, 1, 3650,
		    "1 to 3650", days);
	return 0;
}

static int
federation_create(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Makes this node the coordinator of a new federation, whose id is\n"
	    "this node's id. It signs the roster of members, valid N days\n"
	    "(default 90) and renewed by the running daemon well before then.\n";
	Samverk__Member me = SAMVERK__MEMBER__INIT;
	Samverk__Roster *r = NULL;
	svk_config cfg;
	uint8_t fed[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], *crt = NULL;
	svk_home *home;
	long days = 0;
	int rc, err;

	if ((rc = parse_days(argc, argv, help, &days)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (svk_cli_config(cli, &cfg) != 0)
		goto out;
	if (days == 0)
		days = cfg.roster_days;
	if (svk_log_federation(home->store, fed) == 0) {
		svk_crypto_fingerprint(fed, fpr);
		svk_cli_error("this node already belongs to federation %s", fpr);
		goto out;
	}
	const uint8_t *pk = svk_crypto_identity_public(home->id);
	if ((err = svk_tls_ensure(home->dir, pk)) != 0 ||
	    (err = svk_tls_load(home->dir, NULL, &crt)) != 0) {
		svk_cli_error("cannot read this node's TLS certificate: %s",
		    svk_error_str(err));
		goto out;
	}
	if ((err = svk_log_join(home->store, home->id, pk)) != 0 ||
	    (err = svk_roster_current(home->store, &r)) != 0) {
		svk_cli_error("cannot create the federation: %s", svk_error_str(err));
		goto out;
	}
	me.key.data = (uint8_t *)pk;
	me.key.len = SVK_KEY_LEN;
	me.name = home->name;
	me.country = home->country;
	me.pub = (char *)svk_config_pub_advertised(&cfg);
	me.catchup = (char *)svk_config_catchup_advertised(&cfg);
	me.tls_cert.data = (uint8_t *)crt;
	me.tls_cert.len = strlen(crt);
	if ((err = svk_roster_put(r, &me)) != 0 ||
	    (err = svk_roster_publish(home, r, days * 24LL * 3600 * 1000)) != 0) {
		svk_cli_error("cannot sign the roster: %s",
		    svk_cli_why_not(home, err));
		goto out;
	}
	svk_crypto_fingerprint(pk, fpr);
	printf("created federation %s\n"
	       "this node (%s) is its coordinator; new members run\n"
	       "'samverk join-request' and you add them with 'samverk member add'\n",
	    fpr, home->name);
	rc = 0;
out:
	if (r)
		protobuf_c_message_free_unpacked(&r->base, NULL);
	free(crt);
	svk_home_close(home);
	return rc;
}

static int
federation_renew(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Signs the roster again, valid N more days (default: the setting\n"
	    "[federation] roster_days, 90).\n";
	svk_roster_admin_done done;
	svk_config cfg;
	svk_home *home;
	long days = 0;
	int rc, err;

	if ((rc = parse_days(argc, argv, help, &days)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_coordinator_open(cli)) == NULL)
		return 1;
	if (days == 0 && svk_cli_config(cli, &cfg) != 0) {
		svk_home_close(home);
		return 1;
	}
	err = svk_roster_admin_renew(home, days ? NULL : &cfg, days, &done);
	if (err == 0)
		printf("roster version %llu signed, valid %ld days\n",
		    (unsigned long long)done.version, done.days);
	else
		svk_cli_error("cannot sign the roster: %s",
		    svk_cli_why_not(home, err));
	svk_home_close(home);
	return err != 0;
}

int
svk_cmd_federation(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"create", federation_create, "start a federation, coordinated here"},
	    {"renew", federation_renew, "sign the roster again with a new expiry"},
	    {NULL, NULL, NULL},
	};
	static const svk_cmd_group group = {"federation", NULL, NULL, table};

	return svk_cli_dispatch(cli, &group, argc, argv);
}
