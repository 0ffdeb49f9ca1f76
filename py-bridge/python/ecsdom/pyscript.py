"""PyScript's page API (https://docs.pyscript.net/), so a PyScript page
runs, and can be tested, headless: while ecsdom runs a page, ``import
pyscript`` is this module.

- ``document`` and ``window``: the page's (of the script that asks: a
  frame's script gets its frame's);
- ``display(*values, target=None, append=True)``: show values in the page;
- ``@when(event_type, selector)``: listen for events on the elements a
  selector matches.
"""

from __future__ import annotations

import contextvars
import inspect
import sys
from typing import Any, Callable

__all__ = ["display", "document", "when", "window"]

#: The script a top-level-await script's task continues (set by the page
#: runtime): where ``display`` shows values once it runs again.
_script: contextvars.ContextVar[Any] = contextvars.ContextVar("pyscript_script")


def _page_globals() -> dict[str, Any]:
    """The globals of the page script that called into this module: the
    nearest caller whose globals have the page's ``document`` and
    ``window``."""
    frame = sys._getframe(1)
    while frame is not None:
        found = frame.f_globals
        if found.get("__name__") == "__main__" and "document" in found and "window" in found:
            return found
        frame = frame.f_back  # type: ignore[assignment]
    raise RuntimeError("pyscript: used outside a page ecsdom runs")


def __getattr__(name: str) -> Any:
    if name in ("document", "window"):
        return _page_globals()[name]
    raise AttributeError(f"module 'pyscript' has no attribute {name!r}")


def _html_of(value: Any) -> tuple[str, bool]:
    """A value as PyScript shows it: its ``_repr_html_()`` as markup, a
    ``str`` as text, anything else as its ``repr`` (text)."""
    as_html = getattr(value, "_repr_html_", None)
    if callable(as_html):
        return str(as_html()), True
    return (value if isinstance(value, str) else repr(value)), False


def display(*values: Any, target: str | None = None, append: bool = True) -> None:
    """Show ``values`` in the page, each in a ``<div>`` of its own: in the
    element whose id is ``target`` (``"#"`` optional), else after the
    running ``<script>`` (in a ``<div>`` made for it, as PyScript does).
    With ``append=False`` what was there is replaced."""
    document = _page_globals()["document"]
    if target is not None:
        where = document.getElementById(target.removeprefix("#"))
        if where is None:
            raise ValueError(f"display: no element with id {target!r}")
    else:
        script = document.currentScript or _script.get(None)
        if script is None:
            raise ValueError("display: no target given and no script is running")
        found = script.nextElementSibling
        if found is not None and found.getAttribute("data-display-for") == (script.id or ""):
            where = found
        else:
            where = document.createElement("div")
            where.setAttribute("data-display-for", script.id or "")
            script.after(where)
    if not append:
        where.replaceChildren()
    for value in values:
        text, is_html = _html_of(value)
        item = document.createElement("div")
        if is_html:
            item.innerHTML = text
        else:
            item.textContent = text
        where.append(item)


def when(event_type: str, selector: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@when("click", "#button")``: the function listens for
    ``event_type`` on every element ``selector`` matches now; it takes the
    event, or nothing."""
    document = _page_globals()["document"]

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        try:
            takes_event = bool(inspect.signature(handler).parameters)
        except (TypeError, ValueError):
            takes_event = True
        listener = handler if takes_event else (lambda _event: handler())
        for element in document.querySelectorAll(selector):
            element.addEventListener(event_type, listener)
        return handler

    return decorate
