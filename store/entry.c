/* entry.c: checking a log entry's envelope, needing no store. See entry.h. */
#include "entry.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

void
svk_entry_free(svk_entry *e)
{
	if (e == NULL)
		return;
	if (e->body != NULL)
		samverk__body__free_unpacked(e->body, NULL);
	if (e->env != NULL)
		samverk__envelope__free_unpacked(e->env, NULL);
	free(e->envelope);
	free(e);
}

static bool
body_well_formed(const Samverk__Body *b)
{
	if (b->origin.len != SVK_KEY_LEN)
		return false;
	if (b->federation.len != 0 && b->federation.len != SVK_KEY_LEN)
		return false;
	if (b->seq == 0 || b->seq > INT64_MAX)
		return false;
	if (b->seq == 1 ? b->prev.len != 0 : b->prev.len != SVK_HASH_LEN)
		return false;
	return b->payload_case != SAMVERK__BODY__PAYLOAD__NOT_SET;
}

/* Every string in m and in the messages it holds must be UTF-8: text from
 * the network is checked before it is stored (protobuf-c does not), and
 * search folding refuses anything else. */
static bool
strings_valid(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *field = (const char *)m + f->offset;
		void *const *items = (void *const *)field;
		size_t n = 1;

		if (f->type != PROTOBUF_C_TYPE_STRING &&
		    f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)((const char *)m + f->quantifier_offset);
			items = *(void *const *const *)field;
		} else if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			   *(const uint32_t *)((const char *)m +
					       f->quantifier_offset) != f->id) {
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			const void *v = items[j];
			if (v == NULL)
				continue;
			if (f->type == PROTOBUF_C_TYPE_STRING ?
				!svk_fold_utf8_valid(v, strlen(v)) :
				!strings_valid(v))
				return false;
		}
	}
	return true;
}

int
svk_entry_decode(const uint8_t *buf, size_t len, svk_entry **out)
{
	svk_entry *e;
	int err;

	if (len > SVK_MAX_ENVELOPE)
		return SVK_ETOOBIG;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -ENOMEM;
	e->env = samverk__envelope__unpack(NULL, len, buf);
	if (e->env == NULL || e->env->sig.len != SVK_SIG_LEN || e->env->body.len == 0) {
		err = SVK_EMALFORMED;
		goto fail;
	}
	e->body = samverk__body__unpack(NULL, e->env->body.len, e->env->body.data);
	if (e->body == NULL || !body_well_formed(e->body) ||
	    !strings_valid(&e->body->base)) {
		err = SVK_EMALFORMED;
		goto fail;
	}
	if ((e->envelope = malloc(len)) == NULL) {
		err = -ENOMEM;
		goto fail;
	}
	memcpy(e->envelope, buf, len);
	e->envelope_len = len;
	svk_crypto_hash(e->env->body.data, e->env->body.len, e->id);
	*out = e;
	return 0;
fail:
	svk_entry_free(e);
	return err;
}

int
svk_entry_check_sig(svk_entry *e)
{
	int err;

	if (e->sig_checked)
		return 0;
	if ((err = svk_crypto_verify(e->body->origin.data, SVK_TAG_ENTRY,
		 e->env->body.data, e->env->body.len, e->env->sig.data)) != 0)
		return err;
	e->sig_checked = true;
	return 0;
}

int
svk_entry_open(const uint8_t *buf, size_t len, svk_entry **out)
{
	svk_entry *e;
	int err;

	if ((err = svk_entry_decode(buf, len, &e)) != 0)
		return err;
	if ((err = svk_entry_check_sig(e)) != 0) {
		svk_entry_free(e);
		return err;
	}
	*out = e;
	return 0;
}

const char *
svk_entry_reason(int err)
{
	switch (err) {
	case SVK_EBADSIG: return "bad_signature";
	case SVK_ETOOBIG: return "oversize";
	case SVK_ENOTMEMBER: return "not_member";
	case SVK_ESUSPENDED: return "suspended";
	case SVK_EFEDERATION: return "wrong_federation";
	case SVK_EEXPIRED: return "roster_expired";
	case SVK_ECHAIN: return "broken_chain";
	case SVK_EFORK: return "fork";
	case SVK_EMALFORMED:
	default: return "malformed";
	}
}
