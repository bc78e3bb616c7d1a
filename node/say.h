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

#define svk_say_error(...) svk_say(SVK_ERROR, __VA_ARGS__)
#define svk_say_warn(...) svk_say(SVK_WARN, __VA_ARGS__)
#define svk_say_info(...) svk_say(SVK_INFO, __VA_ARGS__)
#define svk_say_debug(...) svk_say(SVK_DEBUG, __VA_ARGS__)

#endif
