"""The ``window`` of a page's Python scripts.

The window is no node, but it is an event target of the DOM: events
dispatched at a node of the document end their path at it (all but
``load``), and its listeners sit in the DOM's own lists beside the page's
JavaScript window listeners, so both languages' run in registration order.
"""

from __future__ import annotations

from typing import Any


class Window:
    """``window``: the page's ``document`` and the window's event listeners."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.window = self
        self.self = self
        # A top-level browsing context: no parent frame, no frames.
        self.parent = self
        self.top = self
        self.frames = self
        document._set_window(self)

    def addEventListener(self, type_: str, listener: Any, options: Any = None) -> None:  # noqa: N802 - DOM name
        self.document._window_add_event_listener(type_, listener, options)

    def removeEventListener(self, type_: str, listener: Any, options: Any = None) -> None:  # noqa: N802
        self.document._window_remove_event_listener(type_, listener, options)

    def dispatchEvent(self, event: Any) -> bool:  # noqa: N802
        return bool(self.document._window_dispatch_event(event))
