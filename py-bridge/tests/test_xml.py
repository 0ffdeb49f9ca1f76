"""XML documents from Python: parsing, CDATA sections, XMLDocument, XMLSerializer."""

import pytest

import ecsdom


def test_cdata_sections_are_xml_only():
    doc = ecsdom.parse("<p>")
    with pytest.raises(ecsdom.NotSupportedError):
        doc.createCDATASection("x")
    xml = doc.implementation.createDocument(None, "root")
    c = xml.createCDATASection("a<b")
    assert isinstance(c, ecsdom.CDATASection) and isinstance(c, ecsdom.Text)
    assert (c.nodeType, c.nodeName, c.data) == (4, "#cdata-section", "a<b")
    with pytest.raises(ecsdom.InvalidCharacterError):
        xml.createCDATASection("]]>")


def test_xml_documents_parse_and_serialize():
    xml = ecsdom.DOMParser().parseFromString(
        "<r xmlns='urn:r' xmlns:x='urn:x'><x:item a='1'>t&amp;</x:item><?pi d?></r>", "application/xml"
    )
    # DOMParser makes a Document ("a new Document, whose content type is
    # type"); createDocument an XMLDocument.
    assert not isinstance(xml, ecsdom.XMLDocument) and xml.contentType == "application/xml"
    made = xml.implementation.createDocument(None, "r")
    assert isinstance(made, ecsdom.XMLDocument)
    item = xml.documentElement.firstChild
    assert (item.namespaceURI, item.prefix, item.localName) == ("urn:x", "x", "item")
    assert xml.documentElement.getAttributeNS("http://www.w3.org/2000/xmlns/", "x") == "urn:x"
    out = ecsdom.XMLSerializer().serializeToString(xml)
    assert out == '<r xmlns="urn:r" xmlns:x="urn:x"><x:item a="1">t&amp;</x:item><?pi d?></r>'
    assert xml.documentElement.innerHTML == '<x:item xmlns:x="urn:x" a="1">t&amp;</x:item><?pi d?>'
    html = ecsdom.parse("<p>")
    p = html.querySelector("p")
    assert ecsdom.XMLSerializer().serializeToString(p) == '<p xmlns="http://www.w3.org/1999/xhtml"></p>'
    assert not isinstance(html, ecsdom.XMLDocument)


def test_template_content():
    doc = ecsdom.parse("<template id=t><p id=x>a</p></template><div id=d></div>")
    t = doc.getElementById("t")
    assert t.content.nodeName == "#document-fragment"
    assert t.content.getElementById("x").textContent == "a"
    assert not hasattr(doc.getElementById("d"), "content")
