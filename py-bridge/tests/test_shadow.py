"""Shadow trees from Python (DOM §4.2.2, §4.8 attachShadow; HTML's
slot element): attaching, open and closed roots, slot assignment,
events retargeted at the host, ``slotchange``."""

import pytest

import ecsdom


def _host() -> tuple[ecsdom.Document, ecsdom.Element, ecsdom.ShadowRoot]:
    doc = ecsdom.parse("<div id=h><b id=x slot=s>light</b>text</div>")
    h = doc.getElementById("h")
    root = h.attachShadow(mode="open")
    root.innerHTML = "<p id=p><slot name=s></slot><slot></slot></p>"
    return doc, h, root


def test_attach_shadow_checks_its_host_and_its_dictionary() -> None:
    doc, h, root = _host()
    assert isinstance(root, ecsdom.ShadowRoot)
    assert isinstance(root, ecsdom.DocumentFragment)
    assert (root.mode, root.host, h.shadowRoot) == ("open", h, root)
    assert root.parentNode is None
    with pytest.raises(ecsdom.NotSupportedError):
        h.attachShadow({"mode": "open"})
    with pytest.raises(ecsdom.NotSupportedError):
        doc.createElement("a").attachShadow(mode="open")
    closed = doc.createElement("x-widget").attachShadow({"mode": "closed"})
    assert closed.mode == "closed" and closed.host.shadowRoot is None
    with pytest.raises(TypeError, match="required"):
        doc.createElement("span").attachShadow()
    with pytest.raises(TypeError, match="ShadowRootMode"):
        doc.createElement("span").attachShadow(mode="ajar")
    with pytest.raises(TypeError, match="no member 'mdoe'"):
        doc.createElement("span").attachShadow(mdoe="open")


def test_the_shadow_tree_is_its_own_tree() -> None:
    doc, h, root = _host()
    p = root.getElementById("p")
    assert p is not None and doc.getElementById("p") is None
    assert p.isConnected
    assert p.getRootNode() == root
    assert p.getRootNode(composed=True) == doc
    assert root.querySelector("p") == p and doc.querySelector("p") is None
    assert h.innerHTML == '<b id="x" slot="s">light</b>text'


def test_slots_take_the_hosts_children() -> None:
    doc, h, root = _host()
    named, default = root.querySelectorAll("slot")
    x = doc.getElementById("x")
    assert named.assignedNodes() == [x]
    assert [n.nodeName for n in default.assignedNodes()] == ["#text"]
    assert x.assignedSlot == named
    assert h.lastChild.assignedSlot == default
    x.slot = ""
    assert named.assignedNodes() == [] and default.assignedElements() == [x]
    manual = doc.createElement("div").attachShadow(mode="open", slotAssignment="manual")
    assert manual.slotAssignment == "manual"


def test_events_are_retargeted_at_the_host() -> None:
    doc, h, root = _host()
    p = root.getElementById("p")
    seen: list[tuple[str, int]] = []
    doc.body.addEventListener("test", lambda e: seen.append((e.target.id, len(e.composedPath()))))
    p.dispatchEvent(ecsdom.Event("test", bubbles=True, composed=True))
    assert seen == [("h", 6)]
    p.dispatchEvent(ecsdom.Event("test", bubbles=True))
    assert len(seen) == 1, "an uncomposed event stays in the shadow tree"


def test_slotchange_fires_at_the_microtask_checkpoint() -> None:
    doc, h, root = _host()
    named = root.querySelector("slot")
    log: list[str] = []
    named.addEventListener("slotchange", lambda e: log.append(f"{e.type} {e.isTrusted}"))
    doc.getElementById("x").slot = "other"
    assert log == []
    ecsdom._native._notify_mutation_observers(doc)
    assert log == ["slotchange True"]
