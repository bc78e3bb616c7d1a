/*
 * cli_node.h: what a person types where the command line asks for a node:
 * its fingerprint (with or without the check group), the start of it (at
 * least the four groups of the short form that `log` and `match` print), or
 * the member's name as the roster has it (case and accents aside).
 */
#ifndef SVK_CLI_NODE_H
#define SVK_CLI_NODE_H

#include <stdint.h>

#include "crypto.h"
#include "home.h"

/* svk_cli_node_resolve finds the node text names into key, among this node,
 * the roster's members and the origins of the entries held (a full
 * fingerprint needs none of them). what says where it was asked ("--origin",
 * "the member") for the messages. Returns 0, or 1 after saying what is wrong:
 * a typo in a fingerprint, no such node, or several that fit (named). */
int svk_cli_node_resolve(svk_home *home, const char *text, const char *what,
    uint8_t key[static SVK_KEY_LEN]) SVK_WUR;

#endif
