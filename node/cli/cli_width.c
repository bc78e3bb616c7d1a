/* cli_width.c: the display width of UTF-8 text. See cli_width.h. */
#define _GNU_SOURCE /* newlocale, uselocale */
#include "cli_width.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The C.UTF-8 locale, made once; (locale_t)0 when there is none. */
static locale_t
utf8_locale(void)
{
	static locale_t loc;
	static bool tried;

	if (!tried) {
		tried = true;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (loc == (locale_t)0)
			loc = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
	}
	return loc;
}

/* next measures the character at s (a NUL ends s): its length in bytes
 * and, in *cols, its columns. A byte that starts no valid character is one
 * byte and one column. */
static size_t
next(const char *s, size_t *cols)
{
	unsigned char c = (unsigned char)s[0];
	locale_t loc = utf8_locale(), old;
	mbstate_t st;
	wchar_t wc;
	size_t len;
	int w;

	*cols = c < 0x20 || c == 0x7f ? 2 : 1;
	if (c < 0x80)
		return 1;
	if (loc == (locale_t)0) {
		/* Each character starts with a byte that is not 10xxxxxx. */
		for (len = 1; ((unsigned char)s[len] & 0xc0) == 0x80; len++)
			;
		return len;
	}
	memset(&st, 0, sizeof(st));
	old = uselocale(loc);
	len = mbrtowc(&wc, s, strnlen(s, MB_LEN_MAX), &st);
	w = len == (size_t)-1 || len == (size_t)-2 ? 1 : wcwidth(wc);
	(void)uselocale(old);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0)
		return 1;
	*cols = w < 0 ? 1 : (size_t)w;
	return len;
}

size_t
svk_cli_width_of(const char *s)
{
	size_t width = 0, cols;

	while (*s) {
		s += next(s, &cols);
		width += cols;
	}
	return width;
}

void
svk_cli_width_pad(FILE *out, const char *s, size_t width)
{
	size_t used = 0, cols;

	while (*s) {
		size_t len = next(s, &cols);

		if (used + cols > width)
			break;
		(void)fwrite(s, 1, len, out);
		s += len;
		used += cols;
	}
	for (; used < width; used++)
		(void)fputc(' ', out);
}
