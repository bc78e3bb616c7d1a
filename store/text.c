/* text.c: small checks of text fields. See text.h. */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool
svk_text_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

bool
svk_text_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static bool
space(char c)
{
	return c == ' ' || c == '\t';
}

void
svk_text_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && space(s[n - 1]))
		n--;
	while (i < n && space(s[i]))
		i++;
	memmove(s, s + i, n - i);
	s[n - i] = '\0';
}

/* The value of s[0..n) when it is n digits, else -1. */
static long
number(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
svk_text_digits(const char *s, size_t maxdigits, long *out)
{
	size_t n = strlen(s);
	long v;

	if (n == 0 || n > maxdigits || (v = number(s, n)) < 0)
		return false;
	if (out != NULL)
		*out = v;
	return true;
}

int
svk_text_date(const char *s, long *year, long *month, long *day)
{
	size_t len = strlen(s);

	if (len != 4 && len != 7 && len != 10)
		return 0;
	if ((*year = number(s, 4)) < 0)
		return 0;
	if (len == 4)
		return 1;
	if (s[4] != '-' || (*month = number(s + 5, 2)) < 1 || *month > 12)
		return 0;
	if (len == 7)
		return 2;
	if (s[7] != '-' || (*day = number(s + 8, 2)) < 1 || *day > 31)
		return 0;
	return 3;
}

const char *
svk_text_excerpt(const char *s, char out[static 32])
{
	size_t n = strlen(s);
	bool cut = n > 24;

	if (cut) {
		n = 24;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	memcpy(out + n, cut ? "..." : "", cut ? 4 : 1);
	return out;
}

int
svk_text_why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return SVK_EINVAL;
}
