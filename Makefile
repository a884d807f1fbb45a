# flrepro — see README.md. `make figures` regenerates every figure; `make test` runs the tests.
SWIFT   ?= swift
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
PROFILE ?= default
BIN      = .build/release/flrepro

.PHONY: all deps build figures verify test test-unit test-e2e bench clean

all: figures

deps:
	@bash scripts/deps.sh

build: deps
	$(SWIFT) build -c release --product flrepro

figures: build
	$(BIN) figures -j $(JOBS) --profile $(PROFILE)

verify: build
	$(BIN) verify --profile $(PROFILE)

# Unit and integration tests (release: the numerical tests are too slow in debug),
# then a verify of the committed default-profile cache and figures' expectations.
test: deps
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build
	$(SWIFT) build -c release --product flrepro
	$(BIN) verify --profile default

bench: build
	bash benchmarks/run.sh

clean:
	rm -rf .build results-smoke results-paper
