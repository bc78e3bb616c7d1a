/*
 * cmd_member.c: `samverk member add|suspend|resume|list`: the coordinator
 * changes the federation's roster; any member lists it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_node.h"
#include "log.h"
#include "roster.h"
#include "roster_admin.h"
#include "view.h"

/* Far more than a join request takes, wrapped and quoted. */
#define REQUEST_MAX (64 * 1024)

/* The standard input, up to REQUEST_MAX bytes, into a new string of *len
 * bytes; NULL after saying why. */
static char *
read_stdin(size_t *len)
{
	char *buf = malloc(REQUEST_MAX + 1);

	*len = 0;
	if (buf == NULL) {
		svk_cli_error("out of memory");
		return NULL;
	}
	*len = fread(buf, 1, REQUEST_MAX + 1, stdin);
	if (ferror(stdin) || *len > REQUEST_MAX) {
		svk_cli_error(ferror(stdin) ? "cannot read the standard input" :
					      "the standard input is too long "
					      "for a join request");
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* The join request given as operands (a wrapped one may come split by the
 * shell), "-" standing for the standard input, joined by line breaks into
 * a new string; NULL after saying why. */
static char *
request_text(int n, char **parts)
{
	size_t len = 1, at = 0;
	char *text, *in = NULL;

	for (int i = 0; i < n; i++) {
		if (strcmp(parts[i], "-") == 0 && in == NULL &&
		    (in = read_stdin(&at)) == NULL)
			return NULL;
		len += (strcmp(parts[i], "-") == 0 ? at : strlen(parts[i])) + 1;
	}
	if ((text = calloc(1, len)) == NULL) {
		svk_cli_error("out of memory");
		free(in);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		strcat(text, strcmp(parts[i], "-") == 0 ? in : parts[i]);
		strcat(text, "\n");
	}
	free(in);
	return text;
}

/* The coordinator's node, open, and its settings; NULL after saying why. */
static svk_home *
coordinator(svk_cli *cli, svk_config *cfg)
{
	svk_home *home = svk_cli_coordinator_open(cli);

	if (home != NULL && svk_cli_config(cli, cfg) != 0) {
		svk_home_close(home);
		return NULL;
	}
	return home;
}

static int
member_add(svk_cli *cli, int argc, char **argv)
{
	const svk_cli_usage usage = {"JOIN-REQUEST...",
	    "Adds the node that printed the request (with 'samverk join-request')\n"
	    "to the roster, as an active member. Coordinator only. The request may\n"
	    "come as an e-mail client wrapped or quoted it (line breaks, spaces,\n"
	    "'>'); '-' reads it from the standard input.\n",
	    NULL};
	Samverk__Member *m = NULL;
	svk_roster_admin_done done;
	svk_config cfg;
	svk_home *home;
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 1, 64)) != 0)
		return rc;
	char *text = request_text(argc - first, argv + first);
	if (text == NULL)
		return 1;
	err = svk_roster_admin_request(text, &m);
	free(text);
	if (err != 0) {
		if (err == SVK_EBADSIG)
			svk_cli_error("the join request's signature is wrong: it "
				      "was altered on its way; ask for it again");
		else if (err == SVK_EMALFORMED)
			svk_cli_error("the join request is damaged or incomplete "
				      "(was part of it lost when it was copied?); "
				      "copy all of it, from " SVK_JOIN_PREFIX
				      " to its end, or ask for it again");
		else
			svk_cli_error("that is not a join request (one starts "
				      "with " SVK_JOIN_PREFIX ")");
		return 1;
	}
	rc = 1;
	if ((home = coordinator(cli, &cfg)) == NULL)
		goto out;
	err = svk_roster_admin_add(home, &cfg, m, 0, &done);
	if (err == SVK_EEXISTS)
		svk_cli_error("%s (%s) is a member already", done.name, done.fpr);
	else if (err != 0)
		svk_cli_error("cannot sign the roster: %s",
		    svk_cli_why_not(home, err));
	else
		printf("added %s (%s, %s) to the roster, version %llu\n", done.name,
		    done.country, done.fpr, (unsigned long long)done.version);
	rc = err != 0;
	svk_home_close(home);
out:
	protobuf_c_message_free_unpacked(&m->base, NULL);
	return rc;
}

static int
member_status(svk_cli *cli, int argc, char **argv, bool suspend)
{
	char text[256];
	const svk_cli_usage usage = {"NODE", text, NULL};
	uint8_t key[SVK_KEY_LEN];
	svk_roster_admin_done done;
	svk_config cfg;
	svk_home *home;
	int first, rc, err;

	snprintf(text, sizeof(text),
	    "%s the member: %s\nNODE is its fingerprint, the start of it, or "
	    "its name.\n",
	    suspend ? "Suspends" : "Resumes",
	    suspend ? "partners stop accepting its new entries." :
		      "partners accept its entries again.");
	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 1, 1)) != 0)
		return rc;
	if ((home = coordinator(cli, &cfg)) == NULL)
		return 1;
	rc = 1;
	if (svk_cli_node_resolve(home, argv[first], "the member", key) != 0)
		goto out;
	err = svk_roster_admin_status(home, &cfg, key, suspend, 0, &done);
	if (err == SVK_ENOTFOUND)
		svk_cli_error("no member %s in the roster", argv[first]);
	else if (err == SVK_EINVAL)
		svk_cli_error("the coordinator cannot suspend itself");
	else if (err != 0)
		svk_cli_error("cannot sign the roster: %s",
		    svk_cli_why_not(home, err));
	else
		printf("%s %s; roster version %llu\n", done.name,
		    suspend ? "suspended" : "active again",
		    (unsigned long long)done.version);
	rc = err != 0;
out:
	svk_home_close(home);
	return rc;
}

static int
member_suspend(svk_cli *cli, int argc, char **argv)
{
	return member_status(cli, argc, argv, true);
}

static int
member_resume(svk_cli *cli, int argc, char **argv)
{
	return member_status(cli, argc, argv, false);
}

struct members_out {
	json_t *arr;
	const uint8_t *me;
	const uint8_t *fed;
	int n;
};

static int
member_row(void *arg, const svk_member *m)
{
	struct members_out *o = arg;
	char fpr[SVK_FPR_LEN];
	const char *status = m->status == SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ?
				 "active" :
				 "suspended";
	const char *role =
	    memcmp(m->key, o->fed, SVK_KEY_LEN) == 0 ? "coordinator" : "member";

	o->n++;
	svk_crypto_fingerprint(m->key, fpr);
	if (o->arr)
		return json_array_append_new(o->arr,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "node",
			fpr, "name", m->name, "country", m->country, "status",
			status, "role", role, "pub", m->pub, "catchup", m->catchup,
			"self", memcmp(m->key, o->me, SVK_KEY_LEN) == 0));
	printf("%-2s ", m->country);
	svk_cli_pad(m->name, 28);
	printf(" %-10s %-12s %s%s\n", status, role, fpr,
	    memcmp(m->key, o->me, SVK_KEY_LEN) == 0 ? "  (this node)" : "");
	return 0;
}

static int
member_list(svk_cli *cli, int argc, char **argv)
{
	struct members_out o = {0};
	bool json = false;
	const svk_cli_opt opts[] = {
	    {"json", 0, SVK_CLI_FLAG, &json, NULL, "the members as a JSON array", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {NULL,
	    "Lists the members of the newest roster this node holds.\n", opts};
	uint8_t fed[SVK_KEY_LEN];
	int64_t expires;
	svk_home *home;
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 0, 0)) != 0)
		return rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (svk_log_federation(home->store, fed) != 0) {
		svk_cli_error("this node is in no federation yet ('samverk "
			      "federation create' or 'samverk join')");
		goto out;
	}
	o.me = svk_crypto_identity_public(home->id);
	o.fed = fed;
	if (json && (o.arr = json_array()) == NULL)
		goto out;
	if ((err = svk_view_members(home->store, member_row, &o)) != 0 ||
	    (err = svk_roster_expiry(home->store, &expires)) != 0) {
		json_decref(o.arr);
		svk_cli_error("cannot read the roster: %s", svk_error_str(err));
		goto out;
	}
	if (json) {
		rc = svk_cli_print_json(o.arr);
	} else {
		char when[32];
		if (o.n == 0) {
			printf("no roster yet: the daemon fetches it from the peer "
			       "given to 'samverk join'\n");
		} else {
			svk_cli_time(expires, when);
			printf("roster valid until %s UTC%s\n", when,
			    expires < svk_clock_now_ms() ? " -- EXPIRED" : "");
		}
		rc = 0;
	}
out:
	svk_home_close(home);
	return rc;
}

int
svk_cmd_member(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"add", member_add, "add a node from its join request"},
	    {"suspend", member_suspend, "suspend a member"},
	    {"resume", member_resume, "make a suspended member active again"},
	    {"list", member_list, "list the members of the roster"},
	    {NULL, NULL, NULL},
	};
	static const svk_cmd_group group = {"member", NULL, NULL, table};

	return svk_cli_dispatch(cli, &group, argc, argv);
}
