"""Events from Python: phases, listener order, options, stopping,
cancelation, listener errors, CustomEvent, window.event."""

from collections.abc import Callable
from pathlib import Path

import pytest

import ecsdom


def test_capture_target_bubble_order_and_options(doc):
    main, p1 = doc.getElementById("main"), doc.getElementById("p1")
    seen = []

    def rec(tag):
        return lambda e: seen.append((tag, e.eventPhase, e.currentTarget.nodeName))

    doc.addEventListener("ping", rec("dc"), True)
    main.addEventListener("ping", rec("mb"))
    main.addEventListener("ping", rec("mc"), {"capture": True})
    p1.addEventListener("ping", rec("t1"))
    once = rec("once")
    p1.addEventListener("ping", once, {"once": True})
    p1.addEventListener("ping", once, {"once": True})  # same listener: ignored
    ev = ecsdom.Event("ping", bubbles=True, cancelable=True)
    assert p1.dispatchEvent(ev) is True
    assert seen == [
        ("dc", 1, "#document"),
        ("mc", 1, "DIV"),
        ("t1", 2, "P"),
        ("once", 2, "P"),
        ("mb", 3, "DIV"),
    ]
    assert ev.target == p1 and ev.currentTarget is None and ev.eventPhase == 0
    seen.clear()
    p1.dispatchEvent(ecsdom.Event("ping"))  # no bubbling, once is gone
    assert [s[0] for s in seen] == ["dc", "mc", "t1"]


def test_stop_prevent_remove_and_click(doc):
    main, p1 = doc.getElementById("main"), doc.getElementById("p1")
    calls = []

    def stopper(e):
        e.stopImmediatePropagation()
        e.preventDefault()

    p1.addEventListener("click", stopper)
    p1.addEventListener("click", lambda e: calls.append("second"))
    main.addEventListener("click", lambda e: calls.append("outer"))
    ev = ecsdom.Event("click", bubbles=True, cancelable=True)
    assert p1.dispatchEvent(ev) is False and ev.defaultPrevented
    assert calls == []
    p1.removeEventListener("click", stopper)
    p1.click()
    assert calls == ["second", "outer"]
    main.addEventListener("x", lambda e: e.preventDefault(), {"passive": True})
    px = ecsdom.Event("x", cancelable=True)
    main.dispatchEvent(px)
    assert not px.defaultPrevented


def test_listener_errors_are_reported_and_dispatch_goes_on(doc, capsys):
    main = doc.getElementById("main")
    after = []
    main.addEventListener("boom", lambda e: 1 / 0)
    main.addEventListener("boom", lambda e: after.append(True))

    class Handler:
        def handleEvent(self, e):
            after.append(e.type)

    main.addEventListener("boom", Handler())
    main.dispatchEvent(ecsdom.Event("boom"))
    assert after == [True, "boom"]
    assert "ZeroDivisionError" in capsys.readouterr().err


def test_custom_event_detail(doc):
    got = []
    doc.body.addEventListener("data", lambda e: got.append(e.detail))
    doc.body.dispatchEvent(ecsdom.CustomEvent("data", detail={"n": 1}))
    assert got == [{"n": 1}]
    assert isinstance(ecsdom.CustomEvent("x"), ecsdom.Event)


def test_removed_and_once_listeners_are_let_go() -> None:
    import gc
    import weakref

    doc = ecsdom.parse("<p id=a></p>")
    p = doc.getElementById("a")

    class Listener:
        calls = 0

        def __call__(self, event: ecsdom.Event) -> None:
            Listener.calls += 1

    kept, once = Listener(), Listener()
    refs = [weakref.ref(kept), weakref.ref(once)]
    p.addEventListener("x", kept)
    p.addEventListener("x", once, {"once": True})
    p.dispatchEvent(ecsdom.Event("x"))
    p.removeEventListener("x", kept)
    del kept, once
    gc.collect()
    assert Listener.calls == 2
    assert [r() for r in refs] == [None, None], "the DOM holds no listener it no longer uses"


def test_composed_path_while_dispatching(doc):
    p1 = doc.getElementById("p1")
    seen = []
    doc.getElementById("main").addEventListener("go", lambda e: seen.append(e.composedPath()))
    ev = ecsdom.Event("go", bubbles=True)
    assert ev.composedPath() == []
    p1.dispatchEvent(ev)
    assert [n.nodeName for n in seen[0]] == ["P", "DIV", "BODY", "HTML", "#document"]
    assert ev.composedPath() == []


def test_legacy_event_members_and_default_view(doc):
    p1 = doc.getElementById("p1")
    seen = []

    def stop(e):
        seen.append((e.srcElement == p1, e.composed, e.returnValue))
        e.cancelBubble = True
        e.returnValue = False

    p1.addEventListener("go", stop)
    doc.body.addEventListener("go", lambda e: seen.append("body"))
    ev = ecsdom.Event("go", bubbles=True, cancelable=True)
    assert p1.dispatchEvent(ev) is False
    assert seen == [(True, False, True)]
    assert ev.defaultPrevented and ev.returnValue is False
    # A parsed document's window (made when first asked for).
    assert doc.defaultView.document == doc and doc.defaultView is doc.defaultView
    assert p1.prefix is None


def test_composed_comes_from_the_constructor_and_click_is_composed():
    assert ecsdom.Event("x").composed is False
    assert ecsdom.Event("x", composed=True).composed is True
    assert ecsdom.CustomEvent("y", composed=True).composed is True
    doc = ecsdom.parse("<p id=p></p>")
    p = doc.getElementById("p")
    seen = []
    p.addEventListener("click", lambda e: seen.append((e.composed, e.isTrusted)))
    p.click()
    assert seen == [(True, False)]


def test_create_event_and_init():
    doc = ecsdom.parse("<p id=p></p>")
    e = doc.createEvent("HTMLEvents")
    assert type(e) is ecsdom.Event and e.type == ""
    e.initEvent("ping", True, True)
    assert (e.type, e.bubbles, e.cancelable) == ("ping", True, True)
    seen = []
    doc.body.addEventListener("ping", lambda ev: seen.append(ev.type))
    doc.getElementById("p").dispatchEvent(e)
    assert seen == ["ping"]
    c = doc.createEvent("customevent")
    assert isinstance(c, ecsdom.CustomEvent)
    c.initCustomEvent("hi", False, False, {"n": 1})
    assert c.type == "hi" and c.detail == {"n": 1}
    with pytest.raises(ecsdom.NotSupportedError):
        doc.createEvent("TouchEvents")


def test_event_target_is_the_base_of_nodes_and_a_class_of_its_own(doc):
    assert isinstance(doc.body, ecsdom.EventTarget)
    assert isinstance(doc, ecsdom.EventTarget)
    t = ecsdom.EventTarget()
    seen = []
    t.addEventListener("ping", lambda e: seen.append((e.type, e.target is t, e.currentTarget is t)))
    assert t.dispatchEvent(ecsdom.Event("ping"))
    assert seen == [("ping", True, True)]
    # Another target has listeners of its own.
    other = ecsdom.EventTarget()
    other.dispatchEvent(ecsdom.Event("ping"))
    assert len(seen) == 1

    # Removal, once, and preventDefault through a cancelable event.
    def cancel(e):
        e.preventDefault()

    t.addEventListener("go", cancel, {"once": True})
    assert not t.dispatchEvent(ecsdom.Event("go", cancelable=True))
    assert t.dispatchEvent(ecsdom.Event("go", cancelable=True))


def test_a_subclass_of_event_target_takes_its_own_arguments():
    class Counter(ecsdom.EventTarget):
        def __init__(self, start):
            self.n = start
            self.addEventListener("tick", self.tick)

        def tick(self, event):
            self.n += 1

    c = Counter(5)
    c.dispatchEvent(ecsdom.Event("tick"))
    assert c.n == 6


def test_event_handler_attributes(doc):
    el = doc.createElement("div")
    order = []
    assert el.onclick is None and doc.onreadystatechange is None
    el.addEventListener("click", lambda e: order.append("first"))
    el.onclick = lambda e: order.append("handler")
    el.addEventListener("click", lambda e: order.append("last"))

    # A new value runs where the first one was added; False cancels.
    def cancel(e):
        order.append("new handler")
        return False

    el.onclick = cancel
    assert el.onclick is cancel
    ev = ecsdom.Event("click", cancelable=True)
    assert el.dispatchEvent(ev) is False
    assert order == ["first", "new handler", "last"]
    el.onclick = None
    assert el.onclick is None
    with pytest.raises(TypeError):
        el.onclick = 5


def test_window_event_is_the_current_event_while_a_listener_runs(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<!DOCTYPE html><body>
<script type="text/python">
from ecsdom import Event
seen = [window.event]
def outer(e):
    seen.append(window.event is e)
    document.body.dispatchEvent(Event("inner"))
    seen.append(window.event is e)
document.body.addEventListener("outer", outer)
document.body.addEventListener("inner", lambda e: seen.append(window.event.type))
document.body.dispatchEvent(Event("outer"))
seen.append(window.event)
document.body.setAttribute("seen", repr(seen))
</script>"""
    )
    doc = ecsdom.load_page(page)
    assert doc.body.getAttribute("seen") == "[None, True, 'inner', True, None]"


def test_error_event_carries_its_init_members() -> None:
    e = ecsdom.ErrorEvent("error", message="m", filename="f.py", lineno=3, colno=4, error=ValueError("x"), cancelable=True)
    assert (e.type, e.message, e.filename, e.lineno, e.colno, e.cancelable) == ("error", "m", "f.py", 3, 4, True)
    assert isinstance(e.error, ValueError) and isinstance(e, ecsdom.Event)
    assert ecsdom.ErrorEvent("error").error is None


def test_ui_events_convert_their_init_members() -> None:
    from ecsdom import KeyboardEvent, MouseEvent, UIEvent, WheelEvent

    e = MouseEvent("click", bubbles=True, clientX=5.7, ctrlKey=1, button=-1, buttons=70000)
    assert (e.bubbles, e.clientX, e.ctrlKey, e.button, e.buttons, e.detail, e.view) == (True, 5, True, -1, 4464, 0, None)
    assert e.getModifierState("Control") and isinstance(e, UIEvent) and isinstance(e, ecsdom.Event)
    k = KeyboardEvent("keydown", key="a", location=KeyboardEvent.DOM_KEY_LOCATION_LEFT)
    assert (k.key, k.location, k.code, WheelEvent.DOM_DELTA_PAGE) == ("a", 1, "", 2)
    with pytest.raises(TypeError):
        MouseEvent("x", bogus=1)
    with pytest.raises(TypeError):
        WheelEvent("x", deltaX=float("nan"))
    doc = ecsdom.parse("<p id=p>")
    seen = []
    doc.getElementById("p").addEventListener("click", lambda ev: seen.append((type(ev).__name__, ev.clientX)))
    doc.getElementById("p").dispatchEvent(e)
    assert seen == [("MouseEvent", 5)]
    assert type(doc.createEvent("MouseEvents")).__name__ == "MouseEvent"
    # A DragEvent is a MouseEvent whose dataTransfer can only be None:
    # ecsdom has no DataTransfer.
    from ecsdom import DragEvent

    d = DragEvent("drop", clientX=3)
    assert (isinstance(d, MouseEvent), d.clientX, d.dataTransfer) == (True, 3, None)
    with pytest.raises(TypeError):
        DragEvent("drop", dataTransfer={})
    assert type(doc.createEvent("dragevent")).__name__ == "DragEvent"


def test_legacy_init_methods_set_the_members_unless_dispatching() -> None:
    doc = ecsdom.parse("<p id=p>")
    e = doc.createEvent("MouseEvents")
    e.initMouseEvent("click", True, True, None, 2, 10, 20, 30.9, 40)
    assert (e.type, e.bubbles, e.cancelable, e.detail, e.screenX, e.clientX, e.clientY) == ("click", True, True, 2, 10, 30, 40)
    assert (e.ctrlKey, e.button, e.relatedTarget) == (False, 0, None)
    k = doc.createEvent("KeyboardEvent")
    k.initKeyboardEvent("keydown", True, False, None, "a", 1, True)
    assert (k.key, k.location, k.ctrlKey, k.altKey) == ("a", 1, True, False)
    seen = []

    def reinit(ev: ecsdom.Event) -> None:
        ev.initUIEvent("other", False, False, None, 7)
        seen.append((ev.type, ev.detail))

    p = doc.getElementById("p")
    p.addEventListener("click", reinit)
    p.dispatchEvent(e)
    assert seen == [("click", 2)], "init* does nothing while the event is dispatched"


def test_create_event_makes_events_without_constructors_and_device_events() -> None:
    doc = ecsdom.parse("<p id=p>")
    b = doc.createEvent("beforeunloadevent")
    assert isinstance(b, ecsdom.BeforeUnloadEvent) and b.returnValue == ""
    b.returnValue = 5
    assert b.returnValue == "5"
    t = doc.createEvent("TextEvent")
    t.initTextEvent("textInput", True, False, None, "hi")
    assert isinstance(t, ecsdom.UIEvent) and (t.type, t.bubbles, t.view, t.data) == ("textInput", True, None, "hi")
    for make in (
        lambda: ecsdom.BeforeUnloadEvent("x"),
        lambda: ecsdom.TextEvent("x"),
        lambda: ecsdom.DeviceMotionEventAcceleration(),
        lambda: ecsdom.DeviceMotionEvent("x", acceleration=1),
        lambda: ecsdom.DeviceMotionEvent("x", acceleration={"w": 1}),
    ):
        with pytest.raises(TypeError):
            make()
    m = ecsdom.DeviceMotionEvent("devicemotion", acceleration={"x": 1}, rotationRate={}, interval=16)
    assert isinstance(m.acceleration, ecsdom.DeviceMotionEventAcceleration)
    assert (m.acceleration.x, m.acceleration.y, m.accelerationIncludingGravity, m.rotationRate.alpha, m.interval) == (
        1.0,
        None,
        None,
        None,
        16.0,
    )
    o = ecsdom.DeviceOrientationEvent("deviceorientation", alpha=10, absolute=True)
    assert (o.alpha, o.beta, o.absolute, doc.createEvent("DeviceOrientationEvent").alpha) == (10.0, None, True, None)


def test_touch_events_with_touches_and_touch_lists() -> None:
    doc = ecsdom.parse("<p id=p>")
    p = doc.getElementById("p")
    t = ecsdom.Touch(identifier=3, target=p, clientX=1.5, force=0.3)
    assert (t.identifier, t.target, t.clientX, t.screenY, t.touchType) == (3, p, 1.5, 0.0, "direct")
    assert abs(t.force - 0.3) < 1e-7 and t.force != 0.3, "a float member is single precision"
    assert ecsdom.Touch({"identifier": 4, "target": p, "touchType": "stylus"}).touchType == "stylus"
    for make in (
        lambda: ecsdom.Touch(target=p),
        lambda: ecsdom.Touch(identifier=1, target=p, touchType="finger"),
        lambda: ecsdom.Touch(identifier=1, target=p, radiusX=float("nan")),
        lambda: ecsdom.TouchList(),
        lambda: ecsdom.TouchEvent("touchstart", touches=[1]),
    ):
        with pytest.raises(TypeError):
            make()
    e = ecsdom.TouchEvent("touchstart", touches=[t], ctrlKey=True)
    assert (len(e.touches), e.touches[0], e.touches.item(0), e.touches.item(5), list(e.touches)) == (1, t, t, None, [t])
    assert (e.changedTouches.length, e.ctrlKey, e.getModifierState("Control"), e.cancelable) == (0, True, True, False)
    c = doc.createEvent("TouchEvent")
    assert isinstance(c, ecsdom.TouchEvent) and c.touches.length == 0
    seen = []
    p.ontouchstart = lambda ev: seen.append(ev.touches[0].identifier)
    p.dispatchEvent(e)
    assert seen == [3]


def test_an_onbeforeunload_result_cancels_and_is_the_return_value() -> None:
    doc = ecsdom.parse("<p>")
    window = doc.defaultView
    window.onbeforeunload = lambda e: 42
    seen = []
    window.addEventListener("beforeunload", lambda e: seen.append((e.returnValue, e.defaultPrevented)))
    e = doc.createEvent("BeforeUnloadEvent")
    e.initEvent("beforeunload", False, True)
    assert not window.dispatchEvent(e)
    assert seen == [("42", True)]
    # A result of None leaves the event alone; a returnValue set stays.
    window.onbeforeunload = lambda e: None
    e = doc.createEvent("BeforeUnloadEvent")
    e.initEvent("beforeunload", False, True)
    e.returnValue = "kept"
    assert window.dispatchEvent(e) and e.returnValue == "kept"


def test_touch_and_wheel_listeners_at_the_top_are_passive_by_default() -> None:
    doc = ecsdom.parse("<body><p id=p>")
    canceled = {}

    def listener(name: str) -> Callable[[ecsdom.Event], None]:
        def cancel(ev: ecsdom.Event) -> None:
            ev.preventDefault()
            canceled[name] = ev.defaultPrevented
        return cancel

    doc.body.addEventListener("wheel", listener("body"))
    doc.getElementById("p").addEventListener("wheel", listener("p"))
    doc.addEventListener("wheel", listener("document, not passive"), {"passive": False})
    doc.getElementById("p").dispatchEvent(ecsdom.Event("wheel", bubbles=True, cancelable=True))
    assert canceled == {"p": True, "body": True, "document, not passive": True}
    canceled.clear()
    doc.body.dispatchEvent(ecsdom.Event("wheel", bubbles=True, cancelable=True))
    assert canceled == {"body": False, "document, not passive": True}


def test_a_listeners_exception_is_reported_at_the_window(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        """<!DOCTYPE html><body>
<script type="text/python">
from ecsdom import Event
seen = []
def on_error(e):
    seen.append((type(e).__name__, e.isTrusted, e.cancelable, type(e.error).__name__, e.message))
    if "handled" in str(e.error):
        e.preventDefault()
window.addEventListener("error", on_error)
def handled(e):
    raise ValueError("handled")
def printed(e):
    raise KeyError("printed")
document.body.addEventListener("a", handled)
document.body.addEventListener("a", lambda e: seen.append("next listener"))
document.body.addEventListener("b", printed)
document.body.dispatchEvent(Event("a"))
document.body.dispatchEvent(Event("b"))
document.body.setAttribute("seen", repr(seen))
</script>"""
    )
    doc = ecsdom.load_page(page)
    assert doc.body.getAttribute("seen") == repr(
        [
            ("ErrorEvent", True, True, "ValueError", "Uncaught ValueError: handled"),
            "next listener",
            ("ErrorEvent", True, True, "KeyError", "Uncaught KeyError: 'printed'"),
        ]
    )
    err = capfd.readouterr().err
    assert "printed" in err and "handled" not in err


def test_an_event_from_create_event_is_dispatched_only_once_initialized():
    doc = ecsdom.parse("<p id=p></p>")
    e = doc.createEvent("Event")
    with pytest.raises(ecsdom.InvalidStateError):
        doc.dispatchEvent(e)
    e.initEvent("x", True, False)
    assert doc.dispatchEvent(e) is True
