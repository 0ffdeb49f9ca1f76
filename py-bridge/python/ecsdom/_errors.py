"""The DOM's exceptions, named as the WHATWG DOM names them.

``DOMException`` carries ``name`` and the legacy numeric ``code``; each
subclass is one spec name. ``SyntaxError`` (an invalid selector) is also a
``ValueError``. ``StaleNodeError`` is ecsdom's own: a handle whose node was
reclaimed.
"""

from __future__ import annotations

import builtins


class DOMException(Exception):
    """Base of every DOM error. ``name`` is the spec's name, ``code`` its legacy number."""

    name: str = "Error"
    code: int = 0

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class HierarchyRequestError(DOMException):
    """The operation would yield an incorrect node tree."""

    name = "HierarchyRequestError"
    code = 3


class InvalidCharacterError(DOMException):
    """A name contains characters it may not hold."""

    name = "InvalidCharacterError"
    code = 5


class NamespaceError(DOMException):
    """A name's namespace and prefix do not go together."""

    name = "NamespaceError"
    code = 14


class InvalidNodeTypeError(DOMException):
    """The node is of a type the operation does not take."""

    name = "InvalidNodeTypeError"
    code = 24


class WrongDocumentError(DOMException):
    """The object is in the wrong document or tree (two ranges of different trees)."""

    name = "WrongDocumentError"
    code = 4


class NoModificationAllowedError(DOMException):
    """The object can not be modified."""

    name = "NoModificationAllowedError"
    code = 7


class NotFoundError(DOMException):
    """The object can not be found here."""

    name = "NotFoundError"
    code = 8


class NotSupportedError(DOMException):
    """The operation is not supported."""

    name = "NotSupportedError"
    code = 9


class IndexSizeError(DOMException, IndexError):
    """An index or length is out of range (also an ``IndexError``)."""

    name = "IndexSizeError"
    code = 1


class InvalidStateError(DOMException):
    """The object is in an invalid state for the operation."""

    name = "InvalidStateError"
    code = 11


class SyntaxError(DOMException, ValueError):  # noqa: A001 - the spec's name
    """A string did not match the expected pattern (e.g. an invalid selector)."""

    name = "SyntaxError"
    code = 12


class QuotaExceededError(DOMException):
    """The operation would exceed a storage limit (e.g. 4 GiB of text in one
    command buffer)."""

    name = "QuotaExceededError"
    code = 22


class InUseAttributeError(DOMException):
    """An ``Attr`` given to ``setAttributeNode`` is another element's."""

    name = "InUseAttributeError"
    code = 10


class SecurityError(DOMException):
    """The operation is insecure (``localStorage`` of a ``data:`` page)."""

    name = "SecurityError"
    code = 18


class TypeMismatchError(DOMException):
    """The object is of the wrong type."""

    name = "TypeMismatchError"
    code = 17


class NetworkError(DOMException):
    """A network error ended a synchronous request (``XMLHttpRequest.send``)."""

    name = "NetworkError"
    code = 19


class DataCloneError(DOMException):
    """The value can not be cloned (``structuredClone`` of a function)."""

    name = "DataCloneError"
    code = 25


class AbortError(DOMException):
    """An ``AbortSignal``'s reason when its abort gave none."""

    name = "AbortError"
    code = 20


class TimeoutError(DOMException, builtins.TimeoutError):  # noqa: A001 - the spec's name
    """``AbortSignal.timeout()``'s reason: the time ran out."""

    name = "TimeoutError"
    code = 23


class StaleNodeError(DOMException):
    """The handle's node was reclaimed: nothing referred to it any more."""

    name = "StaleNodeError"
    code = 0


__all__ = [
    "AbortError",
    "DataCloneError",
    "DOMException",
    "NetworkError",
    "HierarchyRequestError",
    "InvalidCharacterError",
    "InvalidNodeTypeError",
    "NamespaceError",
    "WrongDocumentError",
    "NoModificationAllowedError",
    "NotFoundError",
    "NotSupportedError",
    "IndexSizeError",
    "InvalidStateError",
    "SyntaxError",
    "QuotaExceededError",
    "InUseAttributeError",
    "SecurityError",
    "StaleNodeError",
    "TypeMismatchError",
    "TimeoutError",
]

# Show the classes as `ecsdom.X`, the name users import them by.
for _name in __all__:
    globals()[_name].__module__ = "ecsdom"
del _name
