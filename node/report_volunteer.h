/*
 * report_volunteer.h: the volunteer registry (store/registry.h) as JSON
 * and CSV, for `samverk volunteer ...` and the web app's volunteer pages
 * alike: one person's record, everything held on them (GDPR art. 15), and
 * an import's row-by-row report. Personal data: nothing here is sent or
 * published; only this node's own CLI and its admin's pages show it.
 */
#ifndef SVK_REPORT_VOLUNTEER_H
#define SVK_REPORT_VOLUNTEER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "home.h"
#include "registry.h"

/* svk_report_volunteer_json gives everything held on v as a new object:
 * id, name, birth_year (null when not known), email, phone, skills and
 * areas (arrays), hours_per_month, joined, active, created, updated. NULL
 * when out of memory. */
json_t *svk_report_volunteer_json(const svk_volunteer *v);

/* svk_report_volunteer_get sets *out to svk_report_volunteer_json of the
 * volunteer id. SVK_ENOTFOUND when there is none, -ENOMEM. */
int svk_report_volunteer_get(svk_home *home, const char *id, json_t **out) SVK_WUR;

/* svk_report_volunteer_export sets *out to what `volunteer export ID`
 * prints: {controller, country, exported, volunteer, shared}, the record
 * for the person who asks. Errors as svk_report_volunteer_get. */
int svk_report_volunteer_export(svk_home *home, const char *id, json_t **out) SVK_WUR;

/* svk_report_volunteer_csv writes the volunteer id as a CSV file that
 * `volunteer import` reads back: the header line and one row, fields
 * quoted where they must be. SVK_ENOTFOUND, or -EIO when f failed. */
int svk_report_volunteer_csv(svk_home *home, const char *id, FILE *f) SVK_WUR;

/* svk_report_volunteer_import imports CSV text as svk_registry_import does
 * (dry_run: checks only) and sets *out to its report, as `volunteer import
 * --json` prints it: {file, dry_run, rows, imported, created, updated,
 * unchanged, rejected: [{line, id, reason}]} (file names where the text
 * came from). A text refused as a whole is SVK_EINVAL with the reason in
 * why, and nothing is written; -ENOMEM and the store's errors likewise
 * leave *out NULL. */
int svk_report_volunteer_import(svk_store *st, const char *file, const char *text,
    size_t len, bool dry_run, json_t **out, char *why, size_t whylen) SVK_WUR;

#endif
