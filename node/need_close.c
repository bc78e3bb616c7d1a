/*
 * need_close.c: one of this node's needs closed as met. See need_close.h.
 */
#include "need_close.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "view.h"

struct found {
	svk_home *home;
	bool live;
	Samverk__Body *body; /* read when want_body */
	bool want_body;
};

static int
found_cb(void *arg, const svk_entity *e)
{
	struct found *f = arg;

	f->live = !e->retracted;
	if (!f->live || !f->want_body)
		return 0;
	return svk_view_body(f->home->store, e->entry, &f->body);
}

/* Whether the practice origin/id stands here. */
static int
practice_live(svk_home *home, const uint8_t *origin, const char *id, bool *live)
{
	struct found f = {home, false, NULL, false};
	int err = svk_view_get(home->store, SVK_KIND_PRACTICE, origin, id,
	    found_cb, &f);

	*live = f.live;
	return err == SVK_ENOTFOUND ? 0 : err;
}

int
svk_need_close(svk_home *home, const char *id, const uint8_t *porigin,
    const char *pid, uint64_t *seq, svk_need_close_refusal *refused)
{
	struct found f = {home, false, NULL, true};
	char ref[SVK_FPR_LEN + 80] = "";
	bool live = false;
	int err;

	err = svk_view_get(home->store, SVK_KIND_NEED,
	    svk_crypto_identity_public(home->id), id, found_cb, &f);
	if (err == SVK_ENOTFOUND || (err == 0 && !f.live)) {
		*refused = SVK_NEED_CLOSE_NO_NEED;
		err = SVK_EINVAL;
		goto out;
	}
	if (err == 0 && f.body->payload_case != SAMVERK__BODY__PAYLOAD_NEED)
		err = SVK_ECORRUPT;
	if (err == 0 && strcmp(f.body->need->status, "closed") == 0) {
		*refused = SVK_NEED_CLOSE_CLOSED;
		err = SVK_EINVAL;
		goto out;
	}
	if (err == 0 && porigin &&
	    (err = practice_live(home, porigin, pid, &live)) == 0 && !live) {
		*refused = SVK_NEED_CLOSE_NO_PRACTICE;
		err = SVK_EINVAL;
		goto out;
	}
	if (err == 0 && porigin) {
		svk_crypto_fingerprint(porigin, ref);
		snprintf(ref + strlen(ref), sizeof(ref) - strlen(ref), "/%s", pid);
	}
	if (err == 0) {
		/* The need as it stands, closed: its strings stay f.body's. */
		Samverk__Need need = *f.body->need;
		Samverk__Body body = SAMVERK__BODY__INIT;
		need.status = "closed";
		need.answered_by = ref;
		body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
		body.need = &need;
		err = svk_log_append(home->store, home->id, &body, seq, NULL);
	}
out:
	if (f.body)
		samverk__body__free_unpacked(f.body, NULL);
	return err;
}
