"""The ``window`` of a page's Python scripts.

The window is no node, but it is an ``EventTarget`` of the DOM: events
dispatched at a node of the document end their path at it (all but
``load``), and its listeners sit in the DOM's own lists beside the page's
JavaScript window listeners, so both languages' run in registration order.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from ecsdom._errors import DataCloneError
from ecsdom._native import structuredClone as _structured_clone
from ecsdom._native import (
    EventTarget,
    _atob,
    _btoa,
    _computed_style,
    _current_event,
    _location_part,
    _location_parts,
    _set_location_part,
    _event_handler,
    _set_event_handler,
    _window_event_handlers,
    _window_named,
    _window_tree,
    _window_name,
    _set_window_name,
    _crypto,
    _history_go,
    _history_length,
    _history_push,
    _history_scroll,
    _history_state,
    _navigator,
    _post_message,
    _set_history_scroll,
    _storage,
)


class History:
    """``history`` (https://html.spec.whatwg.org/#the-history-interface):
    the window's session history. ``pushState``/``replaceState`` move the
    document's URL at once (same origin only: ``SecurityError``) and keep
    a structured clone of the state; ``back``/``forward``/``go`` traverse
    as a task of the page, which fires ``popstate`` (and ``hashchange``
    when only the fragment moved)."""

    __slots__ = ("_document", "_identity", "_state")

    def __init__(self, document: Any) -> None:
        self._document = document
        self._identity = 0
        self._state: Any = None

    @property
    def name(self) -> str:
        """``window.name``: its browsing context's name (an iframe's
        ``name`` attribute at first; kept when the iframe navigates)."""
        return _window_name(self.document)

    @name.setter
    def name(self, value: Any) -> None:
        _set_window_name(self.document, str(value))

    @property
    def length(self) -> int:
        return _history_length(self._document)

    @property
    def state(self) -> Any:
        """The current entry's state (deserialized once per entry)."""
        identity, value = _history_state(self._document, self._identity)
        if identity != self._identity or identity == 0:
            self._identity = identity
            self._state = value
        return self._state

    @property
    def scrollRestoration(self) -> str:  # noqa: N802 - the DOM's name
        return _history_scroll(self._document)

    @scrollRestoration.setter
    def scrollRestoration(self, value: str) -> None:  # noqa: N802
        if str(value) in ("auto", "manual"):
            _set_history_scroll(self._document, str(value))

    def pushState(self, data: Any, unused: str, url: str | None = None) -> None:  # noqa: N802
        _history_push(self._document, data, None if url is None else str(url), False)

    def replaceState(self, data: Any, unused: str, url: str | None = None) -> None:  # noqa: N802
        _history_push(self._document, data, None if url is None else str(url), True)

    def go(self, delta: int = 0) -> None:
        _history_go(self._document, int(delta))

    def back(self) -> None:
        _history_go(self._document, -1)

    def forward(self) -> None:
        _history_go(self._document, 1)

    def __repr__(self) -> str:
        return f"<History length={self.length}>"


class Location:
    """``location`` (https://html.spec.whatwg.org/#the-location-interface):
    the window's document URL (``href``) and its parts (``protocol``,
    ``host``, ``pathname``, ``search``, ``hash``...). Navigating through
    it navigates: to a fragment of the document, its URL moves and
    ``hashchange`` follows; ecsdom loads no other document (the page run
    reports such a navigation)."""

    __slots__ = ("_document",)

    def __init__(self, document: Any) -> None:
        object.__setattr__(self, "_document", document)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _PARTS or name == "origin":
            raise AttributeError(f"Location has no writable attribute {name!r}")
        _set_location_part(self._document, name, str(value))

    def __str__(self) -> str:
        return str(getattr(self, "href"))

    def toString(self) -> str:
        """The URL (``href``)."""
        return str(self)

    def __repr__(self) -> str:
        return f"<Location {self}>"


def _location_getter(part: str) -> property:
    return property(
        lambda self: _location_part(self._document, part),
        doc=f"``location.{part}``",
    )


_PARTS = frozenset(_location_parts())
for _part in _PARTS:
    setattr(Location, _part, _location_getter(_part))


class Window(EventTarget):
    """``window``: the page's ``document``; an ``EventTarget``, the
    document's window target (``addEventListener`` and the rest are
    ``EventTarget``'s)."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.window = self
        self.self = self
        self.frames = self
        document._set_window(self)

    @property
    def location(self) -> Location:
        """``window.location``: the window's ``Location`` (one object)."""
        found = self.__dict__.get("_location")
        if found is None:
            found = self.__dict__["_location"] = Location(self.document)
        return found

    @location.setter
    def location(self, value: Any) -> None:
        self.location.href = str(value)

    @property
    def history(self) -> History:
        """``window.history``: the window's ``History`` (one object)."""
        found = self.__dict__.get("_history")
        if found is None:
            found = self.__dict__["_history"] = History(self.document)
        return found

    # The window tree (https://html.spec.whatwg.org/#browsing-context-names):
    # the page's window is its own parent and top; an iframe's window has
    # the window of the iframe's document as parent and the iframe as
    # frameElement; ``window[i]`` and ``len(window)`` are its iframes'.
    @property
    def parent(self) -> Any:
        """``window.parent``: the window of the document holding this
        window's iframe; the page's window is its own."""
        return _window_tree(self.document, "parent")

    @property
    def top(self) -> Any:
        """``window.top``: the page's window."""
        return _window_tree(self.document, "top")

    @property
    def frameElement(self) -> Any:
        """``window.frameElement``: this window's iframe; None for the
        page's window."""
        return _window_tree(self.document, "frameElement")

    @property
    def name(self) -> str:
        """``window.name``: its browsing context's name (an iframe's
        ``name`` attribute at first; kept when the iframe navigates)."""
        return _window_name(self.document)

    @name.setter
    def name(self, value: Any) -> None:
        _set_window_name(self.document, str(value))

    @property
    def length(self) -> int:
        """``window.length``: how many iframes its document has."""
        return len(_window_tree(self.document, "frames"))

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> Any:
        """``window[i]``: the window of its document's ``i``th iframe."""
        frames = _window_tree(self.document, "frames")
        if not isinstance(index, int) or not 0 <= index < len(frames):
            raise IndexError("window index out of range")
        return frames[index]

    def __getattr__(self, name: str) -> Any:
        """Named access: an element's id (or an embed, form, img or
        object's name) when the window has no attribute of that name; an
        ``HTMLCollection`` when several elements have it."""
        document = self.__dict__.get("document")
        if document is not None and not name.startswith("__"):
            found = _window_named(document, name)
            if found is not None:
                return found
        raise AttributeError(f"'Window' object has no attribute {name!r}")

    def postMessage(self, message: Any, targetOrigin: Any = "/", transfer: Any = None) -> None:  # noqa: N802, N803 - the DOM's names
        """``window.postMessage(message, targetOrigin="/", transfer=None)``:
        ``message``, structured-cloned now, is delivered to this window as a
        task: a ``MessageEvent`` (``data``, ``origin``, and ``source`` the
        calling script's window) if this window's document is then of the
        origin ``targetOrigin`` names (``"*"``: any; ``"/"``: the caller's).
        ``targetOrigin`` may be an options mapping (``{"targetOrigin": ...,
        "transfer": ...}``), as in the DOM. Nothing is transferred: a
        non-empty ``transfer`` is a ``DataCloneError``."""
        if isinstance(targetOrigin, Mapping):
            options = targetOrigin
            targetOrigin = options.get("targetOrigin", "/")
            transfer = options.get("transfer")
        if transfer:
            raise DataCloneError("postMessage: transferring objects is not supported by ecsdom yet")
        caller = sys._getframe(1).f_globals.get("window")
        source = caller if isinstance(caller, Window) else self
        _post_message(self.document, source.document, message, str(targetOrigin))

    @staticmethod
    def structuredClone(value: Any) -> Any:  # noqa: N802 - the DOM's name
        """A deep copy of ``value`` as a message would carry it
        (``ecsdom.structuredClone``)."""
        return _structured_clone(value)

    def atob(self, data: str) -> str:
        """``window.atob(data)``: base64 decoded, each byte a code point
        (``InvalidCharacterError`` when it is no base64)."""
        return _atob(data)

    def btoa(self, data: str) -> str:
        """``window.btoa(data)``: base64 of a string of code points up to
        U+00FF (``InvalidCharacterError`` otherwise)."""
        return _btoa(data)

    @property
    def crypto(self) -> Any:
        """``window.crypto``: random values from the operating system
        (``getRandomValues(bytearray(16))``, ``randomUUID()``)."""
        found = self.__dict__.get("_crypto")
        if found is None:
            found = self.__dict__["_crypto"] = _crypto()
        return found

    @property
    def navigator(self) -> Any:
        """``window.navigator``: what the page learns of the user agent
        (one object)."""
        found = self.__dict__.get("_navigator")
        if found is None:
            found = self.__dict__["_navigator"] = _navigator()
        return found

    @property
    def localStorage(self) -> Any:
        """``window.localStorage``: the origin's ``Storage`` (one object;
        kept across runs with ``--user-data-dir``)."""
        found = self.__dict__.get("_local_storage")
        if found is None:
            found = self.__dict__["_local_storage"] = _storage(self.document, False)
        return found

    @property
    def sessionStorage(self) -> Any:
        """``window.sessionStorage``: the origin's ``Storage`` for this
        page's session (one object)."""
        found = self.__dict__.get("_session_storage")
        if found is None:
            found = self.__dict__["_session_storage"] = _storage(self.document, True)
        return found

    def getComputedStyle(self, elt: Any, pseudoElt: str | None = None) -> Any:  # noqa: N802
        """``window.getComputedStyle(elt, pseudoElt)``: the live, read-only
        ``CSSStyleDeclaration`` of the element's computed style (or of its
        ``::before``, ``::after`` or ``::marker``), resolved by the style
        engine from the user-agent sheet, the document's ``<style>``
        sheets and ``style`` attributes."""
        return _computed_style(elt, pseudoElt)

    def getSelection(self) -> Any:
        """``window.getSelection()``: its document's selection."""
        return self.document.getSelection()

    @property
    def event(self) -> Any:
        """``window.event``: the event whose listener runs now, or None."""
        return _current_event()


def _handler_property(name: str) -> property:
    """An event handler IDL attribute ``<name>`` of an event target (the
    window, a ``Worker``, an ``XMLHttpRequest``): a callable or None."""
    kind = name[2:]
    return property(
        lambda self: _event_handler(self, kind),
        lambda self, value: _set_event_handler(self, kind, value),
        doc=f"The {name} event handler: a callable or None.",
    )


for _name in _window_event_handlers():
    setattr(Window, _name, _handler_property(_name))
del _name
