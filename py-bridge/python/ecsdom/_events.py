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

import math
import struct
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ecsdom._native import Event, EventTarget, HTMLElement, Storage, _event_data, _event_enums, _event_interfaces

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


def _initial(iface: str, name: str, ty: str, default: str) -> Any:
    """A member's value when not given: its IDL default converted as the
    member is (``0`` for a ``double`` is ``0.0``; a list default, ``[]``,
    is a new list each time)."""
    value = _default(default)
    return value if value is None else _convert(iface, name, ty, value)


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
    if t in ("double", "unrestricted double", "float", "unrestricted float"):
        f = float(v)
        if t.endswith("float"):
            # (To the nearest single-precision value.)
            f = struct.unpack("f", struct.pack("f", f))[0] if math.isfinite(f) else f
        if not t.startswith("unrestricted") and not math.isfinite(f):
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
    if t in _ENUMS:
        if str(v) not in _ENUMS[t]:
            raise TypeError(f"{iface}(): {name} must be one of {', '.join(map(repr, _ENUMS[t]))}")
        return str(v)
    if t == "sequence<Touch>":
        # (TouchEventInit's touches: a TouchList.)
        touches = list(v) if not isinstance(v, (str, bytes)) else None
        if touches is None or not all(isinstance(x, _DATA["TouchInit"][0]) for x in touches):
            raise TypeError(f"{iface}(): {name} must be a sequence of Touch")
        return TouchList._of(touches)
    if t.startswith("sequence<"):
        if isinstance(v, (str, bytes)):
            raise TypeError(f"{iface}(): {name} must be a sequence")
        return list(v)
    raise TypeError(f"{iface}(): {name} must be a {t}")


#: The interfaces events make from a dictionary member, by dictionary:
#: (class, its members, its required members).
_DATA: dict[str, tuple[type, list[tuple[str, str, str]], list[str]]] = {}

#: The enumerations of their members: name -> values.
_ENUMS: dict[str, list[str]] = _event_enums()


def _make_data(name: str, dictionary: str, members: list[tuple[str, str, str]], constructible: bool) -> type:
    """A class whose objects are made from a dictionary: by an event, from
    its init dictionary's member (``DeviceMotionEvent.acceleration``), or
    by script when ``constructible`` (``Touch(identifier=1, target=el)``,
    or a mapping); readonly attributes give back the dictionary's
    members."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if not constructible:
            raise TypeError(f"{name} has no constructor: an event makes it from its init dictionary")
        if len(args) > 1 or (args and (kwargs or not isinstance(args[0], Mapping))):
            raise TypeError(f"{name}() takes its {dictionary} members as keywords (or one mapping)")
        self._fields = _dictionary_fields(name, dictionary, args[0] if args else kwargs)

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


def _dictionary_fields(iface: str, dictionary: str, v: Mapping[str, Any]) -> dict[str, Any]:
    """The members of mapping ``v`` converted as the dictionary
    ``dictionary`` (a missing required one, or an unknown key, a
    ``TypeError``)."""
    cls, members, required = _DATA[dictionary]
    unknown = sorted(set(v) - {m for m, _, _ in members})
    if unknown:
        raise TypeError(f"{iface}(): unexpected members {', '.join(map(str, unknown))}")
    missing = [m for m in required if v.get(m) is None]
    if missing:
        raise TypeError(f"{iface}(): required members {', '.join(missing)} missing")
    return {
        m: (_convert(cls.__name__, m, ty, v[m]) if v.get(m) is not None else _initial(iface, m, ty, default))
        for m, ty, default in members
    }


def _data_object(iface: str, name: str, dictionary: str, v: Any) -> Any:
    """The member ``name`` of ``iface``'s init dictionary converted as the
    dictionary ``dictionary`` (a mapping), as an object of its interface."""
    if not isinstance(v, Mapping):
        raise TypeError(f"{iface}(): {name} must be a mapping ({dictionary})")
    obj = object.__new__(_DATA[dictionary][0])
    obj._fields = _dictionary_fields(iface, dictionary, v)
    return obj


class TouchList:
    """``TouchList`` (Touch Events): a read-only sequence of ``Touch``
    objects (``len``, ``[i]``, iteration, ``item(i)`` giving None past the
    end); a ``collections.abc.Sequence``, as ``NodeList`` is."""

    __slots__ = ("_touches",)
    __module__ = "ecsdom"
    _touches: tuple[Any, ...]

    def __init__(self, *_args: Any) -> None:
        raise TypeError("TouchList has no constructor: a TouchEvent makes it")

    @classmethod
    def _of(cls, touches: list[Any]) -> TouchList:
        made = object.__new__(cls)
        made._touches = tuple(touches)
        return made

    @property
    def length(self) -> int:
        """``length``"""
        return len(self._touches)

    def item(self, index: int) -> Any:
        """``item(index)``: the touch, or None past the end."""
        return self._touches[index] if 0 <= index < len(self._touches) else None

    def __len__(self) -> int:
        return len(self._touches)

    def __getitem__(self, index: Any) -> Any:
        return self._touches[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._touches)

    def __repr__(self) -> str:
        return f"<TouchList {list(self._touches)}>"


Sequence.register(TouchList)


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
            m: (_convert(name, m, ty, given[m]) if m in given else _initial(name, m, ty, default))
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
            self._fields[member] = _convert(iface, member, ty, rest[k]) if k < len(rest) else _initial(iface, member, ty, default)

    init.__name__ = method
    init.__qualname__ = f"{iface}.{method}"
    init.__doc__ = f"``{method}(type, bubbles, cancelable, {', '.join(m for m, _, _ in args)})``: legacy."
    return init


for _dictionary, _interface, _members, _constructible, _required in _event_data():
    _DATA[_dictionary] = (
        _make_data(_interface, _dictionary, list(_members), _constructible),
        list(_members),
        list(_required),
    )

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
TouchEvent = _classes["TouchEvent"]
Touch = _DATA["TouchInit"][0]
