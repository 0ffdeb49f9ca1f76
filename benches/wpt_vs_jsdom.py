"""Our WPT results beside jsdom's expectations, per directory.

    ecsdom wpt conformance/wpt/dom conformance/wpt/domparsing --json > /tmp/wpt.json
    python benches/wpt_vs_jsdom.py /tmp/wpt.json conformance/jsdom-wpt-expectations/to-run.yaml

jsdom's column counts, among the tests we list in each directory (window
variants; worker and ShadowRealm variants and the tests we skip are left
out of both columns), those jsdom's `to-run.yaml` expects to pass fully:
no whole-file entry matches the file and no subtest of it is listed.
Its globs (`*`, `**`, `{a,b}`, `{1..3}`) are matched here; a `!(...)`
pattern is taken as matching nothing.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict


def glob_regex(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif c == "*":
            out += "[^/]*"
            i += 1
        elif c == "?":
            out += "[^/]"
            i += 1
        elif c == "{":
            end = pattern.index("}", i)
            body = pattern[i + 1 : end]
            m = re.fullmatch(r"(\d+)\.\.(\d+)", body)
            alts = [str(n) for n in range(int(m[1]), int(m[2]) + 1)] if m else body.split(",")
            out += "(?:" + "|".join(re.escape(a) for a in alts) + ")"
            i = end + 1
        else:
            out += re.escape(c)
            i += 1
    return re.compile(out + r"\Z")


def read_expectations(path: str) -> dict[str, list[re.Pattern[str]]]:
    """DIR -> patterns of files jsdom does not expect to pass fully."""
    by_dir: dict[str, list[re.Pattern[str]]] = defaultdict(list)
    directory = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("DIR: "):
            directory = line[5:].strip()
            by_dir.setdefault(directory, [])
        elif line.startswith("---") or not line.strip() or line.startswith(" ") or line.startswith("#"):
            continue
        elif directory is not None:
            key = line.split(":", 1)[0].strip().strip('"')
            if key.startswith("!("):
                continue
            by_dir[directory].append(glob_regex(key))
    return by_dir


def main() -> None:
    results, expectations = sys.argv[1], sys.argv[2]
    failing = read_expectations(expectations)
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # counted, ours, jsdom's
    jsdom_runs: set[str] = set()
    for line in open(results, encoding="utf-8"):
        r = json.loads(line)
        test = r.get("test")
        if test is None or r["status"] == "SKIP":
            continue
        if any(v in test for v in (".worker.html", ".sharedworker.html", ".serviceworker.html", ".shadowrealm.html")):
            continue
        parts = test.split("/")
        directory = "/".join(parts[: min(2, len(parts) - 1)])
        jsdom_dir = next((d for d in failing if test.startswith(d + "/")), None)
        row = rows[directory]
        row[0] += 1
        row[1] += r["status"] == "PASS"
        if jsdom_dir is not None:
            jsdom_runs.add(directory)
            rel = test[len(jsdom_dir) + 1 :].split("?")[0]
            row[2] += not any(p.match(rel) for p in failing[jsdom_dir])
    print("| directory | tests | ecsdom passes | jsdom expects to pass |")
    print("|---|---:|---:|---:|")
    total = [0, 0, 0]
    for d in sorted(rows):
        n, ours, theirs = rows[d]
        if d not in jsdom_runs:
            print(f"| {d} | {n} | {ours} ({100 * ours / n:.0f}%) | not run by jsdom |")
            continue
        total = [a + b for a, b in zip(total, rows[d])]
        print(f"| {d} | {n} | {ours} ({100 * ours / n:.0f}%) | {theirs} ({100 * theirs / n:.0f}%) |")
    n, ours, theirs = total
    print(f"| the directories jsdom runs | {n} | {ours} ({100 * ours / n:.0f}%) | {theirs} ({100 * theirs / n:.0f}%) |")


if __name__ == "__main__":
    main()
