"""Web Storage: a window's localStorage and sessionStorage as mappings
of str to str with the WHATWG methods, an area per origin, storage events
at the other windows, and localStorage kept by load_page(user_data_dir=)."""

import pytest

import ecsdom


def window_of_a_page(tmp_path):
    """The window of a page run from a file (a file: URL's origin; a
    parsed document is about:blank's, an opaque origin, which has none)."""
    page = tmp_path / "blank.html"
    page.write_text("<p>")
    return ecsdom.load_page(page).defaultView


def test_storage_is_a_mapping_with_the_web_storage_methods(tmp_path):
    w = window_of_a_page(tmp_path)
    ls = w.localStorage
    assert ls is w.localStorage and isinstance(ls, ecsdom.Storage)
    ls.clear()
    ls.setItem("b", "1")
    ls["a"] = "2"
    ls["b"] = "3"
    assert (len(ls), ls.length, list(ls), ls.key(1), ls.key(5)) == (2, 2, ["b", "a"], "a", None)
    assert ls.items() == [("b", "3"), ("a", "2")] and dict(ls.items()) == {"b": "3", "a": "2"}
    assert ls["b"] == ls.getItem("b") == "3" and ls.getItem("zz") is None
    assert "a" in ls and "zz" not in ls
    del ls["a"]
    ls.removeItem("nothing")
    with pytest.raises(KeyError):
        del ls["a"]
    with pytest.raises(KeyError):
        ls["a"]
    with pytest.raises(TypeError):
        ls["n"] = 5
    assert w.sessionStorage is not ls and len(w.sessionStorage) == 0


def test_the_quota_is_a_quota_exceeded_error(tmp_path):
    ls = window_of_a_page(tmp_path).localStorage
    ls.clear()
    with pytest.raises(ecsdom.QuotaExceededError):
        ls["big"] = "x" * (6 * 1024 * 1024)
    assert "big" not in ls


def test_an_opaque_origin_has_no_storage(tmp_path):
    with pytest.raises(ecsdom.SecurityError, match="about:"):
        ecsdom.parse("<p>").defaultView.localStorage
    page = tmp_path / "p.html"
    page.write_text(
        "<body><script type=text/python>\n"
        "import ecsdom\n"
        "try:\n"
        "    window.localStorage\n"
        "except ecsdom.SecurityError as e:\n"
        "    document.body.setAttribute('error', e.name)\n"
        "</script>"
    )
    doc = ecsdom.load_page(page, url="data:text/html,x", strict=True)
    assert doc.body.getAttribute("error") == "SecurityError"


def test_a_frame_hears_of_the_pages_changes_with_a_storage_event(tmp_path):
    (tmp_path / "f.html").write_text(
        "<script type=text/python>\n"
        "def heard(e):\n"
        "    parent.document.body.setAttribute('heard', f'{type(e).__name__} {e.key} {e.oldValue} {e.newValue} {e.storageArea is window.sessionStorage}')\n"
        "parent = window.parent\n"
        "window.addEventListener('storage', heard)\n"
        "</script>"
    )
    page = tmp_path / "p.html"
    page.write_text(
        "<iframe src=f.html></iframe>"
        "<script type=text/python>\n"
        "window.addEventListener('load', lambda e: window.sessionStorage.setItem('k', 'v'))\n"
        "</script>"
    )
    doc = ecsdom.load_page(page, strict=True)
    assert doc.body.getAttribute("heard") == "StorageEvent k None v True"


def test_local_storage_is_kept_in_the_user_data_dir(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<body><script type=text/python>\n"
        "ls = window.localStorage\n"
        "ls['runs'] = str(int(ls.getItem('runs') or 0) + 1)\n"
        "document.body.setAttribute('runs', ls['runs'])\n"
        "</script>"
    )
    profile = tmp_path / "profile"
    runs = [ecsdom.load_page(page, user_data_dir=profile).body.getAttribute("runs") for _ in range(2)]
    assert runs == ["1", "2"]
    assert ecsdom.load_page(page).body.getAttribute("runs") == "1"
    # The event constructor is there too, as in JS.
    e = ecsdom.StorageEvent("storage", key="k", newValue="v")
    assert (e.key, e.oldValue, e.newValue, e.url, e.storageArea) == ("k", None, "v", "", None)
