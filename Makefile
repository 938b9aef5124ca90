# The two commands of the README: `make run` and `make test`. Everything they need is installed by
# scripts/setup from Debian's packages and npm; nothing is downloaded at build or run time.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all setup build run test bench test-asan test-scale-out lint clean

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

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
