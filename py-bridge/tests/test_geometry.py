"""CSSOM View's getBoundingClientRect over ecsdom's layout, and Geometry
Interfaces' DOMRectReadOnly / DOMRect, from Python."""

import math

import pytest

import ecsdom
from ecsdom import DOMRect, DOMRectReadOnly


def test_bounding_client_rect_of_laid_out_boxes():
    doc = ecsdom.parse(
        "<!doctype html><style>body { margin: 0 } section { position: relative; margin-top: 10px }"
        " #a { position: absolute; left: 5px; width: 30px; height: 40px;"
        " transform: translateX(100px) }</style>"
        "<section><div id=a></div></section><p id=p style='display: none'></p>"
    )
    r = doc.getElementById("a").getBoundingClientRect()
    assert isinstance(r, DOMRect)
    assert (r.x, r.y, r.width, r.height) == (105.0, 10.0, 30.0, 40.0)
    assert r.toJSON()["right"] == 135.0
    # No box: an empty rectangle at the origin.
    none = doc.getElementById("p").getBoundingClientRect()
    assert (none.x, none.y, none.width, none.height) == (0.0, 0.0, 0.0, 0.0)
    # A new object each time.
    assert doc.getElementById("a").getBoundingClientRect() is not r


def test_a_change_moves_the_box():
    doc = ecsdom.parse("<!doctype html><div id=a style='height: 10px'></div>")
    a = doc.getElementById("a")
    assert a.getBoundingClientRect().height == 10.0
    a.style.height = "25px"
    assert a.getBoundingClientRect().height == 25.0


def test_rect_values_and_edges():
    r = DOMRect(1, 2, width=-3)
    r.x = 5
    assert (r.left, r.right, r.top, r.bottom) == (2.0, 5.0, 2.0, 2.0)
    assert isinstance(r, DOMRectReadOnly)
    r.height = math.nan
    assert math.isnan(r.bottom)
    ro = DOMRectReadOnly.fromRect({"x": 1, "width": 2})
    assert (ro.x, ro.right) == (1.0, 3.0)
    assert not isinstance(ro, DOMRect)
    with pytest.raises(AttributeError):
        ro.x = 3  # type: ignore[misc]
    assert DOMRect.fromRect(y=3).y == 3.0
    with pytest.raises(TypeError):
        DOMRect.fromRect({"z": 1})
