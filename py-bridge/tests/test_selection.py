"""Selection (https://w3c.github.io/selection-api/): the document's one
selection holds the very live range a script added."""

import pytest

import ecsdom


def test_the_selection_holds_the_added_live_range():
    doc = ecsdom.parse("<p id=p>hello <b>world</b></p>")
    s = doc.getSelection()
    assert s is doc.getSelection()
    assert (s.rangeCount, s.type, s.anchorNode, str(s)) == (0, "None", None, "")
    p = doc.getElementById("p")
    r = doc.createRange()
    r.setStart(p.firstChild, 1)
    r.setEnd(p.lastChild.firstChild, 3)
    s.addRange(r)
    assert s.getRangeAt(0) is r
    assert (s.rangeCount, s.type, s.toString()) == (1, "Range", "ello wor")
    assert s.anchorNode == p.firstChild and s.focusOffset == 3
    # A second range is ignored; the range moves with mutations.
    s.addRange(doc.createRange())
    assert s.getRangeAt(0) is r
    p.firstChild.insertData(0, "XX")
    assert (r.startOffset, s.anchorOffset) == (3, 3)
    with pytest.raises(ecsdom.IndexSizeError):
        s.getRangeAt(1)
    # collapse: a new range.
    s.collapse(p, 1)
    assert s.getRangeAt(0) is not r and s.isCollapsed and s.type == "Caret"
    with pytest.raises(ecsdom.NotFoundError):
        s.removeRange(r)
    s.selectAllChildren(p)
    # (Whole containment compares with (node, 0) and (node, length).)
    assert s.containsNode(p.lastChild) and s.containsNode(p)
    assert not s.containsNode(doc.body) and s.containsNode(doc.body, True)
    s.deleteFromDocument()
    assert p.childNodes.length == 0
    s.removeAllRanges()
    assert s.rangeCount == 0
    with pytest.raises(ecsdom.InvalidStateError):
        s.collapseToStart()
