/*
 * web_entity.h: what the web app's practice and need pages share: the
 * list of either kind, searched as the CLI searches (view.h, search.h) and
 * filtered by area, country, member, language (and a need's status); the
 * table rows link to each one's page; finding one by origin and id; and its
 * record as the JSON file the CLI takes.
 */
#ifndef SVK_WEB_ENTITY_H
#define SVK_WEB_ENTITY_H

#include <jansson.h>
#include <stdbool.h>

#include "crypto.h"
#include "samverk.pb-c.h"
#include "web_html.h"

/* One practice or need, found. */
typedef struct svk_web_entity {
	int kind;
	uint8_t origin[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];
	json_t *row;	     /* as svk_report_entity describes it */
	Samverk__Body *body; /* the entry in force (a retraction, perhaps) */
	const void *msg;     /* its practice or need; NULL when retracted */
} svk_web_entity;

/* svk_web_entity_load finds the entity (kind) origin/id into e. 0; else it
 * has written the page that says why (404, 500) and returns non-zero. e
 * needs svk_web_entity_fini either way. */
int svk_web_entity_load(svk_web_page *p, int kind, const char *origin,
    const char *id, svk_web_entity *e) SVK_WUR;

/* svk_web_entity_load_partner does svk_web_entity_load of a practice that
 * a partner shares and that stands: 404 when it was retracted, 403 when it
 * is this node's own (adopting and following up are for partners'). */
int svk_web_entity_load_partner(svk_web_page *p, const char *origin,
    const char *id, svk_web_entity *e) SVK_WUR;

/* svk_web_entity_load_own does svk_web_entity_load and more: the entity
 * must be this node's own, and stand (not retracted); 403 otherwise. */
int svk_web_entity_load_own(svk_web_page *p, int kind, const char *origin,
    const char *id, svk_web_entity *e) SVK_WUR;

/* svk_web_entity_fini frees what e holds. */
void svk_web_entity_fini(svk_web_entity *e);

/* svk_web_entity_download makes p the record of e as the JSON file the CLI
 * takes (practice add / need add), to save as ID.json; 404 when it was
 * retracted. */
void svk_web_entity_download(svk_web_page *p, const svk_web_entity *e);

/* svk_web_entity_href writes the path of the page of kind origin/id (origin
 * a fingerprint). */
void svk_web_entity_href(svk_web_page *p, int kind, const char *origin,
    const char *id);

/* svk_web_entity_para writes a heading of level (key's text) and a
 * paragraph of text written in lang; nothing when text is empty. */
void svk_web_entity_para(svk_web_page *p, int level, const char *key,
    const char *lang, const char *text);

/* svk_web_entity_facts writes who published e, where, in what language,
 * when, its areas, and the link to download it (or that it was retracted). */
void svk_web_entity_facts(svk_web_page *p, const svk_web_entity *e);

/* svk_web_entity_actions writes the links to what p's user may do with
 * e: edit it (this node's own), adopt it (a partner's practice). Nothing
 * for a reader who may not write. */
void svk_web_entity_actions(svk_web_page *p, const svk_web_entity *e);

/* svk_web_entity_translations writes a section with each translation t[i]
 * (title, summary, challenge, description: those it has). */
void svk_web_entity_translations(svk_web_page *p, Samverk__Translation **t, size_t n);

/* svk_web_entity_table writes a table of entities (a JSON array as
 * svk_report_entities gives it), each linked to its page. */
void svk_web_entity_table(svk_web_page *p, json_t *list, int kind);

/* svk_web_entity_list writes the list page of kind, as the query arguments
 * q, area, country, member, language and (needs) status ask. */
void svk_web_entity_list(svk_web_page *p, int kind);

#endif
