# The two commands a new user types: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test setup build server size e2e dev fmt clean bench bench-app lighthouse

## make run: set up, build the app (release) and the server, start on http://127.0.0.1:8080
run: setup build server
	target/server/antrean-server

## make test: set up, then every test: lint, native, browser (wasm), server, end-to-end, size budget
test: setup
	scripts/test.sh

setup:
	scripts/setup.sh

## The web app, release build, with brotli and gzip twins of each file for the server to send.
build:
	scripts/build-app.sh

server:
	cargo build --locked --profile server -p antrean-server

## First-load size of the release build (raw, gzip, brotli)
size:
	scripts/size.sh

## End-to-end tests only (needs `make build` and a debug server build)
e2e:
	cargo build --locked -p antrean-server
	npx playwright test --config tests/e2e/playwright.config.ts

## make dev: the app in debug mode (split as in release), rebuilt on change, at http://127.0.0.1:8080
dev: setup
	cargo build --locked -p antrean-server
	scripts/dev.sh

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf dist var node_modules

## Load benchmark of the server: availability latency and booking throughput on SQLite, and on a
## throwaway durable PostgreSQL with one and two instances (target/bench/load.md); then the calling
## benchmark: "call next" to the phone and the hall display, and open streams per instance
## (target/bench/calling.md); then the draw benchmark: 2,000 entries drawn and verified (target/bench/draw.md)
bench:
	scripts/postgres.sh run --durable -- bash -c 'cargo bench --locked -p antrean-server --bench load && \
	  cargo bench --locked -p antrean-server --bench calling && \
	  cargo bench --locked -p antrean-server --bench draw'

## Lighthouse, mobile preset, on the home page, a checklist and the directory (target/lighthouse/)
lighthouse: setup build server
	scripts/lighthouse.sh

## Browser benchmarks: directory search per keystroke with 1,000 generated MPPs, and the first load
## (paint and first tap) on slow 3G with a 4x slower CPU (target/bench/directory.md, first-load-after.md)
bench-app: setup build server
	npx playwright test --config tests/bench/playwright.config.ts
