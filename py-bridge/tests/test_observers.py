"""MutationObserver in Python: options as keywords or a dict, records of
every kind, takeRecords and disconnect, and callbacks at a page's
microtask checkpoints for mutations from either language."""

from __future__ import annotations

from pathlib import Path

import pytest

import ecsdom
from ecsdom import MutationObserver, MutationRecord


def test_records_options_and_disconnect() -> None:
    doc = ecsdom.parse("<div id=d><b>x</b></div>")
    d = doc.getElementById("d")
    mo = MutationObserver(lambda records, observer: None)
    mo.observe(d, {"childList": True}, subtree=True, attributeOldValue=True, characterDataOldValue=True)
    d.setAttribute("a", "1")
    d.setAttribute("a", "2")
    d.firstChild.firstChild.data = "y"
    b = d.firstChild
    b.remove()
    records = mo.takeRecords()
    assert [(r.type, r.attributeName, r.oldValue) for r in records] == [
        ("attributes", "a", None),
        ("attributes", "a", "1"),
        ("characterData", None, "x"),
        ("childList", None, None),
    ]
    assert isinstance(records[0], MutationRecord)
    assert records[3].target == d and list(records[3].removedNodes) == [b]
    assert mo.takeRecords() == []
    mo.disconnect()
    d.setAttribute("a", "3")
    assert mo.takeRecords() == []


def test_the_options_the_spec_rejects() -> None:
    doc = ecsdom.parse("<p id=p></p>")
    p = doc.getElementById("p")
    mo = MutationObserver(lambda records, observer: None)
    for options in ({}, {"attributes": False, "attributeOldValue": True}, {"bogus": True}):
        with pytest.raises(TypeError):
            mo.observe(p, options)
    with pytest.raises(TypeError):
        mo.observe(p, attributeFilter="class")
    with pytest.raises(TypeError):
        MutationObserver(42)  # type: ignore[arg-type]
    mo.observe(p, attributeFilter=["class"])
    p.setAttribute("title", "t")
    p.classList.add("c")
    assert [r.attributeName for r in mo.takeRecords()] == ["class"]


def test_callbacks_run_at_the_pages_checkpoints(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<!DOCTYPE html><div id=d></div>
<script type="text/python">
from ecsdom import MutationObserver
seen = []
def heard(records, observer):
    seen.append((observer is mo, [r.attributeName for r in records]))
    raise ValueError("reported, not fatal")
mo = MutationObserver(heard)
mo.observe(document.getElementById("d"), attributes=True)
document.getElementById("d").setAttribute("py", "1")
</script>
<script>document.getElementById('d').setAttribute('js', '1');</script>
<script type="text/python">document.body.setAttribute("seen", repr(seen))</script>
"""
    )
    doc = ecsdom.load_page(page)
    assert doc.body.getAttribute("seen") == "[(True, ['py']), (True, ['js'])]"
