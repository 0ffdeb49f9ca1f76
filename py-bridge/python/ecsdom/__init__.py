"""ecsdom: a browser DOM backed by a Rust ECS world, scripted from Python.

>>> import ecsdom
>>> doc = ecsdom.parse("<ul><li id=a class=x>one</li><li>two</li></ul>")
>>> doc.getElementById("a").textContent = "uno"
>>> [li.text for li in doc.find_all("li")]
['uno', 'two']

Names follow the WHATWG DOM (``querySelector``, ``textContent``,
``classList``...) so JavaScript translates line by line; a Pythonic layer
sits beside them (``find``, ``find_all``, ``el.text``, ``el.attrs``,
``el.classes``, iteration over children, ``len(el)``, ``child in el``).
"""

from __future__ import annotations

import collections.abc as _abc

from ecsdom._abort import AbortController, AbortSignal
from ecsdom._events import (
    CompositionEvent,
    FocusEvent,
    InputEvent,
    KeyboardEvent,
    MouseEvent,
    UIEvent,
    WheelEvent,
)
from ecsdom._errors import (
    AbortError,
    DOMException,
    HierarchyRequestError,
    IndexSizeError,
    QuotaExceededError,
    InUseAttributeError,
    InvalidCharacterError,
    InvalidNodeTypeError,
    WrongDocumentError,
    InvalidStateError,
    NamespaceError,
    NoModificationAllowedError,
    NotFoundError,
    NotSupportedError,
    StaleNodeError,
    SyntaxError,
    TimeoutError,
)
from ecsdom._native import (
    AbstractRange,
    Attr,
    Attrs,
    Batch,
    CharacterData,
    Comment,
    CustomEvent,
    Document,
    DocumentFragment,
    DocumentType,
    DOMImplementation,
    DOMParser,
    DOMTokenList,
    Element,
    ErrorEvent,
    Event,
    EventTarget,
    HTMLCollection,
    NamedNodeMap,
    Node,
    MutationObserver,
    MutationRecord,
    NodeFilter,
    NodeIterator,
    NodeList,
    ProcessingInstruction,
    ScriptHost,
    StaticRange,
    XMLDocument,
    XMLSerializer,
    CDATASection,
    Range,
    Selection,
    TaskNode,
    TaskTokenList,
    Text,
    TreeWalker,
    load_page,
    parse,
    parse_fragment,
)

from ecsdom import _html
from ecsdom._window import Location
from ecsdom._html import *  # noqa: F403 (the HTML element classes, generated)

_abc.MutableMapping.register(Attrs)
_abc.Sequence.register(NodeList)

__all__ = [
    "AbortController",
    "AbortError",
    "AbortSignal",
    "AbstractRange",
    "Attr",
    "Attrs",
    "Batch",
    "CharacterData",
    "Comment",
    "CustomEvent",
    "DOMException",
    "DOMImplementation",
    "DOMParser",
    "DOMTokenList",
    "Document",
    "DocumentFragment",
    "DocumentType",
    "Element",
    "ErrorEvent",
    "Event",
    "EventTarget",
    "HTMLCollection",
    "HierarchyRequestError",
    "NamedNodeMap",
    "IndexSizeError",
    "Location",
    "QuotaExceededError",
    "InUseAttributeError",
    "InvalidCharacterError",
    "InvalidNodeTypeError",
    "WrongDocumentError",
    "InvalidStateError",
    "MutationObserver",
    "MutationRecord",
    "NamespaceError",
    "Node",
    "NodeFilter",
    "NodeIterator",
    "NodeList",
    "NoModificationAllowedError",
    "NotFoundError",
    "NotSupportedError",
    "ProcessingInstruction",
    "ScriptHost",
    "StaleNodeError",
    "StaticRange",
    "XMLDocument",
    "XMLSerializer",
    "CDATASection",
    "CompositionEvent",
    "FocusEvent",
    "InputEvent",
    "KeyboardEvent",
    "MouseEvent",
    "UIEvent",
    "WheelEvent",
    "Range",
    "Selection",
    "SyntaxError",
    "TimeoutError",
    "TaskNode",
    "TaskTokenList",
    "Text",
    "TreeWalker",
    "load_page",
    "parse",
    "parse_fragment",
    *_html.__all__,
]
