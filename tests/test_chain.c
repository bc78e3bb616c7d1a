/*
 * test_chain.c: store/chain.c: a catch-up page authenticated by its runs.
 *
 * One signature per run of one origin's chain; an altered body in the
 * middle (its hash no longer what the next body names): the altered entry
 * and everything above it in that run refused, the prefix kept; a forged
 * top: nothing admitted unless it verifies on its own; two origins, gaps,
 * a run that starts above the receiver's head.
 */
#include "chain.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "log.h"

enum { MAX = 32 };

struct page {
	uint8_t *buf[MAX];
	size_t len[MAX];
	size_t n;
	svk_entry *out[MAX];
	int errs[MAX];
	svk_chain_stats stats;
};

static char dir[64];
static svk_store *sa, *sb;
static svk_identity *ia, *ib;

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "chain");
	sa = fx_store(dir, "a.db");
	sb = fx_store(dir, "b.db");
	ia = fx_identity();
	ib = fx_identity();
	for (int i = 0; i < 10; i++) {
		char id[16];
		snprintf(id, sizeof(id), "p-%d", i);
		(void)fx_append_practice(sa, ia, id, "Legepatruljen");
		(void)fx_append_practice(sb, ib, id, "Frivilliga");
	}
}

static void
teardown(void)
{
	svk_store_close(sa);
	svk_store_close(sb);
	svk_crypto_identity_free(ia);
	svk_crypto_identity_free(ib);
	fx_rmdir(dir);
}

/* Appends (origin, seq) of st to the page, as catch-up carries it. */
static void
add(struct page *p, svk_store *st, const svk_identity *id, uint64_t seq)
{
	svk_entry *e = fx_entry(st, svk_crypto_identity_public(id), seq);

	ck_assert_uint_lt(p->n, MAX);
	p->buf[p->n] = malloc(e->envelope_len);
	memcpy(p->buf[p->n], e->envelope, e->envelope_len);
	p->len[p->n++] = e->envelope_len;
	svk_entry_free(e);
}

static void
add_run(struct page *p, svk_store *st, const svk_identity *id, uint64_t from,
    uint64_t to)
{
	for (uint64_t s = from; s <= to; s++)
		add(p, st, id, s);
}

static void
open_page(struct page *p)
{
	svk_chain_open((const uint8_t *const *)p->buf, p->len, p->n, p->out,
	    p->errs, &p->stats);
}

static void
page_free(struct page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		svk_entry_free(p->out[i]);
		free(p->buf[i]);
	}
}

/* Rewrites envelope i of the page: its body's title changed (not signed
 * again), or its signature's first byte flipped. */
static void
tamper(struct page *p, size_t i, bool body)
{
	Samverk__Envelope *env = samverk__envelope__unpack(NULL, p->len[i], p->buf[i]);
	Samverk__Body *b;
	uint8_t *packed = NULL, *orig = NULL;
	size_t orig_len = 0;

	ck_assert_ptr_nonnull(env);
	if (body) {
		b = samverk__body__unpack(NULL, env->body.len, env->body.data);
		ck_assert_ptr_nonnull(b);
		ck_assert_int_eq(b->payload_case, SAMVERK__BODY__PAYLOAD_PRACTICE);
		char *title = b->practice->title;
		b->practice->title = "Altered on the way";
		packed = malloc(samverk__body__get_packed_size(b));
		orig = env->body.data;
		orig_len = env->body.len;
		env->body.len = samverk__body__pack(b, packed);
		env->body.data = packed;
		b->practice->title = title;
		samverk__body__free_unpacked(b, NULL);
	} else {
		env->sig.data[0] ^= 0xff;
	}
	free(p->buf[i]);
	p->buf[i] = malloc(samverk__envelope__get_packed_size(env));
	p->len[i] = samverk__envelope__pack(env, p->buf[i]);
	if (packed != NULL) {
		free(packed);
		env->body.data = orig;
		env->body.len = orig_len;
	}
	samverk__envelope__free_unpacked(env, NULL);
}

START_TEST(test_one_signature_vouches_for_a_run)
{
	struct page p = {0};

	add_run(&p, sa, ia, 1, 10);
	open_page(&p);
	ck_assert_uint_eq(p.stats.runs, 1);
	ck_assert_uint_eq(p.stats.sigs, 1);
	ck_assert_uint_eq(p.stats.fallbacks, 0);
	for (size_t i = 0; i < p.n; i++) {
		ck_assert_ptr_nonnull(p.out[i]);
		ck_assert_int_eq(p.errs[i], 0);
		ck_assert_uint_eq(p.out[i]->body->seq, i + 1);
		/* only the top's own signature was checked */
		ck_assert(p.out[i]->sig_checked == (i == p.n - 1));
	}
	page_free(&p);
}
END_TEST

START_TEST(test_an_altered_body_refuses_it_and_what_is_above_keeps_the_prefix)
{
	struct page p = {0};

	add_run(&p, sa, ia, 1, 10);
	tamper(&p, 4, true); /* seq 5: seq 6 no longer names its hash */
	open_page(&p);
	for (size_t i = 0; i < 4; i++) {
		ck_assert_ptr_nonnull(p.out[i]);
		ck_assert(p.out[i]->sig_checked); /* each on its own */
	}
	ck_assert_ptr_null(p.out[4]);
	ck_assert_int_eq(p.errs[4], SVK_EBADSIG);
	for (size_t i = 5; i < 10; i++) {
		ck_assert_ptr_null(p.out[i]);
		ck_assert_int_eq(p.errs[i], SVK_ECHAIN);
	}
	ck_assert_uint_eq(p.stats.broken, 5);
	ck_assert_uint_eq(p.stats.fallbacks, 1);
	page_free(&p);
}
END_TEST

START_TEST(test_a_forged_top_admits_only_what_verifies_alone)
{
	struct page p = {0};

	add_run(&p, sa, ia, 1, 10);
	tamper(&p, 9, false); /* the top's signature */
	tamper(&p, 2, false); /* and one below it */
	open_page(&p);
	ck_assert_uint_eq(p.stats.fallbacks, 1);
	ck_assert_uint_eq(p.stats.sigs, 10); /* the top, then the nine below alone */
	for (size_t i = 0; i < 10; i++) {
		if (i == 2 || i == 9) {
			ck_assert_ptr_null(p.out[i]);
			ck_assert_int_eq(p.errs[i], SVK_EBADSIG);
		} else {
			ck_assert_ptr_nonnull(p.out[i]);
			ck_assert(p.out[i]->sig_checked);
		}
	}
	page_free(&p);
}
END_TEST

START_TEST(test_a_bad_signature_below_a_good_top_is_not_relayable)
{
	struct page p = {0};

	add_run(&p, sa, ia, 1, 5);
	tamper(&p, 1, false);
	open_page(&p);
	/* The body is vouched for by the chain... */
	ck_assert_ptr_nonnull(p.out[1]);
	ck_assert(!p.out[1]->sig_checked);
	/* ...but its own signature, checked before it is relayed singly, fails */
	ck_assert_int_eq(svk_entry_check_sig(p.out[1]), SVK_EBADSIG);
	ck_assert_int_eq(svk_entry_check_sig(p.out[0]), 0);
	page_free(&p);
}
END_TEST

START_TEST(test_two_origins_and_gaps_make_runs_of_their_own)
{
	struct page p = {0};

	add_run(&p, sa, ia, 1, 3);
	add_run(&p, sa, ia, 6, 8); /* a gap: another run */
	add_run(&p, sb, ib, 1, 4); /* another origin */
	add(&p, sa, ia, 10);	   /* back to the first, alone */
	open_page(&p);
	ck_assert_uint_eq(p.stats.runs, 4);
	ck_assert_uint_eq(p.stats.sigs, 4);
	for (size_t i = 0; i < p.n; i++)
		ck_assert_ptr_nonnull(p.out[i]);
	ck_assert(p.out[2]->sig_checked && p.out[5]->sig_checked &&
		  p.out[9]->sig_checked && p.out[10]->sig_checked);
	ck_assert(!p.out[0]->sig_checked && !p.out[6]->sig_checked);
	page_free(&p);
}
END_TEST

START_TEST(test_a_run_above_the_receivers_head_and_junk_between)
{
	struct page p = {0};
	static uint8_t junk[] = {0x0a, 0x03, 1, 2, 3};

	add_run(&p, sa, ia, 7, 9); /* starts above whatever is held */
	p.buf[p.n] = malloc(sizeof(junk));
	memcpy(p.buf[p.n], junk, sizeof(junk));
	p.len[p.n++] = sizeof(junk);
	add(&p, sa, ia, 10); /* after junk: a run of its own */
	open_page(&p);
	ck_assert_uint_eq(p.stats.runs, 2);
	ck_assert_ptr_nonnull(p.out[0]);
	ck_assert_uint_eq(p.out[0]->body->seq, 7);
	ck_assert_ptr_null(p.out[3]);
	ck_assert_int_eq(p.errs[3], SVK_EMALFORMED);
	ck_assert_ptr_nonnull(p.out[4]);
	page_free(&p);
}
END_TEST

START_TEST(test_an_empty_page)
{
	struct page p = {0};

	open_page(&p);
	ck_assert_uint_eq(p.stats.runs, 0);
	ck_assert_uint_eq(p.stats.sigs, 0);
}
END_TEST

Suite *
chain_suite(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tcase_create("runs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_one_signature_vouches_for_a_run);
	tcase_add_test(tc,
	    test_an_altered_body_refuses_it_and_what_is_above_keeps_the_prefix);
	tcase_add_test(tc, test_a_forged_top_admits_only_what_verifies_alone);
	tcase_add_test(tc, test_a_bad_signature_below_a_good_top_is_not_relayable);
	tcase_add_test(tc, test_two_origins_and_gaps_make_runs_of_their_own);
	tcase_add_test(tc, test_a_run_above_the_receivers_head_and_junk_between);
	tcase_add_test(tc, test_an_empty_page);
	suite_add_tcase(s, tc);
	return s;
}
