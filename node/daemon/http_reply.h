/*
 * http_reply.h: writing an HTTP response for libmicrohttpd, shared by the
 * server (http.c) and what it serves (page.c, api.c, metrics.c).
 *
 * Every response carries the same headers: its type, no caching, no type
 * sniffing, and a content security policy that allows inline style only.
 * A body is either a string (svk_http_reply_text, svk_http_reply_json) or
 * text written with stdio into memory (svk_http_reply_open, then
 * svk_http_reply_send).
 */
#ifndef SVK_HTTP_REPLY_H
#define SVK_HTTP_REPLY_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>

#include "error.h"

/* A response body in the making: write to f, then svk_http_reply_send. */
typedef struct svk_http_reply {
	FILE *f;
	char *buf;
	size_t len;
} svk_http_reply;

/* svk_http_reply_open starts an empty body in memory. -ENOMEM if it
 * cannot; otherwise r must go to svk_http_reply_send. */
int svk_http_reply_open(svk_http_reply *r) SVK_WUR;

/* svk_http_reply_send ends r's body and queues it on c with status and
 * Content-Type type. The body is freed whatever happens. MHD_NO if the
 * body or the response cannot be made. */
enum MHD_Result svk_http_reply_send(svk_http_reply *r, struct MHD_Connection *c,
    unsigned status, const char *type) SVK_WUR;

/* svk_http_reply_with is svk_http_reply_send with extra headers: name,
 * value pairs ended by NULL (Set-Cookie, Location, Retry-After); a header
 * libmicrohttpd refuses (a CR or LF in it) fails the response: MHD_NO. */
enum MHD_Result svk_http_reply_with(svk_http_reply *r, struct MHD_Connection *c,
    unsigned status, const char *type, const char *const *headers) SVK_WUR;

/* svk_http_reply_text_with is svk_http_reply_text with extra headers, as
 * svk_http_reply_with takes them. */
enum MHD_Result svk_http_reply_text_with(struct MHD_Connection *c,
    unsigned status, const char *text, const char *const *headers) SVK_WUR;

/* svk_http_reply_text queues text (copied) as text/plain with status. */
enum MHD_Result svk_http_reply_text(struct MHD_Connection *c, unsigned status,
    const char *text) SVK_WUR;

/* svk_http_reply_json queues doc as indented JSON with status 200 and
 * releases doc; a NULL doc (the store could not be read) is a 500. */
enum MHD_Result svk_http_reply_json(struct MHD_Connection *c, json_t *doc) SVK_WUR;

#endif
