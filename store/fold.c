/*
 * fold.c: folds text for full-text search, and checks UTF-8.
 *
 * The indexed text and every query go through svk_fold, so it must be cheap:
 * one pass over the input, one allocation. Each code point is decoded
 * strictly, looked up in a small table or rule for its block, and written
 * out. No mapping here makes text longer, so the output buffer is sized from
 * the input once:
 *
 *   U+0000-U+007F     1 byte  -> 1 byte   (ASCII, lower-cased)
 *   U+00C0-U+017F     2 bytes -> 1 or 2   (latin[] strings hold at most 2)
 *   U+0300-U+036F     2 bytes -> 0        (combining marks are dropped)
 *   U+0370-U+04FF     2 bytes -> 2        (Greek and Cyrillic map inside
 *                                          U+0370-U+04FF, also 2 bytes)
 *   anything else     n bytes -> n        (copied as it came)
 *
 * A letter that Unicode decomposes into a base letter and marks folds to the
 * base letter, so text in composed (NFC) and decomposed (NFD) form folds
 * alike, as far as the blocks handled here go.
 */
#include "fold.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * latin[cp - 0xC0] is what U+00C0-U+017F becomes: at most two ASCII letters,
 * or "" to keep the character as it is (× and ÷ are not letters). The array
 * type bounds each replacement to two bytes, which the sizing above needs.
 */
#define LATIN_FIRST 0xC0
#define LATIN_LAST 0x17F

/* clang-format off */
static const char latin[LATIN_LAST - LATIN_FIRST + 1][3] = {
	/* U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï */
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß */
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï */
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ */
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď */
	"a", "a", "a", "a", "a", "a", "c", "c",
	"c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ */
	"d", "d", "e", "e", "e", "e", "e", "e",
	"e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į */
	"g", "g", "g", "g", "h", "h", "h", "h",
	"i", "i", "i", "i", "i", "i", "i", "i",
	/*
	 * U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ
	 * Greenlandic wrote q for kra (ĸ) after the 1973 reform, so q is what a
	 * reader types for it.
	 */
	"i", "i", "ij", "ij", "j", "j", "k", "k",
	"q", "l", "l", "l", "l", "l", "l", "l",
	/*
	 * U+0140 ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ
	 * ŉ is 'n; the apostrophe would only split the word for the tokenizer.
	 * Sámi eng (ŋ) has no base letter; n is what keyboards without it give.
	 */
	"l", "l", "l", "n", "n", "n", "n", "n",
	"n", "n", "n", "n", "o", "o", "o", "o",
	/* U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş */
	"o", "o", "oe", "oe", "r", "r", "r", "r",
	"r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů */
	"s", "s", "t", "t", "t", "t", "t", "t",
	"u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ */
	"u", "u", "u", "u", "w", "w", "y", "y",
	"y", "z", "z", "z", "z", "z", "z", "s",
};
/* clang-format on */

/*
 * greek[cp - 0x386] is the folded form of U+0386-U+03CE, the span holding
 * the capitals, the small letters and every monotonic accented letter; 0
 * keeps the code point (U+0387 ano teleia, U+038B, U+038D and U+03A2 are
 * punctuation or unassigned).
 */
#define GREEK_FIRST 0x386
#define GREEK_LAST 0x3CE

/* clang-format off */
static const uint16_t greek[GREEK_LAST - GREEK_FIRST + 1] = {
	/* U+0386 Ά · Έ Ή Ί _ Ό _ Ύ Ώ ΐ */
	0x3B1, 0, 0x3B5, 0x3B7, 0x3B9, 0, 0x3BF, 0, 0x3C5, 0x3C9, 0x3B9,
	/* U+0391 Α Β Γ Δ Ε Ζ Η Θ Ι Κ Λ Μ Ν Ξ Ο */
	0x3B1, 0x3B2, 0x3B3, 0x3B4, 0x3B5, 0x3B6, 0x3B7, 0x3B8,
	0x3B9, 0x3BA, 0x3BB, 0x3BC, 0x3BD, 0x3BE, 0x3BF,
	/* U+03A0 Π Ρ _ Σ Τ Υ Φ Χ Ψ Ω Ϊ Ϋ ά έ ή ί */
	0x3C0, 0x3C1, 0, 0x3C3, 0x3C4, 0x3C5, 0x3C6, 0x3C7,
	0x3C8, 0x3C9, 0x3B9, 0x3C5, 0x3B1, 0x3B5, 0x3B7, 0x3B9,
	/* U+03B0 ΰ α β γ δ ε ζ η θ ι κ λ μ ν ξ ο */
	0x3C5, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	/* U+03C0 π ρ ς σ τ υ φ χ ψ ω ϊ ϋ ό ύ ώ */
	0, 0, 0x3C3, 0, 0, 0, 0, 0,
	0, 0, 0x3B9, 0x3C5, 0x3BF, 0x3C5, 0x3C9,
};
/* clang-format on */

/*
 * cyrillic_basic folds U+0400-U+045F. Capitals go to small letters; the
 * letters that are a base letter plus a mark (ѐ ё ѓ ї ќ ѝ ў й) go to that
 * base letter, like é does, which also makes й and и one letter for search.
 * Russian text often writes е for ё anyway.
 */
static uint32_t
cyrillic_basic(uint32_t cp)
{
	if (cp < 0x410)
		cp += 0x50; /* Ѐ-Џ -> ѐ-џ */
	else if (cp < 0x430)
		cp += 0x20; /* А-Я -> а-я */
	switch (cp) {
	case 0x450:			  /* ѐ */
	case 0x451: /* ё */ return 0x435; /* е */
	case 0x453: /* ѓ */ return 0x433; /* г */
	case 0x457: /* ї */ return 0x456; /* і */
	case 0x45C: /* ќ */ return 0x43A; /* к */
	case 0x45D:			  /* ѝ */
	case 0x439: /* й */ return 0x438; /* и */
	case 0x45E: /* ў */ return 0x443; /* у */
	}
	return cp;
}

/*
 * cyrillic_extra lower-cases U+0460-U+04FF, where capitals and small letters
 * come in pairs (Ґ ґ, Ғ ғ ...). Marks are kept here: these letters are rare
 * in the languages we serve, and a table would cost more than it gives.
 */
static uint32_t
cyrillic_extra(uint32_t cp)
{
	if (cp == 0x4C0)
		return 0x4CF; /* Ӏ palochka */
	if (cp >= 0x4C1 && cp <= 0x4CE)
		return (cp & 1) ? cp + 1 : cp; /* here capitals are odd */
	if ((cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) || cp >= 0x4D0)
		return (cp & 1) ? cp : cp + 1;
	return cp; /* U+0482-U+0489: signs and marks */
}

/*
 * decode reads one code point from p[0..left), left > 0. It returns the
 * number of bytes used, or 0 if they are not well-formed UTF-8: the ranges
 * of the second byte below are what rule out overlong forms, surrogates and
 * code points above U+10FFFF (Unicode's table of well-formed byte sequences).
 */
static size_t
decode(const unsigned char *p, size_t left, uint32_t *cp)
{
	unsigned char b = p[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;

	if (b < 0x80) {
		*cp = b;
		return b != 0;
	}
	if (b < 0xC2)
		return 0; /* stray continuation, or overlong C0/C1 */
	if (b < 0xE0) {
		n = 2;
		*cp = b & 0x1F;
	} else if (b < 0xF0) {
		n = 3;
		*cp = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0;
		else if (b == 0xED)
			hi = 0x9F;
	} else if (b < 0xF5) {
		n = 4;
		*cp = b & 0x07;
		if (b == 0xF0)
			lo = 0x90;
		else if (b == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (left < n || p[1] < lo || p[1] > hi)
		return 0;
	*cp = (*cp << 6) | (p[1] & 0x3F);
	for (size_t i = 2; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3F);
	}
	return n;
}

bool
svk_fold_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	if (s == NULL)
		return len == 0;
	while (i < len) {
		n = decode(p + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/*
 * fold_wide folds one code point of two or more bytes, src[0..n), into dst
 * and returns the number of bytes written, never more than n.
 */
static size_t
fold_wide(uint32_t cp, const unsigned char *src, size_t n, char *dst)
{
	uint32_t to = cp;

	if (cp >= LATIN_FIRST && cp <= LATIN_LAST) {
		const char *r = latin[cp - LATIN_FIRST];

		if (r[0] != '\0') {
			dst[0] = r[0];
			if (r[1] == '\0')
				return 1;
			dst[1] = r[1];
			return 2;
		}
	} else if (cp >= 0x300 && cp <= 0x36F) {
		return 0;
	} else if (cp >= GREEK_FIRST && cp <= GREEK_LAST) {
		if (greek[cp - GREEK_FIRST] != 0)
			to = greek[cp - GREEK_FIRST];
	} else if (cp >= 0x400 && cp <= 0x45F) {
		to = cyrillic_basic(cp);
	} else if (cp >= 0x460 && cp <= 0x4FF) {
		to = cyrillic_extra(cp);
	}
	if (to == cp) {
		memcpy(dst, src, n);
		return n;
	}
	/* Every Greek and Cyrillic target lies in U+0080-U+07FF. */
	dst[0] = (char)(0xC0 | (to >> 6));
	dst[1] = (char)(0x80 | (to & 0x3F));
	return 2;
}

int
svk_fold(const char *s, size_t len, char **out)
{
	const unsigned char *p = (const unsigned char *)s;
	char *buf;
	size_t i = 0, o = 0, n;
	uint32_t cp;

	if (out == NULL || (s == NULL && len != 0))
		return SVK_EINVAL;
	*out = NULL;
	if (len == SIZE_MAX)
		return -ENOMEM;
	/* Folding never lengthens text (see the top of this file). */
	buf = malloc(len + 1);
	if (buf == NULL)
		return -ENOMEM;
	while (i < len) {
		if (p[i] != 0 && p[i] < 0x80) {
			/* ASCII is most of the text: skip the decoder. */
			unsigned char c = p[i++];

			buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
			continue;
		}
		n = decode(p + i, len - i, &cp);
		if (n == 0) {
			free(buf);
			return SVK_EINVAL;
		}
		o += fold_wide(cp, p + i, n, buf + o);
		i += n;
	}
	buf[o] = '\0';
	*out = buf;
	return 0;
}

size_t
svk_fold_char(const char *s, size_t n, bool *word)
{
	unsigned char c = (unsigned char)s[0];
	size_t len;
	uint32_t cp;

	if (c < 0x80) {
		*word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		return 1;
	}
	len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	if (len > n)
		len = n;
	cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
	for (size_t k = 1; k < len; k++)
		cp = (cp << 6) | ((unsigned char)s[k] & 0x3F);
	bool latin1_sign = cp >= 0xA0 && cp <= 0xBF && cp != 0xAA && cp != 0xB2 &&
			   cp != 0xB3 && cp != 0xB5 && cp != 0xB9 && cp != 0xBA &&
			   !(cp >= 0xBC && cp <= 0xBE);
	*word = !(latin1_sign || cp == 0xD7 || cp == 0xF7 ||
		  (cp >= 0x2000 && cp <= 0x206F) ||
		  (cp >= 0x3000 && cp <= 0x3003) || cp == 0xFEFF);
	return len;
}
