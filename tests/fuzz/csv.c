/*
 * csv.c: libFuzzer target for the volunteer CSV import (store/registry.c):
 * the input is a file an operator hands to `samverk volunteer import`,
 * imported with svk_registry_import into a store in a tmpfs folder, first as
 * a dry run, then for real, then again. The table is emptied after each run.
 *
 * Invariants (abort when broken):
 * - a refused file gets a one-line, non-empty reason and writes nothing;
 * - the dry run says what the import then does, and writes nothing;
 * - every row is counted once: created + rejected == rows into an empty
 *   table, and each rejected row is reported once, in file order, with a
 *   line number and a one-line reason;
 * - what is stored passes svk_volunteer_parse again unchanged;
 * - importing the same file again changes nothing.
 */
#include <string.h>

#include "fuzz.h"
#include "registry.h"
#include "store-int.h"

static char dir[64];
static svk_store *st;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[128];

	(void)argc;
	(void)argv;
	FZ_OK(svk_crypto_init());
	fz_tmpdir(dir, "csv");
	FZ_CHECK(snprintf(path, sizeof(path), "%s/csv.db", dir) < (int)sizeof(path));
	FZ_OK(svk_store_open(&st, path, SVK_STORE_CREATE));
	return 0;
}

static void
check_why(const char *why)
{
	FZ_CHECK(why[0] != '\0');
	FZ_CHECK(strchr(why, '\n') == NULL && strchr(why, '\r') == NULL);
}

static int64_t
count(void)
{
	sqlite3_stmt *stmt;
	int64_t n;

	FZ_CHECK(sqlite3_prepare_v2(svk__store_db(st),
		     "SELECT count(*) FROM volunteers", -1, &stmt, NULL) == SQLITE_OK);
	FZ_CHECK(sqlite3_step(stmt) == SQLITE_ROW);
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* The rejections an import reported. */
struct rejects {
	size_t n;
	size_t last_line;
};

static void
on_reject(void *arg, size_t line, const char *id, const char *why)
{
	struct rejects *r = arg;

	FZ_CHECK(id != NULL);
	FZ_CHECK(line >= 1 && line > r->last_line);
	check_why(why);
	r->last_line = line;
	r->n++;
}

static bool
same_stats(const svk_import_stats *a, const svk_import_stats *b)
{
	return a->rows == b->rows && a->created == b->created &&
	       a->updated == b->updated && a->unchanged == b->unchanged &&
	       a->rejected == b->rejected;
}

/* A stored volunteer, written back as the ten fields of a row, parses to
 * the same volunteer. */
static int
reparse(void *arg, const svk_volunteer *v)
{
	char buf[SVK_VOLUNTEER_FIELDS][5000], why[256];
	char *f[SVK_VOLUNTEER_FIELDS];
	const char *text[] = {v->id, v->name, "", v->email, v->phone, v->skills,
	    v->areas, "", v->joined, v->active ? "yes" : "no"};
	svk_volunteer again;

	(void)arg;
	for (int i = 0; i < SVK_VOLUNTEER_FIELDS; i++) {
		FZ_CHECK(strlen(text[i]) < sizeof(buf[i]));
		strcpy(buf[i], text[i]);
		f[i] = buf[i];
	}
	if (v->birth_year != 0)
		(void)snprintf(buf[2], sizeof(buf[2]), "%d", v->birth_year);
	(void)snprintf(buf[7], sizeof(buf[7]), "%u", v->hours_per_month);
	if (svk_volunteer_parse(f, &again, why, sizeof(why)) != 0) {
		fprintf(stderr, "csv: stored volunteer %s does not parse: %s\n",
		    v->id, why);
		abort();
	}
	FZ_CHECK(strcmp(again.id, v->id) == 0 && strcmp(again.name, v->name) == 0);
	FZ_CHECK(again.birth_year == v->birth_year);
	FZ_CHECK(strcmp(again.email, v->email) == 0);
	FZ_CHECK(strcmp(again.phone, v->phone) == 0);
	FZ_CHECK(strcmp(again.skills, v->skills) == 0);
	FZ_CHECK(strcmp(again.areas, v->areas) == 0);
	FZ_CHECK(again.hours_per_month == v->hours_per_month);
	FZ_CHECK(strcmp(again.joined, v->joined) == 0);
	FZ_CHECK(again.active == v->active);
	return 0;
}

static void
import(const char *text, size_t len)
{
	svk_import_stats dry, real, again;
	struct rejects r = {0}, r2 = {0};
	char why[512] = "";
	int err;

	err = svk_registry_import(st, text, len, true, NULL, NULL, &dry, why,
	    sizeof(why));
	FZ_CHECK(err == 0 || err == SVK_EINVAL);
	FZ_CHECK(count() == 0);
	if (err != 0) {
		check_why(why);
		return;
	}
	FZ_OK(svk_registry_import(st, text, len, false, on_reject, &r, &real, why,
	    sizeof(why)));
	FZ_CHECK(same_stats(&dry, &real));
	FZ_CHECK(r.n == real.rejected);
	FZ_CHECK(real.updated == 0 && real.unchanged == 0);
	FZ_CHECK(real.created + real.rejected == real.rows);
	FZ_CHECK(count() == (int64_t)real.created);
	FZ_OK(svk_registry_each(st, reparse, NULL));
	FZ_OK(svk_registry_import(st, text, len, false, on_reject, &r2, &again,
	    why, sizeof(why)));
	FZ_CHECK(again.rows == real.rows && again.rejected == real.rejected);
	FZ_CHECK(again.created == 0 && again.updated == 0);
	FZ_CHECK(again.unchanged == real.created);
	FZ_CHECK(count() == (int64_t)real.created);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly size bytes, no NUL after them: reading past the end is
	 * caught. */
	char *text = malloc(size ? size : 1);

	FZ_CHECK(text != NULL);
	memcpy(text, data, size);
	import(text, size);
	free(text);
	FZ_CHECK(sqlite3_exec(svk__store_db(st), "DELETE FROM volunteers", NULL,
		     NULL, NULL) == SQLITE_OK);
	return 0;
}
