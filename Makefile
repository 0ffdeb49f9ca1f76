SHELL := /bin/bash
# One entry point for everything CI and developers run.
# `make test` is what .ci/run calls: every test suite of the workspace.

CARGO ?= cargo

# CI builds once, from clean: incremental compilation's bookkeeping only
# costs there (a tenth of the build).
ifeq ($(CI),true)
export CARGO_INCREMENTAL := 0
endif

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python

.PHONY: test unit conformance wpt python python-release pytest examples lint fmt bench bench-py compare doc idl-coverage generated

LOGS := target/test-logs

# Every suite; each step's output goes to $(LOGS)/<step>.log as well, and
# the run ends with one summary of every suite's counts.
test: unit conformance pytest examples wpt
	@scripts/test-summary.sh $(LOGS)
	@echo "make test: all suites passed"

$(LOGS):
	mkdir -p $(LOGS)

# The vendored web-platform-tests (dom/, domparsing/, url/, encoding/, webstorage/) through `ecsdom wpt`:
# any result that differs from tests/wpt-expectations.txt, better or
# worse, fails (a fix regenerates the file: the command is in its header).
wpt: | $(LOGS)
	set -o pipefail; { \
	  $(CARGO) build --quiet --workspace --bins && \
	  target/debug/ecsdom wpt conformance/wpt/dom conformance/wpt/domparsing conformance/wpt/url conformance/wpt/encoding conformance/wpt/webstorage \
	    --expectations tests/wpt-expectations.txt; \
	} > $(LOGS)/wpt.log 2>&1; \
		status=$$?; \
		grep -E "^(directory|dom|domparsing|url|encoding|webstorage|total|wpt:)" $(LOGS)/wpt.log; \
		exit $$status

# Examples that check their own results, in a small mode (`unit` built
# them; run alone, this builds them).
examples: python | $(LOGS)
	set -o pipefail; { \
	  $(CARGO) build --quiet --workspace --examples && \
	  target/debug/examples/stress_100k --nodes 2000 --rounds 2 && echo "example ok: stress_100k" && \
	  $(VPY) examples/stress_100k.py --nodes 2000 --rounds 2 && echo "example ok: stress_100k.py" && \
	  target/debug/examples/parallel_scripts --items 200 --rounds 2 --repeat 3 && echo "example ok: parallel_scripts"; \
	} 2>&1 | tee $(LOGS)/examples.log

# The virtual environment with the build and test tools (from PyPI).
$(VENV)/.ready: Makefile
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet "maturin>=1.16,<2" pytest
	touch $@

# Build the `ecsdom` module into .venv for the tests: the dev profile in
# the workspace's own target/, so it reuses what `unit` compiled (maturin's
# environment differs from cargo's, so the pyo3 crates and py-bridge are
# compiled again; dom-ecs and js-bridge are not: see Cargo.toml).
python: $(VENV)/.module

# What the module is built from: a second `make python` with none of it
# changed (`make lint` after `make test`) installs nothing again.
MODULE_INPUTS := Cargo.toml Cargo.lock $(wildcard conformance/wpt/interfaces/*.idl) \
	$(shell find dom-ecs js-bridge py-bridge webidl \( -path '*/tests' -o -name __pycache__ -o -name .pytest_cache \) -prune \
		-o -type f ! -name '*.so' -print 2>/dev/null)

$(VENV)/.module: $(VENV)/.ready $(MODULE_INPUTS)
	VIRTUAL_ENV=$(abspath $(VENV)) PATH="$(abspath $(VENV))/bin:$$PATH" \
		maturin develop --quiet -m py-bridge/Cargo.toml
	touch $@

# The optimised module for benchmarks (its own target dir: a release build).
python-release: $(VENV)/.ready
	rm -f $(VENV)/.module
	VIRTUAL_ENV=$(abspath $(VENV)) PATH="$(abspath $(VENV))/bin:$$PATH" \
		maturin develop --release --quiet -m py-bridge/Cargo.toml --target-dir target/maturin

pytest: python | $(LOGS)
	set -o pipefail; $(VPY) -m pytest py-bridge/tests -q 2>&1 | tee $(LOGS)/pytest.log

# Unit, API and property tests of every crate, and the doctests (conformance tests excluded
# here, run below with their pass counts printed). The examples are built
# in the same build as the tests (`cargo build` shares `cargo test`'s
# artifacts), so they compile beside the rest.
unit: | $(LOGS)
	set -o pipefail; { $(CARGO) build --workspace --tests --examples && \
	  $(CARGO) test --workspace --tests -- --skip html5lib_ --skip lol_html_; } 2>&1 | tee $(LOGS)/unit.log
	set -o pipefail; $(CARGO) test --workspace --doc 2>&1 | tee $(LOGS)/doc.log

# Data-driven conformance suites from ../shared/conformance (or
# $$ECSDOM_CONFORMANCE); under CI=true a missing suite fails.
# (--workspace --tests, as `unit` builds: the same features and targets,
# so nothing is rebuilt; `--lib` would build every library's unit tests,
# even those with `test = false`.)
conformance: | $(LOGS)
	{ $(CARGO) test --workspace --tests -- --nocapture html5lib_ lol_html_; } > $(LOGS)/conformance.log 2>&1; \
		status=$$?; \
		grep -E "^(html5lib|serializer|lol-html|UNEXPECTED|LISTED|!!!)|test result|panicked" $(LOGS)/conformance.log; \
		exit $$status

lint: python
	$(VPY) -m pip install --quiet mypy
	cd py-bridge/python && ../../$(VPY) -m mypy.stubtest ecsdom._native --allowlist stubtest-allowlist.txt
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

fmt:
	$(CARGO) fmt --all

# Every member of dom.idl (and the HTML interfaces we have) and whether JS
# and Python have it; one-language members need a reason in webidl/one-language.txt.
idl-coverage:
	$(CARGO) run --quiet -- idl-coverage --verbose --check

# Rewrite the Python files generated from webidl/html-elements.txt and
# webidl/bindings.txt (checked by a test in `make test`).
generated:
	ECSDOM_WRITE_GENERATED=1 $(CARGO) test --quiet -p webidl --test python_files

bench:
	$(CARGO) bench --bench dom

bench-py: python-release
	$(VPY) benches/py_seed.py

doc:
	$(CARGO) doc --workspace --no-deps

# Every workload on our DOM and the yardsticks side by side (BENCHMARKS.md).
compare: python-release
	$(CARGO) build --release
	npm install --prefix benches/compare --no-audit --no-fund --silent
	$(VPY) -m pip install --quiet lxml cssselect selectolax beautifulsoup4
	$(VPY) benches/compare.py --n 10000 --repeat 3
