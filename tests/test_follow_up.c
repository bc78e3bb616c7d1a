/*
 * test_follow_up.c: node/follow_up.c, a follow-up file checked against the
 * practice adopted, and which follow-up is due when.
 */
#include "follow_up.h"

#include "adoption.h"

#include <check.h>
#include <string.h>

static char *core[] = {"Peer mentors", "Weekly meetings", "Jobfair"};

static Samverk__Practice
practice(void)
{
	Samverk__Practice p = SAMVERK__PRACTICE__INIT;
	p.id = "mentors";
	p.core_elements = core;
	p.n_core_elements = 3;
	return p;
}

static int
parse(const char *text, svk_follow_up *fu, char *why)
{
	Samverk__Practice p = practice();
	return svk_follow_up_parse(text, strlen(text), &p, "2026-01-10",
	    "2026-05-01", 5, fu, why, 256, NULL);
}

START_TEST(test_a_follow_up_names_core_elements_in_the_practices_words)
{
	svk_follow_up fu;
	char why[256] = "";

	ck_assert_int_eq(
	    parse("{\"months\": 3, \"elements\": ["
		  "{\"element\": \" peer MENTORS\", \"state\": \"kept\"},"
		  "{\"element\": \"Weekly meetings\", \"state\": \"adapted\", "
		  "\"how\": \"fortnightly\"},"
		  "{\"element\": \"jobfair\", \"state\": \"dropped\", \"why\": "
		  "\"no hall\"}],"
		  "\"results\": [{\"name\": \"in work\", \"value\": 12, "
		  "\"unit\": \"PERSONS\", \"baseline\": 5}],"
		  "\"lessons\": \"go slow\"}",
		&fu, why),
	    0);
	ck_assert_uint_eq(fu.fu.months, 3);
	ck_assert_str_eq(fu.fu.date, "2026-05-01"); /* today by default */
	ck_assert_uint_eq(fu.fu.n_elements, 3);
	ck_assert_str_eq(fu.fu.elements[0]->element, "Peer mentors");
	ck_assert_str_eq(fu.fu.elements[1]->note, "fortnightly");
	ck_assert_str_eq(fu.fu.elements[2]->note, "no hall");
	ck_assert_uint_eq(fu.fu.n_results, 1);
	ck_assert(fu.fu.results[0]->has_baseline);
	ck_assert_double_eq(fu.fu.results[0]->baseline, 5);
	ck_assert_str_eq(fu.fu.lessons, "go slow");
	svk_follow_up_fini(&fu);
}
END_TEST

START_TEST(test_bad_follow_ups_are_refused_with_the_field_named)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
	    {"[]", "JSON object"},
	    {"{\"months\": 0, \"lessons\": \"x\"}", "months"},
	    {"{\"months\": 3}", "says something"},
	    {"{\"date\": \"2026-13-01\", \"lessons\": \"x\"}", "date"},
	    {"{\"date\": \"2025-12-31\", \"lessons\": \"x\"}", "before the adoption"},
	    {"{\"elements\": [{\"element\": \"Other\", \"state\": \"kept\"}]}",
		"no core element"},
	    {"{\"elements\": [{\"element\": \"Jobfair\", \"state\": \"kept\"}, "
	     "{\"element\": \"jobfair\", \"state\": \"kept\"}]}",
		"named twice"},
	    {"{\"elements\": [{\"element\": \"Jobfair\", \"state\": \"gone\"}]}",
		"kept, adapted or dropped"},
	    {"{\"elements\": [{\"element\": \"Jobfair\", \"state\": \"dropped\"}]}",
		"\"why\""},
	    {"{\"results\": [{\"name\": \"x\", \"value\": \"many\"}]}", "number"},
	    {"{\"results\": [{\"name\": \"x\", \"value\": 3, \"unit\": "
	     "\"PERSONS\"}]}",
		"fewer than 5 people"},
	    {"{\"results\": [{\"name\": \"x\", \"value\": 30, \"unit\": "
	     "\"PERSONS\", \"baseline\": 1}]}",
		"fewer than 5 people"},
	    /* however the unit of people is spelled */
	    {"{\"results\": [{\"name\": \"x\", \"value\": 2, \"unit\": "
	     "\"persons\"}]}",
		"fewer than 5 people"},
	    {"{\"results\": [{\"name\": \"x\", \"value\": 2, \"unit\": "
	     "\" People \"}]}",
		"fewer than 5 people"},
	    {"{\"results\": [{\"name\": \"x\", \"value\": 30, \"unit\": "
	     "\"Person\", \"baseline\": 3}]}",
		"fewer than 5 people"},
	    {"{\"lessons\": \"x\", \"extra\": 1}", "unknown field"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		svk_follow_up fu;
		char why[256] = "";
		ck_assert_int_eq(parse(bad[i].text, &fu, why), SVK_EINVAL);
		ck_assert_msg(strstr(why, bad[i].why) != NULL, "%s: %s",
		    bad[i].text, why);
		svk_follow_up_fini(&fu);
	}
}
END_TEST

START_TEST(test_the_first_follow_up_not_written_is_due_once_its_months_pass)
{
	Samverk__FollowUp f3 = SAMVERK__FOLLOW_UP__INIT;
	Samverk__FollowUp *list[] = {&f3};
	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;

	ad.status = "piloting";
	ad.started = "2026-01-10";
	ck_assert_uint_eq(svk_follow_up_due(&ad, "2026-04-09"), 0);
	ck_assert_uint_eq(svk_follow_up_due(&ad, "2026-04-10"), 3);
	ck_assert_uint_eq(svk_follow_up_due(&ad, "2026-12-01"), 3);
	f3.months = 3;
	ad.follow_ups = list;
	ad.n_follow_ups = 1;
	ck_assert_uint_eq(svk_follow_up_due(&ad, "2026-05-01"), 0);
	ck_assert_uint_eq(svk_follow_up_due(&ad, "2026-07-10"), 6);
	ad.status = "dropped";
	ck_assert_uint_eq(svk_follow_up_due(&ad, "2026-12-01"), 0);
	ad.status = "adopted";
	ad.started = "";
	ck_assert_uint_eq(svk_follow_up_due(&ad, "2026-12-01"), 0);
	ck_assert_int_eq(svk_follow_up_months("2026-01-31", "2026-02-28"), 0);
	ck_assert_int_eq(svk_follow_up_months("2026-01-31", "2026-03-31"), 2);
	ck_assert_int_eq(svk_follow_up_months("2026-03-01", "2026-02-01"), -1);
}
END_TEST

START_TEST(test_an_adoption_proves_its_practice_by_its_latest_follow_up)
{
	Samverk__ElementState kept = SAMVERK__ELEMENT_STATE__INIT;
	Samverk__ElementState dropped = SAMVERK__ELEMENT_STATE__INIT;
	Samverk__Measure up = SAMVERK__MEASURE__INIT;
	Samverk__ElementState *both[] = {&kept, &kept}, *one[] = {&kept, &dropped};
	Samverk__Measure *res[] = {&up};
	Samverk__FollowUp early = SAMVERK__FOLLOW_UP__INIT;
	Samverk__FollowUp late = SAMVERK__FOLLOW_UP__INIT;
	Samverk__FollowUp *list[] = {&late, &early}; /* not in date order */
	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;

	kept.state = "kept";
	dropped.state = "dropped";
	up.has_baseline = true;
	up.baseline = 5;
	up.value = 9;
	early.date = "2026-04-01";
	early.elements = both;
	early.n_elements = 2;
	early.results = res;
	early.n_results = 1;
	late.date = "2026-07-01";
	late.elements = one;
	late.n_elements = 2;
	late.results = res;
	late.n_results = 1;
	ad.follow_ups = list;
	ad.n_follow_ups = 2;
	/* The latest drops an element: not proven, though the earlier was. */
	ck_assert(!svk_adoption_proven(&ad, 2));
	late.elements = both;
	ck_assert(svk_adoption_proven(&ad, 2));
	ck_assert(!svk_adoption_proven(&ad, 3)); /* a core element not named */
	up.value = 5;				 /* no better than the baseline */
	ck_assert(!svk_adoption_proven(&ad, 2));
	ad.n_follow_ups = 0;
	ck_assert(!svk_adoption_proven(&ad, 2));
}
END_TEST

/* What a form needs to put the refusal at its field. */
START_TEST(test_a_refusal_names_its_field_and_place_for_a_form)
{
	static const struct {
		const char *text, *field, *key, *arg;
		size_t index;
	} cases[] = {
	    {"{\"elements\": [{\"element\": \"Peer mentors\", \"state\": \"kept\"}, "
	     "{\"element\": \"Jobfair\", \"state\": \"dropped\"}]}",
		"elements", "why", "", 1},
	    {"{\"elements\": [{\"element\": \"Nothing\", \"state\": \"kept\"}]}",
		"elements", "no_element", "Nothing", 0},
	    {"{\"results\": [{\"name\": \"a\", \"value\": 9}, {\"name\": \"b\", "
	     "\"value\": 2, \"unit\": \"PERSONS\"}]}",
		"results", "few", "5", 1},
	    {"{\"results\": [{\"name\": \"a\", \"value\": 9, \"unit\": "
	     "\"PERSONS\", \"baseline\": 1}]}",
		"results", "few_baseline", "5", 0},
	    {"{\"results\": [{\"value\": 9}]}", "results", "name", "", 0},
	    {"{\"results\": [{\"name\": \"a\", \"value\": \"9\"}]}", "results",
		"value", "", 0},
	    {"{\"date\": \"2025-12-31\", \"lessons\": \"x\"}", "date",
		"date_before", "2026-01-10", 0},
	    {"{\"months\": 0, \"lessons\": \"x\"}", "months", "months", "", 0},
	    {"{}", "", "empty", "", 0},
	    {"[1]", "", "json", "", 0},
	};
	Samverk__Practice p = practice();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		svk_follow_up_fault fault = {0};
		svk_follow_up fu;
		char why[256] = "";
		int err = svk_follow_up_parse(cases[i].text, strlen(cases[i].text),
		    &p, "2026-01-10", "2026-05-01", 5, &fu, why, sizeof(why), &fault);
		ck_assert_msg(err == SVK_EINVAL, "%s: %d", cases[i].text, err);
		ck_assert_str_eq(fault.field, cases[i].field);
		ck_assert_str_eq(fault.key, cases[i].key);
		ck_assert_str_eq(fault.arg, cases[i].arg);
		ck_assert_uint_eq(fault.index, cases[i].index);
		ck_assert(why[0] != '\0');
		svk_follow_up_fini(&fu);
	}
}
END_TEST

START_TEST(test_the_day_months_after_keeps_to_the_months_end)
{
	char out[11];

	svk_follow_up_date_after("2026-01-05", 3, out);
	ck_assert_str_eq(out, "2026-04-05");
	svk_follow_up_date_after("2026-11-15", 3, out);
	ck_assert_str_eq(out, "2027-02-15");
	svk_follow_up_date_after("2026-11-30", 3, out);
	ck_assert_str_eq(out, "2027-02-28");
	svk_follow_up_date_after("2027-11-30", 3, out);
	ck_assert_str_eq(out, "2028-02-29");
	svk_follow_up_date_after("2026-03-31", 6, out);
	ck_assert_str_eq(out, "2026-09-30");
	svk_follow_up_date_after("2026-05", 3, out);
	ck_assert_str_eq(out, "");
}
END_TEST

Suite *
follow_up_suite(void)
{
	Suite *s = suite_create("follow_up");
	TCase *tc = tcase_create("follow_up");

	tcase_add_test(tc, test_a_follow_up_names_core_elements_in_the_practices_words);
	tcase_add_test(tc, test_bad_follow_ups_are_refused_with_the_field_named);
	tcase_add_test(tc, test_a_refusal_names_its_field_and_place_for_a_form);
	tcase_add_test(tc, test_the_day_months_after_keeps_to_the_months_end);
	tcase_add_test(tc,
	    test_the_first_follow_up_not_written_is_due_once_its_months_pass);
	tcase_add_test(tc,
	    test_an_adoption_proves_its_practice_by_its_latest_follow_up);
	suite_add_tcase(s, tc);
	return s;
}
