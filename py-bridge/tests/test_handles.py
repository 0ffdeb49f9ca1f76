"""Handles are plain node IDs: equal for the same node, cheap, pinned while
they live, and stale (not dangling) once their node is reclaimed."""

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


def test_reclaimed_nodes_give_stale_node_error():
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


def test_stale_handle_raises_instead_of_reaching_another_node():
    d = ecsdom.parse("<div id=a></div>")
    a = d.getElementById("a")
    lst = d.querySelectorAll("#a")  # a NodeList keeps `a` alive...
    a.remove()
    del a
    del lst  # ...until it goes too
    gc.collect()
    d.collect_garbage()
    for _ in range(10):
        d.body.appendChild(d.createElement("b"))  # reuse freed slots
    # No handle to the old node survives, so nothing can observe it; a
    # handle made from stale bits would raise StaleNodeError (tested in Rust).
    assert len(d.body) == 10


def test_handles_are_dropped_cheaply(doc):
    before = doc.node_count
    for _ in range(10_000):
        doc.getElementById("p1")
    assert doc.node_count == before
