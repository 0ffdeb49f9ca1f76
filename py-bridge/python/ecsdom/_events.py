"""The data event interfaces: UI Events' (``UIEvent``, ``MouseEvent``,
``KeyboardEvent``, ``FocusEvent``, ``InputEvent``, ``CompositionEvent``,
``WheelEvent``) and HTML's (``DragEvent``, ``HashChangeEvent``, ``PageTransitionEvent``,
``SubmitEvent``, ``StorageEvent``, ``MessageEvent``), CSS Animations' and
Transitions' (``AnimationEvent``, ``TransitionEvent``),
made from the table the bindings generate from ``uievents.idl`` (the same
table JS's classes come from): a constructor taking the init dictionary's
members as keywords (``MouseEvent("click", bubbles=True, clientX=5)``),
converted as WebIDL converts them, with the IDL's defaults, and each
attribute giving its member back. The values are Python's (a listener of
the other engine sees the ``Event``).
"""

from __future__ import annotations

from typing import Any

from ecsdom._native import Event, EventTarget, HTMLElement, Storage, _event_interfaces

#: getModifierState(key): the init member each modifier key reads.
_MODIFIERS = {
    "Alt": "altKey",
    "Control": "ctrlKey",
    "Shift": "shiftKey",
    "Meta": "metaKey",
    "AltGraph": "modifierAltGraph",
    "CapsLock": "modifierCapsLock",
    "Fn": "modifierFn",
    "FnLock": "modifierFnLock",
    "Hyper": "modifierHyper",
    "NumLock": "modifierNumLock",
    "ScrollLock": "modifierScrollLock",
    "Super": "modifierSuper",
    "Symbol": "modifierSymbol",
    "SymbolLock": "modifierSymbolLock",
}


def _default(text: str) -> Any:
    """An IDL default (``false``, ``0``, ``0.0``, ``""``, ``null``, ``[]``)."""
    if text in ("null", "undefined"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if text == "[]":
        return []
    if text.startswith('"'):
        return text[1:-1]
    return float(text) if "." in text else int(text)


def _int(v: Any, bits: int, signed: bool) -> int:
    """WebIDL's integer conversion (no [EnforceRange]): modulo 2**bits."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        f = float("nan")
    if f != f or f in (float("inf"), float("-inf")):
        return 0
    n = int(f) % (1 << bits)
    if signed and n >= 1 << (bits - 1):
        n -= 1 << bits
    return n


def _convert(iface: str, name: str, ty: str, v: Any) -> Any:
    nullable = ty.endswith("?")
    t = ty[:-1] if nullable else ty
    if nullable and v is None:
        return None
    if t == "boolean":
        return bool(v)
    if t in ("long", "unsigned long", "short", "unsigned short"):
        bits = 32 if t.endswith("long") else 16
        return _int(v, bits, not t.startswith("unsigned"))
    if t == "unsigned long long":
        return _int(v, 64, False)
    if t in ("double", "unrestricted double"):
        f = float(v)
        if t == "double" and (f != f or f in (float("inf"), float("-inf"))):
            raise TypeError(f"{iface}(): {name} must be a finite number")
        return f
    if t in ("DOMString", "USVString"):
        return str(v)
    if t == "any":
        return v
    if t == "EventTarget" and isinstance(v, EventTarget):
        return v
    if t == "HTMLElement" and isinstance(v, HTMLElement):
        return v
    if t == "Storage" and isinstance(v, Storage):
        return v
    # (MessageEventSource: WindowProxy or MessagePort or ServiceWorker;
    # ecsdom has windows.)
    if t in ("Window", "WindowProxy", "MessageEventSource") and isinstance(v, EventTarget) and type(v).__name__ == "Window":
        return v
    if t.startswith("sequence<"):
        if isinstance(v, (str, bytes)):
            raise TypeError(f"{iface}(): {name} must be a sequence")
        return list(v)
    raise TypeError(f"{iface}(): {name} must be a {t}")


def _make(
    name: str,
    parent: type,
    init: list[tuple[str, str, str]],
    attributes: list[str],
    constants: list[tuple[str, int]],
    modifier_state: bool,
    legacy_init: tuple[str, list[tuple[str, str, str]]] | None,
) -> type:
    members = {m for m, _, _ in init}

    def __new__(  # noqa: N807 - the class's constructor
        cls: type,
        type_: str,
        bubbles: bool = False,
        cancelable: bool = False,
        composed: bool = False,
        **_members: Any,
    ) -> Any:
        return Event.__new__(cls, type_, bubbles, cancelable, composed)  # type: ignore[call-arg]

    def __init__(
        self: Any,
        type_: str,
        bubbles: bool = False,
        cancelable: bool = False,
        composed: bool = False,
        **given: Any,
    ) -> None:
        unknown = sorted(set(given) - members)
        if unknown:
            raise TypeError(f"{name}() got unexpected members {', '.join(unknown)}")
        self._fields = {
            m: (_convert(name, m, ty, given[m]) if m in given else _default(default))
            for m, ty, default in init
        }
        self._set_interface(name)

    body: dict[str, Any] = {
        "__new__": __new__,
        "__init__": __init__,
        "__module__": "ecsdom",
        "__doc__": f"``{name}(type, bubbles=False, cancelable=False, composed=False, **init)``: "
        f"its init members as keywords ({', '.join(m for m, _, _ in init)}).",
    }
    for a in attributes:
        body[a] = property(lambda self, a=a: self._fields[a], doc=f"``{a}``")
    if "relatedTarget" in attributes:
        body["relatedTarget"] = property(_related_target, doc="``relatedTarget`` (retargeted while dispatched)")
    for c, v in constants:
        body[c] = v
    if modifier_state:

        def getModifierState(self: Any, key: str) -> bool:  # noqa: N802 - the DOM's name
            member = _MODIFIERS.get(str(key))
            return bool(self._fields.get(member, False)) if member else False

        body["getModifierState"] = getModifierState
    if legacy_init is not None:
        method, args = legacy_init
        body[method] = _legacy_init(name, method, args)
    return type(name, (parent,), body)


def _related_target(self: Any) -> Any:
    """Once dispatched, the DOM's relatedTarget, retargeted out of the
    shadow trees the current target is not in; before, the given one."""
    decided, node = self._related_now()
    return node if decided else self._fields["relatedTarget"]


def _legacy_init(iface: str, method: str, args: list[tuple[str, str, str]]) -> Any:
    """The legacy ``init*Event(type, bubbles, cancelable, ...)``: nothing
    while the event is dispatched; else ``initEvent`` and the members its
    other arguments name, positionally as in the DOM (an argument not
    given takes the IDL's default)."""

    def init(self: Any, type_: str, bubbles: bool = False, cancelable: bool = False, *rest: Any) -> None:
        if len(rest) > len(args):
            raise TypeError(f"{method}() takes at most {len(args) + 3} arguments")
        if self._dispatching():
            return
        self.initEvent(type_, bubbles, cancelable)
        for k, (member, ty, default) in enumerate(args):
            self._fields[member] = _convert(iface, member, ty, rest[k]) if k < len(rest) else _default(default)

    init.__name__ = method
    init.__qualname__ = f"{iface}.{method}"
    init.__doc__ = f"``{method}(type, bubbles, cancelable, {', '.join(m for m, _, _ in args)})``: legacy."
    return init


_classes: dict[str, type] = {}
for _row in _event_interfaces():
    _name, _parent, _init, _attributes, _constants, _modifier_state, _legacy = _row
    _classes[_name] = _make(
        _name,
        Event if _parent == "Event" else _classes[_parent],
        list(_init),
        list(_attributes),
        list(_constants),
        _modifier_state,
        (_legacy[0], list(_legacy[1])) if _legacy else None,
    )

UIEvent = _classes["UIEvent"]
FocusEvent = _classes["FocusEvent"]
MouseEvent = _classes["MouseEvent"]
DragEvent = _classes["DragEvent"]
WheelEvent = _classes["WheelEvent"]
InputEvent = _classes["InputEvent"]
KeyboardEvent = _classes["KeyboardEvent"]
CompositionEvent = _classes["CompositionEvent"]
HashChangeEvent = _classes["HashChangeEvent"]
PageTransitionEvent = _classes["PageTransitionEvent"]
SubmitEvent = _classes["SubmitEvent"]
StorageEvent = _classes["StorageEvent"]
MessageEvent = _classes["MessageEvent"]
ProgressEvent = _classes["ProgressEvent"]
PopStateEvent = _classes["PopStateEvent"]
AnimationEvent = _classes["AnimationEvent"]
TransitionEvent = _classes["TransitionEvent"]
