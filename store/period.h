/*
 * period.h: the reporting periods indicators are computed for: a year
 * (2026), a quarter (2026-Q3) or a month (2026-09).
 */
#ifndef SVK_PERIOD_H
#define SVK_PERIOD_H

#include <stdint.h>

#include "error.h"

#define SVK_PERIOD_LEN 8 /* "2026-Q3" and a NUL */

/* A period: its text and its first and last day. */
typedef struct svk_period {
	char text[SVK_PERIOD_LEN];
	char first[11], last[11]; /* YYYY-MM-DD */
	int last_year;
	int64_t start_ms, end_ms; /* [start, end) in Unix ms, UTC */
} svk_period;

/* svk_period_parse reads YYYY-Qn, YYYY-MM or YYYY (years 1900 to 9999).
 * SVK_EINVAL for anything else. */
int svk_period_parse(const char *text, svk_period *p) SVK_WUR;

#endif
