"""A small TOML writer for ``settings.toml`` (the standard library only reads TOML).

Tables of str/int/bool/float and lists of them, with a header that says secrets
live in the keyring; :func:`clinic_app.settings.save_settings` writes the result.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

_HEADER = (
    "# Madoguchi settings. Edit here or in 設定 (admin). Secrets are NOT kept here:\n"
    "# passwords and keys live in the OS keyring.\n"
)


def dumps_toml(data: Mapping[str, Mapping[str, object]]) -> str:
    """Tables of str/int/bool/float and lists of them — all our settings need."""
    out = [_HEADER]
    for section, body in data.items():
        out.append(f"\n[{_toml_key(section)}]\n")
        for leaf, value in body.items():
            out.append(f"{_toml_key(leaf)} = {_toml_value(value)}\n")
    return "".join(out)


def _toml_key(key: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return key
    return _toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("non-finite numbers are not written")
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _toml_string(text: str) -> str:
    escaped: list[str] = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append('\\"')
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
