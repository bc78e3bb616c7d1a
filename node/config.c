/* config.c: reading and writing DIR/samverk.conf. See config.h. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indicators.h"
#include "say.h"

void
svk_config_defaults(svk_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->pub, sizeof(c->pub), "tcp://127.0.0.1:7400");
	snprintf(c->catchup, sizeof(c->catchup), "tcp://127.0.0.1:7401");
	snprintf(c->http, sizeof(c->http), "127.0.0.1:7480");
	c->http_public = -1;
	c->catchup_interval_s = 30;
	c->page = 1000;
	c->round_pages = 10000;
	c->round_bytes = 256UL * 1024 * 1024;
	c->log_level = SVK_INFO;
	c->max_message = 1024 * 1024;
	c->pub_queue = 8192;
	c->peer_messages = 2000;
	c->peer_bytes = 32 * 1024 * 1024;
	c->peer_requests = 50;
	c->heartbeat_interval_s = 10;
	c->heartbeat_missed = 3;
	c->links_k = 6;
	c->roster_days = 90;
	c->min_cell = SVK_INDICATORS_MIN_CELL;
}

/* A port: 1 to 65535 in decimal digits alone (strtol would also take a
 * sign or leading blanks, which nng and the HTTP server do not). */
static bool
port_valid(const char *s)
{
	unsigned long port = 0;

	if (*s == '\0' || strlen(s) > 5)
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		port = port * 10 + (unsigned long)(*s - '0');
	}
	return port > 0 && port < 65536;
}

bool
svk_config_endpoint_valid(const char *s)
{
	const char *rest, *colon;

	if (strncmp(s, "ipc:///", 7) == 0)
		return strlen(s) < 100;
	if (strncmp(s, "tcp://", 6) == 0)
		rest = s + 6;
	else if (strncmp(s, "tls+tcp://", 10) == 0)
		rest = s + 10;
	else
		return false;
	if ((colon = strrchr(rest, ':')) == NULL || colon == rest)
		return false;
	return port_valid(colon + 1);
}

bool
svk_config_http_valid(const char *s)
{
	const char *colon = strrchr(s, ':');

	if (colon == NULL || colon == s || strstr(s, "://") != NULL)
		return false;
	return port_valid(colon + 1);
}

const char *
svk_config_pub_advertised(const svk_config *c)
{
	return c->advertise_pub[0] ? c->advertise_pub : c->pub;
}

const char *
svk_config_catchup_advertised(const svk_config *c)
{
	return c->advertise_catchup[0] ? c->advertise_catchup : c->catchup;
}

bool
svk_config_is_wildcard(const char *s)
{
	const char *host = strstr(s, "://"), *colon;
	char buf[INET6_ADDRSTRLEN + 2];
	struct in6_addr a6;
	size_t len;

	if (strncmp(s, "ipc://", 6) == 0 || host == NULL)
		return false;
	host += 3;
	if ((colon = strrchr(host, ':')) == NULL)
		return false;
	len = (size_t)(colon - host);
	if (len == 0 || (len == 1 && host[0] == '*') ||
	    (len == 7 && strncmp(host, "0.0.0.0", 7) == 0))
		return true;
	if (len < 3 || len >= sizeof(buf) || host[0] != '[' || host[len - 1] != ']')
		return false;
	memcpy(buf, host + 1, len - 2);
	buf[len - 2] = '\0';
	return inet_pton(AF_INET6, buf, &a6) == 1 && IN6_IS_ADDR_UNSPECIFIED(&a6);
}

/* The scheme of endpoint s: the part before "://". */
static size_t
scheme_len(const char *s)
{
	const char *end = strstr(s, "://");
	return end ? (size_t)(end - s) : 0;
}

/* The problem, if any, with telling partners of bound as told. */
static int
check_one(const char *bound, const char *told, const char *bound_name,
    const char *told_name, char *err, size_t errlen)
{
	const char *port = strrchr(bound + scheme_len(bound) + 3, ':');

	if (told[0] == '\0' && svk_config_is_wildcard(bound)) {
		snprintf(err, errlen,
		    "%s %s binds every address, which partners cannot dial: "
		    "add %s with the address they reach this node at "
		    "(e.g. %.*s://node.example.org%s)",
		    bound_name, bound, told_name, (int)scheme_len(bound), bound,
		    port ? port : "");
		return SVK_EINVAL;
	}
	if (told[0] == '\0')
		return 0;
	if (svk_config_is_wildcard(told)) {
		snprintf(err, errlen,
		    "%s %s is no address partners can dial: give this node's "
		    "public name or address",
		    told_name, told);
		return SVK_EINVAL;
	}
	if (scheme_len(told) != scheme_len(bound) ||
	    strncmp(told, bound, scheme_len(bound)) != 0) {
		snprintf(err, errlen,
		    "%s %s and %s %s are of different kinds: both tcp://, "
		    "both tls+tcp:// or both ipc://",
		    bound_name, bound, told_name, told);
		return SVK_EINVAL;
	}
	return 0;
}

int
svk_config_check_advertised(const svk_config *c, const char *const names[4],
    char *err, size_t errlen)
{
	int rc = check_one(c->pub, c->advertise_pub, names[0], names[2], err, errlen);

	return rc != 0 ? rc :
			 check_one(c->catchup, c->advertise_catchup, names[1],
			     names[3], err, errlen);
}

/* Is host[0..len) an IPv4 address in 127.0.0.0/8? */
static bool
ipv4_loopback(const char *host, size_t len)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr addr;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, host, len);
	buf[len] = '\0';
	return inet_pton(AF_INET, buf, &addr) == 1 &&
	       (ntohl(addr.s_addr) >> 24) == 127;
}

bool
svk_config_is_loopback(const char *s)
{
	const char *host = strstr(s, "://"), *end;
	size_t len;

	if (strncmp(s, "ipc://", 6) == 0)
		return true;
	host = host ? host + 3 : s;
	/* The whole host, not a prefix of it: "127.example.org" is a name. */
	if (host[0] == '[') {
		if ((end = strchr(host, ']')) == NULL ||
		    (end[1] != '\0' && end[1] != ':'))
			return false;
		end++;
	} else {
		end = strrchr(host, ':');
	}
	len = end ? (size_t)(end - host) : strlen(host);
	return (len == 5 && strncmp(host, "[::1]", 5) == 0) ||
	       (len == 9 && strncmp(host, "localhost", 9) == 0) ||
	       ipv4_loopback(host, len);
}

struct load {
	svk_config *c;
	char *err;
	size_t errlen;
};

static bool
number(const char *value, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static int
on_value(void *arg, const char *section, const char *name, const char *value)
{
	struct load *l = arg;
	svk_config *c = l->c;
	unsigned long n;

	/* The old names of catch-up settings still work; run warns of them. */
	if (strcmp(section, "sync") == 0 ||
	    (strcmp(section, "node") == 0 && strcmp(name, "sync") == 0)) {
		size_t used = strlen(c->renamed);
		snprintf(c->renamed + used, sizeof(c->renamed) - used,
		    "%s[%s] %s", used ? ", " : "", section, name);
		if (strcmp(section, "sync") == 0)
			section = "catchup";
		else
			name = "catchup";
	}
#define IS(s, k) (strcmp(section, s) == 0 && strcmp(name, k) == 0)
	if (IS("node", "pub") || IS("node", "catchup")) {
		if (strlen(value) >= SVK_CONFIG_ENDPOINT_MAX ||
		    !svk_config_endpoint_valid(value))
			goto bad;
		snprintf(IS("node", "pub") ? c->pub : c->catchup,
		    SVK_CONFIG_ENDPOINT_MAX, "%s", value);
	} else if (IS("node", "advertise_pub") || IS("node", "advertise_catchup")) {
		if (strlen(value) >= SVK_CONFIG_ENDPOINT_MAX ||
		    (value[0] != '\0' && !svk_config_endpoint_valid(value)))
			goto bad;
		snprintf(IS("node", "advertise_pub") ? c->advertise_pub :
						       c->advertise_catchup,
		    SVK_CONFIG_ENDPOINT_MAX, "%s", value);
	} else if (IS("node", "http")) {
		if (strlen(value) >= sizeof(c->http) || !svk_config_http_valid(value))
			goto bad;
		snprintf(c->http, sizeof(c->http), "%s", value);
	} else if (IS("http", "cert") || IS("http", "key")) {
		if (strlen(value) >= SVK_CONFIG_PATH_MAX ||
		    (value[0] != '\0' && value[0] != '/'))
			goto bad;
		snprintf(IS("http", "cert") ? c->http_cert : c->http_key,
		    SVK_CONFIG_PATH_MAX, "%s", value);
	} else if (IS("http", "public")) {
		if (strcmp(value, "yes") == 0)
			c->http_public = 1;
		else if (strcmp(value, "no") == 0)
			c->http_public = 0;
		else if (strcmp(value, "auto") == 0)
			c->http_public = -1;
		else
			goto bad;
	} else if (IS("catchup", "interval")) {
		if (!number(value, 1, 86400, &n))
			goto bad;
		c->catchup_interval_s = (unsigned)n;
	} else if (IS("catchup", "page")) {
		if (!number(value, 1, 2000, &n))
			goto bad;
		c->page = (unsigned)n;
	} else if (IS("catchup", "round_pages")) {
		if (!number(value, 1, 100000000, &n))
			goto bad;
		c->round_pages = (unsigned)n;
	} else if (IS("catchup", "round_bytes")) {
		if (!number(value, 1024 * 1024, 1UL << 40, &n))
			goto bad;
		c->round_bytes = n;
	} else if (IS("catchup", "peers")) {
		if (strlen(value) >= sizeof(c->peers))
			goto bad;
		snprintf(c->peers, sizeof(c->peers), "%s", value);
	} else if (IS("log", "level")) {
		if ((c->log_level = svk_say_level_parse(value)) < 0)
			goto bad;
	} else if (IS("limits", "max_message")) {
		if (!number(value, 1024, 64UL * 1024 * 1024, &n))
			goto bad;
		c->max_message = n;
	} else if (IS("limits", "peer_messages")) {
		if (!number(value, 1, 1000000, &n))
			goto bad;
		c->peer_messages = (unsigned)n;
	} else if (IS("limits", "peer_bytes")) {
		if (!number(value, 1024, 1024UL * 1024 * 1024, &n))
			goto bad;
		c->peer_bytes = n;
	} else if (IS("limits", "peer_requests")) {
		if (!number(value, 1, 100000, &n))
			goto bad;
		c->peer_requests = (unsigned)n;
	} else if (IS("limits", "pub_queue")) {
		if (!number(value, 1, 8192, &n))
			goto bad;
		c->pub_queue = (unsigned)n;
	} else if (IS("heartbeat", "interval")) {
		if (!number(value, 1, 3600, &n))
			goto bad;
		c->heartbeat_interval_s = (unsigned)n;
	} else if (IS("links", "k")) {
		/* One partner each leaves the graph in pieces; 0: every member. */
		if (!number(value, 0, 1000000, &n) || n == 1)
			goto bad;
		c->links_k = (unsigned)n;
	} else if (IS("heartbeat", "missed")) {
		if (!number(value, 2, 100, &n))
			goto bad;
		c->heartbeat_missed = (unsigned)n;
	} else if (IS("federation", "roster_days")) {
		if (!number(value, 1, 3650, &n))
			goto bad;
		c->roster_days = (unsigned)n;
	} else if (IS("indicators", "protection")) {
		if (!number(value, 0, SVK_INDICATORS_MIN_CELL_HI, &n))
			goto bad;
		c->protection = (unsigned)n;
	} else if (IS("indicators", "min_cell")) {
		if (!number(value, SVK_INDICATORS_MIN_CELL_LO,
			SVK_INDICATORS_MIN_CELL_HI, &n))
			goto bad;
		c->min_cell = (unsigned)n;
	} else {
		snprintf(l->err, l->errlen, "unknown setting [%s] %s", section, name);
		return 0;
	}
#undef IS
	return 1;
bad:
	snprintf(l->err, l->errlen, "bad value for [%s] %s: '%s'", section, name,
	    value);
	return 0;
}

int
svk_config_load(svk_config *c, const char *path, char *err, size_t errlen)
{
	struct load l = {c, err, errlen};
	char reason[256];
	FILE *f;
	int line;

	if ((f = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -errno;
	err[0] = '\0';
	/* Debian's inih takes these at run time. Lines may be as long as the
	 * longest setting (its default of 200 bytes cuts a list of three
	 * peers), and parsing stops at the first bad line, so the reason
	 * written by on_value is the one for the line reported. */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = (int)sizeof(c->peers) + 64;
	ini_stop_on_first_error = true;
	line = ini_parse_file(f, on_value, &l);
	(void)fclose(f);
	if (line == 0)
		return 0;
	if (line < 0)
		return SVK_EINVAL;
	snprintf(reason, sizeof(reason), "%s", err[0] ? err : "syntax error");
	snprintf(err, errlen, "%s, line %d: %s", path, line, reason);
	return SVK_EINVAL;
}

int
svk_config_check_http(const svk_config *c, char *err, size_t errlen)
{
	if ((c->http_cert[0] == '\0') != (c->http_key[0] == '\0')) {
		snprintf(err, errlen,
		    "[http] %s is set but [http] %s is not: set "
		    "both (PEM files) for https, or neither",
		    c->http_cert[0] ? "cert" : "key",
		    c->http_cert[0] ? "key" : "cert");
		return SVK_EINVAL;
	}
	if (c->http_cert[0] == '\0' && !svk_config_is_loopback(c->http)) {
		snprintf(err, errlen,
		    "[node] http = %s is beyond this machine, and the web app "
		    "takes passwords: set [http] cert and [http] key (PEM files) "
		    "to serve it over https, or keep http on 127.0.0.1",
		    c->http);
		return SVK_EINVAL;
	}
	return 0;
}

bool
svk_config_http_public(const svk_config *c)
{
	if (c->http_public >= 0)
		return c->http_public == 1;
	return svk_config_is_loopback(c->http);
}

int64_t
svk_config_link_deadline_ms(const svk_config *c)
{
	int64_t s = c->heartbeat_interval_s ? c->heartbeat_interval_s : 1;
	return s * 1000 * (c->heartbeat_missed ? c->heartbeat_missed : 1);
}

int64_t
svk_config_roster_ms(const svk_config *c)
{
	return (int64_t)c->roster_days * 24 * 3600 * 1000;
}

int
svk_config_save(const svk_config *c, const char *path)
{
	char tmp[4200];
	FILE *f;
	int err = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -errno;
	fprintf(f,
	    "# Samverk node settings. 'samverk run' reads this at start and on "
	    "SIGHUP.\n\n"
	    "[node]\n"
	    "# where partners subscribe to this node's entries\n"
	    "pub = %s\n"
	    "# where partners ask for catch-up\n"
	    "catchup = %s\n"
	    "# the pub and catch-up endpoints partners are told, when not the\n"
	    "# ones above (needed when those bind 0.0.0.0 or [::])\n"
	    "advertise_pub = %s\n"
	    "advertise_catchup = %s\n"
	    "# status page and JSON API (keep it on 127.0.0.1 unless needed)\n"
	    "http = %s\n\n"
	    "[http]\n"
	    "# a PEM certificate (chain) and its key, absolute paths: the web\n"
	    "# app is then served over https (needed beyond 127.0.0.1)\n"
	    "cert = %s\n"
	    "key = %s\n"
	    "# read-only pages without a login: yes, no, or auto (yes when http\n"
	    "# is on loopback)\n"
	    "public = %s\n\n"
	    "[catchup]\n"
	    "# seconds between catch-up rounds with each peer\n"
	    "interval = %u\n"
	    "# entries per catch-up page\n"
	    "page = %u\n"
	    "# a round with one partner ends after this many pages or bytes;\n"
	    "# the next round goes on from there\n"
	    "round_pages = %u\n"
	    "round_bytes = %zu\n"
	    "# only link to these members (fingerprints, comma separated);\n"
	    "# empty: every active member of the roster\n"
	    "peers = %s\n\n"
	    "[heartbeat]\n"
	    "interval = %u\n"
	    "# a partner silent for this many intervals: its link is dead\n"
	    "missed = %u\n\n"
	    "[links]\n"
	    "# partners each node chooses (see README: how links are chosen);\n"
	    "# 0: every member\n"
	    "k = %u\n\n"
	    "[log]\n"
	    "# error, warn, info or debug\n"
	    "level = %s\n\n"
	    "[limits]\n"
	    "# bytes of one message from a partner\n"
	    "max_message = %zu\n"
	    "# messages queued for each subscriber before the oldest is dropped\n"
	    "pub_queue = %u\n"
	    "# more than this from one partner a second is dropped, and reported\n"
	    "peer_messages = %u\n"
	    "peer_bytes = %zu\n"
	    "peer_requests = %u\n\n"
	    "[indicators]\n"
	    "# counts below this are suppressed before indicators are published\n"
	    "# (at least 3)\n"
	    "min_cell = %u\n"
	    "# how wide the interval an outsider can work out for a suppressed\n"
	    "# count must stay, over all published periods; 0: min_cell - 2\n"
	    "protection = %u\n\n"
	    "[federation]\n"
	    "# days a roster signed by this node (the coordinator) is valid;\n"
	    "# the daemon renews it when half of that is gone\n"
	    "roster_days = %u\n",
	    c->pub, c->catchup, c->advertise_pub, c->advertise_catchup, c->http,
	    c->http_cert, c->http_key,
	    c->http_public == 1 ? "yes" :
	    c->http_public == 0 ? "no" :
				  "auto",
	    c->catchup_interval_s, c->page, c->round_pages, c->round_bytes,
	    c->peers, c->heartbeat_interval_s, c->heartbeat_missed, c->links_k,
	    c->log_level == SVK_ERROR ? "error" :
	    c->log_level == SVK_WARN  ? "warn" :
	    c->log_level == SVK_DEBUG ? "debug" :
					"info",
	    c->max_message, c->pub_queue, c->peer_messages, c->peer_bytes,
	    c->peer_requests, c->min_cell, c->protection, c->roster_days);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		err = -errno;
	if (fclose(f) != 0 && err == 0)
		err = -errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = -errno;
	if (err != 0)
		(void)unlink(tmp);
	return err;
}
