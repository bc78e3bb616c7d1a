/* csv.c: the CSV reader of the registry's import. See csv.h. */
#include "csv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

void
svk_csv_record_fini(struct svk_csv_record *r)
{
	for (size_t i = 0; i < r->n && i < SVK_CSV_MAX_COLUMNS; i++)
		free(r->f[i]);
	memset(r, 0, sizeof(*r));
}

static bool
line_end(char c)
{
	return c == '\n' || c == '\r';
}

/* The separator an Excel "sep=X" line at p names, or 0 when p starts no
 * such line. */
static char
sep_line(const char *p, const char *end)
{
	if (end - p < 5 || strncasecmp(p, "sep=", 4) != 0 ||
	    strchr(",;|\t", p[4]) == NULL || p[4] == '\0')
		return 0;
	return end - p == 5 || line_end(p[5]) ? p[4] : 0;
}

/* The separator the header line at p shows. */
static char
sep_of_header(const char *p, const char *end)
{
	bool quoted = false;
	size_t commas = 0, semicolons = 0;

	for (; p < end && (quoted || !line_end(*p)); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			commas++;
		else if (!quoted && *p == ';')
			semicolons++;
	}
	return semicolons > 0 && commas == 0 ? ';' : ',';
}

void
svk_csv_init(struct svk_csv *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
	c->line = 1;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c->p += 3; /* the byte order mark spreadsheets write */
	if ((c->sep = sep_line(c->p, c->end)) != 0) {
		c->p += 5;
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
		return;
	}
	c->sep = sep_of_header(c->p, c->end);
}

/* Reads one field's text into buf (at most SVK_CSV_MAX_FIELD bytes kept). */
static int
field(struct svk_csv *c, char *buf, size_t *len, const char **error, char *why,
    size_t whylen)
{
	*len = 0;
#define PUT(ch)                                                       \
	do {                                                          \
		if (*len < SVK_CSV_MAX_FIELD)                         \
			buf[(*len)++] = (ch);                         \
		else if (*error == NULL)                              \
			*error = "a field is longer than 4096 bytes"; \
	} while (0)
	if (c->p < c->end && *c->p == '"') {
		size_t opened = c->line;
		c->p++;
		for (;;) {
			if (c->p == c->end)
				return svk_text_why(why, whylen,
				    "line %zu: a quoted field "
				    "is never closed",
				    opened);
			char ch = *c->p;
			if (ch == '"') {
				if (c->p + 1 < c->end && c->p[1] == '"') {
					PUT('"');
					c->p += 2;
					continue;
				}
				c->p++;
				break;
			}
			if (ch == '\n' ||
			    (ch == '\r' && !(c->p + 1 < c->end && c->p[1] == '\n')))
				c->line++;
			PUT(ch);
			c->p++;
		}
		if (c->p < c->end && *c->p != c->sep && !line_end(*c->p)) {
			if (*error == NULL)
				*error = "text after the closing quote of a field";
			while (c->p < c->end && *c->p != c->sep && !line_end(*c->p))
				c->p++;
		}
	} else {
		while (c->p < c->end && *c->p != c->sep && !line_end(*c->p)) {
			PUT(*c->p);
			c->p++;
		}
	}
#undef PUT
	buf[*len] = '\0';
	return 0;
}

int
svk_csv_next(struct svk_csv *c, struct svk_csv_record *r, char *why, size_t whylen)
{
	char buf[SVK_CSV_MAX_FIELD + 1];
	size_t len;
	int err;

	memset(r, 0, sizeof(*r));
	for (;;) {
		if (c->p == c->end)
			return 0;
		if (!line_end(*c->p))
			break;
		/* An empty line: skip it. */
		if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
			c->p++;
		c->p++;
		c->line++;
	}
	r->line = c->line;
	for (;;) {
		if ((err = field(c, buf, &len, &r->error, why, whylen)) != 0) {
			svk_csv_record_fini(r);
			return err;
		}
		if (r->n < SVK_CSV_MAX_COLUMNS && (r->f[r->n] = strdup(buf)) == NULL) {
			svk_csv_record_fini(r);
			return -ENOMEM;
		}
		r->n++;
		if (c->p == c->end)
			return 1;
		if (*c->p == c->sep) {
			c->p++;
			continue;
		}
		if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
			c->p++;
		c->p++;
		c->line++;
		return 1;
	}
}

void
svk_csv_field_write(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n") != NULL) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}
