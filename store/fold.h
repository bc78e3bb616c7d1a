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

/* svk_fold_utf8_valid tells whether s[0..len) is well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF). A NUL byte is invalid. */
bool svk_fold_utf8_valid(const char *s, size_t len);

/* svk_fold folds s[0..len) as described above into a new NUL-terminated
 * string in *out, which the caller frees with free(). Returns 0, SVK_EINVAL
 * for invalid UTF-8, or -ENOMEM. */
int svk_fold(const char *s, size_t len, char **out)
    __attribute__((warn_unused_result));

/* svk_fold_char gives how many bytes the character at s[0..n) takes (n >= 1,
 * s valid UTF-8, as svk_fold makes it), and in *word whether it belongs to a
 * word. The one rule for splitting text into words, for search and for
 * matching alike, and the rule of FTS5's unicode61 tokenizer: in ASCII,
 * letters and digits are word characters ('_' is not: unicode61 splits on
 * it); beyond ASCII everything is, except the punctuation and spaces people
 * type or paste: the Latin-1 signs (no-break space, « » ¿ ¡ § ...), the
 * general punctuation block (dashes, curly quotes, ...) and the ideographic
 * ones. */
size_t svk_fold_char(const char *s, size_t n, bool *word);

#endif
