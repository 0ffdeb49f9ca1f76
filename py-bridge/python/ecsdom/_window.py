"""The ``window`` of a page's Python scripts.

The window is no node, so its listeners are kept here: ``load`` and other
events dispatched at the window reach them (after the page's JS window
listeners, when the page has both).
"""

from __future__ import annotations

from typing import Any


class Window:
    """``window``: the page's ``document`` and the window's event listeners."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.window = self
        self._listeners: list[tuple[str, Any, bool, bool]] = []

    def addEventListener(self, type_: str, listener: Any, options: Any = None) -> None:  # noqa: N802 - DOM name
        if listener is None:
            return
        capture = options if isinstance(options, bool) else bool((options or {}).get("capture"))
        once = False if isinstance(options, bool) else bool((options or {}).get("once"))
        if not any(t == type_ and f is listener and c == capture for t, f, c, _ in self._listeners):
            self._listeners.append((type_, listener, capture, once))

    def removeEventListener(self, type_: str, listener: Any, options: Any = None) -> None:  # noqa: N802
        capture = options if isinstance(options, bool) else bool((options or {}).get("capture"))
        self._listeners = [
            entry for entry in self._listeners if not (entry[0] == type_ and entry[1] is listener and entry[2] == capture)
        ]

    def dispatchEvent(self, event: Any) -> bool:  # noqa: N802
        for entry in [e for e in self._listeners if e[0] == event.type]:
            if entry not in self._listeners:
                continue  # removed by an earlier listener
            if entry[3]:
                self._listeners.remove(entry)
            fn = entry[1]
            try:
                fn(event) if callable(fn) else fn.handleEvent(event)
            except Exception:  # one failing listener does not stop the others
                import traceback

                traceback.print_exc()
        return not event.defaultPrevented
