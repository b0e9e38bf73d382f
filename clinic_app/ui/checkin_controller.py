# mypy: allow-subclassing-any, allow-untyped-decorators
"""Drives one :class:`~clinic_app.services.checkin.CheckInFlow` from the desk.

The flow is synchronous and does I/O (card, service, database), so every event
is handled through the :class:`~clinic_app.ui.worker.Worker`; the resulting
``Step`` comes back on the GUI thread and updates the desk and the patient
screen. Only one event is in flight at a time. Cancel abandons the flow at once
(its token stops the work; a late result is dropped) and the next card tap or
"new check-in" starts a fresh flow.

Signals:
    step_changed(object)   the new Step
    busy_changed(bool)     slow work started / ended (the desk shows a cancel button)
    visit_registered(object)  the Step with the created visit (refresh the queue)
    failed(object)         an exception that is not a check-in outcome (a bug or environment)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import EligibilityResult
from clinic_app.services.checkin import CheckInFlow
from clinic_app.services.checkin_types import (
    Cancel,
    CardPresented,
    CardWithdrawn,
    CheckInState,
    ChoosePin,
    ConfirmLastTry,
    ConfirmVisualCheck,
    EnterPin,
    Event,
    GiveConsent,
    Outcome,
    QueryByNumbers,
    RegisterFallback,
    RegisterVisit,
    RetryQuery,
    Step,
    UseFaceResult,
)
from clinic_app.services.ports import CardSession
from clinic_app.ui.patient_screen import PatientScreen
from clinic_app.ui.qt import QObject, QTimer, Signal
from clinic_app.ui.worker import Task, Worker

log = logging.getLogger(__name__)

#: Builds a fresh flow: (patient_id hint, cancel token) → flow.
FlowFactory = Callable[[str | None, threading.Event], CheckInFlow]

#: How long the patient screen says "done" before inviting the next card.
DONE_SCREEN_MS = 8000


class CheckInController(QObject):
    """One desk's check-in: flow + worker + patient screen."""

    step_changed = Signal(object)
    busy_changed = Signal(bool)
    visit_registered = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        flow_factory: FlowFactory,
        worker: Worker,
        patient_screen: PatientScreen,
        *,
        staff_id: str,
        auto_pin: bool = True,
    ) -> None:
        super().__init__()
        self._flow_factory = flow_factory
        self._worker = worker
        self._patient = patient_screen
        self.staff_id = staff_id
        self.auto_pin = auto_pin
        self._flow: CheckInFlow | None = None
        self._task: Task | None = None
        self._patient_hint: str | None = None
        self._last_register: RegisterVisit | RegisterFallback | None = None
        self.step: Step | None = None
        self._done_timer = QTimer(self)
        self._done_timer.setSingleShot(True)
        self._done_timer.timeout.connect(self._patient.show_welcome)
        patient_screen.pin_entered.connect(self._on_pin)
        patient_screen.pin_cancelled.connect(self._on_pin_cancelled)
        patient_screen.consent_answered.connect(self._on_consent)

    # ------------------------------------------------------------ state

    @property
    def busy(self) -> bool:
        return self._task is not None

    @property
    def flow(self) -> CheckInFlow | None:
        return self._flow

    @property
    def state(self) -> CheckInState | None:
        return None if self._flow is None else self._flow.state

    def allowed(self, event_type: type[Any]) -> bool:
        if self._flow is None or self.busy:
            return False
        return event_type in self._flow.allowed_events()

    @property
    def patient_hint(self) -> str | None:
        return self._patient_hint

    # ------------------------------------------------------------ starting

    def start(self, patient_id: str | None = None) -> Step:
        """Begin a new check-in (abandoning any unfinished one)."""
        self._abandon()
        self._patient_hint = patient_id
        self._flow = self._flow_factory(patient_id, threading.Event())
        self._last_register = None
        self._done_timer.stop()
        self._patient.show_welcome()
        return self._apply(self._flow.step)

    def set_patient_hint(self, patient_id: str | None) -> None:
        """The patient staff selected; used for fallbacks of the next/current flow."""
        self._patient_hint = patient_id

    def _ensure_flow_for(self, event_type: type[Any]) -> None:
        if self._flow is None or self._flow.state.terminal or not self.allowed(event_type):
            if self.busy:
                return
            self.start(self._patient_hint)

    # ------------------------------------------------------------ inputs

    def card_presented(self, session: CardSession) -> None:
        """A card arrived on the reader (from the card watcher, GUI thread).

        With ``auto_pin`` the card read and the move to the PIN pad happen in one
        background call (one thread hop instead of two), when the card allows it.
        """
        if self.busy:
            log.info("card presented while busy; ignored")
            return
        self._ensure_flow_for(CardPresented)
        self.send(CardPresented(session), then=self._pin_after_read if self.auto_pin else None)

    @staticmethod
    def _pin_after_read(step: Step) -> Event | None:
        if (
            step.state is CheckInState.CHOOSING_VERIFICATION
            and step.pin_allowed
            and step.outcome in (Outcome.CARD_READ, Outcome.CERTIFICATE_EXPIRED_IN_GRACE)
        ):
            return ChoosePin()
        return None

    def card_removed(self) -> None:
        if self._flow is None or self._flow.state.terminal or self.busy:
            return
        if self.allowed(CardWithdrawn):
            self.send(CardWithdrawn())

    def face_result(self, result: EligibilityResult) -> None:
        """A certified face reader dropped a result in the terminal's face folder."""
        if self.busy:
            return
        self._ensure_flow_for(UseFaceResult)
        self.send(UseFaceResult(result))

    def choose_pin(self) -> None:
        self.send(ChoosePin())

    def confirm_last_try(self) -> None:
        self.send(ConfirmLastTry(self.staff_id))

    def confirm_visual_check(self) -> None:
        self.send(ConfirmVisualCheck(self.staff_id))

    def retry(self) -> None:
        self.send(RetryQuery())

    def query_by_numbers(self, event: QueryByNumbers) -> None:
        self._ensure_flow_for(QueryByNumbers)
        self.send(event)

    def register(self, event: RegisterVisit | RegisterFallback) -> None:
        if isinstance(event, RegisterFallback):
            self._ensure_flow_for(RegisterFallback)
        self._last_register = event
        self.send(event)

    def confirm_duplicate(self) -> None:
        """Register again although the patient is already in today's queue."""
        last = self._last_register
        if isinstance(last, RegisterVisit):
            self.register(
                RegisterVisit(last.patient_id, last.new_patient, last.names_reviewed, True)
            )
        elif isinstance(last, RegisterFallback):
            self.register(RegisterFallback(last.kind, last.patient_id, last.numbers, True))

    def cancel(self) -> None:
        """Stop whatever is running and abandon the check-in."""
        had_flow = self._flow is not None and not self._flow.state.terminal
        self._abandon()
        self._patient.show_welcome()
        if had_flow:
            flow = self._flow_factory(self._patient_hint, threading.Event())
            cancelled = flow.handle(Cancel())
            self._flow = flow
            self._apply(cancelled)

    def _abandon(self) -> None:
        if self._flow is not None:
            self._flow.cancel_token.set()
        if self._task is not None:
            task, self._task = self._task, None
            task.cancel()
            self.busy_changed.emit(False)
        self._flow = None

    # ------------------------------------------------------------ sending

    def send(
        self, event: Event, *, then: Callable[[Step], Event | None] | None = None
    ) -> Task | None:
        """Handle ``event`` in the worker; ignored while another event is in flight.

        ``then`` may name a follow-up event from the resulting step, handled in
        the same background call (the desk sees the final step).
        """
        flow = self._flow
        if flow is None or self.busy:
            return None
        if type(event) not in flow.allowed_events():
            log.info("event %s not allowed in %s", type(event).__name__, flow.state.value)
            return None

        def work() -> Step:
            step = flow.handle(event)
            follow_up = then(step) if then is not None else None
            if follow_up is not None and type(follow_up) in flow.allowed_events():
                step = flow.handle(follow_up)
            return step

        task = self._worker.run(
            work,
            on_success=lambda step: self._finished(flow, step),
            on_failure=lambda error: self._crashed(flow, error),
            cancel_event=flow.cancel_token,
        )
        if not task.done:  # a synchronous executor has delivered already
            self._task = task
            self.busy_changed.emit(True)
        return task

    def _finished(self, flow: CheckInFlow, step: Step) -> None:
        was_busy = self._task is not None
        self._task = None
        if was_busy:
            self.busy_changed.emit(False)
        if flow is not self._flow:
            return  # abandoned meanwhile
        self._apply(step)

    def _crashed(self, flow: CheckInFlow, error: BaseException) -> None:
        was_busy = self._task is not None
        self._task = None
        if was_busy:
            self.busy_changed.emit(False)
        if flow is self._flow:
            self._patient.show_ask_staff()
            self.failed.emit(error)

    # ------------------------------------------------------------ rendering

    def _apply(self, step: Step) -> Step:
        self.step = step
        self._drive_patient_screen(step)
        self.step_changed.emit(step)
        if step.state is CheckInState.COMPLETED and step.visit is not None:
            self.visit_registered.emit(step)
        if (
            self.auto_pin
            and step.state is CheckInState.CHOOSING_VERIFICATION
            and step.pin_allowed
            and step.outcome in (Outcome.CARD_READ, Outcome.CERTIFICATE_EXPIRED_IN_GRACE)
        ):
            QTimer.singleShot(0, self._auto_choose_pin)
        return step

    def _auto_choose_pin(self) -> None:
        if self.state is CheckInState.CHOOSING_VERIFICATION and not self.busy:
            self.choose_pin()

    def _drive_patient_screen(self, step: Step) -> None:
        screen = self._patient
        state = step.state
        if step.outcome is Outcome.CARD_LOCKED:
            screen.show_ask_staff(locked=True)
        elif state is CheckInState.ENTERING_PIN:
            screen.ask_pin(step.tries_left, wrong_before=step.outcome is Outcome.WRONG_PIN)
        elif state is CheckInState.ASKING_CONSENT:
            screen.ask_consent(step.consent_items)
        elif state in (CheckInState.CHOOSING_VERIFICATION, CheckInState.SHOWING_RESULT):
            screen.show_staff_checking(with_card=_card_on_reader(step))
        elif state is CheckInState.CONFIRMING_LAST_TRY or state is CheckInState.NEEDS_FALLBACK:
            screen.show_ask_staff()
        elif state is CheckInState.COMPLETED:
            screen.show_done(with_card=_card_on_reader(step))
            self._done_timer.start(DONE_SCREEN_MS)
        elif state is CheckInState.WAITING_FOR_CARD:
            if step.outcome in (Outcome.WAITING_FOR_CARD, Outcome.NO_CARD_YET):
                screen.show_welcome()
            else:
                screen.show_ask_staff()
        elif state is CheckInState.CANCELLED:
            screen.show_welcome()

    # ------------------------------------------------------------ patient inputs

    def _on_pin(self, pin: str) -> None:
        self.send(EnterPin(pin))

    def _on_pin_cancelled(self) -> None:
        self._patient.show_ask_staff()

    def _on_consent(self, answers: dict[ConsentItem, bool]) -> None:
        self.send(GiveConsent(answers))


#: How eligibility can be established with the patient's card on the desk reader.
_CARD_WAYS = frozenset({"card_pin", "card_visual"})


def _card_on_reader(step: Step) -> bool:
    """False when the patient was checked in without a card on the reader (numbers, forms)."""
    how = step.established_by
    if how is None and step.visit is not None:
        how = step.visit.established_by
    return how is None or how.value in _CARD_WAYS
