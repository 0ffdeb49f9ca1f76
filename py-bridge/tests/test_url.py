"""The URL Standard's URL and URLSearchParams: parsed by the WHATWG URL
parser, a URL's query and its searchParams kept in step."""

import pytest

from ecsdom import URL, URLSearchParams


def test_a_url_is_parsed_against_its_base():
    u = URL("../b?x=1#top", "https://user:pw@Example.ORG:443/a/c")
    assert str(u) == u.href == u.toJSON() == "https://user:pw@example.org/b?x=1#top"
    assert (u.protocol, u.username, u.password, u.host, u.port) == ("https:", "user", "pw", "example.org", "")
    assert (u.pathname, u.search, u.hash, u.origin) == ("/b", "?x=1", "#top", "https://example.org")
    u.port = "8080"
    u.hash = ""
    assert u.href == "https://user:pw@example.org:8080/b?x=1"


def test_bad_urls_raise_type_error():
    with pytest.raises(TypeError):
        URL("no scheme")
    with pytest.raises(TypeError):
        URL("/x", "not a base")
    u = URL("http://h/")
    with pytest.raises(TypeError):
        u.href = "::"
    assert u.href == "http://h/"
    assert URL.parse("no scheme") is None
    assert URL.parse("/x", "http://h/").href == "http://h/x"
    assert URL.canParse("/x", "http://h/") and not URL.canParse("/x")


def test_search_params_are_the_query():
    u = URL("http://h/?a=1&b=2&a=3")
    q = u.searchParams
    assert q.getAll("a") == ["1", "3"] and q.get("b") == "2" and q.get("zz") is None
    q.append("c", "x y")
    assert u.search == "?a=1&b=2&a=3&c=x+y"
    q.delete("a", "1")
    assert list(q) == [("b", "2"), ("a", "3"), ("c", "x y")]
    u.search = "?k=v"
    assert list(q.keys()) == ["k"] and len(q) == q.size == 1 and "k" in q
    q.delete("k")
    assert u.href == "http://h/"


def test_search_params_from_str_mapping_or_pairs():
    assert str(URLSearchParams("?a=1&b=%20")) == "a=1&b=+"
    assert list(URLSearchParams({"a": "1", "b": "2"}).values()) == ["1", "2"]
    p = URLSearchParams([("b", "2"), ["a", "1"], ("b", "0")])
    p.sort()
    assert str(p) == "a=1&b=2&b=0"
    p.set("b", "9")
    assert p.toString() == "a=1&b=9"
    seen = []
    p.forEach(lambda value, name, obj: seen.append((name, value, obj is p)))
    assert seen == [("a", "1", True), ("b", "9", True)]
    with pytest.raises(TypeError):
        URLSearchParams([("a",)])
    with pytest.raises(TypeError):
        URLSearchParams(["ab"])
    assert str(URLSearchParams(p)) == "a=1&b=9"
    assert str(URLSearchParams()) == ""


def test_iterators_see_changes():
    p = URLSearchParams("a=1&b=2")
    it = p.entries()
    assert next(it) == ("a", "1")
    p.append("c", "3")
    assert list(it) == [("b", "2"), ("c", "3")]



def test_the_window_has_atob_and_btoa():
    import ecsdom

    w = ecsdom.parse("<p>").defaultView
    assert w.btoa("ab\xff") == "YWL/" and w.atob(" YWL/ ") == "ab\xff"
    with pytest.raises(ecsdom.InvalidCharacterError):
        w.btoa("\u0100")
    with pytest.raises(ecsdom.InvalidCharacterError):
        w.atob("a")
