"""The Encoding Standard's TextDecoder and TextEncoder: encoding_rs's
decoders behind the WHATWG labels, streaming, fatal mode, BOM handling."""

import pytest

import ecsdom
from ecsdom import TextDecoder, TextEncoder


def test_labels_name_encodings():
    assert TextDecoder().encoding == "utf-8"
    assert TextDecoder(" Latin1 ").encoding == "windows-1252"
    assert TextDecoder("unicode").encoding == "utf-16le"
    assert TextDecoder("sjis").encoding == "shift_jis"
    # An unknown label, and the replacement encoding's, are RangeErrors:
    # ValueError here.
    for label in ["nope", "replacement", "iso-2022-kr", "utf-7"]:
        with pytest.raises(ValueError, match="invalid"):
            TextDecoder(label)


def test_decode_takes_any_bytes_like_object():
    d = TextDecoder("windows-1252")
    assert d.decode(b"caf\xe9") == "café"
    assert d.decode(bytearray(b"\x80")) == "€"
    assert d.decode(memoryview(b"xabcx")[1:4]) == "abc"
    assert d.decode() == d.decode(None) == ""
    with pytest.raises(TypeError, match="bytes-like"):
        d.decode("text")


def test_streaming_waits_for_the_rest_of_a_sequence():
    d = TextDecoder()
    euro = "€".encode()
    assert d.decode(euro[:1], stream=True) == ""
    assert d.decode(euro[1:2], {"stream": True}) == ""
    assert d.decode(euro[2:] + b"!") == "€!"
    # A flushing call ends an unfinished sequence with U+FFFD.
    assert d.decode(euro[:2]) == "\ufffd"


def test_fatal_mode_raises_and_the_bom_is_removed_unless_ignored():
    strict = TextDecoder("utf-8", fatal=True)
    assert strict.fatal and not strict.ignoreBOM
    with pytest.raises(TypeError, match="not valid"):
        strict.decode(b"\xff")
    assert strict.decode(b"ok") == "ok"
    assert TextDecoder().decode(b"\xef\xbb\xbfA") == "A"
    assert TextDecoder(ignoreBOM=True).decode(b"\xef\xbb\xbfA") == "\ufeffA"
    with pytest.raises(TypeError):
        TextDecoder(fatl=True)


def test_encode_and_encode_into():
    e = TextEncoder()
    assert e.encoding == "utf-8"
    assert e.encode("h\u00e9") == b"h\xc3\xa9"
    assert e.encode() == b""
    buf = bytearray(4)
    # Whole code points only: the emoji's four bytes do not fit after "a".
    assert e.encodeInto("a\U0001f600", buf) == {"read": 1, "written": 1}
    assert e.encodeInto("\U0001f600", buf) == {"read": 2, "written": 4}
    assert bytes(buf) == "\U0001f600".encode()
    view = memoryview(bytearray(3))
    assert e.encodeInto("abcd", view[1:]) == {"read": 2, "written": 2}
    assert bytes(view) == b"\x00ab"
    with pytest.raises(TypeError, match="writable"):
        e.encodeInto("x", b"read-only")
    assert repr(e) == "TextEncoder()"
    assert repr(TextDecoder()) == 'TextDecoder("utf-8", fatal=False, ignoreBOM=False)'


def test_parse_decodes_bytes_as_a_browser_decodes_a_page():
    doc = ecsdom.parse(b'<meta charset="windows-1252"><title>\xe9t\xe9</title>')
    assert (doc.title, doc.characterSet) == ("\u00e9t\u00e9", "windows-1252")
    doc = ecsdom.parse(bytearray(b"<title>\xc3\xa9</title>"))
    assert (doc.title, doc.characterSet) == ("\u00e9", "UTF-8")
    # The byte order mark wins, then encoding=, then the page's meta.
    doc = ecsdom.parse(b"\xef\xbb\xbf<meta charset=koi8-r><title>\xc3\xa9</title>", encoding="latin1")
    assert (doc.title, doc.characterSet) == ("\u00e9", "UTF-8")
    doc = ecsdom.parse(b"<meta charset=koi8-r><title>\xe9</title>", encoding="latin1")
    assert (doc.title, doc.characterSet) == ("\u00e9", "windows-1252")
    with pytest.raises(LookupError):
        ecsdom.parse(b"", encoding="no-such-encoding")
    with pytest.raises(TypeError):
        ecsdom.parse("<p>", encoding="utf-8")
    assert ecsdom.parse("<p>").characterSet == "UTF-8"
