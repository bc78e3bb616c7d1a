/*
 * cmd_fed.c: joining nodes into a federation: `federation create|renew`,
 * `join-request`, `join`, `member add|suspend|resume|list` and `peers`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "log.h"
#include "roster.h"
#include "tls.h"
#include "view.h"

/* Loads DIR/samverk.conf over the defaults, reporting a failure. */
int
svk_cli_config(svk_cli *cli, svk_config *cfg)
{
	char path[4200], err[512];
	int rc;

	svk_config_defaults(cfg);
	if (svk_home_path(cli->dir, "samverk.conf", path, sizeof(path)) != 0) {
		svk_cli_error("the folder name is too long");
		return 1;
	}
	rc = svk_config_load(cfg, path, err, sizeof(err));
	if (rc == SVK_EINVAL) {
		svk_cli_error("%s", err);
		return 1;
	}
	if (rc != 0) {
		svk_cli_error("cannot read %s: %s", path, svk_error_str(rc));
		return 1;
	}
	return 0;
}

/* Parses [--days N] [--json] [--help]; returns -1 after printing help. */
static int
opts(int argc, char **argv, const char *usage, int *days, bool *json, int min,
    int max, int *first)
{
	static const struct option longs[] = {
	    {"days", required_argument, NULL, 'd'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (days == NULL)
				goto unknown;
			*days = (int)strtol(optarg, &end, 10);
			if (*end || *days < 1 || *days > 3650) {
				svk_cli_error("--days wants 1 to 3650, not '%s'", optarg);
				return 2;
			}
			break;
		case 'j':
			if (json == NULL)
				goto unknown;
			*json = true;
			break;
		case 'h':
			printf("%s", usage);
			return -1;
		case ':':
			svk_cli_error("%s needs a value", argv[optind - 1]);
			return 2;
		default:
		unknown:
			return svk_cli_usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (argc - optind < min || argc - optind > max) {
		return svk_cli_usage_error("wrong number of arguments");
	}
	*first = optind;
	return 0;
}

static int
federation_create(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk federation create [--days N]\n\n"
	    "Makes this node the coordinator of a new federation, whose id is\n"
	    "this node's id. It signs the roster of members, valid N days\n"
	    "(default 90) and renewed by the running daemon well before then.\n";
	Samverk__Member me = SAMVERK__MEMBER__INIT;
	Samverk__Roster *r = NULL;
	svk_config cfg;
	uint8_t fed[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], *crt = NULL;
	svk_home *home;
	int days = 90, first, rc, err;

	if ((rc = opts(argc, argv, usage, &days, NULL, 0, 0, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (svk_cli_config(cli, &cfg) != 0)
		goto out;
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
	me.pub = cfg.pub;
	me.sync = cfg.sync;
	me.tls_cert.data = (uint8_t *)crt;
	me.tls_cert.len = strlen(crt);
	if ((err = svk_roster_put(r, &me)) != 0 ||
	    (err = svk_roster_publish(home, r, days * 24LL * 3600 * 1000)) != 0) {
		svk_cli_error("cannot sign the roster: %s", svk_error_str(err));
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

/* Publishes r after a change, as the coordinator; reports failures. */
static int
publish_roster(svk_home *home, Samverk__Roster *r, int days)
{
	int err = svk_roster_publish(home, r, days * 24LL * 3600 * 1000);
	if (err != 0) {
		svk_cli_error("cannot sign the roster: %s", svk_error_str(err));
		return 1;
	}
	return 0;
}

/* Opens the node and its roster for a coordinator's command. */
static svk_home *
open_coordinator(svk_cli *cli, Samverk__Roster **r)
{
	svk_home *home = svk_cli_open(cli);
	int err;

	if (home == NULL)
		return NULL;
	if (!svk_roster_is_coordinator(home)) {
		svk_cli_error("only the federation's coordinator can change its "
			      "members; this node is not it");
		svk_home_close(home);
		return NULL;
	}
	if ((err = svk_roster_current(home->store, r)) != 0) {
		svk_cli_error("cannot read the roster: %s", svk_error_str(err));
		svk_home_close(home);
		return NULL;
	}
	return home;
}

static int
federation_renew(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk federation renew [--days N]\n\n"
	    "Signs the roster again, valid N more days (default 90).\n";
	Samverk__Roster *r = NULL;
	svk_home *home;
	int days = 90, first, rc;

	if ((rc = opts(argc, argv, usage, &days, NULL, 0, 0, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = open_coordinator(cli, &r)) == NULL)
		return 1;
	rc = publish_roster(home, r, days);
	if (rc == 0)
		printf("roster version %llu signed, valid %d days\n",
		    (unsigned long long)r->version, days);
	protobuf_c_message_free_unpacked(&r->base, NULL);
	svk_home_close(home);
	return rc;
}

int
svk_cmd_federation(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"create", federation_create, "start a federation, coordinated here"},
	    {"renew", federation_renew, "sign the roster again with a new expiry"},
	    {NULL, NULL, NULL},
	};
	return svk_cli_dispatch(cli, "federation", table, argc, argv);
}

int
svk_cmd_join_request(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk join-request\n\n"
	    "Prints one line to hand to the federation's coordinator, who adds\n"
	    "this node with 'samverk member add LINE'. It carries this node's\n"
	    "key, name, country and endpoints, signed.\n";
	svk_config cfg;
	svk_home *home;
	char *line = NULL;
	int first, rc, err;

	if ((rc = opts(argc, argv, usage, NULL, NULL, 0, 0, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	rc = 1;
	if (svk_cli_config(cli, &cfg) != 0)
		goto out;
	if ((err = svk_join_request_make(home, &cfg, &line)) != 0) {
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

static int
join(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk join FEDERATION-ID --peer URL\n\n"
	    "Makes this node a member of the federation whose id the coordinator\n"
	    "gave you, after it added this node's join request. URL is the\n"
	    "catch-up endpoint of any member (e.g. tcp://host:7401): the daemon\n"
	    "fetches the roster and everything else from there.\n";
	static const struct option longs[] = {
	    {"peer", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *peer = NULL;
	uint8_t fed[SVK_KEY_LEN], old[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];
	svk_home *home;
	int c, rc = 1, err;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		if (c == 'p') {
			peer = optarg;
		} else if (c == 'h') {
			printf("%s", usage);
			return 0;
		} else {
			svk_cli_error("bad option '%s'; see 'samverk join --help'",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind + 1 != argc || peer == NULL) {
		return svk_cli_usage_error("join needs the federation id and --peer URL");
	}
	if (svk_crypto_fingerprint_parse(argv[optind], fed) != 0) {
		svk_cli_error("'%s' is not a federation id (SVK-XXXX-...)", argv[optind]);
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
		svk_cli_error("this node already belongs to federation %s", fpr);
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

int
svk_cmd_join(svk_cli *cli, int argc, char **argv)
{
	return join(cli, argc, argv);
}

static int
member_add(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk member add JOIN-REQUEST-LINE\n\n"
	    "Adds the node that printed the line (with 'samverk join-request')\n"
	    "to the roster, as an active member. Coordinator only.\n";
	Samverk__Roster *r = NULL;
	Samverk__Member *m = NULL;
	char fpr[SVK_FPR_LEN];
	svk_home *home;
	int first, rc, err;

	if ((rc = opts(argc, argv, usage, NULL, NULL, 1, 1, &first)) != 0)
		return rc < 0 ? 0 : rc;
	err = svk_join_request_open(argv[first], &m);
	if (err != 0) {
		svk_cli_error(err == SVK_EBADSIG ? "the join request's signature is "
						   "wrong: it was altered"
						 : "that is not a join request line "
						   "(it starts with " SVK_JOIN_PREFIX ")");
		return 1;
	}
	rc = 1;
	if ((home = open_coordinator(cli, &r)) == NULL)
		goto out;
	Samverk__Member *old = svk_roster_find(r, m->key.data);
	if (old && old->status == SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE &&
	    strcmp(old->pub, m->pub) == 0 && strcmp(old->sync, m->sync) == 0 &&
	    strcmp(old->name, m->name) == 0 && old->tls_cert.len == m->tls_cert.len &&
	    (m->tls_cert.len == 0 ||
		memcmp(old->tls_cert.data, m->tls_cert.data, m->tls_cert.len) == 0)) {
		svk_crypto_fingerprint(m->key.data, fpr);
		svk_cli_error("%s (%s) is a member already", m->name, fpr);
		goto out;
	}
	m->status = SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE;
	if ((err = svk_roster_put(r, m)) != 0) {
		svk_cli_error("%s", svk_error_str(err));
		goto out;
	}
	if ((rc = publish_roster(home, r, 90)) == 0) {
		svk_crypto_fingerprint(m->key.data, fpr);
		printf("added %s (%s, %s) to the roster, version %llu\n", m->name,
		    m->country, fpr, (unsigned long long)r->version);
	}
out:
	if (m)
		protobuf_c_message_free_unpacked(&m->base, NULL);
	if (r)
		protobuf_c_message_free_unpacked(&r->base, NULL);
	svk_home_close(home);
	return rc;
}

static int
member_status(svk_cli *cli, int argc, char **argv, bool suspend)
{
	char usage[256];
	Samverk__Roster *r = NULL;
	uint8_t key[SVK_KEY_LEN];
	svk_home *home;
	int first, rc;

	snprintf(usage, sizeof(usage),
	    "usage: samverk member %s NODE-ID\n\n%s the member: %s\n",
	    suspend ? "suspend" : "resume", suspend ? "Suspends" : "Resumes",
	    suspend ? "partners stop accepting its new entries." :
		      "partners accept its entries again.");
	if ((rc = opts(argc, argv, usage, NULL, NULL, 1, 1, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (svk_crypto_fingerprint_parse(argv[first], key) != 0) {
		svk_cli_error("'%s' is not a node id (SVK-XXXX-...; see 'samverk "
			      "member list')",
		    argv[first]);
		return 2;
	}
	if ((home = open_coordinator(cli, &r)) == NULL)
		return 1;
	rc = 1;
	Samverk__Member *m = svk_roster_find(r, key);
	if (m == NULL) {
		svk_cli_error("no member %s in the roster", argv[first]);
		goto out;
	}
	if (memcmp(key, svk_crypto_identity_public(home->id), SVK_KEY_LEN) == 0) {
		svk_cli_error("the coordinator cannot suspend itself");
		goto out;
	}
	m->status = suspend ? SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED :
			      SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE;
	if ((rc = publish_roster(home, r, 90)) == 0)
		printf("%s %s; roster version %llu\n", m->name,
		    suspend ? "suspended" : "active again",
		    (unsigned long long)r->version);
out:
	protobuf_c_message_free_unpacked(&r->base, NULL);
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
	    "active" : "suspended";
	const char *role = memcmp(m->key, o->fed, SVK_KEY_LEN) == 0 ?
	    "coordinator" : "member";

	o->n++;
	svk_crypto_fingerprint(m->key, fpr);
	if (o->arr)
		return json_array_append_new(o->arr,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "node", fpr,
			"name", m->name, "country", m->country, "status", status,
			"role", role, "pub", m->pub, "sync", m->sync, "self",
			memcmp(m->key, o->me, SVK_KEY_LEN) == 0));
	printf("%-2s ", m->country);
	svk_cli_pad(m->name, 28);
	printf(" %-10s %-12s %s%s\n", status, role,
	    fpr, memcmp(m->key, o->me, SVK_KEY_LEN) == 0 ? "  (this node)" : "");
	return 0;
}

static int
member_list(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk member list [--json]\n\n"
	    "Lists the members of the newest roster this node holds.\n";
	struct members_out o = {0};
	uint8_t fed[SVK_KEY_LEN];
	int64_t expires;
	svk_home *home;
	bool json = false;
	int first, rc, err;

	if ((rc = opts(argc, argv, usage, NULL, &json, 0, 0, &first)) != 0)
		return rc < 0 ? 0 : rc;
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
			    expires < svk_log_now_ms() ? " -- EXPIRED" : "");
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
	return svk_cli_dispatch(cli, "member", table, argc, argv);
}
