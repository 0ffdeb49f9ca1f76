"""Handles are plain node IDs: equal for the same node, cheap, and pinned
while they live. A node is reclaimed only once no handle names it, so no
Python handle can go stale: ``StaleNodeError`` is unreachable from Python by
design (the Rust tests in dom-ecs cover stale IDs)."""

import gc

import pytest

import ecsdom


def test_two_handles_to_one_node_are_equal_and_hash_alike(doc):
    a = doc.getElementById("p1")
    b = doc.querySelector("#p1")
    assert a == b and a is not b
    assert hash(a) == hash(b)
    assert len({a, b, doc.getElementById("p2")}) == 2
    assert a != doc.getElementById("p2")
    assert a != "p1"
    assert a.isSameNode(b)


def test_removed_nodes_stay_usable_and_can_be_reinserted(doc):
    main = doc.getElementById("main")
    main.remove()
    doc.collect_garbage()
    assert main.parentNode is None
    assert main.textContent == "onetwo"
    assert doc.getElementById("main") is None
    doc.body.appendChild(main)
    assert doc.getElementById("main") == main
    assert main.isConnected


def test_a_handle_to_a_descendant_keeps_the_detached_tree_alive(doc):
    text = doc.getElementById("p1").firstChild
    doc.getElementById("main").remove()
    gc.collect()
    doc.collect_garbage()
    assert text.data == "one"
    assert text.parentNode.id == "p1"
    assert text.parentNode.parentNode.id == "main"


def test_a_node_list_keeps_its_nodes_alive(doc):
    ps = doc.querySelectorAll("p")
    doc.getElementById("main").remove()
    gc.collect()
    doc.collect_garbage()
    assert ps.texts() == ["one", "two"]


def test_class_lists_datasets_and_attrs_keep_their_element_alive(doc):
    el = doc.createElement("div")
    views = (el.classList, el.classes, el.dataset, el.attrs)
    del el
    gc.collect()
    doc.collect_garbage()
    class_list, classes, dataset, attrs = views
    class_list.add("x")
    classes.add("y")
    dataset["a"] = "1"
    assert dict(attrs.items()) == {"class": "x y", "data-a": "1"}


def test_garbage_collection_reclaims_only_nodes_no_handle_names():
    d = ecsdom.parse("<div id=a><p>x</p></div>")
    p = d.find("p")
    text = p.firstChild
    d.find("#a").remove()
    # Keep only a raw handle to the text; drop every other reference.
    ident = (text.nodeType, text.data)
    del p
    assert ident == (3, "x")
    d.collect_garbage()
    assert text.data == "x"  # still held by `text`
    clone = text.cloneNode()
    del text
    gc.collect()
    assert d.collect_garbage() >= 3
    assert clone.data == "x"


def test_reused_slots_do_not_disturb_live_handles():
    d = ecsdom.parse("<div id=a></div>")
    a = d.getElementById("a")
    lst = d.querySelectorAll("#a")  # a NodeList keeps `a` alive...
    a.remove()
    del a
    del lst  # ...until it goes too
    gc.collect()
    assert d.collect_garbage() >= 1  # the div is reclaimed
    body = d.body
    kept = d.createElement("i")
    bs = [body.appendChild(d.createElement("b")) for _ in range(10)]  # reuse freed slots
    assert len(body) == 10
    assert len({hash(b) for b in bs}) == 10
    assert all(b.parentNode == body for b in bs)
    assert kept.tagName == "I" and kept.parentNode is None


def test_handles_are_dropped_cheaply(doc):
    before = doc.node_count
    for _ in range(10_000):
        doc.getElementById("p1")
    assert doc.node_count == before
