"""The 100k-node stress test from Python, on the pip-installed module.

    python examples/stress_100k.py [--nodes N] [--rounds R] [--json]

A round sets the text and an attribute of every item, toggles a class on
every other one, moves 10% of the items to another section and removes and
re-inserts 10%. The Python paths (one call per node, ``with doc.batch()``,
the column API) must give the same document as each other after every
round (compared untimed); the Rust paths and JS live in
``cargo run --release --example stress_100k``.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

import ecsdom

SECTION = 100


def page(nodes: int) -> str:
    sections = -(-nodes // SECTION)
    parts = ["<!DOCTYPE html><html><head></head><body>"]
    for sec in range(sections):
        parts.append(f'<section id="s{sec}">')
        for i in range(sec * SECTION, min((sec + 1) * SECTION, nodes)):
            parts.append(f'<div id="item-{i}" class="item">{i}</div>')
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def structure(items, sections, r):
    for i, e in enumerate(items):
        if i % 10 == 0:
            sections[(i // SECTION + r + 1) % len(sections)].appendChild(e)
        elif i % 10 == 5:
            parent = e.parentNode
            e.remove()
            parent.appendChild(e)


def per_node(items, r):
    for i, e in enumerate(items):
        e.textContent = f"r{r}-{i}"
        e.setAttribute("data-r", str(r))
        if i % 2 == 0:
            e.classList.toggle("even")


def one_by_one(doc, items, item_list, evens, sections, r):
    per_node(items, r)
    structure(items, sections, r)


def batched(doc, items, item_list, evens, sections, r):
    with doc.batch():
        per_node(items, r)
    structure(items, sections, r)


def column(doc, items, item_list, evens, sections, r):
    item_list.set_text([f"r{r}-{i}" for i in range(len(items))])
    item_list.set_attribute("data-r", str(r))
    evens.toggle_class("even")
    structure(items, sections, r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    html = page(args.nodes)
    results = []
    for name, fn in [("python one call per node", one_by_one), ("python batch", batched), ("python column API", column)]:
        doc = ecsdom.parse(html)
        items = list(doc.querySelectorAll(".item"))
        item_list = doc.querySelectorAll(".item")
        evens = item_list[::2]
        sections = list(doc.querySelectorAll("section"))
        elapsed = 0.0
        digests = []
        for r in range(args.rounds):
            t = time.perf_counter()
            fn(doc, items, item_list, evens, sections, r)
            elapsed += time.perf_counter() - t
            digests.append(hash(doc.to_html()))
        results.append((name, elapsed, digests))
    reference = results[0][2]
    if not args.json:
        print(f"{args.nodes} items, {args.rounds} rounds")
    for name, elapsed, out in results:
        ns = elapsed * 1e9 / (args.nodes * args.rounds)
        same = out == reference
        if args.json:
            print(json.dumps({"path": name, "nodes": args.nodes, "rounds": args.rounds, "ns_per_node": round(ns, 1), "same": same}))
        else:
            print(f"{name:<28} {ns:10.1f} ns/node/round  same DOM after every round: {'yes' if same else 'NO'}")
    if not args.json:
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} kB")
    assert all(out == reference for _, _, out in results), "every path must give the same document after every round"


if __name__ == "__main__":
    main()
