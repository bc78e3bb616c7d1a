/*
 * registry.h: the volunteer registry, personal data that never leaves the node.
 *
 * Each municipality keeps its volunteers here: name, birth year, contact,
 * skills, areas, hours per month, when they joined and whether they are
 * active. The table is read by nothing that is published or sent: only the
 * indicators module (indicators.h) reads it, to count. This module is the
 * only writer: CSV import (upsert by id, a line-numbered report of the rows it
 * refuses), adding one volunteer, and erasure (GDPR art. 17), which removes
 * the row from the database file and its write-ahead log, not only from view.
 *
 * The CSV columns are those of shared/data/volunteers.csv:
 *
 *   id,name,birth_year,email,phone,skills,areas,hours_per_month,joined,active
 *
 * skills and areas are lists separated by ';'; areas come from svk_vocab_areas;
 * birth_year, email, phone and skills may be empty; joined is YYYY-MM-DD;
 * active is yes or no.
 */
#ifndef SVK_REGISTRY_H
#define SVK_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "volunteer.h"

#define SVK_REGISTRY_MAX_FILE (16 << 20) /* bytes of a CSV file */
#define SVK_REGISTRY_MAX_ROWS 100000	 /* rows of a CSV file */

/* What an import did. */
typedef struct svk_import_stats {
	size_t rows;	  /* data rows in the file */
	size_t created;	  /* new volunteers */
	size_t updated;	  /* existing volunteers that changed */
	size_t unchanged; /* existing volunteers the same as before */
	size_t rejected;  /* rows refused (each reported) */
} svk_import_stats;

/* A refused row: its first line in the file, its id as written (may be ""),
 * and why, in one line. */
typedef void (*svk_reject_fn)(void *arg, size_t line, const char *id, const char *why);

/* svk_registry_import reads CSV text (RFC 4180: quoted fields, "" inside
 * quotes, CRLF or LF, an optional UTF-8 byte order mark) whose first line
 * names the columns, in any order. Rows that fail a check, that have the
 * wrong number of fields, or whose id occurs on more than one row are
 * refused and reported through reject; the others are upserted by id, all
 * in one transaction (none when dry_run). A file that is not CSV text of
 * this shape (not UTF-8, binary, no such header, a quote never closed) is
 * refused as a whole: SVK_EINVAL with the reason in why, and nothing is
 * written. */
int svk_registry_import(svk_store *st, const char *text, size_t len, bool dry_run,
    svk_reject_fn reject, void *arg, svk_import_stats *stats, char *why,
    size_t whylen) SVK_WUR;

/* svk_registry_add stores one volunteer checked by svk_volunteer_parse.
 * SVK_EEXISTS when the id is taken. */
int svk_registry_add(svk_store *st, const svk_volunteer *v) SVK_WUR;

/* svk_registry_update replaces the volunteer of v's id with v (checked by
 * svk_volunteer_parse), keeping when it was created; *changed tells
 * whether anything differed (the row is touched only then; changed may be
 * NULL). SVK_ENOTFOUND when there is no volunteer of that id: nothing is
 * written. */
int svk_registry_update(svk_store *st, const svk_volunteer *v, bool *changed) SVK_WUR;

typedef int (*svk_volunteer_fn)(void *arg, const svk_volunteer *v);

/* svk_registry_each calls fn for every volunteer, ordered by id; fn returns
 * non-zero to stop (returned as is). */
int svk_registry_each(svk_store *st, svk_volunteer_fn fn, void *arg) SVK_WUR;

/* svk_registry_get calls fn once with the volunteer id. SVK_ENOTFOUND when
 * there is none. */
int svk_registry_get(svk_store *st, const char *id, svk_volunteer_fn fn,
    void *arg) SVK_WUR;

/* svk_registry_erase deletes the volunteer id for good: the delete runs with
 * secure_delete on, so the row's bytes are overwritten with zeros; when the
 * file has free pages (which may hold older copies) it is vacuumed; then the
 * write-ahead log is checkpointed and truncated, so no copy stays there
 * either. Must not run inside a transaction. SVK_ENOTFOUND when there is no
 * such volunteer; -EBUSY when the row is deleted but another connection
 * (a running daemon reading) kept the log from being truncated within the
 * busy timeout: run it again (svk_registry_scrub) to finish. */
int svk_registry_erase(svk_store *st, const char *id) SVK_WUR;

/* svk_registry_scrub does erasure's second half alone: vacuum when there are
 * free pages, then checkpoint and truncate the write-ahead log. -EBUSY as
 * above. */
int svk_registry_scrub(svk_store *st) SVK_WUR;

#endif
