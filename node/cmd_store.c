/*
 * cmd_store.c: commands about the store as a whole: `samverk log` (the
 * entries held), `samverk verify` (re-check everything, like git fsck) and
 * `samverk backup` (a consistent copy while the daemon runs).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"

/* Parses [--json] [--help] and at most max_operands operands. */
static int
simple_args(int argc, char **argv, const char *usage, bool *json,
    const char **operand, int min_operands)
{
	int n = 0;

	if (json)
		*json = false;
	if (operand)
		*operand = NULL;
	for (int i = 1; i < argc; i++) {
		if (json && strcmp(argv[i], "--json") == 0) {
			*json = true;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("%s", usage);
			return -1;
		} else if (argv[i][0] != '-' && operand && n == 0) {
			*operand = argv[i];
			n++;
		} else {
			return svk_cli_usage_error("unexpected argument '%s'", argv[i]);
		}
	}
	if (n < min_operands) {
		return svk_cli_usage_error("missing argument");
	}
	return 0;
}

static const char *
kind_name(int payload)
{
	switch (payload) {
	case SAMVERK__BODY__PAYLOAD_PRACTICE: return "practice";
	case SAMVERK__BODY__PAYLOAD_NEED: return "need";
	case SAMVERK__BODY__PAYLOAD_INDICATORS: return "indicators";
	case SAMVERK__BODY__PAYLOAD_ADOPTION: return "adoption";
	case SAMVERK__BODY__PAYLOAD_RETRACTION: return "retraction";
	case SAMVERK__BODY__PAYLOAD_ROSTER: return "roster";
	default: return "?";
	}
}

static const char *
subject(const Samverk__Body *b)
{
	switch (b->payload_case) {
	case SAMVERK__BODY__PAYLOAD_PRACTICE: return b->practice->id;
	case SAMVERK__BODY__PAYLOAD_NEED: return b->need->id;
	case SAMVERK__BODY__PAYLOAD_INDICATORS: return b->indicators->period;
	case SAMVERK__BODY__PAYLOAD_ADOPTION: return b->adoption->practice_id;
	case SAMVERK__BODY__PAYLOAD_RETRACTION: return b->retraction->id;
	default: return "";
	}
}

struct log_out {
	json_t *arr;
	bool json;
	size_t rows;
};

static int
log_cb(void *arg, const uint8_t *origin, uint64_t seq, const uint8_t *envelope,
    size_t len)
{
	struct log_out *out = arg;
	char fpr[SVK_FPR_LEN], shortfpr[SVK_FPR_SHORT_LEN], when[32];
	char id[SVK_HASH_LEN * 2 + 1];
	uint8_t hash[SVK_HASH_LEN];
	Samverk__Envelope *env = samverk__envelope__unpack(NULL, len, envelope);
	Samverk__Body *b = env ? samverk__body__unpack(NULL, env->body.len,
				     env->body.data) : NULL;

	out->rows++;
	svk_crypto_fingerprint(origin, fpr);
	svk_crypto_fingerprint_short(origin, shortfpr);
	if (b == NULL) {
		if (out->json)
			(void)json_array_append_new(out->arr, json_pack(
			    "{s:s, s:I, s:s}", "origin", fpr, "seq",
			    (json_int_t)seq, "kind", "undecodable"));
		else
			printf("%-18s %6llu  (undecodable: run 'samverk verify')\n",
			    shortfpr, (unsigned long long)seq);
	} else {
		svk_crypto_hash(env->body.data, env->body.len, hash);
		svk_crypto_hex(hash, SVK_HASH_LEN, id);
		svk_cli_time(b->time_ms, when);
		if (out->json)
			(void)json_array_append_new(out->arr, json_pack(
			    "{s:s, s:I, s:s, s:s, s:s, s:s, s:I}", "origin", fpr,
			    "seq", (json_int_t)seq, "kind", kind_name(b->payload_case),
			    "subject", subject(b), "time", when, "entry", id,
			    "bytes", (json_int_t)len));
		else
			printf("%-18s %6llu  %s  %-10s %-30s %.16s\n", shortfpr,
			    (unsigned long long)seq, when, kind_name(b->payload_case),
			    subject(b), id);
	}
	if (b)
		samverk__body__free_unpacked(b, NULL);
	if (env)
		samverk__envelope__free_unpacked(env, NULL);
	return 0;
}

int
svk_cmd_log(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk log [--json]\n\nLists every entry in the local store, "
	    "by origin and sequence number.\n";
	struct log_out out = {0};
	svk_home *home;
	int rc, err;

	if ((rc = simple_args(argc, argv, usage, &out.json, NULL, 0)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (out.json && (out.arr = json_array()) == NULL) {
		svk_home_close(home);
		return 1;
	}
	err = svk_log_each(home->store, NULL, 0, 0, log_cb, &out);
	if (err != 0) {
		svk_cli_error("cannot read the log: %s", svk_error_str(err));
		json_decref(out.arr);
		rc = 1;
	} else if (out.json) {
		rc = svk_cli_print_json(out.arr);
	} else if (out.rows == 0) {
		printf("no entries yet\n");
	}
	svk_home_close(home);
	return rc;
}

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
	static const char usage[] =
	    "usage: samverk verify [--json]\n\nRe-checks every signature, every "
	    "hash chain and every materialised\nrow against the log. Exits 1 and "
	    "names each entry that fails.\n";
	uint64_t checked = 0, problems = 0;
	json_t *arr = NULL;
	svk_home *home;
	bool json;
	int rc, err;

	if ((rc = simple_args(argc, argv, usage, &json, NULL, 0)) != 0)
		return rc < 0 ? 0 : rc;
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
		rc = svk_cli_print_json(json_pack("{s:I, s:I, s:b, s:o}", "checked",
		    (json_int_t)checked, "problems", (json_int_t)problems, "ok",
		    problems == 0, "failures", arr));
		return rc != 0 ? rc : problems == 0 ? 0 : 1;
	}
	if (problems == 0) {
		printf("ok: %llu entries checked, signatures, chains and tables "
		       "agree\n",
		    (unsigned long long)checked);
		return 0;
	}
	svk_cli_error("%llu problem(s) in %llu entries", (unsigned long long)problems,
	    (unsigned long long)checked);
	return 1;
}

int
svk_cmd_backup(svk_cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: samverk backup FILE\n\nWrites a consistent copy of the store "
	    "to FILE (which must not exist),\neven while the daemon runs. Keep "
	    "node.key safe separately.\n";
	const char *path;
	svk_home *home;
	int rc, err;

	if ((rc = simple_args(argc, argv, usage, NULL, &path, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	err = svk_store_backup(home->store, path);
	svk_home_close(home);
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
