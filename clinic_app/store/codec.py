"""JSON for the core's frozen dataclasses (eligibility results, benefit details).

Generic over the type hints, so fields the messages helper adds to the core
types are stored without touching this module. Unknown keys in stored JSON are
ignored and missing optional fields fall back to their defaults, so an older
row still reads after the core types grow.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union

from clinic_app.core.codes import Coded

T = TypeVar("T")


def to_plain(value: object) -> Any:
    """A JSON-ready structure for ``value`` (dataclass, enum, date, tuple, Coded...)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Coded):
        return value.raw
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    raise TypeError(f"cannot store a {type(value).__name__} as JSON")


def dumps(value: object) -> str:
    return json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


Decoder = typing.Callable[[Any], Any]


def _identity(data: Any) -> Any:
    return data


@cache
def decoder_for(kind: Any) -> Decoder:
    """A function rebuilding a value of type ``kind``; built once per type (hot path)."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        inner = decoder_for(options[0])
        return lambda data: None if data is None else inner(data)
    if kind is Any or kind in (str, int, float, bool):
        return _identity
    if origin is Coded:
        (enum_type,) = typing.get_args(kind)
        return lambda data: None if data is None else Coded.of(enum_type, str(data))
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = decoder_for(args[0])
            return lambda data: None if data is None else tuple(item(x) for x in data)
        parts = [decoder_for(arg) for arg in args]
        return lambda data: (
            None if data is None else tuple(f(x) for f, x in zip(parts, data, strict=True))
        )
    if isinstance(kind, type) and issubclass(kind, Enum):
        return lambda data: None if data is None else kind(data)
    if kind is datetime:
        return lambda data: None if data is None else datetime.fromisoformat(data)
    if kind is date:
        return lambda data: None if data is None else date.fromisoformat(data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        fields = [(f.name, decoder_for(hints[f.name])) for f in dataclasses.fields(kind)]
        dataclass_type = kind

        def build(data: Any) -> Any:
            if data is None:
                return None
            values = {name: dec(data[name]) for name, dec in fields if name in data}
            return dataclass_type(**values)

        return build
    raise TypeError(f"cannot rebuild {kind!r} from JSON")


def from_plain(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` from :func:`to_plain` output."""
    return decoder_for(kind)(data)


def loads(kind: type[T], text: str) -> T:
    result: T = from_plain(kind, json.loads(text))
    return result
