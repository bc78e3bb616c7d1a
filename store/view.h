/*
 * view.h: the tables materialised from the log, and queries over them.
 *
 * Practices, needs and adoptions are entities with a stable id chosen by their
 * origin: the entry with the highest seq wins, whatever order entries arrive
 * in, and a retraction hides the entity. The roster fills the members table.
 * Live practices and needs are indexed for full-text search with their text
 * folded (fold.h) and stemmed (stem.h), each text in its own language
 * (search.h). Writing the tables
 * is materialise.c's (for log.c alone); this module reads them.
 */
#ifndef SVK_VIEW_H
#define SVK_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "samverk.pb-c.h"
#include "store.h"

enum svk_kind {
	SVK_KIND_PRACTICE = 1,
	SVK_KIND_NEED = 2,
	SVK_KIND_ADOPTION = 3,
};

/* One materialised entity, valid only during the callback that gets it. */
typedef struct svk_entity {
	int kind;
	const uint8_t *origin; /* SVK_KEY_LEN bytes */
	const char *id;
	uint64_t seq;
	const uint8_t *entry; /* SVK_HASH_LEN bytes: the log entry it is from */
	const char *lang;
	const char *title;
	const char *areas; /* comma separated */
	const char *status;
	int64_t time_ms;
	bool retracted;
	const char *origin_name; /* the member's display name, or "" */
	const char *origin_country;
	/* For a search: a few words of its text around the words found, each
	 * found word in [brackets] ("" when no text shows them);
	 * NULL otherwise. */
	const char *snippet;
} svk_entity;

typedef struct svk_query {
	int kind;	       /* SVK_KIND_PRACTICE or SVK_KIND_NEED */
	const char *text;      /* full-text search, or NULL */
	const char *lang;      /* the text's words in this language only, or
				  NULL: in every language held (search.h) */
	const char *area;      /* only this area, or NULL */
	const uint8_t *origin; /* only this origin, or NULL */
	const char *status;    /* only this status ("open"), or NULL */
	bool with_retracted;   /* include retracted entities */
	size_t limit;	       /* 0: no limit */
} svk_query;

typedef int (*svk_entity_fn)(void *arg, const svk_entity *e);

/* svk_view_list calls fn for each entity matching q: ranked by relevance when
 * q->text is set (every word of it found, as written or in another form of
 * it: search.h), else newest first. fn returns non-zero to stop. SVK_EINVAL
 * when the search text has nothing to search for. */
int svk_view_list(svk_store *st, const svk_query *q, svk_entity_fn fn, void *arg) SVK_WUR;

/* svk_view_get calls fn once for the entity (kind, origin, id), retracted or
 * not. SVK_ENOTFOUND when there is none. */
int svk_view_get(svk_store *st, int kind, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, svk_entity_fn fn, void *arg) SVK_WUR;

/* svk_view_body loads and decodes the body of log entry id into *body; free it
 * with samverk__body__free_unpacked(*body, NULL). */
int svk_view_body(svk_store *st, const uint8_t id[static SVK_HASH_LEN],
    Samverk__Body **body) SVK_WUR;

/* A member of the federation, as in the newest roster. */
typedef struct svk_member {
	const uint8_t *key;
	const char *name;
	const char *country;
	const char *pub;
	const char *catchup;
	int status; /* SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ... */
	const uint8_t *tls_cert;
	size_t tls_cert_len;
} svk_member;

typedef int (*svk_member_fn)(void *arg, const svk_member *m);

/* svk_view_members calls fn for every member of the newest roster held. */
int svk_view_members(svk_store *st, svk_member_fn fn, void *arg) SVK_WUR;

/* svk_view_member_status gives key's status in the newest roster:
 * 0 active, SVK_ESUSPENDED, or SVK_ENOTMEMBER. */
int svk_view_member_status(svk_store *st, const uint8_t key[static SVK_KEY_LEN]) SVK_WUR;

#endif
