/*
 * text.h: small checks of text fields, shared by the readers of what people
 * write: the JSON authoring format (node/author.c) and the volunteer
 * registry's CSV (store/registry.c). Plain ASCII rules; UTF-8 is fold.h's.
 */
#ifndef SVK_TEXT_H
#define SVK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* svk_text_blank tells whether s[0..len) holds nothing but spaces, tabs and
 * line breaks (an empty string is blank). */
bool svk_text_blank(const char *s, size_t len);

/* svk_text_has_control tells whether s holds a control character (a line
 * break, an escape sequence, DEL): such a value is not shown on a terminal
 * as it is. */
bool svk_text_has_control(const char *s);

/* svk_text_trim removes spaces and tabs at both ends of s, in place. */
void svk_text_trim(char *s);

/* svk_text_digits tells whether s is 1 to maxdigits decimal digits and
 * nothing else; if so and out is not NULL, *out is their value. */
bool svk_text_digits(const char *s, size_t maxdigits, long *out);

/* svk_text_date reads a date written YYYY, YYYY-MM or YYYY-MM-DD, with a
 * month from 1 to 12 and a day from 1 to 31, and returns how many of the
 * three parts it has (0: not such a date). The parts it has are stored
 * through year, month and day; whether that day exists in that month is the
 * caller's rule. */
int svk_text_date(const char *s, long *year, long *month, long *day);

/* svk_text_excerpt writes a short quote of s into out for a message and
 * returns out: at most 24 bytes, cut at a character boundary ("..." marks
 * the cut), control characters shown as '?': a quoted field may hold a line
 * break or a terminal escape, and a message stays one line of plain text. */
const char *svk_text_excerpt(const char *s, char out[static 32]);

/* svk_text_why writes the reason a value is refused into why[0..len), as
 * printf would, and returns SVK_EINVAL, for `return svk_text_why(...)`. */
int svk_text_why(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
