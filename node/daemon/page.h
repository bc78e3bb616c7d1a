/*
 * page.h: the status page for people (/): this node, the federation's
 * members, this node's links, recent practices and needs, the indicators
 * and what was rejected, as one self-refreshing HTML page.
 */
#ifndef SVK_PAGE_H
#define SVK_PAGE_H

#include <microhttpd.h>

#include "config.h"
#include "home.h"

/* svk_page_respond answers c with the status page of home; a 500 if the
 * store cannot be read. MHD_NO if the response cannot be made. */
enum MHD_Result svk_page_respond(struct MHD_Connection *c, svk_home *home,
    const svk_config *cfg) SVK_WUR;

#endif
