"""Every DOM error is a typed exception; wrong types are TypeErrors; the
document stays usable after any error."""

import pytest

import ecsdom


def test_exception_hierarchy():
    for cls in (
        ecsdom.HierarchyRequestError,
        ecsdom.NotFoundError,
        ecsdom.InvalidCharacterError,
        ecsdom.SyntaxError,
        ecsdom.NoModificationAllowedError,
        ecsdom.StaleNodeError,
    ):
        assert issubclass(cls, ecsdom.DOMException)
    assert issubclass(ecsdom.SyntaxError, ValueError)
    assert ecsdom.HierarchyRequestError.code == 3 and ecsdom.NotFoundError.code == 8


def test_hierarchy_request_error(doc):
    main = doc.getElementById("main")
    p1 = doc.getElementById("p1")
    with pytest.raises(ecsdom.HierarchyRequestError) as e:
        p1.appendChild(main)
    assert e.value.name == "HierarchyRequestError"
    with pytest.raises(ecsdom.HierarchyRequestError):
        main.appendChild(main)
    with pytest.raises(ecsdom.HierarchyRequestError):
        doc.appendChild(doc.createTextNode("x"))
    with pytest.raises(ecsdom.HierarchyRequestError):
        doc.appendChild(doc.createElement("second-root"))
    assert main.outerHTML.startswith("<div")  # still usable


def test_not_found_error(doc):
    main = doc.getElementById("main")
    li = doc.find("li")
    with pytest.raises(ecsdom.NotFoundError):
        main.removeChild(li)
    with pytest.raises(ecsdom.NotFoundError):
        main.insertBefore(doc.createElement("x"), li)


def test_invalid_character_and_syntax_errors(doc):
    with pytest.raises(ecsdom.InvalidCharacterError):
        doc.createElement("1bad")
    with pytest.raises(ecsdom.InvalidCharacterError):
        doc.body.setAttribute("a b", "x")
    with pytest.raises(ecsdom.InvalidCharacterError):
        doc.body.classList.add("a b")
    with pytest.raises(ecsdom.SyntaxError):
        doc.body.classList.add("")
    with pytest.raises(ecsdom.SyntaxError):
        doc.querySelector("div >")
    with pytest.raises(ValueError):
        doc.querySelectorAll(":unknown-pseudo")


@pytest.mark.parametrize(
    "call",
    [
        lambda d: d.body.appendChild(None),
        lambda d: d.body.appendChild("x"),
        lambda d: d.body.appendChild(42),
        lambda d: d.querySelector(None),
        lambda d: d.querySelector(3),
        lambda d: d.getElementById(None),
        lambda d: d.createElement(None),
        lambda d: d.body.insertBefore(None, None),
        lambda d: d.body.replaceChild(d.body, None),
        lambda d: d.body.getAttribute(1),
        lambda d: setattr(d.body, "innerHTML", 5),
        lambda d: d.find_all(b"div"),
    ],
)
def test_wrong_types_raise_type_error(doc, call):
    with pytest.raises(TypeError):
        call(doc)
    assert doc.body.tagName == "BODY"


def test_type_error_names_the_argument(doc):
    with pytest.raises(TypeError, match="node"):
        doc.body.appendChild(None)


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda d: d.body.setAttribute(None, "x"), "qualified_name"),
        (lambda d: d.body.setAttribute("a", None), "value"),
        (lambda d: d.createElement(3), "local_name"),
        (lambda d: setattr(d.body, "textContent", 5), "value"),
        (lambda d: d.body.classList.add(None), "tokens"),
    ],
)
def test_a_domstring_is_a_str_and_a_wrong_one_is_named(doc, call, argument):
    # One policy for DOMString arguments: a `str` (a subclass too), never
    # `None` made "None"; the TypeError's note names the parameter.
    with pytest.raises(TypeError) as raised:
        call(doc)
    assert f"while processing '{argument}'" in (raised.value.__notes__ or [])
    assert not doc.body.hasAttribute("a")


def test_str_subclasses_are_written_as_their_text(doc):
    class Name(str):
        def __str__(self):
            return "other"

    p = doc.createElement("p")
    p.setAttribute("title", Name("x"))
    p.textContent = Name("y")
    p.id = Name("z")
    assert p.outerHTML == '<p title="x" id="z">y</p>'


def test_nodes_of_another_document_are_refused(doc):
    other = ecsdom.parse("<p>x</p>")
    with pytest.raises(ecsdom.NotSupportedError):
        doc.body.appendChild(other.find("p"))
