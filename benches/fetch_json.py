"""fetch() of a local 1 MB JSON file, parsed, in both of ecsdom's
languages, beside Python's urllib and json.loads on the same file.

    .venv/bin/python benches/fetch_json.py [--runs 20] [--size-mb 1]

Each figure is the median of ``--runs`` sequential fetch-and-parse rounds
of one run (this machine is shared: compare the ratios of one run). The
pages run through ``ecsdom.load_page`` (the build ``make python``
installed); each times itself with its language's own clock.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import tempfile
import time
import urllib.request

import ecsdom


def payload(size_mb: float) -> str:
    """A JSON document of about ``size_mb`` MB: records as an API gives."""
    rows = []
    n = 0
    target = int(size_mb * 1_000_000)
    size = 2
    while size < target:
        row = {"id": n, "name": f"user {n}", "email": f"user{n}@example.org", "tags": ["a", "b", "c"], "score": n * 0.5}
        rows.append(row)
        size += len(json.dumps(row)) + 2
        n += 1
    return json.dumps({"users": rows})


JS_PAGE = """<!doctype html><body><script>
(async () => {{
  const times = [];
  let count = 0;
  for (let i = 0; i < {runs}; i++) {{
    const t = Date.now();
    const r = await fetch('data.json');
    const data = await r.json();
    times.push(Date.now() - t);
    count = data.users.length;
  }}
  document.body.setAttribute('js', JSON.stringify({{times, count}}));
}})();
</script>"""

PY_PAGE = """<!doctype html><body><script type=text/python>
import json, time
times = []
count = 0
for i in range({runs}):
    t = time.perf_counter()
    r = await fetch('data.json')
    data = await r.json()
    times.append((time.perf_counter() - t) * 1000)
    count = len(data['users'])
document.body.setAttribute('py', json.dumps({{'times': times, 'count': count}}))
</script>"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--size-mb", type=float, default=1.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        data = root / "data.json"
        data.write_text(payload(args.size_mb))
        size = data.stat().st_size
        url = data.as_uri()
        times = []
        count = 0
        for _ in range(args.runs):
            t = time.perf_counter()
            with urllib.request.urlopen(url) as r:
                parsed = json.loads(r.read())
            times.append((time.perf_counter() - t) * 1000)
            count = len(parsed["users"])
        results = {"Python urllib + json.loads": (statistics.median(times), count)}
        for lang, page in (("ecsdom JS fetch + json()", JS_PAGE), ("ecsdom Python fetch + json()", PY_PAGE)):
            p = root / "page.html"
            p.write_text(page.format(runs=args.runs))
            doc = ecsdom.load_page(p, strict=True, time_budget=600)
            got = json.loads(doc.body.getAttribute("js" if "JS" in lang else "py"))
            results[lang] = (statistics.median(got["times"]), got["count"])
    base = results["Python urllib + json.loads"][0]
    print(f"{size / 1e6:.2f} MB JSON, median of {args.runs} rounds, ms per fetch and parse")
    print("| who | ms | x urllib | records |")
    print("|---|---:|---:|---:|")
    for who, (ms, n) in results.items():
        print(f"| {who} | {ms:.2f} | {ms / base:.2f} | {n} |")


if __name__ == "__main__":
    main()
