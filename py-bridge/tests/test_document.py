"""Documents: parsing, the document getters, creation."""

import ecsdom


def test_parse_gives_a_document_with_head_body_and_title(doc):
    assert isinstance(doc, ecsdom.Document)
    assert isinstance(doc, ecsdom.Node)
    assert doc.nodeType == ecsdom.Node.DOCUMENT_NODE
    assert doc.documentElement.tagName == "HTML"
    assert doc.head.tagName == "HEAD"
    assert doc.body.tagName == "BODY"
    assert doc.title == "A page"
    assert doc.doctype.name == "html"
    assert doc.ownerDocument is None
    assert doc.body.ownerDocument == doc


def test_title_setter_replaces_the_title_text(doc):
    doc.title = "New"
    assert doc.title == "New"
    assert doc.head.innerHTML == "<title>New</title>"


def test_empty_document_and_creation():
    d = ecsdom.Document()
    assert d.documentElement is None and d.body is None
    html = d.createElement("HTML")
    assert html.localName == "html" and html.tagName == "HTML"
    d.appendChild(html)
    assert d.documentElement == html
    t = d.createTextNode("x")
    c = d.createComment("c")
    f = d.createDocumentFragment()
    assert isinstance(t, ecsdom.Text) and isinstance(t, ecsdom.CharacterData)
    assert isinstance(c, ecsdom.Comment)
    assert isinstance(f, ecsdom.DocumentFragment)
    f.append(t, c, "tail")
    assert len(f) == 3
    html.appendChild(f)
    assert html.innerHTML == "x<!--c-->tail"
    assert len(f) == 0


def test_parse_fragment_uses_the_context():
    f = ecsdom.parse_fragment("<tr><td>1</td></tr>", context="tbody")
    assert isinstance(f, ecsdom.DocumentFragment)
    assert f.firstChild.tagName == "TR"
    div_context = ecsdom.parse_fragment("<tr><td>1</td></tr>")
    assert div_context.firstChild.nodeType == ecsdom.Node.TEXT_NODE or len(div_context) == 1


def test_to_html_prints_the_whole_document(doc):
    html = doc.to_html()
    assert html.startswith("<!DOCTYPE html><html><head><title>")
    assert html.endswith("</ul></body></html>")


def test_scripting_flag_changes_noscript_parsing():
    on = ecsdom.parse("<body><noscript><p>x</p></noscript>")
    off = ecsdom.parse("<body><noscript><p>x</p></noscript>", scripting=False)
    assert on.find("noscript p") is None
    assert off.find("noscript p") is not None
