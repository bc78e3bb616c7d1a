/*
 * roster_admin.h: what the coordinator does to the federation's roster, for
 * the command line (`samverk member add|suspend|resume`, `samverk
 * federation renew`) and the web app's members page alike: read a pasted
 * join request, add its node, suspend or resume a member, or sign the
 * roster again with a new expiry. Each change is a new roster version
 * signed into the coordinator's log (roster.h); the daemon that runs on
 * the same store publishes it and reconnects to the members it names.
 */
#ifndef SVK_ROSTER_ADMIN_H
#define SVK_ROSTER_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "crypto_fingerprint.h"
#include "home.h"
#include "samverk.pb-c.h"

/* What a change did: whom it named and the roster it made. */
typedef struct svk_roster_admin_done {
	char name[128];
	char country[8];
	char fpr[SVK_FPR_LEN];
	uint64_t version;   /* of the new roster */
	long days;	    /* it is valid */
	int64_t expires_ms; /* until */
} svk_roster_admin_done;

/* svk_roster_admin_request reads a join request as it was pasted (an
 * e-mail client's line breaks, spaces and '>' quoting are dropped) into *m
 * (free it with protobuf_c_message_free_unpacked). SVK_EBADSIG when its
 * signature is wrong (altered on its way), SVK_EMALFORMED when it holds
 * the prefix but is damaged or incomplete, SVK_EINVAL when it is not a
 * join request at all. */
int svk_roster_admin_request(const char *text, Samverk__Member **m) SVK_WUR;

/* svk_roster_admin_add makes m an active member of home's roster and
 * signs the new version, valid days days (0: cfg's roster_days). *done
 * names m. SVK_EEXISTS (and *done filled in) when m is an active member
 * already with the same name, endpoints and certificate; SVK_EFEDERATION
 * when home is not the coordinator; SVK_EHELD when writing is on hold. */
int svk_roster_admin_add(svk_home *home, const svk_config *cfg,
    const Samverk__Member *m, long days, svk_roster_admin_done *done) SVK_WUR;

/* svk_roster_admin_status suspends (suspend) or resumes the member key and
 * signs the new version, as svk_roster_admin_add. SVK_ENOTFOUND when key
 * is not in the roster, SVK_EINVAL when key is the coordinator's own. */
int svk_roster_admin_status(svk_home *home, const svk_config *cfg,
    const uint8_t key[static 32], bool suspend, long days,
    svk_roster_admin_done *done) SVK_WUR;

/* svk_roster_admin_renew signs the roster again unchanged, valid days
 * days (0: cfg's roster_days). SVK_EFEDERATION when home is not the
 * coordinator. */
int svk_roster_admin_renew(svk_home *home, const svk_config *cfg, long days,
    svk_roster_admin_done *done) SVK_WUR;

#endif
