"""The event-loop half of a page's Python scripts (``ecsdom run``).

Timers, microtasks, animation frames and ``asyncio`` run on the page's one
event loop, which the host (the ``ecsdom`` binary) drives: it owns the
timer queue of both languages (virtual time unless ``--real-time``), and
calls back into :func:`install`'s runtime when a Python timer is due or a
task ends (microtask checkpoint). ``asyncio`` uses the page clock, counts
as running while page code runs (so ``asyncio.create_task`` works in a
script), and is stepped after every task and woken by a page timer when
its next timer is due.
"""

from __future__ import annotations

import asyncio
import asyncio.events as _events
from typing import Any, Callable

from ecsdom._native import _notify_mutation_observers

#: The frame interval of ``requestAnimationFrame``: 60 Hz, as in JS.
FRAME_MS = 1000.0 / 60.0


class _PageLoop(asyncio.SelectorEventLoop):
    """An asyncio loop whose clock is the page clock."""

    def __init__(self, now: Callable[[], float]) -> None:
        super().__init__()
        self._page_now = now

    def time(self) -> float:
        return self._page_now() / 1000.0


class Performance:
    """``performance``: ``now()`` in page milliseconds."""

    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now


class PageRuntime:
    """One page's Python timers over the host's queue."""

    def __init__(
        self,
        timer_add: Callable[[float, bool], int],
        timer_clear: Callable[[int], None],
        now: Callable[[], float],
    ) -> None:
        self._add = timer_add
        self._clear = timer_clear
        self._now = now
        self._timers: dict[int, tuple[Callable[..., Any], tuple[Any, ...]]] = {}
        self._microtasks: list[Callable[[], Any]] = []
        self._document: Any = None
        self.loop = _PageLoop(now)
        asyncio.set_event_loop(self.loop)
        _events._set_running_loop(self.loop)
        self._wake_timer: int | None = None
        self._wake_when: float | None = None

    def setTimeout(self, callback: Callable[..., Any], delay: float = 0, *args: Any) -> int:  # noqa: N802 - DOM name
        timer = self._add(float(delay or 0), False)
        self._timers[timer] = (callback, args)
        return timer

    def setInterval(self, callback: Callable[..., Any], delay: float = 0, *args: Any) -> int:  # noqa: N802
        timer = self._add(float(delay or 0), True)
        self._timers[timer] = (callback, args)
        return timer

    def clearTimeout(self, timer: int) -> None:  # noqa: N802
        if self._timers.pop(timer, None) is not None:
            self._clear(timer)

    def queueMicrotask(self, callback: Callable[[], Any]) -> None:  # noqa: N802
        self._microtasks.append(callback)

    def requestAnimationFrame(self, callback: Callable[[float], Any]) -> int:  # noqa: N802
        # To the next 60 Hz frame boundary: callbacks of one frame run
        # together, in order, with the frame's time (as in JS).
        now = self._now()
        frame = (int(now // FRAME_MS) + 1) * FRAME_MS
        return self.setTimeout(lambda: callback(self._now()), frame - now)

    def run_timer(self, timer: int, repeating: bool) -> None:
        """Run a due timer (the host calls this)."""
        entry = self._timers.get(timer) if repeating else self._timers.pop(timer, None)
        if entry is not None:
            entry[0](*entry[1])

    def run_microtasks(self) -> None:
        """The microtask checkpoint after a task (the host calls this):
        queued microtasks, then the mutation observers they made pending,
        until neither has work."""
        while True:
            while self._microtasks:
                self._microtasks.pop(0)()
            if self._document is None or not _notify_mutation_observers(self._document):
                break
        self._step_asyncio()

    def _step_asyncio(self) -> None:
        loop = self.loop
        _events._set_running_loop(None)
        try:
            while True:
                loop.call_soon(loop.stop)
                loop.run_forever()
                if not loop._ready:  # type: ignore[attr-defined]
                    break
        finally:
            _events._set_running_loop(loop)
        pending = [h for h in loop._scheduled if not h.cancelled()]  # type: ignore[attr-defined]
        if not pending:
            return
        when = min(h.when() for h in pending)
        if self._wake_when == when:
            return
        if self._wake_timer is not None:
            self.clearTimeout(self._wake_timer)
        self._wake_when = when

        def wake() -> None:
            self._wake_timer = None
            self._wake_when = None

        # Wake a little after `when`: the clock is in microseconds, asyncio
        # in float seconds.
        self._wake_timer = self.setTimeout(wake, max(0.0, (when - loop.time()) * 1000.0) + 0.001)


def install(
    page_globals: dict[str, Any],
    timer_add: Callable[[float, bool], int],
    timer_clear: Callable[[int], None],
    now: Callable[[], float],
) -> PageRuntime:
    """Give a page's globals (and its ``window``) the timer functions over
    the host's queue, and the two entry points the host calls."""
    rt = PageRuntime(timer_add, timer_clear, now)
    rt._document = page_globals.get("document")
    functions = {
        "setTimeout": rt.setTimeout,
        "setInterval": rt.setInterval,
        "clearTimeout": rt.clearTimeout,
        "clearInterval": rt.clearTimeout,
        "queueMicrotask": rt.queueMicrotask,
        "requestAnimationFrame": rt.requestAnimationFrame,
        "cancelAnimationFrame": rt.clearTimeout,
        "performance": Performance(now),
    }
    window = page_globals["window"]
    for name, value in functions.items():
        page_globals[name] = value
        setattr(window, name, value)
    page_globals["_ecsdom_run_timer"] = rt.run_timer
    page_globals["_ecsdom_run_microtasks"] = rt.run_microtasks
    return rt
