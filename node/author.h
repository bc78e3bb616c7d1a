/*
 * author.h: the JSON authoring format for practices and needs.
 *
 * People write practices and needs as JSON files (see shared/data/). This
 * module turns such a file into the protobuf payload that gets signed, and a
 * payload back into the same JSON shape for `show --json`. Everything is
 * checked before anything is written: well-formed JSON (errors name line and
 * column), valid UTF-8, required fields, known fields only, areas from the
 * fixed list, BCP 47 language tags, and length limits on every field.
 */
#ifndef SVK_AUTHOR_H
#define SVK_AUTHOR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "samverk.pb-c.h"

#define SVK_AUTHOR_MAX_FILE (1024 * 1024) /* bytes of one JSON file */
#define SVK_AUTHOR_MAX_TITLE 300	  /* bytes */
#define SVK_AUTHOR_MAX_TEXT 8000 /* summary, challenge, description ... */
#define SVK_AUTHOR_MAX_ITEM 1000 /* one element of a list */
#define SVK_AUTHOR_MAX_LIST 50	 /* elements in a list */

/* svk_author_practice_parse parses and validates a practice from text[0..len).
 * On success *out is a Samverk__Practice allocated with malloc throughout, to
 * be freed with protobuf_c_message_free_unpacked(&(*out)->base, NULL). On
 * failure returns SVK_EINVAL (or -ENOMEM) and writes a one-line reason into
 * err[0..errlen), e.g. "line 3, column 14: expected ',' or '}'" or
 * "field \"areas\": unknown area \"sport\"". */
int svk_author_practice_parse(const char *text, size_t len, Samverk__Practice **out,
    char *err, size_t errlen) __attribute__((warn_unused_result));

/* svk_author_need_parse does the same for a need. A need without "status"
 * is open. */
int svk_author_need_parse(const char *text, size_t len, Samverk__Need **out,
    char *err, size_t errlen) __attribute__((warn_unused_result));

/* svk_author_json_practice returns a new JSON object in the authoring shape
 * (fields left empty are omitted). The caller owns the reference. NULL only
 * when out of memory. */
json_t *svk_author_json_practice(const Samverk__Practice *p);

/* svk_author_json_need does the same for a need. */
json_t *svk_author_json_need(const Samverk__Need *n);

/* svk_author_template_write writes to out the commented starting file of a
 * practice (need false) or a need: every field with its limits and what it
 * is for, in the language lang (one of svk_author_template_languages()),
 * each value empty ("" or []), but "lang" set to lang when fill_lang. The
 * parsers read it once its values are filled in; unchanged, they refuse it
 * naming the first required field left empty. Returns 0, SVK_EINVAL for a
 * language it has no words in, or -EIO when writing failed. */
int svk_author_template_write(FILE *out, bool need, const char *lang,
    bool fill_lang) SVK_WUR;

/* svk_author_template_languages lists the languages of the templates, as
 * "en, da, ..." (a static string). */
const char *svk_author_template_languages(void);

#endif
