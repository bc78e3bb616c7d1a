/*
 * say.h: the daemon's log lines, on stderr, with levels.
 *
 * Under systemd each line starts with a syslog priority prefix ("<3>") so
 * the journal files it at the right level; on a terminal it starts with the
 * time and the level's name.
 */
#ifndef SVK_SAY_H
#define SVK_SAY_H

enum svk_level {
	SVK_ERROR = 0,
	SVK_WARN = 1,
	SVK_INFO = 2,
	SVK_DEBUG = 3,
};

/* svk_say_level_parse reads "error", "warn", "info" or "debug"; -1 if none. */
int svk_say_level_parse(const char *name);

/* svk_say_level_set sets the most detailed level that is printed. */
void svk_say_level_set(int level);

/* svk_say prints one line at level, if that level is printed. */
void svk_say(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A budget for lines that a partner can cause at will (a rejection, say):
 * at most SVK_SAY_BURST of them a minute per budget; the rest are counted,
 * and the count is told with the next line that is printed. Zero it to
 * start. */
#define SVK_SAY_BURST 10
typedef struct svk_say_limit {
	long long window_ms; /* start of the current minute */
	unsigned said;	     /* lines printed in it */
	unsigned held;	     /* lines held back since the last printed one */
} svk_say_limit;

/* svk_say_limited prints one line at level as svk_say does, unless lim's
 * budget for this minute is spent. */
void svk_say_limited(svk_say_limit *lim, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define svk_say_error(...) svk_say(SVK_ERROR, __VA_ARGS__)
#define svk_say_warn(...) svk_say(SVK_WARN, __VA_ARGS__)
#define svk_say_info(...) svk_say(SVK_INFO, __VA_ARGS__)
#define svk_say_debug(...) svk_say(SVK_DEBUG, __VA_ARGS__)

#endif
