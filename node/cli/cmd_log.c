/* cmd_log.c: `samverk log`: the entries in the local store, by origin and
 * sequence number, for people or as JSON. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_node.h"
#include "log.h"

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
	Samverk__Body *b =
	    env ? samverk__body__unpack(NULL, env->body.len, env->body.data) : NULL;

	out->rows++;
	svk_crypto_fingerprint(origin, fpr);
	svk_crypto_fingerprint_short(origin, shortfpr);
	if (b == NULL) {
		if (out->json)
			(void)json_array_append_new(out->arr,
			    json_pack("{s:s, s:I, s:s}", "origin", fpr, "seq",
				(json_int_t)seq, "kind", "undecodable"));
		else
			printf("%-18s %6llu  (undecodable: run 'samverk verify')\n",
			    shortfpr, (unsigned long long)seq);
	} else {
		svk_crypto_hash(env->body.data, env->body.len, hash);
		svk_crypto_hex(hash, SVK_HASH_LEN, id);
		svk_cli_time(b->time_ms, when);
		if (out->json)
			(void)json_array_append_new(out->arr,
			    json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:I}",
				"origin", fpr, "seq", (json_int_t)seq, "kind",
				kind_name(b->payload_case), "subject", subject(b),
				"time", when, "entry", id, "bytes", (json_int_t)len));
		else
			printf("%-18s %6llu  %s  %-10s %-30s %.16s\n", shortfpr,
			    (unsigned long long)seq, when,
			    kind_name(b->payload_case), subject(b), id);
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
	struct log_out out = {0};
	const svk_cli_opt opts[] = {
	    {"json", 0, SVK_CLI_FLAG, &out.json, NULL,
		"the entries as a JSON array", false},
	    SVK_CLI_END,
	};
	const svk_cli_usage usage = {"[NODE]",
	    "Lists every entry in the local store, by origin and sequence number;\n"
	    "with NODE (a fingerprint, the start of one as listed here, or a\n"
	    "member's name) only that node's.\n",
	    opts};
	uint8_t origin[SVK_KEY_LEN];
	svk_home *home;
	int first, rc, err;

	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 0, 1)) != 0)
		return rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (first < argc &&
	    svk_cli_node_resolve(home, argv[first], "the node", origin) != 0) {
		svk_home_close(home);
		return 2;
	}
	if (out.json && (out.arr = json_array()) == NULL) {
		svk_home_close(home);
		return 1;
	}
	err = svk_log_each(home->store, first < argc ? origin : NULL, 0, 0,
	    log_cb, &out);
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
