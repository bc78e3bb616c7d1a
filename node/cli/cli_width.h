/*
 * cli_width.h: the display width of text, so that listings line up in a
 * terminal whatever script a name is in: "Ørsted" and "Ελένη" take one
 * column a character, Chinese and Japanese characters and most emoji two,
 * combining accents none. The widths are the C library's (wcwidth in its
 * C.UTF-8 locale, set for the calls alone: the program's own locale is left
 * as it is); where the library has no such locale, every character counts
 * one column.
 */
#ifndef SVK_CLI_WIDTH_H
#define SVK_CLI_WIDTH_H

#include <stddef.h>
#include <stdio.h>

/* svk_cli_width_of is the number of terminal columns s (UTF-8) takes. A
 * byte that starts no valid character counts one column, a control
 * character two (the terminal filter shows it as ^X). */
size_t svk_cli_width_of(const char *s);

/* svk_cli_width_pad writes s to out in exactly width columns: cut after the
 * last whole character that fits (a wide character that would straddle the
 * edge becomes a space), padded with spaces when shorter. */
void svk_cli_width_pad(FILE *out, const char *s, size_t width);

#endif
