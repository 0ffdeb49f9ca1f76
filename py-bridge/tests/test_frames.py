"""An iframe's window: ``contentWindow``, a ``Window`` of its own whose
``document`` is the iframe's, in the window tree of its document's window
(``parent``, ``top``, ``frameElement``, ``len(window)``, ``window[i]``,
named access by the iframe's ``name``); events at its document's nodes end
their path at it."""

from __future__ import annotations

import pytest

import ecsdom
from ecsdom import Event


def test_an_iframe_has_a_window_of_its_own() -> None:
    doc = ecsdom.parse("<body><iframe name=inner></iframe>")
    frame = doc.querySelector("iframe")
    w = frame.contentWindow
    assert w is frame.contentWindow
    assert w.document == frame.contentDocument
    assert w.document.defaultView is w
    top = doc.defaultView
    assert w.parent is top and w.top is top
    assert top.parent is top and top.frameElement is None
    assert w.frameElement == frame
    assert len(top) == 1 and top[0] is w and top.inner is w
    with pytest.raises(IndexError):
        top[1]
    # A node's event path ends at its own document's window.
    seen: list[str] = []
    w.addEventListener("go", lambda e: seen.append("frame"))
    top.addEventListener("go", lambda e: seen.append("top"))
    w.document.body.dispatchEvent(Event("go", bubbles=True))
    assert seen == ["frame"]
    # Removed: no window, and the old one is out of the tree.
    frame.remove()
    assert frame.contentWindow is None
    assert w.parent is None and len(top) == 0


def test_only_an_iframe_has_a_content_window() -> None:
    doc = ecsdom.parse("<p>")
    with pytest.raises(AttributeError):
        doc.querySelector("p").contentWindow
