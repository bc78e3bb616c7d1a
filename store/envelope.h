/*
 * envelope.h: signing a record into the Envelope every signed record travels
 * in (log entries and heartbeats alike): the packed body and its signature.
 * Opening one is the record's own module's business (log.h, beat.h), as what
 * a valid body is differs.
 */
#ifndef SVK_ENVELOPE_H
#define SVK_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

/* svk_envelope_seal signs body[0..len) (a packed message) with me under tag
 * and packs body and signature into a new Envelope buffer in *out, *outlen
 * bytes, which the caller frees with free(). SVK_ETOOBIG when the envelope
 * would exceed max bytes (0: no limit), -ENOMEM. */
int svk_envelope_seal(const svk_identity *me, const char *tag, const uint8_t *body,
    size_t len, size_t max, uint8_t **out, size_t *outlen) SVK_WUR;

#endif
