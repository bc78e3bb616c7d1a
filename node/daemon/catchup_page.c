/*
 * catchup_page.c: a catch-up page's entries verified off the loop and
 * stored on it in one transaction. See catchup_page.h.
 */
#include "catchup_page.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"

int
svk_catchup_page_init(svk_catchup_page *pg, svk_catchup_wire_reply *reply)
{
	size_t n = svk_catchup_wire_reply_count(reply);

	memset(pg, 0, sizeof(*pg));
	if ((pg->entries = calloc(n ? n : 1, sizeof(*pg->entries))) == NULL ||
	    (pg->errs = calloc(n ? n : 1, sizeof(*pg->errs))) == NULL) {
		free(pg->entries);
		pg->entries = NULL;
		svk_catchup_wire_reply_free(reply);
		return -ENOMEM;
	}
	pg->reply = reply;
	pg->n = n;
	return 0;
}

void
svk_catchup_page_fini(svk_catchup_page *pg)
{
	for (size_t i = 0; i < pg->n; i++)
		svk_entry_free(pg->entries[i]);
	free(pg->entries);
	free(pg->errs);
	svk_catchup_wire_reply_free(pg->reply);
	pg->entries = NULL;
	pg->errs = NULL;
	pg->reply = NULL;
	pg->n = 0;
}

void
svk_catchup_page_verify(svk_catchup_page *pg)
{
	const uint8_t **bufs = NULL;
	size_t *lens = NULL;

	if (pg->n <= SVK_CATCHUP_PAGE_RELAY ||
	    (bufs = calloc(pg->n, sizeof(*bufs))) == NULL ||
	    (lens = calloc(pg->n, sizeof(*lens))) == NULL) {
		free(bufs);
		for (size_t i = 0; i < pg->n; i++) {
			const uint8_t *buf;
			size_t len;
			svk_catchup_wire_reply_entry(pg->reply, i, &buf, &len);
			pg->errs[i] = svk_entry_open(buf, len, &pg->entries[i]);
		}
		pg->sigs = pg->n;
		return;
	}
	for (size_t i = 0; i < pg->n; i++)
		svk_catchup_wire_reply_entry(pg->reply, i, &bufs[i], &lens[i]);
	svk_chain_open(bufs, lens, pg->n, pg->entries, pg->errs, &pg->chain);
	pg->sigs = pg->chain.sigs;
	free(bufs);
	free(lens);
}

/* Refusals that leave the rest of a page to be stored. */
static bool
refusal(int err)
{
	return err == SVK_EFORK || err == SVK_ECHAIN || err == SVK_ENOTMEMBER ||
	       err == SVK_ESUSPENDED || err == SVK_EFEDERATION || err == SVK_EEXPIRED;
}

/* Stores a verified page in one transaction; true when it brought a new
 * roster. */
static bool
page_store(svk_catchup_page *pg, svk_intake *ing, bool relay)
{
	svk_store *st = svk_intake_store(ing);
	bool roster = false;
	int err;

	if ((err = svk_store_begin(st)) != 0) {
		svk_say_warn("cannot store a catch-up page: %s", svk_error_str(err));
		svk_intake_write_failed(ing, err);
		return false;
	}
	/* Rosters first: a joining node learns who the members are before it
	 * judges their entries. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < pg->n; i++) {
			if (pg->entries[i] == NULL) {
				if (pass == 0)
					svk_store_count_reject(st,
					    svk_entry_reason(pg->errs[i]));
				continue;
			}
			if (svk_intake_is_roster(pg->entries[i]) != (pass == 0))
				continue;
			err = svk_intake_entry(ing, pg->entries[i], relay, &roster);
			if (err != 0 && !refusal(err)) {
				svk_say_warn("cannot store a catch-up page: %s",
				    svk_error_str(err));
				svk_store_rollback(st);
				return false;
			}
		}
	}
	if ((err = svk_store_commit(st)) != 0) {
		svk_say_warn("cannot commit a catch-up page: %s", svk_error_str(err));
		svk_intake_write_failed(ing, err);
		return false;
	}
	if (roster)
		svk_intake_roster_changed(ing);
	return roster;
}

bool
svk_catchup_page_ingest(svk_catchup_page *pg, svk_intake *ing, bool *bulk)
{
	svk_store *st = svk_intake_store(ing);
	/* A small page repairs what gossip lost: pass it on, as gossip would
	 * have. A big one is a node coming back after days: its partners have
	 * those entries already, and a flood would only make them verify. It
	 * is stored in bulk mode (svk_store_bulk): the federation holds it. */
	bool relay = pg->n <= SVK_CATCHUP_PAGE_RELAY, roster;

	*bulk = !relay && svk_store_bulk(st, true) == 0;
	roster = page_store(pg, ing, relay);
	if (*bulk && svk_store_bulk(st, false) != 0)
		svk_say_warn("cannot leave bulk mode after a catch-up page");
	return roster;
}
