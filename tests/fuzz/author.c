/*
 * author.c: libFuzzer target for the JSON authoring format (node/author.c):
 * the input is a file a person wrote, parsed as a practice and as a need.
 *
 * Invariants (abort when broken):
 * - a file that does not parse gets a one-line, non-empty reason;
 * - round trip: a record that parses is written back with
 *   svk_author_*_json, dumped as `show --json` dumps it (and again compact
 *   and ASCII-only), and that text parses to the very same packed bytes.
 */
#include <jansson.h>
#include <string.h>

#include "author.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	FZ_OK(svk_crypto_init());
	return 0;
}

static void
check_reason(const char *err)
{
	FZ_CHECK(err[0] != '\0');
	FZ_CHECK(strchr(err, '\n') == NULL);
}

static const size_t dump_flags[] = {
    JSON_INDENT(2) | JSON_PRESERVE_ORDER,
    JSON_COMPACT | JSON_ENSURE_ASCII,
};

/* Packs msg into a new buffer of *len bytes. */
static uint8_t *
packed(const ProtobufCMessage *msg, size_t *len)
{
	uint8_t *buf;

	*len = protobuf_c_message_get_packed_size(msg);
	FZ_CHECK((buf = malloc(*len ? *len : 1)) != NULL);
	FZ_CHECK(protobuf_c_message_pack(msg, buf) == *len);
	return buf;
}

static void
same_again(const ProtobufCMessage *first, const ProtobufCMessage *again)
{
	size_t len1, len2;
	uint8_t *b1 = packed(first, &len1), *b2 = packed(again, &len2);

	if (len1 != len2 || memcmp(b1, b2, len1) != 0) {
		fprintf(stderr, "author: round trip changed the record\n");
		abort();
	}
	free(b1);
	free(b2);
}

static void
practice(const char *text, size_t len)
{
	Samverk__Practice *p = NULL, *again = NULL;
	char err[512] = "";

	if (svk_author_practice_parse(text, len, &p, err, sizeof(err)) != 0) {
		check_reason(err);
		return;
	}
	json_t *j = svk_author_json_practice(p);
	FZ_CHECK(j != NULL);
	for (size_t i = 0; i < sizeof(dump_flags) / sizeof(dump_flags[0]); i++) {
		char *dumped = json_dumps(j, dump_flags[i]);
		FZ_CHECK(dumped != NULL);
		if (svk_author_practice_parse(dumped, strlen(dumped), &again, err,
			sizeof(err)) != 0) {
			fprintf(stderr,
			    "author: practice written back does not "
			    "parse: %s\n%s\n",
			    err, dumped);
			abort();
		}
		same_again(&p->base, &again->base);
		protobuf_c_message_free_unpacked(&again->base, NULL);
		free(dumped);
	}
	json_decref(j);
	protobuf_c_message_free_unpacked(&p->base, NULL);
}

static void
need(const char *text, size_t len)
{
	Samverk__Need *n = NULL, *again = NULL;
	char err[512] = "";

	if (svk_author_need_parse(text, len, &n, err, sizeof(err)) != 0) {
		check_reason(err);
		return;
	}
	json_t *j = svk_author_json_need(n);
	FZ_CHECK(j != NULL);
	for (size_t i = 0; i < sizeof(dump_flags) / sizeof(dump_flags[0]); i++) {
		char *dumped = json_dumps(j, dump_flags[i]);
		FZ_CHECK(dumped != NULL);
		if (svk_author_need_parse(dumped, strlen(dumped), &again, err,
			sizeof(err)) != 0) {
			fprintf(stderr,
			    "author: need written back does not "
			    "parse: %s\n%s\n",
			    err, dumped);
			abort();
		}
		same_again(&n->base, &again->base);
		protobuf_c_message_free_unpacked(&again->base, NULL);
		free(dumped);
	}
	json_decref(j);
	protobuf_c_message_free_unpacked(&n->base, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, no NUL after it: reading past the
	 * end is caught. */
	char *text = malloc(size ? size : 1);

	FZ_CHECK(text != NULL);
	memcpy(text, data, size);
	practice(text, size);
	need(text, size);
	free(text);
	return 0;
}
