"""ecsdom.load_page: a page's JS and Python scripts, load events and
timers, run from Python on one document, as `ecsdom run` runs them."""

import pathlib

import pytest

import ecsdom

PAGES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "pages"

TIMERS = """<p id=p>0</p>
<script>
addEventListener('load', () => setTimeout(() => {
  document.getElementById('p').textContent = 'js timer';
}, 50));
</script>
<script type=text/python>
import asyncio
async def later():
    await asyncio.sleep(0.1)
    document.getElementById('p').setAttribute('data-py', 'after')
asyncio.ensure_future(later())
</script>
"""


def test_a_page_of_both_languages_runs_and_its_document_is_returned(capfd):
    doc = ecsdom.load_page(PAGES / "hello.html")
    items = [li.text for li in doc.find_all("#list li")]
    assert items[2] == "three, from JavaScript"
    assert items[3] == "four, from Python (saw 3 items)"
    assert doc.getElementById("title").textContent == "Hello from JS and Python"
    out = capfd.readouterr().out
    assert "JS: 3 items" in out and "Python: 4 items" in out


def test_timers_load_events_and_eval(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(TIMERS)
    doc = ecsdom.load_page(
        page,
        eval_js=["document.title = 'from JS'"],
        eval_py=["document.body.setAttribute('data-eval', 'py')"],
    )
    p = doc.getElementById("p")
    assert p.textContent == "js timer"
    assert p.getAttribute("data-py") == "after"
    assert doc.title == "from JS" and doc.body.getAttribute("data-eval") == "py"


def test_a_failing_script_does_not_stop_the_page_unless_strict(tmp_path, capfd):
    page = tmp_path / "p.html"
    page.write_text(
        "<script>nope()</script><p id=p></p>"
        "<script>document.getElementById('p').id = 'ran'</script>"
    )
    doc = ecsdom.load_page(page)
    assert doc.getElementById("ran") is not None
    assert "nope" in capfd.readouterr().err
    with pytest.raises(RuntimeError, match="1 of the page's scripts failed"):
        ecsdom.load_page(page, strict=True)
    with pytest.raises(RuntimeError, match="cannot load the page"):
        ecsdom.load_page(tmp_path / "missing.html")
    with pytest.raises(ValueError):
        ecsdom.load_page(page, time_budget=-1)


def test_window_event_handlers(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<p id=p></p><script type='text/python'>\n"
        "assert window.onerror is None\n"
        "window.onload = lambda e: document.getElementById('p').setAttribute('data-load', e.type)\n"
        "</script>"
    )
    # The host fires load at the window after the parse: the handler runs.
    doc = ecsdom.load_page(page, strict=True)
    assert doc.getElementById("p").getAttribute("data-load") == "load"


READINESS = """<!DOCTYPE html><body>
<script>
const log = ['js ' + document.readyState];
document.addEventListener('readystatechange', (e) => log.push('change ' + document.readyState + ' ' + e.isTrusted));
document.addEventListener('DOMContentLoaded', () => log.push('DOMContentLoaded ' + document.readyState));
addEventListener('load', () => document.body.setAttribute('log', log.join(', ')));
</script>
<script type="text/python">document.body.setAttribute("py", document.readyState)</script>
"""


def test_ready_state_follows_the_load(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(READINESS)
    doc = ecsdom.load_page(page, strict=True)
    assert doc.body.getAttribute("py") == "loading"
    assert doc.body.getAttribute("log") == (
        "js loading, change interactive true, DOMContentLoaded interactive, change complete true"
    )
    assert doc.readyState == "complete"
    assert ecsdom.parse("<p>").readyState == "complete"


NAMED = """<!DOCTYPE html><div id=main>m</div><p id=dup></p><p id=dup></p>
<script type="text/python">
try:
    window.nothing
    missing = "no error"
except AttributeError:
    missing = "AttributeError"
document.body.setAttribute("seen", f"{window.main.textContent} {len(window.dup)} {type(window.dup).__name__} {missing}")
</script>"""


def test_named_access_on_the_window(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(NAMED)
    doc = ecsdom.load_page(page, strict=True)
    assert doc.body.getAttribute("seen") == "m 2 HTMLCollection AttributeError"


WRITE = """<!DOCTYPE html><body>1<script type="text/python">
document.write("<b>2</b>")
document.writeln("3")
</script>4"""


def test_document_write_feeds_the_parser(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(WRITE)
    doc = ecsdom.load_page(page, strict=True)
    assert doc.body.textContent.replace("\n", "|").endswith("23|4")
    assert doc.body.find("b").textContent == "2"
    with pytest.raises(ecsdom.NotSupportedError):
        doc.write("late")


def test_document_url_is_the_pages_file_url(tmp_path):
    page = tmp_path / "a page.html"
    page.write_text('<body><script>document.body.setAttribute("url", document.URL)</script>')
    doc = ecsdom.load_page(page, strict=True)
    assert doc.URL == doc.documentURI == page.resolve().as_uri()
    assert doc.body.getAttribute("url") == doc.URL
    assert ecsdom.parse("<p>").URL == "about:blank"


def test_base_uri_follows_the_first_base_href(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<base href="sub/dir/"><base href="/ignored/"><body><p id=p>')
    doc = ecsdom.load_page(page, strict=True)
    assert doc.getElementById("p").baseURI == (tmp_path / "sub" / "dir").as_uri() + "/"
    assert ecsdom.parse("<p>").baseURI == "about:blank"
    assert ecsdom.parse('<base href="http://example.org/a/">').baseURI == "http://example.org/a/"


def test_body_window_handlers_are_the_windows(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<body><p id=p></p><script type='text/python'>\n"
        "def loaded(e):\n"
        "    document.getElementById('p').setAttribute('data-load', e.type)\n"
        "document.body.onload = loaded\n"
        "assert window.onload is loaded\n"
        # A created body of the page's document forwards too.
        "assert document.createElement('body').onload is loaded\n"
        "assert document.body.onclick is None and window.onclick is None\n"
        "</script>"
    )
    doc = ecsdom.load_page(page, strict=True)
    assert doc.getElementById("p").getAttribute("data-load") == "load"
