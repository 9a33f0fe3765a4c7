# Tidings — the targets the README names. Every target installs what it needs first.
SWIFT ?= swift
PREFIX ?= /usr/local
DEMO_STORE := .demo/tidings.sqlite
BENCH_ARTICLES ?= 2000

.PHONY: deps build demo test bench torture clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release --product tidings

## demo: ingest the bundled sample articles into a fresh store and show what was stored.
demo: build
	@rm -rf .demo && mkdir -p .demo
	.build/release/tidings ingest --store $(DEMO_STORE) seeds/*
	.build/release/tidings list --store $(DEMO_STORE)
	.build/release/tidings stats --store $(DEMO_STORE)

## test: every unit and end-to-end test.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: generate a labelled corpus, ingest it, print files/s and dedup accuracy;
## then drop-to-commit latency of the daemon at a steady rate and under a burst.
bench: deps
	$(SWIFT) build -c release --product tidings --product tidings-bench
	.build/release/tidings-bench ingest --articles $(BENCH_ARTICLES) --stages --sweep
	.build/release/tidings-bench daemon --rate 200 --seconds 15 --burst 3000

## torture: kill -9 the daemon 50 times during a flood (scripts/torture-kill9 ROUNDS to change).
torture: deps
	scripts/torture-kill9 50

clean:
	rm -rf .build .demo .bench
