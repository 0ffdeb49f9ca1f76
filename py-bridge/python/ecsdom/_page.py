"""The event-loop half of a page's Python scripts (``ecsdom run``).

Timers, microtasks, animation frames and ``asyncio`` run on the page's one
event loop, which the host (the ``ecsdom`` binary) drives: it owns the
timer queue of both languages (virtual time unless ``--real-time``), and
calls back into :func:`install`'s runtime when a Python timer is due or a
task ends (microtask checkpoint). ``asyncio`` uses the page clock, counts
as running while page code runs (so ``asyncio.create_task`` works in a
script), and is stepped after every task and woken by a page timer when
its next timer is due. ``fetch`` sends its request through the host
(off the page thread) and gives an awaitable that the host settles as a
task of the loop. A script that awaits at top level goes on as a task of
the loop. As in PyScript, the page's directory is on ``sys.path`` (a
script imports the modules beside its page) and ``pyscript`` is
``ecsdom.pyscript`` while the page runs.
"""

from __future__ import annotations

import asyncio
import asyncio.events as _events
import collections
import contextvars
import sys
from typing import Any, Callable

from ecsdom._native import _notify_mutation_observers

#: The runtime of the page running now (``Worker`` starts its workers there).
_current: PageRuntime | None = None


def current_runtime() -> PageRuntime | None:
    """The runtime of the page running now, if one is."""
    return _current


def current_base_url() -> str | None:
    """The base URL of the running page's document (what a ``Request``
    made now parses its URL against), if a page is running."""
    if _current is None or _current._document is None:
        return None
    return _current._document.baseURI


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
        timer_add: tuple[Callable[[float, bool], int], Callable[[], int]],
        timer_clear: Callable[[int], None],
        now: Callable[[], float],
        fetch_start: Callable[..., int],
        fetch_take: Callable[[int], Any],
    ) -> None:
        self._fetch_start = fetch_start
        self._fetch_take = fetch_take
        self._fetches: dict[int, asyncio.Future[Any]] = {}
        self._add, self._add_frame = timer_add
        self._clear = timer_clear
        self._now = now
        self._timers: dict[int, tuple[Callable[..., Any], tuple[Any, ...]]] = {}
        self._microtasks: collections.deque[Callable[[], Any]] = collections.deque()
        self._document: Any = None
        self._previous_loop = _events._get_running_loop()
        local = getattr(asyncio.get_event_loop_policy(), "_local", None)
        self._previous_set = getattr(local, "_loop", None)
        self.loop = _PageLoop(now)
        # An error no one awaited (a task that raised, a future's exception
        # never retrieved) is the page's error, as an unhandled rejection
        # is in JS: reported and counted at the next microtask checkpoint.
        self._unhandled: list[dict[str, Any]] = []
        self.loop.set_exception_handler(lambda _loop, context: self._unhandled.append(context))
        asyncio.set_event_loop(self.loop)
        _events._set_running_loop(self.loop)
        self._wake_timer: int | None = None
        self._wake_when: float | None = None
        self._sys_path: str | None = None
        self._pyscript: Any = None
        # The host's worker natives (start, post, terminate, take) and the
        # page's Worker objects by id.
        self._worker_natives: tuple[Callable[..., Any], ...] | None = None
        self._workers: dict[int, Any] = {}
        self._xhr_native: Callable[[Any, Any], tuple[int, int]] | None = None

    @property
    def xhr_send(self) -> Callable[[Any, Any], None] | None:
        """Send an asynchronous ``XMLHttpRequest``'s request through the
        host (none without the host's native)."""
        if self._xhr_native is None:
            return None
        return self._send_xhr

    def _send_xhr(self, xhr: Any, body: Any) -> None:
        assert self._xhr_native is not None
        fid, generation = self._xhr_native(xhr._state, body)
        fut: asyncio.Future[Any] = self.loop.create_future()
        self._fetches[fid] = fut

        def done(f: asyncio.Future[Any]) -> None:
            if f.cancelled():
                return
            response = None if f.exception() is not None else f.result()
            if xhr._state.receive(generation, response):
                xhr._ended()

        fut.add_done_callback(done)

    def base_url(self) -> str:
        """The page document's base URL (a worker's URL resolves against it)."""
        return str(self._document.baseURI)

    def worker_start(self, url: str, worker: Any) -> int:
        """Start the worker at ``url`` for ``worker`` (a ``Worker``); its id."""
        if self._worker_natives is None:
            from ecsdom._errors import NotSupportedError

            raise NotSupportedError("this page's host runs no workers")
        worker_id = int(self._worker_natives[0](url))
        self._workers[worker_id] = worker
        return worker_id

    def worker_post(self, worker_id: int, message: Any) -> None:
        """Post a structured clone of ``message`` to the worker."""
        if self._worker_natives is not None:
            self._worker_natives[1](worker_id, message)

    def worker_terminate(self, worker_id: int) -> None:
        """End the worker; its later messages are dropped."""
        self._workers.pop(worker_id, None)
        if self._worker_natives is not None:
            self._worker_natives[2](worker_id)

    def worker_event(self, seq: int, worker_id: int) -> None:
        """What worker ``worker_id`` sent (the host's arrival ``seq``), as
        an event at its ``Worker`` (a task of the loop)."""
        from ecsdom import ErrorEvent, MessageEvent

        if self._worker_natives is None:
            return
        kind, value = self._worker_natives[3](seq)
        worker = self._workers.get(worker_id)
        if worker is None:
            return
        if kind == "message":
            worker.dispatchEvent(MessageEvent("message", data=value))
        elif kind == "messageerror":
            worker.dispatchEvent(MessageEvent("messageerror"))
        else:
            message, filename = value
            worker.dispatchEvent(ErrorEvent("error", message=message, filename=filename, cancelable=True))

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
        # The host's next 60 Hz frame (JS's too): callbacks requested
        # within one frame run at the next, in order, with its time.
        timer = self._add_frame()
        self._timers[timer] = (lambda: callback(self._now()), ())
        return timer

    def fetch(
        self,
        input: Any,  # noqa: A002 - the standard's name
        init: dict[str, Any] | None = None,
        *,
        method: str | None = None,
        headers: Any = None,
        body: Any = None,
        signal: Any = None,
    ) -> asyncio.Future[Any]:
        """``await fetch(input, method=..., headers=..., body=..., signal=...)``
        (or an ``init`` dict with those keys; ``input`` a URL or a
        ``Request``): the ``Response``. A bad request, a network error or
        an abort raises when awaited."""
        from ecsdom._native import URL, Request

        fut: asyncio.Future[Any] = self.loop.create_future()
        options = dict(init or {})
        unknown = set(options) - {"method", "headers", "body", "signal"}
        try:
            if unknown:
                raise TypeError(f"fetch() got unknown init members: {sorted(unknown)}")
            if not isinstance(input, (str, URL, Request)):
                raise TypeError("fetch(input): input is a str, a URL or a Request")
            method = options.get("method", method)
            headers = options.get("headers", headers)
            body = options.get("body", body)
            signal = options.get("signal", signal)
            request = Request(input, method=method, headers=headers, body=body)
            if signal is not None and signal.aborted:
                raise _abort_error(signal.reason)
            fid = self._fetch_start(request)
        except Exception as e:  # noqa: BLE001 - raised when awaited, as JS rejects
            fut.set_exception(e)
            return fut
        self._fetches[fid] = fut
        if signal is not None:

            def on_abort(_event: Any) -> None:
                if self._fetches.pop(fid, None) is fut and not fut.done():
                    fut.set_exception(_abort_error(signal.reason))

            signal.addEventListener("abort", on_abort, once=True)
        return fut

    def fetch_done(self, fid: int) -> None:
        """A fetch finished (the host calls this, as a task)."""
        fut = self._fetches.pop(fid, None)
        try:
            response = self._fetch_take(fid)
        except Exception as e:  # noqa: BLE001 - the network error
            if fut is not None and not fut.done():
                fut.set_exception(e)
            return
        if fut is not None and not fut.done():
            fut.set_result(response)

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
                # One that raises is reported; the next ones still run.
                try:
                    self._microtasks.popleft()()
                except Exception as error:  # noqa: BLE001 - the page's error, reported below
                    self._unhandled.append({"exception": error})
            if self._document is None or not _notify_mutation_observers(self._document):
                break
        self._step_asyncio()
        if self._unhandled:
            context = self._unhandled.pop(0)
            error = context.get("exception")
            if isinstance(error, BaseException):
                raise error
            raise RuntimeError(str(context.get("message", "an asyncio error")))

    def top_level_await(self, coroutine: Any) -> None:
        """A script that awaits at top level (compiled to a coroutine):
        it runs now up to its first wait, and the rest as a task of the
        page's loop, which remembers the script (``pyscript.display``'s
        default place)."""
        from ecsdom import pyscript

        document = coroutine.cr_frame.f_globals.get("document")
        context = contextvars.copy_context()
        context.run(pyscript._script.set, getattr(document, "currentScript", None))
        self.loop.create_task(coroutine, context=context)
        self._step_asyncio()

    def close(self) -> None:
        """The page is done (the host calls this): its loop is closed, the
        thread's running loop is what it was before the page, and so are
        ``sys.path`` and ``sys.modules["pyscript"]``."""
        global _current
        if _current is self:
            _current = None
        self._workers.clear()
        if self._sys_path is not None and self._sys_path in sys.path:
            sys.path.remove(self._sys_path)
        if self._pyscript is None:
            sys.modules.pop("pyscript", None)
        else:
            sys.modules["pyscript"] = self._pyscript
        _events._set_running_loop(self._previous_loop)
        asyncio.set_event_loop(self._previous_set)
        for fut in self._fetches.values():
            fut.cancel()
        self._fetches.clear()
        self.loop.close()

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


def _abort_error(reason: Any) -> BaseException:
    """What an aborted fetch raises: the signal's reason when it is an
    exception, else an ``AbortError``."""
    if isinstance(reason, BaseException):
        return reason
    from ecsdom._errors import AbortError

    return AbortError(str(reason))


def install(
    page_globals: dict[str, Any],
    timer_add: tuple[Callable[[float, bool], int], Callable[[], int]],
    timer_clear: Callable[[int], None],
    now: Callable[[], float],
    fetch_start: Callable[..., int],
    fetch_take: Callable[[int], Any],
    page_dir: str | None = None,
    workers: tuple[Callable[..., Any], ...] | None = None,
) -> PageRuntime:
    """Give a page's globals (and its ``window``) the timer functions over
    the host's queue, ``fetch``, ``Event`` and ``CustomEvent``, and the
    entry points the host calls; put ``page_dir`` first on ``sys.path``
    and ``ecsdom.pyscript`` in ``sys.modules`` as ``pyscript`` until the
    page is closed; ``workers`` are the host's worker natives (start, post,
    terminate, take), which ``Worker`` uses while the page runs."""
    global _current
    from ecsdom import CustomEvent, Event, Worker, XMLHttpRequest, pyscript

    rt = PageRuntime(timer_add, timer_clear, now, fetch_start, fetch_take)
    rt._document = page_globals.get("document")
    rt._worker_natives = workers
    rt._xhr_native = page_globals.get("_ecsdom_xhr_send")
    _current = rt
    functions = {
        "setTimeout": rt.setTimeout,
        "setInterval": rt.setInterval,
        "clearTimeout": rt.clearTimeout,
        "clearInterval": rt.clearTimeout,
        "queueMicrotask": rt.queueMicrotask,
        "requestAnimationFrame": rt.requestAnimationFrame,
        "cancelAnimationFrame": rt.clearTimeout,
        "performance": Performance(now),
        "fetch": rt.fetch,
    }
    window = page_globals["window"]
    functions["atob"] = window.atob
    functions["btoa"] = window.btoa
    for name, value in functions.items():
        page_globals[name] = value
        setattr(window, name, value)
    page_globals["Event"] = Event
    page_globals["CustomEvent"] = CustomEvent
    page_globals["Worker"] = Worker
    page_globals["XMLHttpRequest"] = XMLHttpRequest
    page_globals["structuredClone"] = window.structuredClone
    page_globals["_ecsdom_top_level_await"] = rt.top_level_await
    if page_dir is not None and page_dir not in sys.path:
        sys.path.insert(0, page_dir)
        rt._sys_path = page_dir
    rt._pyscript = sys.modules.get("pyscript")
    sys.modules["pyscript"] = pyscript
    page_globals["_ecsdom_run_timer"] = rt.run_timer
    page_globals["_ecsdom_run_microtasks"] = rt.run_microtasks
    page_globals["_ecsdom_fetch_done"] = rt.fetch_done
    page_globals["_ecsdom_worker_event"] = rt.worker_event
    page_globals["_ecsdom_close"] = rt.close
    return rt
