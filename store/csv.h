/*
 * csv.h: a small RFC 4180 reader of our own, for the volunteer registry's
 * import: fields separated by commas, records by CRLF, LF or a lone CR,
 * fields in double quotes may hold commas, line breaks and doubled quotes.
 * What spreadsheets write is read too: a byte order mark, an Excel "sep=;"
 * first line, and fields separated by ';' (Excel's CSV where the decimal
 * mark is a comma: Denmark, Sweden, Finland, Italy, Greece ...) when the
 * header line says so. It reads from a buffer already in memory, and
 * writes a field for the files we make (SDMX-CSV, a volunteer's row); no
 * store.
 */
#ifndef SVK_CSV_H
#define SVK_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

#define SVK_CSV_MAX_FIELD 4096 /* bytes of one field */
#define SVK_CSV_MAX_COLUMNS 32 /* fields of a record kept; more are counted */

/* A reader over text [p, end); set it up with svk_csv_init. */
struct svk_csv {
	const char *p, *end;
	size_t line; /* the line p is on */
	char sep;    /* ',' or what the file's header line says */
};

/* One record. */
struct svk_csv_record {
	size_t line;		      /* the line it starts on */
	size_t n;		      /* fields seen */
	char *f[SVK_CSV_MAX_COLUMNS]; /* the first SVK_CSV_MAX_COLUMNS, owned */
	const char *error;	      /* a syntax problem in it, or NULL */
};

/* svk_csv_init sets c up to read text[0..len): past a UTF-8 byte order
 * mark and an Excel "sep=X" line (X one of , ; | or a tab: the separator
 * then), or else with the separator the first line shows: ';' when it has
 * a ';' and no ',' outside quotes, ',' otherwise. Line numbers stay the
 * file's. */
void svk_csv_init(struct svk_csv *c, const char *text, size_t len);

/* svk_csv_next reads the next record that is not an empty line into r: 1,
 * or 0 at the end, or SVK_EINVAL with the reason in why (a quote never
 * closed: the rest of the file is one field, so it is no CSV), or -ENOMEM.
 * Free the record with svk_csv_record_fini. */
int svk_csv_next(struct svk_csv *c, struct svk_csv_record *r, char *why,
    size_t whylen) SVK_WUR;

/* svk_csv_record_fini frees the fields of r and empties it. */
void svk_csv_record_fini(struct svk_csv_record *r);

/* svk_csv_field_write writes s to f as one field, in double quotes (and
 * its quotes doubled) when it holds a comma, a quote or a line end, then a
 * comma, or CRLF when it is the last of its record. */
void svk_csv_field_write(FILE *f, const char *s, bool last);

#endif
