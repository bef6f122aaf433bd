# Upsample Studio — the two commands: `make run` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON_SYS ?= /usr/bin/python3

.PHONY: all deps build run test package test-sanitize monkey fuzz goldens goldens-libs readme-libraries parity bench bad-input-table clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@scripts/run.sh $(BUILD_DIR)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

# The Debian packages in $(BUILD_DIR) (cmake/Packaging.cmake): upsample-studio_<version>-1_amd64.deb
# and python3-upsample-studio_<version>-1_all.deb; install both with
# apt install ./$(BUILD_DIR)/*upsample-studio_*.deb. Builds what they hold (the target `packaged`:
# the programs, man pages, changelog, copyright), not the test suite.
package: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target packaged
	cd $(BUILD_DIR) && cpack -G DEB
	@ls -l $(BUILD_DIR)/*upsample-studio_*.deb

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer and libstdc++'s assertions
# (_GLIBCXX_ASSERTIONS: an empty std::optional read, an index out of range abort), GUI tests
# offscreen too; SAN_CMAKE_ARGS=-DUPSAMPLE_BUILD_GUI=OFF for core and CLI only.
# Built at -O1 with line tables only (-g1): what ASan's authors advise, stack traces keep file and
# line, and it compiles in half the time of -O2 -g (CI builds it from a clean clone).
# tests/lsan.supp: the memory PoCL's in-process kernel compiler keeps (a cold kernel cache).
SAN_DIR ?= build-sanitize
SAN_CMAKE_ARGS ?=
SAN_FLAGS ?= -O1 -g1 -DNDEBUG
test-sanitize: deps
	cmake -S . -B $(SAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$(SAN_FLAGS)" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=$(SAN_FLAGS)" \
	  -DUPSAMPLE_SANITIZE=ON $(SAN_CMAKE_ARGS)
	cmake --build $(SAN_DIR) -j $(JOBS)
	cd $(SAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ctest --output-on-failure -j $(JOBS) --timeout 900

# The GUI monkey (scripts/monkey.py): the studio under Xvfb driven by seeded random keys, clicks,
# drags, wheel and live-link traffic for MINUTES; fails on a crash, a GUI thread blocked > 2 s or
# RSS over README's bound. The same SEED replays the same actions (the log: MONKEY_LOG).
MINUTES ?= 10
SEED ?= 1
MONKEY_LOG ?= $(BUILD_DIR)/monkey-$(SEED).log
monkey: build
	$(PYTHON_SYS) scripts/monkey.py --studio $(BUILD_DIR)/app/gui/upsample-studio --minutes $(MINUTES) \
	  --seed $(SEED) --log $(MONKEY_LOG)

# libFuzzer targets (fuzz/) built with clang + ASan + UBSan, each run for FUZZ_SECONDS; prints the
# exec counts and fails on a finding (saved under $(FUZZ_DIR)/fuzz-artifacts/).
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= npy cli_args call_parser image torch npz safetensors exr
fuzz:
	@scripts/install-deps.sh --with-fuzz
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-16 \
	  -DCMAKE_CXX_COMPILER=clang++-16 -DUPSAMPLE_FUZZ=ON -DUPSAMPLE_BUILD_GUI=OFF -DUPSAMPLE_BUILD_TESTS=OFF \
	  -DUPSAMPLE_WITH_OPENCL=OFF
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_targets
	scripts/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# README.md's "Bad input" table, from the rows of tests/cli/test_cli_bad_input.cpp.
bad-input-table: build
	scripts/bad-input-table.sh $(BUILD_DIR)

# Regenerate the golden files from real PyTorch, one folder per version: tests/golden/torch-1.13 from
# Debian 12's python3-torch, tests/golden/torch-2.14 from Debian sid's in the reference root
# (scripts/reference-root.sh setup makes it; skipped with a note when it is absent).
GOLDEN_GENERATORS = generate.py generate_calls.py generate_dtypes.py generate_uint8.py generate_float16.py
goldens:
	@scripts/install-deps.sh --with-torch
	for g in $(GOLDEN_GENERATORS); do $(PYTHON_SYS) tests/golden/$$g tests/golden/torch-1.13 || exit 1; done
	@if scripts/reference-root.sh torch-version | grep -q '^PyTorch'; then \
	  for g in $(GOLDEN_GENERATORS); do scripts/reference-root.sh run python3 tests/golden/$$g tests/golden/torch-2.14 || exit 1; done; \
	  scripts/reference-root.sh run python3 tests/golden/generate_torchvision.py tests/golden/libraries || exit 1; \
	else echo "goldens: no reference root (scripts/reference-root.sh setup): tests/golden/torch-2.14 left as it is"; fi

# Regenerate the library goldens (tests/golden/libraries) from real OpenCV, Pillow and ONNX (its
# reference implementation and its Resize conformance data), and PyTorch's ONNX exporter.
goldens-libs:
	@scripts/install-deps.sh --with-libs
	$(PYTHON_SYS) tests/golden/generate_libraries.py tests/golden/libraries
	$(PYTHON_SYS) tests/golden/convert_onnx_conformance.py tests/golden/libraries
	$(PYTHON_SYS) tests/golden/generate_onnx_export.py tests/golden/libraries
	$(PYTHON_SYS) tests/golden/generate_skimage.py tests/golden/libraries

# README's "Why do libraries disagree?" tables, measured with upsample-cli compare.
readme-libraries: build
	python3 scripts/libraries_readme.py --cli $(BUILD_DIR)/app/cli/upsample-cli README.md

# Random cases against real PyTorch through upsample-cli (not part of CI).
parity: build
	@scripts/install-deps.sh --with-torch
	$(PYTHON_SYS) scripts/parity.py --cli $(BUILD_DIR)/app/cli/upsample-cli $(PARITY_ARGS)

# Side-by-side speed comparison with PyTorch, OpenCV, Pillow and memcpy (writes resources/bench/ and the README table).
bench: build
	@scripts/install-deps.sh --with-bench
	$(PYTHON_SYS) scripts/bench.py --cli $(BUILD_DIR)/app/cli/upsample-cli $(BENCH_ARGS)

clean:
	rm -rf $(BUILD_DIR)
