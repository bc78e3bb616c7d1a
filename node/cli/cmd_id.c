/* cmd_id.c: `samverk id`: this node's id, the fingerprint of its key. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
svk_cmd_id(svk_cli *cli, int argc, char **argv)
{
	char fpr[SVK_FPR_LEN], hex[SVK_KEY_LEN * 2 + 1];
	bool json = false;
	svk_home *home;
	int rc = 0;

	const svk_cli_opt opts[] = {
	    {"json", 0, SVK_CLI_FLAG, &json, NULL,
		"the id, key, name and country as JSON", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL,
	    "Prints this node's id: the fingerprint of its public key.\n", opts};
	int first;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (first < argc)
		return svk_cli_error_usage("unknown argument '%s'", argv[first]);
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
