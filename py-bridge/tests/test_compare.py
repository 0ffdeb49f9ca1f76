"""compareDocumentPosition, isEqualNode and the insertAdjacent family from Python."""

import pytest

import ecsdom


def test_document_position_and_equality():
    doc = ecsdom.parse("<div id=a><p id=b>x</p><p id=c>x</p></div>")
    a, b, c = (doc.getElementById(i) for i in "abc")
    assert b.compareDocumentPosition(c) == ecsdom.Node.DOCUMENT_POSITION_FOLLOWING
    assert c.compareDocumentPosition(b) == ecsdom.Node.DOCUMENT_POSITION_PRECEDING
    assert b.compareDocumentPosition(a) == (
        ecsdom.Node.DOCUMENT_POSITION_CONTAINS | ecsdom.Node.DOCUMENT_POSITION_PRECEDING
    )
    assert not b.isEqualNode(c)  # the ids differ
    c.id = "b"
    assert b.isEqualNode(c)
    assert not b.isEqualNode(None)


def test_insert_adjacent():
    doc = ecsdom.parse("<div id=p><b id=e>x</b></div>")
    e = doc.getElementById("e")
    e.insertAdjacentText("beforebegin", "1")
    e.insertAdjacentHTML("afterend", "<i>2</i>")
    e.insertAdjacentElement("afterbegin", doc.createElement("u"))
    assert doc.getElementById("p").innerHTML == '1<b id="e"><u></u>x</b><i>2</i>'
    with pytest.raises(ecsdom.SyntaxError):
        e.insertAdjacentText("middle", "x")
    with pytest.raises(TypeError):
        e.insertAdjacentElement("afterend", doc.createTextNode("t"))
