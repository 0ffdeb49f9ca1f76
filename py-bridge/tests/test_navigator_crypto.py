"""The window's navigator and crypto: the user agent's answers, and
random values from the operating system."""

import re

import pytest

import ecsdom


def test_navigator():
    w = ecsdom.parse("<p>").defaultView
    n = w.navigator
    assert n is w.navigator and isinstance(n, ecsdom.Navigator)
    assert re.fullmatch(r"Mozilla/5\.0 \(.+\) ecsdom/[0-9.]+", n.userAgent)
    assert "Mozilla/" + n.appVersion == n.userAgent
    assert (n.appCodeName, n.appName, n.product) == ("Mozilla", "Netscape", "Gecko")
    assert (n.language, n.languages, n.onLine, n.cookieEnabled) == ("en-US", ["en-US", "en"], True, True)
    assert n.hardwareConcurrency >= 1
    assert not hasattr(n, "oscpu")


def test_crypto():
    c = ecsdom.parse("<p>").defaultView.crypto
    buf = bytearray(32)
    assert c.getRandomValues(buf) is buf and any(buf)
    view = memoryview(bytearray(8))
    assert c.getRandomValues(view) is view
    u = c.randomUUID()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u)
    assert u != c.randomUUID()
    with pytest.raises(ecsdom.QuotaExceededError):
        c.getRandomValues(bytearray(65537))
    with pytest.raises(TypeError):
        c.getRandomValues(b"read-only")
