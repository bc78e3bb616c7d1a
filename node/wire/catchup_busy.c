/* catchup_busy.c: the busy reply of catch-up. See catchup_busy.h. */
#include "catchup_busy.h"

#include "samverk.pb-c.h"

size_t
svk_catchup_busy_encode(uint32_t ms, uint8_t out[static SVK_CATCHUP_BUSY_MAX])
{
	Samverk__CatchupReply rep = SAMVERK__CATCHUP_REPLY__INIT;

	rep.retry_after_ms = ms ? ms : 1;
	/* One varint field: 6 bytes at most, well within the buffer. */
	return samverk__catchup_reply__pack(&rep, out);
}

bool
svk_catchup_busy_decode(const uint8_t *buf, size_t len, uint32_t *ms)
{
	Samverk__CatchupReply *msg;
	bool busy;

	/* Pages are big: only a reply this small is worth a second look. */
	if (len == 0 || len > SVK_CATCHUP_BUSY_MAX)
		return false;
	if ((msg = samverk__catchup_reply__unpack(NULL, len, buf)) == NULL)
		return false;
	busy = msg->retry_after_ms > 0 && !msg->in_sync && !msg->need_heads &&
	       msg->n_entries == 0 && !msg->more && !msg->refused &&
	       msg->next_origin.len == 0;
	if (busy)
		*ms = msg->retry_after_ms;
	samverk__catchup_reply__free_unpacked(msg, NULL);
	return busy;
}
