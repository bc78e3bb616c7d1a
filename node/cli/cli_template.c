/* cli_template.c: the template commands. See cli_template.h. */
#include "cli_template.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "author.h"
#include "view.h"

/* Opens path for the template; never over a file that is there already,
 * which may be one filled in. NULL after reporting a failure. */
static FILE *
open_new(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	FILE *f;

	if (fd < 0) {
		if (errno == EEXIST)
			svk_cli_error("%s exists already; give another name, or "
				      "remove it first",
			    path);
		else
			svk_cli_error("cannot create %s: %s", path, strerror(errno));
		return NULL;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		svk_cli_error("cannot create %s: %s", path, strerror(errno));
		(void)close(fd);
		(void)unlink(path);
	}
	return f;
}

int
svk_cli_template_run(svk_cli *cli, int kind, int argc, char **argv)
{
	const bool need = kind == SVK_KIND_NEED;
	const char *lang = NULL, *path = NULL, *word = need ? "need" : "practice";
	const svk_cli_opt opts[] = {
	    {"lang", 'l', SVK_CLI_STRING, &lang, "LANG",
		"the language of the comments (and of \"lang\"); default en", false},
	    {"out", 'o', SVK_CLI_STRING, &path, "FILE",
		"write a new FILE instead of stdout", false},
	    SVK_CLI_END,
	};
	char text[640];
	FILE *out = stdout;
	int first, rc;

	(void)cli;
	snprintf(text, sizeof(text),
	    "Writes a starting file for a %s: every field, with its limits and\n"
	    "what it is for in comments (lines from //, which 'samverk %s add'\n"
	    "passes over). Fill in the values and publish it with 'samverk %s\n"
	    "add FILE'. Comments are in: %s.\n",
	    word, word, word, svk_author_template_languages());
	svk_cli_usage usage = {NULL, text, opts};
	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = svk_cli_opt_operands(argc, first, 0, 0)) != 0)
		return rc;
	if (lang != NULL && strstr(svk_author_template_languages(), lang) == NULL) {
		svk_cli_error("no template in '%s'; there are: %s", lang,
		    svk_author_template_languages());
		return 2;
	}
	if (path != NULL && (out = open_new(path)) == NULL)
		return 1;
	rc = svk_author_template_write(out, need, lang ? lang : "en", lang != NULL);
	if (rc == SVK_EINVAL)
		svk_cli_error("no template in '%s'; there are: %s", lang,
		    svk_author_template_languages());
	else if (rc != 0)
		svk_cli_error("cannot write the template%s%s: %s",
		    path ? " to " : "", path ? path : "", strerror(errno));
	if (out != stdout && fclose(out) != 0 && rc == 0) {
		svk_cli_error("cannot write %s: %s", path, strerror(errno));
		rc = -EIO;
	}
	if (rc != 0 && path != NULL)
		(void)unlink(path);
	return rc == 0 ? 0 : rc == SVK_EINVAL ? 2 : 1;
}
