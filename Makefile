SHELL := /bin/bash
# One entry point for everything CI and developers run.
# `make test` is what .ci/run calls: every test suite of the workspace.

CARGO ?= cargo

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python

.PHONY: test unit conformance python pytest examples lint fmt bench bench-py compare doc idl-coverage

test: unit conformance pytest examples
	@echo "make test: all suites passed"

# Examples that check their own results, in a small mode.
examples: python
	$(CARGO) run --quiet --example stress_100k -- --nodes 2000 --rounds 2
	$(VPY) examples/stress_100k.py --nodes 2000 --rounds 2
	$(CARGO) run --quiet --example parallel_scripts -- --items 200 --rounds 2 --repeat 3

# The virtual environment with the build and test tools (from PyPI).
$(VENV)/.ready: Makefile
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet "maturin>=1.16,<2" pytest
	touch $@

# Build the `ecsdom` module into .venv (maturin gets its own target dir:
# cargo and maturin would otherwise keep rebuilding each other's pyo3).
python: $(VENV)/.ready
	VIRTUAL_ENV=$(abspath $(VENV)) PATH="$(abspath $(VENV))/bin:$$PATH" \
		maturin develop --release --quiet -m py-bridge/Cargo.toml --target-dir target/maturin

pytest: python
	$(VPY) -m pytest py-bridge/tests -q

# Unit, API and property tests of every crate, and the doctests (conformance tests excluded
# here, run below with their pass counts printed).
unit:
	$(CARGO) test --workspace --lib --bins --tests --examples -- --skip html5lib_ --skip lol_html_
	$(CARGO) test --workspace --doc

# Data-driven conformance suites from ../shared/conformance (or
# $$ECSDOM_CONFORMANCE); under CI=true a missing suite fails.
conformance:
	$(CARGO) test -p dom-ecs --test html5lib --test selectors -- --nocapture 2>&1 \
		| grep -E "^(html5lib|serializer|lol-html|UNEXPECTED|LISTED|!!!)|test result|panicked" ; \
		exit $${PIPESTATUS[0]}

lint: python
	$(VPY) -m pip install --quiet mypy
	cd py-bridge/python && ../../$(VPY) -m mypy.stubtest ecsdom._native
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

fmt:
	$(CARGO) fmt --all

# Every member of dom.idl (and the HTML interfaces we have) and whether JS
# and Python have it; one-language members need a reason in webidl/one-language.txt.
idl-coverage:
	$(CARGO) run --quiet -- idl-coverage --verbose --check

bench:
	$(CARGO) bench --bench dom

bench-py: python
	$(VPY) benches/py_seed.py

doc:
	$(CARGO) doc --workspace --no-deps

# Every workload on our DOM and the yardsticks side by side (BENCHMARKS.md).
compare: python
	$(CARGO) build --release
	npm install --prefix benches/compare --no-audit --no-fund --silent
	$(VPY) -m pip install --quiet lxml cssselect selectolax beautifulsoup4
	$(VPY) benches/compare.py --n 10000 --repeat 3
