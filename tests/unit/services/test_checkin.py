"""CheckInFlow state machine with fakes: every path, failure and fallback."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization

from clinic_app.card import errors as card_errors
from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import QualificationValidity, SegmentOfResult
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.patient import Sex
from clinic_app.eligibility import transport
from clinic_app.eligibility.client import ServiceReportedFailure, StillInProgress
from clinic_app.eligibility.messages import CardProof
from clinic_app.services.checkin import (
    TRANSITIONS,
    Cancel,
    CardPresented,
    CardWithdrawn,
    CheckInFlow,
    CheckInState,
    CheckInUsageError,
    ChoosePin,
    ConfirmLastTry,
    ConfirmVisualCheck,
    EnterPin,
    FallbackKind,
    GiveConsent,
    NameNeedsReview,
    NextAction,
    Outcome,
    QueryByNumbers,
    RegisterFallback,
    RegisterVisit,
    RetryQuery,
    UseFaceResult,
    allowed_events,
    certificate_status,
)
from clinic_app.services.ports import EstablishedBy, NewPatient, VisitStatus
from tests.helpers.services_desk import Desk
from tests.helpers.services_fakes import (
    NOW,
    FakeCard,
    FakeReader,
    FakeSession,
    record,
    result,
)

S = CheckInState
CONSENT = {ConsentItem.MEDICATION: True, ConsentItem.CHECKUP: False}
NUMBERS = InsuranceNumbers.parse("06139992", "1", "2", "00")


def test_happy_path_pin_consent_result_visit():
    desk = Desk(replies=[result()])
    desk.store.add_patient("P-1")
    step = desk.tap()
    assert (step.state, step.outcome, step.tries_left) == (
        S.CHOOSING_VERIFICATION,
        Outcome.CARD_READ,
        3,
    )
    assert step.next_action is NextAction.CHOOSE_VERIFICATION and step.pin_allowed
    step = desk.flow.handle(ChoosePin())
    assert (step.state, step.outcome) == (S.ENTERING_PIN, Outcome.PIN_REQUESTED)
    step = desk.flow.handle(EnterPin("1234"))
    assert (step.state, step.outcome) == (S.ASKING_CONSENT, Outcome.PIN_VERIFIED)
    assert step.consent_items == (ConsentItem.MEDICATION, ConsentItem.CHECKUP)
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert (step.state, step.outcome) == (S.SHOWING_RESULT, Outcome.RESULT_VALID)
    assert step.established_by is EstablishedBy.CARD_PIN
    assert step.match is not None and step.match.patient_id == "P-1"
    assert step.next_action is NextAction.REVIEW_RESULT
    # the card signed the server's challenge; consents went with the query
    proof, consents = desk.service.card_queries[0]
    assert isinstance(proof, CardProof)
    assert proof.signature == b"sig:" + desk.service.challenge
    assert proof.challenge == desk.service.challenge
    assert consents == CONSENT
    # stored before the result is shown
    check = desk.store.checks[step.check_id]
    assert check.result is step.result
    assert {c.item: c.agreed for c in check.consents} == CONSENT
    given = {c.item: c for c in step.consents}
    assert given[ConsentItem.MEDICATION].available_until == given[
        ConsentItem.MEDICATION
    ].consent_time + dt.timedelta(hours=24)
    step = desk.flow.handle(RegisterVisit())
    assert (step.state, step.outcome) == (S.COMPLETED, Outcome.VISIT_REGISTERED)
    assert step.visit is not None and step.visit.patient_id == "P-1"
    assert step.visit.established_by is EstablishedBy.CARD_PIN and not step.visit.needs_recheck
    assert desk.store.checks[step.check_id].patient_id == "P-1"
    recorded = {c.item: c.agreed for pid, check, c in desk.store.consents if pid == "P-1"}
    assert recorded == CONSENT
    assert desk.session.closed
    assert desk.store.events() == [
        "card_read",
        "pin_verified",
        "consent",
        "eligibility_query",
        "visit_created",
    ]
    assert desk.flow.allowed_events() == frozenset()


def test_pin_never_reaches_step_audit_or_repr():
    desk = Desk(card=FakeCard(pin="9753"), replies=[result()])
    desk.to_consent("9753")
    desk.flow.handle(GiveConsent(CONSENT))
    assert "9753" not in repr(EnterPin("9753"))
    assert "9753" not in repr(desk.flow.step)
    assert all("9753" not in repr(row) for row in desk.store.audit)


def test_visual_check_presents_certificate_without_signature():
    desk = Desk(replies=[result()])
    desk.store.add_patient("P-1")
    desk.tap()
    step = desk.flow.handle(ConfirmVisualCheck("staff-9"))
    assert (step.state, step.outcome) == (S.ASKING_CONSENT, Outcome.VISUAL_CHECK_RECORDED)
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert (step.state, step.outcome) == (S.SHOWING_RESULT, Outcome.RESULT_VALID)
    assert step.established_by is EstablishedBy.CARD_VISUAL
    assert desk.service.card_queries == []  # nothing to sign: the visual-check form
    ((certificate_der, consents, staff_id),) = desk.service.visual_queries
    expected_der = desk.card.read_auth_certificate().public_bytes(serialization.Encoding.DER)
    assert certificate_der == expected_der
    assert (consents, staff_id) == (CONSENT, "staff-9")
    assert desk.card.verify_calls == [] and desk.card.signed == []
    visual = [row for row in desk.store.audit if row.event == "visual_check"]
    assert visual[0].staff_id == "staff-9"
    assert visual[0].detail == {"method": "card_visual"}
    query = [row for row in desk.store.audit if row.event == "eligibility_query"]
    assert query[-1].detail["method"] == "card_visual"
    assert desk.store.checks[step.check_id].established_by is EstablishedBy.CARD_VISUAL
    done = desk.flow.handle(RegisterVisit())
    assert done.visit is not None
    assert done.visit.established_by is EstablishedBy.CARD_VISUAL
    assert not done.visit.needs_recheck


def test_locked_card_gets_a_real_result_by_visual_check():
    desk = Desk(card=FakeCard(tries_left=0), replies=[result()])
    desk.tap()
    desk.flow.handle(ConfirmVisualCheck("staff-1"))
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert (step.outcome, step.established_by) == (Outcome.RESULT_VALID, EstablishedBy.CARD_VISUAL)
    assert desk.service.visual_queries[0][2] == "staff-1"


def test_visual_check_needs_a_staff_id_not_a_name():
    desk = Desk(replies=[result()])
    desk.tap()
    for staff_id in ("", "山田 花子"):
        with pytest.raises(CheckInUsageError):
            desk.flow.handle(ConfirmVisualCheck(staff_id))
    assert desk.flow.state is S.CHOOSING_VERIFICATION


def test_visual_check_retry_repeats_the_visual_query():
    desk = Desk(replies=[transport.ServiceTimeout("slow"), result()])
    desk.tap()
    desk.flow.handle(ConfirmVisualCheck("staff-4"))
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert (step.outcome, step.retryable) == (Outcome.SERVICE_TIMEOUT, True)
    step = desk.flow.handle(RetryQuery())
    assert (step.outcome, step.established_by) == (Outcome.RESULT_VALID, EstablishedBy.CARD_VISUAL)
    assert [q[2] for q in desk.service.visual_queries] == ["staff-4", "staff-4"]
    assert desk.service.card_queries == []


def test_visual_check_bad_reply_is_a_reply_problem_not_a_card_rejection():
    desk = Desk(replies=[transport.MalformedReply("garbled")])
    desk.tap()
    desk.flow.handle(ConfirmVisualCheck("staff-4"))
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert step.outcome is Outcome.SERVICE_REPLY_INVALID


def test_a_new_card_forgets_the_visual_check():
    desk = Desk(replies=[result()])
    desk.tap()
    desk.flow.handle(ConfirmVisualCheck("staff-4"))
    desk.flow.handle(CardWithdrawn())
    desk.to_consent()
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert step.established_by is EstablishedBy.CARD_PIN
    assert desk.service.visual_queries == [] and len(desk.service.card_queries) == 1


def test_wrong_pins_down_to_lock_with_last_try_confirmation():
    desk = Desk()
    desk.tap()
    desk.flow.handle(ChoosePin())
    step = desk.flow.handle(EnterPin("0000"))
    assert (step.state, step.outcome, step.tries_left) == (S.ENTERING_PIN, Outcome.WRONG_PIN, 2)
    step = desk.flow.handle(EnterPin("0000"))
    assert (step.state, step.outcome, step.tries_left) == (
        S.CONFIRMING_LAST_TRY,
        Outcome.WRONG_PIN,
        1,
    )
    assert step.next_action is NextAction.CONFIRM_LAST_TRY
    # the PIN pad is not offered again until staff confirm
    with pytest.raises(CheckInUsageError):
        desk.flow.handle(EnterPin("1234"))
    step = desk.flow.handle(ConfirmLastTry("staff-2"))
    assert (step.state, step.tries_left) == (S.ENTERING_PIN, 1)
    step = desk.flow.handle(EnterPin("0000"))
    assert (step.state, step.outcome, step.pin_allowed) == (
        S.CHOOSING_VERIFICATION,
        Outcome.CARD_LOCKED,
        False,
    )
    assert desk.card.verify_calls == [False, False, True]
    step = desk.flow.handle(ChoosePin())
    assert step.outcome is Outcome.CARD_LOCKED and desk.card.verify_calls == [False, False, True]
    events = desk.store.events()
    assert events.count("pin_wrong") == 3 and "pin_last_try_confirmed" in events
    assert "card_locked" in events


def test_one_try_left_at_reading_needs_confirmation():
    desk = Desk(card=FakeCard(tries_left=1), replies=[result()])
    step = desk.tap()
    assert step.tries_left == 1
    step = desk.flow.handle(ChoosePin())
    assert (step.state, step.outcome) == (
        S.CONFIRMING_LAST_TRY,
        Outcome.LAST_TRY_NEEDS_CONFIRMATION,
    )
    desk.flow.handle(ConfirmLastTry("staff-2"))
    step = desk.flow.handle(EnterPin("1234"))
    assert step.state is S.ASKING_CONSENT
    assert desk.card.verify_calls == [True]


def test_visual_check_is_offered_instead_of_last_try():
    desk = Desk(card=FakeCard(tries_left=1), replies=[result()])
    desk.tap()
    desk.flow.handle(ChoosePin())
    step = desk.flow.handle(ConfirmVisualCheck("staff-2"))
    assert step.state is S.ASKING_CONSENT and desk.card.verify_calls == []


def test_locked_card_at_reading_offers_visual_check_only():
    desk = Desk(card=FakeCard(tries_left=0), replies=[result()])
    step = desk.tap()
    assert (step.state, step.outcome, step.pin_allowed) == (
        S.CHOOSING_VERIFICATION,
        Outcome.CARD_LOCKED,
        False,
    )
    step = desk.flow.handle(ChoosePin())
    assert step.outcome is Outcome.CARD_LOCKED and step.state is S.CHOOSING_VERIFICATION
    step = desk.flow.handle(ConfirmVisualCheck("staff-1"))
    assert step.state is S.ASKING_CONSENT


@pytest.mark.parametrize("pin", ["123", "12345", "abcd", "１２３４", ""])
def test_malformed_pin_uses_no_try(pin):
    desk = Desk()
    desk.tap()
    desk.flow.handle(ChoosePin())
    step = desk.flow.handle(EnterPin(pin))
    assert (step.state, step.outcome, step.tries_left) == (
        S.ENTERING_PIN,
        Outcome.PIN_FORMAT_INVALID,
        3,
    )
    assert desk.card.verify_calls == [] and desk.card.tries_left == 3


@pytest.mark.parametrize("operation", ["select", "read_certificate", "tries"])
def test_card_removed_while_reading(operation):
    desk = Desk(card=FakeCard(remove_on={operation}))
    step = desk.tap()
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.CARD_REMOVED)
    assert step.next_action is NextAction.TAP_CARD
    assert desk.session.closed
    assert desk.store.audit[0].detail["outcome"] == "card_removed"


def test_card_removed_during_verify_and_sign():
    desk = Desk(card=FakeCard(remove_on={"verify"}))
    desk.tap()
    desk.flow.handle(ChoosePin())
    step = desk.flow.handle(EnterPin("1234"))
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.CARD_REMOVED)

    desk = Desk(card=FakeCard(remove_on={"sign"}), replies=[result()])
    desk.to_consent()
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.CARD_REMOVED)
    # the card can be tapped again and the check-in continues
    desk.card.remove_on.clear()
    step = desk.to_consent()
    assert step.state is S.ASKING_CONSENT
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert step.state is S.SHOWING_RESULT


@pytest.mark.parametrize(
    "state_setup",
    ["choosing", "last_try", "pin", "consent"],
)
def test_card_withdrawn_before_query_returns_to_waiting(state_setup):
    desk = Desk(card=FakeCard(tries_left=1 if state_setup == "last_try" else 3))
    desk.tap()
    if state_setup in ("pin", "last_try"):
        desk.flow.handle(ChoosePin())
    if state_setup == "consent":
        desk.flow.handle(ChoosePin())
        desk.flow.handle(EnterPin("1234"))
    step = desk.flow.handle(CardWithdrawn())
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.CARD_REMOVED)
    assert desk.session.closed


def test_card_withdrawn_after_result_changes_nothing():
    desk = Desk(replies=[result()])
    desk.to_consent()
    shown = desk.flow.handle(GiveConsent(CONSENT))
    step = desk.flow.handle(CardWithdrawn())
    assert step == shown


def test_not_a_my_number_card():
    desk = Desk(card=FakeCard(fail_on={"select": card_errors.NotJpkiCard()}))
    step = desk.tap()
    assert (step.state, step.outcome, step.error_code) == (
        S.WAITING_FOR_CARD,
        Outcome.CARD_UNREADABLE,
        "card_not_jpki",
    )


def test_certificate_expired_in_grace_continues_with_notice():
    card = FakeCard(not_after=NOW - dt.timedelta(days=40))
    desk = Desk(card=card, replies=[result()])
    step = desk.tap()
    assert (step.state, step.outcome) == (
        S.CHOOSING_VERIFICATION,
        Outcome.CERTIFICATE_EXPIRED_IN_GRACE,
    )
    assert step.certificate is not None and step.certificate.in_grace
    assert desk.store.audit[0].detail["certificate"] == "expired_in_grace"


def test_certificate_expired_past_grace_needs_fallback():
    card = FakeCard(not_after=NOW - dt.timedelta(days=100))
    desk = Desk(card=card)
    step = desk.tap()
    assert (step.state, step.outcome) == (S.NEEDS_FALLBACK, Outcome.CERTIFICATE_EXPIRED)
    assert not step.retryable and step.next_action is NextAction.USE_FALLBACK
    assert desk.session.closed


def test_grace_is_three_calendar_months():
    not_after = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    status = certificate_status(not_after, dt.datetime(2027, 2, 28, 12, tzinfo=dt.UTC))
    assert status.grace_until == dt.datetime(2027, 2, 28, 12, tzinfo=dt.UTC)
    assert status.in_grace and status.usable
    later = certificate_status(not_after, dt.datetime(2027, 3, 1, tzinfo=dt.UTC))
    assert later.expired and not later.in_grace and not later.usable
    fresh = certificate_status(not_after, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert not fresh.expired and fresh.usable


@pytest.mark.parametrize(
    ("validity", "outcome"),
    [
        (QualificationValidity.INVALID, Outcome.RESULT_INVALID),
        (QualificationValidity.INVALID_NEWER_EXISTS, Outcome.RESULT_NEWER_EXISTS),
        (QualificationValidity.NOT_FOUND, Outcome.RESULT_NOT_FOUND),
        (QualificationValidity.SEVERAL_MATCH, Outcome.RESULT_SEVERAL_MATCH),
        (None, Outcome.SERVICE_REPLY_INVALID),
    ],
)
def test_unusable_validity_needs_fallback_and_is_stored(validity, outcome):
    desk = Desk(replies=[result(validity, message="資格が無効です")])
    desk.to_consent()
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert (step.state, step.outcome) == (S.NEEDS_FALLBACK, outcome)
    assert step.service_message == "資格が無効です"
    assert step.next_action is NextAction.USE_FALLBACK and not step.retryable
    assert desk.store.checks[step.check_id].result is step.result


@pytest.mark.parametrize(
    ("reply", "outcome", "retryable"),
    [
        (transport.ServiceUnavailable("down"), Outcome.SERVICE_DOWN, True),
        (transport.ServiceRefused("refused"), Outcome.SERVICE_DOWN, True),
        (transport.TlsFailure("tls"), Outcome.SERVICE_DOWN, True),
        (transport.HttpStatusError("503", status=503), Outcome.SERVICE_DOWN, True),
        (transport.ServiceTimeout("slow"), Outcome.SERVICE_TIMEOUT, True),
        (transport.HttpStatusError("403", status=403), Outcome.CARD_REJECTED, False),
        (transport.MalformedReply("junk"), Outcome.SERVICE_REPLY_INVALID, False),
        (result(segment=SegmentOfResult.IN_PROGRESS), Outcome.SERVICE_BUSY, True),
        (result(segment=SegmentOfResult.FAILED), Outcome.SERVICE_ERROR, True),
        (StillInProgress("still"), Outcome.SERVICE_BUSY, True),
        (ServiceReportedFailure("E01", "照会番号が不正です"), Outcome.SERVICE_ERROR, True),
    ],
)
def test_service_problems_are_typed(reply, outcome, retryable):
    desk = Desk(replies=[reply])
    desk.to_consent()
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert (step.state, step.outcome, step.retryable) == (S.NEEDS_FALLBACK, outcome, retryable)
    expected = NextAction.RETRY_OR_FALLBACK if retryable else NextAction.USE_FALLBACK
    assert step.next_action is expected
    if isinstance(reply, ServiceReportedFailure):
        assert step.service_message == "照会番号が不正です"
    query = [row for row in desk.store.audit if row.event == "eligibility_query"][-1]
    assert query.detail["outcome"] == outcome.value


def test_retry_after_service_down_repeats_the_card_query():
    desk = Desk(replies=[transport.ServiceUnavailable("down"), result()])
    desk.to_consent()
    desk.flow.handle(GiveConsent(CONSENT))
    step = desk.flow.handle(RetryQuery())
    assert (step.state, step.outcome) == (S.SHOWING_RESULT, Outcome.RESULT_VALID)
    assert [c for _, c in desk.service.card_queries] == [CONSENT, CONSENT]
    assert len(desk.card.signed) == 2


def test_retry_is_refused_when_it_cannot_help():
    desk = Desk(replies=[result(QualificationValidity.NOT_FOUND)])
    desk.to_consent()
    desk.flow.handle(GiveConsent(CONSENT))
    step = desk.flow.handle(RetryQuery())
    assert step.outcome is Outcome.RESULT_NOT_FOUND and len(desk.service.card_queries) == 1


def test_service_down_then_fallback_by_numbers_marked_for_recheck():
    desk = Desk(replies=[transport.ServiceUnavailable("down"), transport.ServiceUnavailable("x")])
    desk.store.add_patient("P-1")
    desk.to_consent()
    desk.flow.handle(GiveConsent(CONSENT))
    step = desk.flow.handle(QueryByNumbers(NUMBERS, dt.date(1980, 4, 1)))
    assert step.outcome is Outcome.SERVICE_DOWN
    step = desk.flow.handle(
        RegisterFallback(FallbackKind.ELIGIBILITY_CERTIFICATE, "P-1", numbers=NUMBERS)
    )
    assert (step.state, step.outcome) == (S.COMPLETED, Outcome.VISIT_REGISTERED_FOR_RECHECK)
    visit = step.visit
    assert visit is not None and visit.needs_recheck and visit.reason == "service_down"
    assert visit.established_by is EstablishedBy.NUMBERS and visit.numbers == NUMBERS
    check = desk.store.checks[visit.check_id]
    assert check.result is None and check.numbers == NUMBERS and check.patient_id == "P-1"
    assert "fallback_used" in desk.store.events()


def test_numbers_path_without_card():
    desk = Desk(replies=[result()])
    desk.store.add_patient("P-1")
    step = desk.flow.handle(
        QueryByNumbers(NUMBERS, dt.date(1980, 4, 1), FallbackKind.QUALIFICATION_NOTICE)
    )
    assert (step.state, step.outcome) == (S.SHOWING_RESULT, Outcome.RESULT_VALID)
    assert step.established_by is EstablishedBy.QUALIFICATION_NOTICE
    assert desk.service.number_queries == [(NUMBERS, dt.date(1980, 4, 1))]
    step = desk.flow.handle(RegisterVisit())
    assert step.visit is not None and step.visit.numbers == NUMBERS
    assert not step.visit.needs_recheck


def test_self_declaration_from_the_start():
    desk = Desk()
    desk.store.add_patient("P-1")
    step = desk.flow.handle(RegisterFallback(FallbackKind.SELF_DECLARATION, "P-1"))
    assert step.state is S.COMPLETED
    assert step.visit is not None and step.visit.established_by is EstablishedBy.SELF_DECLARATION
    assert step.visit.needs_recheck


def test_numbers_fallback_requires_numbers():
    desk = Desk()
    with pytest.raises(CheckInUsageError):
        desk.flow.handle(RegisterFallback(FallbackKind.OLD_CARD, "P-1"))


def test_last_known_fallback():
    desk = Desk()
    desk.store.add_patient("P-1")
    step = desk.flow.handle(RegisterFallback(FallbackKind.LAST_KNOWN, "P-1"))
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.NO_LAST_KNOWN)
    assert step.next_action is NextAction.USE_FALLBACK
    old = desk.store.save_check(
        patient_id="P-1",
        checked_at=NOW - dt.timedelta(days=30),
        established_by=EstablishedBy.CARD_PIN,
        result=result(),
        numbers=NUMBERS,
    )
    step = desk.flow.handle(RegisterFallback(FallbackKind.LAST_KNOWN, "P-1"))
    assert step.state is S.COMPLETED and step.visit is not None
    assert step.visit.check_id == old.check_id and step.visit.needs_recheck
    assert step.visit.established_by is EstablishedBy.LAST_KNOWN


def test_duplicate_check_in_warns_then_allows_on_confirmation():
    desk = Desk(replies=[result()])
    desk.store.add_patient("P-1")
    desk.flow.handle(RegisterFallback(FallbackKind.SELF_DECLARATION, "P-1"))
    second = CheckInFlow(desk.deps, staff_id="staff-1")
    second.handle(QueryByNumbers(NUMBERS, dt.date(1980, 4, 1)))
    step = second.handle(RegisterVisit())
    assert (step.state, step.outcome) == (S.SHOWING_RESULT, Outcome.DUPLICATE_CHECK_IN)
    assert step.duplicate_of is not None and step.next_action is NextAction.CONFIRM_DUPLICATE
    assert len(desk.store.visits) == 1
    step = second.handle(RegisterVisit(confirm_duplicate=True))
    assert step.state is S.COMPLETED and len(desk.store.visits) == 2


def test_cancelled_visit_is_no_duplicate():
    desk = Desk(replies=[result()])
    desk.store.add_patient("P-1")
    done = desk.flow.handle(RegisterFallback(FallbackKind.SELF_DECLARATION, "P-1"))
    desk.store.set_status(done.visit.visit_id, VisitStatus.CANCELLED)
    again = CheckInFlow(desk.deps, staff_id="staff-1")
    again.handle(QueryByNumbers(NUMBERS, dt.date(1980, 4, 1)))
    assert again.handle(RegisterVisit()).state is S.COMPLETED


def test_unknown_patient_needs_selection_or_registration():
    desk = Desk(replies=[result(records=[record(name="髙橋 德子", kana="ﾀｶﾊｼ ﾉﾘｺ", sex="2")])])
    desk.to_consent()
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert step.match is not None and step.match.patient_id is None
    assert step.next_action is NextAction.SELECT_PATIENT
    step = desk.flow.handle(RegisterVisit())
    assert (step.state, step.outcome) == (S.SHOWING_RESULT, Outcome.PATIENT_SELECTION_REQUIRED)
    new = NewPatient("髙橋 德子", "タカハシ ノリコ", dt.date(1980, 4, 1), Sex.FEMALE)
    with pytest.raises(NameNeedsReview):
        desk.flow.handle(RegisterVisit(new_patient=new))
    with pytest.raises(NameNeedsReview):
        desk.flow.handle(
            RegisterVisit(
                new_patient=NewPatient("●橋", "タカハシ", new.birthdate, new.sex),
                names_reviewed=True,
            )
        )
    assert desk.store.patients == {}
    step = desk.flow.handle(RegisterVisit(new_patient=new, names_reviewed=True))
    assert step.state is S.COMPLETED and step.visit is not None
    assert desk.store.patients[step.visit.patient_id].name == "髙橋 德子"
    assert "patient_registered" in desk.store.events()


def test_staff_started_from_a_patient_registers_that_patient():
    desk = Desk(replies=[result()], patient_id="P-7")
    desk.store.add_patient("P-7", kana="ベツ ニン")
    desk.to_consent()
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert step.match is not None and step.match.patient_id is None
    step = desk.flow.handle(RegisterVisit(patient_id="P-7"))
    assert step.visit is not None and step.visit.patient_id == "P-7"


def test_face_result_opens_the_same_result():
    desk = Desk()
    desk.store.add_patient("P-1")
    step = desk.flow.handle(UseFaceResult(result()))
    assert (step.state, step.established_by) == (S.SHOWING_RESULT, EstablishedBy.FACE_READER)
    assert step.match is not None and step.match.patient_id == "P-1"
    step = desk.flow.handle(RegisterVisit())
    assert step.visit is not None and step.visit.established_by is EstablishedBy.FACE_READER


def test_consent_must_answer_exactly_the_enabled_items():
    desk = Desk(replies=[result()])
    desk.to_consent()
    with pytest.raises(CheckInUsageError):
        desk.flow.handle(GiveConsent({ConsentItem.MEDICATION: True}))
    with pytest.raises(CheckInUsageError):
        desk.flow.handle(GiveConsent({**CONSENT, ConsentItem.SURGERY: True}))
    assert desk.flow.state is S.ASKING_CONSENT


def test_treatment_and_surgery_when_the_clinic_enables_them():
    items = tuple(ConsentItem)
    desk = Desk(replies=[result()], consent_items=items)
    step = desk.to_consent()
    assert step.consent_items == items
    answers = {item: item is ConsentItem.SURGERY for item in items}
    desk.flow.handle(GiveConsent(answers))
    assert desk.service.card_queries[0][1] == answers
    consent_row = next(r for r in desk.store.audit if r.event == "consent")
    assert consent_row.detail == {
        "medication": "2",
        "checkup": "2",
        "treatment": "2",
        "surgery": "1",
    }


def _reach(desk: Desk, state: CheckInState) -> None:
    if state is S.WAITING_FOR_CARD:
        return
    if state is S.NEEDS_FALLBACK:
        desk.service.replies = [transport.ServiceUnavailable("down")]
        desk.to_consent()
        desk.flow.handle(GiveConsent(CONSENT))
    elif state is S.SHOWING_RESULT:
        desk.service.replies = [result()]
        desk.to_consent()
        desk.flow.handle(GiveConsent(CONSENT))
    elif state is S.CONFIRMING_LAST_TRY:
        desk.card.tries_left = 1
        desk.tap()
        desk.flow.handle(ChoosePin())
    else:
        desk.tap()
        if state in (S.ENTERING_PIN, S.ASKING_CONSENT):
            desk.flow.handle(ChoosePin())
        if state is S.ASKING_CONSENT:
            desk.flow.handle(EnterPin("1234"))
    assert desk.flow.state is state


NON_TERMINAL = [s for s in CheckInState if not s.terminal]


@pytest.mark.parametrize("state", NON_TERMINAL)
def test_cancel_from_every_state(state):
    desk = Desk()
    _reach(desk, state)
    step = desk.flow.handle(Cancel())
    assert (step.state, step.outcome, step.next_action) == (
        S.CANCELLED,
        Outcome.CANCELLED,
        NextAction.NONE,
    )
    assert desk.store.audit[-1].event == "checkin_cancelled"
    assert desk.store.audit[-1].detail == {"state": state.value}
    if state is not S.WAITING_FOR_CARD:
        assert desk.session.closed
    with pytest.raises(CheckInUsageError):
        desk.flow.handle(CardPresented(FakeSession()))


@pytest.mark.parametrize("state", NON_TERMINAL)
def test_cancel_token_turns_any_event_into_cancel(state):
    desk = Desk()
    _reach(desk, state)
    desk.cancel.set()
    step = desk.flow.handle(CardWithdrawn())
    assert step.state is S.CANCELLED


def test_cancel_during_query_keeps_what_was_learned():
    desk = Desk()
    desk.to_consent()

    def slow_answer(prove, consents):
        prove(b"c")
        desk.cancel.set()  # staff pressed cancel while the service was answering
        return result()

    desk.service.query_by_card = slow_answer  # type: ignore[method-assign]
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert step.state is S.CANCELLED
    assert len(desk.store.checks) == 1  # the answer was stored anyway


def test_wait_for_card_through_the_reader():
    session = FakeSession()
    reader = FakeReader([None, session])
    desk = Desk(reader=reader)
    step = desk.flow.wait_for_card(0.1)
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.NO_CARD_YET)
    step = desk.flow.wait_for_card(0.1)
    assert step.state is S.CHOOSING_VERIFICATION
    desk.cancel.set()
    step = desk.flow.handle(Cancel())
    assert session.closed


def test_long_waits_are_sliced_so_cancel_is_seen():
    reader = FakeReader([None, None, None, FakeSession()])
    desk = Desk(reader=reader)
    step = desk.flow.wait_for_card(5.0)  # the fake answers at once: four slices
    assert step.state is S.CHOOSING_VERIFICATION
    assert len(reader.waits) == 4 and all(w <= 0.2 for w in reader.waits)


def test_wait_for_card_reports_an_unplugged_reader():
    class Broken:
        def wait_for_card(self, timeout, cancel):
            raise card_errors.ReaderUnavailable("gone")

    desk = Desk(reader=Broken())  # type: ignore[arg-type]
    step = desk.flow.wait_for_card(0.1)
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.READER_UNAVAILABLE)


def test_wait_for_card_when_cancelled():
    desk = Desk(reader=FakeReader([]))
    desk.cancel.set()
    assert desk.flow.wait_for_card(0.1).state is S.CANCELLED


def test_events_out_of_order_are_usage_errors():
    desk = Desk()
    for event in (
        ChoosePin(),
        EnterPin("1234"),
        GiveConsent(CONSENT),
        RegisterVisit(),
        RetryQuery(),
    ):
        with pytest.raises(CheckInUsageError):
            desk.flow.handle(event)
    assert desk.flow.state is S.WAITING_FOR_CARD


def test_transition_table_is_complete():
    for state in CheckInState:
        events = allowed_events(state)
        if state.terminal:
            assert events == frozenset()
        else:
            assert Cancel in events and CardWithdrawn in events
            assert RegisterFallback in events  # a fallback is always possible
    for (state, _event), targets in TRANSITIONS.items():
        assert targets, state


def test_visual_check_refused_by_the_service_is_not_retried():
    desk = Desk(replies=[ServiceReportedFailure("SIG", "電子署名を検証できません。")])
    desk.tap()
    desk.flow.handle(ConfirmVisualCheck("staff-9"))
    step = desk.flow.handle(GiveConsent(CONSENT))
    assert (step.outcome, step.retryable) == (Outcome.CARD_REJECTED, False)
    assert step.service_message == "電子署名を検証できません。"


def test_retry_after_the_card_left_asks_for_the_card_again():
    desk = Desk(replies=[transport.ServiceTimeout("slow"), result()])
    desk.to_consent()
    desk.flow.handle(GiveConsent(CONSENT))
    desk.flow.handle(CardWithdrawn())
    step = desk.flow.handle(RetryQuery())
    assert (step.state, step.outcome) == (S.WAITING_FOR_CARD, Outcome.CARD_REMOVED)
    assert desk.to_consent().state is S.ASKING_CONSENT
    assert desk.flow.handle(GiveConsent(CONSENT)).outcome is Outcome.RESULT_VALID


def test_confirming_a_duplicate_writes_what_was_learned_once():
    desk = Desk(replies=[result()])
    desk.store.add_patient("P-1")
    desk.flow.handle(RegisterFallback(FallbackKind.SELF_DECLARATION, "P-1"))
    flow = desk.flow = CheckInFlow(desk.deps, staff_id="staff-1")  # the next check-in
    desk.to_consent()
    flow.handle(GiveConsent(CONSENT))
    assert flow.handle(RegisterVisit()).outcome is Outcome.DUPLICATE_CHECK_IN
    done = flow.handle(RegisterVisit(confirm_duplicate=True))
    assert done.state is S.COMPLETED
    assert len([c for c in desk.store.consents if c[0] == "P-1"]) == len(CONSENT)
    assert len(desk.store.visits) == 2


@pytest.mark.parametrize(
    "state", [S.CHOOSING_VERIFICATION, S.CONFIRMING_LAST_TRY, S.ENTERING_PIN, S.ASKING_CONSENT]
)
def test_numbers_can_replace_the_card_before_a_result(state):
    desk = Desk()
    _reach(desk, state)
    desk.service.replies = [result()]
    step = desk.flow.handle(QueryByNumbers(NUMBERS, dt.date(1980, 4, 1)))
    assert step.state is S.SHOWING_RESULT and step.established_by is EstablishedBy.NUMBERS
    assert desk.session.closed and desk.service.card_queries == []
