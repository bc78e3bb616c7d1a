/*
 * cli_template.h: `samverk practice template` and `samverk need template`:
 * the commented starting file of a practice or a need (author.h), on
 * stdout or into a new file.
 */
#ifndef SVK_CLI_TEMPLATE_H
#define SVK_CLI_TEMPLATE_H

#include "cli.h"

/* svk_cli_template_run runs `KIND template [--lang LANG] [--out FILE]` for
 * kind SVK_KIND_PRACTICE or SVK_KIND_NEED; returns the exit status. */
int svk_cli_template_run(svk_cli *cli, int kind, int argc, char **argv);

#endif
