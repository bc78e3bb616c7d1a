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

static void
say_v(int level, const char *fmt, va_list ap)
{
	char line[1024];
	int n;

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
	(void)vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* One write per line, so lines from several nodes never interleave. */
	(void)fprintf(stderr, "%s\n", line);
}

void
svk_say(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > threshold)
		return;
	va_start(ap, fmt);
	say_v(level, fmt, ap);
	va_end(ap);
}

void
svk_say_limited(svk_say_limit *lim, int level, const char *fmt, ...)
{
	struct timespec ts;
	long long now;
	va_list ap;

	if (level > threshold)
		return;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (lim->said == 0 || now - lim->window_ms >= 60000) {
		lim->window_ms = now;
		lim->said = 0;
	}
	if (lim->said >= SVK_SAY_BURST) {
		lim->held++;
		return;
	}
	lim->said++;
	va_start(ap, fmt);
	say_v(level, fmt, ap);
	va_end(ap);
	if (lim->held > 0) {
		svk_say(level, "(%u more like it held back in the last minute)",
		    lim->held);
		lim->held = 0;
	}
}
