/*
 * test_catchup_busy.c: node/wire/catchup_busy.c: the "busy, ask again
 * after N ms" reply, and that no other reply passes for one.
 */
#include "catchup_busy.h"

#include <check.h>

#include "samverk.pb-c.h"

START_TEST(test_a_busy_reply_says_when_to_ask_again)
{
	uint8_t buf[SVK_CATCHUP_BUSY_MAX];
	uint32_t ms = 0;
	size_t len = svk_catchup_busy_encode(1234, buf);

	ck_assert_uint_gt(len, 0);
	ck_assert_uint_le(len, SVK_CATCHUP_BUSY_MAX);
	ck_assert(svk_catchup_busy_decode(buf, len, &ms));
	ck_assert_uint_eq(ms, 1234);
	/* Never "ask again at once": that would be no pause at all. */
	len = svk_catchup_busy_encode(0, buf);
	ck_assert(svk_catchup_busy_decode(buf, len, &ms));
	ck_assert_uint_eq(ms, 1);
}
END_TEST

static bool
passes_for_busy(Samverk__CatchupReply *rep)
{
	uint8_t buf[256];
	uint32_t ms;
	size_t len = samverk__catchup_reply__get_packed_size(rep);

	ck_assert_uint_le(len, sizeof(buf));
	(void)samverk__catchup_reply__pack(rep, buf);
	return svk_catchup_busy_decode(buf, len, &ms);
}

START_TEST(test_no_other_reply_passes_for_busy)
{
	Samverk__CatchupReply rep = SAMVERK__CATCHUP_REPLY__INIT;
	uint8_t origin[32] = {1};
	uint32_t ms;

	ck_assert(!passes_for_busy(&rep)); /* an empty last page */
	rep.in_sync = true;
	ck_assert(!passes_for_busy(&rep));
	rep.in_sync = false;
	rep.need_heads = true;
	ck_assert(!passes_for_busy(&rep));
	/* Busy and anything else: a confused peer, not a busy one. */
	rep.retry_after_ms = 10;
	ck_assert(!passes_for_busy(&rep));
	rep.need_heads = false;
	rep.more = true;
	rep.next_origin.data = origin;
	rep.next_origin.len = sizeof(origin);
	ck_assert(!passes_for_busy(&rep));
	ck_assert(!svk_catchup_busy_decode((const uint8_t *)"\xff\xff", 2, &ms));
}
END_TEST

Suite *
catchup_busy_suite(void)
{
	Suite *s = suite_create("catchup_busy");
	TCase *tc = tcase_create("busy");

	tcase_add_test(tc, test_a_busy_reply_says_when_to_ask_again);
	tcase_add_test(tc, test_no_other_reply_passes_for_busy);
	suite_add_tcase(s, tc);
	return s;
}
