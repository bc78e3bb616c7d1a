/*
 * cli_entity_show.h: the subcommand `show` that `samverk practice` and
 * `samverk need` share. kind is SVK_KIND_PRACTICE or SVK_KIND_NEED; argc and
 * argv are the subcommand's (argv[0] its own word); it returns the exit
 * status, as a command does.
 */
#ifndef SVK_CLI_ENTITY_SHOW_H
#define SVK_CLI_ENTITY_SHOW_H

#include <jansson.h>
#include <stdint.h>

#include "cli.h"

/* What a kind shows besides its own fields: add sets *out to the value of
 * key for the entity origin/id (msg its payload, NULL when retracted) and
 * returns 0 or a negative code; print prints that value for people. */
typedef struct svk_cli_entity_more {
	const char *key;
	int (*add)(svk_home *home, const uint8_t *origin, const char *id,
	    const void *msg, json_t **out);
	void (*print)(json_t *value);
} svk_cli_entity_more;

/* svk_cli_entity_show shows one entity in full, and what more adds (more
 * may be NULL). */
int svk_cli_entity_show(svk_cli *cli, int kind, int argc, char **argv,
    const svk_cli_entity_more *more);

#endif
