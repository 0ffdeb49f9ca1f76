"""structuredClone and Worker from Python: deep copies as a message carries
them (Python values mapped to JS's), and a page's Python starting a JS
worker, messages crossing as structured clones."""

import datetime
import re

import pytest

import ecsdom


def test_structured_clone_copies_what_a_message_carries():
    when = datetime.datetime(2021, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    shared = [1, 2]
    value = {
        "none": None,
        "flag": True,
        "int": 7,
        "float": 2.5,
        "big": 2**80,
        "text": "héllo",
        "list": shared,
        "again": shared,
        "tuple": (1, "a"),
        "set": {3, 4},
        "bytes": b"\x00\x01",
        "when": when,
        "pattern": re.compile("ab+", re.I),
        "error": ValueError("bad"),
        "map": {1: "one"},
    }
    value["self"] = value
    c = ecsdom.structuredClone(value)
    assert c is not value and c["self"] is c
    assert c["list"] == [1, 2] and c["list"] is c["again"] and c["list"] is not shared
    assert (c["none"], c["flag"], c["int"], c["float"], c["big"], c["text"]) == (None, True, 7, 2.5, 2**80, "héllo")
    assert c["tuple"] == [1, "a"] and c["set"] == {3, 4}
    assert isinstance(c["bytes"], bytearray) and c["bytes"] == b"\x00\x01"
    assert c["when"] == when
    assert c["pattern"].pattern == "ab+" and c["pattern"].flags & re.I
    assert isinstance(c["error"], ValueError) and str(c["error"]) == "bad"
    assert c["map"] == {1: "one"}


@pytest.mark.parametrize("bad", [len, object(), ecsdom.parse("<p>")])
def test_what_cannot_be_cloned_raises_data_clone_error(bad):
    with pytest.raises(ecsdom.DataCloneError):
        ecsdom.structuredClone(bad)
    assert issubclass(ecsdom.DataCloneError, ecsdom.DOMException)


def test_a_worker_needs_a_running_page():
    with pytest.raises(ecsdom.NotSupportedError):
        ecsdom.Worker("w.js")


def test_a_python_page_talks_to_a_js_worker(tmp_path):
    (tmp_path / "w.js").write_text(
        "onmessage = (e) => { postMessage({twice: e.data.n * 2, days: [...e.data.days]}); };"
        "setTimeout(() => { throw new TypeError('late'); }, 10);"
    )
    page = tmp_path / "page.html"
    page.write_text(
        """<p id=out></p>
<script type="text/python">
seen = []
w = Worker("w.js")
w.onmessage = lambda e: seen.append(e.data)
w.onerror = lambda e: (seen.append(e.message), setattr(document.getElementById("out"), "textContent", repr(seen)))
w.postMessage({"n": 21, "days": ("mon", "tue")})
</script>"""
    )
    doc = ecsdom.load_page(page)
    text = doc.getElementById("out").textContent
    assert text == repr([{"twice": 42, "days": ["mon", "tue"]}, "TypeError: late"])


def test_history_push_state_moves_the_url(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>")
    w = ecsdom.load_page(page).defaultView
    h = w.history
    assert h is w.history and h.length == 1 and h.state is None and h.scrollRestoration == "auto"
    h.pushState({"a": [1]}, "", "page.html?x=1#f")
    assert (h.length, w.location.search, w.location.hash, h.state) == (2, "?x=1", "#f", {"a": [1]})
    assert h.state is h.state
    h.replaceState(None, "")
    assert h.length == 2 and h.state is None
    h.scrollRestoration = "manual"
    h.scrollRestoration = "nonsense"
    assert h.scrollRestoration == "manual"
    with pytest.raises(ecsdom.SecurityError):
        h.pushState(1, "", "other.html")
    with pytest.raises(ecsdom.DataCloneError):
        h.pushState(len, "")
