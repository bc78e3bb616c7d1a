/*
 * partners.h: what links.c hands the plan (plan.h) and its warnings: the
 * roster's members copied out of the store, and how many files the daemon
 * has open against its limit (a link that cannot be opened for want of
 * descriptors fails inside nng, unseen: the warning says so).
 */
#ifndef SVK_PARTNERS_H
#define SVK_PARTNERS_H

#include <stddef.h>

#include "view.h"

/* The roster's members, each field a copy owned here. */
typedef struct svk_partners {
	svk_member *m;
	size_t n, cap;
} svk_partners;

/* svk_partners_add copies m into arg (an svk_partners): an svk_view_members
 * callback. -ENOMEM. */
int svk_partners_add(void *arg, const svk_member *m) SVK_WUR;

/* svk_partners_free frees what ps holds (not ps). */
void svk_partners_free(svk_partners *ps);

/* svk_partners_files says, in a static string, how many files this process
 * has open and its limit ("open files 57 of 1024"), or "" if unknown. Not
 * thread-safe. */
const char *svk_partners_files(void);

#endif
