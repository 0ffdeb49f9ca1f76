"""``AbortController`` and ``AbortSignal``
(https://dom.spec.whatwg.org/#aborting-ongoing-activities).

dom-ecs keeps each signal's state (aborted, its abort algorithms, the
sources and dependents of ``AbortSignal.any``) on an event target of its
own in a document's world; here the reason is kept and the trusted
``abort`` events dom-ecs lists are fired. A Python document is a world of
its own, so a signal belongs to one: the caller's global ``document`` (a
page's scripts), ``document=``, or else a new empty document; a listener
may use only a signal of its own document (``WrongDocumentError``).
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any, Iterable

from ecsdom._errors import AbortError, TimeoutError
from ecsdom._native import (
    Document,
    EventTarget,
    _abort_signal_abort,
    _abort_signal_aborted,
    _abort_signal_any,
    _abort_signal_bind,
    _abort_signal_run_steps,
    _event_handler,
    _set_event_handler,
)


def _document_of(document: Document | None) -> Document:
    """``document``, or the global ``document`` of the code that called the
    public function (two frames up), or a new empty document."""
    if document is not None:
        return document
    found = sys._getframe(2).f_globals.get("document")
    return found if isinstance(found, Document) else Document()


def _new_signal(document: Document, existing: tuple[int, int] | None = None) -> AbortSignal:
    signal = EventTarget.__new__(AbortSignal)
    signal._document = document
    signal._reason = None
    signal._dependents = []
    signal._id = _abort_signal_bind(signal, document, existing)
    return signal


def _signal_abort(signal: AbortSignal, reason: Any, fire: bool = True) -> None:
    """Signal abort: ``signal`` and its dependents not aborted yet get the
    reason; then each one's abort steps (``fire``: not for
    ``AbortSignal.abort()``, aborted from the start)."""
    ids = _abort_signal_abort(signal)
    if not ids:
        return
    if reason is None:
        reason = AbortError("signal is aborted without reason")
    known: dict[tuple[int, int], AbortSignal] = {}
    stack = [signal]
    while stack:
        s = stack.pop()
        if s._id not in known:
            known[s._id] = s
            stack.extend(s._dependents)
    aborted = [known[tuple(i)] for i in ids if tuple(i) in known]
    for s in aborted:
        s._reason = reason
    if fire:
        for s in aborted:
            _abort_signal_run_steps(s)


class AbortSignal(EventTarget):
    """``AbortSignal``: made by ``AbortController()`` or by
    ``AbortSignal.abort()``, ``timeout()`` and ``any()``."""

    _document: Document
    _reason: Any
    _dependents: list[AbortSignal]
    _id: tuple[int, int]

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        raise TypeError("Illegal constructor: AbortController() makes a signal")

    @staticmethod
    def abort(reason: Any = None, *, document: Document | None = None) -> AbortSignal:
        """A signal aborted already, with ``reason`` (None: an ``AbortError``)."""
        signal = _new_signal(_document_of(document))
        _signal_abort(signal, reason, fire=False)
        return signal

    @staticmethod
    def timeout(milliseconds: float, *, document: Document | None = None) -> AbortSignal:
        """A signal that aborts with a ``TimeoutError`` after ``milliseconds``,
        on the running event loop (a page's, or ``asyncio``'s)."""
        ms = float(milliseconds)
        if not ms >= 0 or ms == float("inf"):
            raise TypeError("timeout() takes a finite number of milliseconds, 0 or more")
        loop = asyncio.get_running_loop()
        signal = _new_signal(_document_of(document))
        loop.call_later(ms / 1000.0, _signal_abort, signal, TimeoutError("signal timed out"))
        return signal

    @staticmethod
    def any(signals: Iterable[AbortSignal], *, document: Document | None = None) -> AbortSignal:
        """A signal that aborts when the first of ``signals`` does (at once
        if one has)."""
        sources = list(signals)
        for s in sources:
            if not isinstance(s, AbortSignal):
                raise TypeError("any() takes AbortSignals")
        doc = sources[0]._document if sources else _document_of(document)
        made, k = _abort_signal_any(sources, doc)
        if made is None:
            signal = _new_signal(doc)
            _signal_abort(signal, sources[k].reason, fire=False)
            return signal
        signal = _new_signal(doc, (made, k))
        # Its sources keep it (and its listeners) alive, as the spec's
        # dependent signals are.
        for s in sources:
            s._dependents.append(signal)
        return signal

    @property
    def aborted(self) -> bool:
        return _abort_signal_aborted(self)

    @property
    def reason(self) -> Any:
        return self._reason

    def throwIfAborted(self) -> None:  # noqa: N802 - the DOM's name
        """Raise the reason if aborted (a reason that is no exception is
        the ``reason`` of an ``AbortError``)."""
        if not self.aborted:
            return
        reason = self._reason
        if isinstance(reason, BaseException):
            raise reason
        error = AbortError(repr(reason))
        error.reason = reason  # type: ignore[attr-defined]
        raise error

    @property
    def onabort(self) -> Any:
        return _event_handler(self, "abort")

    @onabort.setter
    def onabort(self, value: Any) -> None:
        _set_event_handler(self, "abort", value)


class AbortController:
    """``AbortController()``: ``signal``, and ``abort(reason)`` to abort it."""

    def __init__(self, *, document: Document | None = None) -> None:
        self._signal = _new_signal(_document_of(document))

    @property
    def signal(self) -> AbortSignal:
        return self._signal

    def abort(self, reason: Any = None) -> None:
        """Abort the signal with ``reason`` (None: an ``AbortError``)."""
        _signal_abort(self._signal, reason)
