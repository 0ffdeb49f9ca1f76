"""The seed benchmark in Python on ecsdom (issue 3).

A document with N ``<div id="element-i">``; for each i: look the element up
by id (``getElementById`` or ``find("#...")``) and set its textContent.
Reports ns per iteration for the plain loop, the loop inside
``with doc.batch()``, and the column API, plus a trivial method call on a
handle and reading ``tagName``. Medians of several runs in one process, so
ratios compare like with like on a noisy machine.

    python benches/py_seed.py [N ...]
"""

from __future__ import annotations

import statistics
import sys
import time

import ecsdom


def page(n: int) -> str:
    body = "".join(f'<div id="element-{i}">Item {i}</div>' for i in range(n))
    return f"<!DOCTYPE html><html><head></head><body>{body}</body></html>"


def timed(fn, repeat: int = 5) -> float:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        t = time.perf_counter_ns()
        fn()
        runs.append(time.perf_counter_ns() - t)
    return statistics.median(runs)


def run(n: int) -> dict[str, float]:
    doc = ecsdom.parse(page(n))
    ids = [f"element-{i}" for i in range(n)]
    sels = [f"#element-{i}" for i in range(n)]
    texts = [f"Updated {i}" for i in range(n)]

    def by_id():
        get = doc.getElementById
        for i in range(n):
            get(ids[i]).textContent = texts[i]

    def by_find():
        find = doc.find
        for i in range(n):
            find(sels[i]).textContent = texts[i]

    def batched():
        get = doc.getElementById
        with doc.batch():
            for i in range(n):
                get(ids[i]).textContent = texts[i]

    nodes = doc.get_elements_by_ids(ids)

    def column():
        nodes.set_text(texts)

    def column_with_lookup():
        doc.get_elements_by_ids(ids).set_text(texts)

    el = doc.getElementById("element-0")

    def method_calls():
        f = el.hasChildNodes
        for _ in range(n):
            f()

    def tag_reads():
        for _ in range(n):
            el.tagName

    out = {
        "getElementById + textContent": timed(by_id) / n,
        'find("#id") + textContent': timed(by_find) / n,
        "with doc.batch(): getElementById + textContent": timed(batched) / n,
        "column: nodes.set_text(list)": timed(column) / n,
        "column incl. get_elements_by_ids": timed(column_with_lookup) / n,
        "trivial method call (hasChildNodes)": timed(method_calls) / n,
        "read el.tagName": timed(tag_reads) / n,
    }
    assert doc.getElementById(f"element-{n - 1}").textContent == f"Updated {n - 1}"
    return out


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    for n in sizes:
        print(f"N = {n}")
        for name, ns in run(n).items():
            print(f"  {name:50s} {ns:8.1f} ns")


if __name__ == "__main__":
    main()
