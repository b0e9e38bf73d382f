"""Scan log text for a synthetic person's personal data (names, kana, dates, numbers, PIN)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from pathlib import Path

from clinic_app.logging_setup import log_files
from clinic_app.sandbox.population import SyntheticPerson

#: ``2026-11-29 01:15:00,123 `` — the timestamp prefix holds digits that are not patient data.
TIMESTAMP_WIDTH = 24


def personal_strings(person: SyntheticPerson) -> list[str]:
    """Every piece of the person that must not reach a log (long enough to be searched)."""
    values = [
        person.name, person.name.replace(" ", "").replace("\u3000", ""),
        person.kana, person.kana.replace(" ", ""),
        person.address, person.insured_name,
        person.birthdate.strftime("%Y%m%d"), person.birthdate.isoformat(),
        person.birthdate.strftime("%Y/%m/%d"),
        person.insurer_number, person.number, person.symbol, person.post_number,
        person.name_of_other or "", person.name_of_other_kana or "",
    ]  # fmt: skip
    for full in (person.name, person.kana):
        values += re.split(r"[\s\u3000]+", full)
    # Bytes logged with repr() show non-ASCII text as \\x escapes: search those forms too.
    for text in list(values):
        if not text.isascii():
            for encoding in ("utf-8", "shift_jis"):
                with contextlib.suppress(UnicodeEncodeError):
                    values.append(repr(text.encode(encoding))[2:-1])
    return [
        value
        for value in values
        if (len(value.strip()) >= 2 and not value.isascii()) or len(value) >= 4
    ]


def log_messages(folder: Path) -> str:
    """All log files in ``folder`` with the timestamp column cut off."""
    text = "".join(f.read_text(encoding="utf-8") for f in log_files(folder))
    return "\n".join(line[TIMESTAMP_WIDTH:] for line in text.splitlines())


def find_leaks(messages: str, people: Iterable[SyntheticPerson]) -> list[str]:
    """``person_key: what`` for each piece of personal data found in ``messages``."""
    leaks: list[str] = []
    compact_hex = messages.lower().replace(" ", "")
    for person in people:
        for value in personal_strings(person):
            if value in messages:
                leaks.append(f"{person.person_key}: {value!r}")
        pin = re.compile(rf"(?<![0-9A-Za-z]){person.pin}(?![0-9A-Za-z])")
        if pin.search(messages):
            leaks.append(f"{person.person_key}: PIN")
        if "".join(f"{ord(c):02x}" for c in person.pin) in compact_hex:
            leaks.append(f"{person.person_key}: PIN as APDU hex")
    return leaks
