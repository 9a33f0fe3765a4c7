# Tidings — the targets the README names. Every target installs what it needs first.
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(PREFIX)/bin
DOCDIR := $(PREFIX)/share/doc/tidings
MANDIR := $(PREFIX)/share/man/man1
# systemd searches $(PREFIX)/lib/… for /usr and /usr/local.
UNITDIR := $(PREFIX)/lib/systemd/system
SYSUSERSDIR := $(PREFIX)/lib/sysusers.d
TMPFILESDIR := $(PREFIX)/lib/tmpfiles.d
BENCH_SCALE_SIZES ?= 10000,100000,1000000

.PHONY: deps test-deps build demo test bench torture faults fuzz install uninstall deb clean

# What building needs; test-deps adds the tools of the tests, benchmarks and packaging,
# which a production host never gets.
deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

# The Swift runtime is linked in, so the binary runs where no Swift toolchain is installed
# (a service host, or a container that shares only /usr).
RELEASE_BUILD := $(SWIFT) build -c release --static-swift-stdlib
DOCS := .build/docs

build: deps
	$(RELEASE_BUILD)

## demo: the daemon on a demo inbox: delivers the seeds the Maildir way, a near copy and a
## bad file, shows the outcomes, the journal, the rejected file's reason and the status,
## then stops it cleanly (scripts/demo).
demo: build
	scripts/demo

## test: every unit and end-to-end test (the fault-injection suite included), each fuzz
## target for 20 s, then the Debian package under a real systemd (when this machine can
## boot one; it says so when it cannot), then the demo (which checks itself: every file
## journaled, a clean stop).
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/fuzz 20
	scripts/systemd-e2e
	$(RELEASE_BUILD) --product tidings
	scripts/demo

## install: the binary (stripped), the unit, the sysusers and tmpfiles files, the man
## pages, the shell completions and the documentation; nothing the tests use. On Debian,
## `make deb` and installing the package is the better way (README, "Install the package").
install: build
	scripts/generate-docs .build/release/tidings $(DOCS)
	install -D -s -m 0755 .build/release/tidings $(DESTDIR)$(BINDIR)/tidings
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(MANDIR)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' systemd/tidings.service.in > $(DESTDIR)$(UNITDIR)/tidings.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/tidings.service
	install -m 0644 systemd/tidings.sysusers $(DESTDIR)$(SYSUSERSDIR)/tidings.conf
	install -m 0644 systemd/tidings.tmpfiles $(DESTDIR)$(TMPFILESDIR)/tidings.conf
	install -m 0644 README.md config/tidings.yaml systemd/metrics-listen.conf systemd/metrics-textfile.conf $(DESTDIR)$(DOCDIR)/
	install -m 0644 $(DOCS)/man/*.1 $(DESTDIR)$(MANDIR)/
	install -D -m 0644 $(DOCS)/completions/tidings.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tidings
	install -D -m 0644 $(DOCS)/completions/_tidings $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tidings
	install -D -m 0644 $(DOCS)/completions/tidings.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tidings.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tidings $(DESTDIR)$(UNITDIR)/tidings.service \
	      $(DESTDIR)$(SYSUSERSDIR)/tidings.conf $(DESTDIR)$(TMPFILESDIR)/tidings.conf \
	      $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/tidings.yaml \
	      $(DESTDIR)$(DOCDIR)/metrics-listen.conf $(DESTDIR)$(DOCDIR)/metrics-textfile.conf \
	      $(DESTDIR)$(MANDIR)/tidings.1 $(DESTDIR)$(MANDIR)/tidings-*.1 \
	      $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tidings \
	      $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tidings \
	      $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tidings.fish
	-rmdir $(DESTDIR)$(DOCDIR)

## deb: the Debian package, in .build/deb/ (debhelper: the unit, sysusers and tmpfiles
## installed through it, the configuration as a conffile, a stripped binary), checked
## with lintian (no error or warning passes).
deb: test-deps
	debian/rules clean
	debian/rules build
	fakeroot debian/rules binary
	lintian --fail-on error,warning .build/deb/tidings_$$(dpkg-parsechangelog -S Version)_amd64.deb

## bench: the README's "Performance" figures, in one run. One-shot `tidings ingest` of 10k
## and 100k generated, labelled files (files/s, MB/s, peak RSS, store bytes an article,
## dedup accuracy, per-stage cost) beside the store's floor and, on the 10k, the Python
## datasketch and rensa scripts with the ratio to the faster; the daemon's drop-to-commit
## latency at 200 files/s and its burst throughput; 1, 2 and 4 daemons sharing one
## PostgreSQL store beside one on SQLite; per-file cost and time to READY (cold
## and warm) as one store grows to 1M articles (~50 min, ~12 GiB in .bench/scale); HTML;
## hostile inputs at growing sizes; the peak memory of the daemon and its parse workers on
## the largest inputs allowed.
bench: test-deps
	$(RELEASE_BUILD)
	.build/release/tidings-bench ingest --files 10000 --stages --sweep --floor-parts --python $$(scripts/bench-python)
	.build/release/tidings-bench ingest --files 100000
	.build/release/tidings-bench daemon --rate 200 --seconds 15 --burst 3000
	.build/release/tidings-bench postgresql --daemons 1,2,4
	.build/release/tidings-bench scale --sizes $(BENCH_SCALE_SIZES)
	.build/release/tidings-bench html
	.build/release/tidings-bench hostile --matching HTML
	.build/release/tidings-bench hostile
	.build/release/tidings-bench memory

## torture: kill -9 the daemon 50 times during a flood (scripts/torture-kill9 ROUNDS to change).
torture: test-deps
	scripts/torture-kill9 50

## faults: the fault-injection suite with 50 runs under fiu-run (scripts/fault-injection ROUNDS).
faults: test-deps
	scripts/fault-injection 50

## fuzz: every fuzz target for 10 minutes (scripts/fuzz SECONDS [TARGET…]).
fuzz: test-deps
	scripts/fuzz 600

clean:
	rm -rf .build .demo .bench
