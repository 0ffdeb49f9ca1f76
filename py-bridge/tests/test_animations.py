"""Web Animations from Python: ``getAnimations()`` gives the CSS
transitions and animations Stylo runs, as ``CSSTransition`` and
``CSSAnimation`` objects (one per animation while held), with
``playState``, ``cancel()`` and ``commitStyles()``."""

import ecsdom

PAGE = (
    "<!doctype html><style>#a { width: 100px; transition: width 10s linear }"
    " #a.b { width: 200px } @keyframes move { from { left: 0px } to { left: 100px } }"
    " #c { position: relative; animation: move 10s linear }</style>"
    "<body><div id=a></div><div id=c></div></body>"
)


def test_transitions_and_animations_are_animation_objects() -> None:
    doc = ecsdom.parse(PAGE)
    a, c = doc.getElementById("a"), doc.getElementById("c")
    assert a.getAnimations() == []
    a.className = "b"
    (t,) = a.getAnimations()
    assert isinstance(t, ecsdom.CSSTransition) and isinstance(t, ecsdom.Animation)
    assert (t.transitionProperty, t.playState) == ("width", "running")
    assert a.getAnimations()[0] is t, "one object per animation"
    every = doc.getAnimations()
    assert every[0] is t and isinstance(every[1], ecsdom.CSSAnimation)
    assert every[1].animationName == "move"
    assert doc.body.getAnimations(subtree=True) == every
    assert doc.body.getAnimations() == []
    every[1].commitStyles()
    left = c.style.getPropertyValue("left")
    assert left.endswith("px") and 0 <= float(left[:-2]) < 100, left
    t.cancel()
    assert t.playState == "idle"
    assert a.getAnimations() == []
