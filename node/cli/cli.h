/*
 * cli.h: what every subcommand of the `samverk` program shares: the tables
 * of commands and the one dispatcher that walks them (the option parser is
 * cli_opt.h, included here), one-line errors, opening the node
 * and its settings, and the output helpers (JSON, padded columns, times).
 *
 * A command is a function run(cli, argc, argv) where argv[0] is its own name;
 * it returns the process exit status: 0 success, 1 failure (already reported
 * on stderr), 2 bad usage. The cmd_*.c files call what is declared here and
 * never each other.
 */
#ifndef SVK_CLI_H
#define SVK_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "cli_error.h"
#include "cli_opt.h"
#include "home.h"
#include "samverk.pb-c.h"

typedef struct svk_cli {
	const char *dir; /* --dir, else $SAMVERK_DIR */
	const char *prog;
} svk_cli;

typedef struct svk_cmd {
	const char *name;
	int (*run)(svk_cli *cli, int argc, char **argv);
	const char *summary;
} svk_cmd;

/* A table of commands: samverk's own (name NULL) or a group's. */
typedef struct svk_cmd_group {
	const char *name;    /* "practice"; NULL for samverk itself */
	const char *about;   /* printed after the usage line, or NULL */
	const char *footer;  /* printed before the "tells more" line, or NULL */
	const svk_cmd *cmds; /* ends with a NULL name */
} svk_cmd_group;

/* The commands; each svk_cmd_X is defined in its own cmd_X.c file. */
int svk_cmd_init(svk_cli *cli, int argc, char **argv);
int svk_cmd_id(svk_cli *cli, int argc, char **argv);
int svk_cmd_practice(svk_cli *cli, int argc, char **argv);
int svk_cmd_need(svk_cli *cli, int argc, char **argv);
int svk_cmd_log(svk_cli *cli, int argc, char **argv);
int svk_cmd_verify(svk_cli *cli, int argc, char **argv);
int svk_cmd_backup(svk_cli *cli, int argc, char **argv);
int svk_cmd_federation(svk_cli *cli, int argc, char **argv);
int svk_cmd_join_request(svk_cli *cli, int argc, char **argv);
int svk_cmd_join(svk_cli *cli, int argc, char **argv);
int svk_cmd_leave(svk_cli *cli, int argc, char **argv);
int svk_cmd_member(svk_cli *cli, int argc, char **argv);
int svk_cmd_status_peers(svk_cli *cli, int argc, char **argv);
int svk_cmd_run(svk_cli *cli, int argc, char **argv);
int svk_cmd_status(svk_cli *cli, int argc, char **argv);
int svk_cmd_volunteer(svk_cli *cli, int argc, char **argv);
int svk_cmd_indicators(svk_cli *cli, int argc, char **argv);
int svk_cmd_indicators_audit(svk_cli *cli, int argc, char **argv);

int svk_cmd_match(svk_cli *cli, int argc, char **argv);
/* svk_cmd_match_volunteers prints the volunteers who could answer this
 * node's need (origin, id), typed so by the user; an exit status. */
int svk_cmd_match_volunteers(svk_home *home, const uint8_t *origin,
    const char *id, const char *typed, size_t limit, bool json);
int svk_cmd_adopt(svk_cli *cli, int argc, char **argv);
int svk_cmd_web_user(svk_cli *cli, int argc, char **argv);


/* svk_cli_dispatch runs the command of group named by argv[1] (argv[0] is
 * the group's own word), or prints the group's help: on stdout for -h,
 * --help and help (status 0), on stderr when no command is named (2). */
int svk_cli_dispatch(svk_cli *cli, const svk_cmd_group *group, int argc, char **argv);

/* svk_cli_open opens the node in cli->dir, reporting any failure; NULL then. */
svk_home *svk_cli_open(svk_cli *cli);

/* svk_cli_need_dir checks that a node folder was given; returns 0, or 2
 * after reporting it was not. */
int svk_cli_need_dir(const svk_cli *cli) SVK_WUR;

struct svk_config;

/* svk_cli_config loads DIR/samverk.conf over the defaults into cfg. Returns
 * 0, or 1 after reporting a failure. */
int svk_cli_config(svk_cli *cli, struct svk_config *cfg) SVK_WUR;

/* svk_cli_coordinator_open opens the node for a coordinator's command
 * (roster_admin.h makes the change); reports failures (not the coordinator
 * among them) and returns NULL then. */
svk_home *svk_cli_coordinator_open(svk_cli *cli);

/* svk_cli_why_not says why an authoring command failed with err: for
 * SVK_EHELD, why authoring is on hold and what to do (in a buffer that the
 * next call reuses), else svk_error_str(err). */
const char *svk_cli_why_not(svk_home *home, int err);

/* svk_cli_write_failed reports that what ("practice", say) could not be
 * written for err: svk_cli_error_write's words, and for SVK_EHELD why
 * authoring is on hold and what to do. */
void svk_cli_write_failed(svk_home *home, const char *what, int err);

/* svk_cli_breakdown gives an indicator cell's breakdown for people:
 * "total", or the area's code. */
const char *svk_cli_breakdown(const char *b);

/* svk_cli_read_file reads a whole file of at most max bytes into a new
 * buffer (NUL-terminated; free it). Reports failures; NULL then. */
char *svk_cli_read_file(const char *path, size_t max, size_t *len);

/* svk_cli_print_json prints value to stdout, indented, with a final newline,
 * and drops the reference. Returns 0, or 1 after reporting a failure. */
int svk_cli_print_json(json_t *value) SVK_WUR;

/* What a listing's row callback fills: with --json, arr (rows go into it);
 * else arr is NULL and the row is printed. Either way rows counts them. */
typedef struct svk_cli_rows {
	json_t *arr;
	size_t rows;
} svk_cli_rows;

/* svk_cli_listing is a listing command after its options: it opens the node,
 * runs each (which calls the row callback for every row, with rows), and
 * prints the JSON array (json) or, when there was no row, none. A failure
 * of each is reported as "cannot read WHAT: ...". Returns the exit status. */
int svk_cli_listing(svk_cli *cli, bool json,
    int (*each)(svk_home *home, svk_cli_rows *rows), const char *what,
    const char *none) SVK_WUR;

/* svk_cli_str is the string at key of the JSON object o, or "". */
const char *svk_cli_str(json_t *o, const char *key);

/* svk_cli_pad prints s in exactly width columns: cut at a whole character
 * when longer, padded with spaces when shorter (counting display columns,
 * not bytes, so Örebro, Τρίκαλα and 東京 line up with Middelfart; see
 * cli_width.h). */
void svk_cli_pad(const char *s, int width);

/* svk_cli_time formats Unix milliseconds as UTC "2026-11-24 05:04:55". */
void svk_cli_time(int64_t ms, char out[static 32]);

/* svk_cli_parse_ref splits "ORIGIN/ID" (ORIGIN a node as svk_cli_node_resolve
 * reads it: a fingerprint, the start of one, a member's name) or a bare "ID"
 * (*has_origin then false). Returns 0, or 1 after reporting a bad reference. */
int svk_cli_parse_ref(svk_home *home, const char *ref, uint8_t origin[static 32],
    bool *has_origin, const char **id) SVK_WUR;

/* What svk_cli_find found of a practice, need or adoption. */
typedef struct svk_cli_found {
	bool any;			  /* there is one at all */
	bool live;			  /* it stands (not retracted) */
	uint8_t entry[SVK_HASH_LEN];	  /* its latest entry */
	char name[SVK_HOME_MAX_NAME + 1]; /* its origin's name */
} svk_cli_found;

/* svk_cli_find looks up the practice, need or adoption (kind) origin/id in
 * the store into *f (zeroed when there is none). Returns 0, or 1 after
 * reporting a failure to read. */
int svk_cli_find(svk_home *home, int kind, const uint8_t *origin, const char *id,
    svk_cli_found *f) SVK_WUR;

/* svk_cli_resolve finds the practice or need (kind: SVK_KIND_PRACTICE or
 * SVK_KIND_NEED) that ref names: ORIGIN/ID, else this node's ID, else the
 * one entity with that ID among all origins. Returns 0 (whether it exists
 * is for the caller to check), or 1 after reporting a bad or ambiguous ref. */
int svk_cli_resolve(svk_home *home, int kind, const char *ref,
    uint8_t origin[static 32], const char **id) SVK_WUR;

#endif
