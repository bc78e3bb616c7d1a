/*
 * report_follow_up.c: the follow-ups this node owes. See
 * report_follow_up.h.
 */
#include "report_follow_up.h"

#include <errno.h>
#include <string.h>

#include "follow_up.h"
#include "view.h"

struct due {
	svk_home *home;
	const char *today;
	json_t *arr;
};

static int
due_cb(void *arg, const svk_entity *e)
{
	struct due *d = arg;
	Samverk__Body *b = NULL;
	char fpr[SVK_FPR_LEN], ref[SVK_FPR_LEN + 80];
	unsigned months;
	int err;

	if (e->retracted)
		return 0;
	if ((err = svk_view_body(d->home->store, e->entry, &b)) != 0)
		return err;
	if (b->payload_case != SAMVERK__BODY__PAYLOAD_ADOPTION ||
	    b->adoption->practice_origin.len != SVK_KEY_LEN ||
	    (months = svk_follow_up_due(b->adoption, d->today)) == 0) {
		samverk__body__free_unpacked(b, NULL);
		return 0;
	}
	svk_crypto_fingerprint(b->adoption->practice_origin.data, fpr);
	snprintf(ref, sizeof(ref), "%s/%s", fpr, b->adoption->practice_id);
	json_t *o = json_pack("{s:s, s:s, s:i, s:s}", "practice", ref, "title",
	    e->title, "months", (int)months, "started", b->adoption->started);
	samverk__body__free_unpacked(b, NULL);
	return o && json_array_append_new(d->arr, o) == 0 ? 0 : -ENOMEM;
}

json_t *
svk_report_follow_up_due(svk_home *home, const char *today)
{
	struct due d = {home, today, json_array()};
	svk_query q = {.kind = SVK_KIND_ADOPTION,
	    .origin = svk_crypto_identity_public(home->id)};

	if (d.arr == NULL || svk_view_list(home->store, &q, due_cb, &d) != 0) {
		json_decref(d.arr);
		return NULL;
	}
	return d.arr;
}
