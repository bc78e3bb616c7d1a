/* termsafe.c: control characters from elsewhere never reach a terminal raw.
 * See termsafe.h. */
#define _GNU_SOURCE /* fopencookie */
#include "termsafe.h"

#include <stdlib.h>
#include <unistd.h>

int
svk_termsafe_filter(FILE *out, const char *buf, size_t len, bool *c2)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)buf[i];
		int rc = 0;

		if (*c2) {
			*c2 = false;
			/* U+0080..U+009F, the C1 controls, are C2 80..C2 9F */
			if (ch >= 0x80 && ch <= 0x9f) {
				rc = fputc('?', out) == EOF ? -1 : 0;
				if (rc != 0)
					return rc;
				continue;
			}
			if (fputc(0xc2, out) == EOF)
				return -1;
		}
		if (ch == 0xc2) {
			*c2 = true;
			continue;
		}
		if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
			rc = fputc('^', out) == EOF ||
				     fputc(ch == 0x7f ? '?' : ch + 0x40, out) == EOF ?
			       -1 :
			       0;
		else
			rc = fputc(ch, out) == EOF ? -1 : 0;
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* One filtered stream: the original it writes to, and the filter's state. */
struct guard {
	FILE *out;
	bool c2;
};

static ssize_t
guard_write(void *cookie, const char *buf, size_t len)
{
	struct guard *g = cookie;

	/* flushed at once: at exit the original may be flushed before us */
	if (svk_termsafe_filter(g->out, buf, len, &g->c2) != 0 || fflush(g->out) != 0)
		return -1;
	return (ssize_t)len;
}

static int
guard_close(void *cookie)
{
	struct guard *g = cookie;
	int rc = 0;

	if (g->c2 && fputc(0xc2, g->out) == EOF)
		rc = -1;
	if (fflush(g->out) != 0)
		rc = -1;
	free(g);
	return rc;
}

/* A stream that filters into out; NULL when it cannot be made. */
static FILE *
guard_open(FILE *out, int mode)
{
	cookie_io_functions_t io = {.write = guard_write, .close = guard_close};
	struct guard *g = calloc(1, sizeof(*g));
	FILE *f;

	if (g == NULL)
		return NULL;
	g->out = out;
	if ((f = fopencookie(g, "w", io)) == NULL) {
		free(g);
		return NULL;
	}
	if (setvbuf(f, NULL, mode, BUFSIZ) != 0) {
		(void)fclose(f);
		return NULL;
	}
	return f;
}

/* The streams the filters replaced, while they are in place. */
static FILE *orig_out, *orig_err;

int
svk_termsafe_install(bool force)
{
	FILE *o = NULL, *e = NULL;

	if ((force || isatty(STDOUT_FILENO)) && (o = guard_open(stdout, _IOLBF)) == NULL)
		return -1;
	if ((force || isatty(STDERR_FILENO)) &&
	    (e = guard_open(stderr, _IONBF)) == NULL) {
		if (o != NULL)
			(void)fclose(o);
		return -1;
	}
	/* the guards write to the original streams, which stay open */
	if (o != NULL) {
		orig_out = stdout;
		stdout = o;
	}
	if (e != NULL) {
		orig_err = stderr;
		stderr = e;
	}
	return 0;
}

int
svk_termsafe_uninstall(void)
{
	int rc = 0;

	if (orig_out != NULL) {
		rc |= fclose(stdout) != 0 ? -1 : 0;
		stdout = orig_out;
		orig_out = NULL;
	}
	if (orig_err != NULL) {
		rc |= fclose(stderr) != 0 ? -1 : 0;
		stderr = orig_err;
		orig_err = NULL;
	}
	return rc;
}
