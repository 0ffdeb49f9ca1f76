"""Form controls' state and activation behavior from Python: checkedness
and its dirty flag, radio groups, values, a label's click, submit and
reset (HTML §4.10, DOM's activation behavior)."""

import pytest

import ecsdom


def _form() -> ecsdom.Document:
    return ecsdom.parse(
        "<form id=f><input type=checkbox id=c><input type=radio name=r id=a checked>"
        "<input type=radio name=r id=b><label id=l>x<input type=checkbox id=lc></label>"
        "<input id=t type=number value=12><button id=s>go</button></form>"
    )


def test_click_toggles_a_checkbox_and_fires_input_then_change() -> None:
    doc = _form()
    c = doc.getElementById("c")
    log: list[str] = []
    doc.addEventListener("input", lambda e: log.append("input:" + e.target.id))
    doc.addEventListener("change", lambda e: log.append("change:" + e.target.id))
    c.click()
    assert c.checked and log == ["input:c", "change:c"]
    c.addEventListener("click", lambda e: e.preventDefault())
    c.click()
    assert c.checked, "a canceled click puts the checkedness back"
    assert log == ["input:c", "change:c"]
    assert not c.defaultChecked and not c.hasAttribute("checked")


def test_radio_groups_labels_and_dirty_checkedness() -> None:
    doc = _form()
    a, b, lc = (doc.getElementById(i) for i in ("a", "b", "lc"))
    b.checked = True
    assert (a.checked, b.checked) == (False, True)
    a.removeAttribute("checked")
    a.setAttribute("checked", "")
    # a's checkedness is not dirty: its attribute, added again, checks it
    # (and unchecks b); b's is dirty: its attribute no longer counts.
    assert (a.checked, b.checked) == (True, False)
    b.setAttribute("checked", "")
    assert (a.checked, b.checked) == (True, False)
    doc.getElementById("l").click()
    assert lc.checked and doc.getElementById("l").control == lc
    assert lc.form == doc.getElementById("f")


def test_values_submit_and_reset() -> None:
    doc = _form()
    t = doc.getElementById("t")
    assert t.value == "12"
    t.value = "nope"
    assert t.value == "" and t.getAttribute("value") == "12"
    events: list[str] = []
    form = doc.getElementById("f")
    form.addEventListener("submit", lambda e: (events.append("submit"), e.preventDefault()))
    doc.getElementById("s").click()
    assert events == ["submit"]
    assert doc.getElementById("s").form == form
    ecsdom.Event("x")  # an Event of no UI interface does not activate
    checkbox = doc.getElementById("c")
    checkbox.dispatchEvent(ecsdom.Event("click", bubbles=True))
    assert not checkbox.checked
    checkbox.dispatchEvent(ecsdom.MouseEvent("click", bubbles=True))
    assert checkbox.checked


def test_dataset_maps_data_attributes_by_camel_case_name() -> None:
    doc = ecsdom.parse("<p id=p data-foo-bar=1 data-x=2>")
    p = doc.getElementById("p")
    d = p.dataset
    assert isinstance(d, ecsdom.DOMStringMap)
    assert dict(d.items()) == {"fooBar": "1", "x": "2"} and list(d) == ["fooBar", "x"]
    d["newThing"] = "5"
    del d["x"]
    assert p.getAttribute("data-new-thing") == "5" and not p.hasAttribute("data-x")
    assert "fooBar" in d and d.get("nope") is None and len(d) == 2
    with pytest.raises(KeyError):
        d["x"]
    with pytest.raises(ecsdom.SyntaxError):
        d["a-b"] = "v"
    with pytest.raises(ecsdom.InvalidCharacterError):
        d["a b"] = "v"


def test_form_elements_is_live_and_lists_its_controls():
    d = ecsdom.parse(
        "<form id=f><input name=a><input type=image><fieldset><select name=s></select></fieldset></form>"
        "<textarea form=f name=t></textarea><input name=other>"
    )
    f = d.getElementById("f")
    elements = f.elements
    assert f.length == 4 and [e.tagName for e in elements] == ["INPUT", "FIELDSET", "SELECT", "TEXTAREA"]
    assert elements.namedItem("t") == d.querySelector("textarea")
    d.querySelector("[name=other]").setAttribute("form", "f")
    assert f.length == 5 and len(elements) == 5
