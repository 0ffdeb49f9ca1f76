SHELL := /bin/bash
# One entry point for everything CI and developers run.
# `make test` is what .ci/run calls: every test suite of the workspace.

CARGO ?= cargo

.PHONY: test unit conformance lint fmt bench doc

test: unit conformance
	@echo "make test: all suites passed"

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

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

fmt:
	$(CARGO) fmt --all

bench:
	$(CARGO) bench --bench dom

doc:
	$(CARGO) doc --workspace --no-deps
