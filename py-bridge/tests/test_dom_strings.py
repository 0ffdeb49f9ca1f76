"""DOM strings are UTF-16 code units: a `str` with surrogate code points
(a lone surrogate, as JS strings may hold) is kept, and read back as it was
written; a USVString (a URL) makes each lone one U+FFFD."""

import pytest

import ecsdom
from ecsdom import URL, TextEncoder


def test_a_lone_surrogate_round_trips(doc):
    p = doc.createElement("p")
    p.setAttribute("data-x", "\ud800x")
    p.id = "a\udfff"
    assert p.getAttribute("data-x") == "\ud800x"
    assert p.id == "a\udfff"
    doc.body.append(p, "\udc00")
    assert doc.getElementById("a\udfff") == p
    assert doc.body.lastChild.data == "\udc00"
    assert [a.value for a in p.attributes] == ["\ud800x", "a\udfff"]
    # Serialized as a DOM string too; UTF-8 bytes need surrogatepass.
    assert p.outerHTML == '<p data-x="\ud800x" id="a\udfff"></p>'


def test_character_data_offsets_cut_and_join_pairs():
    doc = ecsdom.parse("<p>x</p>")
    t = doc.find("p").firstChild
    t.data = "\U0001f320 test"
    assert t.length == 7
    assert t.substringData(1, 2) == "\udf20 "
    t.deleteData(0, 1)
    assert t.data == "\udf20 test" and t.length == 6
    t.insertData(0, "\ud83c")
    assert t.data == "\U0001f320 test" and t.length == 7
    # Two surrogates that pair up are the character they make.
    t.data = "\ud83c\udf20"
    assert t.data == "\U0001f320" and t.length == 2


def test_a_selector_reads_a_lone_surrogate_as_u_fffd():
    doc = ecsdom.parse("<p id=a>x</p><p id=b>y</p>")
    doc.find("#a").id = "\ud83d"
    doc.find("#b").id = "\ufffd"
    assert doc.querySelector("#\\d83d").textContent == "y"
    assert doc.getElementById("\ud83d").textContent == "x"


def test_a_usvstring_makes_a_lone_surrogate_u_fffd():
    assert URL("http://h/\ud800").pathname == "/%EF%BF%BD"
    assert URL("http://h/\U0001f320").pathname == "/%F0%9F%8C%A0"
    assert TextEncoder().encode("a\ud800") == b"a\xef\xbf\xbd"


def test_column_operations_keep_lone_surrogates():
    doc = ecsdom.parse("<p>a</p><p>b</p>")
    ps = doc.find_all("p")
    ps.set_text(["\ud800", "x\udfff"])
    assert ps.texts() == ["\ud800", "x\udfff"]
    ps.set_attribute("data-x", "\udc00")
    ps.toggle_class("c\ud83d")
    assert [p.getAttribute("data-x") for p in ps] == ["\udc00", "\udc00"]
    assert [p.className for p in doc.find_all("p")] == ["c\ud83d", "c\ud83d"]


def test_storage_keys_and_values_keep_lone_surrogates(tmp_path):
    page = tmp_path / "blank.html"
    page.write_text("<p>")
    ls = ecsdom.load_page(page).defaultView.sessionStorage
    ls["k\ud800"] = "v\udfff"
    ls.setItem("j", "\udc00")
    assert ls["k\ud800"] == ls.getItem("k\ud800") == "v\udfff"
    assert list(ls) == ls.keys() == ["k\ud800", "j"]
    assert ls.items() == [("k\ud800", "v\udfff"), ("j", "\udc00")]
    del ls["k\ud800"]
    assert "k\ud800" not in ls


def test_mapping_protocols_take_and_give_lone_surrogates(doc):
    p = doc.createElement("p")
    p.attrs["data-a"] = "\ud800"
    assert p.attrs["data-a"] == p.getAttribute("data-a") == "\ud800"
    assert p.attrs.items() == [("data-a", "\ud800")]
    p.dataset["b"] = "x\udfff"
    assert p.dataset["b"] == "x\udfff" and p.dataset.items() == [("a", "\ud800"), ("b", "x\udfff")]
    assert "b\ud800" not in p.dataset
    with pytest.raises(KeyError) as missing:
        p.attributes["n\ud800"]
    assert missing.value.args == ("n\ud800",)
    p.classList.add("c\ud83d")
    assert "c\ud83d" in p.classList and str(p.classList) == "c\ud83d"
    p.style["color"] = "red"
    assert "color\ud800" not in p.style


def test_event_types_and_interfaces_are_dom_strings(doc):
    seen = []
    doc.body.addEventListener("x\ud800", lambda e: seen.append(e.type))
    doc.body.dispatchEvent(ecsdom.Event("x\ud800"))
    doc.body.dispatchEvent(ecsdom.CustomEvent("x\ud800", detail=1))
    assert seen == ["x\ud800", "x\ud800"]
    assert ecsdom.ErrorEvent("error", message="m\udc00").message == "m\udc00"
    with pytest.raises(ecsdom.DOMException) as e:
        doc.createEvent("Event\ud800")
    assert e.value.name == "NotSupportedError"


def test_usv_and_byte_strings_convert_as_webidl_says():
    assert "a\ud800" in ecsdom.URLSearchParams("a\ufffd=1")
    assert ecsdom.URLSearchParams("a\ufffd=1")["a\ud800"] == "1"
    form = ecsdom.FormData()
    form.append("n\ud800", "v\udfff")
    assert "n\ufffd" in form and form.get("n\ufffd") == "v\ufffd"
    # A ByteString has no character above U+00FF.
    with pytest.raises(TypeError):
        "a\ud800" in ecsdom.Headers()


def test_documents_parsers_and_records_keep_lone_surrogates(doc):
    made = doc.implementation.createHTMLDocument("t\ud800")
    assert made.title == "t\ud800"
    parsed = ecsdom.DOMParser().parseFromString("<p>\ud800</p>", "text/html")
    assert parsed.body.textContent == "\ud800"
    assert ecsdom.XMLSerializer().serializeToString(parsed.body) == (
        '<body xmlns="http://www.w3.org/1999/xhtml"><p>\ud800</p></body>'
    )
    assert ecsdom.parse_fragment("<b>\udc00</b>", "p\ud800").textContent == "\udc00"
    assert parsed.to_html().endswith("<p>\ud800</p></body></html>")
    p = parsed.body.firstChild
    p.setAttribute("x", "\ud800")
    records = []
    observer = ecsdom.MutationObserver(lambda rs, o: records.extend(rs))
    observer.observe(p, attributes=True, attributeOldValue=True, attributeFilter=["x"])
    p.setAttribute("x", "y")
    records.extend(observer.takeRecords())
    assert [r.oldValue for r in records] == ["\ud800"]
