"""XMLHttpRequest from Python: synchronous requests anywhere, asynchronous
ones on a running page's loop, the XHR Standard's errors and readers."""

import pytest

import ecsdom


def test_a_synchronous_request_reads_a_file(tmp_path):
    f = tmp_path / "data.json"
    f.write_text('{"a": [1, 2]}')
    x = ecsdom.XMLHttpRequest()
    seen = []
    x.onreadystatechange = lambda e: seen.append(x.readyState)
    x.open("GET", f.as_uri(), False)
    x.responseType = "json"
    x.send()
    assert (x.status, x.readyState, x.response, seen) == (200, x.DONE, {"a": [1, 2]}, [1, 4])
    assert x.responseURL == f.as_uri()
    with pytest.raises(ecsdom.InvalidStateError):
        _ = x.responseText


def test_bad_input_raises_what_the_standard_names(tmp_path):
    x = ecsdom.XMLHttpRequest()
    with pytest.raises(ecsdom.InvalidStateError):
        x.setRequestHeader("a", "b")
    with pytest.raises(ecsdom.SyntaxError):
        x.open("GET", "http://[")
    with pytest.raises(ecsdom.SecurityError):
        x.open("TRACE", "http://h/")
    with pytest.raises(ecsdom.NotSupportedError):
        x.responseType = "blob"
    x.open("GET", (tmp_path / "missing").as_uri(), False)
    with pytest.raises(ecsdom.DOMException) as e:
        x.send()
    assert e.value.name == "NetworkError" and x.status == 0
    y = ecsdom.XMLHttpRequest()
    y.open("GET", "file:///nowhere")
    with pytest.raises(ecsdom.NotSupportedError):
        y.send()


def test_an_asynchronous_request_ends_as_a_task_of_the_page(tmp_path):
    (tmp_path / "t.txt").write_text("hello")
    page = tmp_path / "page.html"
    page.write_text(
        """<p id=out></p>
<script type="text/python">
log = []
x = XMLHttpRequest()
x.onloadstart = lambda e: log.append("start")
x.onload = lambda e: log.append(f"load {x.responseText} {e.loaded}")
x.onloadend = lambda e: setattr(document.getElementById("out"), "textContent", " ".join(log))
x.open("GET", "t.txt")
x.send()
log.append("sent")
</script>"""
    )
    doc = ecsdom.load_page(page)
    assert doc.getElementById("out").textContent == "start sent load hello 5"
