"""Documents a script makes, node documents, importNode and adoptNode from Python."""

import pytest

import ecsdom


def test_document_kinds():
    doc = ecsdom.parse("<!doctype html><p>")
    assert (doc.contentType, doc.compatMode, doc.characterSet) == ("text/html", "CSS1Compat", "UTF-8")
    assert ecsdom.parse("<p>").compatMode == "BackCompat"
    dt = doc.implementation.createDocumentType("svg", "", "")
    svg = doc.implementation.createDocument("http://www.w3.org/2000/svg", "svg", dt)
    assert svg.contentType == "image/svg+xml"
    assert svg.documentElement.tagName == "svg"
    assert svg.doctype.name == "svg"
    xml = doc.implementation.createDocument(None, "")
    assert xml.contentType == "application/xml" and xml.documentElement is None
    # An XML document keeps the case of the names it is given.
    assert xml.createElement("Item").tagName == "Item"
    with pytest.raises(ecsdom.NamespaceError):
        doc.implementation.createDocument(None, "a:b")


def test_import_and_adopt_within_a_document():
    doc = ecsdom.parse("<div id=d><p>x</p></div>")
    other = doc.createElement("section")
    d = doc.getElementById("d")
    copy = doc.importNode(d, True)
    assert copy.outerHTML == d.outerHTML and copy.parentNode is None
    assert copy.ownerDocument == doc
    assert doc.adoptNode(d) == d and d.parentNode is None
    other.appendChild(d)
    assert other.firstChild == d
    with pytest.raises(ecsdom.NotSupportedError):
        doc.adoptNode(doc)


def test_static_range():
    doc = ecsdom.parse("<!DOCTYPE html><p id=p>text</p>")
    p = doc.getElementById("p")
    r = ecsdom.StaticRange(start_container=p, start_offset=1, end_container=p, end_offset=1)
    assert r.collapsed and r.startContainer == p and r.endOffset == 1
    assert isinstance(r, ecsdom.AbstractRange)
    with pytest.raises(ecsdom.InvalidNodeTypeError) as info:
        ecsdom.StaticRange(start_container=doc.doctype, start_offset=0, end_container=p, end_offset=0)
    assert info.value.code == 24
