/* frame.c: gossip messages to and from bytes. See frame.h. */
#include "frame.h"

#include <string.h>

#include "samverk.pb-c.h"

static void
frame_init(Samverk__Gossip *g, svk_frame_kind kind, const uint8_t *data, size_t len)
{
	samverk__gossip__init(g);
	if (kind == SVK_FRAME_ENTRY) {
		g->item_case = SAMVERK__GOSSIP__ITEM_ENTRY;
		g->entry.data = (uint8_t *)data;
		g->entry.len = len;
	} else {
		g->item_case = SAMVERK__GOSSIP__ITEM_HEARTBEAT;
		g->heartbeat.data = (uint8_t *)data;
		g->heartbeat.len = len;
	}
}

size_t
svk_frame_size(svk_frame_kind kind, size_t len)
{
	Samverk__Gossip g;

	frame_init(&g, kind, NULL, len);
	return samverk__gossip__get_packed_size(&g);
}

void
svk_frame_pack(svk_frame_kind kind, const uint8_t *data, size_t len, uint8_t *out)
{
	Samverk__Gossip g;

	frame_init(&g, kind, data, len);
	(void)samverk__gossip__pack(&g, out);
}

int
svk_frame_open(svk_frame *f, const uint8_t *buf, size_t len)
{
	Samverk__Gossip *g;

	memset(f, 0, sizeof(*f));
	if ((g = samverk__gossip__unpack(NULL, len, buf)) == NULL)
		return SVK_EMALFORMED;
	f->msg = g;
	switch (g->item_case) {
	case SAMVERK__GOSSIP__ITEM_ENTRY:
		f->kind = SVK_FRAME_ENTRY;
		f->data = g->entry.data;
		f->len = g->entry.len;
		return 0;
	case SAMVERK__GOSSIP__ITEM_HEARTBEAT:
		f->kind = SVK_FRAME_HEARTBEAT;
		f->data = g->heartbeat.data;
		f->len = g->heartbeat.len;
		return 0;
	default: return SVK_EMALFORMED;
	}
}

void
svk_frame_fini(svk_frame *f)
{
	if (f->msg != NULL)
		samverk__gossip__free_unpacked(f->msg, NULL);
	f->msg = NULL;
}
