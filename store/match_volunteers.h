/*
 * match_volunteers.h: from one of this node's needs to the local volunteers
 * who could answer it. Local only: the registry never leaves the node, and
 * neither does this ranking (partners see none of it).
 *
 * Every active volunteer is scored against the need:
 *
 *   score = 3 * skills + 2 * areas + hours
 *
 *   skills  how many of the need's skills the volunteer has (codes, compared
 *           as written, case folded)
 *   areas   how many of the need's policy areas the volunteer works in
 *   hours   the volunteer's hours per month, up to 20, divided by 20 (0..1):
 *           among equals, who can give more time first
 *
 * A volunteer with neither a skill nor an area of the need is no match.
 * Ties go to the lower volunteer id.
 */
#ifndef SVK_MATCH_VOLUNTEERS_H
#define SVK_MATCH_VOLUNTEERS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "store.h"

/* One volunteer found for a need; strings owned by the list. */
typedef struct svk_volunteer_match {
	char *id, *name;
	char *skills; /* the need's skills the volunteer has, ';' separated */
	char *areas;  /* the need's areas the volunteer works in, likewise */
	unsigned hours_per_month;
	double score;
} svk_volunteer_match;

typedef struct svk_volunteer_matches {
	svk_volunteer_match *items;
	size_t n;
} svk_volunteer_matches;

/* svk_match_volunteers_rank ranks the active volunteers of the registry for
 * the live need (origin, id), best first, at most limit (0: all), into out.
 * SVK_ENOTFOUND when there is no such live need; SVK_EINVAL when the need
 * is not me's (a partner's need is answered by the partner's volunteers).
 * On failure out is left empty. */
int svk_match_volunteers_rank(svk_store *st, const uint8_t me[static SVK_KEY_LEN],
    const uint8_t origin[static SVK_KEY_LEN], const char *id, size_t limit,
    svk_volunteer_matches *out) SVK_WUR;

/* svk_match_volunteers_fini frees what out holds and leaves it empty. */
void svk_match_volunteers_fini(svk_volunteer_matches *out);

#endif
