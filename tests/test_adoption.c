/*
 * test_adoption.c: store/adoption.c: how many members adopt each practice,
 * and matching the element names of an adoption against a practice's core
 * and flexible elements (kept, adapted, missing).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adoption.h"
#include "fixture.h"

#define PK(id) svk_crypto_identity_public(id)

static char dir[64];
static svk_store *st;
static svk_identity *me, *other;

static char *core[] = {
    "Trained volunteer patrols", "Fixed weekly route", "Café: meeting point"};
static char *flexible[] = {"Route length", "Meeting time: evening", "Uniform"};

static void
practice_init(Samverk__Practice *p)
{
	samverk__practice__init(p);
	p->id = "legepatruljen";
	p->core_elements = core;
	p->n_core_elements = 3;
	p->flexible_elements = flexible;
	p->n_flexible_elements = 3;
}

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "adoption");
	me = fx_identity();
	other = fx_identity();
	st = fx_store(dir, "samverk.db");
}

static void
teardown(void)
{
	svk_store_close(st);
	svk_crypto_identity_free(me);
	svk_crypto_identity_free(other);
	fx_rmdir(dir);
}

/* Appends an adoption by me of origin's practice id, with status. */
static void
adopt(const svk_identity *origin, const char *id, const char *status)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption a = SAMVERK__ADOPTION__INIT;

	a.practice_origin.data = (uint8_t *)PK(origin);
	a.practice_origin.len = SVK_KEY_LEN;
	a.practice_id = (char *)id;
	a.status = (char *)status;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &a;
	ck_assert_int_eq(svk_log_append(st, me, &body, NULL, NULL), 0);
}

START_TEST(test_a_tally_counts_adoptions_per_practice_but_not_dropped_ones)
{
	svk_adoption_tally t;

	adopt(other, "legepatruljen", "piloting");
	adopt(other, "natteravnene", "adopted");
	adopt(me, "legepatruljen", "dropped");
	ck_assert_int_eq(svk_adoption_tally_init(&t, st, true), 0);
	ck_assert_uint_eq(svk_adoption_tally_count(&t, PK(other), "legepatruljen"), 1);
	ck_assert_uint_eq(svk_adoption_tally_count(&t, PK(other), "natteravnene"), 1);
	ck_assert_uint_eq(svk_adoption_tally_count(&t, PK(me), "legepatruljen"), 0);
	ck_assert_uint_eq(svk_adoption_tally_count(&t, PK(other), "unknown"), 0);
	svk_adoption_tally_fini(&t);
	ck_assert_uint_eq(t.n, 0);
}
END_TEST

START_TEST(test_an_empty_store_tallies_nothing)
{
	svk_adoption_tally t;

	ck_assert_int_eq(svk_adoption_tally_init(&t, st, true), 0);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_uint_eq(svk_adoption_tally_count(&t, PK(other), "legepatruljen"), 0);
	svk_adoption_tally_fini(&t);
}
END_TEST

START_TEST(test_an_element_is_found_ignoring_case_accents_and_spaces)
{
	const char *found;
	const char *s = "  cafe: MEETING point ";

	ck_assert_int_eq(svk_adoption_element_find(core, 3, s, strlen(s), &found), 0);
	ck_assert_ptr_eq(found, core[2]);
	s = "fixed weekly";
	ck_assert_int_eq(svk_adoption_element_find(core, 3, s, strlen(s), &found), 0);
	ck_assert_ptr_null(found);
}
END_TEST

START_TEST(test_kept_names_map_to_the_practices_wording_each_once)
{
	Samverk__Practice p;
	const char *names[] = {"fixed weekly route", "FIXED WEEKLY ROUTE",
	    "trained volunteer patrols"};
	const char *kept[3];
	size_t n = 99, bad = 99;

	practice_init(&p);
	ck_assert_int_eq(svk_adoption_kept(&p, names, 3, kept, &n, &bad), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_eq(kept[0], core[1]);
	ck_assert_ptr_eq(kept[1], core[0]);
}
END_TEST

START_TEST(test_a_kept_name_that_is_no_core_element_is_refused)
{
	Samverk__Practice p;
	const char *names[] = {"fixed weekly route", "uniform"};
	const char *kept[2];
	size_t n, bad = 99;

	practice_init(&p);
	ck_assert_int_eq(svk_adoption_kept(&p, names, 2, kept, &n, &bad),
	    SVK_ENOTFOUND);
	ck_assert_uint_eq(bad, 1);
}
END_TEST

START_TEST(test_adapted_splits_at_the_colon_after_a_flexible_element)
{
	Samverk__Practice p;
	const char *e, *how;
	size_t len;

	practice_init(&p);
	ck_assert_int_eq(svk_adoption_adapted_split(&p, "route length: 2 km", &e,
			     &how, &len),
	    0);
	ck_assert_ptr_eq(e, flexible[0]);
	ck_assert_str_eq(how, "2 km");
	ck_assert_uint_eq(len, strlen("route length"));
	/* The element holds a colon itself. */
	ck_assert_int_eq(svk_adoption_adapted_split(&p,
			     "meeting time: evening: at 18", &e, &how, &len),
	    0);
	ck_assert_ptr_eq(e, flexible[1]);
	ck_assert_str_eq(how, "at 18");
	ck_assert_uint_eq(len, strlen("meeting time"));
	ck_assert_int_eq(svk_adoption_adapted_split(&p, "uniform:", &e, &how, &len), 0);
	ck_assert_str_eq(how, "");
}
END_TEST

START_TEST(test_adapted_without_a_colon_or_a_flexible_element_is_refused)
{
	Samverk__Practice p;
	const char *e, *how;
	size_t len;

	practice_init(&p);
	ck_assert_int_eq(svk_adoption_adapted_split(&p, "route length", &e, &how, &len),
	    SVK_EINVAL);
	ck_assert_int_eq(svk_adoption_adapted_split(&p, "fixed weekly route: no",
			     &e, &how, &len),
	    SVK_ENOTFOUND);
	ck_assert_ptr_null(e);
	ck_assert_uint_eq(len, strlen("fixed weekly route"));
}
END_TEST

START_TEST(test_missing_lists_the_core_elements_not_kept_however_worded)
{
	Samverk__Practice p;
	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;
	char *kept[] = {"Fixed weekly route", "CAFE: meeting point"};
	const char *missing[3];
	size_t n = 99;

	practice_init(&p);
	ad.kept = kept;
	ad.n_kept = 2;
	ck_assert(svk_adoption_keeps(&ad, core[1]));
	ck_assert(svk_adoption_keeps(&ad, core[2]));
	ck_assert(!svk_adoption_keeps(&ad, core[0]));
	svk_adoption_missing(&p, &ad, missing, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_eq(missing[0], core[0]);
	ad.n_kept = 0;
	svk_adoption_missing(&p, &ad, missing, &n);
	ck_assert_uint_eq(n, 3);
}
END_TEST

Suite *
adoption_suite(void)
{
	Suite *s = suite_create("adoption");
	TCase *tally = tcase_create("tally");
	TCase *elements = tcase_create("elements");

	tcase_add_unchecked_fixture(tally, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tally, setup, teardown);
	tcase_add_test(tally,
	    test_a_tally_counts_adoptions_per_practice_but_not_dropped_ones);
	tcase_add_test(tally, test_an_empty_store_tallies_nothing);
	suite_add_tcase(s, tally);
	tcase_add_test(elements,
	    test_an_element_is_found_ignoring_case_accents_and_spaces);
	tcase_add_test(elements,
	    test_kept_names_map_to_the_practices_wording_each_once);
	tcase_add_test(elements, test_a_kept_name_that_is_no_core_element_is_refused);
	tcase_add_test(elements,
	    test_adapted_splits_at_the_colon_after_a_flexible_element);
	tcase_add_test(elements,
	    test_adapted_without_a_colon_or_a_flexible_element_is_refused);
	tcase_add_test(elements,
	    test_missing_lists_the_core_elements_not_kept_however_worded);
	suite_add_tcase(s, elements);
	return s;
}
