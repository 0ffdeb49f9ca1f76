"""TreeWalker and NodeFilter from Python: the walk is dom-ecs's, the
filter a Python callable."""

import pytest

import ecsdom
from ecsdom import NodeFilter

PAGE = "<div id=r><p id=a><i id=a1></i></p><p id=b><i id=b1></i></p><p id=c></p></div>"


def ids(nodes):
    return [n.id for n in nodes]


def test_walk_with_a_python_filter():
    doc = ecsdom.parse(PAGE)
    r = doc.getElementById("r")

    def only(node):
        if node.id == "b":
            return NodeFilter.FILTER_REJECT
        if node.id == "a":
            return NodeFilter.FILTER_SKIP
        return NodeFilter.FILTER_ACCEPT

    w = doc.createTreeWalker(r, NodeFilter.SHOW_ELEMENT, only)
    assert ids(w) == ["a1", "c"]
    assert w.currentNode.id == "c"
    assert w.previousNode().id == "a1"
    assert w.root == r and w.whatToShow == 1 and w.filter is only
    w.currentNode = doc.getElementById("c")
    assert w.parentNode() == r


def test_filter_objects_errors_and_reentry():
    doc = ecsdom.parse(PAGE)
    r = doc.getElementById("r")

    class Texts:
        def acceptNode(self, node):
            return NodeFilter.FILTER_ACCEPT

    w = doc.createTreeWalker(r, NodeFilter.SHOW_ALL, Texts())
    assert w.firstChild().id == "a"

    def boom(node):
        raise KeyError("from the filter")

    with pytest.raises(KeyError):
        doc.createTreeWalker(r, NodeFilter.SHOW_ALL, boom).nextNode()

    holder = {}

    def walks_again(node):
        return holder["w"].nextNode()

    holder["w"] = doc.createTreeWalker(r, NodeFilter.SHOW_ALL, walks_again)
    with pytest.raises(ecsdom.InvalidStateError):
        holder["w"].nextNode()
    with pytest.raises(TypeError):
        doc.createTreeWalker(r, NodeFilter.SHOW_ALL, 3)


def test_node_iterator_follows_removals():
    doc = ecsdom.parse(PAGE)
    r = doc.getElementById("r")
    it = doc.createNodeIterator(r, NodeFilter.SHOW_ELEMENT)
    assert [it.nextNode().id for _ in range(4)] == ["r", "a", "a1", "b"]
    doc.getElementById("b").remove()
    # The reference left the tree: the last node before it takes its place.
    assert it.referenceNode.id == "a1" and not it.pointerBeforeReferenceNode
    assert ids(it) == ["c"]
    assert it.previousNode().id == "c"
    odd = doc.createNodeIterator(r, NodeFilter.SHOW_ALL, lambda n: 1 if n.nodeType == 1 else 3)
    r.appendChild(doc.createTextNode("t"))
    assert ids(odd) == ["r", "a", "a1", "c"]
