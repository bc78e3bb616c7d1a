/*
 * web_volunteer_io.h: the volunteer pages that move a registry's data in
 * and out, or remove it (web_volunteer.h lists the paths): a CSV upload
 * with the same row-by-row report as `volunteer import`, one person's
 * data as `volunteer export` gives it (JSON) or as a CSV row to import
 * again, and erasure for good after a confirmation (`volunteer erase`).
 * The caller (web_volunteer.c) has checked that an admin asks.
 */
#ifndef SVK_WEB_VOLUNTEER_IO_H
#define SVK_WEB_VOLUNTEER_IO_H

#include <stdbool.h>

#include "web_html.h"

/* svk_web_volunteer_io_import answers GET (the form to send a CSV file:
 * field "file", a check box "dry_run") and POST (the import and its
 * report; 400 with the reason when the file is refused as a whole, and
 * then nothing is written). */
void svk_web_volunteer_io_import(svk_web_page *p);

/* svk_web_volunteer_io_export makes p the download of everything held on
 * the volunteer id: the JSON of `volunteer export`, or (csv) the CSV file
 * that `volunteer import` reads back. 404 when there is no such volunteer. */
void svk_web_volunteer_io_export(svk_web_page *p, const char *id, bool csv);

/* svk_web_volunteer_io_erase answers GET (what erasing id means, and the
 * form to confirm it: a check box "confirm" that must be ticked) and POST
 * (the erasure, svk_registry_erase; without the box ticked, the form
 * again with its message, and nothing erased). */
void svk_web_volunteer_io_erase(svk_web_page *p, const char *id);

/* svk_web_volunteer_io_csv_report imports CSV text (len bytes) from the
 * form path as a POST to /volunteers/import does, and writes the page
 * that reports it: for a fuzz target or a test that drives the app's CSV
 * parsing without a server. dry_run writes nothing. */
void svk_web_volunteer_io_csv_report(svk_web_page *p, const char *text,
    unsigned long len, bool dry_run);

#endif
