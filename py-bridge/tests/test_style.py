"""`style` (CSSOM's CSSStyleDeclaration): the element's style attribute,
parsed and validated by the style engine, with each CSS property an
attribute and the Python mapping protocols."""

import pytest

import ecsdom


def element(style=None):
    doc = ecsdom.parse("<!doctype html><div id=x></div>")
    el = doc.getElementById("x")
    if style is not None:
        el.setAttribute("style", style)
    return el


def test_declarations_come_from_the_attribute():
    el = element("color: red; margin: 1px 2px; bogus: 1; width: nonsense")
    s = el.style
    assert s.cssText == "color: red; margin: 1px 2px;"
    assert len(s) == s.length == 5
    assert list(s) == ["color", "margin-top", "margin-right", "margin-bottom", "margin-left"]
    assert s[0] == "color" and s[-1] == "margin-left" and s.item(9) == ""
    assert s.marginLeft == s["margin-left"] == "2px"
    assert s.getPropertyValue("MARGIN") == "1px 2px"
    assert s.display == ""
    with pytest.raises(KeyError):
        s["display"]
    with pytest.raises(IndexError):
        s[5]
    with pytest.raises(AttributeError):
        s.colour


def test_writes_validate_and_go_to_the_attribute():
    el = element()
    s = el.style
    s.backgroundColor = "rgb(1,2,3)"
    s["display"] = "none"
    s.width = "wide"  # does not parse: nothing changes
    s.setProperty("color", "red", "later")  # bad priority: nothing
    assert el.getAttribute("style") == "background-color: rgb(1, 2, 3); display: none;"
    s.setProperty("color", "red", "important")
    assert s.getPropertyPriority("color") == "important"
    s.display = None
    del s["color"]
    with pytest.raises(KeyError):
        del s["color"]
    assert "color" not in s and "background-color" in s
    s.cssText = "float: left"
    assert s.cssFloat == "left"
    s.cssFloat = "right"
    el.style = "--Gap: 4px"
    assert el.getAttribute("style") == "--Gap: 4px;"
    assert s["--Gap"] == "4px"
    assert repr(s) == 'CSSStyleDeclaration("--Gap: 4px;")'


def test_the_style_object_keeps_its_element_alive():
    s = element("color: red").style
    import gc

    gc.collect()
    assert s.color == "red"


def test_only_html_elements_have_style():
    doc = ecsdom.parse("<!doctype html><p></p>")
    other = doc.createElementNS("urn:x", "y")
    assert not hasattr(other, "style")
    assert hasattr(doc.querySelector("p"), "style")


def test_get_computed_style_cascades_sheets_and_the_style_attribute() -> None:
    doc = ecsdom.parse(
        "<!doctype html><style>.box { color: rgb(10, 20, 30); margin: 4px 8px }</style>"
        "<div class=box id=a><b id=b>x</b><i id=c style='color: red'>y</i></div>"
    )
    window = doc.defaultView
    a = window.getComputedStyle(doc.getElementById("a"))
    assert a.color == "rgb(10, 20, 30)"
    assert a["margin"] == "4px 8px"
    assert a.display == "block"
    assert len(a) > 100 and "display" in list(a)
    b = window.getComputedStyle(doc.getElementById("b"))
    assert (b.color, b.fontWeight) == ("rgb(10, 20, 30)", "700")
    assert window.getComputedStyle(doc.getElementById("c")).color == "rgb(255, 0, 0)"
    # Live: a change is seen by the next read.
    doc.getElementById("a").className = ""
    assert a.color == "rgb(0, 0, 0)"
    # Read-only.
    with pytest.raises(ecsdom.DOMException) as e:
        a.color = "red"
    assert e.value.name == "NoModificationAllowedError"
    # A disconnected element has no computed style; a text node is no element.
    assert len(window.getComputedStyle(doc.createElement("p"))) == 0
    with pytest.raises(TypeError):
        window.getComputedStyle(doc.createTextNode("x"))
    assert window.getComputedStyle(doc.getElementById("a"), "::bogus").length == 0


def test_style_sheets_are_sequences_of_one_object_each() -> None:
    doc = ecsdom.parse(
        "<!doctype html><style id=s>#a { color: rgb(1, 2, 3) } i { margin: 0 }</style>"
        "<b id=a>x</b>"
    )
    s = doc.getElementById("s")
    sheet = s.sheet
    assert isinstance(sheet, ecsdom.CSSStyleSheet) and sheet is doc.styleSheets[0]
    assert list(doc.styleSheets) == [sheet] and len(doc.styleSheets) == 1
    rules = sheet.cssRules
    assert [r.selectorText for r in rules] == ["#a", "i"]
    assert rules[-1] is rules[1] and rules[0].parentStyleSheet is sheet
    with pytest.raises(IndexError):
        rules[2]
    assert sheet.insertRule("b { display: none }", 2) == 2
    window = doc.defaultView
    assert window.getComputedStyle(doc.getElementById("a")).display == "none"
    with pytest.raises(ecsdom.DOMException) as e:
        sheet.deleteRule(7)
    assert e.value.name == "IndexSizeError"
    # Another text: another sheet; the old one has no owner node.
    s.textContent = "b { color: red }"
    assert s.sheet is not sheet and sheet.ownerNode is None
    assert [r.cssText for r in s.sheet.cssRules] == ["b { color: red; }"]
    s.remove()
    assert s.sheet is None and len(doc.styleSheets) == 0


def test_animation_and_transition_events_and_their_handlers() -> None:
    e = ecsdom.AnimationEvent("animationend", animationName="x", elapsedTime=2.0)
    assert (e.type, e.animationName, e.elapsedTime, e.pseudoElement) == ("animationend", "x", 2.0, "")
    assert ecsdom.TransitionEvent("transitionend", propertyName="left").propertyName == "left"
    doc = ecsdom.parse("<div id=d></div>")
    div = doc.getElementById("d")
    got: list[str] = []
    # `onwebkitanimationend` hears `webkitAnimationEnd` (HTML's legacy type).
    div.onwebkitanimationend = lambda ev: got.append(ev.type)
    div.dispatchEvent(ecsdom.AnimationEvent("webkitAnimationEnd"))
    div.ontransitionend = lambda ev: got.append(ev.type)
    div.dispatchEvent(ecsdom.TransitionEvent("transitionend"))
    assert got == ["webkitAnimationEnd", "transitionend"]
