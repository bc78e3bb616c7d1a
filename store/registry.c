/*
 * registry.c: the volunteer registry: CSV import, add, update, list, erase. The
 * checks of one volunteer are volunteer.c's, the CSV reader csv.c's. See
 * registry.h.
 *
 * The whole file is read and every row checked before anything is written, so that a refused file leaves the
 * store as it was and duplicate ids are caught wherever they are.
 */
#include "registry.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "fold.h"
#include "log.h"
#include "text.h"
#include "vocab.h"

/* --- import ------------------------------------------------------------- */

/* Is the text CSV at all: no NUL byte, valid UTF-8? */
static int
check_text(const char *text, size_t len, char *why, size_t whylen)
{
	const char *nul = memchr(text, '\0', len);
	size_t line = 1;

	if (nul != NULL) {
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		return svk_text_why(why, whylen,
		    "not a CSV file: it holds binary data "
		    "(a NUL byte on line %zu)",
		    line);
	}
	if (svk_fold_utf8_valid(text, len))
		return 0;
	for (const char *p = text, *end = text + len; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (!svk_fold_utf8_valid(p, n))
			break;
		p += n + 1;
	}
	return svk_text_why(why, whylen,
	    "not UTF-8 text: line %zu holds bytes that are "
	    "not UTF-8 (save the file as UTF-8)",
	    line);
}

/* Maps the header's columns to the fields: col[k] is the column of field k. */
static int
header(struct svk_csv_record *h, int col[SVK_VOLUNTEER_FIELDS], char *why, size_t whylen)
{
	char ex[32], names[160] = "";

	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++) {
		col[k] = -1;
		strcat(names, k ? "," : "");
		strcat(names, svk_volunteer_fields[k]);
	}
	if (h->error != NULL)
		return svk_text_why(why, whylen, "line %zu: %s", h->line, h->error);
	if (h->n == 1 && (strchr(h->f[0], ';') || strchr(h->f[0], '\t')))
		return svk_text_why(why, whylen,
		    "line %zu: the columns are separated by "
		    "'%s', not ',' (save the file as CSV with commas)",
		    h->line, strchr(h->f[0], ';') ? ";" : "tab");
	if (h->n > SVK_CSV_MAX_COLUMNS)
		return svk_text_why(why, whylen,
		    "line %zu: %zu columns; the header should "
		    "be %s",
		    h->line, h->n, names);
	for (size_t i = 0; i < h->n; i++) {
		int k;
		svk_text_trim(h->f[i]);
		for (k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
			if (strcasecmp(h->f[i], svk_volunteer_fields[k]) == 0)
				break;
		if (k == SVK_VOLUNTEER_FIELDS)
			return svk_text_why(why, whylen,
			    "line %zu: unknown column '%s'; the "
			    "header should be %s",
			    h->line, svk_text_excerpt(h->f[i], ex), names);
		if (col[k] >= 0)
			return svk_text_why(why, whylen, "line %zu: column '%s' twice",
			    h->line, svk_volunteer_fields[k]);
		col[k] = (int)i;
	}
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		if (col[k] < 0)
			return svk_text_why(why, whylen,
			    "line %zu: no column '%s'; the "
			    "header should be %s",
			    h->line, svk_volunteer_fields[k], names);
	return 0;
}

struct row {
	size_t line;
	struct svk_csv_record rec;
	char *f[SVK_VOLUNTEER_FIELDS]; /* point into rec */
	svk_volunteer v;
	char *why; /* owned; NULL when the row is good */
};

static int
reject_row(struct row *r, const char *why)
{
	if (r->why != NULL)
		return 0;
	return (r->why = strdup(why)) ? 0 : -ENOMEM;
}

static int
by_id(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a;
	const struct row *y = *(const struct row *const *)b;
	int c = strcmp(x->f[SVK_VOLUNTEER_F_ID], y->f[SVK_VOLUNTEER_F_ID]);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Refuses every row whose id is on another row too: which of them is right
 * is not for us to guess. */
static int
reject_duplicates(struct row *rows, size_t n)
{
	struct row **sorted;
	char why[200], ex[32];
	int err = 0;

	if (n < 2)
		return 0;
	if ((sorted = malloc(n * sizeof(*sorted))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		sorted[i] = &rows[i];
	qsort(sorted, n, sizeof(*sorted), by_id);
	for (size_t i = 0; i < n && err == 0;) {
		size_t j = i + 1;
		while (j < n && strcmp(sorted[j]->f[SVK_VOLUNTEER_F_ID],
				    sorted[i]->f[SVK_VOLUNTEER_F_ID]) == 0)
			j++;
		if (j - i > 1 && sorted[i]->f[SVK_VOLUNTEER_F_ID][0] != '\0') {
			for (size_t k = i; k < j && err == 0; k++) {
				struct row *other = sorted[k == i ? i + 1 : i];
				snprintf(why, sizeof(why),
				    "id '%s' is also on line %zu%s: "
				    "none of its rows is imported",
				    svk_text_excerpt(sorted[k]->f[SVK_VOLUNTEER_F_ID],
					ex),
				    other->line, j - i > 2 ? " and others" : "");
				err = reject_row(sorted[k], why);
			}
		}
		i = j;
	}
	free(sorted);
	return err;
}

/* Checks one data row into r (r->why set when refused); sep is the file's
 * separator. */
static int
check_row(struct row *r, size_t ncols, const int col[SVK_VOLUNTEER_FIELDS], char sep)
{
	char why[256];
	static char empty[1];

	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++) {
		r->f[k] = (size_t)col[k] < r->rec.n ? r->rec.f[col[k]] : empty;
		if (r->f[k] != empty)
			svk_text_trim(r->f[k]);
	}
	if (r->rec.error != NULL)
		return reject_row(r, r->rec.error);
	if (r->rec.n != ncols) {
		snprintf(why, sizeof(why),
		    "%zu fields where the header has %zu%s", r->rec.n, ncols,
		    sep == ';' && r->rec.n > ncols ?
			" (where ';' separates the fields, a list of skills or "
			"areas must be in double quotes)" :
			"");
		return reject_row(r, why);
	}
	if (svk_volunteer_parse(r->f, &r->v, why, sizeof(why)) != 0)
		return reject_row(r, why);
	return 0;
}

static int upsert(svk_store *st, const svk_volunteer *v, bool replace, int *outcome);

/* outcome of upsert */
enum { CREATED, UPDATED, UNCHANGED };

int
svk_registry_import(svk_store *st, const char *text, size_t len, bool dry_run,
    svk_reject_fn reject, void *arg, svk_import_stats *stats, char *why, size_t whylen)
{
	struct svk_csv c;
	struct svk_csv_record head = {0};
	struct row *rows = NULL;
	size_t n = 0, cap = 0;
	int col[SVK_VOLUNTEER_FIELDS], err, rc;

	memset(stats, 0, sizeof(*stats));
	if (len == 0)
		return svk_text_why(why, whylen, "the file is empty");
	if (len > SVK_REGISTRY_MAX_FILE)
		return svk_text_why(why, whylen,
		    "the file is larger than %d bytes", SVK_REGISTRY_MAX_FILE);
	if ((err = check_text(text, len, why, whylen)) != 0)
		return err;
	svk_csv_init(&c, text, len);
	if ((rc = svk_csv_next(&c, &head, why, whylen)) <= 0) {
		if (rc == 0)
			return svk_text_why(why, whylen, "the file is empty");
		return rc;
	}
	if ((err = header(&head, col, why, whylen)) != 0)
		goto out;
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct row *nr = realloc(rows, ncap * sizeof(*rows));
			if (nr == NULL) {
				err = -ENOMEM;
				goto out;
			}
			rows = nr;
			cap = ncap;
		}
		memset(&rows[n], 0, sizeof(rows[n]));
		if ((rc = svk_csv_next(&c, &rows[n].rec, why, whylen)) < 0) {
			err = rc;
			goto out;
		}
		if (rc == 0)
			break;
		rows[n].line = rows[n].rec.line;
		n++;
		if (n > SVK_REGISTRY_MAX_ROWS) {
			err = svk_text_why(why, whylen, "more than %d rows",
			    SVK_REGISTRY_MAX_ROWS);
			goto out;
		}
		if ((err = check_row(&rows[n - 1], head.n, col, c.sep)) != 0)
			goto out;
	}
	if ((err = reject_duplicates(rows, n)) != 0)
		goto out;
	stats->rows = n;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].why == NULL)
			continue;
		stats->rejected++;
		if (reject != NULL)
			reject(arg, rows[i].line, rows[i].f[SVK_VOLUNTEER_F_ID],
			    rows[i].why);
	}
	if (stats->rejected == n)
		goto out; /* nothing to write */
	if ((err = svk_store_begin(st)) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		int outcome;
		if (rows[i].why != NULL)
			continue;
		if ((err = upsert(st, &rows[i].v, true, &outcome)) != 0) {
			svk_store_rollback(st);
			goto out;
		}
		stats->created += outcome == CREATED;
		stats->updated += outcome == UPDATED;
		stats->unchanged += outcome == UNCHANGED;
	}
	if (dry_run)
		svk_store_rollback(st);
	else
		err = svk_store_commit(st);
out:
	svk_csv_record_fini(&head);
	for (size_t i = 0; i < n; i++) {
		svk_csv_record_fini(&rows[i].rec);
		free(rows[i].why);
	}
	free(rows);
	if (err != 0 && err != SVK_EINVAL)
		memset(stats, 0, sizeof(*stats));
	return err;
}

/* --- the table ---------------------------------------------------------- */

static int
exists(svk_store *st, const char *id, bool *yes)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st, "SELECT 1 FROM volunteers WHERE id = ?",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	*yes = rc == SQLITE_ROW;
	svk__store_release(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : svk__store_err(rc);
}

/* Writes v; with replace, over a volunteer of the same id (the row is only
 * touched when something changed). */
static int
upsert(svk_store *st, const svk_volunteer *v, bool replace, int *outcome)
{
	sqlite3_stmt *stmt;
	int64_t now = svk_clock_now_ms();
	bool had;
	int err;

	if ((err = exists(st, v->id, &had)) != 0)
		return err;
	if (had && !replace)
		return SVK_EEXISTS;
	if ((err = svk__store_stmt(st,
		 "INSERT INTO volunteers (id, name, birth_year, email, phone, "
		 "skills, areas, hours_per_month, joined, active, created_ms, "
		 "updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		 "?11, ?11) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
		 "birth_year = excluded.birth_year, email = excluded.email, "
		 "phone = excluded.phone, skills = excluded.skills, "
		 "areas = excluded.areas, hours_per_month = "
		 "excluded.hours_per_month, joined = excluded.joined, "
		 "active = excluded.active, updated_ms = excluded.updated_ms "
		 "WHERE name IS NOT excluded.name OR birth_year IS NOT "
		 "excluded.birth_year OR email IS NOT excluded.email OR phone IS "
		 "NOT excluded.phone OR skills IS NOT excluded.skills OR areas IS "
		 "NOT excluded.areas OR hours_per_month IS NOT "
		 "excluded.hours_per_month OR joined IS NOT excluded.joined OR "
		 "active IS NOT excluded.active",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_text(stmt, 1, v->id, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 2, v->name, -1, SQLITE_STATIC);
	if (v->birth_year > 0)
		(void)sqlite3_bind_int(stmt, 3, v->birth_year);
	(void)sqlite3_bind_text(stmt, 4, v->email, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 5, v->phone, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 6, v->skills, -1, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 7, v->areas, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int(stmt, 8, (int)v->hours_per_month);
	(void)sqlite3_bind_text(stmt, 9, v->joined, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int(stmt, 10, v->active);
	(void)sqlite3_bind_int64(stmt, 11, now);
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	*outcome = !had					  ? CREATED :
		   sqlite3_changes(svk__store_db(st)) > 0 ? UPDATED :
							    UNCHANGED;
	return 0;
}

int
svk_registry_add(svk_store *st, const svk_volunteer *v)
{
	int outcome;
	return upsert(st, v, false, &outcome);
}

int
svk_registry_update(svk_store *st, const svk_volunteer *v, bool *changed)
{
	bool had;
	int outcome, err;

	if (changed)
		*changed = false;
	if ((err = svk_store_begin(st)) != 0)
		return err;
	if ((err = exists(st, v->id, &had)) == 0 && !had)
		err = SVK_ENOTFOUND;
	if (err == 0)
		err = upsert(st, v, true, &outcome);
	if (err != 0) {
		svk_store_rollback(st);
		return err;
	}
	if ((err = svk_store_commit(st)) == 0 && changed)
		*changed = outcome == UPDATED;
	return err;
}

static const char *
col_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);
	return s ? (const char *)s : "";
}

static int
emit(sqlite3_stmt *stmt, svk_volunteer_fn fn, void *arg, bool once)
{
	int rc, err = 0;
	bool seen = false;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		svk_volunteer v = {
		    .id = col_text(stmt, 0),
		    .name = col_text(stmt, 1),
		    .birth_year = sqlite3_column_int(stmt, 2),
		    .email = col_text(stmt, 3),
		    .phone = col_text(stmt, 4),
		    .skills = col_text(stmt, 5),
		    .areas = col_text(stmt, 6),
		    .hours_per_month = (unsigned)sqlite3_column_int(stmt, 7),
		    .joined = col_text(stmt, 8),
		    .active = sqlite3_column_int(stmt, 9) != 0,
		    .created_ms = sqlite3_column_int64(stmt, 10),
		    .updated_ms = sqlite3_column_int64(stmt, 11),
		};
		seen = true;
		if ((err = fn(arg, &v)) != 0 || once)
			break;
	}
	if (err == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	if (err == 0 && once && !seen)
		err = SVK_ENOTFOUND;
	return err;
}

#define SELECT_VOLUNTEER                                             \
	"SELECT id, name, birth_year, email, phone, skills, areas, " \
	"hours_per_month, joined, active, created_ms, updated_ms FROM volunteers "

int
svk_registry_each(svk_store *st, svk_volunteer_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int rc, err;

	/* fn may use the store: a statement of our own, not a cached one. */
	rc = sqlite3_prepare_v2(svk__store_db(st), SELECT_VOLUNTEER "ORDER BY id",
	    -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	err = emit(stmt, fn, arg, false);
	sqlite3_finalize(stmt);
	return err;
}

int
svk_registry_get(svk_store *st, const char *id, svk_volunteer_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int rc, err;

	rc = sqlite3_prepare_v2(svk__store_db(st),
	    SELECT_VOLUNTEER "WHERE id = ?", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	(void)sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	err = emit(stmt, fn, arg, true);
	sqlite3_finalize(stmt);
	return err;
}

/* Runs a PRAGMA that returns one row, and gives its first n columns. */
static int
pragma(svk_store *st, const char *sql, int64_t *out, int n)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(svk__store_db(st), sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	rc = sqlite3_step(stmt);
	for (int i = 0; rc == SQLITE_ROW && i < n; i++)
		out[i] = sqlite3_column_int64(stmt, i);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : svk__store_err(rc);
}

int
svk_registry_scrub(svk_store *st)
{
	int64_t free_pages = 0, ckpt[3] = {0};
	int err;

	/* Free pages may still hold rows deleted before secure_delete was on
	 * (FAST leaves them): vacuum rewrites the file without them. */
	if ((err = pragma(st, "PRAGMA freelist_count", &free_pages, 1)) != 0)
		return err;
	if (free_pages > 0 && (err = svk__store_exec(st, "VACUUM")) != 0)
		return err;
	/* Copy the log into the file and cut the log to nothing, so that the
	 * frames that held the row before are gone too. */
	if ((err = pragma(st, "PRAGMA wal_checkpoint(TRUNCATE)", ckpt, 3)) != 0)
		return err;
	return ckpt[0] != 0 ? -EBUSY : 0;
}

int
svk_registry_erase(svk_store *st, const char *id)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if (!sqlite3_get_autocommit(svk__store_db(st)))
		return SVK_EINVAL;
	if ((err = svk__store_exec(st, "PRAGMA secure_delete = ON")) != 0)
		return err;
	rc = sqlite3_prepare_v2(svk__store_db(st),
	    "DELETE FROM volunteers WHERE id = ?", -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		err = svk__store_err(rc);
		goto out;
	}
	(void)sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		err = svk__store_err(rc);
		goto out;
	}
	if (sqlite3_changes(svk__store_db(st)) == 0) {
		err = SVK_ENOTFOUND;
		goto out;
	}
	err = svk_registry_scrub(st);
out:
	/* Back to what every other write uses (store.c). */
	if (svk__store_exec(st, "PRAGMA secure_delete = FAST") != 0 && err == 0)
		err = SVK_EDB;
	return err;
}
