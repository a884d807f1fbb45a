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

# Unit and integration tests, built optimised (the numerical tests are too slow in debug)
# with testability in a separate build folder, then a verify of the committed
# default-profile cache and of every manifest's expectations.
TEST_BUILD = $(SWIFT) build -c release --scratch-path .build-test -Xswiftc -enable-testing
test: deps
	$(TEST_BUILD) --build-tests
	$(SWIFT) test -c release --scratch-path .build-test -Xswiftc -enable-testing --skip-build
	.build-test/release/flrepro verify --profile default

bench: build
	bash benchmarks/run.sh

clean:
	rm -rf .build results-smoke results-paper

# The Slurm executor: unit tests with fake sbatch/squeue/sacct/scancel scripts, and the
# smoke profile on a real one-node cluster that scripts/slurm-test-cluster.sh starts in a
# temporary directory (installing slurm-wlm and munge from Debian first when missing, as
# root) and stops again. `make test` runs the same suites (the cluster part is skipped
# where Slurm cannot be started); this target runs only them.
.PHONY: test-slurm
test-slurm: deps
	$(TEST_BUILD) --build-tests
	$(SWIFT) test -c release --scratch-path .build-test -Xswiftc -enable-testing --skip-build --filter SlurmTests
