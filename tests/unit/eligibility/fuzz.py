"""Message fuzzing: mutate valid messages and check every parser stays typed.

The contract under test: for any bytes, a parser returns its typed object or
raises ``MessageError`` — never another exception. Used by ``test_fuzz.py``
(bounded, in CI) and runnable longer by hand to find new failures::

    .venv/bin/python -m tests.unit.eligibility.fuzz 20000

which writes any failing input to ``corpus/`` for the regression test.
"""

from __future__ import annotations

import hashlib
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from clinic_app.eligibility import messages as m
from clinic_app.eligibility.__main__ import parse_any
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.xml import XmlLimits

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
CORPUS = HERE / "corpus"

#: every parser and the types it may return
PARSERS: dict[str, tuple[Callable[[bytes], Any], tuple[type, ...]]] = {
    "eligibility": (m.parse_eligibility_reply, (m.EligibilityResult,)),
    "medication": (m.parse_medication_reply, (m.MedicationReply,)),
    "checkup": (m.parse_checkup_reply, (m.CheckupReply,)),
    "bulk_receipt": (m.parse_bulk_receipt, (m.BulkReceipt,)),
    "bulk_reply": (m.parse_bulk_reply, (m.BulkReply,)),
    "registration": (m.parse_registration_reply, (m.RegistrationReply,)),
    "request": (
        m.parse_request,
        (
            m.NumbersQuery,
            m.CardQuery,
            m.CardVisualCheckQuery,
            m.HistoryQuery,
            m.BulkRequest,
            m.BulkPoll,
            m.ReferenceRegistration,
        ),
    ),
    "cli": (lambda data: parse_any(data, "")[1], (object,)),
}

SMALL_LIMITS = XmlLimits(max_bytes=200_000, max_depth=12)

INTERESTING_TEXT = [
    "",
    " ",
    "0",
    "1",
    "2",
    "9",
    "00",
    "A1",
    "X",
    "-1",
    "1.5",
    "030",
    "999",
    "1000",
    "99999999",
    "20250230",
    "20251301",
    "00000000",
    "2025010",
    "202501011200",
    "20250101120000",
    "20250101250000",
    "２０２５０１０１",
    "１",
    "../../x",
    "a" * 300,
    "●",
    "髙",
    "𠮷",
    "ﾀﾛｳ",
    "&amp;",
    "MIIB",
    "!!!",
    "3D046000001920402",
    "3D04600000192040",
    "YZKsiquc01res",
    "OQSsiquc01req",
    "OQSmuquc02res",
]

KNOWN_NAMES = [
    "XmlMsg",
    "MessageHeader",
    "MessageBody",
    "SegmentOfResult",
    "ArbitraryFileIdentifier",
    "FileTypeIdentifier",
    "QualificationValidity",
    "ResultList",
    "ResultOfQualificationConfirmation",
    "Birthdate",
    "InsurerNumber",
    "PharmacistsInfoConsFlg",
    "PharmacistsInfoConsTime",
    "ElderlyRecipientCertificateInfo",
    "SpecificDiseasesCertificateList",
    "MeTrMonthInf",
    "CzDiMonthInf",
    "ShPrMonthInf",
    "DateInf",
    "DrugInf",
    "CzDrugInf",
    "Times",
    "SpecificHealthCheckupInfo",
    "EffectiveTime",
    "ItemCode",
    "QualificationConfirmSearchInfo",
    "CardAuthenticationExtension",
    "ExtensionVersion",
    "ChallengeSignature",
    "BulkConfirmRequestList",
    "BulkConfirmResultList",
    "BulkConfirmUnit",
    "SequenceNumber",
    "ReceptionNumber",
    "ReferenceNumber",
    "QuaInf",
    "Unknown",
]


def seeds() -> list[bytes]:
    """The golden messages (every kind, both encodings) and the kept corpus."""
    files = sorted(GOLDEN.glob("*.xml")) + sorted(CORPUS.glob("*.xml"))
    return [path.read_bytes() for path in files]


def _elements(root: etree._Element) -> list[etree._Element]:
    return [element for element in root.iter() if isinstance(element.tag, str)]


def mutate_tree(data: bytes, rng: random.Random) -> bytes:
    """Structural mutations: drop, duplicate, rename, re-text, nest, shuffle elements.

    Inputs lxml cannot rework (say, entity references without their DTD) get
    byte-level mutations instead; the mutator itself must never fail a test.
    """
    try:
        return _mutate_tree(data, rng)
    except (etree.LxmlError, ValueError):
        return mutate_bytes(data, rng)


def _mutate_tree(data: bytes, rng: random.Random) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return mutate_bytes(data, rng)
    for _ in range(rng.randint(1, 4)):
        elements = _elements(root)
        target = rng.choice(elements)
        parent = target.getparent()
        operation = rng.randrange(8)
        if operation == 0 and parent is not None:
            parent.remove(target)
        elif operation == 1 and parent is not None:
            parent.insert(parent.index(target), etree.fromstring(etree.tostring(target)))
        elif operation == 2:
            target.tag = rng.choice(KNOWN_NAMES)
        elif operation == 3:
            for child in list(target):
                target.remove(child)
            target.text = rng.choice(INTERESTING_TEXT)
        elif operation == 4:
            child = etree.SubElement(target, rng.choice(KNOWN_NAMES))
            child.text = rng.choice(INTERESTING_TEXT)
        elif operation == 5:
            children = list(target)
            rng.shuffle(children)
            for child in children:
                target.remove(child)
                target.append(child)
        elif operation == 6 and parent is not None:
            other = rng.choice(elements)
            if other is not target and target not in other.iterancestors() and other is not root:
                other_parent = other.getparent()
                if other_parent is not None and target not in list(other.iter()):
                    parent.remove(target)
                    other.append(target)
        else:
            target.text = (target.text or "") + rng.choice(INTERESTING_TEXT)
    encoding = rng.choice(["utf-8", "shift_jis"])
    text = etree.tostring(root, encoding="unicode")
    declaration = (
        f'<?xml version="1.0" encoding="{"Shift_JIS" if encoding == "shift_jis" else "UTF-8"}"?>'
    )
    return (declaration + text).encode(
        "cp932" if encoding == "shift_jis" else "utf-8", errors="xmlcharrefreplace"
    )


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Byte-level mutations: flip, insert, delete, truncate, splice markup in."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not buffer:
            break
        position = rng.randrange(len(buffer))
        operation = rng.randrange(6)
        if operation == 0:
            buffer[position] = rng.randrange(256)
        elif operation == 1:
            buffer.insert(position, rng.randrange(256))
        elif operation == 2:
            del buffer[position : position + rng.randint(1, 16)]
        elif operation == 3:
            del buffer[position:]
        elif operation == 4:
            snippet = rng.choice(
                [
                    b"<",
                    b">",
                    b"&",
                    b"&x;",
                    b"<![CDATA[x]]>",
                    b"<!--c-->",
                    b"<?pi x?>",
                    b"\xef\xbb\xbf",
                    b"\x81",
                    b"\xff",
                    b"<a xmlns='urn:x'>",
                    b"</a>",
                    b"<!DOCTYPE x>",
                    b"\x00",
                ]
            )
            buffer[position:position] = snippet
        else:
            other = rng.randrange(len(buffer))
            buffer[position], buffer[other] = buffer[other], buffer[position]
    return bytes(buffer)


def mutate(data: bytes, rng: random.Random) -> bytes:
    return mutate_tree(data, rng) if rng.random() < 0.7 else mutate_bytes(data, rng)


def check(data: bytes) -> None:
    """Every parser returns its type or raises MessageError; AssertionError otherwise."""
    for name, (parse, types) in PARSERS.items():
        for limits in (None, SMALL_LIMITS):
            try:
                if limits is None or name == "cli":
                    result = parse(data)
                else:
                    result = parse(data, limits=limits)  # type: ignore[call-arg]
            except MessageError as error:
                assert error.message and error.code
                continue
            except Exception as error:  # the defect we hunt
                raise AssertionError(f"{name} raised {type(error).__name__}: {error}") from error
            assert isinstance(result, types), f"{name} returned {type(result).__name__}"


def save_to_corpus(data: bytes) -> Path:
    path = CORPUS / f"found_{hashlib.sha256(data).hexdigest()[:16]}.xml"
    path.write_bytes(data)
    return path


def main(argv: list[str]) -> int:
    """Fuzz for a while; keep every failing input in the corpus."""
    rounds = int(argv[1]) if len(argv) > 1 else 2000
    rng = random.Random(int(argv[2]) if len(argv) > 2 else 0)
    pool = seeds()
    found = 0
    for _ in range(rounds):
        data = mutate(rng.choice(pool), rng)
        try:
            check(data)
        except AssertionError as error:
            found += 1
            print(f"{save_to_corpus(data).name}: {error}")
    print(f"{rounds} inputs, {found} failures")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
