/* cli_width.c: the display width of UTF-8 text. See cli_width.h. */
#define _GNU_SOURCE /* newlocale, uselocale */
#include "cli_width.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
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

/* decode reads the character at s into *cp and returns its length in bytes;
 * 1 with *cp = UINT32_MAX for a byte that starts no valid character. */
static size_t
decode(const unsigned char *s, uint32_t *cp)
{
	size_t need, i;
	uint32_t c;

	*cp = UINT32_MAX;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		c = s[0] & 0x07;
	} else {
		return 1;
	}
	/* The NUL ending s is no continuation byte, so this stops there. */
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && c < 0x800) || (need == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 1;
	*cp = c;
	return need;
}

/* The columns of one character. */
static size_t
columns(uint32_t cp)
{
	locale_t loc, old;
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 2;
	if (cp < 0x7f || cp == UINT32_MAX)
		return 1;
	if ((loc = utf8_locale()) == (locale_t)0)
		return 1;
	old = uselocale(loc);
	w = wcwidth((wchar_t)cp);
	(void)uselocale(old);
	return w < 0 ? 1 : (size_t)w;
}

size_t
svk_cli_width_of(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t width = 0;
	uint32_t cp;

	while (*p) {
		p += decode(p, &cp);
		width += columns(cp);
	}
	return width;
}

void
svk_cli_width_pad(FILE *out, const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0;
	uint32_t cp;

	while (*p) {
		size_t len = decode(p, &cp), w = columns(cp);

		if (used + w > width)
			break;
		(void)fwrite(p, 1, len, out);
		p += len;
		used += w;
	}
	for (; used < width; used++)
		(void)fputc(' ', out);
}
