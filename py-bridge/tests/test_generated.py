"""The members generated from the IDL and webidl/bindings.txt, as Python
sees them: constants as class attributes, writable attributes (recorded
in a batch where the table says so), None where the IDL says null."""

import pytest

import ecsdom


def test_constants_are_class_attributes_from_the_idl():
    assert ecsdom.Node.DOCUMENT_POSITION_CONTAINED_BY == 16
    assert ecsdom.Node.NOTATION_NODE == 12
    assert ecsdom.Element.ELEMENT_NODE == 1
    assert ecsdom.Event.AT_TARGET == 2
    assert ecsdom.Event("x").BUBBLING_PHASE == 3
    doc = ecsdom.parse("<p>x</p>")
    assert doc.body.firstChild.firstChild.nodeType == ecsdom.Node.TEXT_NODE


def test_node_value_data_and_title():
    doc = ecsdom.parse("<title> a  b </title><p id=p>hi<!--c--></p>")
    p = doc.getElementById("p")
    text, comment = p.firstChild, p.lastChild
    assert (p.nodeValue, doc.nodeValue, text.nodeValue) == (None, None, "hi")
    p.nodeValue = "ignored"
    assert p.textContent == "hi"
    comment.nodeValue = None
    assert comment.data == ""
    text.data = None  # [LegacyNullToEmptyString]
    assert text.data == ""
    p.innerHTML = None  # [LegacyNullToEmptyString] too
    assert p.innerHTML == "" and p.outerHTML == '<p id="p"></p>'
    text.data = "back"
    assert text.nodeValue == "back"
    assert doc.textContent is None
    assert doc.title == "a b"
    doc.title = "new"
    assert doc.title == "new"
    assert doc.createProcessingInstruction("tgt", "d").target == "tgt"


def test_a_batch_records_text_and_data_and_applies_other_writes_in_order():
    doc = ecsdom.parse("<p id=p>hi</p><p id=q></p>")
    p, q = doc.getElementById("p"), doc.getElementById("q")
    text = p.firstChild
    with doc.batch():
        q.textContent = "first"
        text.data = "recorded"
        # nodeValue has no recorder: the batch is applied, then the write.
        q.firstChild.nodeValue = "second"
    assert (text.data, q.textContent) == ("recorded", "second")
    with doc.batch():
        p.textContent = None
    assert p.childNodes.length == 0


def test_tree_mutators_return_the_argument_object_and_body_is_writable():
    doc = ecsdom.parse("<body><p id=p>x</p></body>")
    p = doc.getElementById("p")
    q = doc.createElement("q")
    assert doc.body.appendChild(q) is q
    assert doc.body.replaceChild(doc.createElement("i"), q) is q
    assert doc.body.removeChild(p) is p
    p.remove()
    assert doc.documentElement.localName == "html" and doc.doctype is None
    b = doc.createElement("body")
    doc.body = b
    assert doc.body == b and doc.documentElement.lastChild == b
    with pytest.raises(ecsdom.DOMException) as e:
        doc.body = doc.createElement("div")
    assert e.value.name == "HierarchyRequestError"


def test_reflected_attributes_and_a_batched_id_change():
    doc = ecsdom.parse("<p id=p>x</p>")
    p = doc.getElementById("p")
    assert (p.className, p.slot) == ("", "")
    p.className = "a b"
    p.slot = "s"
    assert p.getAttribute("class") == "a b" and p.getAttribute("slot") == "s"
    with doc.batch():
        p.id = "q"  # recorded; the id lookup below applies the batch first
        assert doc.getElementById("q") == p
    assert doc.getElementById("p") is None


def test_dom_implementation_and_dom_parser():
    doc = ecsdom.parse("<p>page</p>")
    impl = doc.implementation
    made = impl.createHTMLDocument("a < b")
    assert made.title == "a < b" and made.doctype.name == "html"
    assert made.documentElement.outerHTML == (
        "<html><head><title>a &lt; b</title></head><body></body></html>"
    )
    assert impl.createHTMLDocument().head.hasChildNodes() is False
    dt = impl.createDocumentType("svg", "-//W3C//DTD SVG 1.1//EN", "")
    assert (dt.name, dt.publicId, dt.parentNode) == ("svg", "-//W3C//DTD SVG 1.1//EN", None)
    with pytest.raises(ecsdom.InvalidCharacterError):
        impl.createDocumentType("a b", "", "")
    assert impl.hasFeature() is True
    parsed = ecsdom.DOMParser().parseFromString("<p>x", "text/html")
    assert parsed.body.innerHTML == "<p>x</p>"
    svg = ecsdom.DOMParser().parseFromString("<svg xmlns='http://www.w3.org/2000/svg'><Text/></svg>", "image/svg+xml")
    assert svg.contentType == "image/svg+xml"
    assert svg.documentElement.firstChild.tagName == "Text"
    bad = ecsdom.DOMParser().parseFromString("<a><b></a>", "application/xml")
    assert bad.documentElement.localName == "parsererror"
    with pytest.raises(TypeError):
        ecsdom.DOMParser().parseFromString("<a/>", "text/nope")


def test_html_collections_have_named_items():
    doc = ecsdom.parse("<div id=d><p id=a></p><input name=b><svg><g name=c></g></svg></div>")
    children = doc.getElementById("d").children
    assert isinstance(children, ecsdom.HTMLCollection) and isinstance(children, ecsdom.NodeList)
    assert children.namedItem("a").id == "a"
    assert children.namedItem("b").localName == "input"
    assert children.namedItem("c") is None and children.namedItem("") is None
    assert doc.getElementsByTagName("g").namedItem("c") is None  # not an HTML element
    assert children.item(0).id == "a" and len(doc.getElementsByClassName("x")) == 0


def test_contains_and_is_same_node_across_documents_answer_false():
    a, b = ecsdom.parse("<p id=p>x</p>"), ecsdom.parse("<p id=p>x</p>")
    p, q = a.getElementById("p"), b.getElementById("p")
    assert a.contains(p) and not a.contains(q) and not a.contains(None)
    assert p.isSameNode(a.getElementById("p")) and not p.isSameNode(q)
    assert not p.isSameNode(None)


def test_collections_are_live_and_query_results_static():
    doc = ecsdom.parse("<div id=d><p class=a id=p1>1</p>x<p>2</p></div>")
    d = doc.getElementById("d")
    nodes, kids = d.childNodes, d.children
    ps, a = doc.getElementsByTagName("p"), doc.getElementsByClassName("a")
    found = doc.querySelectorAll("p")
    assert (len(nodes), len(kids), len(ps), len(a)) == (3, 2, 2, 1)
    assert isinstance(kids, ecsdom.HTMLCollection) and ps.namedItem("p1") == ps[0]
    assert ps.namedItem("nope") is None
    assert type(found) is ecsdom.NodeList
    q = doc.createElement("p")
    d.append(q)
    # Live: the tree as it is now; querySelectorAll's list is static.
    assert (len(nodes), nodes.length, len(kids), len(ps), len(found)) == (4, 4, 3, 3, 2)
    assert nodes[-1] == q and kids.item(2) == q and nodes.item(9) is None
    q.classList.add("a")
    assert len(a) == 1 + 1 and q in a
    # In a batch, a read sees what is pending.
    with doc.batch():
        q.classList.remove("a")
        assert len(a) == 1
    # Iteration reads the tree at each step, as a script's for...of does.
    seen = []
    for child in d.children:
        seen.append(child)
        if len(seen) == 1:
            d.removeChild(child)
    assert len(seen) == 2
    # A slice is a static list of the nodes now.
    first = kids[0:1]
    d.prepend(doc.createElement("i"))
    assert len(first) == 1 and first[0] != kids[0]
    assert repr(kids).startswith("<live HTMLCollection of 3")


def test_class_list_supports_raises_type_error():
    p = ecsdom.parse("<p id=p class=a></p>").getElementById("p")
    assert p.classList.contains("a")
    with pytest.raises(TypeError):
        p.classList.supports("a")


def test_attr_and_named_node_map():
    doc = ecsdom.parse("<p id=p Title=t data-x=1></p><svg><a xlink:href=u></a></svg>")
    p = doc.getElementById("p")
    attrs = p.attributes
    assert len(attrs) == attrs.length == 3
    assert [a.name for a in attrs] == ["id", "title", "data-x"]
    assert attrs.getNamedItem("TITLE") == attrs[1] == attrs["title"] == p.getAttributeNode("title")
    assert attrs.getNamedItem("nope") is None and attrs.item(9) is None
    title = attrs[1]
    assert (title.value, title.prefix, title.namespaceURI, title.specified) == ("t", None, None, True)
    title.value = "u"
    assert p.getAttribute("title") == "u"
    assert title.ownerElement == p
    link = doc.querySelector("svg a").attributes[0]
    assert (link.name, link.prefix, link.localName) == ("xlink:href", "xlink", "href")
    assert link.namespaceURI == "http://www.w3.org/1999/xlink"
    removed = attrs.removeNamedItem("Title")
    assert removed.name == "title" and removed.ownerElement is None
    # A removed Attr keeps the value it had, and its own writes.
    assert removed.localName == "title" and removed.value == "u"
    assert len(attrs) == 2 and not p.hasAttribute("title")
    removed.value = "again"
    assert not p.hasAttribute("title") and removed.value == "again"
    with pytest.raises(ecsdom.NotFoundError):
        attrs.removeNamedItem("title")


def test_attrs_are_nodes_made_set_and_moved():
    doc = ecsdom.parse("<p id=p></p><b id=b></b>")
    p, b = doc.getElementById("p"), doc.getElementById("b")
    a = doc.createAttribute("Lang")
    assert isinstance(a, ecsdom.Attr) and isinstance(a, ecsdom.Node)
    assert (a.nodeType, a.nodeName, a.name, a.ownerElement) == (2, "lang", "lang", None)
    a.textContent = "en"
    assert a.nodeValue == "en" and a.ownerDocument == doc
    assert p.setAttributeNode(a) is None
    assert p.getAttribute("lang") == "en" and a.ownerElement == p
    assert p.getAttributeNode("lang") == a and a.isSameNode(p.attributes["lang"])
    with pytest.raises(ecsdom.InUseAttributeError):
        b.setAttributeNode(a)
    other = doc.createAttributeNS("urn:x", "x:lang")
    assert (other.prefix, other.localName, other.namespaceURI) == ("x", "lang", "urn:x")
    assert p.attributes.setNamedItemNS(other) is None
    assert p.getAttributeNodeNS("urn:x", "lang") == other
    assert p.removeAttributeNode(a) == a and a.ownerElement is None and a.value == "en"
    copy = a.cloneNode()
    assert copy != a and copy.isEqualNode(a)
    with pytest.raises(ecsdom.HierarchyRequestError):
        p.appendChild(copy)
    with pytest.raises(TypeError):
        p.setAttributeNode(b)


def test_event_members_read_one_state_before_and_after_dispatch():
    doc = ecsdom.parse("<div id=d><p id=p></p></div>")
    p = doc.getElementById("p")
    e = ecsdom.Event("x", bubbles=True, cancelable=True)
    assert (e.type, e.eventPhase, e.target, e.composedPath(), e.returnValue) == ("x", 0, None, [], True)
    # Done before the first dispatch, and kept by it (as in JS).
    e.preventDefault()
    assert e.defaultPrevented and not e.returnValue
    seen = []
    doc.getElementById("d").addEventListener(
        "x", lambda ev: seen.append((ev.target.id, ev.currentTarget.id, ev.eventPhase, ev.srcElement.id))
    )
    assert p.dispatchEvent(e) is False
    assert seen == [("p", "d", ecsdom.Event.BUBBLING_PHASE, "p")]
    assert e.currentTarget is None and e.target == p
    e.initEvent("y", False, False)
    assert (e.type, e.bubbles, e.defaultPrevented) == ("y", False, False)
    e.cancelBubble = True
    assert e.cancelBubble


def test_node_constructors_make_nodes_of_the_global_or_given_document():
    other = ecsdom.parse("<p id=p></p>")
    t = ecsdom.Text("hi", document=other)
    assert type(t) is ecsdom.Text and t.data == "hi" and t.ownerDocument == other
    assert ecsdom.Comment(document=other).data == ""
    frag = ecsdom.DocumentFragment(document=other)
    frag.append(t)
    other.getElementById("p").append(frag)
    assert other.getElementById("p").textContent == "hi"
    # Without document=, the calling module's global `document`: none here.
    with pytest.raises(TypeError):
        ecsdom.Text("x")
    scope = {"ecsdom": ecsdom, "document": other}
    exec("made = ecsdom.Text('g')", scope)
    assert scope["made"].ownerDocument == other
    with pytest.raises(TypeError):
        ecsdom.Text(5, document=other)
