"""AbortController and AbortSignal in Python: abort events (trusted),
listeners removed by their signal, reasons, any() and its dependents,
timeout() on a page's loop, and the one-document rule."""

from __future__ import annotations

from pathlib import Path

import pytest

import ecsdom
from ecsdom import AbortController, AbortError, AbortSignal, WrongDocumentError


def test_abort_removes_the_listener_and_fires_once() -> None:
    doc = ecsdom.parse("<p id=p></p>")
    p = doc.getElementById("p")
    c = AbortController(document=doc)
    log: list[object] = []
    p.addEventListener("click", lambda e: log.append("click"), {"signal": c.signal})
    c.signal.onabort = lambda e: log.append((e.type, e.isTrusted))
    p.click()
    assert not c.signal.aborted
    c.abort()
    c.abort()
    p.click()
    assert log == ["click", ("abort", True)]
    assert c.signal.aborted and isinstance(c.signal.reason, AbortError)
    with pytest.raises(AbortError):
        c.signal.throwIfAborted()
    # An aborted signal adds no listener.
    p.addEventListener("click", lambda e: log.append("late"), {"signal": c.signal})
    p.click()
    assert log[-1] == ("abort", True)


def test_any_follows_its_sources() -> None:
    doc = ecsdom.parse("")
    a, b = AbortController(document=doc), AbortController(document=doc)
    first = AbortSignal.any([a.signal, b.signal])
    second = AbortSignal.any([first])
    heard: list[str] = []
    second.addEventListener("abort", lambda e: heard.append(str(second.reason)))
    b.abort("because")
    assert first.aborted and first.reason == "because"
    assert heard == ["because"]
    done = AbortSignal.any([AbortSignal.abort("early", document=doc)])
    assert done.aborted and done.reason == "early"
    with pytest.raises(TypeError):
        AbortSignal()
    with pytest.raises(TypeError):
        AbortSignal.any([object()])  # type: ignore[list-item]


def test_a_signal_of_another_document_is_refused() -> None:
    doc = ecsdom.parse("<p id=p></p>")
    with pytest.raises(WrongDocumentError):
        doc.getElementById("p").addEventListener("x", print, {"signal": AbortController().signal})


def test_timeout_on_the_page_loop(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<!DOCTYPE html><body>
<script type="text/python">
from ecsdom import AbortSignal
s = AbortSignal.timeout(5)
def done(e):
    document.body.setAttribute("reason", type(s.reason).__name__ + ":" + s.reason.name)
s.onabort = done
</script>"""
    )
    doc = ecsdom.load_page(page)
    assert doc.body.getAttribute("reason") == "TimeoutError:TimeoutError"
