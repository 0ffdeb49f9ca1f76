"""Live ranges from Python: the same dom-ecs Range as JS."""

import pytest

import ecsdom


def test_a_range_follows_the_tree():
    doc = ecsdom.parse("<div id=a><p id=p>one</p><p id=q>two</p><p id=s>six</p></div>")
    a = doc.getElementById("a")
    one = doc.getElementById("p").firstChild
    six = doc.getElementById("s").firstChild
    r = doc.createRange()
    assert isinstance(r, ecsdom.Range) and isinstance(r, ecsdom.AbstractRange)
    assert r.startContainer == doc and r.collapsed
    r.setStart(one, 1)
    r.setEnd(six, 2)
    assert str(r) == r.toString() == "netwosi"
    assert r.commonAncestorContainer == a
    # An insertion before the end's text does not move it; data changes do.
    six.insertData(0, "xx")
    assert (r.endContainer, r.endOffset) == (six, 4)
    copy = r.cloneContents()
    assert [c.textContent for c in copy.childNodes] == ["ne", "two", "xxsi"]
    out = r.extractContents()
    assert [c.nodeName for c in out.childNodes] == ["P", "P", "P"]
    assert a.innerHTML == '<p id="p">o</p><p id="s">x</p>'
    assert (r.startContainer, r.startOffset, r.collapsed) == (a, 1, True)


def test_range_constructor_and_errors():
    doc = ecsdom.parse("<!DOCTYPE html><p id=p>text</p>")
    r = ecsdom.Range(document=doc)
    p = doc.getElementById("p")
    with pytest.raises(ecsdom.IndexSizeError):
        r.setStart(p, 2)
    with pytest.raises(ecsdom.InvalidNodeTypeError):
        r.setStart(doc.doctype, 0)
    with pytest.raises(ecsdom.NotSupportedError):
        r.compareBoundaryPoints(9, r)
    other = doc.createRange()
    lone = doc.createElement("div")
    other.selectNodeContents(lone)
    with pytest.raises(ecsdom.WrongDocumentError):
        r.compareBoundaryPoints(ecsdom.Range.START_TO_START, other)
    r.selectNode(p)
    assert r.intersectsNode(p.firstChild)
    assert r.comparePoint(p.firstChild, 2) == 0
    b = doc.createElement("b")
    r.surroundContents(b)
    assert doc.body.innerHTML == '<b><p id="p">text</p></b>'
    frag = r.createContextualFragment("<i>x</i>")
    assert frag.firstChild.tagName == "I"
