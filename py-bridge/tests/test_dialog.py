"""The ``dialog`` element and hit testing from Python: ``show()``,
``showModal()`` (the top layer, ``:modal``, the rest blocked),
``close(result)`` with its ``close`` event, and ``elementFromPoint`` /
``elementsFromPoint`` over the laid-out boxes."""

import pytest

import ecsdom


def test_a_modal_dialog_blocks_the_rest_and_is_hit_first() -> None:
    doc = ecsdom.parse(
        "<body style='margin:0'><div id=a style='height:50px'></div>"
        "<button id=b>b</button><dialog id=d><p>hi</p></dialog></body>"
    )
    a, b, d = (doc.getElementById(i) for i in "abd")
    assert doc.elementFromPoint(10, 10) == a
    assert [e.nodeName for e in doc.elementsFromPoint(10, 10)] == ["DIV", "BODY", "HTML"]
    assert doc.elementFromPoint(-1, 0) is None
    with pytest.raises(TypeError):
        doc.elementFromPoint(float("nan"), 0)
    d.showModal()
    assert d.open and d.matches(":modal") and doc.querySelector(":modal") == d
    assert doc.elementFromPoint(10, 10) == d, "the backdrop covers the page"
    b.focus()
    assert doc.activeElement == doc.body, "blocked by the modal dialog"
    with pytest.raises(ecsdom.InvalidStateError):
        d.show()
    closed: list[str] = []
    d.addEventListener("close", lambda e: closed.append(d.returnValue))
    d.close("ok")
    assert not d.open and d.returnValue == "ok"
    assert doc.elementFromPoint(10, 10) == a
    d.show()
    assert d.open and not d.matches(":modal")
