/*
 * cli_error.h: the command line's one-line errors, on stderr, each naming
 * the command being run as a person would type it, so that "see 'samverk
 * practice add --help'" points at the right help.
 */
#ifndef SVK_CLI_ERROR_H
#define SVK_CLI_ERROR_H

/* svk_cli_error_command names the command being run, as a person would type it
 * ("samverk practice list"); svk_cli_error_push adds a word to it. */
const char *svk_cli_error_command(void);
void svk_cli_error_push(const char *word);

/* svk_cli_error_usage reports bad usage in one line pointing to --help, and
 * returns 2. */
int svk_cli_error_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* svk_cli_error prints "samverk: " and the formatted message on stderr. */
void svk_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* svk_cli_error_write reports that what ("practice", say) could not be
 * written for err, with what to do where there is something to do (a
 * roster that expired, a full disk). */
void svk_cli_error_write(const char *what, int err);

#endif
