/* envelope.c: signs a packed record into an Envelope. See envelope.h. */
#include "envelope.h"

#include <errno.h>
#include <stdlib.h>

#include "samverk.pb-c.h"

int
svk_envelope_seal(const svk_identity *me, const char *tag, const uint8_t *body,
    size_t len, size_t max, uint8_t **out, size_t *outlen)
{
	Samverk__Envelope env = SAMVERK__ENVELOPE__INIT;
	uint8_t sig[SVK_SIG_LEN], *buf;
	size_t n;
	int err;

	if ((err = svk_crypto_sign(me, tag, body, len, sig)) != 0)
		return err;
	env.body.data = (uint8_t *)body;
	env.body.len = len;
	env.sig.data = sig;
	env.sig.len = SVK_SIG_LEN;
	n = samverk__envelope__get_packed_size(&env);
	if (max != 0 && n > max)
		return SVK_ETOOBIG;
	if ((buf = malloc(n)) == NULL)
		return -ENOMEM;
	(void)samverk__envelope__pack(&env, buf);
	*out = buf;
	*outlen = n;
	return 0;
}

Samverk__Body *
svk__envelope_body(const void *buf, size_t len)
{
	Samverk__Envelope *env = samverk__envelope__unpack(NULL, len, buf);
	Samverk__Body *body;

	if (env == NULL)
		return NULL;
	body = samverk__body__unpack(NULL, env->body.len, env->body.data);
	samverk__envelope__free_unpacked(env, NULL);
	return body;
}
