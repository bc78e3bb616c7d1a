/*
 * test_match.c: store/match.c: from a need to the partners' practices that
 * answer it, and back.
 *
 * The sample practices and needs of shared/data are spread over three
 * origins (A, B, C, as tests/integration/match.sh spreads them over three
 * nodes) and appended into one store, where "partners" are the origins
 * other than a need's own. For each sample need the test names the practice
 * a person would pick, and requires it among the top three: with every
 * record in all its languages, and again with the needs and practices cut
 * down to one language each, so that every pair of languages the samples
 * meet in is tried on its own.
 */
#include "match.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "fixture.h"
#include "fold.h"
#include "log.h"

enum { A, B, C, NODES };

static const struct sample {
	const char *file; /* under FX_DATA */
	bool practice;
	int node;
} samples[] = {
    {"practices/legepatruljen.json", true, A},
    {"practices/boernaadgiver.json", true, A},
    {"practices/frivilligpolitik.json", true, A},
    {"practices/volwe.json", true, B},
    {"practices/kansallinen-strategia.json", true, B},
    {"practices/sociale-laboratorium.json", true, B},
    {"practices/diktyo-ethelonton.json", true, C},
    {"practices/mentorer-middelfart.json", true, C},
    {"practices/hr-berg.json", true, C},
    {"needs/mentors-young.json", false, A},
    {"needs/funding-lab.json", false, A},
    {"needs/care-elderly.json", false, B},
    {"needs/play-breaks.json", false, C},
    {"needs/young-volunteers.json", false, C},
};
#define N_SAMPLES (sizeof(samples) / sizeof(samples[0]))

/* The practice a person would pick for each sample need, read as a person
 * reads them. */
static const struct pair {
	const char *need;
	int need_node;
	const char *practice;
	int practice_node;
	const char *why;
} pairs[] = {
    /* Italian primary schools want older pupils to lead active games in
     * the breaks: that is the Danish play patrol. */
    {"gioco-ricreazione", C, "legepatruljen", A, "it need, da practice"},
    /* More volunteer mentors aged 18-30: the mentor practice itself, and
     * the Swedish methods for getting young people to volunteer. */
    {"mentorer-18-30", A, "frivillige-sociale-mentorer", C, "da need, da practice"},
    {"mentorer-18-30", A, "volwe-unga-volontarer", B, "da need, sv practice"},
    /* Greek volunteers for the elderly and the disabled: the Greek
     * municipal volunteer network, which covers both areas. */
    {"frontida-ilikiomenon", B, "diktyo-ethelonton", C, "el need, el practice"},
    /* Lasting funding for a housing-area project: the social laboratory
     * in a deprived estate, which asks the same and names participatory
     * budgeting. */
    {"varig-finansiering-boligsocial", A, "det-sociale-laboratorium", B,
	"da need, da practice"},
    /* Getting (disadvantaged) young people to volunteer: the Swedish
     * methods practice. */
    {"unga-volontarer", C, "volwe-unga-volontarer", B, "sv need, sv practice"},
};
#define N_PAIRS (sizeof(pairs) / sizeof(pairs[0]))

/* Which languages of a record the store gets. */
enum text { ALL_LANGUAGES, OWN_LANGUAGE, ENGLISH_ONLY };

static char dir[64];
static svk_identity *node[NODES];
static svk_store *st;

#define PK(n) svk_crypto_identity_public(node[n])

/* Keeps only the English translation of a need, as its own text. */
static void
need_in_english(Samverk__Need *n)
{
	for (size_t i = 0; i < n->n_translations; i++) {
		Samverk__Translation *t = n->translations[i];
		if (strcmp(t->lang, "en") != 0)
			continue;
		/* The message owns its strings: swap, so each is freed once. */
		char *title = n->title, *description = n->description, *lang = n->lang;
		n->title = t->title;
		n->description = t->description;
		n->lang = t->lang;
		t->title = title;
		t->description = description;
		t->lang = lang;
		return;
	}
	ck_abort_msg("need %s has no English translation", n->id);
}

/* Appends sample s to st as its node, with the languages asked for. The
 * translations are hidden from the encoder, not freed, by their count. */
static void
append_sample(const struct sample *s, enum text need_text, enum text practice_text)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice *p = NULL;
	Samverk__Need *n = NULL;
	char path[256], err[256] = "", *text;
	size_t len, n_translations = 0;

	snprintf(path, sizeof(path), "%s/%s", FX_DATA, s->file);
	text = fx_read_file(path, &len);
	if (s->practice) {
		ck_assert_msg(svk_author_practice_parse(text, len, &p, err,
				  sizeof(err)) == 0,
		    "%s: %s", path, err);
		n_translations = p->n_translations;
		if (practice_text == OWN_LANGUAGE)
			p->n_translations = 0;
		body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
		body.practice = p;
	} else {
		ck_assert_msg(svk_author_need_parse(text, len, &n, err, sizeof(err)) == 0,
		    "%s: %s", path, err);
		n_translations = n->n_translations;
		if (need_text == ENGLISH_ONLY)
			need_in_english(n);
		if (need_text != ALL_LANGUAGES)
			n->n_translations = 0;
		body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
		body.need = n;
	}
	ck_assert_int_eq(svk_log_append(st, node[s->node], &body, NULL, NULL), 0);
	if (p != NULL) {
		p->n_translations = n_translations;
		protobuf_c_message_free_unpacked(&p->base, NULL);
	}
	if (n != NULL) {
		n->n_translations = n_translations;
		protobuf_c_message_free_unpacked(&n->base, NULL);
	}
	free(text);
}

static void
load(enum text need_text, enum text practice_text)
{
	for (size_t i = 0; i < N_SAMPLES; i++)
		append_sample(&samples[i], need_text, practice_text);
}

static void
open_store(const char *name)
{
	fx_tmpdir(dir, name);
	st = fx_store(dir, "samverk.db");
}

static void
close_store(void)
{
	svk_store_close(st);
	st = NULL;
	fx_rmdir(dir);
}

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	for (int i = 0; i < NODES; i++)
		node[i] = fx_identity();
	open_store("match");
	load(ALL_LANGUAGES, ALL_LANGUAGES);
}

static void
teardown(void)
{
	close_store();
	for (int i = 0; i < NODES; i++) {
		svk_crypto_identity_free(node[i]);
		node[i] = NULL;
	}
}

/* The rank (1 = best) of (origin, id) in ms, or 0 when absent. */
static size_t
rank_of(const svk_matches *ms, const uint8_t *origin, const char *id)
{
	for (size_t i = 0; i < ms->n; i++)
		if (memcmp(ms->items[i].origin, origin, SVK_KEY_LEN) == 0 &&
		    strcmp(ms->items[i].id, id) == 0)
			return i + 1;
	return 0;
}

/* The ranking, for a failure message. */
static const char *
ranking(const svk_matches *ms)
{
	static char out[2048];
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < ms->n && used < sizeof(out); i++)
		used += (size_t)snprintf(out + used, sizeof(out) - used,
		    " %zu. %s (%.2f: areas %s; words %s)", i + 1, ms->items[i].id,
		    ms->items[i].score, ms->items[i].shared, ms->items[i].words);
	return ms->n ? out : " nothing";
}

static void
expect_pairs(const char *variant)
{
	for (size_t i = 0; i < N_PAIRS; i++) {
		const struct pair *p = &pairs[i];
		svk_matches ms;
		size_t rank;

		ck_assert_int_eq(svk_match_need(st, PK(p->need_node), p->need, 3, &ms),
		    0);
		rank = rank_of(&ms, PK(p->practice_node), p->practice);
		ck_assert_msg(rank >= 1 && rank <= 3,
		    "%s: need %s (%s) should have %s in its top three; got%s",
		    variant, p->need, p->why, p->practice, ranking(&ms));
		svk_match_list_fini(&ms);
	}
}

START_TEST(test_each_sample_need_finds_the_practice_a_person_would_pick)
{
	expect_pairs("all languages");
}
END_TEST

START_TEST(test_the_pairs_hold_in_every_pair_of_languages)
{
	static const struct {
		enum text need, practice;
		const char *name;
	} variants[] = {
	    {OWN_LANGUAGE, ALL_LANGUAGES, "needs in their own language only"},
	    {ENGLISH_ONLY, ALL_LANGUAGES, "needs in English only"},
	    {ALL_LANGUAGES, OWN_LANGUAGE, "practices in their own language only"},
	    {OWN_LANGUAGE, OWN_LANGUAGE,
		"needs and practices in their own language only"},
	    {ENGLISH_ONLY, OWN_LANGUAGE,
		"needs in English, practices in their own language"},
	};

	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		close_store();
		open_store("variant");
		load(variants[i].need, variants[i].practice);
		expect_pairs(variants[i].name);
	}
}
END_TEST

START_TEST(test_the_italian_need_ranks_the_play_patrol_first)
{
	svk_matches ms;

	ck_assert_int_eq(svk_match_need(st, PK(C), "gioco-ricreazione", 0, &ms), 0);
	ck_assert_msg(ms.n >= 1 && strcmp(ms.items[0].id, "legepatruljen") == 0,
	    "got%s", ranking(&ms));
	svk_match_list_fini(&ms);
}
END_TEST

START_TEST(test_a_match_says_why)
{
	svk_matches ms;
	const svk_match *m;

	ck_assert_int_eq(svk_match_need(st, PK(C), "gioco-ricreazione", 1, &ms), 0);
	ck_assert_uint_eq(ms.n, 1);
	m = &ms.items[0];
	ck_assert_int_eq(m->kind, SVK_KIND_PRACTICE);
	ck_assert_mem_eq(m->origin, PK(A), SVK_KEY_LEN);
	ck_assert_str_eq(m->title, "Legepatruljen");
	ck_assert_str_eq(m->lang, "da");
	ck_assert_str_eq(m->areas, "health_prevention,education,youth");
	/* The areas both have, in the need's order. */
	ck_assert_str_eq(m->shared, "health_prevention,education");
	/* The need's English words found in the practice's English text. */
	ck_assert_msg(strstr(m->words, "games") && strstr(m->words, "breaks") &&
			  strstr(m->words, "pupils"),
	    "words: %s", m->words);
	ck_assert_double_gt(m->score, 4.0);
	ck_assert_double_le(m->text, 1.0);
	svk_match_list_fini(&ms);
}
END_TEST

START_TEST(test_matched_words_keep_the_language_they_matched_in)
{
	svk_matches ms;
	size_t r;

	ck_assert_int_eq(svk_match_need(st, PK(B), "frontida-ilikiomenon", 0, &ms), 0);
	r = rank_of(&ms, PK(C), "diktyo-ethelonton");
	ck_assert_uint_eq(r, 1);
	/* Greek words, folded (no accents, final sigma as σ), and English. */
	ck_assert_msg(strstr(ms.items[0].words, "εθελοντεσ") != NULL &&
			  strstr(ms.items[0].words, "elderly") != NULL,
	    "words: %s", ms.items[0].words);
	svk_match_list_fini(&ms);
}
END_TEST

START_TEST(test_stop_words_are_never_matched_words)
{
	svk_matches ms;

	ck_assert_int_eq(svk_match_need(st, PK(A), "mentorer-18-30", 0, &ms), 0);
	for (size_t i = 0; i < ms.n; i++) {
		char words[1024];
		snprintf(words, sizeof(words), ",%s,", ms.items[i].words);
		for (size_t k = 0; svk__match_stop_words[k]; k++) {
			char w[64];
			snprintf(w, sizeof(w), ",%s,", svk__match_stop_words[k]);
			ck_assert_msg(strstr(words, w) == NULL,
			    "%s matched stop word %s", ms.items[i].id,
			    svk__match_stop_words[k]);
		}
		/* Numbers ("18-30") and words of two letters neither. */
		ck_assert_ptr_null(strstr(words, ",18,"));
		ck_assert_ptr_null(strstr(words, ",30,"));
		ck_assert_ptr_null(strstr(words, ",i,"));
	}
	svk_match_list_fini(&ms);
}
END_TEST

START_TEST(test_stop_words_are_written_folded)
{
	for (size_t i = 0; svk__match_stop_words[i]; i++) {
		const char *w = svk__match_stop_words[i];
		char *folded = NULL;

		ck_assert_int_eq(svk_fold(w, strlen(w), &folded), 0);
		ck_assert_msg(strcmp(folded, w) == 0,
		    "stop word '%s' folds to '%s': write it folded", w, folded);
		free(folded);
	}
}
END_TEST

START_TEST(test_a_need_is_matched_only_with_other_origins_practices)
{
	for (size_t i = 0; i < N_PAIRS; i++) {
		svk_matches ms;

		ck_assert_int_eq(svk_match_need(st, PK(pairs[i].need_node),
				     pairs[i].need, 0, &ms),
		    0);
		ck_assert_uint_gt(ms.n, 0);
		for (size_t k = 0; k < ms.n; k++)
			ck_assert_msg(memcmp(ms.items[k].origin,
					  PK(pairs[i].need_node), SVK_KEY_LEN) != 0,
			    "%s matched %s of its own origin", pairs[i].need,
			    ms.items[k].id);
		svk_match_list_fini(&ms);
	}
}
END_TEST

START_TEST(test_a_store_of_one_origin_has_nothing_to_match)
{
	svk_matches ms;
	struct sample s;

	close_store();
	open_store("alone");
	for (size_t i = 0; i < N_SAMPLES; i++) {
		s = samples[i];
		s.node = A;
		append_sample(&s, ALL_LANGUAGES, ALL_LANGUAGES);
	}
	ck_assert_int_eq(svk_match_need(st, PK(A), "gioco-ricreazione", 0, &ms), 0);
	ck_assert_uint_eq(ms.n, 0);
	svk_match_list_fini(&ms);
	ck_assert_int_eq(svk_match_practice(st, PK(A), "legepatruljen", 0, &ms), 0);
	ck_assert_uint_eq(ms.n, 0);
	svk_match_list_fini(&ms);
}
END_TEST

START_TEST(test_the_limit_keeps_the_best)
{
	svk_matches all, two;

	ck_assert_int_eq(svk_match_need(st, PK(A), "mentorer-18-30", 0, &all), 0);
	ck_assert_int_eq(svk_match_need(st, PK(A), "mentorer-18-30", 2, &two), 0);
	ck_assert_uint_gt(all.n, 2);
	ck_assert_uint_eq(two.n, 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_str_eq(two.items[i].id, all.items[i].id);
		ck_assert_double_eq(two.items[i].score, all.items[i].score);
	}
	for (size_t i = 1; i < all.n; i++)
		ck_assert_double_le(all.items[i].score, all.items[i - 1].score);
	svk_match_list_fini(&all);
	svk_match_list_fini(&two);
}
END_TEST

START_TEST(test_a_practice_finds_the_needs_it_could_answer)
{
	static const struct {
		int node;
		const char *practice;
		int need_node;
		const char *need;
	} want[] = {
	    {A, "legepatruljen", C, "gioco-ricreazione"},
	    {B, "volwe-unga-volontarer", C, "unga-volontarer"},
	    {B, "volwe-unga-volontarer", A, "mentorer-18-30"},
	    {C, "frivillige-sociale-mentorer", A, "mentorer-18-30"},
	    {C, "diktyo-ethelonton", B, "frontida-ilikiomenon"},
	    {B, "det-sociale-laboratorium", A, "varig-finansiering-boligsocial"},
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		svk_matches ms;
		size_t r;

		ck_assert_int_eq(svk_match_practice(st, PK(want[i].node),
				     want[i].practice, 3, &ms),
		    0);
		r = rank_of(&ms, PK(want[i].need_node), want[i].need);
		ck_assert_msg(r >= 1 && r <= 3, "%s should find %s; got%s",
		    want[i].practice, want[i].need, ranking(&ms));
		for (size_t k = 0; k < ms.n; k++) {
			ck_assert_int_eq(ms.items[k].kind, SVK_KIND_NEED);
			ck_assert_str_eq(ms.items[k].status, "open");
			ck_assert_mem_ne(ms.items[k].origin, PK(want[i].node),
			    SVK_KEY_LEN);
		}
		svk_match_list_fini(&ms);
	}
}
END_TEST

START_TEST(test_both_directions_give_the_same_score)
{
	svk_matches forward, back;
	size_t f, b;

	ck_assert_int_eq(svk_match_need(st, PK(A), "mentorer-18-30", 0, &forward), 0);
	ck_assert_int_eq(svk_match_practice(st, PK(B), "volwe-unga-volontarer", 0, &back),
	    0);
	f = rank_of(&forward, PK(B), "volwe-unga-volontarer");
	b = rank_of(&back, PK(A), "mentorer-18-30");
	ck_assert_uint_gt(f, 0);
	ck_assert_uint_gt(b, 0);
	ck_assert_double_eq(forward.items[f - 1].score, back.items[b - 1].score);
	ck_assert_str_eq(forward.items[f - 1].shared, back.items[b - 1].shared);
	ck_assert_str_eq(forward.items[f - 1].words, back.items[b - 1].words);
	svk_match_list_fini(&forward);
	svk_match_list_fini(&back);
}
END_TEST

/* Appends a need as node n, closed. */
static void
close_need(int n, const char *file)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Need *need = NULL;
	char path[256], err[256], *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", FX_DATA, file);
	text = fx_read_file(path, &len);
	ck_assert_int_eq(svk_author_need_parse(text, len, &need, err, sizeof(err)), 0);
	free(need->status);
	need->status = strdup("closed");
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = need;
	ck_assert_int_eq(svk_log_append(st, node[n], &body, NULL, NULL), 0);
	protobuf_c_message_free_unpacked(&need->base, NULL);
	free(text);
}

START_TEST(test_retracted_practices_and_closed_needs_are_left_out)
{
	svk_matches ms;

	fx_append_retraction(st, node[A], SAMVERK__ENTITY_KIND__ENTITY_PRACTICE,
	    "legepatruljen");
	ck_assert_int_eq(svk_match_need(st, PK(C), "gioco-ricreazione", 0, &ms), 0);
	ck_assert_uint_eq(rank_of(&ms, PK(A), "legepatruljen"), 0);
	svk_match_list_fini(&ms);
	ck_assert_int_eq(svk_match_practice(st, PK(A), "legepatruljen", 0, &ms),
	    SVK_ENOTFOUND);
	ck_assert_uint_eq(ms.n, 0);

	close_need(C, "needs/young-volunteers.json");
	ck_assert_int_eq(svk_match_practice(st, PK(B), "volwe-unga-volontarer", 0, &ms),
	    0);
	ck_assert_uint_eq(rank_of(&ms, PK(C), "unga-volontarer"), 0);
	ck_assert_uint_gt(rank_of(&ms, PK(A), "mentorer-18-30"), 0);
	svk_match_list_fini(&ms);
}
END_TEST

START_TEST(test_unknown_and_retracted_needs_are_not_found)
{
	svk_matches ms;

	ck_assert_int_eq(svk_match_need(st, PK(C), "no-such-need", 0, &ms),
	    SVK_ENOTFOUND);
	ck_assert_uint_eq(ms.n, 0);
	/* The right id of the wrong origin. */
	ck_assert_int_eq(svk_match_need(st, PK(A), "gioco-ricreazione", 0, &ms),
	    SVK_ENOTFOUND);
	fx_append_retraction(st, node[C], SAMVERK__ENTITY_KIND__ENTITY_NEED,
	    "gioco-ricreazione");
	ck_assert_int_eq(svk_match_need(st, PK(C), "gioco-ricreazione", 0, &ms),
	    SVK_ENOTFOUND);
	ck_assert_int_eq(svk_match_practice(st, PK(A), "no-such-practice", 0, &ms),
	    SVK_ENOTFOUND);
	/* A need is not a practice. */
	ck_assert_int_eq(svk_match_practice(st, PK(A), "mentorer-18-30", 0, &ms),
	    SVK_ENOTFOUND);
}
END_TEST

Suite *
match_suite(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("samples");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_each_sample_need_finds_the_practice_a_person_would_pick);
	tcase_add_test(tc, test_the_pairs_hold_in_every_pair_of_languages);
	tcase_add_test(tc, test_the_italian_need_ranks_the_play_patrol_first);
	tcase_add_test(tc, test_a_match_says_why);
	tcase_add_test(tc, test_matched_words_keep_the_language_they_matched_in);
	tcase_add_test(tc, test_stop_words_are_never_matched_words);
	tcase_add_test(tc, test_stop_words_are_written_folded);
	tcase_add_test(tc, test_a_need_is_matched_only_with_other_origins_practices);
	tcase_add_test(tc, test_a_store_of_one_origin_has_nothing_to_match);
	tcase_add_test(tc, test_the_limit_keeps_the_best);
	tcase_add_test(tc, test_a_practice_finds_the_needs_it_could_answer);
	tcase_add_test(tc, test_both_directions_give_the_same_score);
	tcase_add_test(tc, test_retracted_practices_and_closed_needs_are_left_out);
	tcase_add_test(tc, test_unknown_and_retracted_needs_are_not_found);
	suite_add_tcase(s, tc);
	return s;
}
