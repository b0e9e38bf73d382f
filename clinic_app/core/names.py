"""Name and kana normalisation for patient matching (DESIGN.md §6)."""

from __future__ import annotations

import unicodedata

#: The service writes ● where a character cannot be represented.
REPLACEMENT_MARK = "●"

# Variant kanji often seen in names whose plain form a claim system may not take.
RARE_KANJI = frozenset("德髙﨑𠮷栁濵邉邊齋齊嶋冨眞惠曻隆瀨塚琢靖")

_KATAKANA_START = 0x30A1
_KATAKANA_END = 0x30F6
_HIRAGANA_OFFSET = 0x60


def normalise_kana(text: str) -> str:
    """NFKC (half-width → full-width), katakana → hiragana, spaces folded away."""
    folded = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    for char in folded:
        code = ord(char)
        if _KATAKANA_START <= code <= _KATAKANA_END:
            out.append(chr(code - _HIRAGANA_OFFSET))
        elif char.isspace():
            continue
        else:
            out.append(char)
    return "".join(out)


def has_replacement_mark(name: str) -> bool:
    return REPLACEMENT_MARK in name


def rare_kanji_in(name: str) -> frozenset[str]:
    return frozenset(ch for ch in name if ch in RARE_KANJI)
