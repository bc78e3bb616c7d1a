/*
 * search.c: filling the full-text index with folded and stemmed text, the
 * one-time re-index of an older index, and a person's query as an FTS5
 * expression (the snippet shown with a result is search_snippet.c's). See
 * search.h.
 */
#include "search.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "fold.h"
#include "stem.h"
#include "store_meta.h"

#define MAX_QUERY_WORDS 32
#define MAX_FORMS 12 /* the folded word and its stems in as many languages */
#define REBUILD_REPORT 500
/* Area and target group codes are English words (elderly_care, youth),
 * whatever the record's language. */
#define CODES "en"

static int
each_list(char **list, size_t n, const char *lang, svk__search_text_fn fn, void *arg)
{
	int err = 0;

	for (size_t i = 0; i < n && err == 0; i++)
		err = fn(arg, lang, false, list[i]);
	return err;
}

static int
each_practice(const Samverk__Practice *p, svk__search_text_fn fn, void *arg)
{
	const char *l = p->lang;
	int err;

	if ((err = fn(arg, l, true, p->title)) != 0 ||
	    (err = fn(arg, l, false, p->summary)) != 0 ||
	    (err = fn(arg, l, false, p->challenge)) != 0 ||
	    (err = each_list(p->tags, p->n_tags, l, fn, arg)) != 0 ||
	    (err = each_list(p->areas, p->n_areas, CODES, fn, arg)) != 0 ||
	    (err = each_list(p->target_groups, p->n_target_groups, CODES, fn, arg)) != 0 ||
	    (err = each_list(p->core_elements, p->n_core_elements, l, fn, arg)) != 0 ||
	    (err = each_list(p->flexible_elements, p->n_flexible_elements, l, fn,
		 arg)) != 0 ||
	    (err = fn(arg, l, false, p->results)) != 0 ||
	    (err = fn(arg, l, false, p->resources)) != 0)
		return err;
	for (size_t i = 0; i < p->n_partners && err == 0; i++)
		err = fn(arg, l, false, p->partners[i]->name);
	for (size_t i = 0; i < p->n_translations && err == 0; i++) {
		const Samverk__Translation *t = p->translations[i];
		if ((err = fn(arg, t->lang, true, t->title)) == 0 &&
		    (err = fn(arg, t->lang, false, t->summary)) == 0 &&
		    (err = fn(arg, t->lang, false, t->challenge)) == 0)
			err = fn(arg, t->lang, false, t->description);
	}
	return err;
}

static int
each_need(const Samverk__Need *n, svk__search_text_fn fn, void *arg)
{
	const char *l = n->lang;
	int err;

	if ((err = fn(arg, l, true, n->title)) != 0 ||
	    (err = fn(arg, l, false, n->description)) != 0 ||
	    (err = each_list(n->areas, n->n_areas, CODES, fn, arg)) != 0 ||
	    (err = each_list(n->skills, n->n_skills, l, fn, arg)) != 0)
		return err;
	for (size_t i = 0; i < n->n_translations && err == 0; i++) {
		const Samverk__Translation *t = n->translations[i];
		if ((err = fn(arg, t->lang, true, t->title)) == 0 &&
		    (err = fn(arg, t->lang, false, t->description)) == 0)
			err = fn(arg, t->lang, false, t->summary);
	}
	return err;
}

int
svk__search_each_text(const Samverk__Body *body, svk__search_text_fn fn, void *arg)
{
	switch (body->payload_case) {
	case SAMVERK__BODY__PAYLOAD_PRACTICE:
		return each_practice(body->practice, fn, arg);
	case SAMVERK__BODY__PAYLOAD_NEED: return each_need(body->need, fn, arg);
	default: return 0;
	}
}

/* A growing text: one column of the index. */
struct column {
	char *buf;
	size_t len;
};

static int
column_add(struct column *c, const char *s)
{
	size_t n = strlen(s);
	char *p;

	if (n == 0)
		return 0;
	if ((p = realloc(c->buf, c->len + n + 2)) == NULL)
		return -ENOMEM;
	c->buf = p;
	if (c->len > 0)
		c->buf[c->len++] = ' ';
	memcpy(c->buf + c->len, s, n + 1);
	c->len += n;
	return 0;
}

struct filling {
	svk_stem *stem;
	struct column title, body;
	char langs[64]; /* ",da,en," : the languages met */
};

static int
fill_text(void *arg, const char *lang, bool title, const char *text)
{
	struct filling *f = arg;
	char *form, key[16];
	int err;

	if (text == NULL || text[0] == '\0')
		return 0;
	if ((err = svk_stem_index(f->stem, lang, text, &form)) != 0)
		return err;
	err = column_add(title ? &f->title : &f->body, form);
	free(form);
	snprintf(key, sizeof(key), ",%s,", lang);
	if (err == 0 && strlen(lang) < 8 && !strstr(f->langs, key) &&
	    svk_stem_known(f->stem, lang) &&
	    strlen(f->langs) + strlen(lang) + 2 < sizeof(f->langs))
		strcat(strcat(f->langs[0] ? f->langs : strcpy(f->langs, ","), lang),
		    ",");
	return err;
}

/* Adds the languages of langs (",da,en,") that meta search_langs lacks. */
static int
note_langs(svk_store *st, const char *langs)
{
	char *held = NULL, *all, key[16];
	const char *p = langs;
	int err;

	err = svk_store_meta_get(st, "search_langs", &held);
	if (err == SVK_ENOTFOUND)
		err = 0;
	if (err != 0)
		return err;
	all = sqlite3_mprintf("%s", held ? held : "");
	free(held);
	while (all != NULL && *p == ',' && p[1] != '\0') {
		const char *end = strchr(p + 1, ',');
		int n = (int)(end - p - 1);

		snprintf(key, sizeof(key), ",%.*s,", n, p + 1);
		if (strstr(all, key) == NULL) {
			char *grown = sqlite3_mprintf("%s%s%.*s,", all,
			    all[0] ? "" : ",", n, p + 1);
			sqlite3_free(all);
			all = grown;
			err = 1;
		}
		p = end;
	}
	if (all == NULL)
		return -ENOMEM;
	err = err == 1 ? svk_store_meta_set(st, "search_langs", all) : 0;
	sqlite3_free(all);
	return err;
}

static int
put_with(svk_store *st, svk_stem *stem, int64_t rowid, const Samverk__Body *body)
{
	struct filling f = {.stem = stem};
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__search_each_text(body, fill_text, &f)) != 0)
		goto out;
	if ((err = svk__store_stmt(st,
		 "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
		 &stmt)) != 0)
		goto out;
	(void)sqlite3_bind_int64(stmt, 1, rowid);
	(void)sqlite3_bind_text(stmt, 2, f.title.buf ? f.title.buf : "", -1,
	    SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 3, f.body.buf ? f.body.buf : "", -1,
	    SQLITE_STATIC);
	if ((err = svk__store_done(stmt)) == 0 && f.langs[0])
		err = note_langs(st, f.langs);
out:
	free(f.title.buf);
	free(f.body.buf);
	return err;
}

int
svk__search_put(svk_store *st, int64_t rowid, const Samverk__Body *body)
{
	svk_stem *stem;
	int err;

	if ((err = svk_stem_alloc(&stem)) != 0)
		return err;
	err = put_with(st, stem, rowid, body);
	svk_stem_free(stem);
	return err;
}

static int
count_live(svk_store *st, uint64_t *total)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_own(st,
		 "SELECT count(*) FROM entities WHERE kind IN (1, 2) AND "
		 "retracted = 0",
		 &stmt)) != 0)
		return err;
	rc = sqlite3_step(stmt);
	*total = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : svk__store_err(rc);
}

struct progress {
	void (*fn)(void *arg, uint64_t done, uint64_t total);
	void *arg;
};

static void
report(const struct progress *p, uint64_t done, uint64_t total)
{
	if (p->fn != NULL && total >= REBUILD_REPORT)
		p->fn(p->arg, done, total);
}

/* Indexes every live practice and need anew. */
static int
rebuild(svk_store *st, svk_stem *stem, const struct progress *p)
{
	sqlite3_stmt *stmt;
	uint64_t total, done = 0;
	int err, rc;

	if ((err = count_live(st, &total)) != 0 ||
	    (err = svk__store_exec(st, "DELETE FROM search")) != 0 ||
	    (err = svk__store_exec(st, "DELETE FROM search_later")) != 0 ||
	    (err = svk__store_exec(st,
		 "DELETE FROM meta WHERE key = 'search_langs'")) != 0)
		return err;
	report(p, 0, total);
	if ((err = svk__store_own(st,
		 "SELECT e.rowid, l.envelope FROM entities e JOIN log l ON "
		 "l.id = e.entry WHERE e.kind IN (1, 2) AND e.retracted = 0 "
		 "ORDER BY e.rowid",
		 &stmt)) != 0)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Samverk__Body *body = svk__envelope_body(sqlite3_column_blob(stmt, 1),
		    (size_t)sqlite3_column_bytes(stmt, 1));

		if (body == NULL) {
			err = SVK_ECORRUPT;
			break;
		}
		err = put_with(st, stem, sqlite3_column_int64(stmt, 0), body);
		samverk__body__free_unpacked(body, NULL);
		if (err != 0)
			break;
		if (++done % REBUILD_REPORT == 0 && done < total)
			report(p, done, total);
	}
	sqlite3_finalize(stmt);
	if (err == 0 && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	if (err == 0)
		report(p, done, total);
	return err;
}

static int
index_version(svk_store *st, long *version)
{
	char *v = NULL;
	int err = svk_store_meta_get(st, "search_index", &v);

	*version = err == 0 ? strtol(v, NULL, 10) : 1;
	free(v);
	return err == SVK_ENOTFOUND ? 0 : err;
}

int
svk_search_upgrade(svk_store *st,
    void (*progress)(void *arg, uint64_t done, uint64_t total), void *arg)
{
	const struct progress p = {progress, arg};
	svk_stem *stem = NULL;
	char v[16];
	long version;
	int err;

	if ((err = index_version(st, &version)) != 0 ||
	    version == SVK_SEARCH_INDEX_VERSION)
		return err;
	if ((err = svk_store_begin(st)) != 0)
		return err;
	/* Another process may have re-indexed since we looked. */
	if ((err = index_version(st, &version)) != 0 ||
	    version == SVK_SEARCH_INDEX_VERSION)
		goto out;
	snprintf(v, sizeof(v), "%d", SVK_SEARCH_INDEX_VERSION);
	if ((err = svk_stem_alloc(&stem)) == 0 && (err = rebuild(st, stem, &p)) == 0)
		err = svk_store_meta_set(st, "search_index", v);
out:
	svk_stem_free(stem);
	if (err != 0) {
		svk_store_rollback(st);
		return err;
	}
	return svk_store_commit(st);
}

/* One word of a query and the forms that find it. */
struct qword {
	char *form[MAX_FORMS];
	size_t chars[MAX_FORMS];
	size_t n;
};

struct svk__search_q {
	svk_stem *stem;
	struct qword words[MAX_QUERY_WORDS];
	size_t n;
	char *langs; /* ",da,en," */
	char *fts;
};

void
svk__search_q_free(svk__search_q *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i < q->n; i++)
		for (size_t k = 0; k < q->words[i].n; k++)
			free(q->words[i].form[k]);
	svk_stem_free(q->stem);
	free(q->langs);
	free(q->fts);
	free(q);
}

static size_t
count_chars(const char *s, size_t len)
{
	size_t chars = 0;
	bool word;

	for (size_t i = 0; i < len; chars++)
		i += svk_fold_char(s + i, len - i, &word);
	return chars;
}

static int
add_form(struct qword *w, const char *s, size_t len)
{
	for (size_t k = 0; k < w->n; k++)
		if (strlen(w->form[k]) == len && memcmp(w->form[k], s, len) == 0)
			return 0;
	if (w->n == MAX_FORMS)
		return 0;
	if ((w->form[w->n] = strndup(s, len)) == NULL)
		return -ENOMEM;
	w->chars[w->n++] = count_chars(s, len);
	return 0;
}

/* The word w[0..len) as found in every language of q. */
static int
add_word(svk__search_q *q, const char *w, size_t len)
{
	struct qword *qw = &q->words[q->n++];
	const char *p = q->langs;
	char lang[8];
	int err;

	if ((err = add_form(qw, w, len)) != 0)
		return err;
	while (*p == ',' && p[1] != '\0') {
		const char *end = strchr(p + 1, ','), *stem;
		size_t n = (size_t)(end - p - 1), stem_len;

		p = end;
		if (n >= sizeof(lang))
			continue;
		memcpy(lang, end - n, n);
		lang[n] = '\0';
		if ((err = svk_stem_word(q->stem, lang, w, len, &stem, &stem_len)) != 0 ||
		    (err = add_form(qw, stem, stem_len)) != 0)
			return err;
	}
	return 0;
}

/* ("form"* OR "form" ...) AND ...: every form holds word characters only,
 * and quoted, nothing is FTS5 syntax. */
static int
make_fts(svk__search_q *q)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < q->n; i++)
		for (size_t k = 0; k < q->words[i].n; k++)
			len += strlen(q->words[i].form[k]) + 12;
	if ((s = q->fts = malloc(len)) == NULL)
		return -ENOMEM;
	s[0] = '\0';
	for (size_t i = 0; i < q->n; i++) {
		const struct qword *w = &q->words[i];
		strcat(s, i > 0 ? " AND (" : "(");
		for (size_t k = 0; k < w->n; k++) {
			strcat(s, k > 0 ? " OR \"" : "\"");
			strcat(s, w->form[k]);
			strcat(s, w->chars[k] >= SVK_STEM_PREFIX_MIN ? "\"*" : "\"");
		}
		strcat(s, ")");
	}
	return 0;
}

static int
query_langs(svk_store *st, const char *lang, char **out)
{
	int err;

	if (lang != NULL) {
		*out = malloc(strlen(lang) + 3);
		if (*out == NULL)
			return -ENOMEM;
		sprintf(*out, ",%s,", lang);
		return 0;
	}
	err = svk_store_meta_get(st, "search_langs", out);
	if (err == SVK_ENOTFOUND && (*out = strdup("")) == NULL)
		return -ENOMEM;
	return err == SVK_ENOTFOUND ? 0 : err;
}

int
svk__search_q_make(svk_store *st, const char *text, const char *lang,
    svk__search_q **out)
{
	svk__search_q *q;
	size_t pos = 0, start, len, chars, n;
	char *folded = NULL;
	int err;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return -ENOMEM;
	if ((err = svk_stem_alloc(&q->stem)) != 0 ||
	    (err = query_langs(st, lang, &q->langs)) != 0 ||
	    (err = svk_fold(text, strlen(text), &folded)) != 0)
		goto fail;
	n = strlen(folded);
	while (q->n < MAX_QUERY_WORDS &&
	       svk_stem_next(folded, n, &pos, &start, &len, &chars))
		if ((err = add_word(q, folded + start, len)) != 0)
			goto fail;
	if (q->n == 0) {
		err = SVK_EINVAL;
		goto fail;
	}
	if ((err = make_fts(q)) != 0)
		goto fail;
	free(folded);
	*out = q;
	return 0;
fail:
	free(folded);
	svk__search_q_free(q);
	return err;
}

const char *
svk__search_q_fts(const svk__search_q *q)
{
	return q->fts;
}

int
svk__search_q_finds(svk__search_q *q, const char *lang, const char *w, size_t len,
    uint32_t *which)
{
	const char *stem;
	size_t stem_len;
	int err;

	*which = 0;
	if ((err = svk_stem_word(q->stem, lang, w, len, &stem, &stem_len)) != 0)
		return err;
	for (size_t i = 0; i < q->n; i++)
		for (size_t k = 0; k < q->words[i].n; k++) {
			const char *f = q->words[i].form[k];
			size_t fl = strlen(f), fc = q->words[i].chars[k];
			if (svk_stem_hits(f, fl, fc, w, len) ||
			    svk_stem_hits(f, fl, fc, stem, stem_len))
				*which |= 1u << i;
		}
	return 0;
}
