# The two commands of the README: `make run` and `make test`. Everything they need is installed by
# scripts/setup from Debian's packages and npm; nothing is downloaded at build or run time.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all setup build run test bench soak soak-flood test-asan test-scale-out lint fuzz clean

all: build

setup:
	@scripts/setup

build: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(BUILD) -j$(JOBS)

run: build
	@scripts/run

test: build
	@scripts/test

bench: build
	@scripts/bench

# soak-flood: 10,000 idle connections and a 5-minute request flood, then SIGTERM under load
# (bench/soak/flood.sh; `make test` runs it for a few seconds on 200 connections).
soak-flood: build
	@QORGAN_BIN=$(BUILD)/app/qorgan bench/soak/flood.sh

# The fault runs alone (also part of `make bench`): kill -9 rounds, PostgreSQL restarts, backups
# under load; about 15 minutes. `scripts/bench --tiny` (in `make test`) runs them on a few rounds.
soak: build
	@BUILD=$(BUILD) bench/soak/faults.sh

# Guard rails, separate from `make test` (they take longer than CI's budget allows for every run).
# test-asan: unit and API tests against an ASan+UBSan build in its own directory.
ASAN_BUILD ?= build-asan
test-asan: setup
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQORGAN_SANITIZE=address,undefined >/dev/null
	@ninja -C $(ASAN_BUILD) -j$(JOBS)
	@BUILD=$(ASAN_BUILD) scripts/test-asan

# test-scale-out: the whole API suite, each test server being two `qorgan serve` processes on one
# PostgreSQL database behind a round-robin proxy (make test runs the focused
# tests/api/scale-out.test.mjs only).
test-scale-out: build
	@scripts/test-scale-out

# lint: clang-tidy with .clang-tidy over the sources; needs only the configured build's
# compile_commands.json, not a compiled tree.
lint: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@BUILD=$(BUILD) JOBS=$(JOBS) scripts/lint

# fuzz: the libFuzzer harnesses of fuzz/ (clang 14, ASan+UBSan, build-fuzz), each run for
# FUZZ_SECONDS over its corpus; `make test` only replays the committed corpora.
FUZZ_BUILD ?= build-fuzz
fuzz: setup
	@FUZZ_BUILD=$(FUZZ_BUILD) JOBS=$(JOBS) scripts/fuzz

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
