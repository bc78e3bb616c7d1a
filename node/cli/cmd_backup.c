/* cmd_backup.c: `samverk backup FILE`: a consistent copy of the store, even
 * while the daemon runs. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "hold.h"
#include "log.h"
#include "store_backup.h"

int
svk_cmd_backup(svk_cli *cli, int argc, char **argv)
{
	const svk_cli_usage usage = {"FILE",
	    "Writes a consistent copy of the store to FILE (which must not exist),\n"
	    "even while the daemon runs. Keep node.key safe separately. A node\n"
	    "restored from the copy does not author until its daemon has compared\n"
	    "its own log with a partner's and fetched back what it lacks.\n",
	    NULL};
	const char *path;
	svk_home *home;
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (first == argc)
		return svk_cli_error_usage("missing argument");
	if (argc - first > 1)
		return svk_cli_error_usage("unexpected argument '%s'",
		    argv[first + 1]);
	path = argv[first];
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	err = svk_store_backup(home->store, path);
	svk_home_close(home);
	/* The copy starts on hold: whoever restores it has partners that may
	 * hold entries of this node written after this moment. */
	if (err == 0 && (err = svk_hold_mark(path)) != 0)
		(void)unlink(path);
	if (err == SVK_EEXISTS) {
		svk_cli_error("%s exists already; choose a new file", path);
		return 1;
	}
	if (err != 0) {
		svk_cli_error("backup to %s failed: %s", path, svk_error_str(err));
		return 1;
	}
	printf("backed up to %s\n", path);
	return 0;
}
