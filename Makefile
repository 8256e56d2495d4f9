# The two commands of README.md, and a few helpers. CMake does the real work;
# every target runs the setup script first so a fresh machine just works.
#
#   make test       set up, build, run every test (Catch2 suites, exercises --quick, tools, downstream)
#   make demo       set up, build, train a CNN on the real Fashion-MNIST with ember-train
#   make exercises  set up, build, run every exercise program at full size
#   make bench      set up (with --bench), build the bench programs, run them against PyTorch:
#                   a dated table + JSON in bench/results/ (BENCH_ARGS="--quick --cases gemm,overhead")
#   make test-asan   the test suite under AddressSanitizer + UBSan (separate build dir)

BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?=

.PHONY: all setup configure build test demo exercises bench test-asan clean

all: build

setup:
	@./setup.sh

configure: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DEMBER_TESTS=ON -DEMBER_EXERCISES=ON $(CMAKE_FLAGS) > /dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# DEMO_ARGS passes extra flags, e.g. `make demo DEMO_ARGS="--epochs 8 --model mlp"`.
DEMO_OUT ?= runs/demo
DEMO_ARGS ?=
demo: build
	@$(BUILD)/tools/ember-train --out $(DEMO_OUT) $(DEMO_ARGS)

exercises: build
	@tools/run_exercises.sh $(BUILD)

# BENCH_ARGS passes bench/run.py's flags: --cases PREFIXES, --threads 1,2, --repeats N, --quick.
BENCH_ARGS ?=
bench: configure
	@./setup.sh --bench
	@cmake --build $(BUILD) -j$(JOBS) --target bench_cases bench_peers ember-train ember_python
	@EMBER_PYTHONPATH=$(abspath $(BUILD))/python /usr/bin/python3 bench/run.py --build $(BUILD) $(BENCH_ARGS)

test-asan:
	@$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DEMBER_SANITIZE=ON -DEMBER_CUDA=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo"

clean:
	@rm -rf $(BUILD) build-asan
