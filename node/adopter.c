/*
 * adopter.c: this node's own adoption records, read and followed up. See
 * adopter.h.
 */
#include "adopter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "view.h"

struct found {
	svk_home *home;
	Samverk__Body *body;
};

static int
found_cb(void *arg, const svk_entity *e)
{
	struct found *f = arg;

	return e->retracted ? 0 : svk_view_body(f->home->store, e->entry, &f->body);
}

int
svk_adopter_read(svk_home *home, const uint8_t origin[static SVK_KEY_LEN],
    const char *id, Samverk__Body **out)
{
	struct found f = {home, NULL};
	char ref[SVK_FPR_LEN + 80];
	int err;

	*out = NULL;
	svk_crypto_fingerprint_bare(origin, ref);
	snprintf(ref + strlen(ref), sizeof(ref) - strlen(ref), "/%s", id);
	err = svk_view_get(home->store, SVK_KIND_ADOPTION,
	    svk_crypto_identity_public(home->id), ref, found_cb, &f);
	if (err == SVK_ENOTFOUND)
		err = 0;
	if (err == 0 && f.body && f.body->payload_case != SAMVERK__BODY__PAYLOAD_ADOPTION)
		err = SVK_ECORRUPT;
	if (err != 0) {
		if (f.body)
			samverk__body__free_unpacked(f.body, NULL);
		return err;
	}
	*out = f.body;
	return 0;
}

int
svk_adopter_follow_up(svk_home *home, const Samverk__Adoption *was,
    Samverk__FollowUp *fu, uint64_t *seq)
{
	Samverk__FollowUp **list = calloc(was->n_follow_ups + 1, sizeof(*list));
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption ad = *was;
	size_t n = 0;
	int err;

	if (list == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < was->n_follow_ups; i++)
		if (fu->months == 0 || was->follow_ups[i]->months != fu->months)
			list[n++] = was->follow_ups[i];
	list[n++] = fu;
	ad.follow_ups = list;
	ad.n_follow_ups = n;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &ad;
	err = svk_log_append(home->store, home->id, &body, seq, NULL);
	free(list);
	return err;
}

const char *
svk_adopter_started(const char *status, const char *started, const char *earlier,
    const char *today)
{
	if (started != NULL)
		return started;
	if (earlier != NULL && *earlier)
		return earlier;
	if (strcmp(status, "piloting") == 0 || strcmp(status, "adopted") == 0)
		return today;
	return "";
}
