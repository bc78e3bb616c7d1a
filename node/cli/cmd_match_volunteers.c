/*
 * cmd_match_volunteers.c: `samverk match NEED --volunteers`: the local
 * volunteers who could answer one of this node's needs, ranked, with why
 * (store/match_volunteers.h). Printed here only: never sent, never stored.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "match_volunteers.h"

/* "a;b" as a JSON array; NULL when out of memory. */
static json_t *
words_json(const char *list)
{
	json_t *arr = json_array();

	for (const char *p = list; arr && *p;) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (json_array_append_new(arr, json_stringn(p, n)) != 0) {
			json_decref(arr);
			return NULL;
		}
		p += n + (end ? 1 : 0);
	}
	return arr;
}

static int
print_json(const char *typed, const svk_volunteer_matches *ms)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < ms->n; i++) {
		const svk_volunteer_match *m = &ms->items[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:f, s:o*, s:o*, s:I}",
		    "rank", (json_int_t)(i + 1), "id", m->id, "name", m->name,
		    "score", (double)(long long)(m->score * 100 + 0.5) / 100,
		    "skills", words_json(m->skills), "areas", words_json(m->areas),
		    "hours_per_month", (json_int_t)m->hours_per_month);
		if (json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (arr == NULL) {
		svk_cli_error("out of memory");
		return 1;
	}
	return svk_cli_print_json(json_pack("{s:s, s:o}", "need", typed,
		   "volunteers", arr)) != 0;
}

int
svk_cmd_match_volunteers(svk_home *home, const uint8_t *origin, const char *id,
    const char *typed, size_t limit, bool json)
{
	svk_volunteer_matches ms;
	int err = svk_match_volunteers_rank(home->store,
	    svk_crypto_identity_public(home->id), origin, id, limit, &ms);
	int rc = 0;

	if (err == SVK_EINVAL) {
		svk_cli_error("need '%s' is a partner's: its own volunteers answer "
			      "it; --volunteers works on this node's needs",
		    typed);
		return 1;
	}
	if (err == SVK_ENOTFOUND) {
		svk_cli_error("no need '%s' here; see 'samverk need list'", typed);
		return 1;
	}
	if (err != 0) {
		svk_cli_error("cannot match need '%s': %s", typed, svk_error_str(err));
		return 1;
	}
	if (json) {
		rc = print_json(typed, &ms);
	} else if (ms.n == 0) {
		printf("no active volunteer has a skill or an area of need '%s'\n",
		    typed);
	} else {
		printf("volunteers who could answer need '%s', best first (this list "
		       "stays on this node):\n",
		    typed);
		for (size_t i = 0; i < ms.n; i++) {
			const svk_volunteer_match *m = &ms.items[i];
			printf("%2zu. %s (%s)  score %.2f  skills: %s; areas: "
			       "%s; %u hours a month\n",
			    i + 1, m->name, m->id, m->score,
			    *m->skills ? m->skills : "-",
			    *m->areas ? m->areas : "-", m->hours_per_month);
		}
	}
	svk_match_volunteers_fini(&ms);
	return rc;
}
