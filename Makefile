# Upsample Studio — the two commands: `make run` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON_SYS ?= /usr/bin/python3

.PHONY: all deps build run test goldens parity clean

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

# Regenerate the golden files from real PyTorch (Debian's python3-torch).
goldens:
	@scripts/install-deps.sh --with-torch
	$(PYTHON_SYS) tests/golden/generate.py tests/golden
	$(PYTHON_SYS) tests/golden/generate_calls.py tests/golden

# Random cases against real PyTorch through upsample-cli (not part of CI).
parity: build
	@scripts/install-deps.sh --with-torch
	$(PYTHON_SYS) scripts/parity.py --cli $(BUILD_DIR)/app/cli/upsample-cli $(PARITY_ARGS)

clean:
	rm -rf $(BUILD_DIR)
