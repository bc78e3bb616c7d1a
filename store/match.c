/*
 * match.c: ranking the partners' practices for a need, and the partners'
 * needs for a practice. The score is explained in match.h; this file reads
 * the need's words, asks the search index (FTS5 bm25) which practices hold
 * them, and adds the areas both share.
 */
#include "match.h"
#include "store-int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "stem.h"
#include "view.h"

#define W_AREA 2.0     /* per shared area */
#define W_TEXT 3.0     /* for the best text rank among the candidates */
#define W_TITLE 0.5    /* per word found in the practice's titles */
#define MIN_SCORE 0.25 /* less is a common word somewhere in a long text */

#define MIN_WORD 3 /* letters: shorter words say little */

/*
 * Words that say nothing about what a need is about, folded: English,
 * Danish, Swedish, Italian, Greek and Finnish function words, and the words
 * every record of a municipal network uses (municipality, "we look for").
 * Short on purpose: bm25 already weighs common words down; these only keep
 * them out of the query and out of the "words that matched".
 */
/* clang-format off */
const char *const svk__match_stop_words[] = {
    /* en */
    "the", "and", "for", "with", "from", "that", "this", "these", "those",
    "are", "was", "were", "been", "being", "have", "has", "had", "not", "but",
    "our", "their", "they", "them", "its", "into", "who", "which", "what",
    "when", "where", "how", "why", "all", "any", "each", "other", "others",
    "more", "most", "some", "such", "than", "then", "also", "can", "could",
    "will", "would", "should", "may", "might", "must", "about", "after",
    "before", "during", "over", "under", "between", "through", "per", "via",
    "out", "very", "just", "only", "own", "same", "both", "there", "here",
    "you", "your", "his", "her", "she", "him", "did", "does", "done", "way",
    "ways", "need", "needs", "want", "look", "looking", "seek", "seeking",
    "try", "use", "used", "new", "like", "many", "much", "well", "similar",
    "especially", "municipality", "municipalities", "municipal",
    /* da */
    "og", "til", "med", "som", "den", "det", "der", "har", "kan", "vil",
    "skal", "ikke", "men", "eller", "ogsa", "sin", "sine", "sit", "deres",
    "vores", "jeg", "han", "hun", "man", "hvor", "hvordan", "hvad", "hvilke",
    "hvilken", "hvis", "efter", "under", "mellem", "mod", "ved", "andre",
    "anden", "andet", "flere", "mere", "meget", "nogle", "alle", "hver",
    "blive", "bliver", "blev", "vaere", "vaeret", "var", "dem", "denne",
    "dette", "disse", "sig", "soger", "kommune", "kommunen", "kommuner",
    "kommunerne", "lignende",
    /* sv */
    "och", "att", "fran", "vill", "ska", "skall", "inte", "ocksa", "sina",
    "sitt", "vara", "vart", "jag", "hon", "hur", "vad", "vilka", "vilken",
    "mellan", "mot", "vid", "andra", "annan", "annat", "fler", "mer",
    "mycket", "nagra", "varje", "bli", "blir", "dessa", "denna", "detta",
    "sarskilt", "kommun", "kommunen", "kommunerna",
    /* it */
    "il", "gli", "uno", "una", "con", "per", "tra", "fra", "che", "chi",
    "cui", "non", "come", "del", "dello", "della", "dei", "degli", "delle",
    "allo", "alla", "agli", "alle", "dal", "dalla", "dai", "dalle", "nel",
    "nello", "nella", "nei", "nelle", "sul", "sulla", "sui", "sulle", "piu",
    "sono", "essere", "hanno", "anche", "questo", "questa", "questi",
    "queste", "quello", "quella", "loro", "suo", "sua", "suoi", "sue",
    "nostro", "nostra", "durante", "ogni", "tutti", "tutte", "cerca",
    "cercano", "cerchiamo", "comune", "comuni",
    /* el */
    "και", "για", "στο", "στη", "στην", "στον", "στα", "στουσ", "στισ",
    "την", "τησ", "του", "των", "τον", "τουσ", "τισ", "ενα", "ενασ", "μια",
    "μιασ", "ενοσ", "απο", "που", "πωσ", "δεν", "ειναι", "αλλα", "οπωσ",
    "μετα", "κατα", "προσ", "χρειαζεται", "δημοσ", "δημου", "δημο", "δημων",
    /* fi */
    "etta", "joka", "jotka", "mika", "mita", "kun", "jos", "tai", "seka",
    "myos", "ovat", "oli", "olla", "ole", "kuin", "niin", "vain", "miten",
    "kuinka", "sen", "sita", "han", "tama", "nama", "taman", "mutta",
    "kunta", "kunnat", "kunnan",
    NULL,
};
/* clang-format on */

/* The words of a need, each as written (folded) and the stem searched. */
struct words {
	char *word[SVK_MATCH_MAX_WORDS];
	char *stem[SVK_MATCH_MAX_WORDS];
	size_t chars[SVK_MATCH_MAX_WORDS]; /* of each stem */
	size_t n;
};

static void
words_fini(struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->word[i]);
		free(w->stem[i]);
	}
	w->n = 0;
}

static bool
is_stop_word(const char *w, size_t len)
{
	for (size_t i = 0; svk__match_stop_words[i] != NULL; i++) {
		const char *s = svk__match_stop_words[i];
		if (strlen(s) == len && memcmp(s, w, len) == 0)
			return true;
	}
	return false;
}

static bool
all_digits(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (w[i] < '0' || w[i] > '9')
			return false;
	return true;
}

/* Characters of the UTF-8 string s. */
static size_t
stem_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Adds the words of text (any case, in lang) to w, each stem once. */
static int
add_words(struct words *w, svk_stem *stem, const char *lang, const char *text)
{
	size_t pos = 0, start, len, chars, n;
	char *folded;
	int err;

	if (text == NULL || text[0] == '\0')
		return 0;
	if ((err = svk_fold(text, strlen(text), &folded)) != 0)
		return err;
	n = strlen(folded);
	while (w->n < SVK_MATCH_MAX_WORDS &&
	       svk_stem_next(folded, n, &pos, &start, &len, &chars)) {
		const char *word = folded + start, *s;
		size_t stem_len;
		bool seen = false;

		if (chars < MIN_WORD || all_digits(word, len) ||
		    is_stop_word(word, len))
			continue;
		if ((err = svk_stem_word(stem, lang, word, len, &s, &stem_len)) != 0)
			break;
		for (size_t i = 0; i < w->n && !seen; i++)
			seen = strlen(w->stem[i]) == stem_len &&
			       memcmp(w->stem[i], s, stem_len) == 0;
		if (seen)
			continue;
		w->word[w->n] = strndup(word, len);
		w->stem[w->n] = strndup(s, stem_len);
		if (w->word[w->n] == NULL || w->stem[w->n] == NULL) {
			free(w->word[w->n]);
			free(w->stem[w->n]);
			err = -ENOMEM;
			break;
		}
		w->chars[w->n] = stem_chars(w->stem[w->n]);
		w->n++;
	}
	free(folded);
	return err;
}

/* The need's words, each text's stemmed in its own language: titles first,
 * as they say most, then descriptions. */
static int
need_words(const Samverk__Need *need, struct words *w)
{
	svk_stem *s;
	int err;

	if ((err = svk_stem_alloc(&s)) != 0)
		return err;
	if ((err = add_words(w, s, need->lang, need->title)) != 0)
		goto out;
	for (size_t i = 0; i < need->n_translations; i++) {
		const Samverk__Translation *t = need->translations[i];
		if ((err = add_words(w, s, t->lang, t->title)) != 0)
			goto out;
	}
	if ((err = add_words(w, s, need->lang, need->description)) != 0)
		goto out;
	for (size_t i = 0; i < need->n_translations; i++) {
		const Samverk__Translation *t = need->translations[i];
		if ((err = add_words(w, s, t->lang, t->description)) != 0 ||
		    (err = add_words(w, s, t->lang, t->summary)) != 0)
			goto out;
	}
out:
	svk_stem_free(s);
	return err;
}

/* Whether a word of the index's text (search.h) is found by stem, of chars
 * characters. */
static bool
text_has(const char *text, const char *stem, size_t chars)
{
	size_t pos = 0, start, len, n = strlen(text), k = strlen(stem), c;

	while (svk_stem_next(text, n, &pos, &start, &len, &c))
		if (svk_stem_hits(stem, k, chars, text + start, len))
			return true;
	return false;
}

/* "a,b" holds item as one of its elements. */
static bool
list_has(const char *list, const char *item, size_t len)
{
	const char *p = list;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == len && memcmp(p, item, len) == 0)
			return true;
		p += n + (comma ? 1 : 0);
	}
	return false;
}

/* A growing comma-separated list. */
static int
list_add(char **list, const char *item, size_t len)
{
	size_t have = *list ? strlen(*list) : 0;
	char *p = realloc(*list, have + len + 2);

	if (p == NULL)
		return -ENOMEM;
	if (have > 0)
		p[have++] = ',';
	memcpy(p + have, item, len);
	p[have + len] = '\0';
	*list = p;
	return 0;
}

static void
match_free(svk_match *m)
{
	free(m->id);
	free(m->lang);
	free(m->title);
	free(m->areas);
	free(m->status);
	free(m->origin_name);
	free(m->origin_country);
	free(m->shared);
	free(m->words);
	memset(m, 0, sizeof(*m));
}

void
svk_match_list_init(svk_matches *m)
{
	m->items = NULL;
	m->n = 0;
}

void
svk_match_list_fini(svk_matches *m)
{
	for (size_t i = 0; i < m->n; i++)
		match_free(&m->items[i]);
	free(m->items);
	svk_match_list_init(m);
}

/* A practice (or need) that may match, with its folded text. */
struct cand {
	sqlite3_int64 rowid;
	svk_match m;
	char *title; /* folded, every language */
	char *body;
	double bm25; /* 0: no word matched */
};

struct cands {
	struct cand *c;
	size_t n;
};

static void
cands_fini(struct cands *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		match_free(&cs->c[i].m);
		free(cs->c[i].title);
		free(cs->c[i].body);
	}
	free(cs->c);
	cs->c = NULL;
	cs->n = 0;
}

static char *
column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return strdup(s ? (const char *)s : "");
}

/* The live entities of kind (only open ones when status is set) of every
 * origin but not_origin. */
static int
load_cands(svk_store *st, int kind, const uint8_t *not_origin, const char *status,
    struct cands *cs)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st,
		 "SELECT e.rowid, e.origin, e.id, e.lang, e.title, e.areas, "
		 "e.status, coalesce(m.name, ''), coalesce(m.country, ''), "
		 "coalesce(s.title, ''), coalesce(s.body, '') FROM entities e "
		 "LEFT JOIN members m ON m.key = e.origin "
		 "LEFT JOIN search s ON s.rowid = e.rowid "
		 "WHERE e.kind = ?1 AND e.retracted = 0 AND e.origin <> ?2 "
		 "AND (?3 IS NULL OR e.status = ?3) ORDER BY e.id, e.origin",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_int(stmt, 1, kind);
	(void)sqlite3_bind_blob(stmt, 2, not_origin, SVK_KEY_LEN, SQLITE_STATIC);
	if (status != NULL)
		(void)sqlite3_bind_text(stmt, 3, status, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct cand *c, *grown;

		if (sqlite3_column_bytes(stmt, 1) != SVK_KEY_LEN) {
			err = SVK_ECORRUPT;
			break;
		}
		if ((grown = realloc(cs->c, (cs->n + 1) * sizeof(*c))) == NULL) {
			err = -ENOMEM;
			break;
		}
		cs->c = grown;
		c = &cs->c[cs->n++];
		memset(c, 0, sizeof(*c));
		c->rowid = sqlite3_column_int64(stmt, 0);
		c->m.kind = kind;
		memcpy(c->m.origin, sqlite3_column_blob(stmt, 1), SVK_KEY_LEN);
		c->m.id = column_dup(stmt, 2);
		c->m.lang = column_dup(stmt, 3);
		c->m.title = column_dup(stmt, 4);
		c->m.areas = column_dup(stmt, 5);
		c->m.status = column_dup(stmt, 6);
		c->m.origin_name = column_dup(stmt, 7);
		c->m.origin_country = column_dup(stmt, 8);
		c->title = column_dup(stmt, 9);
		c->body = column_dup(stmt, 10);
		if (!c->m.id || !c->m.lang || !c->m.title || !c->m.areas ||
		    !c->m.status || !c->m.origin_name || !c->m.origin_country ||
		    !c->title || !c->body) {
			err = -ENOMEM;
			break;
		}
	}
	if (err == 0 && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	svk__store_release(stmt);
	return err;
}

/* The FTS5 query: any of the stems, each as search.h searches it. */
static int
fts_query(const struct words *w, char **out)
{
	size_t len = 1;
	char *q;

	for (size_t i = 0; i < w->n; i++)
		len += strlen(w->stem[i]) + 8;
	if ((q = malloc(len)) == NULL)
		return -ENOMEM;
	q[0] = '\0';
	for (size_t i = 0; i < w->n; i++) {
		/* Stems hold word characters only: nothing to escape. */
		if (i > 0)
			strcat(q, " OR ");
		strcat(q, "\"");
		strcat(q, w->stem[i]);
		strcat(q, w->chars[i] >= SVK_STEM_PREFIX_MIN ? "\"*" : "\"");
	}
	*out = q;
	return 0;
}

/* Sets each candidate's bm25 rank for the need's words. */
static int
rank_text(svk_store *st, const struct words *w, const uint8_t *not_origin,
    struct cands *cs)
{
	sqlite3_stmt *stmt;
	char *q;
	int err, rc;

	if (w->n == 0 || cs->n == 0)
		return 0;
	if ((err = fts_query(w, &q)) != 0)
		return err;
	err = svk__store_stmt(st,
	    "SELECT search.rowid, bm25(search, 4.0, 1.0) FROM search "
	    "JOIN entities e ON e.rowid = search.rowid WHERE search MATCH ?1 "
	    "AND e.kind = 1 AND e.retracted = 0 AND e.origin <> ?2",
	    &stmt);
	if (err != 0) {
		free(q);
		return err;
	}
	(void)sqlite3_bind_text(stmt, 1, q, -1, SQLITE_STATIC);
	(void)sqlite3_bind_blob(stmt, 2, not_origin, SVK_KEY_LEN, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sqlite3_int64 rowid = sqlite3_column_int64(stmt, 0);
		double rank = sqlite3_column_double(stmt, 1);
		for (size_t i = 0; i < cs->n; i++)
			if (cs->c[i].rowid == rowid && rank < 0)
				cs->c[i].bm25 = rank;
	}
	err = rc == SQLITE_DONE ? 0 : svk__store_err(rc);
	svk__store_release(stmt);
	free(q);
	return err;
}

/* Scores one candidate: shared areas, words found, and the total. */
static int
score(struct cand *c, const char *need_areas, const struct words *w, double best)
{
	const char *p = need_areas;
	size_t shared = 0;
	int err;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n > 0 && list_has(c->m.areas, p, n)) {
			if ((err = list_add(&c->m.shared, p, n)) != 0)
				return err;
			shared++;
		}
		p += n + (comma ? 1 : 0);
	}
	for (size_t i = 0; i < w->n; i++) {
		bool in_title = text_has(c->title, w->stem[i], w->chars[i]);
		if (!in_title && !text_has(c->body, w->stem[i], w->chars[i]))
			continue;
		if ((err = list_add(&c->m.words, w->word[i], strlen(w->word[i]))) != 0)
			return err;
		c->m.title_words += in_title;
	}
	if (c->m.shared == NULL && (c->m.shared = strdup("")) == NULL)
		return -ENOMEM;
	if (c->m.words == NULL && (c->m.words = strdup("")) == NULL)
		return -ENOMEM;
	c->m.text = best < 0 && c->bm25 < 0 ? c->bm25 / best : 0;
	c->m.score = W_AREA * (double)shared + W_TEXT * c->m.text +
		     W_TITLE * (double)c->m.title_words;
	return 0;
}

static int
by_score(const void *a, const void *b)
{
	const svk_match *x = a, *y = b;
	int c;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return memcmp(x->origin, y->origin, SVK_KEY_LEN);
}

/* Moves the candidates that match into out, best first, at most limit. */
static int
take(struct cands *cs, size_t limit, svk_matches *out)
{
	size_t n = 0;

	if ((out->items = calloc(cs->n ? cs->n : 1, sizeof(svk_match))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < cs->n; i++) {
		svk_match *m = &cs->c[i].m;
		if (m->score < MIN_SCORE)
			continue;
		out->items[n++] = *m;
		memset(m, 0, sizeof(*m));
	}
	qsort(out->items, n, sizeof(svk_match), by_score);
	while (limit > 0 && n > limit)
		match_free(&out->items[--n]);
	out->n = n;
	if (n == 0) {
		free(out->items);
		out->items = NULL;
	}
	return 0;
}

/* What svk_view_get tells of an entity that the matching needs. */
struct held {
	bool live;
	uint8_t entry[SVK_HASH_LEN];
	char *areas;
};

static int
held_cb(void *arg, const svk_entity *e)
{
	struct held *h = arg;

	h->live = !e->retracted;
	memcpy(h->entry, e->entry, SVK_HASH_LEN);
	h->areas = strdup(e->areas);
	return h->areas ? 0 : -ENOMEM;
}

static int
get_live(svk_store *st, int kind, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, struct held *h)
{
	int err;

	memset(h, 0, sizeof(*h));
	if ((err = svk_view_get(st, kind, origin, id, held_cb, h)) != 0)
		return err;
	return h->live ? 0 : SVK_ENOTFOUND;
}

int
svk_match_need(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, size_t limit, svk_matches *out)
{
	struct held need;
	struct words w = {.n = 0};
	struct cands cs = {NULL, 0};
	Samverk__Body *body = NULL;
	double best = 0;
	int err;

	svk_match_list_init(out);
	if ((err = get_live(st, SVK_KIND_NEED, origin, id, &need)) != 0)
		goto out;
	if ((err = svk_view_body(st, need.entry, &body)) != 0)
		goto out;
	if (body->payload_case != SAMVERK__BODY__PAYLOAD_NEED) {
		err = SVK_ECORRUPT;
		goto out;
	}
	if ((err = need_words(body->need, &w)) != 0 ||
	    (err = load_cands(st, SVK_KIND_PRACTICE, origin, NULL, &cs)) != 0 ||
	    (err = rank_text(st, &w, origin, &cs)) != 0)
		goto out;
	for (size_t i = 0; i < cs.n; i++)
		if (cs.c[i].bm25 < best)
			best = cs.c[i].bm25;
	for (size_t i = 0; i < cs.n && err == 0; i++)
		err = score(&cs.c[i], need.areas, &w, best);
	if (err == 0)
		err = take(&cs, limit, out);
out:
	if (err != 0)
		svk_match_list_fini(out);
	cands_fini(&cs);
	words_fini(&w);
	free(need.areas);
	if (body != NULL)
		samverk__body__free_unpacked(body, NULL);
	return err;
}

/* Finds the practice (origin, id) among the matches of a need. */
static svk_match *
find(svk_matches *ms, const uint8_t *origin, const char *id)
{
	for (size_t i = 0; i < ms->n; i++)
		if (memcmp(ms->items[i].origin, origin, SVK_KEY_LEN) == 0 &&
		    strcmp(ms->items[i].id, id) == 0)
			return &ms->items[i];
	return NULL;
}

int
svk_match_practice(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, size_t limit, svk_matches *out)
{
	struct held practice;
	struct cands cs = {NULL, 0};
	int err;

	svk_match_list_init(out);
	err = get_live(st, SVK_KIND_PRACTICE, origin, id, &practice);
	if (err == 0)
		err = load_cands(st, SVK_KIND_NEED, origin, "open", &cs);
	if (err != 0)
		goto out;
	for (size_t i = 0; i < cs.n && err == 0; i++) {
		struct cand *c = &cs.c[i];
		svk_matches ms;
		svk_match *m;

		err = svk_match_need(st, c->m.origin, c->m.id, 0, &ms);
		if (err != 0)
			break;
		if ((m = find(&ms, origin, id)) != NULL) {
			/* The need's row, scored as the need scores the practice. */
			c->m.shared = m->shared;
			c->m.words = m->words;
			m->shared = m->words = NULL;
			c->m.score = m->score;
			c->m.text = m->text;
			c->m.title_words = m->title_words;
		}
		svk_match_list_fini(&ms);
	}
	if (err == 0)
		err = take(&cs, limit, out);
out:
	if (err != 0)
		svk_match_list_fini(out);
	cands_fini(&cs);
	free(practice.areas);
	return err;
}
