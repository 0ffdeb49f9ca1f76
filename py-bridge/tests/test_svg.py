"""SVG elements from Python (SVG 2's ``SVGElement`` and ``SVGAElement``):
every element in the SVG namespace gets ``SVGElement``'s members (the
``HTMLOrSVGElement`` and ``ElementCSSInlineStyle`` mixins), an SVG ``a``
``SVGAElement``'s (``relList`` and the reflected attributes)."""

import ecsdom

SVG_NS = "http://www.w3.org/2000/svg"


def test_svg_elements_get_their_classes() -> None:
    doc = ecsdom.parse('<body><svg><a href="#x" rel="a b"><rect/></a></svg><a>html</a></body>')
    svg_a, rect = doc.querySelector("svg a"), doc.querySelector("rect")
    assert isinstance(svg_a, ecsdom.SVGAElement) and isinstance(svg_a, ecsdom.SVGGraphicsElement)
    assert type(rect) is ecsdom.SVGElement
    assert type(doc.createElementNS(SVG_NS, "a")) is ecsdom.SVGAElement
    assert not isinstance(doc.querySelector("body > a"), ecsdom.SVGElement)
    assert not isinstance(doc.createElementNS("http://example.com/", "a"), ecsdom.SVGElement)


def test_svg_a_rel_list_and_reflected_attributes() -> None:
    doc = ecsdom.parse('<svg><a rel="a b"></a></svg>')
    a = doc.querySelector("a")
    assert list(a.relList) == ["a", "b"]
    a.relList.add("c")
    assert a.getAttribute("rel") == "a b c"
    a.hreflang = "fr"
    a.download = "f.svg"
    assert (a.getAttribute("hreflang"), a.download) == ("fr", "f.svg")
    a.referrerPolicy = "bogus"
    assert a.referrerPolicy == ""


def test_svg_elements_have_style_dataset_and_focus() -> None:
    doc = ecsdom.parse('<body><svg><circle data-k="v" tabindex="0"/></svg></body>')
    c = doc.querySelector("circle")
    assert c.dataset["k"] == "v"
    c.style.setProperty("fill", "red")
    assert c.getAttribute("style") == "fill: red;"
    assert c.tabIndex == 0
    c.focus()
    assert doc.activeElement == c
    c.blur()
    assert doc.activeElement == doc.body
