/*
 * web_need_close.c: closing this node's need with the practice that
 * answered it. See web_need_close.h.
 */
#include "web_need_close.h"

#include <string.h>

#include "match.h"
#include "need_close.h"
#include "say.h"
#include "view.h"

#define CHOICES_MAX 10 /* matches offered, as the need's page ranks them */

/* What was chosen, and what is wrong with it. */
struct choice {
	const char *practice; /* "", "FPR/ID" of a match, or "other" */
	const char *ref;      /* the id typed, for "other" */
	const char *bad_key;  /* the message, at the practice's id */
	const char *arg;
};

static void
radio(svk_web_page *p, size_t i, const char *value, const char *chosen)
{
	fprintf(p->f,
	    "<label class=\"check\"><input type=\"radio\" name=\"practice\" "
	    "id=\"f-practice-%zu\" value=\"",
	    i);
	svk_web_html_esc(p->f, value);
	fprintf(p->f, "\"%s> ", strcmp(value, chosen) == 0 ? " checked" : "");
}

static void
form(svk_web_page *p, const svk_web_entity *e, const struct choice *c)
{
	const char *id = svk_web_html_str(e->row, "id");
	char fpr[SVK_FPR_LEN], value[SVK_FPR_LEN + 80];
	svk_matches ms;
	size_t i;

	svk_match_list_init(&ms);
	if (svk_match_need(p->req->home->store, e->origin, id, CHOICES_MAX, &ms) != 0)
		svk_match_list_fini(&ms); /* the form without the matches */
	fputs("<section id=\"close\"><h2>", p->f);
	svk_web_html_text(p, "need.close_title");
	fputs("</h2><p class=\"muted\">", p->f);
	svk_web_html_text(p, "need.close_explain");
	fputs("</p><form class=\"edit\" method=\"post\" action=\"", p->f);
	svk_web_entity_href(p, SVK_KIND_NEED, e->fpr, id);
	fputs("/close\">", p->f);
	svk_web_html_csrf(p);
	fputs("<fieldset><legend>", p->f);
	svk_web_html_text(p, "need.close_pick");
	fputs("</legend>", p->f);
	for (i = 0; i < ms.n; i++) {
		svk_crypto_fingerprint(ms.items[i].origin, fpr);
		snprintf(value, sizeof(value), "%s/%s", fpr, ms.items[i].id);
		radio(p, i, value, c->practice);
		svk_web_html_in(p, ms.items[i].lang, ms.items[i].title);
		fputs(" ", p->f);
		svk_web_html_from(p, ms.items[i].origin_name,
		    ms.items[i].origin_country);
		fputs("</label>", p->f);
	}
	radio(p, i++, "other", c->practice);
	svk_web_html_text(p, "need.close_other");
	fputs("</label>", p->f);
	radio(p, i, "", c->practice);
	svk_web_html_text(p, "need.close_none");
	fputs("</label><div class=\"field\"><label for=\"f-ref\">", p->f);
	svk_web_html_text(p, "need.close_ref");
	fputs("</label><input type=\"text\" id=\"f-ref\" name=\"ref\" value=\"", p->f);
	svk_web_html_esc(p->f, c->ref);
	fputs("\"", p->f);
	if (c->bad_key)
		fputs(" aria-invalid=\"true\" aria-describedby=\"e-ref\"", p->f);
	fputs(">", p->f);
	if (c->bad_key) {
		fputs("<p class=\"field-error\" id=\"e-ref\">", p->f);
		svk_web_html_say(p, c->bad_key, c->arg);
		fputs("</p>", p->f);
	}
	fputs("</div></fieldset><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "need.close_button");
	fputs("</button></p></form></section>", p->f);
	svk_match_list_fini(&ms);
}

/* Whether e is this node's own open need. */
static bool
own_open(svk_web_page *p, const svk_web_entity *e)
{
	const Samverk__Need *n = e->msg;

	return n != NULL && strcmp(n->status, "closed") != 0 &&
	       memcmp(e->origin, svk_crypto_identity_public(p->req->home->id),
		   SVK_KEY_LEN) == 0;
}

void
svk_web_need_close_form(svk_web_page *p, const svk_web_entity *e)
{
	const struct choice c = {"", "", NULL, NULL};

	if (own_open(p, e) && svk_web_html_can(p, SVK_WEB_EDITOR))
		form(p, e, &c);
}

/* Reads "ORIGIN/ID" (ORIGIN a fingerprint) into origin and *id. */
static bool
practice_ref(const char *ref, uint8_t origin[SVK_KEY_LEN], const char **id)
{
	const char *slash = strrchr(ref, '/');
	char fpr[SVK_FPR_LEN + 8];

	if (slash == NULL || slash == ref || slash[1] == '\0' ||
	    (size_t)(slash - ref) >= sizeof(fpr))
		return false;
	memcpy(fpr, ref, (size_t)(slash - ref));
	fpr[slash - ref] = '\0';
	*id = slash + 1;
	return svk_crypto_fingerprint_parse(fpr, origin) == 0;
}

static void
close_it(svk_web_page *p, const svk_web_entity *e, struct choice *c)
{
	const char *need = svk_web_html_str(e->row, "id"), *pid = NULL;
	const char *ref = strcmp(c->practice, "other") == 0 ? c->ref : c->practice;
	svk_need_close_refusal refused = 0;
	uint8_t porigin[SVK_KEY_LEN];
	char where[SVK_WEB_LOCATION_MAX];
	uint64_t seq = 0;
	int err;

	/* "other" names a practice: the CLI's --answered-by takes no "". */
	if (strcmp(c->practice, "other") == 0 && ref[0] == '\0') {
		c->bad_key = "form.err.missing";
		goto again;
	}
	if (ref[0] && !practice_ref(ref, porigin, &pid)) {
		c->bad_key = "need.close_no_practice";
		c->arg = ref;
		goto again;
	}
	err = svk_need_close(p->req->home, need, ref[0] ? porigin : NULL, pid,
	    &seq, &refused);
	if (err == SVK_EINVAL && refused == SVK_NEED_CLOSE_NO_PRACTICE) {
		c->bad_key = "need.close_no_practice";
		c->arg = ref;
		goto again;
	}
	if (err == SVK_EINVAL) {
		svk_web_html_message(p, 409, "need.close_title",
		    refused == SVK_NEED_CLOSE_CLOSED ? "need.close_closed" : "need.not_found",
		    NULL);
		return;
	}
	if (err != 0) {
		svk_say_warn("audit: %s could not close need %s: %s",
		    p->req->who->user, need, svk_error_str(err));
		svk_web_html_not_written(p, "need.close_title", err);
		return;
	}
	svk_say_info("audit: %s closed need %s%s%s (entry %llu)", p->req->who->user,
	    need, ref[0] ? ", answered by " : "", ref, (unsigned long long)seq);
	snprintf(where, sizeof(where), "/needs/%s/%s", e->fpr, need);
	svk_web_html_see_other(p, where);
	return;
again:
	p->status = 400;
	svk_web_html_head(p, "need.close_title", svk_web_html_str(e->row, "title"),
	    svk_web_html_str(e->row, "lang"), "nav.needs");
	fputs("<p class=\"warn\" role=\"alert\">", p->f);
	svk_web_html_text(p, "form.fix");
	fputs("</p>", p->f);
	form(p, e, c);
	svk_web_html_foot(p);
}

void
svk_web_need_close_page(svk_web_page *p, const char *origin, const char *id)
{
	struct choice c = {"", "", NULL, NULL};
	svk_web_entity e;

	if (!svk_web_html_may(p, SVK_WEB_EDITOR))
		return;
	if (svk_web_entity_load_own(p, SVK_KIND_NEED, origin, id, &e) != 0)
		goto out;
	if (!own_open(p, &e)) {
		svk_web_html_message(p, 409, "need.close_title",
		    "need.close_closed", NULL);
		goto out;
	}
	if (strcmp(p->req->method, "POST") != 0) {
		svk_web_html_head(p, "need.close_title",
		    svk_web_html_str(e.row, "title"),
		    svk_web_html_str(e.row, "lang"), "nav.needs");
		form(p, &e, &c);
		svk_web_html_foot(p);
		goto out;
	}
	c.practice = svk_web_html_field(p, "practice");
	c.ref = svk_web_html_field(p, "ref");
	close_it(p, &e, &c);
out:
	svk_web_entity_fini(&e);
}
