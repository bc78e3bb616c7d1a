/*
 * adoption.h: what adoptions say about practices, beyond their rows in the
 * view: how many members adopt each practice (a tally, any status but
 * dropped), and which of a practice's elements an adoption names: the core
 * elements kept, the flexible elements adapted and how, the core elements
 * missing. Elements are named as the practice names them, ignoring case,
 * accents and the spaces around them (folded as search folds, fold.h).
 */
#ifndef SVK_ADOPTION_H
#define SVK_ADOPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "samverk.pb-c.h"
#include "store.h"

/* How many members adopt each practice, by the adoption's id
 * ("ORIGIN/practice-id"), and how many of them it proved itself with: at
 * their latest follow-up every core element of the practice kept, and a
 * result better than its baseline. Embed it; svk_adoption_tally_fini frees
 * it. */
typedef struct svk_adoption_tally {
	char **refs;
	size_t *counts;
	size_t *proven;
	size_t n;
} svk_adoption_tally;

/* svk_adoption_tally_init counts the adoptions st holds, any status but
 * dropped, and (proven: it reads each adoption and its practice) how many
 * proved their practice; else t->proven counts none. Returns 0 or a
 * negative code; t needs svk_adoption_tally_fini either way. */
int svk_adoption_tally_init(svk_adoption_tally *t, svk_store *st, bool proven) SVK_WUR;

/* svk_adoption_tally_count: how many adopt the practice origin/id. */
size_t svk_adoption_tally_count(const svk_adoption_tally *t,
    const uint8_t origin[static SVK_KEY_LEN], const char *id);

/* svk_adoption_tally_proven: how many of them the practice proved itself
 * with (see svk_adoption_tally). */
size_t svk_adoption_tally_proven(const svk_adoption_tally *t,
    const uint8_t origin[static SVK_KEY_LEN], const char *id);

/* svk_adoption_proven tells whether the latest follow-up of ad (by date)
 * keeps every one of core_elements core elements and reports a result
 * better than its baseline. */
bool svk_adoption_proven(const Samverk__Adoption *ad, size_t core_elements);

/* svk_adoption_tally_fini frees what t holds. */
void svk_adoption_tally_fini(svk_adoption_tally *t);

/* svk_adoption_element_find sets *found to the element of list[0..n) that
 * s[0..len), without the spaces around it, names; NULL when none does.
 * Returns 0 or -ENOMEM. */
int svk_adoption_element_find(char *const *list, size_t n, const char *s,
    size_t len, const char **found) SVK_WUR;

/* svk_adoption_kept maps the element names given as kept (names[0..n_names))
 * onto the core elements of p, in p's own wording, each once, into
 * kept[0..*n) (room for n_names). Returns 0; SVK_ENOTFOUND when names[*bad]
 * is no core element of p; -ENOMEM. */
int svk_adoption_kept(const Samverk__Practice *p, const char *const *names,
    size_t n_names, const char **kept, size_t *n, size_t *bad) SVK_WUR;

/* svk_adoption_adapted_split splits s, "flexible element: how", at the colon
 * after which a flexible element of p ends (so an element may hold a colon
 * itself): *element is p's own wording, *how what follows the colon without
 * leading spaces (perhaps ""). *name_len is the length before the first
 * colon, for messages. Returns 0; SVK_EINVAL when s has no colon;
 * SVK_ENOTFOUND when no flexible element of p is named; -ENOMEM. */
int svk_adoption_adapted_split(const Samverk__Practice *p, const char *s,
    const char **element, const char **how, size_t *name_len) SVK_WUR;

/* svk_adoption_keeps tells whether ad keeps element: worded as the practice
 * words it, or folding to the same (an adopter may have written it another
 * way). */
bool svk_adoption_keeps(const Samverk__Adoption *ad, const char *element);

/* svk_adoption_missing puts the core elements of p that ad does not keep
 * into missing[0..*n) (room for p->n_core_elements), in p's order. */
void svk_adoption_missing(const Samverk__Practice *p, const Samverk__Adoption *ad,
    const char **missing, size_t *n);

#endif
