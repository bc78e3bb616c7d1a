/*
 * vocab.h: the fixed vocabularies shared by the authoring format, the store
 * and the volunteer registry: policy areas, need urgency and status, and
 * adoption status.
 */
#ifndef SVK_VOCAB_H
#define SVK_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

/* svk_vocab_areas is the NULL-terminated list of policy area codes. */
extern const char *const svk_vocab_areas[];

/* svk_vocab_area_valid tells whether code is one of svk_vocab_areas. */
bool svk_vocab_area_valid(const char *code);

/* svk_vocab_urgencies and svk_vocab_need_statuses are the NULL-terminated
 * lists of a need's urgencies and statuses. */
extern const char *const svk_vocab_urgencies[];
extern const char *const svk_vocab_need_statuses[];

/* svk_vocab_urgency_valid: "low", "medium" or "high". */
bool svk_vocab_urgency_valid(const char *s);

/* svk_vocab_need_status_valid: "open" or "closed". */
bool svk_vocab_need_status_valid(const char *s);

/* svk_vocab_adoption_status_valid: "considering", "piloting", "adopted", "dropped". */
bool svk_vocab_adoption_status_valid(const char *s);

/* svk_vocab_lang_valid tells whether s looks like a BCP 47 tag: a 2-3 letter
 * primary language subtag in lower case, then optional subtags of 1-8
 * letters or digits separated by '-' ("da", "en-GB", "sr-Latn"). */
bool svk_vocab_lang_valid(const char *s);

/* svk_vocab_entity_id_valid tells whether s is a valid practice or need id: 1 to
 * 64 characters of [a-z0-9-], not starting or ending with '-'. */
bool svk_vocab_entity_id_valid(const char *s);

#endif
