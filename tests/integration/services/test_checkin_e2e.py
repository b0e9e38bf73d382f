"""Whole check-ins with the real pieces: software cards on the simulated reader, the
sandbox over HTTPS on 127.0.0.1, the eligibility client and a real SQLite store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clinic_app.card.jpki import JpkiCard
from clinic_app.core.consent import ConsentItem
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility import messages
from clinic_app.eligibility.client import EligibilityClient
from clinic_app.eligibility.http import HttpsTransport
from clinic_app.readers.simulated import SimulatedReader
from clinic_app.sandbox.population import SyntheticPerson
from clinic_app.sandbox.server import SandboxServer
from clinic_app.services.checkin import (
    CardWithdrawn,
    CheckInDeps,
    CheckInFlow,
    CheckInState,
    ChoosePin,
    ConfirmLastTry,
    ConfirmVisualCheck,
    EnterPin,
    FallbackKind,
    GiveConsent,
    NameNeedsReview,
    Outcome,
    QueryByNumbers,
    RegisterFallback,
    RegisterVisit,
    RetryQuery,
    Step,
)
from clinic_app.services.face import FaceResultHandler
from clinic_app.services.login import LoginService
from clinic_app.services.offline import Change, OfflineDetector
from clinic_app.services.patients import PatientService
from clinic_app.services.ports import EstablishedBy, NewPatient, Repositories
from clinic_app.services.recheck import RecheckRunner, RecheckStatus
from clinic_app.services.store_adapter import store_repositories
from clinic_app.store import Database, StaffRole, passwords
from tests.helpers import sandbox_env

pytestmark = pytest.mark.integration

S = CheckInState
CONSENT = {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: True}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    server = SandboxServer(
        sandbox_env.population(), sandbox_env.pki(), tls_dir=tmp_path_factory.mktemp("tls")
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def desk(sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    # cheap scrypt parameters (same format and code path)
    monkeypatch.setattr(passwords, "DEFAULT_PARAMS", passwords.ScryptParams(10, 8, 1))
    sandbox.faults.clear()
    rig = Desk(sandbox, tmp_path)
    yield rig
    rig.close()
    sandbox.faults.clear()


class Desk:
    """One desk: its own database, transport and reader; the shared sandbox."""

    def __init__(self, sandbox: SandboxServer, tmp_path: Path) -> None:
        self.sandbox = sandbox
        self.url = f"sqlite:///{tmp_path / 'desk.db'}"
        self.db = Database.open(self.url, backup_dir=tmp_path)
        self.repos: Repositories = store_repositories(self.db)
        self.transport = HttpsTransport(
            sandbox.base_url,
            ca_bundle=sandbox.ca_file,
            connect_timeout=1.0,
            read_timeout=1.0,
            total_timeout=3.0,
            retries=0,
            backoff=0.01,
        )
        self.client = EligibilityClient(
            self.transport, sandbox_env.INSTITUTION, max_polls=2, poll_interval=0.01
        )
        self.reader = SimulatedReader()
        self.deps = CheckInDeps(
            eligibility=self.client,
            repositories=self.repos,
            card_factory=lambda session: JpkiCard(session.transmit),
            clock=datetime.now,
            reader=self.reader,
        )
        self.db.run(lambda uow: uow.staff.add("uketsuke", "desk-password-1", StaffRole.RECEPTION))
        self.session = LoginService(self.repos.staff, datetime.now).login(
            "uketsuke", "desk-password-1"
        )
        self.staff_id = self.session.staff_id
        self.patients = PatientService(
            self.repos.patients, self.repos.audit, staff_id=self.staff_id
        )

    def close(self) -> None:
        self.transport.close()
        self.db.close()

    def flow(self) -> CheckInFlow:
        return CheckInFlow(self.deps, staff_id=self.staff_id, cancel=threading.Event())

    def register(self, person: SyntheticPerson, *, name: str | None = None) -> str:
        created = self.patients.register(
            NewPatient(
                name or person.name.replace("●", "〇"),
                _full_width(person.kana),
                person.birthdate,
                person.sex,
            ),
            names_reviewed=True,
        )
        return created.patient_id

    def tap(self, flow: CheckInFlow, person: SyntheticPerson) -> Step:
        self.reader.place(sandbox_env.fresh_card(person))
        return flow.wait_for_card(2.0)

    def to_result(
        self, person: SyntheticPerson, *, pin: str | None = None
    ) -> tuple[CheckInFlow, Step]:
        flow = self.flow()
        step = self.tap(flow, person)
        assert step.state is S.CHOOSING_VERIFICATION, step
        flow.handle(ChoosePin())
        step = flow.handle(EnterPin(pin or person.pin))
        assert step.state is S.ASKING_CONSENT, step
        return flow, flow.handle(GiveConsent(CONSENT))

    def audit_events(self) -> list[str]:
        with self.db.session(write=False) as uow:
            return [entry.event for entry in uow.audit.entries()]

    def audit_ok(self) -> bool:
        with self.db.session(write=False) as uow:
            return uow.audit.verify().ok


def _full_width(kana: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", kana)


def person(case: str) -> SyntheticPerson:
    return sandbox_env.population().by_case(case)


def numbers_of(p: SyntheticPerson) -> InsuranceNumbers:
    """The numbers as the desk reads them from the printed certificate: parsed, so a
    half-width kana symbol arrives full-width (the sandbox compares them folded)."""
    return InsuranceNumbers.parse(p.insurer_number, p.symbol, p.number, p.branch)


# ---------------------------------------------------------------------- card path


def test_card_and_pin_to_visit_with_everything_stored(desk: Desk) -> None:
    taro = person("valid_employee")
    patient_id = desk.register(taro)
    flow, step = desk.to_result(taro)
    assert (step.state, step.outcome) == (S.SHOWING_RESULT, Outcome.RESULT_VALID)
    assert step.established_by is EstablishedBy.CARD_PIN
    assert step.match is not None and step.match.patient_id == patient_id
    done = flow.handle(RegisterVisit())
    assert done.state is S.COMPLETED and done.visit is not None
    queue = desk.repos.visits.for_day(done.visit.visit_date)
    assert [v.patient_id for v in queue] == [patient_id]
    assert queue[0].established_by is EstablishedBy.CARD_PIN and not queue[0].needs_recheck
    known = desk.repos.eligibility.last_known(patient_id)
    assert known is not None and known.check_id == done.check_id
    with desk.db.session(write=False) as uow:
        key = uow.patients.by_number(patient_id).id
        consents = uow.consents.current(key)
        assert {item: c.agreed for item, c in consents.items()} == CONSENT
        assert uow.insurance.current(key) is not None
        assert uow.patients.get(key).received_name == taro.name
    events = desk.audit_events()
    for event in ("card_read", "pin_verified", "consent", "eligibility_query", "visit_created"):
        assert event in events
    assert desk.audit_ok()


def test_card_path_invalid_result_then_self_declaration(desk: Desk) -> None:
    lost = person("invalid_lost")
    patient_id = desk.register(lost)
    flow, step = desk.to_result(lost)
    assert (step.state, step.outcome) == (S.NEEDS_FALLBACK, Outcome.RESULT_INVALID)
    done = flow.handle(RegisterFallback(FallbackKind.SELF_DECLARATION, patient_id))
    assert done.outcome is Outcome.VISIT_REGISTERED_FOR_RECHECK
    assert done.visit is not None and done.visit.needs_recheck
    assert done.visit.reason == "result_invalid"
    assert [v.visit_id for v in desk.repos.visits.pending_rechecks()] == [done.visit.visit_id]


@pytest.mark.parametrize(
    ("case", "outcome"),
    [
        ("valid_employee", Outcome.RESULT_VALID),
        ("invalid_lost", Outcome.RESULT_INVALID),
        ("invalid_newer_exists", Outcome.RESULT_NEWER_EXISTS),
        ("not_found", Outcome.RESULT_NOT_FOUND),
        ("several_match_a", Outcome.RESULT_SEVERAL_MATCH),
    ],
)
def test_every_validity_code_by_numbers(desk: Desk, case: str, outcome: Outcome) -> None:
    someone = person(case)
    flow = desk.flow()
    step = flow.handle(
        QueryByNumbers(numbers_of(someone), someone.birthdate, FallbackKind.ELIGIBILITY_CERTIFICATE)
    )
    assert step.outcome is outcome
    assert step.result is not None and step.check_id is not None
    expected_state = S.SHOWING_RESULT if outcome is Outcome.RESULT_VALID else S.NEEDS_FALLBACK
    assert step.state is expected_state


def test_fallback_by_numbers_registers_a_new_patient_from_the_result(desk: Desk) -> None:
    taka = person("rare_kanji_taka")
    flow = desk.flow()
    step = flow.handle(QueryByNumbers(numbers_of(taka), taka.birthdate))
    assert step.state is S.SHOWING_RESULT and step.match is not None
    assert step.match.patient_id is None and step.match.name_warnings
    assert step.result is not None
    draft = desk.patients.draft_from_record(step.result.records[0])
    new = NewPatient(draft.name, draft.kana, taka.birthdate, taka.sex)
    with pytest.raises(NameNeedsReview):
        flow.handle(RegisterVisit(new_patient=new))
    done = flow.handle(RegisterVisit(new_patient=new, names_reviewed=True))
    assert done.state is S.COMPLETED and done.visit is not None
    assert done.visit.established_by is EstablishedBy.NUMBERS
    found = desk.patients.search(kana=taka.kana, birthdate=taka.birthdate.isoformat())
    assert [p.patient_id for p in found] == [done.visit.patient_id]


def test_replacement_mark_is_never_registered(desk: Desk) -> None:
    marked = person("name_replacement")
    flow = desk.flow()
    step = flow.handle(QueryByNumbers(numbers_of(marked), marked.birthdate))
    assert step.result is not None
    draft = desk.patients.draft_from_record(step.result.records[0])
    assert "●" in draft.name
    with pytest.raises(NameNeedsReview):
        flow.handle(
            RegisterVisit(
                new_patient=NewPatient(draft.name, draft.kana, marked.birthdate, marked.sex),
                names_reviewed=True,
            )
        )


def test_wrong_pin_down_to_lockout(desk: Desk) -> None:
    someone = person("valid_dependant")
    card = sandbox_env.fresh_card(someone)
    wrong = "0000" if someone.pin != "0000" else "1111"
    flow = desk.flow()
    desk.reader.place(card)
    assert flow.wait_for_card(2.0).tries_left == 3
    flow.handle(ChoosePin())
    step = flow.handle(EnterPin(wrong))
    assert (step.state, step.outcome, step.tries_left) == (S.ENTERING_PIN, Outcome.WRONG_PIN, 2)
    step = flow.handle(EnterPin(wrong))
    assert (step.state, step.tries_left) == (S.CONFIRMING_LAST_TRY, 1)
    flow.handle(ConfirmLastTry(desk.staff_id))
    step = flow.handle(EnterPin(wrong))
    assert (step.state, step.outcome, step.pin_allowed) == (
        S.CHOOSING_VERIFICATION,
        Outcome.CARD_LOCKED,
        False,
    )
    # the card is locked for good: a new check-in sees it at once
    again = desk.flow()
    desk.reader.remove()
    desk.reader.place(card)
    assert again.wait_for_card(2.0).outcome is Outcome.CARD_LOCKED
    events = desk.audit_events()
    assert events.count("pin_wrong") == 3 and "card_locked" in events


def test_locked_card_from_the_population(desk: Desk) -> None:
    step = desk.tap(desk.flow(), person("card_locked"))
    assert (step.outcome, step.pin_allowed) == (Outcome.CARD_LOCKED, False)


def test_one_try_left_needs_staff_then_succeeds(desk: Desk) -> None:
    last = person("card_last_try")
    flow = desk.flow()
    assert desk.tap(flow, last).tries_left == 1
    step = flow.handle(ChoosePin())
    assert step.state is S.CONFIRMING_LAST_TRY
    flow.handle(ConfirmLastTry(desk.staff_id))
    assert flow.handle(EnterPin(last.pin)).state is S.ASKING_CONSENT
    assert flow.handle(GiveConsent(CONSENT)).outcome is Outcome.RESULT_VALID


def test_expired_certificate_inside_and_outside_the_grace(desk: Desk) -> None:
    _, step = desk.to_result(person("card_expired_in_grace"))
    assert step.outcome is Outcome.RESULT_VALID
    step = desk.tap(desk.flow(), person("card_expired_out_of_grace"))
    assert (step.state, step.outcome) == (S.NEEDS_FALLBACK, Outcome.CERTIFICATE_EXPIRED)


def test_card_removed_mid_check_in_then_placed_again(desk: Desk) -> None:
    someone = person("valid_employee")
    flow = desk.flow()
    desk.tap(flow, someone)
    flow.handle(ChoosePin())
    desk.reader.remove()
    step = flow.handle(EnterPin(someone.pin))
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.CARD_REMOVED)
    desk.tap(flow, someone)
    flow.handle(ChoosePin())
    assert flow.handle(EnterPin(someone.pin)).state is S.ASKING_CONSENT
    step = flow.handle(CardWithdrawn())
    assert step.outcome is Outcome.CARD_REMOVED


def test_service_down_fallback_then_recheck_when_back(desk: Desk) -> None:
    someone = person("national_6digit")
    patient_id = desk.register(someone)
    detector = OfflineDetector(datetime.now, desk.repos.eligibility)
    desk.sandbox.faults.http_status = 503
    flow, step = desk.to_result(someone)
    assert (step.state, step.outcome, step.retryable) == (
        S.NEEDS_FALLBACK,
        Outcome.SERVICE_DOWN,
        True,
    )
    assert detector.observe(step.outcome) is Change.WENT_OFFLINE
    step = flow.handle(RetryQuery())
    assert step.outcome is Outcome.SERVICE_DOWN
    done = flow.handle(
        RegisterFallback(FallbackKind.OLD_CARD, patient_id, numbers=numbers_of(someone))
    )
    assert done.visit is not None and done.visit.needs_recheck
    assert done.visit.reason == "service_down"
    runner = RecheckRunner(desk.client, desk.repos, datetime.now, staff_id=desk.staff_id)
    report = runner.run()
    assert report.stopped_early and report.outcomes[0].status is RecheckStatus.SERVICE_FAILED
    desk.sandbox.faults.clear()
    report = runner.run()
    assert [(o.status, o.code) for o in report.outcomes] == [(RecheckStatus.CONFIRMED, "1")]
    assert report.remaining == 0 and desk.repos.visits.pending_rechecks() == []
    assert detector.observe(Outcome.RESULT_VALID) is Change.BACK_ONLINE
    last = detector.last_known(patient_id)
    assert last is not None and last.check.result is not None
    assert desk.audit_ok()


def test_service_slow_and_still_in_progress(desk: Desk) -> None:
    someone = person("valid_employee")
    desk.sandbox.faults.hang = 2.5  # longer than the 1 s read timeout
    desk.sandbox.faults.times = 1
    flow = desk.flow()
    step = flow.handle(QueryByNumbers(numbers_of(someone), someone.birthdate))
    assert step.outcome is Outcome.SERVICE_TIMEOUT and step.retryable
    desk.sandbox.faults.clear()
    desk.sandbox.faults.in_progress = 5  # more than the client's two polls
    step = flow.handle(RetryQuery())
    assert step.outcome is Outcome.SERVICE_BUSY
    desk.sandbox.faults.clear()
    assert flow.handle(RetryQuery()).outcome is Outcome.RESULT_VALID


def test_face_reader_result_opens_and_matches(desk: Desk) -> None:
    someone = person("elderly_10")
    patient_id = desk.register(someone)
    data = desk.sandbox.service.face_result(someone, CONSENT, file_identifier="FACE0001")
    flow, step = FaceResultHandler(desk.deps).open_file(data, staff_id=desk.staff_id)
    assert step.state is S.SHOWING_RESULT
    assert step.match is not None and step.match.patient_id == patient_id
    done = flow.handle(RegisterVisit())
    assert done.visit is not None and done.visit.established_by is EstablishedBy.FACE_READER


def test_a_crash_after_the_answer_loses_nothing(desk: Desk) -> None:
    someone = person("high_cost_limit")
    _, step = desk.to_result(someone)  # the flow is then dropped (the app died)
    assert step.check_id is not None
    reopened = Database.open(desk.url)  # what the next start of the app sees
    try:
        with reopened.session(write=False) as uow:
            check = uow.eligibility.get(int(step.check_id))
            assert check.result == step.result
    finally:
        reopened.close()
    assert "consent" in desk.audit_events()


def test_visual_check_gives_a_real_result_and_a_card_visual_visit(desk: Desk) -> None:
    """目視確認: no PIN, the certificate alone is checked by the service, which answers
    normally and marks the reply; the visit rests on it (no re-check needed)."""
    someone = person("valid_employee")
    patient_id = desk.register(someone)
    flow = desk.flow()
    desk.tap(flow, someone)
    assert flow.handle(ConfirmVisualCheck(desk.staff_id)).state is S.ASKING_CONSENT
    step = flow.handle(GiveConsent(CONSENT))
    assert (step.state, step.outcome) == (S.SHOWING_RESULT, Outcome.RESULT_VALID), step
    assert step.established_by is EstablishedBy.CARD_VISUAL
    assert step.result is not None and messages.is_visual_check_reply(step.result.header)
    assert step.match is not None and step.match.patient_id == patient_id
    done = flow.handle(RegisterVisit())
    assert done.visit is not None and not done.visit.needs_recheck
    assert done.visit.established_by is EstablishedBy.CARD_VISUAL
    queue = desk.repos.visits.for_day(done.visit.visit_date)
    assert queue[0].established_by is EstablishedBy.CARD_VISUAL
    with desk.db.session(write=False) as uow:
        entries = uow.audit.entries()
        visual = [e for e in entries if e.event == "visual_check"]
        key = uow.patients.by_number(patient_id).id
        consents = uow.consents.current(key)
    assert visual and visual[0].staff_id == int(desk.staff_id)
    assert {item: c.agreed for item, c in consents.items()} == CONSENT
    assert "pin_verified" not in desk.audit_events()
    # the consent given at the visual check releases the histories
    history = desk.client.fetch_medication(numbers_of(someone), someone.birthdate)
    assert len(history.lines) == len(someone.medication_lines())


def test_a_locked_card_is_checked_visually(desk: Desk) -> None:
    """That is exactly what the visual check is for."""
    locked = person("card_locked")
    patient_id = desk.register(locked)
    flow = desk.flow()
    step = desk.tap(flow, locked)
    assert (step.outcome, step.pin_allowed) == (Outcome.CARD_LOCKED, False)
    flow.handle(ConfirmVisualCheck(desk.staff_id))
    step = flow.handle(GiveConsent(CONSENT))
    assert (step.outcome, step.established_by) == (Outcome.RESULT_VALID, EstablishedBy.CARD_VISUAL)
    assert step.result is not None and step.result.records[0].name == locked.name
    assert step.match is not None and step.match.patient_id == patient_id
    done = flow.handle(RegisterVisit())
    assert done.visit is not None and done.visit.established_by is EstablishedBy.CARD_VISUAL


def test_visual_check_of_a_card_past_its_grace_falls_back(desk: Desk) -> None:
    """The desk stops a card past the 3-month grace at reading; nothing is sent."""
    expired = person("card_expired_out_of_grace")
    step = desk.tap(desk.flow(), expired)
    assert (step.state, step.outcome) == (S.NEEDS_FALLBACK, Outcome.CERTIFICATE_EXPIRED)


def test_visual_check_refused_by_the_service_is_a_card_rejection(desk: Desk) -> None:
    """A certificate the service refuses (here: its clock says past grace) is not retried."""
    someone = person("valid_dependant")
    flow = desk.flow()
    desk.tap(flow, someone)
    flow.handle(ConfirmVisualCheck(desk.staff_id))
    service = desk.sandbox.service
    original = service._clock
    service._clock = lambda: datetime(2099, 1, 1, tzinfo=UTC)
    try:
        step = flow.handle(GiveConsent(CONSENT))
    finally:
        service._clock = original
    assert (step.state, step.outcome, step.retryable) == (
        S.NEEDS_FALLBACK,
        Outcome.CARD_REJECTED,
        False,
    )
    assert step.service_message and "3か月" in step.service_message


def test_card_query_retried_after_a_dropped_connection(desk: Desk) -> None:
    someone = person("valid_employee")
    desk.sandbox.faults.drop_connection = True
    desk.sandbox.faults.times = 1
    flow, step = desk.to_result(someone)
    assert step.outcome in (Outcome.SERVICE_DOWN, Outcome.SERVICE_TIMEOUT) and step.retryable
    step = flow.handle(RetryQuery())  # same card, PIN still verified, new challenge
    assert step.outcome is Outcome.RESULT_VALID


def test_cancel_from_another_thread_while_waiting_for_a_card(desk: Desk) -> None:
    flow = desk.flow()
    steps: list[Step] = []
    waiter = threading.Thread(target=lambda: steps.append(flow.wait_for_card(30.0)))
    waiter.start()
    flow.cancel_token.set()  # the receptionist pressed cancel
    waiter.join(5.0)
    assert not waiter.is_alive()
    assert steps[0].state is S.CANCELLED and flow.state is S.CANCELLED
