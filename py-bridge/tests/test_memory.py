"""Memory stays flat: a million handles made and dropped, and a million
nodes created and removed."""

import gc
import resource

import ecsdom


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def test_a_million_handles_leave_rss_flat():
    doc = ecsdom.parse("<div id=a>x</div>")
    get = doc.getElementById
    for _ in range(100_000):  # warm up allocators
        get("a")
    gc.collect()
    before = rss_mb()
    for _ in range(1_000_000):
        get("a")
    gc.collect()
    assert rss_mb() - before < 20


def test_a_million_created_and_removed_nodes_leave_rss_flat():
    doc = ecsdom.parse("<body></body>")
    body = doc.body

    def churn(n):
        for _ in range(n):
            el = doc.createElement("span")
            body.appendChild(el)
            el.textContent = "x"
            el.remove()

    churn(100_000)
    gc.collect()
    doc.collect_garbage()
    before = rss_mb()
    nodes_before = doc.node_count
    churn(1_000_000)
    gc.collect()
    doc.collect_garbage()
    assert doc.node_count <= nodes_before + 10
    assert rss_mb() - before < 20
