"""`with doc.batch()` gives exactly what the same code gives without it."""

import random

import pytest

import ecsdom

PAGE = "".join(f"<div id=e{i} class='c{i % 3}'><span>t{i}</span></div>" for i in range(300))


def script(doc, seed, batched):
    """Random writes; returns what the script saw (toggle answers, reads)."""
    rng = random.Random(seed)
    seen = []

    def body():
        for step in range(400):
            i = rng.randrange(300)
            el = doc.getElementById(f"e{i}")
            if el is None:
                continue
            op = rng.randrange(12)
            if op == 0:
                el.textContent = f"text {step}"
            elif op == 1:
                el.setAttribute("data-step", str(step))
            elif op == 2:
                el.classList.add(f"k{step % 4}")
            elif op == 3:
                seen.append(el.classList.toggle("on"))
            elif op == 4:
                el.id = f"e{rng.randrange(300)}"  # id changes: lookups must see them
            elif op == 5:
                el.removeAttribute("class")
            elif op == 6:
                doc.body.appendChild(el)  # structure: applied in order
            elif op == 7:
                el.firstChild and el.firstChild.nodeType == 3 and setattr(el.firstChild, "data", "d")
            elif op == 8:
                el.classList.remove("on", f"c{i % 3}")
            elif op == 9:
                seen.append(el.classList.toggle(f"k{step % 4}", rng.choice([True, False])))
            elif op == 10:
                el.setAttribute("class", f"on k{step % 4}")
            else:
                seen.append((el.classList.contains("on"), el.getAttribute("class")))

    if batched:
        with doc.batch():
            body()
    else:
        body()
    return seen


@pytest.mark.parametrize("seed", range(12))
def test_batches_equal_unbatched_runs(seed):
    plain = ecsdom.parse(PAGE)
    batched = ecsdom.parse(PAGE)
    assert script(plain, seed, False) == script(batched, seed, True)
    assert plain.to_html() == batched.to_html()


def test_class_changes_in_a_batch_are_recorded_and_answer_right():
    doc = ecsdom.parse("<p id=a class=x>1</p><p id=b>2</p>")
    a, b = doc.getElementById("a"), doc.getElementById("b")
    with doc.batch():
        a.textContent = "one"
        assert a.classList.toggle("y") is True  # recorded: nothing pending for a's classes
        assert b.classList.toggle("x", False) is False
        b.classList.add("z")
        assert a.classList.toggle("y") is False  # a has a pending change: applied first
        with pytest.raises(ecsdom.InvalidCharacterError):
            b.classList.toggle("a b")
        with pytest.raises(ecsdom.SyntaxError):
            b.classList.add("ok", "")
    assert doc.body.innerHTML == '<p id="a" class="x">one</p><p id="b" class="z">2</p>'


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
