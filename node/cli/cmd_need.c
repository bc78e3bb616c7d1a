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
#include "need_close.h"
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
	uint8_t porigin[SVK_KEY_LEN];
	const char *pid = NULL;
	svk_home *home;
	svk_need_close_refusal refused = 0;
	uint64_t seq;
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 1, 1)) != 0)
		return rc;
	const char *id = argv[first];
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (answered_by &&
	    svk_cli_resolve(home, SVK_KIND_PRACTICE, answered_by, porigin, &pid) != 0)
		goto out;
	err = svk_need_close(home, id, answered_by ? porigin : NULL, pid, &seq,
	    &refused);
	if (err == SVK_EINVAL && refused == SVK_NEED_CLOSE_NO_NEED)
		svk_cli_error("this node has no need '%s' to close", id);
	else if (err == SVK_EINVAL && refused == SVK_NEED_CLOSE_CLOSED)
		svk_cli_error("need '%s' is closed already", id);
	else if (err == SVK_EINVAL)
		svk_cli_error("--answered-by: no practice '%s' here; see "
			      "'samverk practice list'",
		    answered_by);
	else if (err == SVK_ECORRUPT || err == SVK_EDB)
		svk_cli_error("cannot read need '%s': %s", id, svk_error_str(err));
	else if (err != 0)
		svk_cli_write_failed(home, "need", err);
	else
		printf("closed need %s (entry %llu)\n", id, (unsigned long long)seq);
	rc = err == 0 ? 0 : 1;
out:
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
