/*
 * cli_opt.h: the option parser every `samverk` command uses. A command
 * declares what it takes in a svk_cli_usage: its operands, what it does, and
 * a table of options (long name, short letter, whether it takes a value,
 * where the value goes, its help line). svk_cli_opt_parse reads the command
 * line by that table and handles --help, unknown options and missing values
 * alike for all; the usage line and the list of options in --help are made
 * from the same table.
 */
#ifndef SVK_CLI_OPT_H
#define SVK_CLI_OPT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* What an option does with its value. */
typedef enum svk_cli_opt_type {
	SVK_CLI_FLAG,	/* dst is a bool *: set to true; takes no value */
	SVK_CLI_STRING, /* dst is a const char **: the value (the last given) */
	SVK_CLI_LIST,	/* dst is a svk_cli_list *: every value, in order */
} svk_cli_opt_type;

/* The values of a repeatable option; free(items) when done. */
typedef struct svk_cli_list {
	const char **items;
	size_t n;
} svk_cli_list;

/* One option of a command. */
typedef struct svk_cli_opt {
	const char *name; /* "limit" for --limit; NULL ends a table */
	char letter;	  /* 'l' for -l, or 0 */
	svk_cli_opt_type type;
	void *dst;	  /* where the value goes, as type says */
	const char *arg;  /* the value's name in the help ("N") */
	const char *help; /* one line for the options list; NULL: an old name
			   * kept working, not shown, not abbreviated */
	bool required;	  /* shown without brackets in the usage */
} svk_cli_opt;

/* SVK_CLI_END ends a table of options. */
#define SVK_CLI_END                                            \
	{                                                      \
		NULL, 0, SVK_CLI_FLAG, NULL, NULL, NULL, false \
	}

/* What a command takes, for its parser and its --help. */
typedef struct svk_cli_usage {
	const char *operands;	 /* "[ORIGIN/]ID", or NULL */
	const char *text;	 /* what it does, whole lines */
	const svk_cli_opt *opts; /* ends with a NULL name; NULL for none */
} svk_cli_usage;

/* svk_cli_opt_parse reads the options of argv (argv[0] the command's own word)
 * as usage->opts declares them, anywhere among the operands until "--"; long
 * names may be cut short while unambiguous, values follow as the next word
 * or after '='. Operands are moved, in order, to the end of argv; *first is
 * the index of the first. -h or --help anywhere prints the help and returns
 * -1; an unknown option or a value missing is reported in one line and
 * returns 2; else 0 (a list may then hold memory to free, even on 2). */
int svk_cli_opt_parse(const svk_cli_usage *usage, int argc, char **argv,
    int *first) SVK_WUR;

/* svk_cli_opt_help prints the help of the command being run: the usage line
 * made from usage (wrapped), its text, and the list of its options. */
void svk_cli_opt_help(const svk_cli_usage *usage);

/* svk_cli_opt_operands checks that between min and max operands are left after
 * svk_cli_opt_parse; returns 0, or 2 after reporting "wrong number of
 * arguments". */
int svk_cli_opt_operands(int argc, int first, int min, int max) SVK_WUR;

/* svk_cli_opt_number parses value as a whole number from min to max; returns 0,
 * or 2 after reporting "OPTION wants ..., not 'VALUE'" (what: "a positive
 * number" ...). */
int svk_cli_opt_number(const char *option, const char *value, long min, long max,
    const char *what, long *out) SVK_WUR;

#endif
