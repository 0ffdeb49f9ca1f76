"""Namespaced names from Python: createElementNS, the *NS attribute
methods, the namespace lookups and getElementsByTagNameNS."""

import pytest

import ecsdom

SVG = "http://www.w3.org/2000/svg"
XMLNS = "http://www.w3.org/2000/xmlns/"


def test_create_element_ns_keeps_namespace_prefix_and_case():
    doc = ecsdom.parse("<body></body>")
    e = doc.createElementNS("urn:x", "p:Item")
    assert (e.namespaceURI, e.prefix, e.localName, e.tagName) == ("urn:x", "p", "Item", "p:Item")
    doc.body.appendChild(e)
    assert doc.body.innerHTML == "<p:Item></p:Item>"
    assert doc.createElementNS(SVG, "rect").namespaceURI == SVG


def test_invalid_names_raise_the_errors_the_standard_names():
    doc = ecsdom.parse("")
    with pytest.raises(ecsdom.NamespaceError) as info:
        doc.createElementNS(None, "p:q")
    assert info.value.code == 14
    with pytest.raises(ecsdom.InvalidCharacterError):
        doc.createElementNS("urn:x", "p:")
    with pytest.raises(ecsdom.NamespaceError):
        doc.body.setAttributeNS("urn:x", "xmlns", "v")


def test_attributes_in_namespaces():
    doc = ecsdom.parse("<div id=d></div>")
    d = doc.getElementById("d")
    d.setAttributeNS("urn:a", "a:x", "1")
    d.setAttributeNS("urn:b", "b:x", "2")
    assert d.getAttributeNS("urn:a", "x") == "1"
    assert d.getAttribute("b:x") == "2"
    assert d.hasAttributeNS("urn:b", "x")
    d.removeAttributeNS("urn:a", "x")
    assert not d.hasAttributeNS("urn:a", "x")
    assert d.outerHTML == '<div id="d" b:x="2"></div>'


def test_namespace_lookups_and_tag_name_ns():
    doc = ecsdom.parse("<body></body>")
    outer = doc.createElementNS("urn:x", "p:outer")
    outer.setAttributeNS(XMLNS, "xmlns:q", "urn:q")
    inner = doc.createElement("span")
    outer.appendChild(inner)
    doc.body.appendChild(outer)
    assert inner.lookupNamespaceURI("p") == "urn:x"
    assert inner.lookupNamespaceURI("q") == "urn:q"
    assert inner.lookupPrefix("urn:q") == "q"
    assert inner.isDefaultNamespace("http://www.w3.org/1999/xhtml")
    found = doc.getElementsByTagNameNS("urn:x", "*")
    assert list(found) == [outer]
    other = doc.createElementNS("urn:x", "p:outer")
    doc.body.appendChild(other)
    assert len(found) == 2  # live
    assert list(doc.getElementsByTagName("p:outer")) == [outer, other]
