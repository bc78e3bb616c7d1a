/*
 * termsafe.h: what the command line writes to a terminal carries no control
 * character it received from elsewhere.
 *
 * Titles, names and messages come from partners; a title holding terminal
 * escapes (clear the screen, set the window title, ...) must not reach the
 * operator's terminal raw. When stdout or stderr is a terminal, it is put
 * behind a filter that shows each control character other than newline and
 * tab in caret notation (ESC as ^[, DEL as ^?) and each C1 control as ?.
 * Output to files and pipes is left as it is (JSON escapes its own).
 */
#ifndef SVK_TERMSAFE_H
#define SVK_TERMSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* svk_termsafe_filter writes the safe form of buf[0..len) to out. *c2 is
 * the state between calls (true when the last byte was 0xC2, which may
 * start a C1 control); start it at false. Returns 0, or -1 when writing to
 * out fails. */
int svk_termsafe_filter(FILE *out, const char *buf, size_t len, bool *c2);

/* svk_termsafe_install puts stdout and stderr behind the filter where they
 * are terminals (force: whatever they are, for tests). Returns 0, or -1
 * when a stream could not be made (the streams are then left as they were). */
int svk_termsafe_install(bool force);

/* svk_termsafe_uninstall flushes and closes the filters and gives stdout
 * and stderr back as they were. Returns 0, or -1 when writing what was left
 * failed. Does nothing when svk_termsafe_install put no filter in place. */
int svk_termsafe_uninstall(void);

#endif
