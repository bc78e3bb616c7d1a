/*
 * cli_opt.c: the one option parser of the `samverk` commands: each command
 * declares its options in a table (cli_opt.h); this reads a command line by
 * it and prints the help made from it.
 */
#include "cli_opt.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_error.h"

/* The option --name (len bytes of name) means: *o, or help (1); 0 when
 * unknown or ambiguous. Long names may be cut short, as getopt_long allows. */
static int
long_option(const svk_cli_opt *opts, const char *name, size_t len,
    const svk_cli_opt **o)
{
	int hits = 0;
	bool help = false;

	*o = NULL;
	if (len == 0)
		return 0;
	if (strncmp("help", name, len) == 0) {
		if (len == 4)
			return 1;
		help = true;
		hits++;
	}
	for (const svk_cli_opt *p = opts; p && p->name; p++) {
		if (strncmp(p->name, name, len) != 0)
			continue;
		/* an old name, kept working, is taken only whole */
		if (p->help == NULL && p->name[len] != '\0')
			continue;
		if (p->name[len] == '\0') {
			*o = p;
			return 1;
		}
		*o = p;
		hits++;
	}
	if (hits != 1) {
		*o = NULL;
		return 0;
	}
	if (help)
		*o = NULL;
	return 1;
}

static const svk_cli_opt *
short_option(const svk_cli_opt *opts, char letter)
{
	for (const svk_cli_opt *p = opts; p && p->name; p++)
		if (p->letter != 0 && p->letter == letter)
			return p;
	return NULL;
}

static int
store_value(const svk_cli_opt *o, const char *value)
{
	svk_cli_list *l;
	const char **grown;

	switch (o->type) {
	case SVK_CLI_FLAG: *(bool *)o->dst = true; return 0;
	case SVK_CLI_STRING: *(const char **)o->dst = value; return 0;
	case SVK_CLI_LIST:
		l = o->dst;
		if ((grown = realloc(l->items, (l->n + 1) * sizeof(*grown))) == NULL)
			return -ENOMEM;
		l->items = grown;
		grown[l->n++] = value;
		return 0;
	}
	return SVK_EINVAL;
}

/* The first thing wrong with a command line, reported once it is read
 * whole (a --help after it still wins). */
struct bad {
	const char *word;
	const char *why; /* "unknown option", "needs a value", "out of memory" */
};

static void
bad_set(struct bad *b, const char *word, const char *why)
{
	if (b->word == NULL) {
		b->word = word;
		b->why = why;
	}
}

/* Reads the option argv[*i] (and its value, which may be the next word). */
static void
one_option(const svk_cli_usage *u, int argc, char **argv, int *i, bool *help,
    struct bad *b)
{
	const char *a = argv[*i], *value = NULL;
	const svk_cli_opt *o = NULL;

	if (a[1] == '-') {
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		if (!long_option(u->opts, name, len, &o)) {
			bad_set(b, a, "unknown option");
			return;
		}
		if (o == NULL) {
			if (eq == NULL)
				*help = true;
			else
				bad_set(b, a, "unknown option");
			return;
		}
		if (eq && o->type == SVK_CLI_FLAG) {
			bad_set(b, a, "unknown option");
			return;
		}
		value = eq ? eq + 1 : NULL;
	} else {
		if (a[1] == 'h' && a[2] == '\0') {
			*help = true;
			return;
		}
		if ((o = short_option(u->opts, a[1])) == NULL ||
		    (o->type == SVK_CLI_FLAG && a[2] != '\0')) {
			bad_set(b, a, "unknown option");
			return;
		}
		value = a[2] != '\0' ? a + 2 : NULL;
	}
	if (o->type != SVK_CLI_FLAG && value == NULL) {
		if (*i + 1 >= argc) {
			bad_set(b, a, "needs a value");
			return;
		}
		value = argv[++*i];
	}
	if (store_value(o, value) != 0)
		bad_set(b, a, "out of memory");
}

int
svk_cli_opt_parse(const svk_cli_usage *u, int argc, char **argv, int *first)
{
	struct bad b = {NULL, NULL};
	bool help = false;
	char **operands;
	int n = 0, k = 1;

	if ((operands = calloc((size_t)argc + 1, sizeof(*operands))) == NULL) {
		svk_cli_error("out of memory");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			while (++i < argc)
				operands[n++] = argv[i];
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			operands[n++] = a;
			continue;
		}
		int from = i;
		one_option(u, argc, argv, &i, &help, &b);
		/* Options first, operands after them, each in their order. */
		for (int j = from; j <= i; j++)
			argv[k++] = argv[j];
	}
	memcpy(argv + k, operands, (size_t)n * sizeof(*operands));
	free(operands);
	*first = k;
	if (help) {
		svk_cli_opt_help(u);
		return -1;
	}
	if (b.word == NULL)
		return 0;
	if (strcmp(b.why, "unknown option") == 0)
		return svk_cli_error_usage("unknown option '%s'", b.word);
	if (strcmp(b.why, "needs a value") == 0)
		svk_cli_error("%s needs a value", b.word);
	else
		svk_cli_error("%s", b.why);
	return 2;
}

/* The option as the usage line shows it: "[--limit N]". */
static int
opt_synopsis(const svk_cli_opt *o, char *out, size_t size)
{
	return snprintf(out, size, "%s--%s%s%s%s%s", o->required ? "" : "[",
	    o->name, o->type == SVK_CLI_FLAG ? "" : " ",
	    o->type == SVK_CLI_FLAG ? "" : o->arg, o->required ? "" : "]",
	    o->type == SVK_CLI_LIST ? "..." : "");
}

/* Prints word on the usage line, wrapping before column 79. */
static void
usage_word(const char *word, int indent, int *col)
{
	int len = (int)strlen(word);

	if (*col + 1 + len > 78 && *col > indent) {
		printf("\n%*s%s", indent, "", word);
		*col = indent + len;
	} else {
		printf(" %s", word);
		*col += 1 + len;
	}
}

void
svk_cli_opt_help(const svk_cli_usage *u)
{
	char word[256];
	int col = printf("usage: %s", svk_cli_error_command());
	int indent = col + 1;

	if (u->operands)
		usage_word(u->operands, indent, &col);
	for (const svk_cli_opt *o = u->opts; o && o->name; o++) {
		if (o->help == NULL)
			continue;
		(void)opt_synopsis(o, word, sizeof(word));
		usage_word(word, indent, &col);
	}
	printf("\n\n%s", u->text);
	if (u->opts == NULL || u->opts->name == NULL)
		return;
	printf("\noptions:\n");
	for (const svk_cli_opt *o = u->opts; o->name; o++) {
		char letter[8] = "";
		if (o->help == NULL)
			continue;
		if (o->letter)
			snprintf(letter, sizeof(letter), "-%c, ", o->letter);
		int n = printf("  %s--%s%s%s", letter, o->name,
		    o->type == SVK_CLI_FLAG ? "" : " ",
		    o->type == SVK_CLI_FLAG ? "" : o->arg);
		if (n > 24)
			printf("\n%-26s%s\n", "", o->help);
		else
			printf("%*s%s\n", 26 - n, "", o->help);
	}
}

int
svk_cli_opt_operands(int argc, int first, int min, int max)
{
	int n = argc - first;

	if (n < min || n > max)
		return svk_cli_error_usage("wrong number of arguments");
	return 0;
}

int
svk_cli_opt_number(const char *option, const char *value, long min, long max,
    const char *what, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || *out < min || *out > max) {
		svk_cli_error("%s wants %s, not '%s'", option, what, value);
		return 2;
	}
	return 0;
}
