/* indicator.c: the codes and breakdowns of indicator cells, and sets in
 * memory. See indicator.h. */
#include "indicator.h"

#include <stdlib.h>
#include <string.h>

#include "vocab.h"

static const struct code {
	const char *code;
	const char *unit;
} codes[] = {
    {"VOL_ACTIVE", "PERSONS"},
    {"VOL_NEW", "PERSONS"},
    {"VOL_HOURS", "HOURS"},
    {"VOL_ACTIVE_AGE_15_29", "PERSONS"},
    {"NEED_OPEN", "NEEDS"},
    {"NEED_MET", "NEEDS"},
    {"PRACTICE_SHARED", "PRACTICES"},
    {"PRACTICE_ADOPTED", "PRACTICES"},
};

const char *
svk_indicator_code_name(int rank)
{
	return codes[rank].code;
}

const char *
svk_indicator_code_unit(int rank)
{
	return codes[rank].unit;
}

int
svk_indicator_code_rank(const char *code)
{
	for (int i = 0; i < SVK_INDICATOR_NCODES; i++)
		if (strcmp(codes[i].code, code) == 0)
			return i;
	return SVK_INDICATOR_NCODES;
}

size_t
svk_indicator_n_areas(void)
{
	size_t n = 0;
	while (svk_vocab_areas[n] != NULL)
		n++;
	return n < SVK_INDICATOR_MAX_AREAS ? n : SVK_INDICATOR_MAX_AREAS;
}

int
svk_indicator_area_index(const char *s, size_t len)
{
	for (size_t i = 0; i < svk_indicator_n_areas(); i++)
		if (strlen(svk_vocab_areas[i]) == len &&
		    memcmp(svk_vocab_areas[i], s, len) == 0)
			return (int)i;
	return -1;
}

int
svk_indicator_breakdown_area(const char *b)
{
	if (strcmp(b, "_T") == 0)
		return -1;
	if (strncmp(b, "area:", 5) != 0)
		return -2;
	int a = svk_indicator_area_index(b + 5, strlen(b + 5));
	return a >= 0 ? a : -2;
}

svk_indicator_set *
svk_indicator_set_copy(const svk_indicator_set *set)
{
	svk_indicator_set *c = malloc(sizeof(*c));

	if (c == NULL)
		return NULL;
	*c = *set;
	c->cells = NULL;
	if (set->n > 0 && (c->cells = malloc(set->n * sizeof(*c->cells))) == NULL) {
		free(c);
		return NULL;
	}
	if (set->n > 0)
		memcpy(c->cells, set->cells, set->n * sizeof(*c->cells));
	return c;
}

void
svk_indicator_set_free(svk_indicator_set *set)
{
	if (set == NULL)
		return;
	free(set->cells);
	free(set);
}
