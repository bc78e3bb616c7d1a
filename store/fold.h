/*
 * fold.h: text folding for search, and UTF-8 checks.
 *
 * Users type without accents and in lower case, whatever the language, so the
 * indexed text and the query are folded the same way before FTS5 sees them:
 * lower case; Latin diacritics removed (é→e, ö→o, å→a, ä→a, ü→u, ç→c ...);
 * letters that are not a base letter plus a mark mapped too (ø→o, æ→ae,
 * œ→oe, ß→ss, ð→d, þ→th, ł→l, đ→d); Greek lower-cased with tonos and
 * dialytika removed (ά→α, ΐ→ι, ώ→ω) and final sigma ς→σ; Cyrillic lower
 * case. Everything else passes through unchanged. SQLite's unicode61 does not
 * do the Greek or the ø/æ part, which is why this exists.
 */
#ifndef SVK_FOLD_H
#define SVK_FOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* svk_utf8_valid tells whether s[0..len) is well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF). A NUL byte is invalid. */
bool svk_utf8_valid(const char *s, size_t len);

/* svk_fold folds s[0..len) as described above into a new NUL-terminated
 * string in *out, which the caller frees with free(). Returns 0, SVK_EINVAL
 * for invalid UTF-8, or -ENOMEM. */
int svk_fold(const char *s, size_t len, char **out)
    __attribute__((warn_unused_result));

#endif
