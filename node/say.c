/* say.c: the daemon's log lines. See say.h. */
#include "say.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int threshold = SVK_INFO;

static const char *const names[] = {"error", "warn", "info", "debug"};
static const int syslog_prio[] = {3, 4, 6, 7};

int
svk_say_level_parse(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	if (strcmp(name, "warning") == 0)
		return SVK_WARN;
	return -1;
}

void
svk_say_level_set(int level)
{
	threshold = level;
}

void
svk_say(int level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	if (level > threshold)
		return;
	if (getenv("JOURNAL_STREAM") != NULL) {
		n = snprintf(line, sizeof(line), "<%d>", syslog_prio[level]);
	} else {
		struct timespec ts;
		struct tm tm;
		(void)clock_gettime(CLOCK_REALTIME, &ts);
		(void)gmtime_r(&ts.tv_sec, &tm);
		n = (int)strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
		n += snprintf(line + n, sizeof(line) - (size_t)n, ".%03ldZ %-5s ",
		    ts.tv_nsec / 1000000, names[level]);
	}
	va_start(ap, fmt);
	(void)vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One write per line, so lines from several nodes never interleave. */
	(void)fprintf(stderr, "%s\n", line);
}
