/*
 * cmd_need.c: `samverk need ...`: the needs this node publishes and those
 * its partners share (cli_entity.c does what practices do alike), and
 * `need close`, which marks one as met.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_entity.h"
#include "cli_entity_show.h"
#include "cli_template.h"
#include "log.h"
#include "view.h"

static int
close_need(svk_cli *cli, int argc, char **argv)
{
	const char *answered_by = NULL;
	const svk_cli_opt opts[] = {
	    {"answered-by", 0, SVK_CLI_STRING, &answered_by, "ORIGIN/PRACTICE",
		"the partner's practice that answered it", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {"ID",
	    "Marks this node's need ID as met, optionally naming the partner's\n"
	    "practice that answered it.\n",
	    opts};
	svk_cli_found found, practice;
	svk_home *home;
	Samverk__Body *old = NULL;
	char ref[SVK_FPR_LEN + 80];
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 1, 1)) != 0)
		return rc;
	const char *id = argv[first];
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (svk_cli_find(home, SVK_KIND_NEED,
		svk_crypto_identity_public(home->id), id, &found) != 0)
		goto out;
	if (!found.live) {
		svk_cli_error("this node has no need '%s' to close", id);
		goto out;
	}
	if ((err = svk_view_body(home->store, found.entry, &old)) != 0 ||
	    old->payload_case != SAMVERK__BODY__PAYLOAD_NEED) {
		svk_cli_error("cannot read need '%s': %s", id,
		    svk_error_str(err ? err : SVK_ECORRUPT));
		goto out;
	}
	if (strcmp(old->need->status, "closed") == 0) {
		svk_cli_error("need '%s' is closed already", id);
		goto out;
	}
	ref[0] = '\0';
	if (answered_by) {
		uint8_t porigin[SVK_KEY_LEN];
		const char *pid;
		char fpr[SVK_FPR_LEN];
		if (svk_cli_resolve(home, SVK_KIND_PRACTICE, answered_by, porigin,
			&pid) != 0 ||
		    svk_cli_find(home, SVK_KIND_PRACTICE, porigin, pid, &practice) != 0)
			goto out;
		if (!practice.live) {
			svk_cli_error("--answered-by: no practice '%s' here; see "
				      "'samverk practice list'",
			    answered_by);
			goto out;
		}
		svk_crypto_fingerprint(porigin, fpr);
		snprintf(ref, sizeof(ref), "%s/%s", fpr, pid);
	}
	/* The new entry is the need as it stands, closed. Its strings stay
	 * owned by old; only the two changed fields point elsewhere. */
	Samverk__Need need = *old->need;
	need.status = "closed";
	need.answered_by = ref;
	Samverk__Body body = SAMVERK__BODY__INIT;
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = &need;
	rc = svk_cli_entity_append(home, &body, "closed", SVK_KIND_NEED, id);
out:
	if (old)
		samverk__body__free_unpacked(old, NULL);
	svk_home_close(home);
	return rc;
}

static int
add(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_author(cli, SVK_KIND_NEED, argc, argv, false);
}

static int
update(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_author(cli, SVK_KIND_NEED, argc, argv, true);
}

static int
retract(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_retract(cli, SVK_KIND_NEED, argc, argv);
}

static int
list(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_list(cli, SVK_KIND_NEED, argc, argv, false);
}

static int
show(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_show(cli, SVK_KIND_NEED, argc, argv, NULL);
}

static int
search(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_entity_list(cli, SVK_KIND_NEED, argc, argv, true);
}

static int template(svk_cli *cli, int argc, char **argv)
{
	return svk_cli_template_run(cli, SVK_KIND_NEED, argc, argv);
}

int
svk_cmd_need(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"add", add, "publish a need from a JSON file"},
	    {"update", update, "publish a new version of a need"},
	    {"close", close_need, "mark a need as met"},
	    {"retract", retract, "withdraw a need"},
	    {"list", list, "list the needs held, own and partners'"},
	    {"show", show, "show one need in full"},
	    {"search", search, "search needs in every language"},
	    {"template", template, "write a commented starting file for a need"},
	    {NULL, NULL, NULL},
	};
	static const svk_cmd_group group = {"need", NULL, NULL, table};

	return svk_cli_dispatch(cli, &group, argc, argv);
}
