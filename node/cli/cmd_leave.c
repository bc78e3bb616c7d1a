/*
 * cmd_leave.c: `samverk leave`: a member takes its node out of the
 * federation it joined (by mistake, or for good), so that `join` works
 * again. The node's own entries and its volunteer registry stay.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "cli.h"
#include "leave.h"
#include "lock.h"
#include "log.h"

/* Asks on the terminal (or whatever stdin is); true for "yes". */
static bool
confirmed(const char *fpr, const char *name)
{
	char line[64];

	printf("This node (%s) leaves federation %s.\n"
	       "It forgets the roster and every entry of the other members; its own\n"
	       "entries and its volunteer registry stay, and 'samverk join' works\n"
	       "again. Type yes to go on: ",
	    name, fpr);
	if (fflush(stdout) != 0 || fgets(line, sizeof(line), stdin) == NULL)
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "yes") == 0 || strcmp(line, "y") == 0;
}

/* Takes the daemon's lock: a running daemon would go on in the federation. */
static int
lock_node(svk_cli *cli, int *lock)
{
	pid_t holder = 0;
	int err = svk_lock_take(cli->dir, lock, &holder);

	if (err == 0)
		return 0;
	if (err == -EBUSY && holder > 0)
		svk_cli_error("the daemon (process %ld) runs on %s; stop it first, "
			      "then leave",
		    (long)holder, cli->dir);
	else if (err == -EBUSY)
		svk_cli_error("the daemon runs on %s; stop it first, then leave",
		    cli->dir);
	else
		svk_cli_error("cannot lock %s/%s: %s", cli->dir, SVK_LOCK_FILE,
		    svk_error_str(err));
	return 1;
}

int
svk_cmd_leave(svk_cli *cli, int argc, char **argv)
{
	bool yes = false;
	const svk_cli_opt opts[] = {
	    {"yes", 0, SVK_CLI_FLAG, &yes, NULL, "do not ask for confirmation", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL,
	    "Takes this node out of the federation it joined: it forgets the\n"
	    "roster and the other members' entries, and keeps its own entries and\n"
	    "its volunteer registry. Then 'samverk join' works again, e.g. with\n"
	    "the right federation id. Stop the daemon first. The coordinator\n"
	    "cannot leave its own federation.\n",
	    opts};
	uint8_t fed[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];
	svk_home *home = NULL;
	uint64_t dropped = 0;
	int first, rc, err, lock = -1;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 0, 0)) != 0)
		return rc;
	if ((rc = svk_cli_need_dir(cli)) != 0)
		return rc;
	if (lock_node(cli, &lock) != 0)
		return 1;
	rc = 1;
	if ((home = svk_cli_open(cli)) == NULL)
		goto out;
	if ((err = svk_log_federation(home->store, fed)) != 0) {
		if (err == SVK_ENOTFOUND)
			svk_cli_error("this node is in no federation: there is "
				      "nothing to leave");
		else
			svk_cli_error("cannot read the store: %s", svk_error_str(err));
		goto out;
	}
	svk_crypto_fingerprint(fed, fpr);
	if (memcmp(fed, svk_crypto_identity_public(home->id), SVK_KEY_LEN) == 0) {
		svk_cli_error("this node is the coordinator of federation %s and "
			      "cannot leave it: without its coordinator a "
			      "federation could never change its members again",
		    fpr);
		goto out;
	}
	if (!yes && !confirmed(fpr, home->name)) {
		svk_cli_error("not confirmed: nothing was changed");
		goto out;
	}
	if ((err = svk_leave_federation(home->store,
		 svk_crypto_identity_public(home->id), &dropped)) != 0) {
		svk_cli_error("cannot leave: %s; nothing was changed",
		    svk_cli_why_not(home, err));
		goto out;
	}
	printf("left federation %s; forgot %llu entries of other members\n"
	       "to join a federation: 'samverk join FEDERATION-ID --peer URL'\n",
	    fpr, (unsigned long long)dropped);
	rc = 0;
out:
	svk_home_close(home);
	svk_lock_release(lock);
	return rc;
}
