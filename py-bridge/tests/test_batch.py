"""`with doc.batch()` gives exactly what the same code gives without it."""

import random

import pytest

import ecsdom

PAGE = "".join(f"<div id=e{i} class='c{i % 3}'><span>t{i}</span></div>" for i in range(300))


def script(doc, seed, batched):
    rng = random.Random(seed)

    def body():
        for step in range(400):
            i = rng.randrange(300)
            el = doc.getElementById(f"e{i}")
            if el is None:
                continue
            op = rng.randrange(8)
            if op == 0:
                el.textContent = f"text {step}"
            elif op == 1:
                el.setAttribute("data-step", str(step))
            elif op == 2:
                el.classList.add(f"k{step % 4}")
            elif op == 3:
                el.classList.toggle("on")
            elif op == 4:
                el.id = f"e{rng.randrange(300)}"  # id changes: lookups must see them
            elif op == 5:
                el.removeAttribute("class")
            elif op == 6:
                doc.body.appendChild(el)  # structure: applied in order
            else:
                el.firstChild and el.firstChild.nodeType == 3 and setattr(el.firstChild, "data", "d")

    if batched:
        with doc.batch():
            body()
    else:
        body()


@pytest.mark.parametrize("seed", range(12))
def test_batches_equal_unbatched_runs(seed):
    plain = ecsdom.parse(PAGE)
    batched = ecsdom.parse(PAGE)
    script(plain, seed, False)
    script(batched, seed, True)
    assert plain.to_html() == batched.to_html()


def test_reads_inside_a_batch_see_earlier_writes():
    doc = ecsdom.parse("<p id=a>x</p>")
    with doc.batch():
        a = doc.getElementById("a")
        a.textContent = "y"
        assert a.textContent == "y"
        a.setAttribute("id", "b")
        assert doc.getElementById("b") == a
        assert doc.getElementById("a") is None


def test_errors_inside_a_batch_raise_where_they_would_without_it():
    doc = ecsdom.parse("<p id=a>x</p>")
    a = doc.getElementById("a")
    with pytest.raises(ecsdom.InvalidCharacterError):
        with doc.batch():
            a.setAttribute("ok", "1")
            a.setAttribute("not ok", "2")
    assert a.getAttribute("ok") == "1"  # written before the error: kept


def test_nested_batches_apply_at_the_outermost_exit():
    doc = ecsdom.parse("<p id=a>x</p>")
    a = doc.getElementById("a")
    with doc.batch():
        with doc.batch():
            a.setAttribute("k", "v")
        a.setAttribute("k2", "v2")
    assert a.getAttributeNames() == ["id", "k", "k2"]
