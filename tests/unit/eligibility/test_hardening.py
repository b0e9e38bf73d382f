"""Hostile and malformed input is refused with a clear, typed error that names no value."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from clinic_app.core.eligibility import CharacterCode
from clinic_app.eligibility.messages import (
    HostileMessage,
    MessageError,
    WrongMessageKind,
    XmlLimits,
    build_eligibility_reply,
    parse_eligibility_reply,
    parse_medication_reply,
    parse_request,
)
from clinic_app.eligibility.xml import TRAFFIC
from tests.unit.eligibility import samples

HEADER = (
    "<MessageHeader><SegmentOfResult>1</SegmentOfResult>"
    "<ArbitraryFileIdentifier>abc</ArbitraryFileIdentifier></MessageHeader>"
)


def reply(body: str, *, header: str = HEADER, declaration: str = "") -> bytes:
    return f"{declaration}<XmlMsg>{header}<MessageBody>{body}</MessageBody></XmlMsg>".encode()


def test_minimal_reply_parses() -> None:
    result = parse_eligibility_reply(reply("<QualificationValidity>1</QualificationValidity>"))
    assert result.validity is not None and result.validity.raw == "1"
    assert result.header.arbitrary_file_identifier == "abc"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE XmlMsg [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader>
<MessageBody><ProcessingResultMessage>&lol3;</ProcessingResultMessage></MessageBody></XmlMsg>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE XmlMsg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader>
<MessageBody><ProcessingResultMessage>&secret;</ProcessingResultMessage></MessageBody></XmlMsg>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE XmlMsg SYSTEM "http://127.0.0.1:9/evil.dtd">
<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader></XmlMsg>"""

PLAIN_DOCTYPE = b"""<!DOCTYPE XmlMsg><XmlMsg><MessageHeader>
<SegmentOfResult>1</SegmentOfResult></MessageHeader></XmlMsg>"""

LOWERCASE_DOCTYPE = b"""<!doctype XmlMsg><XmlMsg/>"""


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD, PLAIN_DOCTYPE, LOWERCASE_DOCTYPE]
)
def test_doctype_and_entities_are_refused(data: bytes) -> None:
    with pytest.raises(HostileMessage) as caught:
        parse_eligibility_reply(data)
    assert caught.value.code == "message_doctype"
    assert "DOCTYPE" in caught.value.message


def test_doctype_in_shift_jis_is_refused() -> None:
    data = b'<?xml version="1.0" encoding="Shift_JIS"?>\n' + PLAIN_DOCTYPE
    with pytest.raises(HostileMessage):
        parse_eligibility_reply(data)


def test_undefined_entity_is_malformed_not_resolved() -> None:
    with pytest.raises(MessageError) as caught:
        parse_eligibility_reply(reply("<ProcessingResultMessage>&nope;</ProcessingResultMessage>"))
    assert "not well-formed" in caught.value.message


def test_predefined_and_character_references_are_read() -> None:
    result = parse_eligibility_reply(
        reply("<ProcessingResultMessage>a&amp;b &#x9AD9;</ProcessingResultMessage>")
    )
    assert result.processing_message == "a&b 髙"


def test_size_limit() -> None:
    data = reply("<ProcessingResultMessage>" + "x" * 2000 + "</ProcessingResultMessage>")
    with pytest.raises(HostileMessage) as caught:
        parse_eligibility_reply(data, limits=XmlLimits(max_bytes=1000))
    assert caught.value.code == "message_too_large"
    assert parse_eligibility_reply(data, limits=XmlLimits(max_bytes=len(data))).processing_message


def test_default_size_limit_is_20_mb() -> None:
    assert XmlLimits().max_bytes == 20 * 1024 * 1024
    data = b" " * (20 * 1024 * 1024 + 1)
    with pytest.raises(HostileMessage):
        parse_eligibility_reply(data)


def test_depth_limit() -> None:
    nested = "<Unknown>" * 30 + "x" + "</Unknown>" * 30
    with pytest.raises(HostileMessage) as caught:
        parse_eligibility_reply(reply(nested), limits=XmlLimits(max_depth=20))
    assert caught.value.code == "message_too_deep"
    deeper = "<U>" * 2000 + "</U>" * 2000
    with pytest.raises(MessageError):  # ours or libxml2's own limit; never a crash
        parse_eligibility_reply(reply(deeper))


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\xff\xfe<\x00X\x00", "UTF-16"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><XmlMsg/>', "not supported"),
        (b'<?xml version="1.0" encoding="UTF-8"?><XmlMsg>\xff\xfe</XmlMsg>', "not valid UTF-8"),
        (b'<?xml version="1.0" encoding="Shift_JIS"?><XmlMsg>\x81</XmlMsg>', "not valid Shift_JIS"),
    ],
)
def test_encodings_other_than_utf8_and_shift_jis_are_refused(data: bytes, fragment: str) -> None:
    with pytest.raises(MessageError) as caught:
        parse_eligibility_reply(data)
    assert fragment in caught.value.message


def test_utf8_bom_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + reply("<QualificationValidity>1</QualificationValidity>")
    assert parse_eligibility_reply(data).validity is not None


def test_declaration_decides_the_encoding_not_the_header_code() -> None:
    # Header says UTF-8 (0) but the file is declared and written in Shift_JIS.
    body = "<ProcessingResultMessage>資格なし</ProcessingResultMessage>"
    header = HEADER.replace(
        "</MessageHeader>", "<CharacterCodeIdentifier>0</CharacterCodeIdentifier></MessageHeader>"
    )
    text = '<?xml version="1.0" encoding="Shift_JIS"?>'
    text += f"<XmlMsg>{header}<MessageBody>{body}</MessageBody></XmlMsg>"
    result = parse_eligibility_reply(text.encode("shift_jis"))
    assert result.processing_message == "資格なし"


def test_cp932_extensions_in_shift_jis_are_read() -> None:
    # 髙 (0xFBFC) and ① (0x8740) are CP932 extensions that real terminals write.
    text = '<?xml version="1.0" encoding="Shift_JIS"?><XmlMsg>' + HEADER
    text += (
        "<MessageBody><ProcessingResultMessage>髙①</ProcessingResultMessage></MessageBody></XmlMsg>"
    )
    assert parse_eligibility_reply(text.encode("cp932")).processing_message == "髙①"


def test_shift_jis_output_reads_back_exactly() -> None:
    result = samples.eligibility_result(encoding=CharacterCode.SHIFT_JIS)
    record = dataclasses.replace(result.records[0], address="〜−¥𠮷髙①")
    result = dataclasses.replace(result, records=(record,))
    data = build_eligibility_reply(result)
    assert data.startswith(b'<?xml version="1.0" encoding="Shift_JIS"?>')
    data.decode("cp932")
    assert b"&#12316;" in data  # 〜: CP932 maps it one way only, so it goes as a reference
    assert b"&#134071;" in data  # 𠮷: outside Shift_JIS
    assert "髙".encode("cp932") in data  # a CP932 extension goes as is
    assert parse_eligibility_reply(data) == result


@pytest.mark.parametrize(
    ("body", "element"),
    [
        (
            "<ResultList><ResultOfQualificationConfirmation><Birthdate>19991340</Birthdate>"
            "</ResultOfQualificationConfirmation></ResultList>",
            "Birthdate",
        ),
        (
            "<ResultList><ResultOfQualificationConfirmation><QualificationDate>2020-04-01"
            "</QualificationDate></ResultOfQualificationConfirmation></ResultList>",
            "QualificationDate",
        ),
        (
            "<ResultList><ResultOfQualificationConfirmation><PharmacistsInfoConsFlg>1</PharmacistsInfoConsFlg>"
            "<PharmacistsInfoConsTime>202611290930</PharmacistsInfoConsTime>"
            "</ResultOfQualificationConfirmation></ResultList>",
            "PharmacistsInfoConsTime",
        ),
        ("<QualificationValidity>1-a</QualificationValidity>", "QualificationValidity"),
        (
            "<QualificationValidity>1</QualificationValidity><QualificationValidity>2</QualificationValidity>",
            "QualificationValidity",
        ),
        (
            "<ResultList><ResultOfQualificationConfirmation><InsuredPartialContributionRatio>３０"
            "</InsuredPartialContributionRatio></ResultOfQualificationConfirmation></ResultList>",
            "InsuredPartialContributionRatio",
        ),
        (
            "<ResultList><ResultOfQualificationConfirmation><Name><b>x</b></Name>"
            "</ResultOfQualificationConfirmation></ResultList>",
            "Name",
        ),
    ],
)
def test_malformed_values_name_the_element_not_the_value(body: str, element: str) -> None:
    with pytest.raises(MessageError) as caught:
        parse_eligibility_reply(reply(body))
    assert element in caught.value.message
    for value in ("19991340", "2020-04-01", "202611290930", "1-a", "３０"):
        assert value not in caught.value.message


def test_malformed_header_fields() -> None:
    with pytest.raises(MessageError, match="SegmentOfResult is missing"):
        parse_eligibility_reply(reply("", header="<MessageHeader/>"))
    with pytest.raises(MessageError, match="ArbitraryFileIdentifier"):
        parse_eligibility_reply(reply("", header=HEADER.replace("abc", "../../etc/passwd")))
    with pytest.raises(MessageError, match="MessageHeader is missing"):
        parse_eligibility_reply(b"<XmlMsg><MessageBody/></XmlMsg>")
    with pytest.raises(MessageError, match="root element"):
        parse_eligibility_reply(b"<Other/>")
    with pytest.raises(MessageError):
        parse_eligibility_reply(b"")


def test_wrong_kind_is_refused() -> None:
    medication = reply(
        "",
        header=HEADER.replace(
            "</MessageHeader>",
            "<FileTypeIdentifier>YZKsiquc01res</FileTypeIdentifier></MessageHeader>",
        ),
    )
    with pytest.raises(WrongMessageKind):
        parse_eligibility_reply(medication)
    assert parse_medication_reply(medication).history.lines == ()
    with pytest.raises(WrongMessageKind):
        parse_request(medication)
    unknown = reply(
        "",
        header=HEADER.replace(
            "</MessageHeader>", "<FileTypeIdentifier>XYZ</FileTypeIdentifier></MessageHeader>"
        ),
    )
    with pytest.raises(MessageError):
        parse_eligibility_reply(unknown)


def test_non_bytes_input_is_a_bug() -> None:
    with pytest.raises(TypeError):
        parse_eligibility_reply("<XmlMsg/>")  # type: ignore[arg-type]


def test_raw_xml_is_logged_only_below_debug(caplog: pytest.LogCaptureFixture) -> None:
    data = build_eligibility_reply(samples.eligibility_result())
    with caplog.at_level(logging.DEBUG, logger="clinic_app.eligibility"):
        parse_eligibility_reply(data)
    assert not any("髙橋" in record.getMessage() for record in caplog.records)
    with caplog.at_level(TRAFFIC, logger="clinic_app.eligibility"):
        parse_eligibility_reply(data)
    traffic = [record for record in caplog.records if record.levelno == TRAFFIC]
    assert traffic and all(record.levelno < logging.DEBUG for record in traffic)


def test_errors_are_known_errors_for_the_ui() -> None:
    from clinic_app.core.errors import KnownError

    assert issubclass(HostileMessage, MessageError)
    assert issubclass(MessageError, KnownError)
