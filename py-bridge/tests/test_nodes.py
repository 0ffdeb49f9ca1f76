"""The DOM core API with WHATWG names, and the Pythonic layer beside it."""

import itertools

import pytest

import ecsdom


def test_navigation(doc):
    main = doc.getElementById("main")
    p1, p2 = doc.getElementById("p1"), doc.getElementById("p2")
    assert main.firstChild == p1 and main.lastChild == p2
    assert p1.nextSibling == p2 and p2.previousSibling == p1
    assert p1.parentNode == main and p1.parentElement == main
    assert main.firstElementChild == p1 and main.lastElementChild == p2
    assert p1.nextElementSibling == p2 and p2.previousElementSibling == p1
    assert list(main.children) == [p1, p2]
    assert main.childElementCount == 2
    assert p1.firstChild.nodeName == "#text"
    assert p1.firstChild.previousElementSibling is None
    assert doc.documentElement.parentElement is None
    assert p1.isConnected and main.contains(p1) and not p1.contains(main)
    assert p1.getRootNode() == doc


def test_pythonic_layer(doc):
    main = doc.find("#main")
    assert main == doc.getElementById("main")
    assert doc.find("nope") is None
    assert [p.text for p in doc.find_all("p")] == ["one", "two"]
    assert len(main) == 2
    assert [c.id for c in main] == ["p1", "p2"]
    assert doc.getElementById("p1") in main
    assert doc.body not in main
    assert bool(doc.createElement("empty")) is True
    main.text = "replaced"
    assert main.textContent == "replaced"
    assert repr(main) == "<Element div#main.card.big>"
    assert repr(doc.find("li").firstChild) == '<Text "a">'


def test_mutation_methods_return_their_nodes(doc):
    ul = doc.find("ul")
    li = doc.createElement("li")
    assert ul.appendChild(li) == li
    assert ul.lastElementChild == li
    first = ul.firstElementChild
    new = doc.createElement("li")
    assert ul.insertBefore(new, first) == new
    assert ul.firstElementChild == new
    assert ul.insertBefore(doc.createElement("li"), None) == ul.lastChild
    assert ul.replaceChild(doc.createElement("li"), new) == new
    assert new.parentNode is None
    assert ul.removeChild(li) == li
    li.remove()  # already detached: no error
    first.before("x", doc.createElement("b"))
    first.after(doc.createElement("i"))
    assert [n.nodeName for n in ul.childNodes][:4] == ["LI", "#text", "B", "LI"]
    first.replaceWith(doc.createElement("em"))
    assert first.parentNode is None
    ul.prepend("start")
    assert ul.firstChild.data == "start"
    ul.replaceChildren()
    assert len(ul) == 0


def test_attributes_and_classes(doc):
    main = doc.getElementById("main")
    main.setAttribute("Data-X", "5")
    assert main.getAttribute("data-x") == "5"
    with pytest.raises(TypeError):
        main.setAttribute("data-y", 5)  # a DOMString is a str
    assert main.hasAttribute("DATA-X")
    assert main.getAttributeNames() == ["id", "class", "data-x"]
    assert main.attrs["data-x"] == "5"
    main.attrs["title"] = "t"
    assert "title" in main.attrs and main.attrs["title"] == "t"
    assert main.getAttribute("title") == "t"
    del main.attrs["title"]
    assert main.getAttribute("title") is None
    with pytest.raises(KeyError):
        main.attrs["nope"]
    with pytest.raises(KeyError):
        del main.attrs["nope"]
    assert dict(main.attrs.items())["id"] == "main"
    assert main.attrs.get("nope", "d") == "d"
    assert main.toggleAttribute("hidden") is True
    assert main.toggleAttribute("hidden") is False
    assert main.className == "card big"
    assert list(main.classList) == ["card", "big"]
    main.classList.add("x", "y")
    main.classList.remove("card")
    assert main.classList.toggle("big") is False
    assert main.classList.toggle("z", True) is True
    assert main.classList.replace("x", "w") is True
    assert main.className == "w y z"
    assert "y" in main.classes and len(main.classes) == 3
    main.id = "renamed"
    assert doc.getElementById("renamed") == main and doc.getElementById("main") is None
    assert main.hasAttributes()
    main.removeAttribute("id")
    assert main.id == ""


def test_token_lists_of_other_attributes():
    doc = ecsdom.parse("<a id=a rel='x  y x'></a><iframe id=f></iframe><output id=o for='p q'></output>")
    a = doc.getElementById("a")
    assert (list(a.relList), len(a.relList), str(a.relList)) == (["x", "y"], 2, "x  y x")
    a.relList.add("z")
    assert a.rel == "x y z" and "z" in a.relList
    assert a.relList.supports("noopener") is False
    f = doc.getElementById("f")
    f.sandbox = "allow-forms"
    assert f.getAttribute("sandbox") == "allow-forms"
    o = doc.getElementById("o")
    o.htmlFor.remove("p")
    assert o.getAttribute("for") == "q"
    with pytest.raises(TypeError):
        o.htmlFor.supports("q")
    assert not hasattr(doc.createElement("div"), "relList")


def test_inner_and_outer_html(doc):
    main = doc.getElementById("main")
    main.innerHTML = "<span id=s>hi &amp; bye</span>"
    assert main.innerHTML == '<span id="s">hi &amp; bye</span>'
    s = doc.getElementById("s")
    assert s.outerHTML == '<span id="s">hi &amp; bye</span>'
    s.outerHTML = "<b>1</b><b>2</b>"
    assert len(main.querySelectorAll("b")) == 2
    with pytest.raises(ecsdom.NoModificationAllowedError):
        doc.documentElement.outerHTML = "<p>"


def test_selectors(doc):
    assert len(doc.querySelectorAll("p")) == 2
    assert doc.querySelector("div > .x").id == "p2"
    assert len(doc.querySelectorAll("li:nth-child(odd)")) == 2
    assert doc.getElementById("p2").matches("#main > p.x")
    assert doc.getElementById("p2").closest("div").id == "main"
    assert len(doc.getElementsByTagName("LI")) == 3
    assert len(doc.getElementsByClassName("x")) == 2
    main = doc.getElementById("main")
    assert len(main.querySelectorAll(":scope > p")) == 2


def test_text_and_character_data(doc):
    t = doc.getElementById("p1").firstChild
    assert t.data == "one" and t.nodeValue == "one" and t.length == 3
    t.data = "uno"
    assert doc.getElementById("p1").textContent == "uno"
    assert doc.textContent is None
    el = doc.createElement("p")
    el.append("a", "b")
    el.normalize()
    assert len(el) == 1 and el.firstChild.data == "ab"
    assert doc.createTextNode("😀").length == 2  # UTF-16 code units


def test_clone_node(doc):
    main = doc.getElementById("main")
    deep = main.cloneNode(True)
    assert deep.outerHTML == main.outerHTML and deep != main
    assert not deep.isConnected
    shallow = main.cloneNode()
    assert shallow.outerHTML == '<div id="main" class="card big"></div>'


def test_node_lists_are_sequences(doc):
    lis = doc.querySelectorAll("li")
    assert len(lis) == 3 and lis.length == 3
    assert lis[0].text == "a" and lis[-1].text == "c"
    assert [li.text for li in lis[1:]] == ["b", "c"]
    assert [li.text for li in lis[::2]] == ["a", "c"]
    assert lis.item(5) is None
    with pytest.raises(IndexError):
        lis[3]
    assert lis[1] in lis
    assert lis.texts() == ["a", "b", "c"]
    lis.set_text(["1", "2", "3"])
    assert lis.texts() == ["1", "2", "3"]
    lis.set_text("same")
    assert lis.texts() == ["same"] * 3
    lis.set_attribute("data-i", ["0", "1", "2"])
    assert [li.getAttribute("data-i") for li in lis] == ["0", "1", "2"]
    lis.toggle_class("on")
    assert all(li.classList.contains("on") for li in lis)
    with pytest.raises(ValueError):
        lis.set_text(["too", "few"])
    # An endless iterator is too many values, not a hang; values are str.
    with pytest.raises(ValueError, match="got more"):
        lis.set_text(itertools.repeat("q"))
    with pytest.raises(TypeError, match=r"values\[1\] must be a str, not int"):
        lis.set_text(["a", 1, "c"])
    with pytest.raises(TypeError, match=r"values\[2\] must be a str, not NoneType"):
        lis.set_attribute("title", iter(["a", "b", None]))
    assert lis.texts() == ["same"] * 3
    ids = doc.get_elements_by_ids(["p1", "p2"])
    assert [e.id for e in ids] == ["p1", "p2"]
    with pytest.raises(KeyError):
        doc.get_elements_by_ids(["p1", "missing"])


def test_character_data_ranges_count_utf16_code_units() -> None:
    doc = ecsdom.parse("<p id=p>héllo 😀 world</p>")
    text = doc.getElementById("p").firstChild
    assert isinstance(text, ecsdom.Text)
    assert text.length == 14  # 😀 is two UTF-16 code units, as in browsers
    assert text.substringData(6, 2) == "😀"
    with pytest.raises(ecsdom.IndexSizeError) as info:
        text.substringData(15, 1)
    assert isinstance(info.value, IndexError) and info.value.code == 1
    text.replaceData(0, 5, "HELLO")
    text.appendData("!")
    text.insertData(5, ",")
    text.deleteData(7, 3)
    assert text.data == "HELLO, world!"
    tail = text.splitText(7)
    assert (text.data, tail.data) == ("HELLO, ", "world!")
    assert text.nextSibling == tail and tail.parentNode == doc.getElementById("p")


def test_processing_instructions() -> None:
    doc = ecsdom.parse("<p id=p></p>")
    pi = doc.createProcessingInstruction("xml-stylesheet", 'href="a.css"')
    assert isinstance(pi, ecsdom.ProcessingInstruction) and isinstance(pi, ecsdom.CharacterData)
    assert (pi.nodeType, pi.nodeName, pi.target, pi.data) == (7, "xml-stylesheet", "xml-stylesheet", 'href="a.css"')
    doc.getElementById("p").appendChild(pi)
    assert doc.getElementById("p").innerHTML == '<?xml-stylesheet href="a.css">'
    pi.data = "x"
    assert pi.textContent == "x"
    with pytest.raises(ecsdom.InvalidCharacterError):
        doc.createProcessingInstruction("a b", "")
    with pytest.raises(ecsdom.InvalidCharacterError):
        doc.createProcessingInstruction("t", "?>")


def test_replace_children_validates_before_removing(doc):
    main = doc.getElementById("main")
    before = main.innerHTML
    with pytest.raises(ecsdom.HierarchyRequestError):
        main.replaceChildren(doc.body)
    assert main.innerHTML == before
    with pytest.raises(ecsdom.HierarchyRequestError):
        main.replaceChildren("x", doc.doctype)
    assert main.innerHTML == before
    with pytest.raises(TypeError):
        main.replaceChildren(7)
    assert main.innerHTML == before
    li = doc.querySelector("li")
    main.replaceChildren("a<", li)
    assert main.innerHTML == "a&lt;<li>a</li>"
    ul = doc.querySelector("ul")
    ul.innerHTML = "<li>a</li><li class=x>b</li><li>c</li>"
    a, b, c = ul.querySelectorAll("li")
    b.before(a, "t")
    assert doc.querySelector("ul").innerHTML == '<li>a</li>t<li class="x">b</li><li>c</li>'
    b.replaceWith(c, b)
    assert doc.querySelector("ul").innerHTML == '<li>a</li>t<li>c</li><li class="x">b</li>'
    assert main.ownerDocument == doc and doc.ownerDocument is None


def test_generated_members_take_the_idl_argument_names(doc):
    t = doc.createTextNode("hello")
    assert t.substringData(offset=1, count=3) == "ell"
    t.appendData(data="!")
    t.insertData(0, "7")
    t.deleteData(offset=1, count=1)
    assert t.data == "7ello!" and t.length == 6
    t.replaceData(0, 1, "")
    assert t.data == "ello!"
    with pytest.raises(ecsdom.IndexSizeError):
        t.substringData(99, 1)
    with pytest.raises(TypeError):
        t.appendData(5)
    p = doc.getElementById("p1")
    assert p.toggleAttribute(qualified_name="hidden") is True
    assert p.hasAttribute("HIDDEN") and p.hasAttributes()
    assert p.toggleAttribute("hidden", True) is True
    assert p.toggleAttribute("hidden") is False
    assert doc.doctype.name == "html" and doc.doctype.publicId == ""
    tail = p.firstChild.splitText(1)
    assert tail.data == "ne" and tail.previousSibling == p.firstChild
    p.normalize()
    assert len(p.childNodes) == 1
    w = doc.createElement("p")
    w.append("a", doc.createComment("c"), "b", "c")
    assert w.childNodes[2].wholeText == "bc" and w.firstChild.wholeText == "a"
    assert p.webkitMatchesSelector("#p1") and p.closest("div").id == "main"
    assert p.namespaceURI == "http://www.w3.org/1999/xhtml"
    assert p.getAttribute("nope") is None
    assert p.cloneNode(deep=True).outerHTML == p.outerHTML


def test_move_before_keeps_the_node_in_its_tree(doc):
    body = doc.body
    a, b = doc.createElement("a"), doc.createElement("b")
    body.append(a, b)
    body.moveBefore(b, a)
    assert [c.localName for c in body.children][-2:] == ["b", "a"]
    with pytest.raises(ecsdom.HierarchyRequestError):
        body.moveBefore(doc.createElement("c"), None)
    with pytest.raises(ecsdom.NotFoundError):
        a.moveBefore(b, body)


def test_domstring_arguments_take_str_only():
    doc = ecsdom.parse("<p id=p>x</p>")
    p = doc.getElementById("p")
    for bad in (None, 5):
        with pytest.raises(TypeError, match="must be a str"):
            p.dataset["x"] = bad  # type: ignore[assignment]
        with pytest.raises(TypeError, match="must be a str"):
            p.attrs["title"] = bad  # type: ignore[assignment]
    with pytest.raises(TypeError, match="must be a str, not int"):
        p.style["color"] = 5  # type: ignore[assignment]
    class Name(str):
        def __str__(self) -> str:
            return "other"
    p.dataset["x"] = Name("kept")
    p.style["color"] = None  # [LegacyNullToEmptyString]
    assert p.getAttribute("data-x") == "kept" and p.style.getPropertyValue("color") == ""
