/*
 * test_search.c: store/search.c through svk_view_list: words found in any of
 * their forms (Snowball stems, each text in its own language), what a person
 * types never read as FTS5 syntax, the snippet of each result, and the one
 * re-index of a store whose index is of the older form.
 *
 * The records are small ones written here, in the words of the sample data
 * (shared/data) the examples come from.
 */
#include "search.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "search_later.h"
#include "verify.h"
#include "log.h"
#include "view.h"

static char dir[64];
static svk_identity *me;
static svk_store *st;

static void
add(const char *id, const char *lang, const char *title, const char *summary,
    const char *en_title, const char *en_summary)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;
	Samverk__Translation t = SAMVERK__TRANSLATION__INIT, *ts[] = {&t};
	uint64_t seq;

	fx_practice(&p, id, title);
	p.lang = (char *)lang;
	p.summary = (char *)summary;
	t.lang = "en";
	t.title = (char *)en_title;
	t.summary = (char *)en_summary;
	p.translations = ts;
	p.n_translations = 1;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	ck_assert_int_eq(svk_log_append(st, me, &body, &seq, NULL), 0);
}

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "search");
	me = fx_identity();
	st = fx_store(dir, "samverk.db");
	add("mentorer", "da", "Frivillige sociale mentorer",
	    "Jobcentret uddanner frivillige sociale mentorer til unge.",
	    "Volunteer social mentors", "Mentors for young people.");
	add("frivilligpolitik", "da", "Frivilligpolitik udarbejdet i dialog",
	    "Kommunen udarbejder sin frivilligpolitik i dialog med foreningerne.",
	    "Volunteering policy in dialogue", "A policy written with the clubs.");
	add("diktyo", "el", "Δίκτυο Εθελοντών",
	    "Μητρώο εθελοντών του δήμου για ηλικιωμένους.", "Volunteer network",
	    "A register of the city's volunteers.");
	add("strategia", "fi", "Vapaaehtoistyön kansallinen strategia",
	    "Kunnat laativat yhdessä kansallisen vapaaehtoistyön strategian.",
	    "National volunteering strategy", "Municipalities draft it together.");
	add("legepatruljen", "da", "Legepatruljen",
	    "Ældre elever leger med de yngre i frikvarteret.", "Play Patrol",
	    "Older pupils run games in breaks.");
}

static void
teardown(void)
{
	svk_store_close(st);
	svk_crypto_identity_free(me);
	fx_rmdir(dir);
}

/* What a search found: ids in order, and each one's snippet. */
struct found {
	size_t n;
	char ids[512];
	char snippet[8][512];
};

static int
gather(void *arg, const svk_entity *e)
{
	struct found *f = arg;

	if (f->n < 8)
		snprintf(f->snippet[f->n], sizeof(f->snippet[0]), "%s",
		    e->snippet ? e->snippet : "(null)");
	f->n++;
	if (strlen(f->ids) + strlen(e->id) + 2 < sizeof(f->ids)) {
		strcat(f->ids, f->ids[0] ? " " : "");
		strcat(f->ids, e->id);
	}
	return 0;
}

/* The ids search text finds (in lang, or every language held), sorted by
 * rank, as one string. */
static const char *
found(const char *text, const char *lang, struct found *f)
{
	svk_query q = {.kind = SVK_KIND_PRACTICE, .text = text, .lang = lang};
	int err;

	memset(f, 0, sizeof(*f));
	err = svk_view_list(st, &q, gather, f);
	ck_assert_msg(err == 0, "search '%s': %s", text, svk_error_str(err));
	return f->ids;
}

static bool
finds(const char *text, const char *id)
{
	struct found f;
	char ids[520];

	snprintf(ids, sizeof(ids), " %s ", found(text, NULL, &f));
	char want[64];
	snprintf(want, sizeof(want), " %s ", id);
	return strstr(ids, want) != NULL;
}

START_TEST(test_swedish_frivilliga_finds_what_frivillig_finds)
{
	struct found a, b;

	ck_assert_str_eq(found("frivillig", NULL, &a), "mentorer frivilligpolitik");
	ck_assert_str_eq(found("frivilliga", NULL, &b), a.ids);
	ck_assert_str_eq(found("Frivilliges", NULL, &b), a.ids);
}
END_TEST

START_TEST(test_greek_ethelontes_finds_the_network_of_volunteers)
{
	ck_assert(finds("εθελοντές", "diktyo"));
	ck_assert(finds("ΕΘΕΛΟΝΤΕΣ", "diktyo"));
	ck_assert(finds("εθελοντης", "diktyo"));
	/* The README's example, in another form than the text's. */
	ck_assert(finds("ηλικιωμενων", "diktyo"));
}
END_TEST

START_TEST(test_finnish_vapaaehtoinen_finds_the_vapaaehtois_forms)
{
	ck_assert(finds("vapaaehtoinen", "strategia"));
	ck_assert(finds("kansallinen", "strategia"));
}
END_TEST

START_TEST(test_a_star_is_the_word_a_not_every_word_starting_with_a)
{
	struct found f;

	/* Only the English translations that hold the word "a". */
	found("a*", NULL, &f);
	ck_assert_str_eq(f.ids, "diktyo frivilligpolitik");
	ck_assert_str_eq(found("a", NULL, &f), "diktyo frivilligpolitik");
	/* Four letters or more: the start of a longer word still finds it. */
	ck_assert(finds("legepat", "legepatruljen"));
}
END_TEST

START_TEST(test_fts5_syntax_typed_is_plain_text)
{
	static const char *const queries[] = {"\"frivillige", "frivillige\"",
	    "NEAR(frivillige mentorer)", "frivillige OR zzzz", "-frivillige",
	    "title:frivillige", "(frivillige", "frivillige*", "^frivillige",
	    "frivillige AND", "NOT frivillige", "{title}: frivillige", NULL};
	struct found f;

	for (size_t i = 0; queries[i] != NULL; i++)
		found(queries[i], NULL, &f);
	/* OR is a word to find like any other, and nothing holds "zzzz". */
	ck_assert_str_eq(found("frivillige OR zzzz", NULL, &f), "");
	ck_assert_str_eq(found("NEAR(frivillige mentorer)", NULL, &f), "");
	ck_assert_str_eq(found("(frivillige mentorer)", NULL, &f), "mentorer");
	ck_assert_str_eq(found("-frivilligpolitik", NULL, &f), "frivilligpolitik");
}
END_TEST

START_TEST(test_lang_stems_the_query_in_that_language_only)
{
	struct found f;

	/* Danish does not know -a as an ending: only Swedish stems it. */
	ck_assert_str_eq(found("frivilliga", "da", &f), "");
	ck_assert_str_eq(found("frivilliga", "sv", &f), "mentorer frivilligpolitik");
	ck_assert_str_eq(found("frivillige", "da", &f), "mentorer frivilligpolitik");
}
END_TEST

START_TEST(test_each_result_has_a_snippet_with_the_words_found)
{
	struct found f;

	found("frivilliga mentor", NULL, &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.snippet[0], "Jobcentret uddanner [frivillige] sociale "
				       "[mentorer] til unge.");
	found("εθελοντές", NULL, &f);
	ck_assert_str_eq(f.snippet[0],
	    "Μητρώο [εθελοντών] του δήμου για ηλικιωμένους.");
	/* Found in a title alone: the title's words. */
	found("patrol", NULL, &f);
	ck_assert_str_eq(f.snippet[0], "Play [Patrol]");
}
END_TEST

START_TEST(test_a_list_without_search_has_no_snippet)
{
	svk_query q = {.kind = SVK_KIND_PRACTICE};
	struct found f = {0};

	ck_assert_int_eq(svk_view_list(st, &q, gather, &f), 0);
	ck_assert_uint_eq(f.n, 5);
	ck_assert_str_eq(f.snippet[0], "(null)");
}
END_TEST

static void
progress(void *arg, uint64_t done, uint64_t total)
{
	uint64_t *calls = arg;

	ck_assert_uint_le(done, total);
	calls[0]++;
	calls[1] = done;
	calls[2] = total;
}

/* Puts the store back as the previous version left it: folded words alone in
 * the index, and no index version in meta. */
static void
make_old(void)
{
	fx_exec(st, "UPDATE search SET title = 'frivillige sociale mentorer', "
		    "body = 'jobcentret uddanner frivillige' WHERE rowid = "
		    "(SELECT rowid FROM entities WHERE id = 'mentorer')");
	fx_exec(st, "DELETE FROM meta WHERE key IN ('search_index', "
		    "'search_langs')");
}

START_TEST(test_an_index_of_the_older_form_is_rebuilt_once)
{
	uint64_t calls[3] = {0};
	char path[256];

	ck_assert_int_eq(svk_search_upgrade(st, progress, calls), 0);
	make_old();
	ck_assert(!finds("frivilliga", "mentorer"));
	svk_store_close(st);
	ck_assert_int_eq(svk_store_open(&st, fx_path(path, dir, "samverk.db"), 0), 0);
	ck_assert_int_eq(svk_search_upgrade(st, progress, calls), 0);
	ck_assert(finds("frivilliga", "mentorer"));
	ck_assert(finds("vapaaehtoinen", "strategia"));
	ck_assert_int_eq(fx_count(st, "SELECT value FROM meta WHERE key = "
				      "'search_index'"),
	    SVK_SEARCH_INDEX_VERSION);
	/* Five entities: too few to report progress. */
	ck_assert_uint_eq(calls[0], 0);
	/* Once: an index already of the new form is left alone. */
	fx_exec(st, "DELETE FROM search WHERE rowid = (SELECT rowid FROM "
		    "entities WHERE id = 'legepatruljen')");
	ck_assert_int_eq(svk_search_upgrade(st, progress, calls), 0);
	ck_assert(!finds("legepatruljen", "legepatruljen"));
}
END_TEST

START_TEST(test_rebuilding_a_large_store_reports_progress)
{
	uint64_t calls[3] = {0};

	/* 1200 more practices, each a copy of mentorer's row and entry. */
	fx_exec(st, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
		    "FROM n WHERE i < 1200) INSERT INTO entities (kind, origin, "
		    "id, seq, entry, lang, title, areas, status, time_ms) SELECT "
		    "kind, origin, id || '-' || i, seq, entry, lang, title, areas, "
		    "status, time_ms FROM entities, n WHERE id = 'mentorer'");
	make_old();
	ck_assert_int_eq(svk_search_upgrade(st, progress, calls), 0);
	ck_assert_uint_eq(calls[2], 1205);
	ck_assert_uint_eq(calls[1], 1205);
	ck_assert_uint_eq(calls[0], 4); /* 0, 500, 1000, 1205 */
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM search"), 1205);
	struct found f;
	found("frivilliga mentor", NULL, &f);
	ck_assert_uint_eq(f.n, 1201);
}
END_TEST

static void
no_problem(void *arg, const char *what)
{
	(void)arg;
	ck_abort_msg("verify: %s", what);
}

START_TEST(test_bulk_mode_leaves_search_rows_for_later)
{
	uint64_t n, checked, problems;
	bool more;

	ck_assert_int_eq(svk_store_bulk(st, true), 0);
	add("bulk-one", "sv", "Frivilliga i skolan", "Elever hjälper yngre.",
	    "Volunteers in school", "Pupils help younger ones.");
	add("bulk-two", "sv", "Frivilliga på biblioteket", "Läsning för äldre.",
	    "Volunteers in the library", "Reading for the elderly.");
	ck_assert_int_eq(svk_store_bulk(st, false), 0);
	/* Held, not yet found; verify knows they wait and finds nothing amiss. */
	ck_assert_int_eq(svk_search_later_count(st, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(!finds("skolan", "bulk-one"));
	ck_assert_int_eq(svk_verify_log(st, no_problem, NULL, &checked, &problems), 0);
	ck_assert_uint_eq(problems, 0);
	/* Retracted while it waits: only forgotten. */
	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_PRACTICE,
	    "bulk-two");
	ck_assert_int_eq(svk_search_later_run(st, 1, &more), 0);
	ck_assert(more);
	ck_assert_int_eq(svk_search_later_run(st, 500, &more), 0);
	ck_assert(!more);
	ck_assert_int_eq(svk_search_later_count(st, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert(finds("skolan", "bulk-one"));
	ck_assert(finds("frivillig", "bulk-one")); /* stemmed as the others */
	ck_assert(!finds("biblioteket", "bulk-two"));
	ck_assert_int_eq(svk_verify_log(st, no_problem, NULL, &checked, &problems), 0);
	ck_assert_uint_eq(problems, 0);
}
END_TEST

/* Bulk mode leaves the index alone (no row is even deleted, which would
 * cost a savepoint of the index at every statement after it): the row of an
 * entity changed or retracted in bulk waits for search_later, and a search
 * never shows a retracted one meanwhile. */
START_TEST(test_an_entity_changed_or_retracted_in_bulk_gives_its_row_up_later)
{
	uint64_t n, checked, problems;
	bool more;

	add("changed", "sv", "Frivilliga i skolan", "Elever hjälper yngre.",
	    "Volunteers in school", "Pupils help younger ones.");
	add("retracted", "sv", "Läxhjälp i skolan", "Äldre elever hjälper.",
	    "Homework help", "Older pupils help.");
	ck_assert(finds("skolan", "changed"));
	ck_assert(finds("skolan", "retracted"));
	int64_t rows = fx_count(st, "SELECT count(*) FROM search");
	ck_assert_int_eq(svk_store_bulk(st, true), 0);
	add("changed", "sv", "Mentorer på biblioteket", "Läsning för äldre.",
	    "Mentors in the library", "Reading for the elderly.");
	(void)fx_append_retraction(st, me, SAMVERK__ENTITY_KIND__ENTITY_PRACTICE,
	    "retracted");
	ck_assert_int_eq(svk_store_bulk(st, false), 0);
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM search"), rows);
	ck_assert_int_eq(svk_search_later_count(st, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(!finds("skolan", "retracted"));
	ck_assert_int_eq(svk_verify_log(st, no_problem, NULL, &checked, &problems), 0);
	ck_assert_uint_eq(problems, 0);
	ck_assert_int_eq(svk_search_later_run(st, 500, &more), 0);
	ck_assert(!more);
	ck_assert_int_eq(fx_count(st, "SELECT count(*) FROM search"), rows - 1);
	ck_assert(finds("biblioteket", "changed"));
	ck_assert(!finds("skolan", "changed"));
	ck_assert(!finds("skolan", "retracted"));
	ck_assert_int_eq(svk_verify_log(st, no_problem, NULL, &checked, &problems), 0);
	ck_assert_uint_eq(problems, 0);
}
END_TEST

START_TEST(test_search_later_refuses_to_run_in_bulk_mode)
{
	bool more;

	ck_assert_int_eq(svk_store_bulk(st, true), 0);
	ck_assert_int_eq(svk_search_later_run(st, 10, &more), SVK_EINVAL);
	ck_assert_int_eq(svk_store_bulk(st, false), 0);
}
END_TEST

Suite *
search_suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("search");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_swedish_frivilliga_finds_what_frivillig_finds);
	tcase_add_test(tc, test_greek_ethelontes_finds_the_network_of_volunteers);
	tcase_add_test(tc, test_finnish_vapaaehtoinen_finds_the_vapaaehtois_forms);
	tcase_add_test(tc, test_a_star_is_the_word_a_not_every_word_starting_with_a);
	tcase_add_test(tc, test_fts5_syntax_typed_is_plain_text);
	tcase_add_test(tc, test_lang_stems_the_query_in_that_language_only);
	tcase_add_test(tc, test_each_result_has_a_snippet_with_the_words_found);
	tcase_add_test(tc, test_a_list_without_search_has_no_snippet);
	tcase_add_test(tc, test_an_index_of_the_older_form_is_rebuilt_once);
	tcase_add_test(tc, test_rebuilding_a_large_store_reports_progress);
	tcase_add_test(tc, test_bulk_mode_leaves_search_rows_for_later);
	tcase_add_test(tc,
	    test_an_entity_changed_or_retracted_in_bulk_gives_its_row_up_later);
	tcase_add_test(tc, test_search_later_refuses_to_run_in_bulk_mode);
	suite_add_tcase(s, tc);
	return s;
}
