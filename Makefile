# The two commands of the README: `make run` and `make test`. Everything they need is installed by
# scripts/setup from Debian's packages and npm; nothing is downloaded at build or run time.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all setup build run test bench clean

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

clean:
	rm -rf $(BUILD)
