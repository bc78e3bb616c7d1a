/*
 * test_match_volunteers.c: store/match_volunteers.c, the local volunteers
 * for one of this node's needs: the ranking, inactive volunteers left out,
 * a retracted need, and a partner's need refused (its volunteers are the
 * partner's).
 */
#include "match_volunteers.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "log.h"
#include "registry.h"

#define PK(id) svk_crypto_identity_public(id)

static char dir[64];
static svk_store *st;
static svk_identity *me;

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "match_volunteers");
	st = fx_store(dir, "samverk.db");
	me = fx_identity();
}

static void
teardown(void)
{
	svk_store_close(st);
	svk_crypto_identity_free(me);
	fx_rmdir(dir);
}

static void
vol(const char *id, const char *skills, const char *areas, const char *hours,
    const char *active)
{
	fx_volunteer(st, id, skills, areas, (unsigned)atoi(hours), "2020-01-01",
	    strcmp(active, "yes") == 0, 1980);
}

/* A need of id asking for driving and cooking in elderly_care. */
static uint64_t
need(svk_store *s, const svk_identity *who, const char *id)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Need n = SAMVERK__NEED__INIT;
	char *areas[] = {"elderly_care"}, *skills[] = {"driving", "cooking"};
	uint64_t seq;

	n.id = (char *)id;
	n.lang = "en";
	n.title = "Drivers and cooks for older people";
	n.description = "Meals brought home.";
	n.areas = areas;
	n.n_areas = 1;
	n.skills = skills;
	n.n_skills = 2;
	n.urgency = "high";
	n.status = "open";
	body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	body.need = &n;
	ck_assert_int_eq(svk_log_append(s, who, &body, &seq, NULL), 0);
	return seq;
}

START_TEST(test_volunteers_are_ranked_by_skills_areas_and_hours)
{
	svk_volunteer_matches ms;

	vol("a", "driving;cooking", "culture", "2", "yes");
	vol("b", "Driving", "elderly_care", "40", "yes");
	vol("c", "cooking", "elderly_care", "40", "yes");
	vol("d", "driving;cooking", "elderly_care", "40", "no");
	vol("e", "", "elderly_care", "20", "yes");
	vol("f", "singing", "culture", "40", "yes");
	(void)need(st, me, "meals");
	ck_assert_int_eq(svk_match_volunteers_rank(st, PK(me), PK(me), "meals", 0, &ms),
	    0);
	ck_assert_uint_eq(ms.n, 4);
	/* a: 6 + 0.1; b and c: 3 + 2 + 1, b first by id; e: 2 + 1. */
	ck_assert_str_eq(ms.items[0].id, "a");
	ck_assert_str_eq(ms.items[0].skills, "driving;cooking");
	ck_assert_str_eq(ms.items[0].areas, "");
	ck_assert_str_eq(ms.items[1].id, "b");
	ck_assert_str_eq(ms.items[1].skills, "driving");
	ck_assert_str_eq(ms.items[2].id, "c");
	ck_assert_str_eq(ms.items[3].id, "e");
	ck_assert_double_eq_tol(ms.items[0].score, 6.1, 1e-9);
	ck_assert_double_eq_tol(ms.items[3].score, 3.0, 1e-9);
	svk_match_volunteers_fini(&ms);
	ck_assert_int_eq(svk_match_volunteers_rank(st, PK(me), PK(me), "meals", 2, &ms),
	    0);
	ck_assert_uint_eq(ms.n, 2);
	svk_match_volunteers_fini(&ms);
}
END_TEST

START_TEST(test_a_partners_need_or_a_retracted_one_gets_no_volunteers)
{
	svk_volunteer_matches ms;
	fx_fed f;
	svk_store *mine = st;

	/* b's node, with a volunteer; c, an active member, has a need. */
	fx_fed_init(&f, "match_volunteers_fed");
	st = f.sb;
	vol("a", "driving", "elderly_care", "10", "yes");
	uint64_t seq = need(f.sc, f.c, "theirs");
	ck_assert_int_eq(fx_ingest(f.sb, f.sc, PK(f.c), seq, NULL), 0);
	ck_assert_int_eq(svk_match_volunteers_rank(f.sb, PK(f.b), PK(f.c),
			     "theirs", 0, &ms),
	    SVK_EINVAL);
	ck_assert_uint_eq(ms.n, 0);
	ck_assert_int_eq(svk_match_volunteers_rank(f.sb, PK(f.b), PK(f.b), "none",
			     0, &ms),
	    SVK_ENOTFOUND);
	(void)need(f.sb, f.b, "gone");
	(void)fx_append_retraction(f.sb, f.b, SAMVERK__ENTITY_KIND__ENTITY_NEED,
	    "gone");
	ck_assert_int_eq(svk_match_volunteers_rank(f.sb, PK(f.b), PK(f.b), "gone",
			     0, &ms),
	    SVK_ENOTFOUND);
	st = mine;
	fx_fed_fini(&f);
}
END_TEST

Suite *
match_volunteers_suite(void)
{
	Suite *s = suite_create("match_volunteers");
	TCase *tc = tcase_create("match_volunteers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_volunteers_are_ranked_by_skills_areas_and_hours);
	tcase_add_test(tc, test_a_partners_need_or_a_retracted_one_gets_no_volunteers);
	suite_add_tcase(s, tc);
	return s;
}
