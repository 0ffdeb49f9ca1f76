"""``XMLHttpRequest`` for Python: the XHR Standard's object over dom-ecs's
state machine (``_XhrState``), firing ``readystatechange`` and the
``ProgressEvent``s each step calls for. A synchronous request
(``open(method, url, False)``) is sent in ``send()``, blocking, and works
anywhere; an asynchronous one needs a running page (``ecsdom run``,
``load_page``), whose loop sends it off the page thread and ends it as a
task.
"""

from __future__ import annotations

from typing import Any

from ecsdom._errors import InvalidStateError, NetworkError, NotSupportedError
from ecsdom._native import (
    DOMParser,
    EventTarget,
    _XhrState,
)
from ecsdom._window import _handler_property

UNSENT, OPENED, HEADERS_RECEIVED, LOADING, DONE = range(5)
_TYPES = ("", "arraybuffer", "blob", "document", "json", "text")


class XMLHttpRequestEventTarget(EventTarget):
    """The targets of an ``XMLHttpRequest``'s progress events."""


class XMLHttpRequestUpload(XMLHttpRequestEventTarget):
    """``xhr.upload``: the upload's events (ecsdom's uploads fire none)."""


def _fire(target: Any, event: Any) -> None:
    target.dispatchEvent(event)


def _progress(target: Any, kind: str, loaded: int = 0, total: int = 0, computable: bool = False) -> None:
    from ecsdom import ProgressEvent

    _fire(target, ProgressEvent(kind, loaded=loaded, total=total, lengthComputable=computable))


class XMLHttpRequest(XMLHttpRequestEventTarget):
    """``XMLHttpRequest()``."""

    UNSENT = UNSENT
    OPENED = OPENED
    HEADERS_RECEIVED = HEADERS_RECEIVED
    LOADING = LOADING
    DONE = DONE

    def __init__(self) -> None:
        self._state = _XhrState()
        self._upload = XMLHttpRequestUpload()
        self._base: str | None = None

    @property
    def readyState(self) -> int:  # noqa: N802 - the DOM's name
        return self._state.ready_state()

    def open(
        self,
        method: str,
        url: str,
        async_: bool = True,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        """``open(method, url, async_=True, username=None, password=None)``:
        ``url`` resolves against the running page's base URL."""
        from ecsdom import _page

        rt = _page.current_runtime()
        base = rt.base_url() if rt is not None else None
        if self._state.open(str(method), str(url), base, bool(async_), username, password):
            self._state_changed()

    def setRequestHeader(self, name: str, value: str) -> None:  # noqa: N802
        self._state.set_request_header(str(name), str(value))

    @property
    def timeout(self) -> int:
        return self._state.timeout()

    @timeout.setter
    def timeout(self, ms: int) -> None:
        self._state.set_timeout(int(ms) % (1 << 32))

    @property
    def withCredentials(self) -> bool:  # noqa: N802
        return self._state.with_credentials()

    @withCredentials.setter
    def withCredentials(self, v: bool) -> None:  # noqa: N802
        self._state.set_with_credentials(bool(v))

    @property
    def upload(self) -> XMLHttpRequestUpload:
        return self._upload

    def send(self, body: Any = None) -> None:
        """Send the request: a ``str``, bytes-like object or
        ``URLSearchParams`` body (none for ``GET``/``HEAD``)."""
        if self._state.synchronous():
            self._state.send_sync(body)
            self._ended()
            if self._state.failed():
                raise NetworkError("Failed to execute 'send' on 'XMLHttpRequest': the request failed.")
            return
        from ecsdom import _page

        rt = _page.current_runtime()
        if rt is None or rt.xhr_send is None:
            raise NotSupportedError("an asynchronous XMLHttpRequest needs a running page's event loop (load_page)")
        rt.xhr_send(self, body)
        _progress(self, "loadstart")

    def _state_changed(self) -> None:
        from ecsdom import Event

        _fire(self, Event("readystatechange"))

    def _ended(self) -> None:
        self._state_changed()
        if self._state.failed():
            _progress(self, "error")
            _progress(self, "loadend")
            return
        body = self._state.body()
        n = 0 if body is None else len(body)
        _progress(self, "load", n, n, True)
        _progress(self, "loadend", n, n, True)

    def abort(self) -> None:
        if self._state.abort():
            self._state_changed()
            _progress(self, "abort")
            _progress(self, "loadend")
        self._state.reset_after_abort()

    @property
    def responseURL(self) -> str:  # noqa: N802
        return self._state.response_url()

    @property
    def status(self) -> int:
        return self._state.status()

    @property
    def statusText(self) -> str:  # noqa: N802
        return self._state.status_text()

    def getResponseHeader(self, name: str) -> str | None:  # noqa: N802
        return self._state.get_response_header(str(name))

    def getAllResponseHeaders(self) -> str:  # noqa: N802
        return self._state.get_all_response_headers()

    def overrideMimeType(self, mime: str) -> None:  # noqa: N802
        self._state.override_mime_type(str(mime))

    @property
    def responseType(self) -> str:  # noqa: N802
        return self._state.response_type()

    @responseType.setter
    def responseType(self, v: str) -> None:  # noqa: N802
        if str(v) in _TYPES:
            self._state.set_response_type(str(v))

    @property
    def responseText(self) -> str:  # noqa: N802
        return self._state.response_text()

    @property
    def response(self) -> Any:
        kind = self._state.response_type()
        if kind in ("", "text"):
            return self._state.response_text()
        if self._state.ready_state() != DONE or self._state.failed():
            return None
        if kind == "arraybuffer":
            return self._state.body()
        if kind == "json":
            import json

            try:
                return json.loads(self._state.decoded())
            except ValueError:
                return None
        return self._document()

    @property
    def responseXML(self) -> Any:  # noqa: N802
        kind = self._state.response_type()
        if kind not in ("", "document"):
            raise InvalidStateError(f"responseXML needs responseType '' or 'document' (was '{kind}')")
        if self._state.ready_state() != DONE or self._state.failed():
            return None
        return self._document()

    def _document(self) -> Any:
        mime = self._state.mime_type().split(";")[0].strip().lower()
        xml = mime in ("text/xml", "application/xml") or mime.endswith("+xml")
        if mime != "text/html" and not xml:
            return None
        return DOMParser().parseFromString(self._state.decoded(), "text/html" if mime == "text/html" else "application/xml")



for _name in ("onloadstart", "onprogress", "onabort", "onerror", "onload", "ontimeout", "onloadend"):
    setattr(XMLHttpRequestEventTarget, _name, _handler_property(_name))
XMLHttpRequest.onreadystatechange = _handler_property("onreadystatechange")  # type: ignore[attr-defined]
del _name
for _cls in (XMLHttpRequestEventTarget, XMLHttpRequestUpload, XMLHttpRequest):
    _cls.__module__ = "ecsdom"
del _cls
