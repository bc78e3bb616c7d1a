/* cmd_verify.c: `samverk verify`: re-check every signature, hash chain and
 * materialised row against the log, like git fsck. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "verify.h"

static void
verify_report(void *arg, const char *what)
{
	json_t *arr = arg;
	if (arr)
		(void)json_array_append_new(arr, json_string(what));
	else
		printf("FAIL %s\n", what);
}

int
svk_cmd_verify(svk_cli *cli, int argc, char **argv)
{
	uint64_t checked = 0, problems = 0;
	json_t *arr = NULL;
	svk_home *home;
	bool json = false;
	const svk_cli_opt opts[] = {
	    {"json", 0, SVK_CLI_FLAG, &json, NULL, "the result as a JSON object", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL,
	    "Re-checks every signature, every hash chain and every materialised\n"
	    "row against the log. Exits 1 and names each entry that fails.\n",
	    opts};
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (first < argc)
		return svk_cli_error_usage("unexpected argument '%s'", argv[first]);
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (json && (arr = json_array()) == NULL) {
		svk_home_close(home);
		return 1;
	}
	err = svk_verify_log(home->store, verify_report, arr, &checked, &problems);
	svk_home_close(home);
	if (err != 0) {
		json_decref(arr);
		svk_cli_error("verification could not finish: %s", svk_error_str(err));
		return 1;
	}
	if (json) {
		rc = svk_cli_print_json(json_pack("{s:I, s:I, s:b, s:o}",
		    "checked", (json_int_t)checked, "problems",
		    (json_int_t)problems, "ok", problems == 0, "failures", arr));
		return rc != 0 ? rc : problems == 0 ? 0 : 1;
	}
	if (problems == 0) {
		printf("ok: %llu entries checked, signatures, chains and tables "
		       "agree\n",
		    (unsigned long long)checked);
		return 0;
	}
	svk_cli_error("%llu problem(s) in %llu entries",
	    (unsigned long long)problems, (unsigned long long)checked);
	return 1;
}
