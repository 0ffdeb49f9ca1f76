#!/usr/bin/env bash
# Print one summary of a `make test` run from the logs its steps wrote to
# target/test-logs/ (each step's full output is there too).
set -u
dir=${1:-target/test-logs}
sum_cargo() {
  # "test result: ok. N passed; M failed; K ignored" lines of one log.
  awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "%d passed, %d failed, %d ignored", p, f, i }' "$1"
}
echo
echo "================ make test: summary ================"
[ -f "$dir/unit.log" ] && echo "unit, API and property tests (cargo): $(sum_cargo "$dir/unit.log")"
[ -f "$dir/doc.log" ] && echo "doctests (cargo): $(sum_cargo "$dir/doc.log")"
if [ -f "$dir/conformance.log" ]; then
  grep -E "^(html5lib|serializer|lol-html)" "$dir/conformance.log" | sed 's/^/conformance: /'
fi
[ -f "$dir/wpt.log" ] && grep -E "^wpt: " "$dir/wpt.log" | sed 's/^wpt: /web-platform-tests: /'
[ -f "$dir/pytest.log" ] && echo "pytest: $(grep -E '[0-9]+ (passed|failed)' "$dir/pytest.log" | tail -1)"
[ -f "$dir/examples.log" ] && echo "examples: $(grep -c '^example ok:' "$dir/examples.log") checked their own results"
echo "===================================================="
