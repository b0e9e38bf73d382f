"""Re-check runner, offline detector, face results, today's queue."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from clinic_app.core.eligibility import QualificationValidity
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility import transport
from clinic_app.services.checkin import CheckInDeps, CheckInState, Outcome, RegisterVisit
from clinic_app.services.face import FaceResultHandler, UnreadableFaceResult
from clinic_app.services.offline import Change, Connectivity, OfflineDetector
from clinic_app.services.ports import EstablishedBy, NewVisit, VisitStatus
from clinic_app.services.queue import InvalidStatusChange, QueueService, UnknownVisit
from clinic_app.services.recheck import RecheckRunner, RecheckStatus
from tests.helpers.services_fakes import (
    NOW,
    FakeCard,
    FakeEligibility,
    MemoryStore,
    SteppingClock,
    result,
)

NUMBERS = InsuranceNumbers.parse("06139992", "1", "2", "00")


def flagged_visit(store, patient_id, *, numbers=NUMBERS, at=NOW):
    return store.create(
        NewVisit(patient_id, at, EstablishedBy.NUMBERS, None, True, "service_down", "1", numbers)
    )


def test_recheck_clears_valid_keeps_problems_and_skips_without_numbers():
    store = MemoryStore()
    for pid in ("P1", "P2", "P3"):
        store.add_patient(pid)
    ok = flagged_visit(store, "P1")
    bad = flagged_visit(store, "P2")
    none = flagged_visit(store, "P3", numbers=None)
    service = FakeEligibility([result(), result(QualificationValidity.INVALID)])
    runner = RecheckRunner(service, store.repositories(), SteppingClock(), staff_id="1")
    report = runner.run()
    statuses = {o.visit_id: o.status for o in report.outcomes}
    assert statuses == {
        ok.visit_id: RecheckStatus.CONFIRMED,
        bad.visit_id: RecheckStatus.PROBLEM,
        none.visit_id: RecheckStatus.NO_NUMBERS,
    }
    assert not report.stopped_early and report.remaining == 2
    assert not store.visits[ok.visit_id].needs_recheck
    assert store.visits[ok.visit_id].check_id is not None
    assert store.checks[store.visits[ok.visit_id].check_id].patient_id == "P1"
    assert store.visits[bad.visit_id].needs_recheck
    assert service.number_queries == [(NUMBERS, dt.date(1980, 4, 1))] * 2
    assert [r.detail["status"] for r in store.audit if r.event == "recheck"] == [
        "confirmed",
        "problem",
        "no_numbers",
    ]


def test_recheck_uses_the_numbers_of_the_last_known_result():
    store = MemoryStore()
    store.add_patient("P1")
    store.save_check(
        patient_id="P1",
        checked_at=NOW - dt.timedelta(days=20),
        established_by=EstablishedBy.CARD_PIN,
        result=result(),
    )
    visit = flagged_visit(store, "P1", numbers=None)
    service = FakeEligibility([result()])
    report = RecheckRunner(service, store.repositories(), SteppingClock()).run()
    assert report.outcomes[0].status is RecheckStatus.CONFIRMED
    assert service.number_queries[0][0] == NUMBERS
    assert not store.visits[visit.visit_id].needs_recheck


def test_recheck_stops_when_the_service_is_still_down_and_on_cancel():
    store = MemoryStore()
    store.add_patient("P1")
    first = flagged_visit(store, "P1")
    flagged_visit(store, "P1")
    runner = RecheckRunner(
        FakeEligibility([transport.ServiceUnavailable("down")]),
        store.repositories(),
        SteppingClock(),
    )
    report = runner.run()
    assert report.stopped_early and report.remaining == 2
    assert [(o.visit_id, o.status, o.code) for o in report.outcomes] == [
        (first.visit_id, RecheckStatus.SERVICE_FAILED, "service_down")
    ]
    cancel = threading.Event()
    cancel.set()
    report = runner.run(cancel)
    assert report.outcomes == () and report.stopped_early


def test_offline_detector_goes_offline_and_back():
    store = MemoryStore()
    clock = SteppingClock()
    detector = OfflineDetector(clock, store, failures_to_offline=2)
    assert detector.state is Connectivity.UNKNOWN
    assert detector.observe(Outcome.SERVICE_DOWN) is Change.NONE
    assert detector.observe(Outcome.SERVICE_TIMEOUT) is Change.WENT_OFFLINE
    assert detector.state is Connectivity.OFFLINE and detector.offline_since == NOW
    assert detector.observe(Outcome.CARD_REMOVED) is Change.NONE
    assert detector.observe(Outcome.RESULT_NOT_FOUND) is Change.BACK_ONLINE
    assert detector.state is Connectivity.ONLINE and detector.offline_since is None
    assert detector.observe(Outcome.RESULT_VALID) is Change.NONE


def test_last_known_with_its_age():
    store = MemoryStore()
    store.add_patient("P1")
    detector = OfflineDetector(SteppingClock(), store)
    assert detector.last_known("P1") is None
    store.save_check(
        patient_id="P1",
        checked_at=NOW - dt.timedelta(days=3),
        established_by=EstablishedBy.CARD_PIN,
        result=result(),
    )
    store.save_check(  # a fallback without an answer does not count
        patient_id="P1",
        checked_at=NOW - dt.timedelta(hours=1),
        established_by=EstablishedBy.SELF_DECLARATION,
        result=None,
    )
    known = detector.last_known("P1")
    assert known is not None and known.age == dt.timedelta(days=3)
    assert known.check.established_by is EstablishedBy.CARD_PIN


def _deps(store, clock=None):
    return CheckInDeps(
        eligibility=FakeEligibility(),
        repositories=store.repositories(),
        card_factory=lambda session: FakeCard(),
        clock=clock or SteppingClock(),
    )


def test_face_result_opens_a_check_in_and_matches_the_patient():
    store = MemoryStore()
    store.add_patient("P1")
    handler = FaceResultHandler(_deps(store), parse=lambda data: result())
    flow, step = handler.open_file(b"<xml/>", staff_id="1")
    assert step.state is CheckInState.SHOWING_RESULT
    assert step.match is not None and step.match.patient_id == "P1"
    done = flow.handle(RegisterVisit())
    assert done.visit is not None and done.visit.established_by is EstablishedBy.FACE_READER


def test_unreadable_face_file_is_a_typed_error():
    store = MemoryStore()
    handler = FaceResultHandler(_deps(store))
    with pytest.raises(UnreadableFaceResult):
        handler.open_file(b"not xml at all", staff_id="1")
    assert store.audit[-1].event == "face_result"


def test_queue_entries_status_moves_and_duplicates():
    store = MemoryStore()
    store.add_patient("P1")
    store.add_patient("P2", kana="ベツ")
    clock = SteppingClock(step=dt.timedelta(minutes=1))
    queue = QueueService(store.repositories().visits, store, store, clock, staff_id="1")
    second = queue.check_in(
        NewVisit("P2", NOW + dt.timedelta(minutes=5), EstablishedBy.NUMBERS, None, False)
    )
    first = queue.check_in(NewVisit("P1", NOW, EstablishedBy.CARD_PIN, None, False))
    assert [e.patient.patient_id for e in queue.entries(NOW.date())] == ["P1", "P2"]
    again = queue.check_in(NewVisit("P1", NOW, EstablishedBy.CARD_PIN, None, False))
    assert again.visit is None and again.duplicate_of == first.visit
    visit_id = first.visit.visit_id
    assert queue.set_status(visit_id, VisitStatus.IN_CONSULTATION).status is (
        VisitStatus.IN_CONSULTATION
    )
    with pytest.raises(InvalidStatusChange):
        queue.set_status(visit_id, VisitStatus.DONE)
    queue.set_status(visit_id, VisitStatus.BILLING)
    queue.set_status(visit_id, VisitStatus.DONE)
    with pytest.raises(UnknownVisit):
        queue.set_status("nope", VisitStatus.DONE)
    assert second.visit is not None
    assert [r.event for r in store.audit].count("visit_status") == 3
