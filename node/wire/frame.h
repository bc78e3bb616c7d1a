/*
 * frame.h: the gossip framing, without sockets. A gossip message (Gossip in
 * samverk.proto) carries one signed entry envelope or one signed heartbeat;
 * the daemon publishes them on PUB and reads its partners' on SUB. What the
 * bytes inside say is store/'s business (svk_entry_open, svk_beat_open).
 */
#ifndef SVK_FRAME_H
#define SVK_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* What a gossip message carries. */
typedef enum {
	SVK_FRAME_ENTRY,     /* a serialised entry envelope */
	SVK_FRAME_HEARTBEAT, /* a serialised signed heartbeat */
} svk_frame_kind;

/* svk_frame_size gives the bytes of a gossip message of kind carrying
 * len bytes of data. */
size_t svk_frame_size(svk_frame_kind kind, size_t len);

/* svk_frame_pack writes the gossip message of kind carrying data[0..len)
 * into out, which holds svk_frame_size(kind, len) bytes. */
void svk_frame_pack(svk_frame_kind kind, const uint8_t *data, size_t len,
    uint8_t *out);

/* A received gossip message, decoded. */
typedef struct svk_frame {
	svk_frame_kind kind;
	const uint8_t *data; /* points into the decoded message */
	size_t len;
	void *msg; /* the decoded message, owned */
} svk_frame;

/* svk_frame_open decodes buf[0..len) into f and tells what it carries;
 * SVK_EMALFORMED for bytes that do not decode or carry nothing. Release f
 * with svk_frame_fini (after a failure too). */
int svk_frame_open(svk_frame *f, const uint8_t *buf, size_t len) SVK_WUR;

/* svk_frame_fini releases what svk_frame_open decoded. */
void svk_frame_fini(svk_frame *f);

#endif
