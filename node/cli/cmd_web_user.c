/*
 * cmd_web_user.c: `samverk web-user add|list|remove|passwd`: who may log in
 * to this node's web app (store/web_user.h). Passwords are read from the
 * terminal with echo off, twice, or once from stdin (--password-stdin),
 * and only their Argon2id hash is stored. Web users never leave the node.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "web_user.h"

#define PASSWORD_BUF (SVK_WEB_USER_PASSWORD_MAX + 2)

struct opts {
	bool json;
	bool stdin_pw;
	const char *role;
	int first;
};

/* Parses the options allowed (letters: j --json, p --password-stdin,
 * r --role) and checks the operand count. */
static int
parse(int argc, char **argv, const char *operands, const char *text,
    const char *allowed, struct opts *o, int min, int max)
{
	svk_cli_opt opts[4];
	svk_cli_usage usage = {operands, text, opts};
	size_t n = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	for (const char *c = allowed; *c; c++) {
		if (*c == 'j')
			opts[n++] = (svk_cli_opt){"json", 0, SVK_CLI_FLAG,
			    &o->json, NULL, "the result as JSON", false};
		else if (*c == 'p')
			opts[n++] = (svk_cli_opt){"password-stdin", 0,
			    SVK_CLI_FLAG, &o->stdin_pw, NULL,
			    "read the password from the first line of stdin", false};
		else if (*c == 'r')
			opts[n++] = (svk_cli_opt){"role", 0, SVK_CLI_STRING,
			    &o->role, "editor|admin",
			    "what the user may change (default editor)", false};
	}
	opts[n] = (svk_cli_opt)SVK_CLI_END;
	if ((rc = svk_cli_opt_parse(&usage, argc, argv, &o->first)) != 0)
		return rc;
	return svk_cli_opt_operands(argc, o->first, min, max);
}

/* Reads one line from f into buf (without its line end). -E2BIG when
 * longer than the buffer holds, -ENODATA at end of file before any. */
static int
read_line(FILE *f, char *buf, size_t size, size_t *len)
{
	if (fgets(buf, (int)size, f) == NULL)
		return -ENODATA;
	size_t n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == size - 1 && !feof(f))
		return -E2BIG;
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	*len = n;
	return 0;
}

/* Asks for a password on the terminal tty, echo off. */
static int
ask(FILE *tty, const char *prompt, char *buf, size_t *len)
{
	struct termios old, quiet;
	int fd = fileno(tty), err;

	if (tcgetattr(fd, &old) != 0)
		return -errno;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	fprintf(tty, "%s", prompt);
	(void)fflush(tty);
	if (tcsetattr(fd, TCSANOW, &quiet) != 0)
		return -errno;
	err = read_line(tty, buf, PASSWORD_BUF, len);
	if (tcsetattr(fd, TCSANOW, &old) != 0 && err == 0)
		err = -errno;
	return err;
}

/* Reads a new password into buf (sodium_malloc'ed by the caller): from stdin,
 * or twice from the terminal. Returns 0, or 1 after reporting why not. */
static int
new_password(bool from_stdin, char *buf, size_t *len)
{
	char *again;
	size_t len2;
	FILE *tty;
	int err, rc = 1;

	if (from_stdin) {
		err = read_line(stdin, buf, PASSWORD_BUF, len);
		if (err == -ENODATA) {
			svk_cli_error("--password-stdin: no password on stdin");
			return 1;
		}
	} else {
		if ((tty = fopen("/dev/tty", "r+e")) == NULL) {
			svk_cli_error("no terminal to ask for the password on; "
				      "give it with --password-stdin");
			return 1;
		}
		if ((again = sodium_malloc(PASSWORD_BUF)) == NULL) {
			(void)fclose(tty);
			svk_cli_error("out of memory");
			return 1;
		}
		err = ask(tty, "Password: ", buf, len);
		if (err == 0)
			err = ask(tty, "The same again: ", again, &len2);
		if (err == 0 &&
		    (len2 != *len || sodium_memcmp(buf, again, *len) != 0)) {
			svk_cli_error("the two passwords differ; nothing changed");
			err = 1;
		}
		sodium_free(again);
		(void)fclose(tty);
		if (err == 1)
			return 1;
	}
	if (err == -E2BIG || (err == 0 && *len > SVK_WEB_USER_PASSWORD_MAX))
		svk_cli_error("the password is longer than %d bytes",
		    SVK_WEB_USER_PASSWORD_MAX);
	else if (err != 0)
		svk_cli_error("cannot read the password: %s", svk_error_str(err));
	else if (*len < SVK_WEB_USER_PASSWORD_MIN)
		svk_cli_error("the password is shorter than %d characters",
		    SVK_WEB_USER_PASSWORD_MIN);
	else if (memchr(buf, '\0', *len) != NULL)
		svk_cli_error("the password holds a NUL byte");
	else
		rc = 0;
	return rc;
}

/* Checks NAME, reads a password, and runs add (role given) or passwd. */
static int
set_password(svk_cli *cli, const char *name, bool from_stdin,
    const svk_web_user_role *role)
{
	svk_home *home = NULL;
	char *pw;
	size_t len = 0;
	int rc = 1, err;

	if (!svk_web_user_name_valid(name))
		return svk_cli_error_usage("'%s' is not a user name: 1 to %d "
					   "letters, digits and . _ - @",
		    name, SVK_WEB_USER_NAME_MAX);
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	if (role == NULL &&
	    (err = svk_web_user_get(home->store, name, NULL, NULL)) != 0) {
		if (err == SVK_ENOTFOUND)
			svk_cli_error("no web user '%s' here; see 'samverk "
				      "web-user list'",
			    name);
		else
			svk_cli_error("cannot read the web users: %s",
			    svk_error_str(err));
		goto out_home;
	}
	if ((pw = sodium_malloc(PASSWORD_BUF)) == NULL) {
		svk_cli_error("out of memory");
		goto out_home;
	}
	if (new_password(from_stdin, pw, &len) != 0)
		goto out;
	err = role ? svk_web_user_add(home->store, name, *role, pw, len) :
		     svk_web_user_passwd(home->store, name, pw, len);
	if (err == SVK_EEXISTS)
		svk_cli_error("web user '%s' exists already; 'samverk web-user "
			      "passwd %s' sets a new password",
		    name, name);
	else if (err != 0)
		svk_cli_error("cannot store the web user: %s", svk_error_str(err));
	else {
		if (role)
			printf("added web user %s (%s)\n", name,
			    svk_web_user_role_name(*role));
		else
			printf("set a new password for web user %s\n", name);
		rc = 0;
	}
out:
	sodium_free(pw);
out_home:
	svk_home_close(home);
	return rc;
}

static int
add(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Adds a user who may log in to this node's web app. The password is\n"
	    "asked for twice on the terminal (or read from the first line of\n"
	    "stdin with --password-stdin), at least 8 characters; only its\n"
	    "Argon2id hash is stored. An editor changes practices, needs and\n"
	    "adoptions; an admin also volunteers, indicators and members. Web\n"
	    "users never leave this node.\n";
	struct opts o;
	svk_web_user_role role = SVK_WEB_USER_EDITOR;
	int rc;

	if ((rc = parse(argc, argv, "NAME", help, "rp", &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.role && svk_web_user_role_parse(o.role, &role) != 0)
		return svk_cli_error_usage("--role is editor or admin, not '%s'",
		    o.role);
	return set_password(cli, argv[o.first], o.stdin_pw, &role);
}

static int
passwd(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Sets a new password for the web user NAME, asked for twice on the\n"
	    "terminal (or read from stdin with --password-stdin). A running\n"
	    "daemon ends the sessions the user had open at their next request.\n";
	struct opts o;
	int rc;

	if ((rc = parse(argc, argv, "NAME", help, "p", &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	return set_password(cli, argv[o.first], o.stdin_pw, NULL);
}

static int
remove_user(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Removes the web user NAME: they can no longer log in, and a running\n"
	    "daemon ends their sessions at their next request.\n";
	struct opts o;
	svk_home *home;
	int rc, err;

	if ((rc = parse(argc, argv, "NAME", help, "", &o, 1, 1)) != 0)
		return rc < 0 ? 0 : rc;
	if ((home = svk_cli_open(cli)) == NULL)
		return 1;
	const char *name = argv[o.first];
	err = svk_web_user_remove(home->store, name);
	rc = 1;
	if (err == SVK_ENOTFOUND)
		svk_cli_error("no web user '%s' here; see 'samverk web-user list'",
		    svk_web_user_name_valid(name) ? name : "(that name)");
	else if (err != 0)
		svk_cli_error("cannot remove the web user: %s", svk_error_str(err));
	else {
		printf("removed web user %s\n", name);
		rc = 0;
	}
	svk_home_close(home);
	return rc;
}

static int
list_cb(void *arg, const svk_web_user *u)
{
	svk_cli_rows *l = arg;
	char created[32], updated[32];

	l->rows++;
	if (l->arr != NULL) {
		svk_report_iso_time(u->created_ms, created);
		svk_report_iso_time(u->updated_ms, updated);
		return json_array_append_new(l->arr,
			   json_pack("{s:s, s:s, s:s, s:s}", "name", u->name,
			       "role", svk_web_user_role_name(u->role), "created",
			       created, "password_set", updated)) == 0 ?
			   0 :
			   -ENOMEM;
	}
	svk_cli_time(u->updated_ms, updated);
	printf("%-24s %-7s password set %s\n", u->name,
	    svk_web_user_role_name(u->role), updated);
	return 0;
}

static int
list_each(svk_home *home, svk_cli_rows *rows)
{
	return svk_web_user_each(home->store, list_cb, rows);
}

static int
list(svk_cli *cli, int argc, char **argv)
{
	static const char help[] =
	    "Lists the users who may log in to this node's web app: name, role,\n"
	    "when their password was set.\n";
	struct opts o;
	int rc;

	if ((rc = parse(argc, argv, NULL, help, "j", &o, 0, 0)) != 0)
		return rc < 0 ? 0 : rc;
	return svk_cli_listing(cli, o.json, list_each, "the web users",
	    "no web users yet; add one with 'samverk web-user add NAME'\n");
}

int
svk_cmd_web_user(svk_cli *cli, int argc, char **argv)
{
	static const svk_cmd table[] = {
	    {"add", add, "add a user who may log in to the web app"},
	    {"list", list, "list the web users"},
	    {"remove", remove_user, "remove a web user"},
	    {"passwd", passwd, "set a web user's password"},
	    {NULL, NULL, NULL},
	};
	static const svk_cmd_group group = {"web-user", NULL, NULL, table};

	return svk_cli_dispatch(cli, &group, argc, argv);
}
