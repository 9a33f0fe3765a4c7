# Tidings — the targets the README names. Every target installs what it needs first.
SWIFT ?= swift
PREFIX ?= /usr/local
DEMO_STORE := .demo/tidings.sqlite
BENCH_ARTICLES ?= 2000

.PHONY: deps build demo test bench clean

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

## bench: generate a labelled corpus, ingest it, print files/s and dedup accuracy.
bench: deps
	$(SWIFT) build -c release --product tidings-bench
	.build/release/tidings-bench --articles $(BENCH_ARTICLES) --stages --sweep

clean:
	rm -rf .build .demo .bench
