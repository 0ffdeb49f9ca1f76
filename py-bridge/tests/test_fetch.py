"""The Fetch Standard's Headers, and fetch() from a page's Python (a file
beside the page, a data: URL; the HTTP cases are in tests/fetch.rs, with
a loopback server)."""

import pytest

import ecsdom
from ecsdom import Headers


def test_headers_are_checked_and_combined():
    h = Headers({"X-B": " 2 ", "x-a": "1"})
    h.append("x-b", "3")
    assert h.get("X-B") == h["x-b"] == "2, 3"
    assert list(h) == [("x-a", "1"), ("x-b", "2, 3")]
    assert dict(h) == {"x-a": "1", "x-b": "2, 3"} and len(h) == 2 and "X-A" in h
    h.set("x-b", "9")
    h.delete("X-A")
    assert list(h.keys()) == ["x-b"] and h.get("x-a") is None
    with pytest.raises(TypeError):
        h.append("bad name", "v")
    with pytest.raises(TypeError):
        h.append("ok", "line\nbreak")
    with pytest.raises(TypeError):
        Headers("a string is no header list")
    with pytest.raises(KeyError):
        h["missing"]
    assert list(Headers([("A", "1"), ["b", "2"]]).values()) == ["1", "2"]


def test_a_page_fetches_with_await(tmp_path):
    (tmp_path / "data.json").write_text('{"n": 42}')
    page = tmp_path / "page.html"
    page.write_text(
        """<!doctype html><body><script type="text/python">
import asyncio
async def main():
    r = await fetch("data.json")
    n = (await r.json())["n"]
    again = "?"
    try:
        await r.text()
    except TypeError:
        again = "read once"
    d = await window.fetch("data:text/plain,hi%20there")
    missing = "?"
    try:
        await fetch("missing.json")
    except TypeError:
        missing = "TypeError"
    document.body.setAttribute("out", f"{r.status} {n} {again} {await d.text()} {missing}")
asyncio.create_task(main())
</script>"""
    )
    doc = ecsdom.load_page(page, strict=True)
    assert doc.body.getAttribute("out") == "200 42 read once hi there TypeError"


def test_an_unawaited_failure_is_the_page_error(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        """<script type="text/python">
import asyncio
async def main():
    await fetch("missing.json")
asyncio.create_task(main())
</script>"""
    )
    with pytest.raises(RuntimeError):
        ecsdom.load_page(page, strict=True)
    ecsdom.load_page(page)


def test_load_page_takes_a_url(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<script type="text/python">document.documentElement.setAttribute("u", document.URL)</script>'
    )
    doc = ecsdom.load_page(page, url="https://example.org/x?y")
    assert doc.documentElement.getAttribute("u") == "https://example.org/x?y"
    with pytest.raises(TypeError):
        ecsdom.load_page(page, url="not a url")


def test_a_response_is_made_like_the_constructor_says():
    import asyncio

    from ecsdom import Response

    r = Response(b"hi", status=201, statusText="Made", headers={"X-A": "1"})
    assert (r.status, r.ok, r.statusText, r.type, r.url) == (201, True, "Made", "default", "")
    assert r.headers["x-a"] == "1" and not r.bodyUsed
    assert asyncio.run(_read(r)) == "hi" and r.bodyUsed
    with pytest.raises(TypeError):
        asyncio.run(_read(r))
    with pytest.raises(ValueError):
        Response(None, status=600)
    with pytest.raises(TypeError):
        Response("x", {"status": 304})
    with pytest.raises(TypeError):
        Response("x", nonsense=1)
    assert Response.error().type == "error" and Response().status == 200
    moved = Response.redirect("https://example.com/next", 307)
    assert (moved.status, moved.headers["location"]) == (307, "https://example.com/next")
    with pytest.raises(ValueError):
        Response.redirect("https://example.com/", 200)
    with pytest.raises(TypeError):
        Response.redirect("relative/without/a/page")


async def _read(r):
    return await r.text()


def test_form_data_is_a_forms_entries_and_a_multipart_body():
    import asyncio

    from ecsdom import FormData, Request, Response, URLSearchParams

    doc = ecsdom.parse(
        "<form id=f><input name=q value='a b'><input type=radio name=r value=1>"
        "<input type=radio name=r value=2 checked><select name=s><option>x<option selected>y</select>"
        "<input name=off disabled value=no><button name=go value=yes>Go</button></form>"
    )
    form = doc.getElementById("f")
    fd = FormData(form, doc.querySelector("button"))
    assert list(fd) == [("q", "a b"), ("r", "2"), ("s", "y"), ("go", "yes")]
    fd.append("q", "again")
    fd.set("s", "z")
    assert fd.getAll("q") == ["a b", "again"] and fd.get("s") == "z" and "go" in fd
    fd.delete("go")
    assert len(fd) == 4 and fd.get("nothing") is None
    assert str(URLSearchParams(list(fd))) == "q=a+b&r=2&s=z&q=again"
    with pytest.raises(TypeError):
        FormData(doc.body)
    with pytest.raises(TypeError):
        FormData(form, doc.querySelector("input"))

    r = Request("https://example.com/p#frag", method="post", body=fd, headers={"X-A": "1"})
    assert (r.method, r.url, r.headers["x-a"]) == ("POST", "https://example.com/p#frag", "1")
    assert r.headers["content-type"].startswith("multipart/form-data; boundary=")
    copy = r.clone()
    back = asyncio.run(_form(r))
    assert list(back) == list(fd) and r.bodyUsed and not copy.bodyUsed
    with pytest.raises(TypeError):
        r.clone()
    with pytest.raises(TypeError):
        Request("https://example.com/", body="x")
    with pytest.raises(TypeError):
        Request("relative/without/a/page")
    moved = Request(copy, method="PUT")
    assert copy.bodyUsed and moved.method == "PUT"
    typed = Response("a=1&b=%20", headers={"content-type": "application/x-www-form-urlencoded"})
    assert list(asyncio.run(_form(typed))) == [("a", "1"), ("b", " ")]
    with pytest.raises(TypeError):
        asyncio.run(_form(Response("plain text")))


async def _form(r):
    return await r.formData()
