"""Focus from Python (HTML §6.6): focusable areas, ``tabIndex``,
``focus()``/``blur()`` and their events, ``activeElement`` (retargeted
out of shadow trees), ``:focus``/``:focus-within``, the focus fixup when
the focused element is removed."""

import ecsdom


def _doc() -> ecsdom.Document:
    return ecsdom.parse(
        "<body><input id=a><button id=b disabled>b</button><div id=d>d</div>"
        "<div id=t tabindex=2>t</div><a id=link href=#x>x</a><a id=plain>y</a></body>"
    )


def test_tab_index_defaults_and_focusable_areas() -> None:
    doc = _doc()
    by = doc.getElementById
    assert [by(i).tabIndex for i in ("a", "b", "d", "t", "link", "plain")] == [0, 0, -1, 2, 0, -1]
    by("d").tabIndex = -1
    assert by("d").getAttribute("tabindex") == "-1"
    assert doc.activeElement == doc.body
    by("b").focus()
    assert doc.activeElement == doc.body, "a disabled control is not focusable"
    by("plain").focus()
    assert doc.activeElement == doc.body, "a link without href is not focusable"
    by("d").focus()
    assert doc.activeElement == by("d"), "tabindex=-1 is focusable by script"


def test_focus_and_blur_fire_their_events_in_order() -> None:
    doc = _doc()
    a, t = doc.getElementById("a"), doc.getElementById("t")
    log: list[str] = []
    for kind in ("focus", "blur", "focusin", "focusout"):
        doc.addEventListener(
            kind,
            lambda e, kind=kind: log.append(
                f"{kind}:{e.target.id}:{getattr(e.relatedTarget, 'id', None)}:{e.bubbles}:{type(e).__name__}"
            ),
            True,
        )
    a.focus()
    t.focus()
    t.focus()
    t.blur()
    assert log == [
        "focus:a:None:False:FocusEvent",
        "focusin:a:None:True:FocusEvent",
        "blur:a:t:False:FocusEvent",
        "focusout:a:t:True:FocusEvent",
        "focus:t:a:False:FocusEvent",
        "focusin:t:a:True:FocusEvent",
        "blur:t:None:False:FocusEvent",
        "focusout:t:None:True:FocusEvent",
    ]
    assert doc.activeElement == doc.body


def test_focus_selectors_shadow_hosts_and_removal() -> None:
    doc = _doc()
    host = doc.getElementById("d")
    root = host.attachShadow(mode="open", delegatesFocus=True)
    root.innerHTML = "<span>x</span><input id=inner>"
    host.focus()
    inner = root.getElementById("inner")
    assert doc.activeElement == host and root.activeElement == inner
    assert doc.querySelector(":focus") == host
    assert [e.localName for e in doc.querySelectorAll(":focus-within")] == ["html", "body", "div"]
    assert root.querySelector(":focus") == inner
    blurred: list[str] = []
    inner.addEventListener("blur", lambda e: blurred.append("blur"))
    host.remove()
    assert doc.activeElement == doc.body and blurred == [], "removal unfocuses with no event"


def test_related_targets_are_retargeted_out_of_closed_shadow_trees() -> None:
    doc = ecsdom.parse("<div id=h></div><input id=light>")
    host, light = doc.getElementById("h"), doc.getElementById("light")
    root = host.attachShadow(mode="closed")
    root.innerHTML = "<input id=a>"
    inner = root.getElementById("a")
    seen: list[object] = []
    light.addEventListener("focus", lambda e: seen.append(e.relatedTarget))
    inner.focus()
    light.focus()
    assert seen == [host]
    over = ecsdom.MouseEvent("mouseover", relatedTarget=inner, bubbles=True)
    heard: list[object] = []
    doc.body.addEventListener("mouseover", lambda e: heard.append(e.relatedTarget))
    light.dispatchEvent(over)
    assert heard == [host]


def test_no_element_is_focused_while_blur_fires() -> None:
    # As in browsers: the old element has lost the focus when its blur and
    # focusout listeners run; the new one has it before focus and focusin.
    doc = _doc()
    a, t = doc.getElementById("a"), doc.getElementById("t")
    seen: list[str] = []
    for kind in ("blur", "focusout", "focus", "focusin"):
        doc.addEventListener(
            kind,
            lambda e, kind=kind: seen.append(f"{kind}:{doc.activeElement.nodeName}"),
            True,
        )
    a.focus()
    seen.clear()
    t.focus()
    assert seen == ["blur:BODY", "focusout:BODY", "focus:DIV", "focusin:DIV"]


def test_nonce_is_the_elements_own_slot() -> None:
    doc = ecsdom.parse("<body><script nonce=abc></script></body>")
    script = doc.querySelector("script")
    assert script.nonce == "abc"
    script.nonce = "xyz"
    assert script.nonce == "xyz"
    assert script.getAttribute("nonce") == "abc", "the IDL attribute sets the slot only"
    script.setAttribute("nonce", "new")
    assert script.nonce == "new", "the content attribute's change sets the slot"
    assert script.cloneNode().nonce == "new"
