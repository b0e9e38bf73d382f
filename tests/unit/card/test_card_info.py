"""``card-info``: what it prints, what it never prints, and its messages and exit codes."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from clinic_app.card.errors import ReaderUnavailable
from clinic_app.card.simulator import CARD_INFO_FAKE_NUMBER, CardFaults, SoftwareCard
from clinic_app.cli import card as card_info
from clinic_app.readers.simulated import SimulatedReader
from tests.helpers.card_pki import card_credentials, shared_pki_dir, shared_test_pki

NOW = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = card_info.run(argv, out, err, now=NOW)
    return code, out.getvalue(), err.getvalue()


def with_card(monkeypatch: pytest.MonkeyPatch, card: SoftwareCard | None) -> SimulatedReader:
    reader = SimulatedReader()
    if card is not None:
        reader.place(card)
    monkeypatch.setattr("clinic_app.readers.factory.open_reader", lambda spec: reader)
    return reader


def test_sim_reader_prints_certificate_and_tries() -> None:
    code, out, err = run(["--reader", "sim", "--pki-dir", str(shared_pki_dir()), "--person", "p1"])
    assert code == 0, err
    certificate = (
        shared_test_pki()
        .issue_card_credentials(
            "p1", dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2034, 1, 1, tzinfo=dt.UTC)
        )
        .certificate
    )
    assert f"{certificate.serial_number:X}" in out
    assert "TEST JPKI" in out  # issuer
    assert "2024-01-01 00:00 UTC to 2034-01-01 00:00 UTC (valid)" in out
    assert "PIN tries left: 3" in out
    assert "1234" not in out and CARD_INFO_FAKE_NUMBER not in out


def test_locked_card(monkeypatch: pytest.MonkeyPatch) -> None:
    with_card(monkeypatch, SoftwareCard(card_credentials(), tries_left=0))
    code, out, _ = run(["--reader", "pcsc"])
    assert code == 0
    assert "PIN tries left: 0  (locked)" in out


def test_no_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(spec: str) -> object:
        raise ReaderUnavailable("no card reader is connected")

    monkeypatch.setattr("clinic_app.readers.factory.open_reader", missing)
    code, out, err = run(["--reader", "pcsc"])
    assert (code, out) == (3, "")
    assert "no card reader" in err and "pcscd" in err


def test_unknown_reader_spec() -> None:
    code, _, err = run(["--reader", "bluetooth"])
    assert code == 3 and "unknown reader" in err


def test_no_card(monkeypatch: pytest.MonkeyPatch) -> None:
    with_card(monkeypatch, None)
    code, _, err = run(["--reader", "pcsc", "--timeout", "0.05"])
    assert code == 4 and "no card on the reader" in err


def test_card_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    with_card(monkeypatch, SoftwareCard(card_credentials(), faults=CardFaults(remove_after=4)))
    code, _, err = run(["--reader", "pcsc"])
    assert code == 5 and "removed" in err


def test_unknown_card(monkeypatch: pytest.MonkeyPatch) -> None:
    faults = CardFaults(status_overrides={0xA4: 0x6A82})
    with_card(monkeypatch, SoftwareCard(card_credentials(), faults=faults))
    code, _, err = run(["--reader", "pcsc"])
    assert code == 6 and "not a My Number card" in err


def test_corrupt_certificate(monkeypatch: pytest.MonkeyPatch) -> None:
    with_card(
        monkeypatch, SoftwareCard(card_credentials(), faults=CardFaults(corrupt_certificate=True))
    )
    code, _, err = run(["--reader", "pcsc"])
    assert code == 1 and "certificate" in err


def test_usage_error() -> None:
    assert run(["--bogus"])[0] == 2


def test_main_drops_the_subcommand(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake_run(argv: list[str], out: object, err: object) -> int:
        seen.append(argv)
        return 0

    monkeypatch.setattr(card_info, "run", fake_run)
    assert card_info.main(["card-info", "--reader", "sim"]) == 0
    assert seen == [["--reader", "sim"]]


@pytest.mark.parametrize(
    ("not_after", "note"),
    [
        (dt.datetime(2027, 1, 1, tzinfo=dt.UTC), "valid"),
        (dt.datetime(2026, 9, 1, tzinfo=dt.UTC), "expired, within the 3-month grace"),
        (dt.datetime(2026, 8, 28, tzinfo=dt.UTC), "expired, past the 3-month grace"),
    ],
)
def test_validity_note(not_after: dt.datetime, note: str) -> None:
    certificate = (
        shared_test_pki()
        .issue_card_credentials("grace", dt.datetime(2021, 1, 1, tzinfo=dt.UTC), not_after)
        .certificate
    )
    assert card_info.validity_note(certificate, NOW).startswith(note)


def test_add_months_clamps_to_month_end() -> None:
    base = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    assert card_info.add_months(base, 3) == dt.datetime(2027, 2, 28, tzinfo=dt.UTC)
    assert card_info.add_months(dt.datetime(2026, 1, 15), 12) == dt.datetime(2027, 1, 15)


def test_nfc_reader_advice_does_not_blame_pcscd(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(spec: str) -> object:
        raise ReaderUnavailable("no NFC reader at 'usb'")

    monkeypatch.setattr("clinic_app.readers.factory.open_reader", missing)
    code, _, err = run(["--reader", "nfc:usb"])
    assert code == 3 and "USB cable" in err and "pcscd is running" not in err
