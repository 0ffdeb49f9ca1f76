"""The data event interfaces: UI Events' (``UIEvent``, ``MouseEvent``,
``KeyboardEvent``, ``FocusEvent``, ``InputEvent``, ``CompositionEvent``,
``WheelEvent``) and HTML's (``DragEvent``, ``HashChangeEvent``, ``PageTransitionEvent``,
``SubmitEvent``, ``StorageEvent``, ``MessageEvent``, ``BeforeUnloadEvent``),
CSS Animations' and Transitions' (``AnimationEvent``, ``TransitionEvent``),
Device Orientation's (``DeviceOrientationEvent``, ``DeviceMotionEvent``) and
the legacy ``TextEvent``, made from the table the bindings generate from the
IDL (the same table JS's classes come from): a constructor taking the init
dictionary's members as keywords (``MouseEvent("click", bubbles=True,
clientX=5)``), converted as WebIDL converts them, with the IDL's defaults,
and each attribute giving its member back. An interface the IDL gives no
constructor (``BeforeUnloadEvent``, ``TextEvent``) is made by
``document.createEvent`` only. The values are Python's (a listener of the
other engine sees the ``Event``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecsdom._native import Event, EventTarget, HTMLElement, Storage, _event_data, _event_interfaces

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
    if t in _DATA:
        return _data_object(iface, name, t, v)
    if t.startswith("sequence<"):
        if isinstance(v, (str, bytes)):
            raise TypeError(f"{iface}(): {name} must be a sequence")
        return list(v)
    raise TypeError(f"{iface}(): {name} must be a {t}")


#: The interfaces events make from a dictionary member, by dictionary:
#: (class, its members).
_DATA: dict[str, tuple[type, list[tuple[str, str, str]]]] = {}


def _make_data(name: str, members: list[tuple[str, str, str]]) -> type:
    """A class whose objects an event makes from a dictionary member
    (``DeviceMotionEvent.acceleration``): readonly attributes giving back
    the dictionary's members; script does not construct one."""

    def __init__(self: Any, *_args: Any, **_kwargs: Any) -> None:
        raise TypeError(f"{name} has no constructor: an event makes it from its init dictionary")

    body: dict[str, Any] = {
        "__init__": __init__,
        "__slots__": ("_fields",),
        "__module__": "ecsdom",
        "__doc__": f"``{name}``: {', '.join(m for m, _, _ in members)} (an event's attribute).",
        "__repr__": lambda self: f"<{name} {self._fields}>",
    }
    for m, _, _ in members:
        body[m] = property(lambda self, m=m: self._fields[m], doc=f"``{m}``")
    return type(name, (), body)


def _data_object(iface: str, name: str, dictionary: str, v: Any) -> Any:
    """The member ``name`` of ``iface``'s init dictionary converted as the
    dictionary ``dictionary`` (a mapping), as an object of its interface."""
    cls, members = _DATA[dictionary]
    if not isinstance(v, Mapping):
        raise TypeError(f"{iface}(): {name} must be a mapping ({dictionary})")
    unknown = sorted(set(v) - {m for m, _, _ in members})
    if unknown:
        raise TypeError(f"{iface}(): {name} has unexpected members {', '.join(map(str, unknown))}")
    obj = object.__new__(cls)
    obj._fields = {
        m: (_convert(cls.__name__, m, ty, v[m]) if v.get(m) is not None else _default(default))
        for m, ty, default in members
    }
    return obj


#: Set while ``create_event`` makes an event of an interface without a
#: constructor.
_creating = False


def create_event(name: str) -> Any:
    """An event of the data interface ``name`` with type "", as
    ``document.createEvent`` makes it (an interface without a constructor
    too)."""
    global _creating
    _creating = True
    try:
        return _classes[name]("")
    finally:
        _creating = False


def _make(
    name: str,
    parent: type,
    init: list[tuple[str, str, str]],
    attributes: list[str],
    constants: list[tuple[str, int]],
    modifier_state: bool,
    legacy_init: tuple[str, list[tuple[str, str, str]]] | None,
    constructible: bool,
    writable: list[str],
) -> type:
    members = {m for m, _, _ in init}
    types = {m: ty for m, ty, _ in init}

    def __new__(  # noqa: N807 - the class's constructor
        cls: type,
        type_: str,
        bubbles: bool = False,
        cancelable: bool = False,
        composed: bool = False,
        **_members: Any,
    ) -> Any:
        return Event.__new__(cls, type_, bubbles, cancelable, composed)  # type: ignore[call-arg]

    def _init_members(self: Any, _type: str, **given: Any) -> None:
        """Its init members (a view of an event the DOM or the host made
        gets them here, an interface without a constructor too)."""
        unknown = sorted(set(given) - members)
        if unknown:
            raise TypeError(f"{name}() got unexpected members {', '.join(unknown)}")
        self._fields = {
            m: (_convert(name, m, ty, given[m]) if m in given else _default(default))
            for m, ty, default in init
        }
        self._set_interface(name)

    def __init__(
        self: Any,
        type_: str,
        bubbles: bool = False,
        cancelable: bool = False,
        composed: bool = False,
        **given: Any,
    ) -> None:
        if not constructible and not _creating:
            raise TypeError(f"{name} has no constructor: document.createEvent({name!r}) makes one")
        _init_members(self, type_, **given)

    body: dict[str, Any] = {
        "__new__": __new__,
        "__init__": __init__,
        "_init_members": _init_members,
        "__module__": "ecsdom",
        "__doc__": f"``{name}(type, bubbles=False, cancelable=False, composed=False, **init)``: "
        f"its init members as keywords ({', '.join(m for m, _, _ in init)}).",
    }
    for a in attributes:
        if a in writable:

            def set_member(self: Any, v: Any, a: str = a) -> None:
                self._fields[a] = _convert(name, a, types[a], v)

            body[a] = property(lambda self, a=a: self._fields[a], set_member, doc=f"``{a}``")
        else:
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


for _dictionary, _interface, _members in _event_data():
    _DATA[_dictionary] = (_make_data(_interface, list(_members)), list(_members))

_classes: dict[str, type] = {}
for _row in _event_interfaces():
    _name, _parent, _init, _attributes, _constants, _modifier_state, _legacy, _constructible, _writable = _row
    _classes[_name] = _make(
        _name,
        Event if _parent == "Event" else _classes[_parent],
        list(_init),
        list(_attributes),
        list(_constants),
        _modifier_state,
        (_legacy[0], list(_legacy[1])) if _legacy else None,
        _constructible,
        list(_writable),
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
BeforeUnloadEvent = _classes["BeforeUnloadEvent"]
TextEvent = _classes["TextEvent"]
DeviceOrientationEvent = _classes["DeviceOrientationEvent"]
DeviceMotionEvent = _classes["DeviceMotionEvent"]
DeviceMotionEventAcceleration = _DATA["DeviceMotionEventAccelerationInit"][0]
DeviceMotionEventRotationRate = _DATA["DeviceMotionEventRotationRateInit"][0]
