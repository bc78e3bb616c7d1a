/*
 * cli_entity.h: the subcommands `samverk practice` and `samverk need` share:
 * add and update from a JSON file, retract, list and search (show is
 * cli_entity_show.h's). kind is SVK_KIND_PRACTICE or SVK_KIND_NEED; argc and
 * argv are the subcommand's (argv[0] its own word); each returns the exit
 * status, as a command does.
 */
#ifndef SVK_CLI_ENTITY_H
#define SVK_CLI_ENTITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"

/* svk_cli_entity_author publishes the entity in FILE.json: a new one (add)
 * or a new version of this node's own (update). */
int svk_cli_entity_author(svk_cli *cli, int kind, int argc, char **argv, bool update);

/* svk_cli_entity_retract withdraws this node's entity ID. */
int svk_cli_entity_retract(svk_cli *cli, int kind, int argc, char **argv);

/* svk_cli_entity_list lists the entities held (list), or those the words
 * given find (search). */
int svk_cli_entity_list(svk_cli *cli, int kind, int argc, char **argv, bool search);

/* svk_cli_entity_append signs body (its payload set) into this node's log
 * and says "VERB KIND ID (entry N)". Returns 0, or 1 after reporting. */
int svk_cli_entity_append(svk_home *home, Samverk__Body *body, const char *verb,
    int kind, const char *id) SVK_WUR;

#endif
