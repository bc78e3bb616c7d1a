/*
 * test_registry.c: store/registry.c: the volunteer registry.
 *
 * Import of the sample shared/data/volunteers.csv and of broken files: bad
 * dates, unknown areas, duplicate ids, wrong column counts (each row refused
 * with its line number and why, the good rows imported), and files that are
 * not CSV at all (not UTF-8, binary, no header, a quote never closed), which
 * write nothing. CSV details: quoted fields, doubled quotes, CRLF, a byte
 * order mark, fields over several lines, columns in another order. Adding
 * one volunteer, and erasure: the person's name and e-mail are gone from the
 * database file and its write-ahead log, including older versions of the row.
 */
#include "registry.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"

#define HEADER \
	"id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active\n"

static char dir[64];
static svk_store *st;

/* The rows an import refused, as it reported them. */
#define MAX_REJECTS 32
static struct {
	size_t line;
	char id[80];
	char why[256];
} rejects[MAX_REJECTS];
static size_t n_rejects;

static void
setup(void)
{
	fx_tmpdir(dir, "registry");
	st = fx_store(dir, "samverk.db");
	n_rejects = 0;
}

static void
teardown(void)
{
	svk_store_close(st);
	fx_rmdir(dir);
}

static void
on_reject(void *arg, size_t line, const char *id, const char *why)
{
	(void)arg;
	ck_assert_uint_lt(n_rejects, MAX_REJECTS);
	rejects[n_rejects].line = line;
	snprintf(rejects[n_rejects].id, sizeof(rejects[0].id), "%s", id);
	snprintf(rejects[n_rejects].why, sizeof(rejects[0].why), "%s", why);
	n_rejects++;
}

/* import runs svk_registry_import on text; why gets the file's reason. */
static int
import(const char *text, size_t len, svk_import_stats *stats, char *why)
{
	char buf[512];
	n_rejects = 0;
	return svk_registry_import(st, text, len, false, on_reject, NULL, stats,
	    why ? why : buf, why ? 512 : sizeof(buf));
}

static int
import_str(const char *text, svk_import_stats *stats, char *why)
{
	return import(text, strlen(text), stats, why);
}

static int64_t
volunteers(void)
{
	return fx_count(st, "SELECT count(*) FROM volunteers");
}

/* The reason the row on line was refused, or NULL. */
static const char *
rejected_on(size_t line)
{
	for (size_t i = 0; i < n_rejects; i++)
		if (rejects[i].line == line)
			return rejects[i].why;
	return NULL;
}

struct one {
	char name[256], areas[256], email[256], joined[16];
	int birth_year;
	unsigned hours;
	bool active, found;
};

static int
one_cb(void *arg, const svk_volunteer *v)
{
	struct one *o = arg;
	o->found = true;
	snprintf(o->name, sizeof(o->name), "%s", v->name);
	snprintf(o->areas, sizeof(o->areas), "%s", v->areas);
	snprintf(o->email, sizeof(o->email), "%s", v->email);
	snprintf(o->joined, sizeof(o->joined), "%s", v->joined);
	o->birth_year = v->birth_year;
	o->hours = v->hours_per_month;
	o->active = v->active;
	return 0;
}

static struct one
get(const char *id)
{
	struct one o = {0};
	int err = svk_registry_get(st, id, one_cb, &o);
	ck_assert_msg(err == 0 || err == SVK_ENOTFOUND, "get %s: %d", id, err);
	return o;
}

/* Does the file hold the bytes of s? */
static bool
file_has(const char *path, const char *s)
{
	size_t len = 0, n = strlen(s);
	struct stat sb;
	char *buf;
	bool found = false;

	if (stat(path, &sb) != 0 || sb.st_size == 0)
		return false;
	buf = fx_read_file(path, &len);
	for (size_t i = 0; i + n <= len && !found; i++)
		found = memcmp(buf + i, s, n) == 0;
	free(buf);
	return found;
}

START_TEST(test_import_of_the_sample_file_adds_every_volunteer)
{
	char path[256], *text;
	size_t len;
	svk_import_stats s;

	snprintf(path, sizeof(path), "%s/volunteers.csv", FX_DATA);
	text = fx_read_file(path, &len);
	ck_assert_int_eq(import(text, len, &s, NULL), 0);
	ck_assert_uint_eq(s.rows, 60);
	ck_assert_uint_eq(s.created, 60);
	ck_assert_uint_eq(s.rejected, 0);
	ck_assert_uint_eq(n_rejects, 0);
	ck_assert_int_eq(volunteers(), 60);
	struct one o = get("v006");
	ck_assert(o.found);
	ck_assert_str_eq(o.name, "Aino Møller");
	ck_assert_str_eq(o.areas, "culture;youth");
	ck_assert_str_eq(o.email, "aino.6@example.org");
	ck_assert_int_eq(o.birth_year, 1999);
	ck_assert_uint_eq(o.hours, 8);
	ck_assert_str_eq(o.joined, "2026-05-20");
	ck_assert(o.active);
	ck_assert(!get("v003").active);

	/* The same file again changes nothing. */
	ck_assert_int_eq(import(text, len, &s, NULL), 0);
	ck_assert_uint_eq(s.unchanged, 60);
	ck_assert_uint_eq(s.created + s.updated, 0);
	free(text);
}
END_TEST

START_TEST(test_import_updates_by_id)
{
	svk_import_stats s;

	ck_assert_int_eq(import_str(HEADER
			     "a1,Anna Berg,1980,anna@example.org,+46 70 1234567,cooking,youth,4,2024-01-10,yes\n"
			     "a2,Bo Ek,,,,,housing,2,2024-02-01,yes\n",
			     &s, NULL),
	    0);
	ck_assert_uint_eq(s.created, 2);
	ck_assert_int_eq(import_str(HEADER
			     "a1,Anna Berg,1980,anna@example.org,+46 70 1234567,cooking,youth;culture,6,2024-01-10,no\n",
			     &s, NULL),
	    0);
	ck_assert_uint_eq(s.updated, 1);
	ck_assert_uint_eq(s.created, 0);
	struct one o = get("a1");
	ck_assert_str_eq(o.areas, "youth;culture");
	ck_assert_uint_eq(o.hours, 6);
	ck_assert(!o.active);
	ck_assert_int_eq(volunteers(), 2);
	/* Empty birth year, e-mail and phone are allowed. */
	o = get("a2");
	ck_assert_int_eq(o.birth_year, 0);
	ck_assert_str_eq(o.email, "");
}
END_TEST

START_TEST(test_import_reports_bad_dates_with_their_line_numbers)
{
	svk_import_stats s;

	ck_assert_int_eq(import_str(HEADER
			     "d1,Anna Berg,1980,,,,youth,4,2024-01-10,yes\n"
			     "d2,Bo Ek,1975,,,,youth,4,2024-02-30,yes\n"
			     "d3,Cai Lund,1975,,,,youth,4,2024-13-01,yes\n"
			     "d4,Dan Nyberg,1975,,,,youth,4,10/01/2024,yes\n"
			     "d5,Eva Falk,1975,,,,youth,4,,yes\n"
			     "d6,Fia Gran,1975,,,,youth,4,2023-02-29,yes\n"
			     "d7,Gun Holm,1975,,,,youth,4,2024-02-29,yes\n"
			     "d8,Hans Ivarsson,2090,,,,youth,4,2024-02-01,yes\n",
			     &s, NULL),
	    0);
	ck_assert_uint_eq(s.rows, 8);
	ck_assert_uint_eq(s.rejected, 6);
	ck_assert_uint_eq(s.created, 2);
	ck_assert_ptr_null(rejected_on(2));
	ck_assert_ptr_null(rejected_on(8)); /* 2024 is a leap year */
	for (size_t line = 3; line <= 7; line++) {
		const char *why = rejected_on(line);
		ck_assert_msg(why != NULL, "line %zu not rejected", line);
		ck_assert_msg(strstr(why, "joined") != NULL, "line %zu: %s", line, why);
	}
	ck_assert_ptr_nonnull(rejected_on(9));
	ck_assert_ptr_nonnull(strstr(rejected_on(9), "birth_year"));
	ck_assert_str_eq(rejects[0].id, "d2");
	ck_assert_int_eq(volunteers(), 2);
}
END_TEST

START_TEST(test_import_reports_unknown_areas_and_other_bad_fields)
{
	svk_import_stats s;

	ck_assert_int_eq(
	    import_str(HEADER
		"e1,Anna Berg,1980,,,,sport,4,2024-01-10,yes\n"
		"e2,Bo Ek,1975,,,,youth;Youth,4,2024-02-01,yes\n"
		"e3,Cai Lund,1975,not-an-address,,,youth,4,2024-02-01,yes\n"
		"e4,Dan Nyberg,1975,,call me,,youth,4,2024-02-01,yes\n"
		"e5,Eva Falk,1975,,,,youth,800,2024-02-01,yes\n"
		"e6,Fia Gran,1975,,,,youth,4,2024-02-01,maybe\n"
		"e7,,1975,,,,youth,4,2024-02-01,yes\n"
		"bad id,Gun Holm,1975,,,,youth,4,2024-02-01,yes\n"
		"e9,Hans Ivarsson,1975,,,,youth;youth,4,2024-02-01,yes\n"
		"e10,Ida Jonsson,1975,h@example.org,+46 8 123 45,cooking; music ,youth ; culture,4,2024-02-01,YES\n",
		&s, NULL),
	    0);
	ck_assert_uint_eq(s.rejected, 9);
	ck_assert_ptr_nonnull(strstr(rejected_on(2), "unknown area 'sport'"));
	ck_assert_ptr_nonnull(strstr(rejected_on(3), "areas"));
	ck_assert_ptr_nonnull(strstr(rejected_on(4), "email"));
	ck_assert_ptr_nonnull(strstr(rejected_on(5), "phone"));
	ck_assert_ptr_nonnull(strstr(rejected_on(6), "hours_per_month"));
	ck_assert_ptr_nonnull(strstr(rejected_on(7), "active"));
	ck_assert_ptr_nonnull(strstr(rejected_on(8), "name"));
	ck_assert_ptr_nonnull(strstr(rejected_on(9), "id"));
	ck_assert_ptr_nonnull(strstr(rejected_on(10), "twice"));
	/* Blanks around items go. */
	struct one o = get("e10");
	ck_assert(o.found);
	ck_assert_str_eq(o.areas, "youth;culture");
	ck_assert(o.active);
}
END_TEST

/* Found by tests/fuzz/csv.c: a reason quoted a quoted field as it was, line
 * breaks and terminal escapes included. */
START_TEST(test_import_reasons_stay_one_line_of_plain_text)
{
	svk_import_stats s;

	ck_assert_int_eq(
	    import_str(HEADER
		"\"e\n1\",Anna Berg,1980,,,,youth,4,2024-01-10,yes\n"
		"e2,Bo Ek,\"19\n75\",,,,youth,4,2024-02-01,yes\n"
		"e3,Cai Lund,1975,\"c\r@x.org\",,,youth,4,2024-02-01,yes\n"
		"e4,Dan Nyberg,1975,,\"+45 2162\n9072\",,youth,4,2024-02-01,yes\n"
		"e5,Eva Falk,1975,,,,\"you\x1b[2Jth\",4,2024-02-01,yes\n"
		"e6,Fia Gran,1975,,,,youth,4,\"2024\n02-01\",yes\n",
		&s, NULL),
	    0);
	ck_assert_uint_eq(s.rejected, 6);
	for (size_t i = 0; i < n_rejects; i++)
		for (const char *p = rejects[i].why; *p != '\0'; p++)
			ck_assert_msg((unsigned char)*p >= 0x20 && *p != 0x7f,
			    "line %zu: control character in \"%s\"",
			    rejects[i].line, rejects[i].why);
	ck_assert_ptr_nonnull(strstr(rejected_on(8), "'+45 2162?9072'"));
}
END_TEST

START_TEST(test_import_refuses_every_row_of_a_duplicate_id)
{
	svk_import_stats s;

	ck_assert_int_eq(import_str(HEADER
			     "f1,Anna Berg,1980,,,,youth,4,2024-01-10,yes\n"
			     "f2,Bo Ek,1975,,,,youth,4,2024-02-01,yes\n"
			     "f1,Anna Berg,1980,,,,culture,8,2024-01-10,yes\n"
			     "f3,Cai Lund,1975,,,,youth,4,2024-02-01,yes\n"
			     "f1,Anna Björk,1980,,,,culture,8,2024-01-10,yes\n",
			     &s, NULL),
	    0);
	ck_assert_uint_eq(s.rejected, 3);
	ck_assert_uint_eq(s.created, 2);
	ck_assert_ptr_nonnull(strstr(rejected_on(2), "also on line 4"));
	ck_assert_ptr_nonnull(strstr(rejected_on(4), "also on line 2"));
	ck_assert_ptr_nonnull(strstr(rejected_on(6), "also on line 2"));
	ck_assert(!get("f1").found);
	ck_assert(get("f2").found && get("f3").found);
}
END_TEST

START_TEST(test_import_reports_wrong_column_counts)
{
	svk_import_stats s;

	ck_assert_int_eq(import_str(HEADER
			     "g1,Anna Berg,1980,,,,youth,4,2024-01-10\n"
			     "g2,Bo Ek,1975,,,,youth,4,2024-02-01,yes,extra\n"
			     "g3,Cai Lund,1975,,,,youth,4,2024-02-01,yes\n"
			     "g4\n",
			     &s, NULL),
	    0);
	ck_assert_uint_eq(s.rejected, 3);
	ck_assert_ptr_nonnull(strstr(rejected_on(2), "9 fields"));
	ck_assert_ptr_nonnull(strstr(rejected_on(3), "11 fields"));
	ck_assert_ptr_nonnull(strstr(rejected_on(5), "1 fields"));
	ck_assert_int_eq(volunteers(), 1);
}
END_TEST

/* refused: the whole file is refused, with a reason holding want, and the
 * registry is as it was. */
static void
refused(const char *text, size_t len, const char *want)
{
	svk_import_stats s;
	char why[512] = "";
	int64_t before = volunteers();

	ck_assert_int_eq(import(text, len, &s, why), SVK_EINVAL);
	ck_assert_msg(strstr(why, want) != NULL, "reason '%s' lacks '%s'", why, want);
	ck_assert_int_eq(volunteers(), before);
	ck_assert_uint_eq(n_rejects, 0);
}

static void
refused_str(const char *text, const char *want)
{
	refused(text, strlen(text), want);
}

START_TEST(test_import_refuses_a_file_that_is_not_utf8_and_writes_nothing)
{
	static const char latin1[] = HEADER
	    "h1,Anna Berg,1980,,,,youth,4,2024-01-10,yes\n"
	    "h2,Aino M\xf8ller,1999,,,,youth,4,2024-01-10,yes\n";
	svk_import_stats s;

	ck_assert_int_eq(import_str(HEADER "h0,Old,1980,,,,youth,4,2024-01-10,yes\n",
			     &s, NULL),
	    0);
	refused(latin1, sizeof(latin1) - 1, "line 3");
	refused(latin1, sizeof(latin1) - 1, "UTF-8");
	ck_assert(!get("h1").found);
}
END_TEST

START_TEST(test_import_refuses_files_that_are_not_csv_and_writes_nothing)
{
	static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	svk_import_stats s;

	ck_assert_int_eq(import_str(HEADER "k0,Old,1980,,,,youth,4,2024-01-10,yes\n",
			     &s, NULL),
	    0);
	refused(binary, sizeof(binary) - 1, "binary");
	refused("", 0, "empty");
	refused("\n\n", 2, "empty");
	refused_str("{\"volunteers\": []}\n", "unknown column");
	refused_str("id\tname\tbirth_year\temail\tphone\tskills\tareas\t"
		    "hours_per_month\tjoined\tactive\nk1\tAnna\t1980\t\t\t\t"
		    "youth\t4\t2024-01-10\tyes\n",
	    "'tab'");
	refused_str("id,name,email\nk1,Anna,a@example.org\n", "no column 'birth_year'");
	refused_str("id,name,birth_year,email,phone,skills,areas,hours_per_month,"
		    "joined,active,id\n",
	    "twice");
	refused_str(HEADER "k1,\"Anna Berg,1980,,,,youth,4,2024-01-10,yes\n", "line 2");
	refused_str(HEADER "k1,\"Anna Berg,1980,,,,youth,4,2024-01-10,yes\n",
	    "never closed");
}
END_TEST

START_TEST(test_import_reads_semicolons_when_the_header_has_them)
{
	static const char text[] =
	    "\xef\xbb\xbf"
	    "id;name;birth_year;email;phone;skills;areas;hours_per_month;joined;active\r\n"
	    "s1;\"Berg; Anna, Dr\";1980;;;\"cooking;music\";\"youth;culture\";16,0;2024-01-10;yes\r\n"
	    "s2;Bo Ek;1975;;;;youth;7,5;2024-02-01;yes\r\n"
	    "s3;Cai Lund;1975;;;cooking;youth;culture;4;2024-02-01;yes\r\n"
	    "s4;Dan Ulf;1975;;;;youth;\"12,00\";2024-02-01;no\r\n";
	svk_import_stats s;

	ck_assert_int_eq(import_str(text, &s, NULL), 0);
	ck_assert_uint_eq(s.rows, 4);
	ck_assert_uint_eq(s.rejected, 2);
	struct one o = get("s1");
	ck_assert(o.found);
	ck_assert_str_eq(o.name, "Berg; Anna, Dr");
	ck_assert_str_eq(o.areas, "youth;culture");
	ck_assert_uint_eq(o.hours, 16);
	ck_assert_uint_eq(get("s4").hours, 12);
	ck_assert_ptr_nonnull(strstr(rejected_on(3), "whole number of hours"));
	ck_assert_ptr_nonnull(strstr(rejected_on(4), "11 fields"));
	ck_assert_ptr_nonnull(strstr(rejected_on(4), "double quotes"));
}
END_TEST

START_TEST(test_import_reads_an_excel_sep_line)
{
	svk_import_stats s;

	/* The header, separated by ',', is then one unknown column. */
	refused_str("sep=;\n" HEADER "e1,Anna,1980,,,,youth,4,2024-01-10,yes\n",
	    "line 2: unknown column");
	ck_assert_int_eq(import_str("sep=;\r\nid;name;birth_year;email;phone;skills;"
				    "areas;hours_per_month;joined;active\r\n"
				    "e1;Anna, Berg;1980;;;;youth;4;2024-01-10;yes\r\n"
				    "e2;Bo;1980;;;;youth;x;2024-01-10;yes\r\n",
			     &s, NULL),
	    0);
	ck_assert_uint_eq(s.rows, 2);
	ck_assert_str_eq(get("e1").name, "Anna, Berg");
	/* Lines are counted as in the file, the sep line among them. */
	ck_assert_ptr_nonnull(rejected_on(4));
	/* A comma outside quotes in the header keeps ',' the separator. */
	ck_assert_int_eq(import_str(HEADER "e3,\"Cai;Lund\",1980,,,,youth,4,"
					   "2024-01-10,yes\n",
			     &s, NULL),
	    0);
	ck_assert_str_eq(get("e3").name, "Cai;Lund");
}
END_TEST

START_TEST(test_import_reads_quotes_crlf_a_bom_and_columns_in_any_order)
{
	static const char text[] =
	    "\xef\xbb\xbf"
	    "name,id,active,joined,hours_per_month,areas,skills,phone,email,birth_year\r\n"
	    "\"Berg, Anna \"\"Annie\"\"\",q1,yes,2024-01-10,4,youth,\"cooking;music\",,,1980\r\n"
	    "\r\n"
	    "\"Ek\r\nBo\",q2,yes,2024-01-10,4,youth,,,,1980\r\n"
	    "Cai Lund,q3,yes,2024-01-10,4,youth,,,,1980\r\n"
	    "\"Dan\"x,q4,yes,2024-01-10,4,youth,,,,1980\r\n"
	    "Eva Falk,q5,no,2024-01-10,0,\"\",,,,\r";
	svk_import_stats s;

	ck_assert_int_eq(import_str(text, &s, NULL), 0);
	struct one o = get("q1");
	ck_assert(o.found);
	ck_assert_str_eq(o.name, "Berg, Anna \"Annie\"");
	/* A name over two lines is refused (a control character), and the
	 * rows after it keep their own line numbers. */
	ck_assert_ptr_nonnull(rejected_on(4));
	ck_assert_ptr_nonnull(strstr(rejected_on(4), "name"));
	ck_assert(get("q3").found);
	ck_assert_ptr_nonnull(rejected_on(7));
	ck_assert_ptr_nonnull(strstr(rejected_on(7), "quote"));
	ck_assert(get("q5").found);
	ck_assert_str_eq(get("q5").areas, "");
	ck_assert_uint_eq(s.rows, 5);
	ck_assert_uint_eq(s.rejected, 2);
}
END_TEST

START_TEST(test_dry_run_checks_and_writes_nothing)
{
	static const char text[] = HEADER
	    "r1,Anna Berg,1980,,,,youth,4,2024-01-10,yes\n"
	    "r2,Bo Ek,1975,,,,nowhere,4,2024-02-01,yes\n";
	svk_import_stats s;
	char why[256];

	ck_assert_int_eq(svk_registry_import(st, text, strlen(text), true,
			     on_reject, NULL, &s, why, sizeof(why)),
	    0);
	ck_assert_uint_eq(s.created, 1);
	ck_assert_uint_eq(s.rejected, 1);
	ck_assert_int_eq(volunteers(), 0);
}
END_TEST

/* fields: parse copies of the given texts, so they may be modified. */
static int
parse(const char *const text[SVK_VOLUNTEER_FIELDS], svk_volunteer *v,
    char *storage[SVK_VOLUNTEER_FIELDS], char *why)
{
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		storage[k] = strdup(text[k]);
	return svk_volunteer_parse(storage, v, why, 256);
}

static void
free_fields(char *storage[SVK_VOLUNTEER_FIELDS])
{
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		free(storage[k]);
}

START_TEST(test_add_checks_like_import_and_refuses_a_taken_id)
{
	const char *good[SVK_VOLUNTEER_FIELDS] = {"s1", " Sara Lind ", "1990",
	    "sara@example.org", "+46 70 123 45 67", "mentoring", "youth", "10",
	    "2025-03-01", "yes"};
	const char *bad[SVK_VOLUNTEER_FIELDS] = {"s2", "Sara Lind", "1990", "",
	    "", "", "youth", "10", "2025-02-29", "yes"};
	char *f[SVK_VOLUNTEER_FIELDS], why[256];
	svk_volunteer v;

	ck_assert_int_eq(parse(good, &v, f, why), 0);
	ck_assert_str_eq(v.name, "Sara Lind");
	ck_assert_int_eq(svk_registry_add(st, &v), 0);
	ck_assert_int_eq(svk_registry_add(st, &v), SVK_EEXISTS);
	free_fields(f);
	ck_assert_int_eq(parse(bad, &v, f, why), SVK_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "joined"));
	free_fields(f);
	ck_assert_int_eq(volunteers(), 1);
}
END_TEST

START_TEST(test_erase_removes_the_person_from_the_file_and_its_log)
{
	char path[256], wal[300], *text;
	size_t len;
	svk_import_stats s;

	fx_path(path, dir, "samverk.db");
	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(path, sizeof(path), "%s/volunteers.csv", FX_DATA);
	text = fx_read_file(path, &len);
	ck_assert_int_eq(import(text, len, &s, NULL), 0);
	free(text);
	/* An older version of the row, replaced since, must go too. */
	ck_assert_int_eq(
	    import_str(HEADER
		"v001,Marco Papadopoulou,1975,marco.1@example.org,+45 21629073,"
		"it_support;mentoring;youth_work,elderly_care,12,2019-09-07,yes\n",
		&s, NULL),
	    0);
	ck_assert_uint_eq(s.updated, 1);
	fx_path(path, dir, "samverk.db");
	ck_assert(file_has(wal, "Marco Papadopoulou") ||
		  file_has(path, "Marco Papadopoulou"));

	ck_assert_int_eq(svk_registry_erase(st, "v001"), 0);
	ck_assert(!get("v001").found);
	ck_assert_int_eq(volunteers(), 59);
	ck_assert_int_eq(svk_registry_erase(st, "v001"), SVK_ENOTFOUND);
	for (int round = 0; round < 2; round++) {
		ck_assert_msg(!file_has(path, "Marco Papadopoulou"),
		    "name in the file");
		ck_assert_msg(!file_has(wal, "Marco Papadopoulou"), "name in the WAL");
		ck_assert(!file_has(path, "marco.1@example.org"));
		ck_assert(!file_has(wal, "marco.1@example.org"));
		ck_assert(!file_has(path, "+45 21629072") &&
			  !file_has(path, "+45 21629073"));
		ck_assert(!file_has(wal, "+45 21629072") &&
			  !file_has(wal, "+45 21629073"));
		/* The others are still there, once the log is in the file. */
		svk_store_close(st);
		st = fx_store(dir, "samverk.db");
	}
	ck_assert(file_has(path, "Sofie Hansen"));
	ck_assert_int_eq(volunteers(), 59);
}
END_TEST

START_TEST(test_erase_refuses_to_run_inside_a_transaction)
{
	ck_assert_int_eq(svk_store_begin(st), 0);
	ck_assert_int_eq(svk_registry_erase(st, "x"), SVK_EINVAL);
	svk_store_rollback(st);
}
END_TEST

Suite *
registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("registry");

	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_import_of_the_sample_file_adds_every_volunteer);
	tcase_add_test(tc, test_import_updates_by_id);
	tcase_add_test(tc, test_import_reports_bad_dates_with_their_line_numbers);
	tcase_add_test(tc, test_import_reports_unknown_areas_and_other_bad_fields);
	tcase_add_test(tc, test_import_reasons_stay_one_line_of_plain_text);
	tcase_add_test(tc, test_import_refuses_every_row_of_a_duplicate_id);
	tcase_add_test(tc, test_import_reports_wrong_column_counts);
	tcase_add_test(tc,
	    test_import_refuses_a_file_that_is_not_utf8_and_writes_nothing);
	tcase_add_test(tc,
	    test_import_refuses_files_that_are_not_csv_and_writes_nothing);
	tcase_add_test(tc,
	    test_import_reads_quotes_crlf_a_bom_and_columns_in_any_order);
	tcase_add_test(tc, test_dry_run_checks_and_writes_nothing);
	tcase_add_test(tc, test_add_checks_like_import_and_refuses_a_taken_id);
	tcase_add_test(tc, test_erase_removes_the_person_from_the_file_and_its_log);
	tcase_add_test(tc, test_erase_refuses_to_run_inside_a_transaction);
	tcase_add_test(tc, test_import_reads_semicolons_when_the_header_has_them);
	tcase_add_test(tc, test_import_reads_an_excel_sep_line);
	suite_add_tcase(s, tc);
	return s;
}
