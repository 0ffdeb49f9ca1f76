#!/usr/bin/env python3
"""Every comparison workload of `ecsdom bench`, on our DOM in Rust, Python and
JavaScript, and on the yardsticks measured side by side on this machine:
Chromium (V8 + Blink), jsdom, happy-dom and linkedom (Node), lxml,
selectolax and BeautifulSoup (Python). Prints a markdown table of the fastest
timed run of each (ms), whether its `check` equals the expected value, and
our Python/JS ratio.

    python benches/compare.py [--n 10000] [--repeat 3] [--only ours,chromium,...]
                              [--budget SECONDS] [--json FILE]

Every DOM runs the same work on the same document (`ecsdom bench --print
input`): ours through `ecsdom bench`, the Node DOMs through
`benches/compare/node_runner.mjs` with our JS bodies (`--print js-body`),
Chromium through `chromium --headless --dump-dom` on a page whose script
runs the body and writes its timings into the DOM, the Python libraries
through the functions below (their nearest API to each step). What is not
installed is skipped, loudly: `npm install --prefix benches/compare` for
the Node DOMs, `pip install lxml cssselect selectolax beautifulsoup4` for
the Python ones. A library that scans the tree for every id lookup runs
`dom_access` at a smaller N when the full one would pass `--budget`; the
table says so.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
COMPARE = ROOT / "benches" / "compare"
ECSDOM = ROOT / "target" / "release" / "ecsdom"

WORKLOADS = ["compute", "dom_access", "dom_access_qs", "build", "query", "parse", "serialize", "attrs"]
FRESH = {"build", "attrs"}


def expected(workload: str, n: int, lang: str) -> str:
    """The check every correct DOM gives (issue 5)."""
    if workload == "compute":
        return str(sum(i * i for i in range(n))) if lang in ("rust", "py") else _js_sum(n)
    return {
        "dom_access": f"Updated {n - 1}",
        "dom_access_qs": f"Updated {n - 1}",
        "build": str(n),
        "query": "25000",
        "parse": "77003",
        "serialize": "2419780",
        "attrs": "75000:2812462500",
    }[workload]


def _js_sum(n: int) -> str:
    """`let r = 0; for (...) r += i * i` in doubles, printed as JS prints a
    number below 1e21: the shortest round-trip digits, then zeros."""
    from decimal import Decimal

    r = 0.0
    for i in range(n):
        r += float(i * i)
    return format(Decimal(repr(r)), "f").removesuffix(".0")


def ecsdom(*args: str) -> str:
    out = subprocess.run([str(ECSDOM), *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip() or f"ecsdom {' '.join(args)} failed")
    return out.stdout


def timed(load: Callable[[], object], run: Callable[[object], str], repeat: int, fresh: bool) -> tuple[float, str]:
    """Fastest of `repeat` runs after a warm-up; `load` is untimed."""
    doc = load()
    best, check = float("inf"), ""
    for r in range(repeat + 1):
        if fresh and r > 0:
            doc = load()
        t = time.perf_counter()
        check = run(doc)
        elapsed = (time.perf_counter() - t) * 1e3
        if r > 0:
            best = min(best, elapsed)
    return best, check


# ----- the Python libraries: their nearest API to each step -------------------


def toggled_on(classes: list[str]) -> list[str]:
    """`classList.toggle("on")` for libraries without a class list: the
    class tokens with "on" removed if present, else appended."""
    if "on" in classes:
        classes.remove("on")
    else:
        classes.append("on")
    return classes


def lxml_workloads(html: str, n: int) -> dict[str, tuple[Callable[[], object], Callable[[object], str]]]:
    import lxml.html
    from lxml.cssselect import CSSSelector

    label = CSSSelector("li.item > span.label")

    def load() -> object:
        return lxml.html.document_fromstring(html)

    def dom_access(root):  # get_element_by_id scans the tree
        for i in range(n):
            root.get_element_by_id(f"element-{i}").text = f"Updated {i}"
        return root.get_element_by_id(f"element-{n - 1}").text_content()

    def dom_access_qs(root):
        for i in range(n):
            root.cssselect(f"#element-{i}")[0].text = f"Updated {i}"
        return root.get_element_by_id(f"element-{n - 1}").text_content()

    def build(root):
        body = root.body
        for i in range(n):
            d = lxml.html.Element("div")
            d.set("id", f"e-{i}")
            d.set("class", "item")
            d.text = f"item {i}"
            body.append(d)
        return str(len(body))

    def serialize(root):
        body = root.body
        inner = (body.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in body)
        return str(len(inner))

    def attrs_load():
        root = load()
        return root, root.xpath("//li|//span|//a")

    def attrs(state):
        _, items = state
        total = 0
        for i, e in enumerate(items):
            e.set("data-x", str(i))
            total += int(e.get("data-x"))
            e.set("class", " ".join(toggled_on((e.get("class") or "").split())))
        return f"{len(items)}:{total}"

    return {
        "dom_access": (load, dom_access),
        "dom_access_qs": (load, dom_access_qs),
        "build": (load, build),
        "query": (load, lambda root: str(len(label(root)))),
        "parse": (lambda: html, lambda text: str(sum(1 for _ in lxml.html.document_fromstring(text).iter()))),
        "serialize": (load, serialize),
        "attrs": (attrs_load, attrs),
    }


def selectolax_workloads(html: str, n: int) -> dict[str, tuple[Callable[[], object], Callable[[object], str]]]:
    from selectolax.lexbor import LexborHTMLParser

    def load() -> object:
        return LexborHTMLParser(html)

    def dom_access(tree):  # no getElementById: a CSS id selector; no text setter: inner_html
        for i in range(n):
            tree.css_first(f"#element-{i}").inner_html = f"Updated {i}"
        return tree.css_first(f"#element-{n - 1}").text()

    def build(tree):
        body = tree.body
        for i in range(n):
            d = tree.create_node("div")
            d.attrs["id"] = f"e-{i}"
            d.attrs["class"] = "item"
            d.insert_child(f"item {i}")
            body.insert_child(d, move=True)
        return str(len(tree.css("body > *")))

    def attrs_load():
        tree = load()
        return tree, tree.css("li, span, a")

    def attrs(state):
        _, items = state
        total = 0
        for i, e in enumerate(items):
            e.attrs["data-x"] = str(i)
            total += int(e.attrs["data-x"])
            e.attrs["class"] = " ".join(toggled_on((e.attrs.get("class") or "").split()))
        return f"{len(items)}:{total}"

    return {
        "dom_access": (load, dom_access),
        "dom_access_qs": (load, dom_access),
        "build": (load, build),
        "query": (load, lambda tree: str(len(tree.css("li.item > span.label")))),
        "parse": (lambda: html, lambda text: str(len(LexborHTMLParser(text).css("*")))),
        "serialize": (load, lambda tree: str(len(tree.body.inner_html))),
        "attrs": (attrs_load, attrs),
    }


def bs4_workloads(html: str, n: int) -> dict[str, tuple[Callable[[], object], Callable[[object], str]]]:
    from bs4 import BeautifulSoup

    def load() -> object:
        return BeautifulSoup(html, "html.parser")

    def dom_access(soup):  # find(id=...) scans the tree
        for i in range(n):
            soup.find(id=f"element-{i}").string = f"Updated {i}"
        return soup.find(id=f"element-{n - 1}").get_text()

    def dom_access_qs(soup):
        for i in range(n):
            soup.select_one(f"#element-{i}").string = f"Updated {i}"
        return soup.find(id=f"element-{n - 1}").get_text()

    def build(soup):
        body = soup.body
        for i in range(n):
            d = soup.new_tag("div", attrs={"id": f"e-{i}", "class": "item"})
            d.append(soup.new_string(f"item {i}"))
            body.append(d)
        return str(len(body.find_all(True, recursive=False)))

    def attrs_load():
        soup = load()
        return soup, soup.find_all(["li", "span", "a"])

    def attrs(state):
        _, items = state
        total = 0
        for i, e in enumerate(items):
            e["data-x"] = str(i)
            total += int(e["data-x"])
            e["class"] = toggled_on(list(e.get("class") or []))
        return f"{len(items)}:{total}"

    return {
        "dom_access": (load, dom_access),
        "dom_access_qs": (load, dom_access_qs),
        "build": (load, build),
        "query": (load, lambda soup: str(len(soup.select("li.item > span.label")))),
        "parse": (lambda: html, lambda text: str(len(BeautifulSoup(text, "html.parser").find_all(True)))),
        "serialize": (load, lambda soup: str(len(soup.body.decode_contents()))),
        "attrs": (attrs_load, attrs),
    }


PYTHON_LIBS = {"lxml": lxml_workloads, "selectolax": selectolax_workloads, "bs4": bs4_workloads}
NODE_DOMS = ["jsdom", "happy-dom", "linkedom"]


# ----- Chromium ----------------------------------------------------------------

CHROMIUM_SCRIPT = """<script>
document.addEventListener('DOMContentLoaded', () => {
  const N = %(n)d, repeat = %(repeat)d, workload = %(workload)s;
  const run = new Function('document', 'DOMParser', 'N', %(body)s);
  const bodyHtml = document.body.innerHTML;
  globalThis.__html = %(html)s;
  const times = [];
  let check = '';
  for (let r = 0; r <= repeat; r++) {
    if (r > 0 && workload === 'build') document.body.textContent = '';
    if (r > 0 && workload === 'attrs') document.body.innerHTML = bodyHtml;
    globalThis.__list = workload === 'attrs' ? Array.from(document.querySelectorAll('li, span, a')) : null;
    const t = performance.now();
    check = String(run(document, DOMParser, N));
    if (r > 0) times.push(performance.now() - t);
  }
  document.documentElement.innerHTML = '<head></head><body><pre id="ecsdom-result"></pre></body>';
  document.getElementById('ecsdom-result').textContent = JSON.stringify({ ms_min: Math.min(...times), check });
});
</script>"""


def chromium_run(workload: str, n: int, repeat: int, html: str, body: str, chromium: str) -> tuple[float, str]:
    script = CHROMIUM_SCRIPT % {
        "n": n,
        "repeat": repeat,
        "workload": json.dumps(workload),
        "body": json.dumps(body),
        "html": json.dumps(html if workload == "parse" else ""),
    }
    page = html.replace("<head>", "<head>" + script, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(page)
        out = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp}/profile",
                "--dump-dom",
                path.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    start = out.stdout.find('<pre id="ecsdom-result">')
    if start < 0:
        raise RuntimeError("no result in the dumped DOM: " + out.stderr[-300:])
    text = out.stdout[start + len('<pre id="ecsdom-result">') : out.stdout.find("</pre>", start)]
    result = json.loads(text.replace("&quot;", '"').replace("&amp;", "&"))
    return float(result["ms_min"]), str(result["check"])


# ----- the table ---------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="size of dom_access/build (compute: 1e6)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated: ours,chromium,jsdom,happy-dom,linkedom,lxml,selectolax,bs4")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds a dom_access run may take before N is cut")
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--json", type=Path, help="also write every result here")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    want = lambda name: not only or name in only  # noqa: E731
    workloads = args.workloads.split(",")

    if not ECSDOM.exists():
        print("building the release binary (cargo build --release)", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)

    columns: list[str] = []
    if want("ours"):
        columns += ["rust", "py", "js"]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if want("chromium"):
        if chromium:
            columns.append("chromium")
        else:
            print("SKIPPED chromium: not installed (apt install chromium)", file=sys.stderr)
    node_ok = (COMPARE / "node_modules").is_dir() and shutil.which("node")
    for name in NODE_DOMS:
        if want(name):
            if node_ok and (COMPARE / "node_modules" / name).is_dir():
                columns.append(name)
            else:
                print(f"SKIPPED {name}: run npm install --prefix benches/compare", file=sys.stderr)
    for name, make in PYTHON_LIBS.items():
        if want(name):
            try:
                make("", 0)
                columns.append(name)
            except ImportError as e:
                print(f"SKIPPED {name}: {e} (pip install lxml cssselect selectolax beautifulsoup4)", file=sys.stderr)

    results: dict[tuple[str, str], dict[str, object]] = {}
    for w in workloads:
        n = 1_000_000 if w == "compute" else args.n
        html = ecsdom("bench", w, "--n", str(n), "--print", "input")
        body = ecsdom("bench", w, "--print", "js-body").strip()
        libs = {name: PYTHON_LIBS[name](html, n) for name in PYTHON_LIBS if name in columns}
        with tempfile.TemporaryDirectory() as tmp:
            inp, bod = Path(tmp) / "in.html", Path(tmp) / "body.js"
            inp.write_text(html)
            bod.write_text(body)
            for col in columns:
                cell: dict[str, object] = {"n": n}
                try:
                    if col in ("rust", "py", "js"):
                        line = json.loads(ecsdom("bench", w, "--n", str(n), "--lang", col, "--repeat", str(args.repeat)))
                        cell.update(ms=line["ms_min"], check=line["check"])
                    elif col == "chromium":
                        ms, check = chromium_run(w, n, args.repeat, html, body, chromium)
                        cell.update(ms=ms, check=check)
                    elif col in NODE_DOMS:
                        out = subprocess.run(
                            ["node", str(COMPARE / "node_runner.mjs"), col, w, str(n), str(args.repeat), str(inp), str(bod)],
                            capture_output=True, text=True, timeout=1800, check=False, cwd=COMPARE,
                        )
                        if out.returncode != 0:
                            raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed")
                        line = json.loads(out.stdout.strip().splitlines()[-1])
                        cell.update(ms=line["ms_min"], check=line["check"])
                    else:
                        if w == "compute":
                            continue  # a language benchmark: the py column is CPython's
                        load, run = libs[col][w]
                        m = n
                        if w in ("dom_access", "dom_access_qs"):
                            # Probe with a tenth of the work; cut N if the whole would pass the budget.
                            probe_html = ecsdom("bench", w, "--n", str(max(n // 10, 1)), "--print", "input")
                            p_load, p_run = PYTHON_LIBS[col](probe_html, max(n // 10, 1))[w]
                            t = time.perf_counter()
                            p_run(p_load())
                            if (time.perf_counter() - t) * 100 > args.budget:
                                m = max(n // 10, 1)
                                load, run = p_load, p_run
                        ms, check = timed(load, run, args.repeat, w in FRESH)
                        cell.update(ms=ms, check=check, n=m)
                except Exception as e:  # noqa: BLE001 - a table cell says what failed
                    cell.update(error=str(e)[:120])
                cell["ok"] = cell.get("check") == expected(w, int(cell["n"]), col)
                results[(w, col)] = cell
                print(f"{w:14} {col:10} {cell}", file=sys.stderr)

    print(f"\n`python benches/compare.py --n {args.n} --repeat {args.repeat}` (ms, fastest of {args.repeat} after a warm-up; compute N = 1e6)\n")
    print("| workload | " + " | ".join(columns) + " | py/js (ours) |")
    print("|---|" + "---:|" * len(columns) + "---:|")
    for w in workloads:
        cells = []
        for col in columns:
            c = results.get((w, col))
            if c is None:
                cells.append("-")
            elif "error" in c:
                cells.append("error")
            else:
                text = f"{float(c['ms']):.2f}" if float(c["ms"]) < 10 else f"{float(c['ms']):.1f}"
                if c["n"] != (1_000_000 if w == "compute" else args.n):
                    text += f" (N={c['n']})"
                if not c["ok"]:
                    text += f" ✗ {c.get('check')}"
                cells.append(text)
        py, js = results.get((w, "py")), results.get((w, "js"))
        ratio = f"{float(py['ms']) / float(js['ms']):.2f}" if py and js and "ms" in py and "ms" in js and float(js["ms"]) > 0 else "-"
        print(f"| {w} | " + " | ".join(cells) + f" | {ratio} |")
    if args.json:
        args.json.write_text(json.dumps({f"{w}/{c}": v for (w, c), v in results.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
