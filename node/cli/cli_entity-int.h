/*
 * cli_entity-int.h: what cli_entity.c and cli_entity_show.c share: how a
 * practice and a need differ, one descriptor each.
 */
#ifndef SVK_CLI_ENTITY_INT_H
#define SVK_CLI_ENTITY_INT_H

#include <jansson.h>
#include <stddef.h>

#include "samverk.pb-c.h"

struct svk__cli_entity_kind {
	int kind;
	const char *word;  /* "practice" */
	const char *words; /* "practices" */
	int (*parse)(const char *text, size_t len, void **msg, char *err,
	    size_t errlen);
	json_t *(*json)(const void *msg);
	const char *(*id_of)(const void *msg);
	void (*set)(Samverk__Body *body, void *msg);
	void *(*get)(const Samverk__Body *body);
};

/* svk__cli_entity_kind gives the descriptor of kind (SVK_KIND_NEED, else
 * the practice's). */
const struct svk__cli_entity_kind *svk__cli_entity_kind(int kind);

#endif
