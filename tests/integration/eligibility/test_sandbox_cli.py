"""``python -m clinic_app.sandbox serve / terminal / export``: an independent client can check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility.client import EligibilityClient
from clinic_app.eligibility.folder import FolderTransport
from clinic_app.eligibility.http import HttpsTransport
from clinic_app.sandbox.__main__ import main
from clinic_app.sandbox.population import Population
from tests.helpers.card_pki import shared_pki_dir
from tests.helpers.sandbox_env import INSTITUTION

pytestmark = pytest.mark.integration


def start(args: list[str], tmp_path: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, MADOGUCHI_HOME=str(tmp_path / "home"))
    return subprocess.Popen(
        [sys.executable, "-m", "clinic_app.sandbox", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    process = start(
        ["serve", "--seed", "5", "--size", "80", "--pki", str(shared_pki_dir())], tmp_path
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().split()
        assert len(first) == 2, process.stderr.read() if process.stderr else ""
        yield first[0], Path(first[1])
    finally:
        process.terminate()
        assert process.wait(10) == 0
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def row_query(row: dict[str, object]) -> tuple[InsuranceNumbers, date]:
    numbers = InsuranceNumbers(
        str(row["insurer_number"]),
        str(row["insured_card_symbol"]),
        str(row["insured_identification_number"]),
        None if row["insured_branch_number"] is None else str(row["insured_branch_number"]),
    )
    born = str(row["birthdate"])
    return numbers, date(int(born[:4]), int(born[4:6]), int(born[6:]))


def test_export_then_serve_lets_an_independent_client_check(
    served: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base_url, ca_file = served
    assert base_url.startswith("https://127.0.0.1:")
    from cryptography import x509

    ca = x509.load_pem_x509_certificate(ca_file.read_bytes())
    assert "TEST" in ca.subject.rfc4514_string()
    assert main(["export", "--seed", "5", "--size", "80", "--no-histories"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert isinstance(document, list) and len(document) == 80
    with HttpsTransport(base_url, ca_bundle=ca_file) as transport:
        client = EligibilityClient(transport, INSTITUTION)
        for row in document:
            numbers, born = row_query(row)
            result = client.query_by_numbers(numbers, born)
            assert result.validity is not None
            assert result.validity.raw == row["expected_validity"], row["case"]


def test_export_to_a_file_matches_the_population(tmp_path: Path) -> None:
    target = tmp_path / "people.json"
    assert main(["sandbox", "export", "--seed", "9", "--size", "45", "--output", str(target)]) == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    expected = Population.generate(9, 45).export()
    assert document == json.loads(json.dumps(expected, ensure_ascii=False))
    first = document[0]
    assert first["as_of"] == date.today().strftime("%Y%m%d")
    assert first["medication"] and first["checkups"]


def test_terminal_command_answers_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "oqs"
    process = start(
        ["terminal", str(folder), "--seed", "5", "--size", "60", "--pki", str(shared_pki_dir())],
        tmp_path,
    )
    try:
        assert process.stdout is not None
        assert "terminal emulator" in process.stdout.readline()
        person = Population.generate(5, 60).by_case("elderly_20")
        client = EligibilityClient(FolderTransport(folder, timeout=10), INSTITUTION)
        numbers = InsuranceNumbers(
            person.insurer_number, person.symbol, person.number, person.branch
        )
        result = client.query_by_numbers(numbers, person.birthdate)
        assert result.records[0].copay_percent == 20
    finally:
        process.terminate()
        assert process.wait(10) == 0
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_serve_fault_switches_from_the_command_line(tmp_path: Path) -> None:
    from clinic_app.eligibility.transport import HttpStatusError

    process = start(
        ["serve", "--size", "45", "--pki", str(shared_pki_dir()), "--http-status", "503"], tmp_path
    )
    try:
        assert process.stdout is not None
        base_url, ca_file = process.stdout.readline().split()
        person = Population.generate(20240101, 45).by_case("valid_employee")
        numbers = InsuranceNumbers(
            person.insurer_number, person.symbol, person.number, person.branch
        )
        with (
            HttpsTransport(base_url, ca_bundle=ca_file, backoff=0.01) as transport,
            pytest.raises(HttpStatusError) as caught,
        ):
            EligibilityClient(transport, INSTITUTION).query_by_numbers(numbers, person.birthdate)
        assert caught.value.status == 503
    finally:
        process.terminate()
        assert process.wait(10) == 0
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
