"""Parser fuzzing: any input gives a typed object or a MessageError, nothing else.

Bounded for CI (a few hundred inputs, no deadline). ``fuzz.py`` runs longer by
hand and keeps what it finds in ``corpus/``; every corpus file is replayed here.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from clinic_app.eligibility import messages as m
from clinic_app.eligibility.messages import HostileMessage
from tests.unit.eligibility import fuzz

#: Raise for a long run by hand:
#: MADOGUCHI_FUZZ_EXAMPLES=5000 pytest tests/unit/eligibility/test_fuzz.py
EXAMPLES = int(os.environ.get("MADOGUCHI_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = fuzz.seeds()
CORPUS_FILES = sorted(fuzz.CORPUS.glob("*.xml"))


@FUZZ
@given(st.sampled_from(SEEDS), st.randoms(use_true_random=False))
def test_mutated_messages(seed: bytes, rng: random.Random) -> None:
    fuzz.check(fuzz.mutate(seed, rng))


@FUZZ
@given(st.sampled_from(SEEDS), st.randoms(use_true_random=False))
def test_twice_mutated_messages(seed: bytes, rng: random.Random) -> None:
    fuzz.check(fuzz.mutate(fuzz.mutate(seed, rng), rng))


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    fuzz.check(data)
    fuzz.check(b"<XmlMsg>" + data + b"</XmlMsg>")


Tree = tuple[str, "str | list[Tree]"]


def _element(tree: Tree) -> etree._Element:
    name, content = tree
    element = etree.Element(name)
    if isinstance(content, str):
        element.text = content
    else:
        for child in content:
            element.append(_element(child))
    return element


_names = st.sampled_from(fuzz.KNOWN_NAMES)
_leaf_text = st.sampled_from(fuzz.INTERESTING_TEXT)
_trees: st.SearchStrategy[Tree] = st.recursive(
    st.tuples(_names, _leaf_text),
    lambda children: st.tuples(_names, st.lists(children, max_size=4)),
    max_leaves=25,
)


@FUZZ
@given(st.lists(_trees, max_size=3), st.lists(_trees, max_size=5), st.booleans())
def test_generated_documents(header: list[Tree], body: list[Tree], sjis: bool) -> None:
    root = etree.Element("XmlMsg")
    head = etree.SubElement(root, "MessageHeader")
    segment = etree.SubElement(head, "SegmentOfResult")
    segment.text = "1"
    for tree in header:
        head.append(_element(tree))
    message_body = etree.SubElement(root, "MessageBody")
    for tree in body:
        message_body.append(_element(tree))
    text = etree.tostring(root, encoding="unicode")
    if sjis:
        data = ('<?xml version="1.0" encoding="Shift_JIS"?>' + text).encode(
            "cp932", "xmlcharrefreplace"
        )
    else:
        data = text.encode()
    fuzz.check(data)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[path.name for path in CORPUS_FILES])
def test_corpus(path: Path) -> None:
    """Kept inputs: ``found_*`` once broke a parser (or lxml on its own), ``edge_*`` probe
    a failure class by hand, ``hostile_*`` must be refused as hostile by every parser."""
    data = path.read_bytes()
    fuzz.check(data)
    if path.name.startswith("hostile_"):
        for parse, _types in fuzz.PARSERS.values():
            with pytest.raises(HostileMessage):
                parse(data)


def test_cp932_bytes_that_libxml2_refuses_are_read() -> None:
    """Found while testing: libxml2's own Shift_JIS decoder rejects CP932 extensions
    (髙, ①) that real terminals write; we decode before lxml sees the text."""
    data = (fuzz.CORPUS / "found_libxml2_cp932_bytes.xml").read_bytes()
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(data)
    assert m.parse_eligibility_reply(data).records[0].name == "髙橋 ①郎"


def test_xinclude_is_never_resolved() -> None:
    result = m.parse_eligibility_reply((fuzz.CORPUS / "edge_xinclude_is_inert.xml").read_bytes())
    assert result.extra == (("include", ""),)


def test_the_corpus_is_kept() -> None:
    assert {path.name.split("_")[0] for path in CORPUS_FILES} == {"found", "edge", "hostile"}
