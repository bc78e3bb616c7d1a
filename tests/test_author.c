/* test_author.c: the JSON authoring format (node/author.c). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "author-int.h"
#include "vocab.h"

/* Tests run from the repository root; the samples are shared beside it. */
#define DATA "../shared/data"

/* A smallest valid practice and need; %s adds fields at the end. */
#define PRACTICE                                                \
	"{\"id\": \"p1\", \"lang\": \"da\", \"title\": \"T\", " \
	"\"summary\": \"S\", \"areas\": [\"youth\"]%s}"
#define NEED                                                    \
	"{\"id\": \"n1\", \"lang\": \"sv\", \"title\": \"T\", " \
	"\"description\": \"D\", \"areas\": [\"housing\"]%s}"

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	ck_assert_int_ge(size, 0);
	ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
	buf = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* for_each_sample calls fn on every .json file in DATA/dir and returns how
 * many there were. */
static size_t
for_each_sample(const char *dir, void (*fn)(const char *path))
{
	char path[512];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	(void)snprintf(path, sizeof(path), "%s/%s", DATA, dir);
	d = opendir(path);
	ck_assert_msg(d != NULL, "cannot open %s", path);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s/%s", DATA, dir, e->d_name);
		fn(path);
		n++;
	}
	closedir(d);
	return n;
}

static Samverk__Practice *
practice_from(const char *text, size_t len)
{
	Samverk__Practice *p = NULL;
	char err[512] = "";
	int rc = svk_author_practice_parse(text, len, &p, err, sizeof(err));

	ck_assert_msg(rc == 0, "parse failed: %s", err);
	ck_assert_ptr_nonnull(p);
	return p;
}

static Samverk__Need *
need_from(const char *text, size_t len)
{
	Samverk__Need *n = NULL;
	char err[512] = "";
	int rc = svk_author_need_parse(text, len, &n, err, sizeof(err));

	ck_assert_msg(rc == 0, "parse failed: %s", err);
	ck_assert_ptr_nonnull(n);
	return n;
}

static void
free_msg(void *msg)
{
	protobuf_c_message_free_unpacked(msg, NULL);
}

/* expect_error parses text as a practice (or a need) and checks that it
 * fails with a one-line message that contains want. */
static void
expect_error_len(int need, const char *text, size_t len, const char *want)
{
	Samverk__Practice *p = (Samverk__Practice *)&p;
	Samverk__Need *n = (Samverk__Need *)&n;
	char err[512] = "";
	int rc;

	if (need)
		rc = svk_author_need_parse(text, len, &n, err, sizeof(err));
	else
		rc = svk_author_practice_parse(text, len, &p, err, sizeof(err));
	ck_assert_msg(rc == SVK_EINVAL, "rc %d for %s", rc, text);
	if (need)
		ck_assert_ptr_null(n);
	else
		ck_assert_ptr_null(p);
	ck_assert_msg(strstr(err, want) != NULL, "error '%s' lacks '%s'", err, want);
	ck_assert_msg(strchr(err, '\n') == NULL, "error '%s' spans lines", err);
}

static void
expect_error(int need, const char *text, const char *want)
{
	expect_error_len(need, text, strlen(text), want);
}

/* expect_practice_error adds extra to the smallest valid practice. */
static void
expect_practice_error(const char *extra, const char *want)
{
	char *text;
	size_t size = strlen(PRACTICE) + strlen(extra) + 1;

	text = malloc(size);
	ck_assert_ptr_nonnull(text);
	(void)snprintf(text, size, PRACTICE, extra);
	expect_error(0, text, want);
	free(text);
}

static void
practice_sample_parses(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	Samverk__Practice *p = practice_from(text, len);

	ck_assert(svk_vocab_entity_id_valid(p->id));
	ck_assert_uint_ge(p->n_areas, 1);
	ck_assert_str_ne(p->title, "");
	free_msg(p);
	free(text);
}

static void
need_sample_parses(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	Samverk__Need *n = need_from(text, len);

	ck_assert(svk_vocab_entity_id_valid(n->id));
	ck_assert_uint_ge(n->n_areas, 1);
	free_msg(n);
	free(text);
}

START_TEST(test_every_sample_file_parses)
{
	ck_assert_uint_ge(for_each_sample("practices", practice_sample_parses), 9);
	ck_assert_uint_ge(for_each_sample("needs", need_sample_parses), 5);
}
END_TEST

START_TEST(test_sample_values_land_in_their_fields)
{
	size_t len;
	char *text = read_file(DATA "/practices/boernaadgiver.json", &len);
	Samverk__Practice *p = practice_from(text, len);

	ck_assert_str_eq(p->id, "boernaadgiveruddannelsen");
	ck_assert_str_eq(p->lang, "da");
	ck_assert_str_eq(p->title, "B\xc3\xb8rner\xc3\xa5"
				   "dgiveruddannelsen");
	ck_assert_uint_eq(p->n_areas, 2);
	ck_assert_str_eq(p->areas[1], "social_inclusion");
	ck_assert_uint_eq(p->n_partners, 3);
	ck_assert_str_eq(p->partners[2]->name, "TrygFonden");
	ck_assert_str_eq(p->partners[2]->sector, "foundation");
	ck_assert_str_eq(p->started, "2011");
	ck_assert_uint_eq(p->n_translations, 1);
	ck_assert_str_eq(p->translations[0]->lang, "en");
	ck_assert_str_eq(p->translations[0]->challenge, "");
	free_msg(p);
	free(text);
}
END_TEST

START_TEST(test_malformed_json_names_line_and_column)
{
	expect_error(0, "{\n  \"id\": \"p1\"\n  \"lang\": \"da\"}",
	    "line 3, column 8: ");
	expect_error(0, "{\"id\": \"p1\",}", "line 1, column ");
	expect_error(0, "", "line 1, column 0: ");
	expect_error(0, "{\"id\": \"p1\", \"id\": \"p2\"}", "duplicate");
}
END_TEST

START_TEST(test_top_level_must_be_an_object)
{
	expect_error(0, "[{\"id\": \"p1\"}]",
	    "the top level must be an object, got an array");
}
END_TEST

START_TEST(test_missing_required_field_is_named)
{
	expect_error(0,
	    "{\"id\": \"p1\", \"lang\": \"da\", \"title\": \"T\", "
	    "\"areas\": [\"youth\"]}",
	    "missing required field \"summary\"");
	expect_error(1,
	    "{\"id\": \"n1\", \"lang\": \"da\", \"title\": \"T\", "
	    "\"description\": \"D\"}",
	    "missing required field \"areas\"");
	expect_practice_error(", \"translations\": [{\"lang\": \"en\"}]",
	    "field \"translations\"[0]: missing required field \"title\"");
	expect_practice_error(", \"translations\": [{\"title\": \"X\"}]",
	    "field \"translations\"[0]: missing required field \"lang\"");
	expect_practice_error(", \"partners\": [{\"role\": \"host\"}]",
	    "field \"partners\"[0]: missing required field \"name\"");
}
END_TEST

START_TEST(test_unknown_field_is_named)
{
	expect_practice_error(", \"titel\": \"T\"", "unknown field \"titel\"");
	expect_practice_error(", \"partners\": [{\"name\": \"A\", "
			      "\"rol\": \"host\"}]",
	    "field \"partners\"[0]: unknown field \"rol\"");
	/* Needs translate a description, practices do not. */
	expect_practice_error(", \"translations\": [{\"lang\": \"en\", "
			      "\"title\": \"X\", \"description\": \"D\"}]",
	    "field \"translations\"[0]: unknown field \"description\"");
	expect_error(1, "{\"summary\": \"x\"}", "unknown field \"summary\"");
}
END_TEST

START_TEST(test_unknown_area_is_named)
{
	expect_error(0,
	    "{\"id\": \"p1\", \"lang\": \"da\", \"title\": \"T\", "
	    "\"summary\": \"S\", \"areas\": [\"youth\", \"sport\"]}",
	    "field \"areas\": unknown area \"sport\" (one of: "
	    "health_prevention, ");
}
END_TEST

START_TEST(test_areas_must_be_distinct_and_not_empty)
{
	expect_error(0,
	    "{\"id\": \"p1\", \"lang\": \"da\", \"title\": \"T\", "
	    "\"summary\": \"S\", \"areas\": [\"youth\", \"youth\"]}",
	    "field \"areas\": area \"youth\" is listed twice");
	expect_error(0,
	    "{\"id\": \"p1\", \"lang\": \"da\", \"title\": \"T\", "
	    "\"summary\": \"S\", \"areas\": []}",
	    "field \"areas\": must list at least one area");
}
END_TEST

START_TEST(test_wrong_type_names_field_and_type)
{
	expect_practice_error(", \"challenge\": 42",
	    "field \"challenge\": expected a string, got a number");
	expect_practice_error(", \"tags\": \"one\"",
	    "field \"tags\": expected an array of strings, got a string");
	expect_practice_error(", \"tags\": [\"one\", true]",
	    "field \"tags\"[1]: expected a string, got a boolean");
	expect_practice_error(", \"partners\": [\"A\"]",
	    "field \"partners\"[0]: expected an object, got a string");
	expect_practice_error(", \"results\": null",
	    "field \"results\": expected a string, got null");
}
END_TEST

START_TEST(test_invalid_utf8_bytes_are_reported_as_such)
{
	static const char text[] = "{\"id\": \"p1\",\n\"title\": \"B\xf8rn\"}";

	expect_error_len(0, text, sizeof(text) - 1,
	    "line 2, column 12: not valid UTF-8");
	expect_error_len(0, "{\"\xc3\x28\": 1}", 8, "not valid UTF-8");
}
END_TEST

START_TEST(test_nul_inside_a_string_is_rejected)
{
	expect_practice_error(", \"challenge\": \"a\\u0000b\"",
	    "field \"challenge\": contains a NUL character");
}
END_TEST

START_TEST(test_over_long_title_is_rejected)
{
	char text[SVK_AUTHOR_MAX_TITLE + 200];
	char title[SVK_AUTHOR_MAX_TITLE + 2];
	Samverk__Practice *p;

	memset(title, 'x', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	(void)snprintf(text, sizeof(text),
	    "{\"id\": \"p1\", \"lang\": \"da\", \"title\": \"%s\", "
	    "\"summary\": \"S\", \"areas\": [\"youth\"]}",
	    title);
	expect_error(0, text,
	    "field \"title\": is 301 bytes long, the limit "
	    "is 300");

	/* Exactly at the limit is fine. */
	title[SVK_AUTHOR_MAX_TITLE] = '\0';
	(void)snprintf(text, sizeof(text),
	    "{\"id\": \"p1\", \"lang\": \"da\", \"title\": \"%s\", "
	    "\"summary\": \"S\", \"areas\": [\"youth\"]}",
	    title);
	p = practice_from(text, strlen(text));
	ck_assert_uint_eq(strlen(p->title), SVK_AUTHOR_MAX_TITLE);
	free_msg(p);
}
END_TEST

START_TEST(test_empty_title_is_rejected)
{
	expect_error(0,
	    "{\"id\": \"p1\", \"lang\": \"da\", \"title\": \" \", "
	    "\"summary\": \"S\", \"areas\": [\"youth\"]}",
	    "field \"title\": must not be empty");
	expect_practice_error(", \"translations\": [{\"lang\": \"en\", "
			      "\"title\": \"\"}]",
	    "field \"translations\"[0].title: must not be empty");
}
END_TEST

START_TEST(test_too_many_list_items_are_rejected)
{
	char extra[SVK_AUTHOR_MAX_LIST * 8 + 64];
	size_t o = 0;

	o += (size_t)snprintf(extra + o, sizeof(extra) - o, ", \"tags\": [");
	for (int i = 0; i <= SVK_AUTHOR_MAX_LIST; i++)
		o += (size_t)snprintf(extra + o, sizeof(extra) - o, "%s\"t%d\"",
		    i > 0 ? ", " : "", i);
	(void)snprintf(extra + o, sizeof(extra) - o, "]");
	expect_practice_error(extra, "field \"tags\": has 51 items, the limit "
				     "is 50");
}
END_TEST

START_TEST(test_over_long_list_item_is_rejected)
{
	char extra[SVK_AUTHOR_MAX_ITEM + 64];
	char item[SVK_AUTHOR_MAX_ITEM + 2];

	memset(item, 'y', sizeof(item) - 1);
	item[sizeof(item) - 1] = '\0';
	(void)snprintf(extra, sizeof(extra),
	    ", \"core_elements\": [\"ok\", \"%s\"]", item);
	expect_practice_error(extra, "field \"core_elements\"[1]: is 1001 "
				     "bytes long");
}
END_TEST

START_TEST(test_oversized_file_is_rejected)
{
	size_t len = SVK_AUTHOR_MAX_FILE + 1;
	char *text = malloc(len);

	ck_assert_ptr_nonnull(text);
	memset(text, ' ', len);
	expect_error_len(0, text, len, "the limit is 1048576");
	free(text);
}
END_TEST

START_TEST(test_bad_id_is_rejected)
{
	expect_error(0,
	    "{\"id\": \"Hr Berg\", \"lang\": \"da\", \"title\": "
	    "\"T\", \"summary\": \"S\", \"areas\": [\"youth\"]}",
	    "field \"id\": \"Hr Berg\" is not a valid id");
	expect_error(1, "{\"id\": \"-n1\"}", "field \"id\": \"-n1\" is not");
}
END_TEST

START_TEST(test_bad_lang_is_rejected)
{
	expect_error(0,
	    "{\"id\": \"p1\", \"lang\": \"Danish\", \"title\": "
	    "\"T\", \"summary\": \"S\", \"areas\": [\"youth\"]}",
	    "field \"lang\": \"Danish\" is not a BCP 47 language tag");
	expect_practice_error(", \"translations\": [{\"lang\": \"en_GB\", "
			      "\"title\": \"X\"}]",
	    "field \"translations\"[0].lang: \"en_GB\" is not a BCP 47");
}
END_TEST

START_TEST(test_translation_languages_must_differ)
{
	expect_practice_error(", \"translations\": [{\"lang\": \"da\", "
			      "\"title\": \"X\"}]",
	    "field \"translations\"[0].lang: \"da\" is the record's own "
	    "language");
	expect_practice_error(", \"translations\": [{\"lang\": \"en-GB\", "
			      "\"title\": \"X\"}, {\"lang\": \"en-gb\", "
			      "\"title\": \"Y\"}]",
	    "field \"translations\"[1].lang: \"en-gb\" is already translated");
}
END_TEST

START_TEST(test_need_without_urgency_or_status_gets_defaults)
{
	char text[256];
	Samverk__Need *n;

	(void)snprintf(text, sizeof(text), NEED, "");
	n = need_from(text, strlen(text));
	ck_assert_str_eq(n->urgency, "medium");
	ck_assert_str_eq(n->status, "open");
	free_msg(n);
}
END_TEST

START_TEST(test_need_urgency_and_status_are_checked)
{
	char text[256];

	(void)snprintf(text, sizeof(text), NEED, ", \"urgency\": \"urgent\"");
	expect_error(1, text, "field \"urgency\": \"urgent\" is not one of");
	(void)snprintf(text, sizeof(text), NEED, ", \"status\": \"done\"");
	expect_error(1, text, "field \"status\": \"done\" is not one of");
}
END_TEST

START_TEST(test_started_must_look_like_a_date)
{
	expect_practice_error(", \"started\": \"spring\"",
	    "field \"started\": \"spring\" is not a date");
	expect_practice_error(", \"started\": \"2011-13\"", "is not a date");
}
END_TEST

START_TEST(test_quoted_values_stay_on_one_line_and_short)
{
	char err[512];
	Samverk__Practice *p;
	int rc;
	static const char text[] =
	    "{\"bad\\nkey that goes on and on and on and on and on and on "
	    "and on and on\": 1}";

	rc = svk_author_practice_parse(text, strlen(text), &p, err, sizeof(err));
	ck_assert_int_eq(rc, SVK_EINVAL);
	ck_assert_msg(strstr(err, "unknown field \"bad\\x0akey") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "...\"") != NULL, "%s", err);
	ck_assert_ptr_null(strchr(err, '\n'));
}
END_TEST

static void
practice_round_trips(const char *path)
{
	size_t len, len2, n1, n2;
	char *text = read_file(path, &len);
	Samverk__Practice *p = practice_from(text, len), *q;
	json_t *j = svk_author_json_practice(p);
	char *text2, *b1, *b2;

	ck_assert_ptr_nonnull(j);
	text2 = json_dumps(j, JSON_INDENT(2));
	ck_assert_ptr_nonnull(text2);
	len2 = strlen(text2);
	q = practice_from(text2, len2);
	n1 = protobuf_c_message_get_packed_size(&p->base);
	n2 = protobuf_c_message_get_packed_size(&q->base);
	ck_assert_uint_eq(n1, n2);
	b1 = malloc(n1 + 1);
	b2 = malloc(n2 + 1);
	ck_assert_uint_eq(protobuf_c_message_pack(&p->base, (uint8_t *)b1), n1);
	ck_assert_uint_eq(protobuf_c_message_pack(&q->base, (uint8_t *)b2), n2);
	ck_assert_msg(memcmp(b1, b2, n1) == 0, "%s differs after a round trip", path);
	free(b1);
	free(b2);
	free(text2);
	json_decref(j);
	free_msg(q);
	free_msg(p);
	free(text);
}

static void
need_round_trips(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	Samverk__Need *n = need_from(text, len), *m;
	json_t *j = svk_author_json_need(n), *k;
	char *text2;

	ck_assert_ptr_nonnull(j);
	text2 = json_dumps(j, 0);
	ck_assert_ptr_nonnull(text2);
	m = need_from(text2, strlen(text2));
	k = svk_author_json_need(m);
	ck_assert(json_equal(j, k));
	ck_assert_str_eq(m->urgency, n->urgency);
	ck_assert_uint_eq(m->n_translations, n->n_translations);
	json_decref(k);
	free(text2);
	json_decref(j);
	free_msg(m);
	free_msg(n);
	free(text);
}

START_TEST(test_round_trip_through_json_keeps_every_sample)
{
	ck_assert_uint_ge(for_each_sample("practices", practice_round_trips), 1);
	ck_assert_uint_ge(for_each_sample("needs", need_round_trips), 1);
}
END_TEST

START_TEST(test_json_has_the_shape_of_the_input_file)
{
	size_t len;
	char *text = read_file(DATA "/practices/hr-berg.json", &len);
	Samverk__Practice *p = practice_from(text, len);
	json_t *in, *out = svk_author_json_practice(p);
	json_error_t jerr;

	in = json_loadb(text, len, 0, &jerr);
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(json_equal(in, out), "output differs from the file");
	json_decref(in);
	json_decref(out);
	free_msg(p);
	free(text);
}
END_TEST

START_TEST(test_json_leaves_out_empty_fields)
{
	char text[256];
	Samverk__Practice *p;
	json_t *j;

	(void)snprintf(text, sizeof(text), PRACTICE, ", \"challenge\": \"\"");
	p = practice_from(text, strlen(text));
	j = svk_author_json_practice(p);
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(json_object_size(j), 5);
	ck_assert_ptr_null(json_object_get(j, "challenge"));
	ck_assert_ptr_null(json_object_get(j, "tags"));
	json_decref(j);
	free_msg(p);
}
END_TEST

START_TEST(test_json_survives_a_message_with_invalid_utf8)
{
	Samverk__Need n = SAMVERK__NEED__INIT;
	json_t *j;

	n.id = "n1";
	n.title = "bad \xff byte";
	j = svk_author_json_need(&n);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(j, "title")),
	    "bad \xef\xbf\xbd byte");
	json_decref(j);
}
END_TEST

START_TEST(test_a_byte_order_mark_at_the_start_is_passed_over)
{
	char text[256];
	Samverk__Practice *p;

	(void)snprintf(text, sizeof(text), "\xef\xbb\xbf" PRACTICE, "");
	p = practice_from(text, strlen(text));
	ck_assert_str_eq(p->id, "p1");
	free_msg(p);
	/* Columns are an editor's, which shows no mark. */
	expect_error(0, "\xef\xbb\xbf{\"id\" \"p1\"}", "line 1, column 10: ");
	expect_error(0, "{\"id\": \"p1\", \xef\xbb\xbf}", "line 1, column ");
}
END_TEST

START_TEST(test_comments_are_passed_over_outside_strings)
{
	const char *text =
	    "// a practice\n{\"id\": \"p1\", // its id\n \"lang\": \"da\",\n"
	    " \"title\": \"T // not a comment\", \"summary\": "
	    "\"see https://example.org/a\\\"//b\",\n"
	    " // \"challenge\": \"left out\",\n \"areas\": [\"youth\"]}\n// end";
	Samverk__Practice *p = practice_from(text, strlen(text));

	ck_assert_str_eq(p->title, "T // not a comment");
	ck_assert_str_eq(p->summary, "see https://example.org/a\"//b");
	ck_assert_str_eq(p->challenge, "");
	free_msg(p);
	/* Lines and columns stay the file's. */
	expect_error(0, "// one\n// two\n{\"id\" 1}", "line 3, column 7: ");
}
END_TEST

START_TEST(test_empty_optional_strings_are_fields_left_out)
{
	char text[256];
	Samverk__Need *n;
	Samverk__Practice *p;

	(void)snprintf(text, sizeof(text), NEED,
	    ", \"urgency\": \"\", \"status\": \"\", \"answered_by\": \"\"");
	n = need_from(text, strlen(text));
	ck_assert_str_eq(n->urgency, "medium");
	ck_assert_str_eq(n->status, "open");
	ck_assert_str_eq(n->answered_by, "");
	free_msg(n);
	(void)snprintf(text, sizeof(text), PRACTICE, ", \"started\": \"\"");
	p = practice_from(text, strlen(text));
	ck_assert_str_eq(p->started, "");
	free_msg(p);
	expect_practice_error(", \"started\": \" \"", "is not a date");
}
END_TEST

/* Every field of the tables (and of the objects in their lists) is
 * explained in English, and every language explains what English does. */
static void
every_field_explained(const struct table *t, const char *parent)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		char key[PATH_MAX_LEN];

		snprintf(key, sizeof(key), "%s%s%s", parent, *parent ? "." : "",
		    f->name);
		ck_assert_msg(svk__author_words_text(&svk__author_words[0], key) ||
				  (*parent &&
				      svk__author_words_text(&svk__author_words[0],
					  f->name)),
		    "no English text for %s", key);
		if (f->kind == K_MSGS)
			every_field_explained(f->sub, f->name);
	}
}

START_TEST(test_template_words_explain_every_field_in_every_language)
{
	const struct svk__author_text *en = svk__author_words[0].texts;

	ck_assert_str_eq(svk__author_words[0].lang, "en");
	every_field_explained(&svk__author_practice_table, "");
	every_field_explained(&svk__author_need_table, "");
	for (size_t l = 1; svk__author_words[l].lang; l++) {
		const struct svk__author_words *w = &svk__author_words[l];

		for (const struct svk__author_text *t = en; t->key; t++) {
			bool found = false;
			for (const struct svk__author_text *o = w->texts; o->key; o++)
				found |= strcmp(o->key, t->key) == 0;
			ck_assert_msg(found, "%s lacks %s", w->lang, t->key);
		}
	}
}
END_TEST

/* tmpl writes a template into a new string. */
static char *
tmpl(bool need, const char *lang, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(svk_author_template_write(f, need, lang, true), 0);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/* fill replaces the first "key": "" in text with "key": value. */
static void
fill(char *text, size_t cap, const char *key, const char *value)
{
	char want[64], *at;

	snprintf(want, sizeof(want), "\"%s\": %s", key,
	    value[0] == '[' ? "[]" : "\"\"");
	at = strstr(text, want);
	ck_assert_msg(at != NULL, "no %s", want);
	size_t wl = strlen(want), vl = strlen(key) + 4 + strlen(value);
	ck_assert_uint_lt(strlen(text) + vl, cap);
	memmove(at + vl, at + wl, strlen(at + wl) + 1);
	memcpy(at, "\"", 1);
	memcpy(at + 1, key, strlen(key));
	memcpy(at + 1 + strlen(key), "\": ", 3);
	memcpy(at + 4 + strlen(key), value, strlen(value));
}

START_TEST(test_a_filled_in_template_parses_and_an_empty_one_says_what_is_missing)
{
	size_t len;
	char *text = tmpl(false, "da", &len), big[16384];
	Samverk__Practice *p;
	Samverk__Need *n;

	ck_assert_ptr_nonnull(strstr(text, "\"lang\": \"da\""));
	ck_assert_ptr_nonnull(strstr(text, "Titlen, som partnerne ser den"));
	for (size_t i = 0; svk_vocab_areas[i]; i++)
		ck_assert_ptr_nonnull(strstr(text, svk_vocab_areas[i]));
	expect_error_len(0, text, len, "field \"id\": must not be empty");
	ck_assert_uint_lt(len, sizeof(big));
	memcpy(big, text, len + 1);
	free(text);
	fill(big, sizeof(big), "id", "\"ny-praksis\"");
	fill(big, sizeof(big), "title", "\"Ny praksis\"");
	expect_error(0, big, "field \"summary\": must not be empty");
	fill(big, sizeof(big), "summary", "\"Kort om den.\"");
	expect_error(0, big, "field \"areas\": must list at least one area");
	fill(big, sizeof(big), "areas", "[\"youth\"]");
	fill(big, sizeof(big), "partners", "[{\"name\": \"Klubben\", \"role\": \"\"}]");
	p = practice_from(big, strlen(big));
	ck_assert_str_eq(p->id, "ny-praksis");
	ck_assert_str_eq(p->lang, "da");
	ck_assert_uint_eq(p->n_partners, 1);
	free_msg(p);

	text = tmpl(true, "en", &len);
	ck_assert_ptr_nonnull(strstr(text, "one of: low, medium, high"));
	ck_assert_ptr_nonnull(strstr(text, "one of: open, closed"));
	memcpy(big, text, len + 1);
	free(text);
	fill(big, sizeof(big), "id", "\"a-need\"");
	fill(big, sizeof(big), "title", "\"A need\"");
	fill(big, sizeof(big), "description", "\"What is needed.\"");
	fill(big, sizeof(big), "areas", "[\"housing\"]");
	n = need_from(big, strlen(big));
	ck_assert_str_eq(n->status, "open");
	free_msg(n);
	ck_assert_int_eq(svk_author_template_write(stdout, false, "xx", true),
	    SVK_EINVAL);
}
END_TEST

Suite *
author_suite(void)
{
	Suite *s = suite_create("author");
	TCase *tc = tcase_create("author");

	tcase_add_test(tc, test_every_sample_file_parses);
	tcase_add_test(tc, test_sample_values_land_in_their_fields);
	tcase_add_test(tc, test_malformed_json_names_line_and_column);
	tcase_add_test(tc, test_top_level_must_be_an_object);
	tcase_add_test(tc, test_missing_required_field_is_named);
	tcase_add_test(tc, test_unknown_field_is_named);
	tcase_add_test(tc, test_unknown_area_is_named);
	tcase_add_test(tc, test_areas_must_be_distinct_and_not_empty);
	tcase_add_test(tc, test_wrong_type_names_field_and_type);
	tcase_add_test(tc, test_invalid_utf8_bytes_are_reported_as_such);
	tcase_add_test(tc, test_nul_inside_a_string_is_rejected);
	tcase_add_test(tc, test_over_long_title_is_rejected);
	tcase_add_test(tc, test_empty_title_is_rejected);
	tcase_add_test(tc, test_too_many_list_items_are_rejected);
	tcase_add_test(tc, test_over_long_list_item_is_rejected);
	tcase_add_test(tc, test_oversized_file_is_rejected);
	tcase_add_test(tc, test_bad_id_is_rejected);
	tcase_add_test(tc, test_bad_lang_is_rejected);
	tcase_add_test(tc, test_translation_languages_must_differ);
	tcase_add_test(tc, test_need_without_urgency_or_status_gets_defaults);
	tcase_add_test(tc, test_need_urgency_and_status_are_checked);
	tcase_add_test(tc, test_started_must_look_like_a_date);
	tcase_add_test(tc, test_quoted_values_stay_on_one_line_and_short);
	tcase_add_test(tc, test_round_trip_through_json_keeps_every_sample);
	tcase_add_test(tc, test_json_has_the_shape_of_the_input_file);
	tcase_add_test(tc, test_json_leaves_out_empty_fields);
	tcase_add_test(tc, test_json_survives_a_message_with_invalid_utf8);
	tcase_add_test(tc, test_a_byte_order_mark_at_the_start_is_passed_over);
	tcase_add_test(tc, test_comments_are_passed_over_outside_strings);
	tcase_add_test(tc, test_empty_optional_strings_are_fields_left_out);
	tcase_add_test(tc, test_template_words_explain_every_field_in_every_language);
	tcase_add_test(tc,
	    test_a_filled_in_template_parses_and_an_empty_one_says_what_is_missing);
	suite_add_tcase(s, tc);
	return s;
}
