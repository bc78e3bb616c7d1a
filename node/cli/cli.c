/*
 * cli.c: what the subcommands of `samverk` share (see cli.h): the dispatcher
 * over a table of commands, opening the node and its settings, finding
 * entities, and output helpers. The option parser is cli_opt.c, one-line
 * errors are cli_error.c.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_node.h"
#include "cli_width.h"
#include "config.h"
#include "hold_text.h"
#include "roster.h"
#include "view.h"

static void
group_help(const svk_cmd_group *g, FILE *out)
{
	const char *sp = g->name ? " " : "", *name = g->name ? g->name : "";
	int width = 9;

	for (const svk_cmd *c = g->cmds; c->name; c++)
		if ((int)strlen(c->name) > width)
			width = (int)strlen(c->name);
	fprintf(out, "usage: samverk%s%s <command> [options]\n\n%scommands:\n",
	    sp, name, g->about ? g->about : "");
	for (const svk_cmd *c = g->cmds; c->name; c++)
		fprintf(out, "  %-*s %s\n", width + 1, c->name, c->summary);
	fprintf(out, "\n%s'samverk%s%s <command> --help' tells more.\n",
	    g->footer ? g->footer : "", sp, name);
}

int
svk_cli_dispatch(svk_cli *cli, const svk_cmd_group *g, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		group_help(g, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (const svk_cmd *c = g->cmds; c->name; c++) {
		if (strcmp(c->name, argv[1]) == 0) {
			svk_cli_error_push(c->name);
			return c->run(cli, argc - 1, argv + 1);
		}
	}
	if (g->name)
		svk_cli_error("'%s %s' is not a command; see 'samverk %s --help'",
		    g->name, argv[1], g->name);
	else
		svk_cli_error("'%s' is not a samverk command; see 'samverk --help'",
		    argv[1]);
	return 2;
}

int
svk_cli_need_dir(const svk_cli *cli)
{
	if (cli->dir == NULL) {
		svk_cli_error("no node folder: give --dir DIR or set SAMVERK_DIR");
		return 2;
	}
	return 0;
}

svk_home *
svk_cli_open(svk_cli *cli)
{
	svk_home *home = NULL;
	int err;

	if (svk_cli_need_dir(cli) != 0)
		return NULL;
	err = svk_home_open(&home, cli->dir);
	switch (err) {
	case 0: return home;
	case SVK_ENOINIT:
		svk_cli_error("%s holds no node; create one with 'samverk --dir %s "
			      "init --name NAME --country CC'",
		    cli->dir, cli->dir);
		break;
	case SVK_EKEYPERM:
		svk_cli_error("%s/node.key may be read by others; fix with "
			      "'chmod 600 %s/node.key'",
		    cli->dir, cli->dir);
		break;
	case SVK_EBADKEY:
		svk_cli_error("%s/node.key is damaged or belongs to another store",
		    cli->dir);
		break;
	case SVK_ECORRUPT:
		svk_cli_error("%s/samverk.db is not a Samverk store or is damaged; "
			      "restore it from a backup",
		    cli->dir);
		break;
	case -ENOENT: {
		char path[4200];
		bool key = svk_home_path(cli->dir, "node.key", path, sizeof(path)) == 0 &&
			   access(path, F_OK) != 0;
		svk_cli_error("%s/%s is missing; restore it from a backup",
		    cli->dir, key ? "node.key" : "samverk.db");
		break;
	}
	default:
		svk_cli_error("cannot open the node in %s: %s", cli->dir,
		    svk_error_str(err));
	}
	return NULL;
}

const char *
svk_cli_breakdown(const char *b)
{
	return strcmp(b, "_T") == 0	   ? "total" :
	       strncmp(b, "area:", 5) == 0 ? b + 5 :
					     b;
}

char *
svk_cli_read_file(const char *path, size_t max, size_t *len)
{
	struct stat sb;
	char *buf = NULL;
	size_t got = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		svk_cli_error("cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0) {
		svk_cli_error("cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		svk_cli_error("%s is not a regular file", path);
		goto fail;
	}
	if ((size_t)sb.st_size > max) {
		svk_cli_error("%s is too big (%lld bytes; at most %zu)", path,
		    (long long)sb.st_size, max);
		goto fail;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		svk_cli_error("out of memory");
		goto fail;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			svk_cli_error("cannot read %s: %s", path,
			    n < 0 ? strerror(errno) : "file shrank while read");
			goto fail;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	*len = got;
	(void)close(fd);
	return buf;
fail:
	free(buf);
	(void)close(fd);
	return NULL;
}

int
svk_cli_print_json(json_t *value)
{
	int err;

	if (value == NULL) {
		svk_cli_error("out of memory");
		return 1;
	}
	err = json_dumpf(value, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(value);
	if (err != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		svk_cli_error("cannot write the output: %s", strerror(errno));
		return 1;
	}
	return 0;
}

void
svk_cli_pad(const char *s, int width)
{
	svk_cli_width_pad(stdout, s, width > 0 ? (size_t)width : 0);
}

void
svk_cli_time(int64_t ms, char out[static 32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(out, 32, "%lld", (long long)ms);
}

int
svk_cli_parse_ref(svk_home *home, const char *ref, uint8_t origin[static 32],
    bool *has_origin, const char **id)
{
	const char *slash = strrchr(ref, '/');
	char node[SVK_HOME_MAX_NAME + SVK_FPR_LEN];

	*has_origin = false;
	*id = ref;
	if (slash == NULL)
		return 0;
	if ((size_t)(slash - ref) >= sizeof(node)) {
		svk_cli_error("'%s' is not ORIGIN/ID: the origin is too long", ref);
		return 1;
	}
	memcpy(node, ref, (size_t)(slash - ref));
	node[slash - ref] = '\0';
	if (svk_cli_node_resolve(home, node, "the origin", origin) != 0)
		return 1;
	*has_origin = true;
	*id = slash + 1;
	return 0;
}

int
svk_cli_listing(svk_cli *cli, bool json,
    int (*each)(svk_home *home, svk_cli_rows *rows), const char *what,
    const char *none)
{
	svk_cli_rows l = {0};
	svk_home *home;
	int rc = 1, err;

	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (json && (l.arr = json_array()) == NULL)
		goto out;
	if ((err = each(home, &l)) != 0) {
		svk_cli_error("cannot read %s: %s", what, svk_error_str(err));
		goto out;
	}
	if (json) {
		rc = svk_cli_print_json(l.arr);
		l.arr = NULL;
		goto out;
	}
	if (l.rows == 0)
		fputs(none, stdout);
	rc = 0;
out:
	json_decref(l.arr);
	svk_home_close(home);
	return rc;
}

const char *
svk_cli_str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

int
svk_cli_config(svk_cli *cli, svk_config *cfg)
{
	char path[4200], err[512];
	int rc;

	svk_config_defaults(cfg);
	if (svk_home_path(cli->dir, "samverk.conf", path, sizeof(path)) != 0) {
		svk_cli_error("the folder name is too long");
		return 1;
	}
	rc = svk_config_load(cfg, path, err, sizeof(err));
	if (rc == SVK_EINVAL) {
		svk_cli_error("%s", err);
		return 1;
	}
	if (rc != 0) {
		svk_cli_error("cannot read %s: %s", path, svk_error_str(rc));
		return 1;
	}
	return 0;
}

svk_home *
svk_cli_coordinator_open(svk_cli *cli)
{
	svk_home *home = svk_cli_open(cli);

	if (home != NULL && !svk_roster_is_coordinator(home)) {
		svk_cli_error("only the federation's coordinator can change its "
			      "members; this node is not it");
		svk_home_close(home);
		return NULL;
	}
	return home;
}

const char *
svk_cli_why_not(svk_home *home, int err)
{
	static char text[640];
	svk_hold h;

	if (err != SVK_EHELD || svk_hold_get(home->store, &h) != 0)
		return svk_error_str(err);
	svk_hold_text(&h, text, sizeof(text));
	return text;
}

void
svk_cli_write_failed(svk_home *home, const char *what, int err)
{
	if (err == SVK_EHELD)
		svk_cli_error("cannot write the %s: %s", what,
		    svk_cli_why_not(home, err));
	else
		svk_cli_error_write(what, err);
}

static int
found_cb(void *arg, const svk_entity *e)
{
	svk_cli_found *f = arg;

	f->any = true;
	f->live = !e->retracted;
	memcpy(f->entry, e->entry, SVK_HASH_LEN);
	snprintf(f->name, sizeof(f->name), "%s", e->origin_name);
	return 0;
}

int
svk_cli_find(svk_home *home, int kind, const uint8_t *origin, const char *id,
    svk_cli_found *f)
{
	int err;

	memset(f, 0, sizeof(*f));
	err = svk_view_get(home->store, kind, origin, id, found_cb, f);
	if (err != 0 && err != SVK_ENOTFOUND) {
		memset(f, 0, sizeof(*f));
		svk_cli_error("cannot read the store: %s", svk_error_str(err));
		return 1;
	}
	return 0;
}

/* The entities with one id, among all origins. */
struct pick {
	int count;
	uint8_t origin[SVK_KEY_LEN];
	const char *id;
};

static int
pick_cb(void *arg, const svk_entity *e)
{
	struct pick *p = arg;

	if (strcmp(e->id, p->id) != 0)
		return 0;
	p->count++;
	memcpy(p->origin, e->origin, SVK_KEY_LEN);
	return 0;
}

int
svk_cli_resolve(svk_home *home, int kind, const char *ref,
    uint8_t origin[static SVK_KEY_LEN], const char **id)
{
	const char *word = kind == SVK_KIND_NEED ? "need" : "practice";
	bool has_origin;
	svk_cli_found f;

	if (svk_cli_parse_ref(home, ref, origin, &has_origin, id) != 0)
		return 1;
	if (has_origin)
		return 0;
	memcpy(origin, svk_crypto_identity_public(home->id), SVK_KEY_LEN);
	if (svk_cli_find(home, kind, origin, *id, &f) != 0)
		return 1;
	if (f.any)
		return 0;
	struct pick p = {.id = *id};
	svk_query q = {.kind = kind, .with_retracted = true};
	if (svk_view_list(home->store, &q, pick_cb, &p) != 0) {
		svk_cli_error("cannot read the store");
		return 1;
	}
	if (p.count > 1) {
		svk_cli_error("several partners have a %s '%s'; name one as "
			      "ORIGIN/%s (see '%s list')",
		    word, *id, *id, word);
		return 1;
	}
	memcpy(origin, p.origin, SVK_KEY_LEN);
	return 0;
}
