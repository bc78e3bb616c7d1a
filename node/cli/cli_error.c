/* cli_error.c: one-line errors of the command line. See cli_error.h. */
#include "cli_error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

static char command[256] = "samverk";

const char *
svk_cli_error_command(void)
{
	return command;
}

void
svk_cli_error_push(const char *word)
{
	size_t n = strlen(command);
	snprintf(command + n, sizeof(command) - n, " %s", word);
}

int
svk_cli_error_usage(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("samverk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see '%s --help'\n", command);
	return 2;
}

void
svk_cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("samverk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
svk_cli_error_write(const char *what, int err)
{
	if (err == SVK_EEXPIRED)
		svk_cli_error("cannot write the %s: the federation's roster expired; "
			      "the coordinator must renew it (samverk federation "
			      "renew) before this node records anything new",
		    what);
	else if (err == -ENOSPC)
		svk_cli_error("cannot write the %s: the disk under the store is "
			      "full; nothing was written",
		    what);
	else
		svk_cli_error("cannot write the %s: %s", what, svk_error_str(err));
}
