"""What `--sandbox` costs at start-up: `ecsdom run` on one-line pages with
and without it (and with `--allow-net`, which forks the network process).

    python3 benches/sandbox_startup.py [--exe target/release/ecsdom] [--runs 40]

Runs alternate between the variants so that a load change on this shared
machine hits them alike; each figure is the median wall time of the
whole process over ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import subprocess
import tempfile
import time

PAGES = {
    "no script": "<p>hi</p>",
    "one-line JS": "<script>1</script>",
    "one-line Python": '<script type="text/python">1</script>',
}

VARIANTS = {
    "plain": [],
    "--sandbox": ["--sandbox"],
    "--sandbox --allow-net": ["--sandbox", "--allow-net", "127.0.0.1:9"],
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", default="target/release/ecsdom")
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"| page | {' | '.join(VARIANTS)} | sandbox cost |")
        print("|---|" + "---:|" * (len(VARIANTS) + 1))
        for name, html in PAGES.items():
            page = pathlib.Path(tmp) / f"{len(name)}.html"
            page.write_text(html)
            times: dict[str, list[float]] = {v: [] for v in VARIANTS}
            for _ in range(args.runs):
                for variant, flags in VARIANTS.items():
                    start = time.perf_counter()
                    subprocess.run(
                        [args.exe, "run", str(page), "--no-cache", *flags],
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                    times[variant].append((time.perf_counter() - start) * 1000)
            medians = {v: statistics.median(t) for v, t in times.items()}
            cost = medians["--sandbox"] - medians["plain"]
            cells = " | ".join(f"{m:.1f} ms" for m in medians.values())
            print(f"| {name} | {cells} | {cost:+.1f} ms |")


if __name__ == "__main__":
    main()
