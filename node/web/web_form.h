/*
 * web_form.h: the fields of one POSTed form, as the request side collects
 * them from libmicrohttpd's post processor (urlencoded or multipart), piece
 * by piece, within limits, and hands them to the pages as svk_web_fields
 * (web_who.h).
 *
 * Limits: SVK_WEB_FORM_MAX_FIELDS fields, names of SVK_WEB_FORM_MAX_NAME
 * bytes, values of SVK_WEB_FORM_MAX_VALUE bytes, an uploaded file (a part
 * with a file name) of SVK_WEB_FORM_MAX_FILE bytes, SVK_WEB_FORM_MAX_BODY
 * bytes in all. Past any of them the form is refused whole (-E2BIG): the
 * server answers 413 and no page sees it. A value that is not UTF-8 text
 * or holds a NUL is kept as it is; the pages check what they read (the
 * same checks as the command line).
 */
#ifndef SVK_WEB_FORM_H
#define SVK_WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "web_who.h"

#define SVK_WEB_FORM_MAX_FIELDS 512
#define SVK_WEB_FORM_MAX_NAME 128
#define SVK_WEB_FORM_MAX_VALUE (64 * 1024)
#define SVK_WEB_FORM_MAX_FILE (1024 * 1024) /* a JSON or CSV upload */
#define SVK_WEB_FORM_MAX_BODY (2 * 1024 * 1024)

typedef struct svk_web_form svk_web_form;

/* svk_web_form_alloc makes an empty form; free it with svk_web_form_free
 * (NULL does nothing). -ENOMEM. */
int svk_web_form_alloc(svk_web_form **out) SVK_WUR;
void svk_web_form_free(svk_web_form *f);

/* svk_web_form_add appends len bytes of data to the field name: a new
 * field when off is 0 (the post processor's offset), more of the last one
 * otherwise. is_file marks a part that came with a file name. -E2BIG past a
 * limit (the form stays refused: every later add fails too), -ENOMEM,
 * SVK_EINVAL for more of a field that is not the last one. */
int svk_web_form_add(svk_web_form *f, const char *name, bool is_file, size_t off,
    const char *data, size_t len) SVK_WUR;

/* svk_web_form_fields gives the fields as the pages read them; valid as
 * long as f is. */
svk_web_fields svk_web_form_fields(svk_web_form *f);

/* svk_web_form_count is the number of fields. */
unsigned svk_web_form_count(const svk_web_form *f);

#endif
