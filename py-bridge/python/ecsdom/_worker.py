"""``Worker``: a dedicated worker a Python page starts.

The worker's script is JavaScript (a worker's global is JS's, as in a
browser), run by the page's host on a thread of its own; what crosses is
a structured clone (``ecsdom.structuredClone``'s mapping of Python values).
Messages from the worker are ``MessageEvent`` tasks of the page's loop,
dispatched at the ``Worker``; an uncaught exception in its script fires an
``ErrorEvent`` there. A ``Worker`` can only be made while a page runs
(``ecsdom run``, ``ecsdom.load_page``): elsewhere no host runs workers.
"""

from __future__ import annotations

from typing import Any

from ecsdom._errors import NotSupportedError, SyntaxError  # noqa: A004 - the DOM's name
from ecsdom._native import URL, EventTarget
from ecsdom._window import _handler_property


class Worker(EventTarget):
    """``Worker(scriptURL, options=None)``: start the worker."""

    def __init__(self, scriptURL: str, options: dict[str, Any] | None = None) -> None:  # noqa: N803 - the DOM's name
        from ecsdom import _page

        runtime = _page.current_runtime()
        if runtime is None:
            raise NotSupportedError("no page runs here, so no host runs workers (see ecsdom.load_page)")
        try:
            url = URL(str(scriptURL), runtime.base_url())
        except TypeError:
            raise SyntaxError(f"Failed to construct 'Worker': The URL '{scriptURL}' is invalid.") from None
        if options is not None and options.get("type") == "module":
            raise NotSupportedError("Failed to construct 'Worker': module workers are not supported by ecsdom yet.")
        self._runtime = runtime
        self._id: int | None = runtime.worker_start(url.href, self)

    def postMessage(self, message: Any, transfer: Any = None) -> None:  # noqa: N802 - the DOM's name
        """Send a structured clone of ``message`` to the worker (a
        ``DataCloneError`` for what can not be cloned)."""
        if transfer:
            from ecsdom._errors import DataCloneError

            raise DataCloneError("transferring objects is not supported by ecsdom yet")
        if self._id is not None:
            self._runtime.worker_post(self._id, message)

    def terminate(self) -> None:
        """End the worker after the task it is in; no message comes after."""
        if self._id is not None:
            self._runtime.worker_terminate(self._id)
            self._id = None



for _name in ("onmessage", "onmessageerror", "onerror"):
    setattr(Worker, _name, _handler_property(_name))
del _name
Worker.__module__ = "ecsdom"
