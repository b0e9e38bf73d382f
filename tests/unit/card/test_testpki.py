"""The shared test PKI: a test CA, nameless auth certificates, caching and races."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from clinic_app.card import testpki
from clinic_app.card.testpki import SandboxPki, card_serial, default_pki_dir
from tests.helpers.card_pki import VALID_FROM, VALID_UNTIL, shared_test_pki


def test_ca_subject_says_test() -> None:
    pki = shared_test_pki()
    common_name = pki.ca_certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert "TEST" in str(common_name)


def test_card_certificate_has_serial_of_person_and_no_name() -> None:
    pki = shared_test_pki()
    credentials = pki.issue_card_credentials("person-a", VALID_FROM, VALID_UNTIL)
    certificate = credentials.certificate
    assert certificate.serial_number == card_serial("person-a")
    assert certificate.issuer == pki.ca_certificate.subject
    assert pki.issued(certificate)
    assert "person-a" not in certificate.subject.rfc4514_string()
    assert credentials.private_key.key_size == 2048
    assert certificate.not_valid_before_utc == VALID_FROM
    assert certificate.not_valid_after_utc == VALID_UNTIL


def test_card_serial_is_deterministic_and_distinct() -> None:
    assert card_serial("x") == card_serial("x")
    assert card_serial("x") != card_serial("y")
    assert 0 < card_serial("x") < 2**63


def test_credentials_are_cached_per_validity() -> None:
    pki = shared_test_pki()
    first = pki.issue_card_credentials("person-cache", VALID_FROM, VALID_UNTIL)
    again = SandboxPki.load_or_create(pki.directory).issue_card_credentials(
        "person-cache", VALID_FROM, VALID_UNTIL
    )
    assert first.certificate == again.certificate
    expired = pki.issue_card_credentials(
        "person-cache", dt.datetime(2020, 1, 1), dt.datetime(2025, 1, 1)
    )
    assert expired.certificate.not_valid_after_utc == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert expired.certificate.serial_number == first.certificate.serial_number


def test_rejects_empty_validity() -> None:
    with pytest.raises(ValueError, match="later"):
        shared_test_pki().issue_card_credentials("p", VALID_UNTIL, VALID_FROM)


def _create(directory: str) -> bytes:
    pki = SandboxPki.load_or_create(Path(directory))
    return pki.ca_certificate.public_bytes(serialization.Encoding.DER)


def test_two_processes_racing_get_the_same_ca(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.map(_create, [str(tmp_path)] * 2)
    assert results[0] == results[1]
    assert _create(str(tmp_path)) == results[0]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]
    assert (tmp_path / "ca.pem").stat().st_mode & 0o077 == 0


def test_default_dir_follows_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(testpki.PKI_DIR_ENV, str(tmp_path / "pki"))
    assert default_pki_dir() == tmp_path / "pki"
    monkeypatch.delenv(testpki.PKI_DIR_ENV)
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path / "home"))
    assert default_pki_dir() == tmp_path / "home" / "data" / "sandbox-pki"
