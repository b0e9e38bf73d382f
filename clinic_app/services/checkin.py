"""One check-in at the desk as an explicit state machine (DESIGN.md §1, §3, §6).

Happy path::

    WAITING_FOR_CARD --CardPresented--> CHOOSING_VERIFICATION   (cert + tries read, shown)
      --ChoosePin--> ENTERING_PIN --EnterPin--> ASKING_CONSENT   (or --ConfirmVisualCheck-->)
      --GiveConsent--> (card signs the challenge, service queried) SHOWING_RESULT
      --RegisterVisit--> COMPLETED

After ``ConfirmVisualCheck(staff_id)`` (目視確認: no PIN, staff compared the card
photo) the card does not sign: the query sends the certificate read at tap time
with the staff id (``query_by_card_visual_check``) and the visit is established
``card_visual``. This is also the way to check a locked card.

With one PIN try left ``ChoosePin`` (or a wrong PIN) leads to CONFIRMING_LAST_TRY,
which only ``ConfirmLastTry(staff_id)`` or a visual check leaves. Every failure is
an ``Outcome`` with a message code; the visit can always be registered with
``RegisterFallback`` (marked for re-check) or looked up by numbers with
``QueryByNumbers``. ``Cancel`` works in every non-terminal state, and so does the
cancellation token passed in: a set token turns the next event into CANCELLED.

Usage (the UI runs ``handle`` in a worker; nothing here starts threads)::

    flow = CheckInFlow(CheckInDeps(...), staff_id="s1")
    step = flow.wait_for_card(timeout=1.0)       # or flow.handle(CardPresented(session))
    step = flow.handle(ChoosePin())
    step = flow.handle(EnterPin("1234"))
    step = flow.handle(GiveConsent({ConsentItem.MEDICATION: True, ...}))
    step = flow.handle(RegisterVisit())           # step.visit is the created visit

Crash safety: the eligibility check (result, consents, how it was established)
is stored before ``SHOWING_RESULT`` is returned, and the audit log records each
card read, consent and query as it happens.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from clinic_app.core.consent import DEFAULT_ENABLED_ITEMS, Consent, ConsentItem
from clinic_app.core.eligibility import EligibilityResult
from clinic_app.core.errors import KnownError
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.matching import MatchReport
from clinic_app.services.checkin_card import WAIT_SLICE, CardSteps, wait_in_slices
from clinic_app.services.checkin_rules import (
    audit_code,
    certificate_status,
    classify_result,
    match_result,
)
from clinic_app.services.checkin_types import (
    RETRYABLE_OUTCOMES,
    TRANSITIONS,
    Cancel,
    CardPresented,
    CardWithdrawn,
    CertificateStatus,
    CheckInState,
    CheckInUsageError,
    ChoosePin,
    ConfirmLastTry,
    ConfirmVisualCheck,
    EnterPin,
    Event,
    FallbackKind,
    GiveConsent,
    NextAction,
    Outcome,
    QueryByNumbers,
    RegisterFallback,
    RegisterVisit,
    RetryQuery,
    Step,
    UseFaceResult,
    allowed_events,
    next_action_for,
)
from clinic_app.services.checkin_visits import VisitWriter
from clinic_app.services.errors import (
    classify_query_error,
    service_message_of,
)
from clinic_app.services.patients import NameNeedsReview
from clinic_app.services.ports import (
    CardFactory,
    CardReaderPort,
    Clock,
    EligibilityPort,
    EstablishedBy,
    Repositories,
)
from clinic_app.services.queue import CheckInAttempt

__all__ = [
    "TRANSITIONS",
    "WAIT_SLICE",
    "Cancel",
    "CardPresented",
    "CardWithdrawn",
    "CertificateStatus",
    "CheckInDeps",
    "CheckInFlow",
    "CheckInState",
    "CheckInUsageError",
    "ChoosePin",
    "ConfirmLastTry",
    "ConfirmVisualCheck",
    "EnterPin",
    "Event",
    "FallbackKind",
    "GiveConsent",
    "NameNeedsReview",
    "NextAction",
    "Outcome",
    "QueryByNumbers",
    "RegisterFallback",
    "RegisterVisit",
    "RetryQuery",
    "Step",
    "UseFaceResult",
    "allowed_events",
    "certificate_status",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckInDeps:
    """Everything a check-in needs, built once by the composition root."""

    eligibility: EligibilityPort
    repositories: Repositories
    card_factory: CardFactory
    clock: Clock
    reader: CardReaderPort | None = None
    consent_items: Sequence[ConsentItem] = DEFAULT_ENABLED_ITEMS


@dataclass(frozen=True, slots=True)
class _Query:
    """The last query, kept so that ``RetryQuery`` can repeat it (never a PIN)."""

    by_card: bool
    established_by: EstablishedBy
    consents: tuple[Consent, ...] = ()
    visual_staff: str | None = None  # staff who confirmed the photo (visual check)
    numbers: InsuranceNumbers | None = None
    birthdate: date | None = None
    source: FallbackKind | None = None


class CheckInFlow:
    """One patient's check-in; create a new flow for the next patient.

    ``patient_id`` is the patient staff started from (if any); ``cancel`` is a
    token the UI sets to abandon the flow from another thread.
    """

    def __init__(
        self,
        deps: CheckInDeps,
        *,
        staff_id: str,
        patient_id: str | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self._deps = deps
        self._repos = deps.repositories
        self._clock: Clock = deps.clock
        self._staff_id = staff_id
        self._patient_hint = patient_id
        self._cancel = cancel or threading.Event()
        self._writer = VisitWriter(self._repos, deps.clock, staff_id=staff_id)
        self._consent_items = tuple(deps.consent_items)
        self._card = CardSteps(deps.card_factory, deps.clock, audit=self._audit, make=self._make)
        self._last_query: _Query | None = None
        self._last_failure: Outcome | None = None
        self._lock = threading.RLock()
        self._step = self._make(CheckInState.WAITING_FOR_CARD, Outcome.WAITING_FOR_CARD)

    # ----------------------------------------------------------------- public

    @property
    def state(self) -> CheckInState:
        return self._step.state

    @property
    def step(self) -> Step:
        """The last step returned (what the screens show now)."""
        return self._step

    @property
    def cancel_token(self) -> threading.Event:
        return self._cancel

    def allowed_events(self) -> frozenset[type[object]]:
        return allowed_events(self.state)

    def wait_for_card(self, timeout: float) -> Step:
        """Block up to ``timeout`` seconds for a card on the configured reader."""
        self._require(CardPresented)
        if self._cancel.is_set():
            return self._do_cancel()
        reader = self._deps.reader
        if reader is None:
            raise CheckInUsageError("no reader configured; pass CardPresented from the watcher")
        try:
            session = wait_in_slices(reader, timeout, self._cancel)
        except KnownError as error:
            return self._emit(
                self._make(
                    CheckInState.WAITING_FOR_CARD, Outcome.READER_UNAVAILABLE, error_code=error.code
                )
            )
        with self._lock:
            if session is None:
                if self._cancel.is_set():
                    return self._do_cancel()
                return self._emit(self._make(self.state, Outcome.NO_CARD_YET))
            if (self.state, CardPresented) not in TRANSITIONS:
                session.close()  # the flow moved on (cancelled) while we waited
                return self._step
            return self.handle(CardPresented(session))

    def handle(self, event: Event) -> Step:
        """Apply one event; returns the new ``Step``. Raises ``CheckInUsageError``
        for an event the current state does not accept.

        Events are applied one at a time (a lock serialises callers from the UI
        worker and the card watcher); to stop a running query, set the cancel token.
        """
        with self._lock:
            allowed = self._require(type(event))
            if self._cancel.is_set() or isinstance(event, Cancel):
                return self._do_cancel()
            step = self._dispatch(event)
            if step.state not in allowed:
                raise CheckInUsageError(
                    f"bug: {type(event).__name__} led {self.state.value} to {step.state.value}"
                )
            return self._emit(step)

    # --------------------------------------------------------------- handlers

    def _dispatch(self, event: Event) -> Step:
        match event:
            case CardPresented():
                return self._on_card(event)
            case CardWithdrawn():
                return self._on_withdrawn(event)
            case ChoosePin():
                return self._on_choose_pin(event)
            case ConfirmLastTry():
                return self._on_confirm_last_try(event)
            case EnterPin():
                return self._on_pin(event)
            case ConfirmVisualCheck():
                return self._on_visual(event)
            case GiveConsent():
                return self._on_consent(event)
            case RetryQuery():
                return self._on_retry(event)
            case QueryByNumbers():
                return self._on_numbers(event)
            case UseFaceResult():
                return self._on_face(event)
            case RegisterVisit():
                return self._on_register(event)
            case RegisterFallback():
                return self._on_fallback(event)
            case Cancel():
                return self._do_cancel()
        raise CheckInUsageError(f"unknown event {event!r}")

    def _on_card(self, event: CardPresented) -> Step:
        return self._card.read(event.session)

    def _on_choose_pin(self, event: ChoosePin) -> Step:
        return self._card.choose_pin()

    def _on_confirm_last_try(self, event: ConfirmLastTry) -> Step:
        return self._card.confirm_last_try(event.staff_id)

    def _on_pin(self, event: EnterPin) -> Step:
        return self._card.enter_pin(event.pin, self._step.tries_left)

    def _on_visual(self, event: ConfirmVisualCheck) -> Step:
        return self._card.confirm_visual(event.staff_id)

    def _on_consent(self, event: GiveConsent) -> Step:
        asked = set(self._consent_items)
        given = set(event.answers)
        if given != asked:
            raise CheckInUsageError(
                "consent answers must cover exactly the enabled items: "
                f"missing {sorted(i.name for i in asked - given)}, "
                f"extra {sorted(i.name for i in given - asked)}"
            )
        now = self._now()
        consents = tuple(
            Consent.given(item, bool(event.answers[item]), now) for item in self._consent_items
        )
        self._audit(
            "consent",
            {
                item.name.lower(): "1" if c.agreed else "2"
                for item, c in zip(self._consent_items, consents, strict=True)
            },
        )
        visual_staff = self._card.visual_staff
        method = EstablishedBy.CARD_VISUAL if visual_staff else EstablishedBy.CARD_PIN
        query = _Query(
            by_card=True,
            established_by=method,
            consents=consents,
            visual_staff=visual_staff,
        )
        return self._run_query(query)

    def _on_retry(self, event: RetryQuery) -> Step:
        if self._last_query is None or self._last_failure not in RETRYABLE_OUTCOMES:
            return self._make(
                CheckInState.NEEDS_FALLBACK, self._last_failure or Outcome.SERVICE_ERROR
            )
        if self._last_query.by_card and not self._card.present:
            # the card left the reader meanwhile: read it again (PIN included)
            return self._make(CheckInState.WAITING_FOR_CARD, Outcome.CARD_REMOVED)
        return self._run_query(self._last_query)

    def _on_numbers(self, event: QueryByNumbers) -> Step:
        self._card.close()  # the card path is abandoned (PIN state dropped)
        self._card.forget_visual_check()
        if event.source is FallbackKind.QUALIFICATION_NOTICE:
            method = EstablishedBy.QUALIFICATION_NOTICE
        else:
            method = EstablishedBy.NUMBERS
        query = _Query(
            by_card=False,
            established_by=method,
            numbers=event.numbers,
            birthdate=event.birthdate,
            source=event.source,
        )
        return self._run_query(query)

    def _on_face(self, event: UseFaceResult) -> Step:
        self._audit("eligibility_query", {"method": EstablishedBy.FACE_READER.value})
        return self._accept_result(event.result, EstablishedBy.FACE_READER, (), None)

    def _on_register(self, event: RegisterVisit) -> Step:
        current = self._step
        patient_id: str | None
        if event.new_patient is not None:
            patient_id = self._writer.register_patient(
                event.new_patient, names_reviewed=event.names_reviewed
            )
        else:
            patient_id = event.patient_id or (current.match.patient_id if current.match else None)
        if patient_id is None:
            return replace(
                current,
                outcome=Outcome.PATIENT_SELECTION_REQUIRED,
                next_action=NextAction.SELECT_PATIENT,
            )
        self._writer.keep_learned(patient_id, current.check_id, current.consents)
        attempt = self._writer.create_visit(
            patient_id=patient_id,
            established_by=current.established_by or EstablishedBy.NUMBERS,
            check_id=current.check_id,
            needs_recheck=False,
            numbers=self._last_query.numbers if self._last_query else None,
            confirm_duplicate=event.confirm_duplicate,
        )
        return self._visit_step(attempt, Outcome.VISIT_REGISTERED)

    def _on_fallback(self, event: RegisterFallback) -> Step:
        if event.kind.needs_numbers and event.numbers is None:
            raise CheckInUsageError(f"{event.kind.value} needs the numbers")
        basis = self._writer.fallback_basis(event.kind, event.patient_id, event.numbers)
        if basis is None:
            return replace(
                self._step, outcome=Outcome.NO_LAST_KNOWN, next_action=NextAction.USE_FALLBACK
            )
        reason = (self._last_failure or Outcome.NO_CARD_YET).value
        self._audit(
            "fallback_used",
            {"kind": event.kind.value, "reason": reason},
            patient_id=event.patient_id,
        )
        attempt = self._writer.create_visit(
            patient_id=event.patient_id,
            established_by=event.kind.established_by,
            check_id=basis.check_id,
            needs_recheck=True,
            numbers=basis.numbers,
            reason=reason,
            confirm_duplicate=event.confirm_duplicate,
        )
        return self._visit_step(attempt, Outcome.VISIT_REGISTERED_FOR_RECHECK)

    def _on_withdrawn(self, event: CardWithdrawn) -> Step:
        if self.state in (
            CheckInState.CHOOSING_VERIFICATION,
            CheckInState.CONFIRMING_LAST_TRY,
            CheckInState.ENTERING_PIN,
            CheckInState.ASKING_CONSENT,
        ):
            self._card.close()
            return self._make(CheckInState.WAITING_FOR_CARD, Outcome.CARD_REMOVED)
        self._card.close()
        return self._step

    # ------------------------------------------------------------- internals

    def _run_query(self, query: _Query) -> Step:
        self._last_query = query
        try:
            answers = {c.item: c.agreed for c in query.consents}
            if query.by_card and query.visual_staff is not None:
                result = self._deps.eligibility.query_by_card_visual_check(
                    self._card.certificate_der, answers, query.visual_staff
                )
            elif query.by_card:
                result = self._deps.eligibility.query_by_card(self._card.prove, answers)
            else:
                assert query.numbers is not None and query.birthdate is not None
                result = self._deps.eligibility.query_by_numbers(query.numbers, query.birthdate)
        except KnownError as error:
            from clinic_app.card.errors import CardError

            if isinstance(error, CardError):
                self._audit(
                    "eligibility_query",
                    {
                        "method": query.established_by.value,
                        "outcome": "card_error",
                        "error": error.code,
                    },
                )
                return self._card.failure(error)
            outcome = classify_query_error(error)
            if query.visual_staff is not None and outcome is Outcome.SERVICE_ERROR:
                # the service refused the card's certificate (expired past grace,
                # unknown issuer...): asking again cannot help, a fallback can
                outcome = Outcome.CARD_REJECTED
            self._audit(
                "eligibility_query",
                {
                    "method": query.established_by.value,
                    "outcome": outcome.value,
                    "error": error.code,
                },
            )
            return self._failure(
                outcome, error_code=error.code, service_message=service_message_of(error)
            )
        if self._cancel.is_set():
            # what was learned is kept; the flow still ends here
            self._store_check(result, query)
            return self._do_cancel()
        return self._accept_result(result, query.established_by, query.consents, query)

    def _accept_result(
        self,
        result: EligibilityResult,
        method: EstablishedBy,
        consents: tuple[Consent, ...],
        query: _Query | None,
    ) -> Step:
        check_id = self._store_check(result, query, method=method, consents=consents)
        outcome = classify_result(result)
        service_message = result.processing_message or result.header.error_message
        self._audit(
            "eligibility_query",
            {
                "method": method.value,
                "outcome": outcome.value,
                "check_id": check_id,
                "validity": audit_code(result.validity.raw if result.validity else ""),
            },
        )
        if outcome is not Outcome.RESULT_VALID:
            return self._failure(
                outcome,
                service_message=service_message,
                result=result,
                check_id=check_id,
                established_by=method,
            )
        match = self._match(result)
        return self._make(
            CheckInState.SHOWING_RESULT,
            Outcome.RESULT_VALID,
            result=result,
            established_by=method,
            match=match,
            check_id=check_id,
            consents=consents,
            service_message=service_message,
        )

    def _store_check(
        self,
        result: EligibilityResult,
        query: _Query | None,
        *,
        method: EstablishedBy | None = None,
        consents: tuple[Consent, ...] = (),
    ) -> str:
        record = self._repos.eligibility.save_check(
            patient_id=self._patient_hint,
            checked_at=self._now(),
            established_by=method or (query.established_by if query else EstablishedBy.NUMBERS),
            result=result,
            numbers=query.numbers if query else None,
            consents=consents or (query.consents if query else ()),
        )
        return record.check_id

    def _match(self, result: EligibilityResult) -> MatchReport | None:
        return match_result(self._repos.patients, result, self._patient_hint)

    def _visit_step(self, attempt: CheckInAttempt, outcome: Outcome) -> Step:
        if attempt.visit is None:
            return replace(
                self._step,
                outcome=Outcome.DUPLICATE_CHECK_IN,
                next_action=NextAction.CONFIRM_DUPLICATE,
                duplicate_of=attempt.duplicate_of,
            )
        self._card.close()
        return self._make(
            CheckInState.COMPLETED,
            outcome,
            visit=attempt.visit,
            duplicate_of=attempt.duplicate_of,
            result=self._step.result,
            established_by=attempt.visit.established_by,
            match=self._step.match,
            check_id=attempt.visit.check_id,
            consents=self._step.consents,
        )

    def _failure(self, outcome: Outcome, **fields: object) -> Step:
        self._last_failure = outcome
        return self._make(
            CheckInState.NEEDS_FALLBACK,
            outcome,
            retryable=outcome in RETRYABLE_OUTCOMES,
            **fields,
        )

    def _require(self, event_type: type[object]) -> frozenset[CheckInState]:
        allowed = TRANSITIONS.get((self.state, event_type))
        if allowed is None:
            raise CheckInUsageError(f"{event_type.__name__} is not accepted in {self.state.value}")
        return allowed

    def _do_cancel(self) -> Step:
        if self.state is CheckInState.CANCELLED:
            return self._step
        self._card.close()
        self._audit("checkin_cancelled", {"state": self.state.value})
        return self._emit(self._make(CheckInState.CANCELLED, Outcome.CANCELLED))

    def _make(self, state: CheckInState, outcome: Outcome, **fields: object) -> Step:
        match = fields.get("match")
        has_patient = isinstance(match, MatchReport) and match.patient_id is not None
        return Step(
            state=state,
            outcome=outcome,
            next_action=next_action_for(state, outcome, has_patient=has_patient),
            consent_items=self._consent_items,
            **fields,  # type: ignore[arg-type]
        )

    def _emit(self, step: Step) -> Step:
        with self._lock:
            self._step = step
        log.info("check-in %s → %s", step.outcome.value, step.state.value)
        return step

    def _now(self) -> datetime:
        return self._clock()

    def _audit(
        self,
        event: str,
        detail: dict[str, str],
        *,
        staff_id: str | None = None,
        patient_id: str | None = None,
    ) -> None:
        self._repos.audit.append(
            event,
            staff_id=staff_id or self._staff_id,
            patient_id=patient_id or self._patient_hint,
            detail=detail,
        )
