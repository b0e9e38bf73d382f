"""The folder transport against the terminal emulator (req/res/face on a real folder)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import CharacterCode, QualificationValidity
from clinic_app.eligibility import messages
from clinic_app.eligibility.client import EligibilityClient, StillInProgress
from clinic_app.eligibility.folder import FaceWatcher, FolderTransport
from clinic_app.eligibility.messages import BulkQueryEntry
from clinic_app.eligibility.transport import MalformedReply, ServiceTimeout, ServiceUnavailable
from clinic_app.sandbox.service import SandboxService
from clinic_app.sandbox.terminal import SlowWrite, TerminalEmulator, wait_until
from tests.helpers import sandbox_env
from tests.helpers.sandbox_env import INSTITUTION, known, numbers_of, population

pytestmark = pytest.mark.integration


@pytest.fixture
def service() -> SandboxService:
    return SandboxService(population(), sandbox_env.pki(), bulk_polls_before_ready=1)


@pytest.fixture
def terminal(tmp_path: Path, service: SandboxService) -> Iterator[TerminalEmulator]:
    with TerminalEmulator(tmp_path / "oqs", service, poll_interval=0.02) as emulator:
        yield emulator


@pytest.fixture
def client(terminal: TerminalEmulator) -> EligibilityClient:
    transport = FolderTransport(terminal.root, timeout=3.0, poll_interval=0.02, settle_seconds=1.0)
    return EligibilityClient(transport, INSTITUTION, poll_interval=0.01)


@pytest.mark.parametrize(
    "case", ["valid_employee", "national_6digit", "invalid_lost", "not_found", "several_match_a"]
)
def test_numbers_query_through_the_folders(
    client: EligibilityClient, terminal: TerminalEmulator, case: str
) -> None:
    person = population().by_case(case)
    result = client.query_by_numbers(numbers_of(person), person.birthdate)
    assert result.validity is not None and known(result.validity) is person.expected_validity
    assert list((terminal.root / "req").iterdir()) == []
    assert list((terminal.root / "res").iterdir()) == []
    archived = [p.name for p in (terminal.root / "archive").rglob("*.xml")]
    assert any(name.startswith("OQSsiquc01res_") for name in archived)


def test_reply_written_slowly_in_pieces_is_read_whole(
    client: EligibilityClient, terminal: TerminalEmulator
) -> None:
    terminal.slow_write = SlowWrite(pieces=6, pause=0.08)  # each pause spans several polls
    person = population().by_case("foreign_name")
    result = client.query_by_numbers(numbers_of(person), person.birthdate)
    assert result.records[0].name == person.name
    assert result.records[0].name_of_other == person.name_of_other


def test_slow_medication_reply_is_read_whole(
    client: EligibilityClient, terminal: TerminalEmulator, service: SandboxService
) -> None:
    person = population().by_case("heavy_medication")
    service.grant_consent(person.person_key, ConsentItem.MEDICATION)
    terminal.slow_write = SlowWrite(pieces=8, pause=0.05)
    history = client.fetch_medication(numbers_of(person), person.birthdate)
    assert history.lines == person.medication_lines()


def test_request_files_appear_atomically(tmp_path: Path, service: SandboxService) -> None:
    """A watcher of req/ never sees a partial request under its final name."""
    root = tmp_path / "oqs"
    emulator = TerminalEmulator(root, service)  # not started: we watch req/ ourselves
    seen: list[bytes] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for path in (root / "req").glob("*.xml"):
                with contextlib.suppress(FileNotFoundError):
                    seen.append(path.read_bytes())
                emulator.poll_once()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        client = EligibilityClient(
            FolderTransport(root, timeout=3.0, poll_interval=0.01), INSTITUTION
        )
        person = population().by_case("elderly_10")
        client.query_by_numbers(numbers_of(person), person.birthdate)
    finally:
        stop.set()
        watcher.join(5)
    assert seen and all(data.rstrip().endswith(b"</XmlMsg>") for data in seen)


def test_in_progress_replies_are_asked_again(
    client: EligibilityClient, service: SandboxService
) -> None:
    service.faults.in_progress = 2
    person = population().by_case("elderly_30")
    result = client.query_by_numbers(numbers_of(person), person.birthdate)
    assert result.records[0].copay_percent == 30


def test_in_progress_forever_is_a_clear_error(
    client: EligibilityClient, service: SandboxService
) -> None:
    service.faults.in_progress = 100
    person = population().by_case("elderly_30")
    with pytest.raises(StillInProgress):
        client.query_by_numbers(numbers_of(person), person.birthdate)


def test_terminal_that_never_answers_times_out(
    terminal: TerminalEmulator, service: SandboxService
) -> None:
    service.faults.hang = 5.0
    transport = FolderTransport(terminal.root, timeout=0.5, poll_interval=0.02)
    client = EligibilityClient(transport, INSTITUTION)
    person = population().by_case("valid_employee")
    started = time.monotonic()
    with pytest.raises(ServiceTimeout) as caught:
        client.query_by_numbers(numbers_of(person), person.birthdate)
    assert time.monotonic() - started < 0.5 + 2.0  # the timeout plus slack for a busy CI
    assert "took the request" in str(caught.value)


def test_request_is_withdrawn_when_no_terminal_runs(tmp_path: Path) -> None:
    root = tmp_path / "oqs"
    for name in ("req", "res"):
        (root / name).mkdir(parents=True)
    client = EligibilityClient(FolderTransport(root, timeout=0.3, poll_interval=0.02), INSTITUTION)
    person = population().by_case("valid_employee")
    with pytest.raises(ServiceTimeout) as caught:
        client.query_by_numbers(numbers_of(person), person.birthdate)
    assert "withdrawn" in str(caught.value)
    assert list((root / "req").iterdir()) == []
    assert list((root / "archive" / "withdrawn").rglob("OQSsiquc01req_*.xml"))


def test_malformed_reply_from_the_terminal(
    client: EligibilityClient, service: SandboxService
) -> None:
    service.faults.malformed_xml = True
    person = population().by_case("valid_employee")
    with pytest.raises(MalformedReply):
        client.query_by_numbers(numbers_of(person), person.birthdate)


def test_shift_jis_through_the_folders(client: EligibilityClient, service: SandboxService) -> None:
    service.faults.shift_jis = True
    person = population().by_case("name_replacement")
    result = client.query_by_numbers(numbers_of(person), person.birthdate)
    assert result.header.character_code is not None
    assert known(result.header.character_code) is CharacterCode.SHIFT_JIS
    assert result.records[0].name == person.name


def test_bulk_through_the_folders(client: EligibilityClient) -> None:
    people = [p for p in population().catalogue() if p.in_service][:10]
    results = client.bulk_precheck([BulkQueryEntry(numbers_of(p), p.birthdate) for p in people])
    assert [known(r.validity) if r.validity else None for r in results] == [
        p.expected_validity for p in people
    ]


def test_face_results_are_delivered_whole_and_archived(terminal: TerminalEmulator) -> None:
    received: list[tuple[str, bytes]] = []
    terminal.slow_write = SlowWrite(pieces=5, pause=0.06)
    person = population().by_case("rare_kanji_taka")
    with FaceWatcher(
        terminal.root,
        lambda name, data: received.append((name, data)),
        poll_interval=0.02,
        settle_seconds=1.0,
    ):
        terminal.drop_face(person, {ConsentItem.MEDICATION: True})
        assert wait_until(lambda: len(received) == 1, 5.0)
    name, data = received[0]
    assert name.startswith("OQSsiquc01res_")
    result = messages.parse_eligibility_reply(data)
    assert result.validity is not None and known(result.validity) is QualificationValidity.VALID
    assert result.records[0].name == person.name
    assert list((terminal.root / "face").iterdir()) == []
    assert list((terminal.root / "archive" / "face").rglob(name))


def test_face_result_that_the_app_cannot_handle_is_kept(terminal: TerminalEmulator) -> None:
    def broken(name: str, data: bytes) -> None:
        raise ValueError("handler bug")

    watcher = FaceWatcher(terminal.root, broken, settle_seconds=0.2)
    terminal.drop_face(population().by_case("elderly_10"))
    assert wait_until(lambda: watcher.poll_once() == 1, 3.0)
    assert list((terminal.root / "archive" / "face" / "failed").rglob("*.xml"))


def test_missing_folder_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ServiceUnavailable):
        FolderTransport(tmp_path / "nowhere")
    (tmp_path / "half").mkdir()
    with pytest.raises(ServiceUnavailable):
        FolderTransport(tmp_path / "half")


def test_folder_transport_cannot_carry_the_card_path(terminal: TerminalEmulator) -> None:
    with pytest.raises(ServiceUnavailable):
        FolderTransport(terminal.root).challenge()
