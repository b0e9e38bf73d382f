"""``python -m clinic_app.eligibility parse FILE``: kind detection and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_app.eligibility.__main__ import detect_kind, main
from clinic_app.eligibility.messages import RequestKind

GOLDEN = Path(__file__).parent / "golden"


def run(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, object], str]:
    code = main(["parse", str(path)])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out else {}), captured.err


@pytest.mark.parametrize(
    ("name", "file_type", "type_name"),
    [
        ("eligibility_validity_1_sjis.xml", "OQSsiquc01res", "EligibilityResult"),
        ("eligibility_failure_sjis.xml", "OQSsiquc01res", "EligibilityResult"),
        ("medication_utf8.xml", "YZKsiquc01res", "MedicationReply"),
        ("checkup_sjis.xml", "TKKsiquc01res", "CheckupReply"),
        ("bulk_receipt_utf8.xml", "OQSmuquc01res", "BulkReceipt"),
        ("bulk_reply_utf8.xml", "OQSmuquc02res", "BulkReply"),
        ("registration_reply_utf8.xml", "OQSsiimm01res", "RegistrationReply"),
        ("request_card.xml", "OQSsiquc01req", "CardQuery"),
        ("request_card_visual_check.xml", "OQSsiquc01req", "CardVisualCheckQuery"),
        ("request_checkup.xml", "TKKsiquc01req", "HistoryQuery"),
        # no FileTypeIdentifier: detected from the content
        ("foreign_face_result_sjis.xml", "OQSsiquc01res", "EligibilityResult"),
        ("foreign_medication_mixed_prefixes.xml", "YZKsiquc01res", "MedicationReply"),
        ("foreign_checkup_nested.xml", "TKKsiquc01res", "CheckupReply"),
    ],
)
def test_parse_prints_json(
    capsys: pytest.CaptureFixture[str], name: str, file_type: str, type_name: str
) -> None:
    code, output, _ = run(capsys, GOLDEN / name)
    assert code == 0
    assert output["file_type"] == file_type
    message = output["message"]
    assert isinstance(message, dict) and message["type"] == type_name


def test_output_values(capsys: pytest.CaptureFixture[str]) -> None:
    _, output, _ = run(capsys, GOLDEN / "eligibility_validity_1_sjis.xml")
    message = output["message"]
    assert isinstance(message, dict)
    assert message["validity"] == {"raw": "1", "known": "VALID"}
    record = message["records"][0]
    assert record["name"] == "髙橋 ●子" and record["birthdate"] == "1953-02-28"
    assert record["consents"][0]["item"] == "PharmacistsInfo"


def test_kind_from_the_file_name(tmp_path: Path) -> None:
    data = (GOLDEN / "request_medication.xml").read_bytes()
    data = data.replace(b"<FileTypeIdentifier>YZKsiquc01req</FileTypeIdentifier>", b"")
    assert detect_kind(data, "YZKsiquc01req_abc.xml") == (RequestKind.MEDICATION, False)
    path = tmp_path / "YZKsiquc01req_abc.xml"
    path.write_bytes(data)
    assert main(["parse", str(path)]) == 0


def test_errors_exit_non_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.xml"
    hostile.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><XmlMsg/>')
    code, _, err = run(capsys, hostile)
    assert code == 1 and "DOCTYPE" in err
    code, _, err = run(capsys, tmp_path / "missing.xml")
    assert code == 2 and "cannot read" in err


def test_module_runs_as_a_command() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "clinic_app.eligibility", "parse", str(GOLDEN / "checkup_utf8.xml")],
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert json.loads(completed.stdout)["file_type"] == "TKKsiquc01res"
