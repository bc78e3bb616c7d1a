/* hold_text.c: what a hold on authoring means, in words. See hold_text.h. */
#include "hold_text.h"

#include <stdio.h>

void
svk_hold_text(const svk_hold *h, char *out, size_t len)
{
	switch (h->reason) {
	case SVK_HOLD_NONE: snprintf(out, len, "authoring is free"); break;
	case SVK_HOLD_RESTORED:
		snprintf(out, len,
		    "this node was restored from a backup or re-created and has not "
		    "yet compared its own log (seq %llu) with a partner's; leave "
		    "`samverk run` running until `samverk status` says it has its "
		    "log back",
		    (unsigned long long)h->have);
		break;
	case SVK_HOLD_BEHIND:
		if (h->have >= h->shown) {
			snprintf(out, len,
			    "this node has fetched its own log back from partners "
			    "(seq %llu) and waits for a partner's heartbeat to "
			    "confirm that it is the true head; leave `samverk run` "
			    "running until `samverk status` says it has its log back",
			    (unsigned long long)h->have);
			break;
		}
		snprintf(out, len,
		    "this node's own log is behind what partners hold (seq %llu of "
		    "%llu): it was restored from a backup or re-created; leave "
		    "`samverk run` running until `samverk status` says it has its "
		    "log back",
		    (unsigned long long)h->have, (unsigned long long)h->shown);
		break;
	case SVK_HOLD_DIFFERS:
		snprintf(out, len,
		    "a partner names another entry at seq %llu of this node's own "
		    "log: it was restored from a backup or re-created; leave "
		    "`samverk run` running until `samverk status` says whether it "
		    "has its log back",
		    (unsigned long long)h->seq);
		break;
	case SVK_HOLD_FORK:
		snprintf(out, len,
		    "this node's own log has forked at seq %llu: two different "
		    "entries signed with its key exist (a restored copy that wrote "
		    "before it had its log back, or two copies of this node running), "
		    "and partners refuse what follows; stop every other copy of this "
		    "node; a forked log cannot be mended: make a new node (samverk "
		    "init in a new folder), join again, and ask the coordinator to "
		    "suspend this one",
		    (unsigned long long)h->seq);
		break;
	}
}
