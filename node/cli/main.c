/*
 * main.c: the `samverk` program: global options, then one subcommand.
 *
 *   samverk [--dir DIR] <command> [options]
 *
 * The node folder comes from --dir, else $SAMVERK_DIR.
 */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "termsafe.h"

static const svk_cmd commands[] = {
    {"init", svk_cmd_init, "create a node: its key pair and store"},
    {"id", svk_cmd_id, "print this node's id"},
    {"practice", svk_cmd_practice, "add, update, retract, list, show, search practices"},
    {"need", svk_cmd_need, "add, update, close, retract, list, show needs"},
    {"match", svk_cmd_match, "find partners' practices for needs, and back"},
    {"adopt", svk_cmd_adopt, "record taking a partner's practice home"},
    {"federation", svk_cmd_federation, "create a federation (as its coordinator)"},
    {"join-request", svk_cmd_join_request, "print this node's request to join"},
    {"join", svk_cmd_join, "join a federation the coordinator added you to"},
    {"leave", svk_cmd_leave, "leave the federation this node joined"},
    {"member", svk_cmd_member, "add, suspend, resume, list members"},
    {"volunteer", svk_cmd_volunteer, "the local volunteer registry (never shared)"},
    {"web-user", svk_cmd_web_user, "who may log in to this node's web app"},
    {"indicators", svk_cmd_indicators, "compute, publish, show, export indicators"},
    {"run", svk_cmd_run, "run the node: gossip and catch up with partners"},
    {"status", svk_cmd_status, "show this node: federation, entries, rejections"},
    {"peers", svk_cmd_status_peers, "list the partners linked to and their state"},
    {"log", svk_cmd_log, "list the entries in the local store"},
    {"verify", svk_cmd_verify, "re-check every signature, chain and table"},
    {"backup", svk_cmd_backup, "write a consistent copy of the store"},
    {NULL, NULL, NULL},
};

static const svk_cmd_group samverk = {
    .name = NULL,
    .about = "Samverk keeps a municipality's signed registry of good practices and\n"
	     "needs, and shares them with partner municipalities.\n\n",
    .footer = "The node folder is DIR, else $SAMVERK_DIR.\n",
    .cmds = commands,
};

/*
 * on_sigpipe: a partner gone must never end the daemon, so `run` ignores
 * SIGPIPE (its writes then fail with EPIPE where they happen). Every other
 * command writes only to its output, and ends when nobody reads that any
 * more, quietly and at once, killed by SIGPIPE (status 141), as git does:
 * `samverk log | head -1`. What a parent ignored or blocked is undone.
 */
static int
on_sigpipe(bool daemon)
{
	sigset_t set;

	if (signal(SIGPIPE, daemon ? SIG_IGN : SIG_DFL) == SIG_ERR)
		return -1;
	if (daemon)
		return 0;
	if (sigemptyset(&set) != 0 || sigaddset(&set, SIGPIPE) != 0)
		return -1;
	return sigprocmask(SIG_UNBLOCK, &set, NULL) != 0 ? -1 : 0;
}

static int
run(int argc, char **argv)
{
	svk_cli cli = {.dir = getenv("SAMVERK_DIR"), .prog = "samverk"};
	int i = 1, rc;

	/* Keys, the store and the settings are for this user alone. */
	umask(077);
	if (svk_crypto_init() != 0) {
		svk_cli_error("cannot initialise libsodium");
		return 1;
	}
	/* The global options; -h and --help are the dispatcher's. */
	while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "-h") != 0 &&
	       strcmp(argv[i], "--help") != 0) {
		if (strcmp(argv[i], "--dir") == 0 || strcmp(argv[i], "-d") == 0) {
			if (i + 1 >= argc) {
				svk_cli_error("--dir needs a folder");
				return 2;
			}
			cli.dir = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--dir=", 6) == 0) {
			cli.dir = argv[i] + 6;
			i++;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("samverk %s\n", SVK_VERSION);
			return 0;
		} else {
			svk_cli_error("unknown option '%s'; see 'samverk --help'",
			    argv[i]);
			return 2;
		}
	}
	if (cli.dir != NULL && cli.dir[0] == '\0')
		cli.dir = NULL;
	if (on_sigpipe(i < argc && strcmp(argv[i], "run") == 0) != 0) {
		svk_cli_error("cannot set up the output");
		return 1;
	}
	/* argv[i - 1] stands for the program's own word. */
	rc = svk_cli_dispatch(&cli, &samverk, argc - i + 1, argv + i - 1);
	/* A listing that could not be written is a failure too. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc == 0)
			svk_cli_error("cannot write the output: %s", strerror(errno));
		return 1;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	int rc;

	/* Titles and names from partners never reach a terminal raw. */
	if (svk_termsafe_install(false) != 0) {
		svk_cli_error("cannot set up the output");
		return 1;
	}
	rc = run(argc, argv);
	if (svk_termsafe_uninstall() != 0 && rc == 0)
		rc = 1;
	return rc;
}
