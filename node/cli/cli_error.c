/* cli_error.c: one-line errors of the command line. See cli_error.h. */
#include "cli_error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
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

/* One line on stderr: "samverk: ", the message, and help's pointer when
 * the usage was wrong. */
static void
say(bool usage, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("samverk: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (usage)
		fprintf(stderr, "; see '%s --help'", command);
	fputc('\n', stderr);
}

int
svk_cli_error_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(true, fmt, ap);
	va_end(ap);
	return 2;
}

void
svk_cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(false, fmt, ap);
	va_end(ap);
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
