/*
 * indicator.h: one indicator set in memory: its cells, the codes a cell may
 * carry, in their canonical order, and the breakdowns ("_T" for the total,
 * "area:x" for an area). Shared by the computing and publishing of sets
 * (indicators.h) and disclosure control (disclosure.h); no store.
 */
#ifndef SVK_INDICATOR_H
#define SVK_INDICATOR_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "period.h"

#define SVK_INDICATORS_MIN_CELL 5    /* the default threshold */
#define SVK_INDICATORS_MIN_CELL_LO 3 /* lower thresholds give values away */
#define SVK_INDICATORS_MIN_CELL_HI 1000

#define SVK_INDICATOR_CODE_LEN 32
#define SVK_INDICATOR_BREAKDOWN_LEN 48
#define SVK_INDICATOR_UNIT_LEN 16

/* The confidentiality of a cell: the values of ConfStatus in samverk.proto. */
enum svk_conf {
	SVK_CONF_FREE = 0,	/* published */
	SVK_CONF_PRIMARY = 1,	/* a small count (SDMX "A") */
	SVK_CONF_SECONDARY = 2, /* suppressed to protect another (SDMX "D") */
	SVK_CONF_WITHHELD = 3,	/* the whole indicator withheld (SDMX "C") */
};

typedef struct svk_indicator {
	char code[SVK_INDICATOR_CODE_LEN];	     /* "VOL_ACTIVE" */
	char breakdown[SVK_INDICATOR_BREAKDOWN_LEN]; /* "_T", "area:youth" */
	uint64_t value;				     /* 0 unless conf is free */
	int conf;				     /* enum svk_conf */
	char unit[SVK_INDICATOR_UNIT_LEN];	     /* PERSONS, HOURS, ... */
} svk_indicator;

/* A set of indicators for one period. Sets read from the log say whose they
 * are; computed ones have a zero origin and seq. */
typedef struct svk_indicator_set {
	char period[SVK_PERIOD_LEN];
	unsigned min_cell;
	size_t n;
	svk_indicator *cells; /* owned */
	uint8_t origin[SVK_KEY_LEN];
	uint64_t seq;
	int64_t time_ms;
} svk_indicator_set;

#define SVK_INDICATOR_MAX_AREAS 32
#define SVK_INDICATOR_HOURS_CAP 744 /* hours one person can give in a month */

/* The codes we know, in their canonical order (the order of their ranks). */
enum svk_indicator_code {
	SVK_INDICATOR_ACTIVE,	 /* VOL_ACTIVE */
	SVK_INDICATOR_NEW,	 /* VOL_NEW */
	SVK_INDICATOR_HOURS,	 /* VOL_HOURS */
	SVK_INDICATOR_YOUNG,	 /* VOL_ACTIVE_AGE_15_29 */
	SVK_INDICATOR_NEED_OPEN, /* NEED_OPEN */
	SVK_INDICATOR_NEED_MET,	 /* NEED_MET */
	SVK_INDICATOR_SHARED,	 /* PRACTICE_SHARED */
	SVK_INDICATOR_ADOPTED,	 /* PRACTICE_ADOPTED */
	SVK_INDICATOR_NCODES
};

/* svk_indicator_code_rank gives the place of a code in the canonical order
 * (VOL_ACTIVE first), or a number past them for a code we do not know. */
int svk_indicator_code_rank(const char *code);

/* svk_indicator_code_name and svk_indicator_code_unit give the code
 * ("VOL_ACTIVE") and unit ("PERSONS") of a rank below SVK_INDICATOR_NCODES. */
const char *svk_indicator_code_name(int rank);
const char *svk_indicator_code_unit(int rank);

/* svk_indicator_n_areas gives how many areas have cells (the areas of
 * vocab.h, at most SVK_INDICATOR_MAX_AREAS). */
size_t svk_indicator_n_areas(void);

/* svk_indicator_area_index gives the index of the area named s[0..len), or
 * -1 for no area with cells. */
int svk_indicator_area_index(const char *s, size_t len);

/* svk_indicator_breakdown_area gives the area of a breakdown "area:x": its
 * index, -1 for the total "_T", -2 for anything else. */
int svk_indicator_breakdown_area(const char *b);

/* svk_indicator_set_copy gives a copy of set with cells of its own, or
 * NULL when memory is short. */
svk_indicator_set *svk_indicator_set_copy(const svk_indicator_set *set);

/* svk_indicator_set_free frees a set. NULL does nothing. */
void svk_indicator_set_free(svk_indicator_set *set);

#endif
