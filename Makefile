# Samverk: build, test and install.
#
#   make            build ./samverk (installs missing Debian packages first)
#   make check      every test: unit tests plain and under ASan+UBSan, then the
#                   command-line and multi-node tests against the built binary
#   make install    the program, its systemd unit, sysusers.d and tmpfiles.d
#                   entries, man pages, bash completion and the example
#                   settings; honours PREFIX and DESTDIR (and the *DIR below)
#   make deb        build/samverk_VERSION_ARCH.deb, with Debian's own tools
#   make man        build/man/samverk.1 and samverk.conf.5 (pandoc)
#   make demo       a three-node federation on loopback
#   make bench      the benchmarks under tests/bench/
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS each
#   make web        the browser tests alone (tests/web/, headless Chromium)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
DOCDIR ?= $(DATADIR)/doc/samverk
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
COMPLETIONDIR ?= $(DATADIR)/bash-completion/completions
# `install -s`: the program is installed stripped. The Debian build sets it
# empty and leaves stripping (and the -dbgsym package) to dh_strip.
INSTALL_STRIP ?= -s
BUILD ?= build
FUZZ_SECONDS ?= 60

PKGS = libuv libprotobuf-c sqlite3 libsodium jansson inih libmicrohttpd libsystemd check
DEBS = build-essential pkg-config libuv1-dev libnng-dev protobuf-c-compiler \
       libprotobuf-c-dev libsqlite3-dev libsodium-dev check libjansson-dev \
       libinih-dev libmicrohttpd-dev libsystemd-dev libstemmer-dev libglpk-dev
# What the tests use besides: the sqlite3 shell, curl, python3, clang for the
# fuzzers, Chromium for the status page, clang-format for check-tree,
# promtool (in prometheus) for /metrics and the alert rules, Node.js and
# npm for the browser tests (tests/web/, see web-deps), glpsol (in
# glpk-utils) for the outsider's attack on indicators.
TEST_DEBS = sqlite3 curl python3 clang chromium clang-format nftables \
	    prometheus glpk-utils $(MAN_DEBS) $(DEB_DEBS)
# Debian's Node.js and npm, unless a Node.js with its own npm is there
# (Debian's npm cannot be installed beside that one).
NODE_DEBS = nodejs npm
# What the man pages are made with, and what `make deb` (and its test,
# tests/package/deb.sh) builds and checks the package with.
# (systemd: the package needs systemd-sysusers, the test systemd-analyze.)
MAN_DEBS = pandoc man-db
DEB_DEBS = dpkg-dev debhelper lintian systemd

# Evaluated lazily, after `deps` has had its chance to install the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(filter-out check,$(PKGS))) -lnng -lmbedtls -lmbedx509 -lmbedcrypto -lstemmer -lglpk -lm -lpthread
CHECK_LIBS = $(shell pkg-config --libs check)

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
CFLAGS ?= -g -O2
# Every folder that holds headers is on the include path, so a module can
# move into a sub-folder (node/cli/, node/daemon/) without Makefile edits.
SRC_DIRS := $(sort $(dir $(shell find crypto store node -name '*.[ch]')))
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	     -I. $(patsubst %/,-I%,$(SRC_DIRS)) -I$(BUILD)/proto $(PKG_CFLAGS) \
	     $(CPPFLAGS) $(CFLAGS)
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# The browser tests' Node.js modules, puppeteer-core and axe-core at the
# versions tests/web/package-lock.json pins, from the npm registry into
# $(BUILD)/web/node_modules: installed once per lock file, then kept.
WEB_MODULES = $(BUILD)/web/node_modules/.installed

PROTO_C = $(BUILD)/proto/samverk.pb-c.c
PROTO_H = $(BUILD)/proto/samverk.pb-c.h
# node/cli/main.c (or node/main.c) holds main(); everything else is the library.
MAIN_SRC := $(firstword $(wildcard node/cli/main.c node/main.c))
LIB_SRC := $(filter-out $(MAIN_SRC),$(shell find crypto store node -name '*.c' | LC_ALL=C sort))
# The simulator (tests/sim/): its engine is in the unit tests too (test_sim.c);
# main.c is build/sim's.
SIM_SRC = $(filter-out tests/sim/main.c,$(wildcard tests/sim/*.c))
TEST_SRC = $(wildcard tests/*.c) $(SIM_SRC)
BENCH_SRC = $(wildcard tests/bench/*.c)
HDRS := $(shell find crypto store node -name '*.h') $(wildcard tests/*.h) $(PROTO_H)

# The web app's words, one catalogue per language (node/web/i18n/LANG.txt,
# English first), made into C tables at build time by node/web/i18n/embed.sh.
WEB_LANGS = en da sv el fi it
WEB_I18N = $(patsubst %,node/web/i18n/%.txt,$(WEB_LANGS))
WEB_I18N_C = $(BUILD)/web/web_i18n_text.c
GEN_C = $(PROTO_C:$(BUILD)/%=%) $(WEB_I18N_C:$(BUILD)/%=%)

obj = $(patsubst %.c,$(BUILD)/$(1)/%.o,$(2))
LIB_OBJ = $(call obj,plain,$(LIB_SRC) $(GEN_C))
LIB_OBJ_SAN = $(call obj,asan,$(LIB_SRC) $(GEN_C))

.PHONY: all deps deps-test deps-man deps-deb check check-run check-tree unit cli integration install install-files uninstall man deb clean demo bench fuzz format web web-deps

all: deps
	@$(MAKE) --no-print-directory samverk

deps:
	@missing=""; \
	for p in $(PKGS); do pkg-config --exists $$p || missing=1; done; \
	[ -f /usr/include/nng/nng.h ] || missing=1; \
	[ -f /usr/include/libstemmer.h ] || missing=1; \
	[ -f /usr/include/glpk.h ] || missing=1; \
	command -v protoc-c >/dev/null || missing=1; \
	if [ -n "$$missing" ]; then $(call install,$(DEBS)); fi

deps-test: deps
	@missing=""; \
	for c in sqlite3 curl python3 clang chromium clang-format nft promtool \
		pandoc man dpkg-buildpackage dh lintian systemd-analyze glpsol; do \
		command -v $$c >/dev/null || missing=1; \
	done; \
	if [ -n "$$missing" ]; then $(call install,$(TEST_DEBS)); fi; \
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		$(call install,$(NODE_DEBS)); fi

# install(packages): apt-get them, as root, or say how.
install = echo "deps: installing Debian packages: $(1)"; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "deps: run as root, or install them yourself: apt-get install $(1)" >&2; \
		exit 1; \
	fi; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq $(1) >/dev/null || exit 1

$(PROTO_C) $(PROTO_H): proto/samverk.proto
	@mkdir -p $(BUILD)/proto
	protoc-c --proto_path=proto --c_out=$(BUILD)/proto proto/samverk.proto

# Generated C lives under build/; it is compiled from there.
$(BUILD)/plain/proto/%.o: $(BUILD)/proto/%.c $(PROTO_H)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Wno-unused-parameter -Wno-missing-braces -c -o $@ $<
$(BUILD)/asan/proto/%.o: $(BUILD)/proto/%.c $(PROTO_H)
	@mkdir -p $(dir $@)
	@echo "  CC/SAN  $<"
	@$(CC) $(ALL_CFLAGS) $(SAN) -Wno-unused-parameter -Wno-missing-braces -c -o $@ $<

$(WEB_I18N_C): node/web/i18n/embed.sh $(WEB_I18N)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@sh node/web/i18n/embed.sh $(WEB_I18N) >$@.tmp && mv $@.tmp $@
$(BUILD)/plain/web/%.o: $(BUILD)/web/%.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(BUILD)/asan/web/%.o: $(BUILD)/web/%.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC/SAN  $<"
	@$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

$(BUILD)/plain/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -DSVK_VERSION='"$(VERSION)"' -c -o $@ $<
$(BUILD)/asan/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC/SAN  $<"
	@$(CC) $(ALL_CFLAGS) $(SAN) -DSVK_VERSION='"$(VERSION)"' -c -o $@ $<

# Made anew each time: an archive updated in place keeps the objects of
# files that were moved or removed.
$(BUILD)/plain/libsamverk.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
$(BUILD)/asan/libsamverk.a: $(LIB_OBJ_SAN)
	@rm -f $@
	$(AR) rcs $@ $^

samverk: $(call obj,plain,$(MAIN_SRC)) $(BUILD)/plain/libsamverk.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)
$(BUILD)/samverk-asan: $(call obj,asan,$(MAIN_SRC)) $(BUILD)/asan/libsamverk.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(PKG_LIBS)

$(BUILD)/suites.h: $(TEST_SRC)
	@mkdir -p $(BUILD)
	@for f in $(filter tests/test_%,$(TEST_SRC)); do n=$${f#tests/test_}; echo "SVK_SUITE($${n%.c})"; done > $@

$(BUILD)/plain/tests/check_main.o $(BUILD)/asan/tests/check_main.o: $(BUILD)/suites.h
ALL_CFLAGS += -I$(BUILD) -Itests/sim

$(BUILD)/unit: $(call obj,plain,$(TEST_SRC)) $(BUILD)/plain/libsamverk.a
	$(CC) $(CFLAGS) -o $@ $^ $(CHECK_LIBS) $(PKG_LIBS)
$(BUILD)/unit-asan: $(call obj,asan,$(TEST_SRC)) $(BUILD)/asan/libsamverk.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(CHECK_LIBS) $(PKG_LIBS)

$(BUILD)/bench/%: $(BUILD)/plain/tests/bench/%.o $(BUILD)/plain/libsamverk.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

# make sim: the simulator's report for 1,000 and 10,000 nodes (tests/sim/).
.PHONY: sim
sim: $(BUILD)/sim
	$(BUILD)/sim
$(BUILD)/sim: $(call obj,plain,tests/sim/main.c $(SIM_SRC)) $(BUILD)/plain/libsamverk.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)
$(foreach v,plain asan,$(call obj,$(v),tests/sim/main.c tests/test_sim.c $(SIM_SRC))): $(wildcard tests/sim/*.h)

check: deps-test
	@$(MAKE) --no-print-directory check-run

$(BUILD)/svk-inject: $(BUILD)/plain/tests/tools/inject.o $(BUILD)/plain/libsamverk.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/svk-capture: $(BUILD)/plain/tests/tools/capture.o $(BUILD)/plain/libsamverk.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/svk-bulk: $(BUILD)/plain/tests/tools/bulk.o $(BUILD)/plain/libsamverk.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

check-run: samverk $(BUILD)/samverk-asan $(BUILD)/unit $(BUILD)/unit-asan $(BUILD)/svk-inject $(BUILD)/svk-capture $(BUILD)/svk-bulk $(WEB_MODULES)
	@SVK_BUILD=$(BUILD) tests/run-all

# The browser tests' Node.js modules (WEB_MODULES, above).
$(WEB_MODULES): tests/web/package.json tests/web/package-lock.json
	@mkdir -p $(BUILD)/web
	cp tests/web/package.json tests/web/package-lock.json $(BUILD)/web/
	cd $(BUILD)/web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

web-deps: deps-test
	@$(MAKE) --no-print-directory $(WEB_MODULES)

# make web: the browser tests (tests/web/*.sh) alone, against ./samverk.
web: web-deps
	@$(MAKE) --no-print-directory samverk
	@SVK_BUILD=$(BUILD) tests/run-all --web

unit: $(BUILD)/unit
	CK_FORK=yes CK_DEFAULT_TIMEOUT=60 CK_TIMEOUT_MULTIPLIER=3 $(BUILD)/unit

# make soak N=20 [ONLY="propagation.sh relay.sh"]: each multi-node test N
# times against ./samverk; pass counts per test; failed runs' logs and
# folders under $(BUILD)/soak/. Exits non-zero if any run failed.
.PHONY: soak
soak: samverk $(BUILD)/svk-inject $(BUILD)/svk-capture $(BUILD)/svk-bulk
	@SVK_BUILD=$(BUILD) tests/run-all --soak $(or $(N),20) $(ONLY)

bench: deps
	@$(MAKE) --no-print-directory samverk $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
	@for n in $(or $(BENCH_ENTRIES),100000 1000000); do \
		for b in $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC)); do \
			echo "== $$b $$n"; $$b $$n || exit 1; done; done

demo: all
	deploy/demo.sh 3

# The man pages: Markdown written from the program's help texts and from
# deploy/samverk.conf.example (deploy/man/manpage.sh), made roff by pandoc.
MAN = $(BUILD)/man/samverk.1 $(BUILD)/man/samverk.conf.5
MAN_SRC = deploy/man/manpage.sh $(wildcard deploy/man/*.md) VERSION

deps-man:
	@command -v pandoc >/dev/null || { $(call install,$(MAN_DEBS)); }

deps-deb: deps-man
	@for c in dpkg-buildpackage dh lintian systemd-sysusers; do \
		command -v $$c >/dev/null || { $(call install,$(DEB_DEBS)); break; }; \
	done

man: deps deps-man
	@$(MAKE) --no-print-directory $(MAN)

$(BUILD)/man/samverk.1: samverk $(MAN_SRC)
	@mkdir -p $(dir $@)
	deploy/man/manpage.sh samverk ./samverk $(VERSION) >$@.md
	pandoc --standalone --from markdown-smart --to man --output $@ $@.md
$(BUILD)/man/samverk.conf.5: deploy/samverk.conf.example $(MAN_SRC)
	@mkdir -p $(dir $@)
	deploy/man/manpage.sh conf deploy/samverk.conf.example $(VERSION) >$@.md
	pandoc --standalone --from markdown-smart --to man --output $@ $@.md

install: deps deps-man
	@$(MAKE) --no-print-directory install-files

# What `make install` and the Debian package (deploy/debian/rules) install.
# The unit is written from deploy/samverk.service.in each time, with the
# paths of this PREFIX.
install-files: samverk $(MAN)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
		deploy/samverk.service.in >$(BUILD)/samverk.service
	@! grep -n '@[A-Z]*@' $(BUILD)/samverk.service || \
		{ echo "install: deploy/samverk.service.in: a @NAME@ left unfilled" >&2; exit 1; }
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(DATADIR)/samverk \
		$(DESTDIR)$(DOCDIR)
	install -m 0755 $(INSTALL_STRIP) samverk $(DESTDIR)$(BINDIR)/samverk
	install -m 0644 $(BUILD)/samverk.service $(DESTDIR)$(UNITDIR)/samverk.service
	install -m 0644 deploy/samverk.sysusers $(DESTDIR)$(SYSUSERSDIR)/samverk.conf
	install -m 0644 deploy/samverk.tmpfiles $(DESTDIR)$(TMPFILESDIR)/samverk.conf
	install -m 0644 $(BUILD)/man/samverk.1 $(DESTDIR)$(MANDIR)/man1/samverk.1
	install -m 0644 $(BUILD)/man/samverk.conf.5 $(DESTDIR)$(MANDIR)/man5/samverk.conf.5
	install -m 0644 deploy/completion/samverk $(DESTDIR)$(COMPLETIONDIR)/samverk
	install -m 0644 deploy/samverk.conf.example $(DESTDIR)$(DATADIR)/samverk/samverk.conf.example
	install -m 0644 README.md deploy/PACKAGING.md deploy/SECURITY.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/samverk $(DESTDIR)$(UNITDIR)/samverk.service \
		$(DESTDIR)$(SYSUSERSDIR)/samverk.conf $(DESTDIR)$(TMPFILESDIR)/samverk.conf \
		$(DESTDIR)$(MANDIR)/man1/samverk.1 $(DESTDIR)$(MANDIR)/man5/samverk.conf.5 \
		$(DESTDIR)$(COMPLETIONDIR)/samverk
	rm -rf $(DESTDIR)$(DATADIR)/samverk $(DESTDIR)$(DOCDIR)

# build/samverk_VERSION_ARCH.deb (and its -dbgsym), built by dpkg-buildpackage
# and debhelper from deploy/debian/ in a copy of this tree (deploy/deb.sh).
deb: deps deps-deb
	@deploy/deb.sh $(BUILD)

# Formats every .c and .h under crypto store node tests as .clang-format
# says; check-tree checks the same files (tests/format.sh), and that includes
# point downward only, node -> store -> crypto (tests/layering.sh).
format:
	@tests/format.sh --fix

check-tree:
	@rc=0; tests/format.sh || rc=1; tests/layering.sh || rc=1; exit $$rc

clean:
	rm -rf $(BUILD) samverk

# The libFuzzer targets (tests/fuzz/), built with clang into $(BUILD)/fuzz/:
# the library again with coverage and ASan+UBSan, one binary per target.
# tests/fuzz/run.sh runs each for FUZZ_SECONDS on a copy of its committed
# corpus (tests/fuzz/corpus/T/ into $(BUILD)/fuzz/corpus/T/), from
# $(BUILD)/fuzz/run/T/, where crashes land. csv waits for store/registry.h.
FUZZ = $(BUILD)/fuzz
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	     -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS = entry catchup author $(if $(wildcard store/registry.h),csv) web
FUZZ_BIN = $(addprefix $(FUZZ)/,$(FUZZ_TARGETS))
# What the targets reach: crypto/, store/, node/'s shared modules, the
# catch-up wire, and the web app's pages.
# node/*.c is what the command line and the daemon share, all of it: a
# module the pages come to call is there without a list to keep.
FUZZ_LIB_SRC = $(wildcard crypto/*.c) $(wildcard store/*.c) $(wildcard node/*.c) \
	       node/wire/catchup_wire.c node/wire/frame.c $(wildcard node/web/*.c)
FUZZ_LIB_OBJ = $(call obj,fuzz/obj,$(FUZZ_LIB_SRC) $(GEN_C))
FUZZ_MAX_LEN_entry = 16384
FUZZ_MAX_LEN_catchup = 8192
FUZZ_MAX_LEN_author = 16384
FUZZ_MAX_LEN_csv = 8192
FUZZ_MAX_LEN_web = 16384

.PHONY: fuzz-build fuzz-seeds

$(FUZZ)/obj/proto/%.o: $(BUILD)/proto/%.c $(PROTO_H)
	@mkdir -p $(dir $@)
	@echo "  CC/FUZZ $<"
	@$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -Wno-unused-parameter -Wno-missing-braces -c -o $@ $<
$(FUZZ)/obj/web/%.o: $(BUILD)/web/%.c
	@mkdir -p $(dir $@)
	@echo "  CC/FUZZ $<"
	@$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -c -o $@ $<
$(FUZZ)/obj/%.o: %.c $(HDRS) tests/fuzz/fuzz.h
	@mkdir -p $(dir $@)
	@echo "  CC/FUZZ $<"
	@$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -DSVK_VERSION='"$(VERSION)"' -c -o $@ $<
$(FUZZ)/libsamverk.a: $(FUZZ_LIB_OBJ)
	$(AR) rcs $@ $^
$(FUZZ_BIN): $(FUZZ)/%: $(FUZZ)/obj/tests/fuzz/%.o $(FUZZ)/obj/tests/fuzz/fuzz.o $(FUZZ)/libsamverk.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)
# The seed generator has a main of its own.
$(FUZZ)/seeds: $(FUZZ)/obj/tests/fuzz/seeds.o $(FUZZ)/obj/tests/fuzz/fuzz.o $(FUZZ)/libsamverk.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(PKG_LIBS)

fuzz-build: deps
	@echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
	$(FUZZ_CC) -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null || \
	{ $(call install,clang libclang-rt-dev); }
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ) $(FUZZ_SECONDS) $(foreach t,$(FUZZ_TARGETS),$(t):$(FUZZ_MAX_LEN_$(t)))

# Writes the seed corpora of entry and catchup anew (signed by the fuzzers' own
# keys) and copies the sample records for author and csv.
fuzz-seeds: fuzz-build
	@$(MAKE) --no-print-directory $(FUZZ)/seeds
	$(FUZZ)/seeds tests/fuzz/corpus ../shared/data
