# Thin wrapper over the CMake presets. `make run` and `make test` are the two commands the
# README documents; packaging/setup.sh installs what they need.
JOBS ?= $(shell nproc)
# The system interpreter: Debian's python3-torch installs into it.
VALIDATION_PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)

.PHONY: all setup build run test test-default test-asan test-fuzz test-package bench validate format clean

all: build

setup:
	sh packaging/setup.sh

build: setup
	cmake --preset default
	cmake --build --preset default -j $(JOBS)

run: build
	./build/default/app/llm-gpu-memory

test-default: build
	ctest --preset default

test-asan: setup
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan

test-fuzz: setup
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)
	sh tests/fuzz/run-smoke.sh build/fuzz

test-package: build
	sh packaging/check-package.sh build/default

test: test-default test-asan test-fuzz test-package

bench: build
	ctest --preset bench

# Measures real PyTorch training steps (CPU) against the CLI and regenerates docs/validation.md
# and tests/validation/results/*.json.
validate: build
	/usr/bin/env PYTHONDONTWRITEBYTECODE=1 $(VALIDATION_PYTHON) tests/validation/run_validation.py --cli build/default/app/llm-gpu-memory

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf build
