/*
 * roster_admin.c: the coordinator's changes to the roster. See
 * roster_admin.h.
 */
#include "roster_admin.h"

#include <stdio.h>
#include <string.h>

#include "roster.h"

int
svk_roster_admin_request(const char *text, Samverk__Member **m)
{
	int err = svk_roster_join_request_open(text, m);

	if (err == SVK_EINVAL && strstr(text, SVK_JOIN_PREFIX) != NULL)
		return SVK_EMALFORMED;
	return err;
}

static void
named(svk_roster_admin_done *done, const Samverk__Member *m)
{
	snprintf(done->name, sizeof(done->name), "%s", m->name);
	snprintf(done->country, sizeof(done->country), "%s", m->country);
	if (m->key.len == 32)
		svk_crypto_fingerprint(m->key.data, done->fpr);
	else
		done->fpr[0] = '\0';
}

/* The roster in force, for a change: SVK_EFEDERATION when home is not
 * its coordinator. */
static int
open_roster(svk_home *home, Samverk__Roster **r, svk_roster_admin_done *done)
{
	memset(done, 0, sizeof(*done));
	*r = NULL;
	if (!svk_roster_is_coordinator(home))
		return SVK_EFEDERATION;
	return svk_roster_current(home->store, r);
}

/* Signs r as the next version and says so in *done. */
static int
sign(svk_home *home, const svk_config *cfg, Samverk__Roster *r, long days,
    svk_roster_admin_done *done)
{
	int err;

	if (days <= 0)
		days = cfg ? (long)cfg->roster_days : 0;
	if (days <= 0)
		return SVK_EINVAL;
	if ((err = svk_roster_publish(home, r, days * 24LL * 3600 * 1000)) != 0)
		return err;
	done->version = r->version;
	done->days = days;
	done->expires_ms = r->expires_ms;
	return 0;
}

static void
roster_free(Samverk__Roster *r)
{
	if (r != NULL)
		protobuf_c_message_free_unpacked(&r->base, NULL);
}

static bool
same_member(const Samverk__Member *a, const Samverk__Member *b)
{
	return a->status == SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE &&
	       strcmp(a->pub, b->pub) == 0 && strcmp(a->catchup, b->catchup) == 0 &&
	       strcmp(a->name, b->name) == 0 && a->tls_cert.len == b->tls_cert.len &&
	       (b->tls_cert.len == 0 ||
		   memcmp(a->tls_cert.data, b->tls_cert.data, b->tls_cert.len) == 0);
}

int
svk_roster_admin_add(svk_home *home, const svk_config *cfg,
    const Samverk__Member *m, long days, svk_roster_admin_done *done)
{
	Samverk__Member active;
	Samverk__Member *old;
	Samverk__Roster *r;
	int err;

	if ((err = open_roster(home, &r, done)) != 0)
		goto out;
	named(done, m);
	if (m->key.len != 32) {
		err = SVK_EINVAL;
		goto out;
	}
	old = svk_roster_find(r, m->key.data);
	if (old != NULL && same_member(old, m)) {
		err = SVK_EEXISTS;
		goto out;
	}
	active = *m;
	active.status = SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE;
	if ((err = svk_roster_put(r, &active)) == 0)
		err = sign(home, cfg, r, days, done);
out:
	roster_free(r);
	return err;
}

int
svk_roster_admin_status(svk_home *home, const svk_config *cfg,
    const uint8_t key[static 32], bool suspend, long days, svk_roster_admin_done *done)
{
	Samverk__Member *m;
	Samverk__Roster *r;
	int err;

	if ((err = open_roster(home, &r, done)) != 0)
		goto out;
	if ((m = svk_roster_find(r, key)) == NULL) {
		err = SVK_ENOTFOUND;
		goto out;
	}
	named(done, m);
	if (memcmp(key, svk_crypto_identity_public(home->id), 32) == 0) {
		err = SVK_EINVAL;
		goto out;
	}
	m->status = suspend ? SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED :
			      SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE;
	err = sign(home, cfg, r, days, done);
out:
	roster_free(r);
	return err;
}

int
svk_roster_admin_renew(svk_home *home, const svk_config *cfg, long days,
    svk_roster_admin_done *done)
{
	Samverk__Roster *r;
	int err;

	if ((err = open_roster(home, &r, done)) == 0)
		err = sign(home, cfg, r, days, done);
	roster_free(r);
	return err;
}
