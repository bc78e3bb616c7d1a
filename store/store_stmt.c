/* store_stmt.c: the store's cache of prepared statements. See store_stmt.h. */
#include "store_stmt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static uint64_t
literal_hash(const char *literal)
{
	return ((uint64_t)(uintptr_t)literal >> 3) * 0x9e3779b97f4a7c15ULL;
}

static bool
entry_is(const struct svk__store_stmt_entry *e, const char *literal,
    const char *text, uint64_t h)
{
	if (literal != NULL)
		return e->literal == literal;
	return e->literal == NULL && e->hash == h && strcmp(e->sql, text) == 0;
}

/* The slot where the statement of (literal or text, h) is, or the empty
 * one where it would go. */
static size_t
slot_of(const svk__store_stmt_cache *c, const char *literal, const char *text,
    uint64_t h)
{
	size_t i = (size_t)(h >> 56);

	while (c->slots[i] != 0 &&
	       !entry_is(&c->entries[c->slots[i] - 1], literal, text, h))
		i = (i + 1) % SVK__STORE_STMT_SLOTS;
	return i;
}

static void
reindex(svk__store_stmt_cache *c)
{
	memset(c->slots, 0, sizeof(c->slots));
	for (size_t k = 0; k < c->n; k++) {
		const struct svk__store_stmt_entry *e = &c->entries[k];
		c->slots[slot_of(c, e->literal, e->sql, e->hash)] = (uint8_t)(k + 1);
	}
}

int
svk__store_stmt_get(svk__store_stmt_cache *c, sqlite3 *db, const char *literal,
    const char *text, sqlite3_stmt **stmt)
{
	uint64_t h = literal ? literal_hash(literal) : fnv1a(text);
	size_t slot = slot_of(c, literal, text, h);
	struct svk__store_stmt_entry *e;
	int rc;

	if (c->slots[slot] != 0) {
		*stmt = c->entries[c->slots[slot] - 1].stmt;
		return SQLITE_OK;
	}
	rc = sqlite3_prepare_v3(db, literal ? literal : text, -1,
	    SQLITE_PREPARE_PERSISTENT, stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if (c->n == SVK__STORE_STMT_MAX) {
		/* Full: make room by dropping the oldest, which is not in use
		 * (statements are released before the next is asked for). */
		sqlite3_finalize(c->entries[0].stmt);
		free(c->entries[0].sql);
		memmove(&c->entries[0], &c->entries[1],
		    (SVK__STORE_STMT_MAX - 1) * sizeof(c->entries[0]));
		c->n--;
		reindex(c);
		slot = slot_of(c, literal, text, h);
	}
	e = &c->entries[c->n];
	e->literal = literal;
	e->sql = NULL;
	if (literal == NULL && (e->sql = strdup(text)) == NULL) {
		sqlite3_finalize(*stmt);
		return SQLITE_NOMEM;
	}
	e->hash = h;
	e->stmt = *stmt;
	c->n++;
	c->slots[slot] = (uint8_t)c->n;
	return SQLITE_OK;
}

void
svk__store_stmt_fini(svk__store_stmt_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		sqlite3_finalize(c->entries[i].stmt);
		free(c->entries[i].sql);
	}
	c->n = 0;
	memset(c->slots, 0, sizeof(c->slots));
}
