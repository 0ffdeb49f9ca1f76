"""XPath from Python: document.evaluate, createExpression and XPathResult,
with a Python resolver."""

import pytest

import ecsdom
from ecsdom import XPathEvaluator, XPathResult

PAGE = (
    "<div id=r><p id=a class=x>one</p><p id=b>two<b id=bb>!</b></p></div>"
    "<svg><rect id='s'/></svg>"
)


def test_evaluate_snapshots_iterators_and_values():
    doc = ecsdom.parse(PAGE)
    r = doc.evaluate("//p", doc, None, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE)
    assert r.resultType == XPathResult.ORDERED_NODE_SNAPSHOT_TYPE
    assert [r.snapshotItem(i).id for i in range(r.snapshotLength)] == ["a", "b"]
    assert r.snapshotItem(5) is None
    assert [p.id for p in r] == ["a", "b"]
    assert [p.id for p in doc.evaluate("//p", doc)] == ["a", "b"]
    assert doc.evaluate("count(//p)", doc).numberValue == 2
    assert doc.evaluate("string(//p[2])", doc).stringValue == "two!"
    assert doc.evaluate("//p[@class='x']", doc, None, XPathResult.FIRST_ORDERED_NODE_TYPE).singleNodeValue.id == "a"
    it = doc.evaluate("//p/@id", doc)
    assert it.resultType == XPathResult.UNORDERED_NODE_ITERATOR_TYPE
    first = it.iterateNext()
    assert (first.name, first.value) == ("id", "a")
    doc.getElementById("a").remove()
    assert it.invalidIteratorState
    with pytest.raises(ecsdom.InvalidStateError):
        it.iterateNext()


def test_a_python_resolver_and_errors():
    doc = ecsdom.parse(PAGE)
    svg = "http://www.w3.org/2000/svg"
    e = XPathEvaluator().createExpression("//s:rect", lambda p: svg if p == "s" else None)
    assert e.evaluate(doc, XPathResult.FIRST_ORDERED_NODE_TYPE).singleNodeValue.id == "s"
    assert doc.createNSResolver(doc) is doc
    with pytest.raises(ecsdom.NamespaceError):
        doc.createExpression("//q:rect")
    with pytest.raises(ecsdom.SyntaxError):
        doc.evaluate("//p[", doc)
    with pytest.raises(TypeError):
        doc.evaluate("1 + 1", doc, None, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE)
    with pytest.raises(TypeError):
        doc.evaluate("1", doc).stringValue
