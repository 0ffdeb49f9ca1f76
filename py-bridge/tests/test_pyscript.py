"""Python pages as PyScript runs them: top-level await, the page's
directory on sys.path, Event and CustomEvent as page globals, and the
``pyscript`` module (document, window, display, when)."""

import sys

import ecsdom

PAGE = """<!doctype html><body><button id=go>go</button><p id=out></p>
<script type=text/python id=main>
import asyncio
from pyscript import document, display, when, window
from helpers import shout

@when("click", "#go")
def clicked(event):
    display(shout(event.type), target="out")

@when("ping", "#go")
def pinged():
    display("pinged", target="#out")

display("before", 42)
await asyncio.sleep(10)
display("after", window.document is document)
document.querySelector("#go").click()
document.querySelector("#go").dispatchEvent(Event("ping"))
document.body.setAttribute("custom", CustomEvent("x", detail=1).detail.__class__.__name__)
</script>
<script type=text/python>
document.body.setAttribute("second", str(document.currentScript is not None and document.currentScript.id == ""))
</script>
"""


def test_a_pyscript_page_runs(tmp_path):
    (tmp_path / "helpers.py").write_text("def shout(s):\n    return s.upper() + '!'\n")
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    before = (list(sys.path), sys.modules.get("pyscript"))
    doc = ecsdom.load_page(page, strict=True)
    # The script ran up to its first await, then the second script, then
    # the rest (10 s of page time, no waiting).
    shown = doc.querySelector("[data-display-for=main]")
    assert [d.textContent for d in shown.children] == ["before", "42", "after", "True"]
    assert [d.textContent for d in doc.getElementById("out").children] == ["CLICK!", "pinged"]
    assert doc.body.getAttribute("custom") == "int"
    assert doc.body.getAttribute("second") == "True"
    # The page's directory and the pyscript module were the page's only.
    assert (list(sys.path), sys.modules.get("pyscript")) == before


def test_display_of_rich_values_and_replacing(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<body><div id=t>old</div><script type=text/python>\n"
        "from pyscript import display\n"
        "class Rich:\n"
        "    def _repr_html_(self):\n"
        "        return '<b>rich</b>'\n"
        "display(Rich(), [1, 2], target='t', append=False)\n"
        "try:\n"
        "    display('x', target='nowhere')\n"
        "except ValueError as e:\n"
        "    document.body.setAttribute('error', str(e))\n"
        "</script>"
    )
    doc = ecsdom.load_page(page, strict=True)
    assert doc.getElementById("t").innerHTML == "<div><b>rich</b></div><div>[1, 2]</div>"
    assert "nowhere" in doc.body.getAttribute("error")


def test_pyscript_outside_a_page_says_so():
    import ecsdom.pyscript as pyscript

    try:
        pyscript.document
    except RuntimeError as e:
        assert "outside a page" in str(e)
    else:
        raise AssertionError("pyscript.document outside a page")
