# Tidings — the targets the README names. Every target installs what it needs first.
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(PREFIX)/bin
DOCDIR := $(PREFIX)/share/doc/tidings
# systemd searches $(PREFIX)/lib/… for /usr and /usr/local.
UNITDIR := $(PREFIX)/lib/systemd/system
SYSUSERSDIR := $(PREFIX)/lib/sysusers.d
TMPFILESDIR := $(PREFIX)/lib/tmpfiles.d
DEMO_STORE := .demo/tidings.sqlite
BENCH_SCALE_SIZES ?= 10000,100000,1000000

.PHONY: deps build demo test bench torture faults fuzz install uninstall clean

deps:
	@scripts/install-deps

# The Swift runtime is linked in, so the binary runs where no Swift toolchain is installed
# (a service host, or a container that shares only /usr).
RELEASE_BUILD := $(SWIFT) build -c release --static-swift-stdlib

build: deps
	$(RELEASE_BUILD)

## demo: ingest the bundled sample articles into a fresh store and show what was stored.
demo: build
	@rm -rf .demo && mkdir -p .demo
	.build/release/tidings ingest --store $(DEMO_STORE) seeds/*
	.build/release/tidings list --store $(DEMO_STORE)
	.build/release/tidings stats --store $(DEMO_STORE)

## test: every unit and end-to-end test (the fault-injection suite included), each fuzz
## target for 20 s, then the service under a real systemd (when this machine can boot
## one; it says so when it cannot).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/fuzz 20
	scripts/systemd-e2e

## install: the binary, the unit, the sysusers and tmpfiles files, the documentation.
install: build
	install -D -m 0755 .build/release/tidings $(DESTDIR)$(BINDIR)/tidings
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(DOCDIR)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' systemd/tidings.service.in > $(DESTDIR)$(UNITDIR)/tidings.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/tidings.service
	install -m 0644 systemd/tidings.sysusers $(DESTDIR)$(SYSUSERSDIR)/tidings.conf
	install -m 0644 systemd/tidings.tmpfiles $(DESTDIR)$(TMPFILESDIR)/tidings.conf
	install -m 0644 README.md config/tidings.yaml $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tidings $(DESTDIR)$(UNITDIR)/tidings.service \
	      $(DESTDIR)$(SYSUSERSDIR)/tidings.conf $(DESTDIR)$(TMPFILESDIR)/tidings.conf \
	      $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/tidings.yaml
	-rmdir $(DESTDIR)$(DOCDIR)

## bench: the README's "Performance" figures, in one run. One-shot `tidings ingest` of 10k
## and 100k generated, labelled files (files/s, MB/s, peak RSS, store bytes an article,
## dedup accuracy, per-stage cost) beside the store's floor and, on the 10k, the Python
## datasketch and rensa scripts with the ratio to the faster; the daemon's drop-to-commit
## latency at 200 files/s and its burst throughput; per-file cost and time to READY (cold
## and warm) as one store grows to 1M articles (~50 min, ~12 GiB in .bench/scale); HTML;
## hostile inputs at growing sizes; the peak memory of the daemon and its parse workers on
## the largest inputs allowed.
bench: deps
	$(RELEASE_BUILD)
	.build/release/tidings-bench ingest --files 10000 --stages --sweep --floor-parts --python $$(scripts/bench-python)
	.build/release/tidings-bench ingest --files 100000
	.build/release/tidings-bench daemon --rate 200 --seconds 15 --burst 3000
	.build/release/tidings-bench scale --sizes $(BENCH_SCALE_SIZES)
	.build/release/tidings-bench html
	.build/release/tidings-bench hostile --matching HTML
	.build/release/tidings-bench hostile
	.build/release/tidings-bench memory

## torture: kill -9 the daemon 50 times during a flood (scripts/torture-kill9 ROUNDS to change).
torture: deps
	scripts/torture-kill9 50

## faults: the fault-injection suite with 50 runs under fiu-run (scripts/fault-injection ROUNDS).
faults: deps
	scripts/fault-injection 50

## fuzz: every fuzz target for 10 minutes (scripts/fuzz SECONDS [TARGET…]).
fuzz: deps
	scripts/fuzz 600

clean:
	rm -rf .build .demo .bench
