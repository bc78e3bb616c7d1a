/*
 * test_view.c: store/view.c: the tables materialised from the log and the
 * queries over them.
 *
 * Most tests load every sample practice and need from shared/data/ (through
 * the authoring parser, node/author.c) into one store by local append, then
 * list and search: latest entry wins, retractions hide, search folds case
 * and diacritics in Danish and Greek and finds translations. The tests on
 * arrival order and on members use the small federation of fixture.c.
 */
#include "view.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "fixture.h"
#include "store-int.h"
#include "log.h"
#include "verify.h"

#define PK(id) svk_crypto_identity_public(id)

static char dir[64];
static svk_identity *me;
static svk_store *st;
static size_t n_practices, n_needs;
static size_t youth_practices; /* sample practices in area "youth" */

/* append_sample parses the practice or need in path and appends it. */
static void
append_sample(const char *path, bool practice)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice *p = NULL;
	Samverk__Need *n = NULL;
	char err[256] = "", *text;
	size_t len;

	text = fx_read_file(path, &len);
	if (practice) {
		ck_assert_msg(svk_author_practice_parse(text, len, &p, err,
				  sizeof(err)) == 0,
		    "%s: %s", path, err);
		body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
		body.practice = p;
		for (size_t i = 0; i < p->n_areas; i++)
			if (strcmp(p->areas[i], "youth") == 0)
				youth_practices++;
	} else {
		ck_assert_msg(svk_author_need_parse(text, len, &n, err, sizeof(err)) == 0,
		    "%s: %s", path, err);
		body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
		body.need = n;
	}
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
	if (p != NULL)
		protobuf_c_message_free_unpacked(&p->base, NULL);
	if (n != NULL)
		protobuf_c_message_free_unpacked(&n->base, NULL);
	free(text);
}

/* load_samples appends every .json file of FX_DATA/sub; returns how many. */
static size_t
load_samples(const char *sub, bool practice)
{
	char folder[256], path[512];
	struct dirent *e;
	size_t count = 0;
	DIR *d;

	snprintf(folder, sizeof(folder), "%s/%s", FX_DATA, sub);
	d = opendir(folder);
	ck_assert_msg(d != NULL, "cannot open %s", folder);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", folder, e->d_name);
		append_sample(path, practice);
		count++;
	}
	ck_assert_int_eq(closedir(d), 0);
	return count;
}

static void
setup_samples(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "view");
	me = fx_identity();
	st = fx_store(dir, "samverk.db");
	youth_practices = 0;
	n_practices = load_samples("practices", true);
	n_needs = load_samples("needs", false);
	ck_assert_uint_ge(n_practices, 9);
	ck_assert_uint_ge(n_needs, 5);
}

static void
teardown_samples(void)
{
	svk_store_close(st);
	st = NULL;
	svk_crypto_identity_free(me);
	me = NULL;
	fx_rmdir(dir);
}

static fx_fed fed;

static void
setup_fed(void)
{
	fx_fed_init(&fed, "view");
}

static void
teardown_fed(void)
{
	fx_fed_fini(&fed);
}

/* What a listing returned, in order. */
struct found {
	size_t n;
	char id[32][128];
	char title[32][160];
	char areas[32][160];
	int kind[32];
	bool retracted[32];
};

static int
gather(void *arg, const svk_entity *e)
{
	struct found *f = arg;

	ck_assert_uint_lt(f->n, 32);
	snprintf(f->id[f->n], sizeof(f->id[0]), "%s", e->id);
	snprintf(f->title[f->n], sizeof(f->title[0]), "%s", e->title);
	snprintf(f->areas[f->n], sizeof(f->areas[0]), "%s", e->areas);
	f->kind[f->n] = e->kind;
	f->retracted[f->n] = e->retracted;
	f->n++;
	return 0;
}

/* list runs q against s and returns what it found in *f. */
static int
list(svk_store *s, const svk_query *q, struct found *f)
{
	memset(f, 0, sizeof(*f));
	return svk_view_list(s, q, gather, f);
}

static bool
has(const struct found *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->id[i], id) == 0)
			return true;
	return false;
}

/* search runs a text search of kind and returns what it found. */
static void
search(svk_store *s, int kind, const char *text, struct found *f)
{
	svk_query q = {.kind = kind, .text = text};
	int err = list(s, &q, f);

	ck_assert_msg(err == 0, "search \"%s\": %s", text, svk_error_str(err));
}

static size_t
count(svk_store *s, int kind, bool with_retracted)
{
	svk_query q = {.kind = kind, .with_retracted = with_retracted};
	struct found f;

	ck_assert_int_eq(list(s, &q, &f), 0);
	return f.n;
}

START_TEST(test_every_sample_practice_and_need_materialises)
{
	struct found f;
	svk_query q = {.kind = SVK_KIND_NEED};

	ck_assert_uint_eq(count(st, SVK_KIND_PRACTICE, false), n_practices);
	ck_assert_uint_eq(count(st, SVK_KIND_NEED, false), n_needs);
	ck_assert_uint_eq(count(st, SVK_KIND_ADOPTION, false), 0);
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM practices"),
	    (int64_t)n_practices);
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM needs"), (int64_t)n_needs);
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM search"),
	    (int64_t)(n_practices + n_needs));
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert(has(&f, "frontida-ilikiomenon"));
	for (size_t i = 0; i < f.n; i++) {
		ck_assert_int_eq(f.kind[i], SVK_KIND_NEED);
		ck_assert(!f.retracted[i]);
	}
}
END_TEST

static int
copy_entity(void *arg, const svk_entity *e)
{
	svk_entity *out = arg;

	*out = *e;
	out->title = strdup(e->title);
	out->lang = strdup(e->lang);
	out->areas = strdup(e->areas);
	out->status = strdup(e->status);
	out->id = strdup(e->id);
	out->origin = NULL;
	out->entry = NULL;
	out->origin_name = NULL;
	out->origin_country = NULL;
	return 0;
}

static void
entity_free(svk_entity *e)
{
	free((char *)e->title);
	free((char *)e->lang);
	free((char *)e->areas);
	free((char *)e->status);
	free((char *)e->id);
}

START_TEST(test_get_gives_one_entity_with_its_fields)
{
	static const uint8_t nobody[SVK_KEY_LEN] = {0};
	svk_entity e;

	ck_assert_int_eq(svk_view_get(st, SVK_KIND_PRACTICE, PK(me),
			     "legepatruljen", copy_entity, &e),
	    0);
	ck_assert_int_eq(e.kind, SVK_KIND_PRACTICE);
	ck_assert_str_eq(e.id, "legepatruljen");
	ck_assert_str_eq(e.title, "Legepatruljen");
	ck_assert_str_eq(e.lang, "da");
	ck_assert_str_eq(e.areas, "health_prevention,education,youth");
	ck_assert(!e.retracted);
	ck_assert_int_gt(e.time_ms, 0);
	entity_free(&e);
	ck_assert_int_eq(svk_view_get(st, SVK_KIND_NEED, PK(me),
			     "frontida-ilikiomenon", copy_entity, &e),
	    0);
	ck_assert_str_eq(e.status, "open");
	ck_assert_str_eq(e.lang, "el");
	entity_free(&e);
	ck_assert_int_eq(svk_view_get(st, SVK_KIND_NEED, PK(me), "legepatruljen",
			     copy_entity, &e),
	    SVK_ENOTFOUND);
	ck_assert_int_eq(svk_view_get(st, SVK_KIND_PRACTICE, nobody,
			     "legepatruljen", copy_entity, &e),
	    SVK_ENOTFOUND);
}
END_TEST

START_TEST(test_body_of_an_entitys_entry_decodes)
{
	uint8_t entry[SVK_HASH_LEN], none[SVK_HASH_LEN] = {0};
	Samverk__Body *body = NULL;
	sqlite3_stmt *stmt;

	ck_assert_int_eq(sqlite3_prepare_v2(svk__store_db(st),
			     "SELECT entry FROM entities WHERE id = 'legepatruljen'",
			     -1, &stmt, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	memcpy(entry, sqlite3_column_blob(stmt, 0), SVK_HASH_LEN);
	sqlite3_finalize(stmt);
	ck_assert_int_eq(svk_view_body(st, entry, &body), 0);
	ck_assert_int_eq(body->payload_case, SAMVERK__BODY__PAYLOAD_PRACTICE);
	ck_assert_str_eq(body->practice->title, "Legepatruljen");
	ck_assert_uint_eq(body->practice->n_translations, 1);
	samverk__body__free_unpacked(body, NULL);
	ck_assert_int_eq(svk_view_body(st, none, &body), SVK_ENOTFOUND);
}
END_TEST

START_TEST(test_latest_entry_per_id_wins)
{
	struct found f;
	svk_entity e;

	(void)fx_append_practice(st, me, "legepatruljen", "Legepatruljen Ultra");
	ck_assert_uint_eq(count(st, SVK_KIND_PRACTICE, false), n_practices);
	ck_assert_int_eq(svk_view_get(st, SVK_KIND_PRACTICE, PK(me),
			     "legepatruljen", copy_entity, &e),
	    0);
	ck_assert_str_eq(e.title, "Legepatruljen Ultra");
	ck_assert_str_eq(e.areas, "youth");
	ck_assert_uint_eq(e.seq, n_practices + n_needs + 1);
	entity_free(&e);
	/* The index follows: the new title is found, the old text is not. */
	search(st, SVK_KIND_PRACTICE, "ultra", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.id[0], "legepatruljen");
	search(st, SVK_KIND_PRACTICE, "frikvarter", &f);
	ck_assert(!has(&f, "legepatruljen"));
}
END_TEST

START_TEST(test_a_retraction_hides_the_entity)
{
	struct found f;
	svk_query all = {.kind = SVK_KIND_PRACTICE, .with_retracted = true};
	svk_entity e;

	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_PRACTICE,
	    "legepatruljen");
	ck_assert_uint_eq(count(st, SVK_KIND_PRACTICE, false), n_practices - 1);
	ck_assert_int_eq(list(st, &all, &f), 0);
	ck_assert_uint_eq(f.n, n_practices);
	ck_assert(has(&f, "legepatruljen"));
	/* A retracted entity still says what it was. */
	ck_assert_int_eq(svk_view_get(st, SVK_KIND_PRACTICE, PK(me),
			     "legepatruljen", copy_entity, &e),
	    0);
	ck_assert(e.retracted);
	ck_assert_str_eq(e.title, "Legepatruljen");
	entity_free(&e);
	/* Needs are untouched. */
	ck_assert_uint_eq(count(st, SVK_KIND_NEED, false), n_needs);
}
END_TEST

START_TEST(test_a_retracted_practice_is_no_longer_found_by_search)
{
	struct found f;

	search(st, SVK_KIND_PRACTICE, "frikvarter", &f);
	ck_assert(has(&f, "legepatruljen"));
	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_PRACTICE,
	    "legepatruljen");
	search(st, SVK_KIND_PRACTICE, "frikvarter", &f);
	ck_assert(!has(&f, "legepatruljen"));
	search(st, SVK_KIND_PRACTICE, "Play Patrol", &f);
	ck_assert_uint_eq(f.n, 0);
}
END_TEST

START_TEST(test_publishing_again_after_a_retraction_brings_it_back)
{
	struct found f;

	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_PRACTICE,
	    "legepatruljen");
	(void)fx_append_practice(st, me, "legepatruljen", "Legepatruljen igen");
	ck_assert_uint_eq(count(st, SVK_KIND_PRACTICE, false), n_practices);
	search(st, SVK_KIND_PRACTICE, "igen", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert(!f.retracted[0]);
}
END_TEST

START_TEST(test_a_retraction_of_an_unknown_kind_changes_nothing)
{
	(void)fx_append_retraction(st, me,
	    SAMVERK__ENTITY_KIND__ENTITY_UNSPECIFIED, "legepatruljen");
	ck_assert_uint_eq(count(st, SVK_KIND_PRACTICE, false), n_practices);
}
END_TEST

START_TEST(test_search_finds_a_danish_practice_by_a_tag)
{
	struct found f;

	search(st, SVK_KIND_PRACTICE, "frikvarter", &f);
	ck_assert_uint_ge(f.n, 1);
	ck_assert_str_eq(f.id[0], "legepatruljen");
	search(st, SVK_KIND_PRACTICE, "FRIKVARTER", &f);
	ck_assert_str_eq(f.id[0], "legepatruljen");
}
END_TEST

START_TEST(test_search_folds_danish_letters)
{
	struct found f;

	search(st, SVK_KIND_PRACTICE, "bornerad", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.id[0], "boernaadgiveruddannelsen");
	ck_assert_str_eq(f.title[0], "Børnerådgiveruddannelsen");
	search(st, SVK_KIND_PRACTICE, "Børnerådgiver", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.id[0], "boernaadgiveruddannelsen");
}
END_TEST

START_TEST(test_search_finds_a_greek_need_typed_without_accents)
{
	struct found f;

	search(st, SVK_KIND_NEED, "ηλικιωμενων", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.id[0], "frontida-ilikiomenon");
	ck_assert_int_eq(f.kind[0], SVK_KIND_NEED);
	/* Practices are another kind: the need is not among them. */
	search(st, SVK_KIND_PRACTICE, "ηλικιωμενων", &f);
	ck_assert(!has(&f, "frontida-ilikiomenon"));
}
END_TEST

START_TEST(test_search_finds_a_greek_need_typed_in_capitals)
{
	struct found f;

	search(st, SVK_KIND_NEED, "ΗΛΙΚΙΩΜΈΝΩΝ", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.id[0], "frontida-ilikiomenon");
	search(st, SVK_KIND_NEED, "ηλικιωμένων", &f);
	ck_assert_uint_eq(f.n, 1);
}
END_TEST

START_TEST(test_search_finds_a_danish_practice_by_its_english_translation)
{
	struct found f;

	search(st, SVK_KIND_PRACTICE, "Play Patrol", &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.id[0], "legepatruljen");
	ck_assert_str_eq(f.title[0], "Legepatruljen");
}
END_TEST

START_TEST(test_search_requires_every_word)
{
	struct found f;

	search(st, SVK_KIND_PRACTICE, "frikvarter ηλικιωμενων", &f);
	ck_assert_uint_eq(f.n, 0);
}
END_TEST

START_TEST(test_search_matches_word_prefixes)
{
	struct found f;

	search(st, SVK_KIND_PRACTICE, "legepat", &f);
	ck_assert(has(&f, "legepatruljen"));
}
END_TEST

START_TEST(test_search_with_only_punctuation_is_invalid)
{
	svk_query q = {.kind = SVK_KIND_PRACTICE, .text = "?!.,;:-\"()*"};
	struct found f;

	ck_assert_int_eq(list(st, &q, &f), SVK_EINVAL);
	q.text = "";
	ck_assert_int_eq(list(st, &q, &f), SVK_EINVAL);
	q.text = "   ";
	ck_assert_int_eq(list(st, &q, &f), SVK_EINVAL);
	q.text = "\xff\xfe";
	ck_assert_int_eq(list(st, &q, &f), SVK_EINVAL);
	/* Punctuation beyond ASCII, as typed or pasted, is no word either. */
	q.text = "– — … « » “ ” ‘ ’ ¿ ¡ · §";
	ck_assert_int_eq(list(st, &q, &f), SVK_EINVAL);
	q.text = "\xc2\xa0"; /* a no-break space */
	ck_assert_int_eq(list(st, &q, &f), SVK_EINVAL);
	/* ...but it separates words that are. */
	search(st, SVK_KIND_PRACTICE, "«frikvarter»—leg", &f);
	ck_assert(has(&f, "legepatruljen"));
}
END_TEST

START_TEST(test_search_treats_query_syntax_as_plain_text)
{
	struct found f;

	/* Quotes, stars, parentheses and operators are not FTS5 syntax here. */
	search(st, SVK_KIND_PRACTICE, "\"frikvarter*\" (", &f);
	ck_assert(has(&f, "legepatruljen"));
	search(st, SVK_KIND_PRACTICE, "title:frikvarter NEAR(", &f);
	ck_assert_uint_eq(f.n, 0);
}
END_TEST

START_TEST(test_list_filters_by_area)
{
	svk_query q = {.kind = SVK_KIND_PRACTICE, .area = "youth"};
	struct found f;

	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, youth_practices);
	ck_assert_uint_ge(f.n, 2);
	ck_assert(has(&f, "legepatruljen"));
	for (size_t i = 0; i < f.n; i++) {
		char areas[170];
		snprintf(areas, sizeof(areas), ",%s,", f.areas[i]);
		ck_assert_msg(strstr(areas, ",youth,") != NULL, "%s: %s", f.id[i],
		    f.areas[i]);
	}
	/* A whole area name only, not part of one. */
	q.area = "social";
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 0);
	q.area = "housing";
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.id[0], "det-sociale-laboratorium");
}
END_TEST

START_TEST(test_search_filters_by_area)
{
	svk_query q = {
	    .kind = SVK_KIND_PRACTICE, .text = "frivillige", .area = "education"};
	struct found f, unfiltered;

	search(st, SVK_KIND_PRACTICE, "frivillige", &unfiltered);
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_ge(f.n, 1);
	ck_assert_uint_lt(f.n, unfiltered.n);
	for (size_t i = 0; i < f.n; i++)
		ck_assert_ptr_nonnull(strstr(f.areas[i], "education"));
	q.text = "frikvarter";
	q.area = "housing";
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 0);
}
END_TEST

START_TEST(test_list_filters_by_status_and_origin)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Need n = SAMVERK__NEED__INIT;
	svk_query q = {.kind = SVK_KIND_NEED, .status = "open"};
	struct found f;
	svk_identity *other = fx_identity();

	n.id = "mentorer-18-30";
	n.lang = "da";
	n.title = "Flere frivillige mentorer";
	n.status = "closed";
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = &n;
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, n_needs - 1);
	ck_assert(!has(&f, "mentorer-18-30"));
	q.status = "closed";
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 1);
	q.status = NULL;
	q.origin = PK(me);
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, n_needs);
	q.origin = PK(other);
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 0);
	svk_crypto_identity_free(other);
}
END_TEST

START_TEST(test_list_honours_the_limit)
{
	svk_query q = {.kind = SVK_KIND_PRACTICE, .limit = 3};
	struct found f;

	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 3);
	q.text = "frivillige";
	q.limit = 1;
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 1);
}
END_TEST

static int
stop_after_first(void *arg, const svk_entity *e)
{
	(void)e;
	++*(int *)arg;
	return 7;
}

START_TEST(test_list_stops_when_the_callback_says_so)
{
	svk_query q = {.kind = SVK_KIND_PRACTICE};
	int calls = 0;

	ck_assert_int_eq(svk_view_list(st, &q, stop_after_first, &calls), 7);
	ck_assert_int_eq(calls, 1);
}
END_TEST

START_TEST(test_an_adoption_materialises_under_the_practice_it_adopts)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption a = SAMVERK__ADOPTION__INIT;
	char fpr[SVK_FPR_LEN], want[SVK_FPR_LEN + 32];
	svk_query q = {.kind = SVK_KIND_ADOPTION};
	struct found f;

	a.practice_origin.data = (uint8_t *)PK(me);
	a.practice_origin.len = SVK_KEY_LEN;
	a.practice_id = "legepatruljen";
	a.status = "piloting";
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &a;
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
	svk_crypto_fingerprint_bare(PK(me), fpr);
	snprintf(want, sizeof(want), "%s/legepatruljen", fpr);
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.id[0], want);
	/* Adoptions are not indexed for search. */
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM search"),
	    (int64_t)(n_practices + n_needs));
	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_ADOPTION, want);
	ck_assert_int_eq(list(st, &q, &f), 0);
	ck_assert_uint_eq(f.n, 0);
}
END_TEST

START_TEST(test_verify_finds_the_sample_store_clean)
{
	uint64_t checked = 0, problems = 99;

	(void)fx_append_practice(st, me, "legepatruljen", "Legepatruljen Ultra");
	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_NEED,
	    "frontida-ilikiomenon");
	ck_assert_int_eq(svk_verify_log(st, NULL, NULL, &checked, &problems), 0);
	ck_assert_uint_eq(checked, n_practices + n_needs + 2);
	ck_assert_uint_eq(problems, 0);
}
END_TEST

/* ---- arrival order and members, in a federation ---- */

static void
fail_on_problem(void *arg, const char *what)
{
	(void)arg;
	ck_abort_msg("verify: %s", what);
}

START_TEST(test_retraction_arriving_before_the_entity_leaves_it_hidden)
{
	svk_entity e;
	struct found f;
	uint64_t checked, problems;

	(void)fx_append_practice(fed.sc, fed.c, "legepatruljen", "Legepatruljen");
	(void)fx_append_retraction(fed.sc, fed.c,
	    SAMVERK__ENTITY_KIND__ENTITY_PRACTICE, "legepatruljen");
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 2, NULL), 0);
	ck_assert_uint_eq(count(fed.sb, SVK_KIND_PRACTICE, false), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sc, PK(fed.c), 1, NULL), 0);
	ck_assert_uint_eq(count(fed.sb, SVK_KIND_PRACTICE, false), 0);
	search(fed.sb, SVK_KIND_PRACTICE, "legepatruljen", &f);
	ck_assert_uint_eq(f.n, 0);
	ck_assert_int_eq(svk_view_get(fed.sb, SVK_KIND_PRACTICE, PK(fed.c),
			     "legepatruljen", copy_entity, &e),
	    0);
	ck_assert(e.retracted);
	ck_assert_uint_eq(e.seq, 2);
	entity_free(&e);
	ck_assert_int_eq(svk_verify_log(fed.sb, fail_on_problem, NULL, &checked,
			     &problems),
	    0);
	ck_assert_uint_eq(problems, 0);
}
END_TEST

/* The row an entity materialises as, whatever order its entries came in. */
static void
row_of(svk_store *s, const char *id, char *out, size_t len)
{
	sqlite3_stmt *stmt;

	ck_assert_int_eq(sqlite3_prepare_v2(svk__store_db(s),
			     "SELECT seq, lang, title, areas, status, retracted, "
			     "hex(entry) FROM entities WHERE id = ?",
			     -1, &stmt, NULL),
	    SQLITE_OK);
	(void)sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, len, "%lld|%s|%s|%s|%s|%d|%s",
	    (long long)sqlite3_column_int64(stmt, 0),
	    (const char *)sqlite3_column_text(stmt, 1),
	    (const char *)sqlite3_column_text(stmt, 2),
	    (const char *)sqlite3_column_text(stmt, 3),
	    (const char *)sqlite3_column_text(stmt, 4), sqlite3_column_int(stmt, 5),
	    (const char *)sqlite3_column_text(stmt, 6));
	sqlite3_finalize(stmt);
}

START_TEST(test_entities_materialise_the_same_whatever_the_arrival_order)
{
	/* Every order of: v1, v2, retraction, v4, retraction. */
	static const int orders[][5] = {
	    {1, 2, 3, 4, 5},
	    {5, 4, 3, 2, 1},
	    {3, 1, 2, 5, 4},
	    {2, 3, 1, 5, 4},
	    {3, 2, 1, 4, 5},
	    {1, 3, 2, 5, 4},
	    {5, 3, 1, 4, 2},
	};
	char want[256], got[256], name[32];
	uint64_t checked, problems;

	(void)fx_append_practice(fed.sc, fed.c, "p", "Version one");
	(void)fx_append_practice(fed.sc, fed.c, "p", "Version two");
	(void)fx_append_retraction(fed.sc, fed.c,
	    SAMVERK__ENTITY_KIND__ENTITY_PRACTICE, "p");
	(void)fx_append_practice(fed.sc, fed.c, "p", "Version four");
	(void)fx_append_retraction(fed.sc, fed.c,
	    SAMVERK__ENTITY_KIND__ENTITY_PRACTICE, "p");
	for (size_t o = 0; o < sizeof(orders) / sizeof(orders[0]); o++) {
		for (int upto = 1; upto <= 5; upto++) {
			svk_store *s;

			/* Held: the first upto entries of this order. In seq
			 * order they give the reference row. */
			snprintf(name, sizeof(name), "ref-%zu-%d.db", o, upto);
			s = fx_store(fed.dir, name);
			ck_assert_int_eq(svk_log_join(s, fed.b, PK(fed.a)), 0);
			fx_ingest_all(s, fed.sa, PK(fed.a));
			for (uint64_t seq = 1; seq <= 5; seq++)
				for (int k = 0; k < upto; k++)
					if ((uint64_t)orders[o][k] == seq)
						ck_assert_int_eq(fx_ingest(s, fed.sc,
								     PK(fed.c),
								     seq, NULL),
						    0);
			row_of(s, "p", want, sizeof(want));
			svk_store_close(s);

			snprintf(name, sizeof(name), "got-%zu-%d.db", o, upto);
			s = fx_store(fed.dir, name);
			ck_assert_int_eq(svk_log_join(s, fed.b, PK(fed.a)), 0);
			fx_ingest_all(s, fed.sa, PK(fed.a));
			for (int k = 0; k < upto; k++)
				ck_assert_int_eq(fx_ingest(s, fed.sc, PK(fed.c),
						     (uint64_t)orders[o][k], NULL),
				    0);
			row_of(s, "p", got, sizeof(got));
			ck_assert_msg(strcmp(got, want) == 0,
			    "order %zu, %d held: got %s, want %s", o, upto, got,
			    want);
			ck_assert_int_eq(svk_verify_log(s, fail_on_problem, NULL,
					     &checked, &problems),
			    0);
			ck_assert_uint_eq(problems, 0);
			svk_store_close(s);
		}
	}
}
END_TEST

/* The name and country an entity's origin has in the roster. */
struct origin {
	char name[64], country[8];
};

static int
origin_of(void *arg, const svk_entity *e)
{
	struct origin *o = arg;

	snprintf(o->name, sizeof(o->name), "%s", e->origin_name);
	snprintf(o->country, sizeof(o->country), "%s", e->origin_country);
	return 0;
}

/* The members a listing gave, one line each. */
struct members {
	size_t n;
	char line[8][160];
};

static int
member_line(void *arg, const svk_member *m)
{
	struct members *ms = arg;

	ck_assert_uint_lt(ms->n, 8);
	snprintf(ms->line[ms->n++], sizeof(ms->line[0]), "%s|%s|%d|%s|%s|%zu",
	    m->country, m->name, m->status, m->pub, m->catchup, m->tls_cert_len);
	return 0;
}

static void
members_of(svk_store *s, struct members *ms)
{
	memset(ms, 0, sizeof(*ms));
	ck_assert_int_eq(svk_view_members(s, member_line, ms), 0);
}

START_TEST(test_members_view_lists_the_newest_roster)
{
	const uint8_t *keys[] = {PK(fed.a), PK(fed.c)};
	const char *const names[] = {"Vejle", "Kalamata"};
	const char *const countries[] = {"DK", "GR"};
	const Samverk__MemberStatus statuses[] = {SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
	    SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED};
	struct members ms;
	uint64_t v2;

	members_of(fed.sb, &ms);
	ck_assert_uint_eq(ms.n, 4);
	/* Ordered by country, then name. */
	ck_assert_str_eq(ms.line[0],
	    "DK|Vejle|0|tcp://127.0.0.1:7400|tcp://127.0.0.1:7401|0");
	ck_assert_str_eq(ms.line[1],
	    "FI|Oulu|1|tcp://127.0.0.1:7400|tcp://127.0.0.1:7401|0");
	ck_assert_str_eq(ms.line[2],
	    "GR|Kalamata|0|tcp://127.0.0.1:7400|tcp://127.0.0.1:7401|0");
	ck_assert_str_eq(ms.line[3],
	    "SE|Skellefteå|0|tcp://127.0.0.1:7400|tcp://127.0.0.1:7401|0");
	/* The coordinator's own store holds the same. */
	members_of(fed.sa, &ms);
	ck_assert_uint_eq(ms.n, 4);

	v2 = fx_append_roster(fed.sa, fed.a, 2, svk_clock_now_ms() + FX_DAY_MS, 2,
	    keys, names, countries, statuses);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sa, PK(fed.a), v2, NULL), 0);
	members_of(fed.sb, &ms);
	ck_assert_uint_eq(ms.n, 2);
	ck_assert_str_eq(ms.line[0],
	    "DK|Vejle|0|tcp://127.0.0.1:7400|tcp://127.0.0.1:7401|0");
	ck_assert_str_eq(ms.line[1],
	    "GR|Kalamata|1|tcp://127.0.0.1:7400|tcp://127.0.0.1:7401|0");
}
END_TEST

/* Found by tests/fuzz/entry.c: two rosters of one version (a coordinator
 * that equivocates) left the members of whichever came first, while a
 * rebuild in seq order kept the later one, so verify saw a mismatch. */
START_TEST(test_of_two_rosters_of_one_version_the_later_wins_in_any_order)
{
	const uint8_t *keys_c[] = {PK(fed.a), PK(fed.c)},
		      *keys_b[] = {PK(fed.a), PK(fed.b)};
	const char *const names_c[] = {"Vejle", "Kalamata"};
	const char *const names_b[] = {"Vejle", "Skellefteå"};
	const char *const countries_c[] = {"DK", "GR"};
	const char *const countries_b[] = {"DK", "SE"};
	const Samverk__MemberStatus active[] = {SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
	    SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE};
	int64_t expires = svk_clock_now_ms() + FX_DAY_MS;
	struct members ms;
	uint64_t first, later, checked, problems;

	first = fx_append_roster(fed.sa, fed.a, 2, expires, 2, keys_c, names_c,
	    countries_c, active);
	later = fx_append_roster(fed.sa, fed.a, 2, expires, 2, keys_b, names_b,
	    countries_b, active);
	/* b gets the later one first, c in log order: both keep the later. */
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sa, PK(fed.a), later, NULL), 0);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sa, PK(fed.a), first, NULL), 0);
	fx_ingest_all(fed.sc, fed.sa, PK(fed.a));
	svk_store *stores[] = {fed.sa, fed.sb, fed.sc};
	for (size_t i = 0; i < 3; i++) {
		members_of(stores[i], &ms);
		ck_assert_uint_eq(ms.n, 2);
		ck_assert_str_eq(ms.line[1],
		    "SE|Skellefteå|0|tcp://127.0.0.1:7400|tcp://127.0.0.1:7401|0");
		ck_assert_int_eq(svk_verify_log(stores[i], fail_on_problem, NULL,
				     &checked, &problems),
		    0);
		ck_assert_uint_eq(problems, 0);
	}
}
END_TEST

/* Found by tests/fuzz/entry.c: verify rebuilt the members of a roster that
 * names one key twice into a table without the key, kept both, and
 * reported the one the real table had replaced as a mismatch. */
START_TEST(test_a_roster_naming_a_key_twice_keeps_the_last_and_verifies)
{
	const uint8_t *keys[] = {PK(fed.a), PK(fed.a)};
	const char *const names[] = {"Vejle", "Skellefteå"};
	const char *const countries[] = {"DK", "SE"};
	const Samverk__MemberStatus active[] = {SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
	    SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE};
	struct members ms;
	uint64_t seq, checked, problems;

	seq = fx_append_roster(fed.sa, fed.a, 2, svk_clock_now_ms() + FX_DAY_MS,
	    2, keys, names, countries, active);
	ck_assert_int_eq(fx_ingest(fed.sb, fed.sa, PK(fed.a), seq, NULL), 0);
	members_of(fed.sb, &ms);
	ck_assert_uint_eq(ms.n, 1);
	ck_assert_str_eq(ms.line[0],
	    "SE|Skellefteå|0|tcp://127.0.0.1:7400|tcp://127.0.0.1:7401|0");
	ck_assert_int_eq(svk_verify_log(fed.sb, fail_on_problem, NULL, &checked,
			     &problems),
	    0);
	ck_assert_uint_eq(problems, 0);
}
END_TEST

START_TEST(test_members_view_is_empty_without_a_roster)
{
	svk_store *s = fx_store(fed.dir, "empty.db");
	struct members ms;

	members_of(s, &ms);
	ck_assert_uint_eq(ms.n, 0);
	ck_assert_int_eq(svk_view_member_status(s, PK(fed.a)), SVK_ENOTMEMBER);
	svk_store_close(s);
}
END_TEST

START_TEST(test_member_status_tells_active_suspended_and_unknown)
{
	ck_assert_int_eq(svk_view_member_status(fed.sb, PK(fed.a)), 0);
	ck_assert_int_eq(svk_view_member_status(fed.sb, PK(fed.b)), 0);
	ck_assert_int_eq(svk_view_member_status(fed.sb, PK(fed.c)), 0);
	ck_assert_int_eq(svk_view_member_status(fed.sb, PK(fed.d)), SVK_ESUSPENDED);
	ck_assert_int_eq(svk_view_member_status(fed.sb, PK(fed.x)), SVK_ENOTMEMBER);
}
END_TEST

START_TEST(test_entities_carry_their_origins_name_and_country)
{
	svk_query q = {.kind = SVK_KIND_PRACTICE};
	struct origin o = {"?", "?"};

	(void)fx_append_practice(fed.sc, fed.c, "p1", "Title");
	fx_ingest_all(fed.sb, fed.sc, PK(fed.c));
	ck_assert_int_eq(svk_view_list(fed.sb, &q, origin_of, &o), 0);
	ck_assert_str_eq(o.name, "Kalamata");
	ck_assert_str_eq(o.country, "GR");
}
END_TEST

Suite *
view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *samples = tcase_create("samples");
	TCase *federation = tcase_create("federation");

	tcase_set_timeout(samples, 30);
	tcase_add_unchecked_fixture(samples, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(samples, setup_samples, teardown_samples);
	tcase_add_test(samples, test_every_sample_practice_and_need_materialises);
	tcase_add_test(samples, test_get_gives_one_entity_with_its_fields);
	tcase_add_test(samples, test_body_of_an_entitys_entry_decodes);
	tcase_add_test(samples, test_latest_entry_per_id_wins);
	tcase_add_test(samples, test_a_retraction_hides_the_entity);
	tcase_add_test(samples, test_a_retracted_practice_is_no_longer_found_by_search);
	tcase_add_test(samples,
	    test_publishing_again_after_a_retraction_brings_it_back);
	tcase_add_test(samples, test_a_retraction_of_an_unknown_kind_changes_nothing);
	tcase_add_test(samples, test_search_finds_a_danish_practice_by_a_tag);
	tcase_add_test(samples, test_search_folds_danish_letters);
	tcase_add_test(samples, test_search_finds_a_greek_need_typed_without_accents);
	tcase_add_test(samples, test_search_finds_a_greek_need_typed_in_capitals);
	tcase_add_test(samples,
	    test_search_finds_a_danish_practice_by_its_english_translation);
	tcase_add_test(samples, test_search_requires_every_word);
	tcase_add_test(samples, test_search_matches_word_prefixes);
	tcase_add_test(samples, test_search_with_only_punctuation_is_invalid);
	tcase_add_test(samples, test_search_treats_query_syntax_as_plain_text);
	tcase_add_test(samples, test_list_filters_by_area);
	tcase_add_test(samples, test_search_filters_by_area);
	tcase_add_test(samples, test_list_filters_by_status_and_origin);
	tcase_add_test(samples, test_list_honours_the_limit);
	tcase_add_test(samples, test_list_stops_when_the_callback_says_so);
	tcase_add_test(samples,
	    test_an_adoption_materialises_under_the_practice_it_adopts);
	tcase_add_test(samples, test_verify_finds_the_sample_store_clean);
	suite_add_tcase(s, samples);

	tcase_set_timeout(federation, 60);
	tcase_add_unchecked_fixture(federation, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(federation, setup_fed, teardown_fed);
	tcase_add_test(federation,
	    test_retraction_arriving_before_the_entity_leaves_it_hidden);
	tcase_add_test(federation,
	    test_entities_materialise_the_same_whatever_the_arrival_order);
	tcase_add_test(federation, test_members_view_lists_the_newest_roster);
	tcase_add_test(federation, test_members_view_is_empty_without_a_roster);
	tcase_add_test(federation,
	    test_of_two_rosters_of_one_version_the_later_wins_in_any_order);
	tcase_add_test(federation,
	    test_a_roster_naming_a_key_twice_keeps_the_last_and_verifies);
	tcase_add_test(federation,
	    test_member_status_tells_active_suspended_and_unknown);
	tcase_add_test(federation, test_entities_carry_their_origins_name_and_country);
	suite_add_tcase(s, federation);
	return s;
}
