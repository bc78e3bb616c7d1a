/*
 * web_adopt.c: adopting a partner's practice from its page. See
 * web_adopt.h.
 *
 * The form names elements by the practice's own wording (check boxes for
 * the core elements, one field per flexible element), so it cannot name an
 * element the practice lacks; what the CLI checks besides (a known status,
 * lengths, valid text) is checked again here, field by field.
 */
#include "web_adopt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "adopter.h"
#include "adoption.h"
#include "author.h"
#include "fold.h"
#include "follow_up.h"
#include "log.h"
#include "say.h"
#include "view.h"
#include "vocab.h"
#include "web_entity.h"

static const char *const statuses[] = {
    "considering", "piloting", "adopted", "dropped", NULL};

/* What the form holds: read from a POST, or from the earlier record. */
struct adopt {
	const Samverk__Practice *pr;
	const char *status;
	const char **kept; /* [pr->n_core_elements], in the practice's wording */
	size_t n_kept;
	const char **how; /* [pr->n_flexible_elements]: "" when not adapted */
	const char *note;
	const char *bad;     /* the field that is wrong, or NULL */
	const char *bad_key; /* and what is wrong with it */
	char limit[16];	     /* the limit it broke, for the message */
};

static bool
kept(const struct adopt *a, const char *element)
{
	for (size_t i = 0; i < a->n_kept; i++)
		if (strcmp(a->kept[i], element) == 0)
			return true;
	return false;
}

static void
problem(svk_web_page *p, const struct adopt *a, const char *name)
{
	if (a->bad == NULL || strcmp(a->bad, name) != 0)
		return;
	fprintf(p->f, "<p class=\"field-error\" id=\"e-%s\">", name);
	svk_web_html_say(p, a->bad_key, a->limit);
	fputs("</p>", p->f);
}

static void
invalid(svk_web_page *p, const struct adopt *a, const char *name)
{
	if (a->bad && strcmp(a->bad, name) == 0)
		fprintf(p->f, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
}

static void
form(svk_web_page *p, const svk_web_entity *e, const struct adopt *a)
{
	const Samverk__Practice *pr = a->pr;
	char name[32];

	svk_web_html_head(p, "adopt.title", pr->title, pr->lang, "nav.practices");
	if (a->bad) {
		fputs("<p class=\"warn\" role=\"alert\">", p->f);
		svk_web_html_text(p, "form.fix");
		fputs("</p>", p->f);
	}
	fputs("<p>", p->f);
	svk_web_html_from(p, svk_web_html_str(e->row, "origin_name"),
	    svk_web_html_str(e->row, "country"));
	fputs("</p><form class=\"edit\" method=\"post\" action=\"\">", p->f);
	svk_web_html_csrf(p);
	fputs("<div class=\"field\"><label for=\"f-status\">", p->f);
	svk_web_html_text(p, "adopt.status");
	fputs("</label><select id=\"f-status\" name=\"status\"", p->f);
	invalid(p, a, "status");
	fputs(">", p->f);
	for (size_t i = 0; statuses[i]; i++) {
		fprintf(p->f, "<option value=\"%s\"%s>", statuses[i],
		    a->status && strcmp(a->status, statuses[i]) == 0 ? " selected" : "");
		svk_web_html_code(p, "adopt", statuses[i]);
		fputs("</option>", p->f);
	}
	fputs("</select>", p->f);
	problem(p, a, "status");
	fputs("</div><fieldset class=\"kept\"><legend>", p->f);
	svk_web_html_text(p, "adopt.kept_legend");
	fputs("</legend>", p->f);
	for (size_t i = 0; i < pr->n_core_elements; i++) {
		fprintf(p->f,
		    "<label class=\"check\"><input type=\"checkbox\" name=\"kept\" "
		    "value=\"");
		svk_web_html_esc(p->f, pr->core_elements[i]);
		fprintf(p->f, "\"%s> ",
		    kept(a, pr->core_elements[i]) ? " checked" : "");
		svk_web_html_in(p, pr->lang, pr->core_elements[i]);
		fputs("</label>", p->f);
	}
	problem(p, a, "kept");
	fputs("</fieldset>", p->f);
	if (pr->n_flexible_elements > 0) {
		fputs("<fieldset class=\"adapted\"><legend>", p->f);
		svk_web_html_text(p, "adopt.adapt_legend");
		fputs("</legend>", p->f);
	}
	for (size_t i = 0; i < pr->n_flexible_elements; i++) {
		snprintf(name, sizeof(name), "adapt.%zu", i);
		fprintf(p->f, "<div class=\"field\"><label for=\"f-%s\">", name);
		svk_web_html_in(p, pr->lang, pr->flexible_elements[i]);
		fprintf(p->f,
		    "</label><input type=\"text\" id=\"f-%s\" name=\"%s\" value=\"",
		    name, name);
		svk_web_html_esc(p->f, a->how[i]);
		fputs("\"", p->f);
		invalid(p, a, name);
		fputs(">", p->f);
		problem(p, a, name);
		fputs("</div>", p->f);
	}
	if (pr->n_flexible_elements > 0)
		fputs("</fieldset>", p->f);
	fputs("<div class=\"field\"><label for=\"f-note\">", p->f);
	svk_web_html_text(p, "adopt.note");
	fputs("</label><textarea id=\"f-note\" name=\"note\" rows=\"4\"", p->f);
	invalid(p, a, "note");
	fputs(">", p->f);
	svk_web_html_esc(p->f, a->note);
	fputs("</textarea>", p->f);
	problem(p, a, "note");
	fputs("</div><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "adopt.button");
	fputs("</button></p></form>", p->f);
	svk_web_html_foot(p);
}

/* Fills a from this node's earlier record of the adoption (kept in *body). */
static void
from_earlier(svk_web_page *p, const svk_web_entity *e, struct adopt *a,
    Samverk__Body **body)
{
	const Samverk__Adoption *ad;

	if (svk_adopter_read(p->req->home, e->origin, a->pr->id, body) != 0 ||
	    *body == NULL)
		return;
	ad = (*body)->adoption;
	a->status = ad->status;
	a->note = ad->note;
	for (size_t i = 0; i < a->pr->n_core_elements; i++)
		if (svk_adoption_keeps(ad, a->pr->core_elements[i]))
			a->kept[a->n_kept++] = a->pr->core_elements[i];
	for (size_t i = 0; i < ad->n_adapted; i++)
		for (size_t j = 0; j < a->pr->n_flexible_elements; j++)
			if (strcmp(ad->adapted[i]->element,
				a->pr->flexible_elements[j]) == 0)
				a->how[j] = ad->adapted[i]->how;
}

/* Whether text is fit for field name: valid UTF-8 and at most max bytes. */
static bool
fits(struct adopt *a, const char *name, const char *text, size_t max)
{
	size_t len = strlen(text);

	if (!svk_fold_utf8_valid(text, len)) {
		a->bad = name;
		a->bad_key = "adopt.not_text";
		return false;
	}
	if (len > max) {
		a->bad = name;
		a->bad_key = "adopt.too_long";
		snprintf(a->limit, sizeof(a->limit), "%zu", max);
		return false;
	}
	return true;
}

/* Reads the POST into a; false when a field is wrong (a->bad says which). */
static bool
from_post(svk_web_page *p, struct adopt *a, char names[][32])
{
	const svk_web_fields *f = p->req->form;
	const char *v;
	size_t bad = 0, n = 0;

	a->status = svk_web_html_field(p, "status");
	a->note = svk_web_html_field(p, "note");
	for (size_t i = 0; i < a->pr->n_flexible_elements; i++) {
		snprintf(names[i], 32, "adapt.%zu", i);
		a->how[i] = svk_web_html_field(p, names[i]);
	}
	if (!svk_vocab_adoption_status_valid(a->status)) {
		a->bad = "status";
		a->bad_key = "adopt.bad_status";
		return false;
	}
	if (!fits(a, "note", a->note, SVK_AUTHOR_MAX_TEXT))
		return false;
	for (size_t i = 0; i < a->pr->n_flexible_elements; i++)
		if (!fits(a, names[i], a->how[i], SVK_AUTHOR_MAX_ITEM))
			return false;
	/* The boxes ticked, mapped onto the practice's own wording. */
	const char **ticked = calloc(a->pr->n_core_elements + 1, sizeof(*ticked));
	if (ticked == NULL)
		return false;
	for (unsigned i = 0; f && f->each && n < a->pr->n_core_elements &&
			     (v = f->each(f->arg, "kept", i)) != NULL;
	     i++)
		ticked[n++] = v;
	if (svk_adoption_kept(a->pr, ticked, n, a->kept, &a->n_kept, &bad) != 0) {
		a->n_kept = 0;
		a->bad = "kept";
		a->bad_key = "adopt.bad_element";
		free(ticked);
		return false;
	}
	free(ticked);
	return true;
}

/* Signs a into this node's log, keeping the start and the follow-ups of
 * the earlier record (as `samverk adopt` does); sends the browser to the
 * practice. */
static int
save(svk_web_page *p, const svk_web_entity *e, const struct adopt *a)
{
	Samverk__Body *old = NULL;
	char today[11];
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;
	size_t n = a->pr->n_flexible_elements, m = 0;
	Samverk__Adaptation *adapted = calloc(n + 1, sizeof(*adapted));
	Samverk__Adaptation **list = calloc(n + 1, sizeof(*list));
	uint64_t seq = 0;
	int err = -ENOMEM;

	if (adapted == NULL || list == NULL)
		goto out;
	if ((err = svk_adopter_read(p->req->home, e->origin, a->pr->id, &old)) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (a->how[i][0] == '\0')
			continue;
		samverk__adaptation__init(&adapted[m]);
		adapted[m].element = a->pr->flexible_elements[i];
		adapted[m].how = (char *)a->how[i];
		list[m] = &adapted[m];
		m++;
	}
	ad.practice_origin.data = (uint8_t *)e->origin;
	ad.practice_origin.len = SVK_KEY_LEN;
	ad.practice_id = a->pr->id;
	ad.status = (char *)a->status;
	ad.kept = (char **)a->kept;
	ad.n_kept = a->n_kept;
	ad.adapted = list;
	ad.n_adapted = m;
	ad.note = (char *)a->note;
	svk_follow_up_today(today);
	ad.started = (char *)svk_adopter_started(a->status, NULL,
	    old ? old->adoption->started : NULL, today);
	if (old) {
		ad.follow_ups = old->adoption->follow_ups;
		ad.n_follow_ups = old->adoption->n_follow_ups;
	}
	body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	body.adoption = &ad;
	err = svk_log_append(p->req->home->store, p->req->home->id, &body, &seq, NULL);
	if (err == 0) {
		svk_say_info("audit: %s adopted practice %s/%s as %s (entry %llu)",
		    p->req->who->user, e->fpr, a->pr->id, a->status,
		    (unsigned long long)seq);
		char where[SVK_WEB_LOCATION_MAX];
		snprintf(where, sizeof(where), "/practices/%s/%s", e->fpr, a->pr->id);
		svk_web_html_see_other(p, where);
	}
out:
	if (old)
		samverk__body__free_unpacked(old, NULL);
	free(adapted);
	free(list);
	return err;
}

void
svk_web_adopt_page(svk_web_page *p, const char *origin, const char *id)
{
	svk_web_entity e;
	struct adopt a = {0};
	Samverk__Body *before = NULL;
	char(*names)[32] = NULL;
	int err;

	if (!svk_web_html_may(p, SVK_WEB_EDITOR))
		return;
	if (svk_web_entity_load_partner(p, origin, id, &e) != 0)
		goto out;
	a.pr = e.msg;
	a.kept = calloc(a.pr->n_core_elements + 1, sizeof(*a.kept));
	a.how = calloc(a.pr->n_flexible_elements + 1, sizeof(*a.how));
	names = calloc(a.pr->n_flexible_elements + 1, sizeof(*names));
	if (a.kept == NULL || a.how == NULL || names == NULL) {
		svk_web_html_message(p, 500, "adopt.title", "page.error", NULL);
		goto out;
	}
	for (size_t i = 0; i < a.pr->n_flexible_elements; i++)
		a.how[i] = "";
	a.note = "";
	if (strcmp(p->req->method, "POST") != 0) {
		from_earlier(p, &e, &a, &before);
		form(p, &e, &a);
	} else if (!from_post(p, &a, names)) {
		p->status = 400;
		form(p, &e, &a);
	} else if ((err = save(p, &e, &a)) != 0) {
		svk_say_warn("audit: %s could not adopt practice %s/%s: %s",
		    p->req->who->user, e.fpr, a.pr->id, svk_error_str(err));
		svk_web_html_message(p, 500, "adopt.title", "page.error", NULL);
	}
out:
	if (before)
		samverk__body__free_unpacked(before, NULL);
	free(a.kept);
	free(a.how);
	free(names);
	svk_web_entity_fini(&e);
}
