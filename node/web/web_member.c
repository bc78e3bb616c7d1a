/*
 * web_member.c: the coordinator's members page: the roster, adding a node
 * from its pasted join request, suspending and resuming a member, renewing
 * the roster. See web_member.h; the changes are roster_admin.c's, shared
 * with the command line.
 */
#include "web_member.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "crypto_fingerprint.h"
#include "fold.h"
#include "report.h"
#include "roster.h"
#include "roster_admin.h"
#include "say.h"
#include "view.h"

#define REQUEST_MAX (64 * 1024) /* a join request, wrapped and quoted */

/* What the add form shows: what was pasted and what is wrong with it. */
struct add_form {
	const char *request;
	const char *bad_key; /* NULL: nothing wrong */
	const char *arg;     /* for bad_key's %s */
};

struct rows {
	svk_web_page *p;
	const uint8_t *me;
};

/* The name of the member with fingerprint fpr, for a change's message. */
struct named {
	uint8_t key[SVK_KEY_LEN];
	char name[128];
};

bool
svk_web_member_shown(const svk_web_page *p)
{
	return svk_web_html_can(p, SVK_WEB_ADMIN) &&
	       svk_roster_is_coordinator(p->req->home);
}

bool
svk_web_member_admin(svk_web_page *p)
{
	if (svk_web_html_can(p, SVK_WEB_ADMIN))
		return true;
	svk_web_html_message(p, 403, "form.forbidden_title", "member.admin_only", NULL);
	return false;
}

static void
status_form(svk_web_page *p, const char *fpr, const char *name, bool active)
{
	fprintf(p->f, "<form method=\"post\" action=\"/members/%s\">",
	    active ? "suspend" : "resume");
	svk_web_html_csrf(p);
	fputs("<input type=\"hidden\" name=\"node\" value=\"", p->f);
	svk_web_html_esc(p->f, fpr);
	fputs("\"><button type=\"submit\" aria-label=\"", p->f);
	svk_web_html_say(p, active ? "member.suspend_who" : "member.resume_who", name);
	fputs("\">", p->f);
	svk_web_html_text(p, active ? "member.suspend" : "member.resume");
	fputs("</button></form>", p->f);
}

static int
row_cb(void *arg, const svk_member *m)
{
	struct rows *r = arg;
	svk_web_page *p = r->p;
	bool active = m->status == SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE;
	bool self = memcmp(m->key, r->me, SVK_KEY_LEN) == 0;
	char fpr[SVK_FPR_LEN];

	svk_crypto_fingerprint(m->key, fpr);
	fputs("<tr class=\"member\">", p->f);
	svk_web_html_td(p, "coord.member", NULL);
	svk_web_html_esc(p->f, m->name);
	if (self) {
		fputs(" <span class=\"muted\">(", p->f);
		svk_web_html_text(p, "coord.coordinator");
		fputs(")</span>", p->f);
	}
	fputs("</td>", p->f);
	svk_web_html_td(p, "coord.country", NULL);
	svk_web_html_esc(p->f, m->country);
	fputs("</td>", p->f);
	svk_web_html_td(p, "member.status", active ? "on" : "off");
	svk_web_html_text(p, active ? "member.active" : "member.suspended");
	fputs("</td>", p->f);
	svk_web_html_td(p, "member.fingerprint", NULL);
	fputs("<span class=\"fpr\" style=\"overflow-wrap:anywhere\">", p->f);
	svk_web_html_esc(p->f, fpr);
	fputs("</span></td>", p->f);
	svk_web_html_td(p, "member.action", NULL);
	if (!self)
		status_form(p, fpr, m->name, active);
	fputs("</td></tr>", p->f);
	return 0;
}

static int
roster(svk_web_page *p)
{
	static const char *const cols[] = {"coord.member", "coord.country",
	    "member.status", "member.fingerprint", "member.action"};
	struct rows r = {.p = p, .me = svk_crypto_identity_public(p->req->home->id)};
	int err;

	fputs("<section id=\"roster\"><h2>", p->f);
	svk_web_html_text(p, "coord.members");
	fputs("</h2><table><thead><tr>", p->f);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		svk_web_html_th(p, cols[i]);
	fputs("</tr></thead><tbody>", p->f);
	err = svk_view_members(p->req->home->store, row_cb, &r);
	fputs("</tbody></table></section>", p->f);
	return err;
}

static int
named_cb(void *arg, const svk_member *m)
{
	struct named *n = arg;

	if (memcmp(m->key, n->key, SVK_KEY_LEN) == 0)
		snprintf(n->name, sizeof(n->name), "%s", m->name);
	return 0;
}

static void
expiry(svk_web_page *p)
{
	int64_t expires = 0;
	char when[32], days[16];

	fputs("<section id=\"renew\"><h2>", p->f);
	svk_web_html_text(p, "member.renew_title");
	fputs("</h2><p>", p->f);
	if (svk_roster_expiry(p->req->home->store, &expires) != 0 || expires == 0) {
		svk_web_html_text(p, "page.unknown");
	} else if (expires < svk_clock_now_ms()) {
		fputs("<strong class=\"off\">", p->f);
		svk_web_html_text(p, "page.roster_expired");
		fputs("</strong>", p->f);
	} else {
		svk_report_iso_time(expires, when);
		svk_web_html_say(p, "coord.roster_expires", when);
	}
	fputs("</p><form method=\"post\" action=\"/members/renew\">", p->f);
	svk_web_html_csrf(p);
	snprintf(days, sizeof(days), "%u", p->req->cfg->roster_days);
	fputs("<button type=\"submit\">", p->f);
	svk_web_html_say(p, "member.renew", days);
	fputs("</button></form></section>", p->f);
}

static void
add_section(svk_web_page *p, const struct add_form *a)
{
	fputs("<section id=\"add\"><h2>", p->f);
	svk_web_html_text(p, "member.add_title");
	fputs("</h2><form class=\"edit\" method=\"post\" action=\"/members/add\">",
	    p->f);
	svk_web_html_csrf(p);
	fputs("<div class=\"field\"><label for=\"f-request\">", p->f);
	svk_web_html_text(p, "member.request");
	fputs("</label><p class=\"muted\" id=\"h-request\">", p->f);
	svk_web_html_text(p, "member.request_help");
	fputs("</p><textarea id=\"f-request\" name=\"request\" rows=\"6\"", p->f);
	if (a->bad_key)
		fputs(" aria-invalid=\"true\" aria-describedby=\"e-request h-request\"",
		    p->f);
	else
		fputs(" aria-describedby=\"h-request\"", p->f);
	fputs(">", p->f);
	svk_web_html_esc(p->f, a->request);
	fputs("</textarea>", p->f);
	if (a->bad_key) {
		fputs("<p class=\"field-error\" id=\"e-request\">", p->f);
		svk_web_html_say(p, a->bad_key, a->arg);
		fputs("</p>", p->f);
	}
	fputs("</div><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "member.add");
	fputs("</button></p></form></section>", p->f);
}

/* The message of the change a 303 came back from: ?done=...&node=...&
 * version=..., naming the member by its name in the roster. */
static void
done_message(svk_web_page *p)
{
	static const char *const dones[] = {
	    "added", "suspended", "resumed", "renewed", NULL};
	const char *done = svk_web_html_arg(p, "done");
	const char *version = svk_web_html_arg(p, "version");
	const char *node = svk_web_html_arg(p, "node");
	struct named n = {{0}, ""};
	char key[40];
	size_t i;

	if (done == NULL || version == NULL ||
	    strspn(version, "0123456789") != strlen(version))
		return;
	for (i = 0; dones[i] && strcmp(dones[i], done) != 0; i++)
		;
	if (dones[i] == NULL)
		return;
	snprintf(key, sizeof(key), "member.done_%s", done);
	fputs("<p class=\"warn\" role=\"status\" id=\"done\">", p->f);
	if (strcmp(done, "renewed") == 0) {
		svk_web_html_say(p, key, version);
	} else if (node != NULL && svk_crypto_fingerprint_parse(node, n.key) == 0 &&
		   svk_view_members(p->req->home->store, named_cb, &n) == 0 &&
		   n.name[0] != '\0') {
		svk_web_html_say(p, key, n.name, version);
	} else {
		svk_web_html_say(p, "member.done", version);
	}
	fputs("</p>", p->f);
}

static void
page(svk_web_page *p, const struct add_form *a)
{
	svk_web_html_head(p, "member.title", NULL, NULL, "nav.overview");
	if (a->bad_key) {
		fputs("<p class=\"warn\" role=\"alert\">", p->f);
		svk_web_html_text(p, "form.fix");
		fputs("</p>", p->f);
	} else {
		done_message(p);
	}
	expiry(p);
	if (roster(p) != 0) {
		svk_web_html_message(p, 500, "member.title", "page.error", NULL);
		return;
	}
	add_section(p, a);
	svk_web_html_foot(p);
}

/* Back to the page after a change, which names it there. */
static void
changed(svk_web_page *p, const char *done, const svk_roster_admin_done *d)
{
	char where[SVK_WEB_LOCATION_MAX];

	snprintf(where, sizeof(where), "/members?done=%s&node=%s&version=%llu",
	    done, d->fpr, (unsigned long long)d->version);
	svk_web_html_see_other(p, where);
}

/* A change that could not be signed: on hold, or the store failed. */
static void
not_signed(svk_web_page *p, const char *what, int err)
{
	svk_say_warn("audit: %s could not %s: %s", p->req->who->user, what,
	    svk_error_str(err));
	svk_web_html_not_written(p, "member.title", err);
}

static const char *
field(svk_web_page *p, const char *name)
{
	const svk_web_fields *f = p->req->form;
	const char *v = f && f->get ? f->get(f->arg, name) : NULL;

	return v ? v : "";
}

static void
add(svk_web_page *p)
{
	struct add_form a = {.request = field(p, "request")};
	Samverk__Member *m = NULL;
	svk_roster_admin_done d;
	char max[16];
	int err;

	snprintf(max, sizeof(max), "%d", REQUEST_MAX);
	if (!svk_fold_utf8_valid(a.request, strlen(a.request))) {
		a.request = "";
		a.bad_key = "adopt.not_text";
	} else if (strlen(a.request) > REQUEST_MAX) {
		a.request = "";
		a.bad_key = "adopt.too_long";
		a.arg = max;
	} else if (a.request[strspn(a.request, " \t\r\n>")] == '\0') {
		a.bad_key = "member.request_missing";
	} else if ((err = svk_roster_admin_request(a.request, &m)) != 0) {
		a.bad_key = err == SVK_EBADSIG	  ? "member.request_forged" :
			    err == SVK_EMALFORMED ? "member.request_damaged" :
						    "member.request_not";
	} else if ((err = svk_roster_admin_add(p->req->home, p->req->cfg, m, 0, &d)) ==
		   SVK_EEXISTS) {
		a.bad_key = "member.already";
		a.arg = m->name;
	} else if (err != 0) {
		not_signed(p, "add a member", err);
	} else {
		svk_say_info("audit: %s added member %s (%s, %s); roster version "
			     "%llu",
		    p->req->who->user, d.name, d.country, d.fpr,
		    (unsigned long long)d.version);
		changed(p, "added", &d);
	}
	if (a.bad_key) {
		p->status = 400;
		page(p, &a); /* a.arg may be m's */
	}
	if (m != NULL)
		protobuf_c_message_free_unpacked(&m->base, NULL);
}

static void
set_status(svk_web_page *p, bool suspend)
{
	const char *what = suspend ? "suspend" : "resume";
	uint8_t key[SVK_KEY_LEN];
	svk_roster_admin_done d;
	int err;

	if (svk_crypto_fingerprint_parse(field(p, "node"), key) != 0) {
		svk_web_html_message(p, 400, "member.title", "member.no_member", NULL);
		return;
	}
	err = svk_roster_admin_status(p->req->home, p->req->cfg, key, suspend, 0, &d);
	if (err == SVK_ENOTFOUND || err == SVK_EINVAL) {
		svk_web_html_message(p, 400, "member.title",
		    err == SVK_EINVAL ? "member.not_self" : "member.no_member", NULL);
	} else if (err != 0) {
		not_signed(p, what, err);
	} else {
		svk_say_info("audit: %s %s member %s (%s); roster version %llu",
		    p->req->who->user, suspend ? "suspended" : "resumed", d.name,
		    d.fpr, (unsigned long long)d.version);
		changed(p, suspend ? "suspended" : "resumed", &d);
	}
}

static void
renew(svk_web_page *p)
{
	svk_roster_admin_done d;
	int err = svk_roster_admin_renew(p->req->home, p->req->cfg, 0, &d);

	if (err != 0) {
		not_signed(p, "renew the roster", err);
		return;
	}
	svk_say_info("audit: %s renewed the roster: version %llu, valid %ld days",
	    p->req->who->user, (unsigned long long)d.version, d.days);
	changed(p, "renewed", &d);
}

void
svk_web_member_page(svk_web_page *p, const char *action)
{
	const struct add_form none = {.request = ""};
	bool post = strcmp(p->req->method, "POST") == 0;

	if (!svk_web_member_admin(p))
		return;
	if (!svk_roster_is_coordinator(p->req->home)) {
		svk_web_html_message(p, 403, "form.forbidden_title",
		    "member.not_coordinator", NULL);
		return;
	}
	if (action == NULL && !post)
		page(p, &none);
	else if (action == NULL || !post)
		svk_web_html_message(p, 405, "member.title", "member.post_only", NULL);
	else if (strcmp(action, "add") == 0)
		add(p);
	else if (strcmp(action, "suspend") == 0 || strcmp(action, "resume") == 0)
		set_status(p, strcmp(action, "suspend") == 0);
	else if (strcmp(action, "renew") == 0)
		renew(p);
	else
		svk_web_html_message(p, 404, "page.not_found",
		    "page.not_found_text", NULL);
}
