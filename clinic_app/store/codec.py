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


def from_plain(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` from :func:`to_plain` output."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return from_plain(options[0], data)
    if data is None:
        return None
    if kind is Any or kind in (str, int, float, bool):
        return data
    if origin is Coded:
        (enum_type,) = typing.get_args(kind)
        return Coded.of(enum_type, str(data))
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], item) for item in data)
        return tuple(from_plain(arg, item) for arg, item in zip(args, data, strict=True))
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        values = {
            f.name: from_plain(hints[f.name], data[f.name])
            for f in dataclasses.fields(kind)
            if f.name in data
        }
        return kind(**values)
    raise TypeError(f"cannot rebuild {kind!r} from JSON")


def loads(kind: type[T], text: str) -> T:
    result: T = from_plain(kind, json.loads(text))
    return result
