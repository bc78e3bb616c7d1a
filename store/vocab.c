/*
 * vocab.c: the fixed vocabularies (see vocab.h).
 *
 * The lists are short and fixed, so a linear search is all they need. They
 * are part of the federation's contract: a code added here must be known to
 * every node before anyone publishes it, so extend them only with a release.
 */
#include "vocab.h"

#include <string.h>

const char *const svk_vocab_areas[] = {
    "health_prevention",
    "social_inclusion",
    "employment",
    "education",
    "housing",
    "elderly_care",
    "disability",
    "youth",
    "culture",
    "food_security",
    "integration",
    "volunteer_infrastructure",
    NULL,
};

const char *const svk_vocab_urgencies[] = {"low", "medium", "high", NULL};
const char *const svk_vocab_need_statuses[] = {"open", "closed", NULL};
static const char *const adoption_statuses[] = {
    "considering",
    "piloting",
    "adopted",
    "dropped",
    NULL,
};

/* BCP 47 advises supporting tags of at least 35 characters; longer ones are
 * not seen in practice, and a bound keeps error messages and columns short. */
#define LANG_MAX 35
#define ENTITY_ID_MAX 64

static bool
in_list(const char *const *list, const char *s)
{
	if (s == NULL)
		return false;
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

bool
svk_vocab_area_valid(const char *code)
{
	return in_list(svk_vocab_areas, code);
}

bool
svk_vocab_urgency_valid(const char *s)
{
	return in_list(svk_vocab_urgencies, s);
}

bool
svk_vocab_need_status_valid(const char *s)
{
	return in_list(svk_vocab_need_statuses, s);
}

bool
svk_vocab_adoption_status_valid(const char *s)
{
	return in_list(adoption_statuses, s);
}

/* The character classes are spelled out rather than taken from <ctype.h>,
 * whose answers depend on the locale. */
static bool
is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool
is_alnum(char c)
{
	return is_lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool
svk_vocab_lang_valid(const char *s)
{
	size_t i = 0;

	if (s == NULL || strlen(s) > LANG_MAX)
		return false;
	while (is_lower(s[i]))
		i++;
	if (i < 2 || i > 3)
		return false;
	while (s[i] == '-') {
		size_t start = ++i;

		while (is_alnum(s[i]))
			i++;
		if (i - start < 1 || i - start > 8)
			return false;
	}
	return s[i] == '\0';
}

bool
svk_vocab_entity_id_valid(const char *s)
{
	size_t len;

	if (s == NULL)
		return false;
	len = strlen(s);
	if (len < 1 || len > ENTITY_ID_MAX)
		return false;
	if (s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_lower(s[i]) && !(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return false;
	return true;
}
