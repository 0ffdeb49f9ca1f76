"""DOM strings are UTF-16 code units: a `str` with surrogate code points
(a lone surrogate, as JS strings may hold) is kept, and read back as it was
written; a USVString (a URL) makes each lone one U+FFFD."""

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
