/*
 * author_check.c: the checks of the authoring format's values (ids,
 * languages, areas, dates, references) and the words of its errors. See
 * author-int.h.
 */
#include "author-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "error.h"
#include "text.h"
#include "vocab.h"

int
svk__author_check_fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err != NULL && c->errlen > 0) {
		va_start(ap, fmt);
		(void)vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return SVK_EINVAL;
}

int
svk__author_check_nomem(struct ctx *c)
{
	if (c->err != NULL && c->errlen > 0)
		(void)snprintf(c->err, c->errlen, "out of memory");
	return -ENOMEM;
}

/* quote writes s into buf as a short double-quoted string with control
 * characters escaped, so that no value a person wrote can break the message
 * onto a second line or bury it under eight kilobytes of text. */
const char *
svk__author_check_quote(char *buf, size_t buflen, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i = 0, len = strlen(s);

	buf[o++] = '"';
	while (i < len && o + 8 < buflen && i < QUOTE_MAX) {
		unsigned char ch = (unsigned char)s[i++];

		if (ch == '"' || ch == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[ch >> 4];
			buf[o++] = hex[ch & 0xf];
		} else {
			buf[o++] = (char)ch;
		}
	}
	if (i < len) {
		/* Cut on a character boundary, not inside one. */
		while (i < len && o > 1 && ((unsigned char)s[i] & 0xc0) == 0x80) {
			o--;
			i--;
		}
		buf[o++] = '.';
		buf[o++] = '.';
		buf[o++] = '.';
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/* date_valid accepts 2011, 2011-05 and 2011-05-31: when a practice started
 * is often known only to the year. */
static bool
date_valid(const char *s)
{
	long year, month, day;

	return svk_text_date(s, &year, &month, &day) > 0;
}

/* area_names joins the valid areas for an error message. */
static const char *
area_names(char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; svk_vocab_areas[i] != NULL && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i > 0 ? ", " : "",
		    svk_vocab_areas[i]);
	return buf;
}

/* A reference to a partner's practice: "SVK-XXXX-.../practice-id". */
static bool
ref_valid(const char *s)
{
	const char *slash = strrchr(s, '/');
	uint8_t key[SVK_KEY_LEN];
	char fpr[128];

	if (slash == NULL || (size_t)(slash - s) >= sizeof(fpr))
		return false;
	memcpy(fpr, s, (size_t)(slash - s));
	fpr[slash - s] = '\0';
	return svk_crypto_fingerprint_parse(fpr, key) == 0 &&
	       svk_vocab_entity_id_valid(slash + 1);
}

int
svk__author_check_value(struct ctx *c, const char *path, enum check check,
    const char *s)
{
	char q[QUOTE_MAX + 16];
	char names[400];

	switch (check) {
	case C_ID:
		if (!svk_vocab_entity_id_valid(s))
			return svk__author_check_fail(c,
			    "field %s: %s is not a valid id (1 to 64 of a-z, "
			    "0-9 and '-', not starting or ending with '-')",
			    path, svk__author_check_quote(q, sizeof(q), s));
		break;
	case C_LANG:
		if (!svk_vocab_lang_valid(s))
			return svk__author_check_fail(c,
			    "field %s: %s is not a BCP 47 language tag "
			    "(like \"da\", \"en\" or \"en-GB\")",
			    path, svk__author_check_quote(q, sizeof(q), s));
		break;
	case C_AREAS:
		if (!svk_vocab_area_valid(s))
			return svk__author_check_fail(c,
			    "field %s: unknown area %s (one of: %s)", path,
			    svk__author_check_quote(q, sizeof(q), s),
			    area_names(names, sizeof(names)));
		break;
	case C_URGENCY:
		if (!svk_vocab_urgency_valid(s))
			return svk__author_check_fail(c,
			    "field %s: %s is not one of \"low\", \"medium\", "
			    "\"high\"",
			    path, svk__author_check_quote(q, sizeof(q), s));
		break;
	case C_STATUS:
		if (!svk_vocab_need_status_valid(s))
			return svk__author_check_fail(c,
			    "field %s: %s is not one of \"open\", \"closed\"",
			    path, svk__author_check_quote(q, sizeof(q), s));
		break;
	case C_DATE:
		if (!date_valid(s))
			return svk__author_check_fail(c,
			    "field %s: %s is not a date like 2011, 2011-05 or "
			    "2011-05-31",
			    path, svk__author_check_quote(q, sizeof(q), s));
		break;
	case C_REF:
		if (!ref_valid(s))
			return svk__author_check_fail(c,
			    "field %s: %s is not ORIGIN/PRACTICE-ID (a node "
			    "fingerprint, '/', a practice id)",
			    path, svk__author_check_quote(q, sizeof(q), s));
		break;
	case C_NONE: break;
	}
	return 0;
}
