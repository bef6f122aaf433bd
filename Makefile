# Upsample Studio — the two commands: `make run` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON_SYS ?= /usr/bin/python3

.PHONY: all deps build run test test-sanitize goldens goldens-libs readme-libraries parity bench clean

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

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (GUI tests offscreen too).
SAN_DIR ?= build-sanitize
test-sanitize: deps
	cmake -S . -B $(SAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUPSAMPLE_SANITIZE=ON
	cmake --build $(SAN_DIR) -j $(JOBS)
	cd $(SAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900

# Regenerate the golden files from real PyTorch (Debian's python3-torch).
goldens:
	@scripts/install-deps.sh --with-torch
	$(PYTHON_SYS) tests/golden/generate.py tests/golden
	$(PYTHON_SYS) tests/golden/generate_calls.py tests/golden

# Regenerate the library goldens (tests/golden/libraries) from real OpenCV, Pillow and ONNX (its
# reference implementation and its Resize conformance data), and PyTorch's ONNX exporter.
goldens-libs:
	@scripts/install-deps.sh --with-libs
	$(PYTHON_SYS) tests/golden/generate_libraries.py tests/golden/libraries
	$(PYTHON_SYS) tests/golden/convert_onnx_conformance.py tests/golden/libraries
	$(PYTHON_SYS) tests/golden/generate_onnx_export.py tests/golden/libraries

# README's "Why do libraries disagree?" tables, measured with upsample-cli compare.
readme-libraries: build
	python3 scripts/libraries_readme.py --cli $(BUILD_DIR)/app/cli/upsample-cli README.md

# Random cases against real PyTorch through upsample-cli (not part of CI).
parity: build
	@scripts/install-deps.sh --with-torch
	$(PYTHON_SYS) scripts/parity.py --cli $(BUILD_DIR)/app/cli/upsample-cli $(PARITY_ARGS)

# Side-by-side speed comparison with PyTorch, OpenCV, Pillow and memcpy (writes bench/).
bench: build
	@scripts/install-deps.sh --with-bench
	$(PYTHON_SYS) scripts/bench.py --cli $(BUILD_DIR)/app/cli/upsample-cli $(BENCH_ARGS)

clean:
	rm -rf $(BUILD_DIR)
