/* cli.c: helpers shared by the subcommands of `samverk`. See cli.h. */
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

static char command[256] = "samverk";

const char *
svk_cli_command(void)
{
	return command;
}

void
svk_cli_command_push(const char *word)
{
	size_t n = strlen(command);
	snprintf(command + n, sizeof(command) - n, " %s", word);
}

int
svk_cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("samverk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see '%s --help'\n", command);
	return 2;
}

void
svk_cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("samverk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool
svk_cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

static void
group_help(const char *group, const svk_cmd *table, FILE *out)
{
	fprintf(out, "usage: samverk %s <command> [options]\n\ncommands:\n", group);
	for (const svk_cmd *c = table; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\n'samverk %s <command> --help' tells more.\n", group);
}

int
svk_cli_dispatch(svk_cli *cli, const char *group, const svk_cmd *table,
    int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		group_help(group, table, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (const svk_cmd *c = table; c->name; c++) {
		if (strcmp(c->name, argv[1]) == 0) {
			svk_cli_command_push(c->name);
			return c->run(cli, argc - 1, argv + 1);
		}
	}
	svk_cli_error("'%s %s' is not a command; see 'samverk %s --help'", group,
	    argv[1], group);
	return 2;
}

svk_home *
svk_cli_open(svk_cli *cli)
{
	svk_home *home = NULL;
	int err;

	if (cli->dir == NULL) {
		svk_cli_error("no node folder: give --dir DIR or set SAMVERK_DIR");
		return NULL;
	}
	err = svk_home_open(&home, cli->dir);
	switch (err) {
	case 0:
		return home;
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
		svk_cli_error("%s/%s is missing; restore it from a backup", cli->dir,
		    key ? "node.key" : "samverk.db");
		break;
	}
	default:
		svk_cli_error("cannot open the node in %s: %s", cli->dir,
		    svk_error_str(err));
	}
	return NULL;
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
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	/* Each character starts with a byte that is not 10xxxxxx. */
	while (*p) {
		size_t len = 1;
		while ((p[len] & 0xc0) == 0x80)
			len++;
		if (n == width)
			break;
		fwrite(p, 1, len, stdout);
		p += len;
		n++;
	}
	for (; n < width; n++)
		fputc(' ', stdout);
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
svk_cli_parse_ref(const char *ref, uint8_t origin[static 32], bool *has_origin,
    const char **id)
{
	const char *slash = strrchr(ref, '/');
	char fpr[128];

	*has_origin = false;
	*id = ref;
	if (slash == NULL)
		return 0;
	if ((size_t)(slash - ref) >= sizeof(fpr)) {
		svk_cli_error("'%s' is not ORIGIN/ID: the origin is too long", ref);
		return 1;
	}
	memcpy(fpr, ref, (size_t)(slash - ref));
	fpr[slash - ref] = '\0';
	if (svk_crypto_fingerprint_parse(fpr, origin) != 0) {
		svk_cli_error("'%s' is not a node fingerprint (as 'samverk id' "
			      "prints it, SVK-XXXX-...)",
		    fpr);
		return 1;
	}
	*has_origin = true;
	*id = slash + 1;
	return 0;
}
