/*
 * envelope.h: signing a record into the Envelope every signed record travels
 * in (log entries and heartbeats alike): the packed body and its signature.
 * Opening one is the record's own module's business (log.h, beat.h), as what
 * a valid body is differs; a log entry already stored is only decoded again
 * (svk__envelope_body).
 */
#ifndef SVK_ENVELOPE_H
#define SVK_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "samverk.pb-c.h"

/* svk_envelope_seal signs body[0..len) (a packed message) with me under tag
 * and packs body and signature into a new Envelope buffer in *out, *outlen
 * bytes, which the caller frees with free(). SVK_ETOOBIG when the envelope
 * would exceed max bytes (0: no limit), -ENOMEM. */
int svk_envelope_seal(const svk_identity *me, const char *tag, const uint8_t *body,
    size_t len, size_t max, uint8_t **out, size_t *outlen) SVK_WUR;

/* svk__envelope_body decodes the log entry's body that the packed envelope
 * buf[0..len) holds, for the store's modules reading back what they stored;
 * NULL if it does not decode. Free it with samverk__body__free_unpacked. */
Samverk__Body *svk__envelope_body(const void *buf, size_t len);

#endif
