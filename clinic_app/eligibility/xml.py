"""Hardened XML reading and writing for the eligibility messages (DESIGN.md §4).

Reading refuses anything a reply has no business carrying: a DOCTYPE (so no
DTD, no entity definitions, no external references), more than
``XmlLimits.max_bytes`` or deeper nesting than ``XmlLimits.max_depth``. lxml
runs with entity resolution, DTD loading and network access off and
``huge_tree`` off. The encoding comes from the XML declaration (UTF-8 when
absent); Shift_JIS is read and written as Windows-31J (CP932, the superset real
terminals write), with character references for anything outside it, so that
reading back gives exactly what was written.

Element names are matched by local name, in any order. ``Node`` wraps one
element: it hands out its children by name, checks that single fields are not
repeated, and keeps every child nobody asked for so the caller can put it
aside in ``extra``. Errors name the element, never its value (values can be
personal data).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from lxml import etree

from clinic_app.core.codes import Coded
from clinic_app.core.eligibility import CharacterCode
from clinic_app.eligibility.errors import HostileMessage, MessageError

_log = logging.getLogger(__name__)

#: Raw XML traffic is logged only at this level (below DEBUG), never in normal logs.
TRAFFIC = 5

E = TypeVar("E", bound=Enum)

_DECLARATION = re.compile(r"^<\?xml[^>]{0,200}?\?>")
_DECLARED_ENCODING = re.compile(
    rb"^<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']"
)
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF8_NAMES = frozenset({"utf-8", "utf8"})
_SHIFT_JIS_NAMES = frozenset(
    {"shift_jis", "shift-jis", "sjis", "x-sjis", "cp932", "ms932", "windows-31j", "ms_kanji"}
)
_FORBIDDEN_MARKUP = re.compile(r"<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.IGNORECASE)
_DATE = re.compile(r"^[0-9]{8}$")
_DATETIME = re.compile(r"^[0-9]{14}$")
_MONTH = re.compile(r"^[0-9]{6}$")
_CODE = re.compile(r"^[0-9A-Za-z]{1,8}$")
_DIGITS = re.compile(r"^[0-9]{1,9}$")
_WHITESPACE = " \t\r\n"


@dataclass(frozen=True, slots=True)
class XmlLimits:
    """What a message may weigh: bytes on the wire and element nesting depth."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 40


DEFAULT_LIMITS = XmlLimits()


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed message: its root ``XmlMsg`` element and the encoding it came in."""

    root: etree._Element
    encoding: CharacterCode


def _make_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def decode(data: bytes) -> tuple[str, CharacterCode]:
    """Decode ``data`` by its XML declaration; refuse other encodings than UTF-8/Shift_JIS."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MessageError(
            "messages must be UTF-8 or Shift_JIS, not UTF-16", code="message_encoding"
        )
    match = _DECLARED_ENCODING.match(data)
    declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    if declared in _UTF8_NAMES:
        codec, encoding = "utf-8", CharacterCode.UTF8
    elif declared in _SHIFT_JIS_NAMES:
        codec, encoding = "cp932", CharacterCode.SHIFT_JIS
    else:
        raise MessageError(
            "messages must be UTF-8 or Shift_JIS (declared encoding not supported)",
            code="message_encoding",
        )
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise MessageError(
            f"the message is not valid {'UTF-8' if codec == 'utf-8' else 'Shift_JIS'}",
            code="message_encoding",
        ) from None
    return text, encoding


def parse_document(data: bytes, limits: XmlLimits = DEFAULT_LIMITS) -> Document:
    """Parse one message safely; raise ``HostileMessage`` or ``MessageError``."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("messages are parsed from bytes")
    data = bytes(data)
    if len(data) > limits.max_bytes:
        raise HostileMessage(
            f"the message is larger than the limit of {limits.max_bytes} bytes",
            code="message_too_large",
        )
    if _log.isEnabledFor(TRAFFIC):
        _log.log(TRAFFIC, "XML in: %r", data)
    text, encoding = decode(data)
    if _FORBIDDEN_MARKUP.search(text):
        raise HostileMessage(
            "the message carries a DOCTYPE or markup declarations, which are refused",
            code="message_doctype",
        )
    if "\x00" in text:
        raise MessageError("the message is not well-formed XML (NUL character)")
    body = _DECLARATION.sub("", text, count=1)
    try:
        root = etree.fromstring(body, _make_parser())
    except etree.XMLSyntaxError as error:
        line = getattr(error, "lineno", None) or 0
        kind = _syntax_error_kind(error)
        raise MessageError(f"the message is not well-formed XML ({kind}, line {line})") from None
    except ValueError:
        raise MessageError("the message is not well-formed XML") from None
    if root is None:
        raise MessageError("the message is empty")
    tree = root.getroottree()
    if getattr(tree.docinfo, "doctype", ""):
        raise HostileMessage(
            "the message carries a DOCTYPE, which is refused", code="message_doctype"
        )
    _check_depth(root, limits.max_depth)
    if local_name(root) != "XmlMsg":
        raise MessageError("the message root element is not XmlMsg")
    return Document(root, encoding)


def _syntax_error_kind(error: etree.XMLSyntaxError) -> str:
    """libxml2's error type name (e.g. ERR_TAG_NAME_MISMATCH): says what, never the text."""
    entry = getattr(error.error_log, "last_error", None)
    name = getattr(entry, "type_name", None)
    return str(name) if name else "syntax error"


def _check_depth(root: etree._Element, max_depth: int) -> None:
    stack: list[tuple[etree._Element, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > max_depth:
            raise HostileMessage(
                f"the message nests elements deeper than the limit of {max_depth}",
                code="message_too_deep",
            )
        for child in element:
            if not isinstance(child.tag, str):
                if isinstance(child, etree._Entity):
                    raise HostileMessage("the message uses entities, which are refused")
                continue
            stack.append((child, depth + 1))


def local_name(element: etree._Element) -> str:
    """The element's name without any namespace."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def element_text(element: etree._Element) -> str:
    """All text inside an element, surrounding XML whitespace stripped."""
    if len(element) == 0:
        return (element.text or "").strip(_WHITESPACE)
    return "".join(str(part) for part in element.itertext()).strip(_WHITESPACE)


class Node:
    """One element's children by local name, with bookkeeping of what was read.

    ``prefix`` lets a dispensing block (``CzDiDate``) or an e-prescription block
    (``ShPrDate``) be read with the unprefixed names (``DiDate``, ``PrDate``).
    """

    def __init__(self, element: etree._Element, *, prefix: str = "") -> None:
        self.element = element
        self.name = local_name(element)
        self.prefix = prefix
        self._children: dict[str, list[etree._Element]] = {}
        self._order: list[str] = []
        self._used: set[str] = set()
        children = self._children
        for child in element:
            name = child.tag
            if not isinstance(name, str):
                continue
            if name[0] == "{":
                name = name.rsplit("}", 1)[-1]
            if prefix and name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix) :]
            found = children.get(name)
            if found is None:
                children[name] = [child]
                self._order.append(name)
            else:
                found.append(child)

    def has(self, name: str) -> bool:
        return name in self._children

    def names(self) -> Sequence[str]:
        return tuple(self._order)

    def elements(self, name: str) -> list[etree._Element]:
        """Every child called ``name`` (marked as read)."""
        self._used.add(name)
        return list(self._children.get(name, ()))

    def nodes(self, name: str, *, prefix: str | None = None) -> list[Node]:
        return [
            Node(child, prefix=self.prefix if prefix is None else prefix)
            for child in self.elements(name)
        ]

    def single(self, name: str) -> etree._Element | None:
        self._used.add(name)
        found = self._children.get(name)
        if found is None:
            return None
        if len(found) > 1:
            raise MessageError(f"element {name} appears more than once in {self.name}")
        return found[0]

    def node(self, name: str) -> Node | None:
        element = self.single(name)
        return Node(element, prefix=self.prefix) if element is not None else None

    def text(self, name: str) -> str | None:
        """The text of the single leaf child ``name``; None when absent or empty."""
        element = self.single(name)
        if element is None:
            return None
        if len(element) == 0:
            return (element.text or "").strip(_WHITESPACE) or None
        if any(isinstance(child.tag, str) for child in element):
            raise MessageError(f"element {name} should hold text, not elements")
        return element_text(element) or None

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise MessageError(f"element {name} is missing from {self.name}")
        return value

    def date(self, name: str) -> date | None:
        return parse_date(self.text(name), name)

    def datetime(self, name: str) -> datetime | None:
        return parse_datetime(self.text(name), name)

    def coded(self, enum_type: type[E], name: str) -> Coded[E] | None:
        return parse_coded(enum_type, self.text(name), name)

    def flag(self, name: str) -> bool | None:
        """A 1/2 flag (1 yes, 2 no); other codes are malformed."""
        value = self.text(name)
        if value is None:
            return None
        if value == "1":
            return True
        if value == "2":
            return False
        raise MessageError(f"element {name} holds a malformed flag")

    def integer(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        if not _DIGITS.match(value):
            raise MessageError(f"element {name} holds a malformed number")
        return int(value)

    def extra(self) -> tuple[tuple[str, str], ...]:
        """Children nobody read: (element name, text), kept aside and shown, never lost."""
        kept: list[tuple[str, str]] = []
        for name in self._order:
            if name in self._used:
                continue
            for child in self._children[name]:
                kept.append((local_name(child), element_text(child)))
        return tuple(kept)


def parse_date(value: str | None, name: str) -> date | None:
    """``YYYYMMDD`` → date; raise ``MessageError`` naming the element when malformed."""
    if value is None:
        return None
    if not _DATE.match(value):
        raise MessageError(f"element {name} holds a malformed date")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise MessageError(f"element {name} holds a malformed date") from None


def parse_datetime(value: str | None, name: str) -> datetime | None:
    """``YYYYMMDDhhmmss`` → naive local datetime; malformed → ``MessageError``."""
    if value is None:
        return None
    if not _DATETIME.match(value):
        raise MessageError(f"element {name} holds a malformed date and time")
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        raise MessageError(f"element {name} holds a malformed date and time") from None


def parse_month(value: str | None, name: str) -> str | None:
    """``YYYYMM`` checked and kept as text."""
    if value is None:
        return None
    if not _MONTH.match(value) or not 1 <= int(value[4:]) <= 12:
        raise MessageError(f"element {name} holds a malformed month")
    return value


def parse_coded(enum_type: type[E], value: str | None, name: str) -> Coded[E] | None:
    """A code value; unknown codes are kept raw, malformed ones are refused."""
    if value is None:
        return None
    if not _CODE.match(value):
        raise MessageError(f"element {name} holds a malformed code")
    return Coded.of(enum_type, value)


def format_date(value: date | None) -> str | None:
    return None if value is None else f"{value.year:04d}{value.month:02d}{value.day:02d}"


def format_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (
        f"{value.year:04d}{value.month:02d}{value.day:02d}"
        f"{value.hour:02d}{value.minute:02d}{value.second:02d}"
    )


def format_flag(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "2")


def add_code(parent: etree._Element, name: str, value: Coded[Any] | None) -> None:
    """Append a code value; refuse one a reader would call malformed."""
    if value is None:
        return
    if not _CODE.match(value.raw):
        raise MessageError(f"element {name} would hold a malformed code")
    add(parent, name, value.raw)


def format_number(value: int | None, name: str, *, digits: int, width: int = 0) -> str | None:
    """A non-negative number of at most ``digits`` digits, zero-padded to ``width``."""
    if value is None:
        return None
    if value < 0 or value >= 10**digits:
        raise MessageError(f"element {name} would hold a number out of range")
    return f"{value:0{width}d}" if width else str(value)


def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element | None:
    """Append ``<name>text</name>``; nothing when ``text`` is None."""
    if text is None:
        return None
    child = etree.SubElement(parent, name)
    try:
        child.text = text
    except ValueError:
        parent.remove(child)
        raise MessageError(
            f"element {name} cannot hold the given text (not XML characters)"
        ) from None
    return child


def container(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, name)


def add_extra(parent: etree._Element, extra: Iterable[tuple[str, str]]) -> None:
    """Write back elements kept aside, so a parsed message rebuilds to the same values."""
    for name, text in extra:
        try:
            child = etree.SubElement(parent, name)
        except ValueError:
            raise MessageError("an element kept aside has an invalid name") from None
        try:
            child.text = text
        except ValueError:
            raise MessageError(f"element {name} cannot hold the given text") from None


@functools.cache
def _one_way_cp932() -> dict[int, str]:
    """Characters CP932 encodes but decodes as another (〜 → ～, − → －): written as references."""
    table: dict[int, str] = {}
    for code in range(0x80, 0x10000):
        char = chr(code)
        try:
            if char.encode("cp932").decode("cp932") != char:
                table[code] = f"&#{code};"
        except UnicodeError:
            continue
    return table


def encode_shift_jis(text: str) -> bytes:
    """Shift_JIS as Windows terminals write it (CP932), exact on the way back.

    Characters outside CP932, and the few CP932 maps one way only, become
    character references; markup is ASCII, so only text content is touched.
    """
    return text.translate(_one_way_cp932()).encode("cp932", errors="xmlcharrefreplace")


def serialize(root: etree._Element, encoding: CharacterCode = CharacterCode.UTF8) -> bytes:
    """The message as bytes with its XML declaration, UTF-8 or strict Shift_JIS."""
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    if encoding is CharacterCode.SHIFT_JIS:
        data = encode_shift_jis('<?xml version="1.0" encoding="Shift_JIS"?>\n' + text)
    else:
        data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode("utf-8")
    if _log.isEnabledFor(TRAFFIC):
        _log.log(TRAFFIC, "XML out: %r", data)
    return data
