"""A check-in flow wired to fakes, for the services' unit tests."""

from __future__ import annotations

import threading

from clinic_app.core.consent import ConsentItem
from clinic_app.services.checkin import (
    CardPresented,
    CheckInDeps,
    CheckInFlow,
    ChoosePin,
    EnterPin,
    Step,
)
from tests.helpers.services_fakes import (
    FakeCard,
    FakeEligibility,
    FakeReader,
    FakeSession,
    MemoryStore,
    SteppingClock,
)


class Desk:
    """One flow with its fakes."""

    def __init__(
        self,
        *,
        card: FakeCard | None = None,
        replies: list[object] | None = None,
        patient_id: str | None = None,
        consent_items: tuple[ConsentItem, ...] | None = None,
        reader: FakeReader | None = None,
    ) -> None:
        self.card = card or FakeCard()
        self.service = FakeEligibility(replies or [])  # type: ignore[arg-type]
        self.store = MemoryStore()
        self.clock = SteppingClock()
        self.session = FakeSession()
        self.cancel = threading.Event()
        extra = {} if consent_items is None else {"consent_items": consent_items}
        self.deps = CheckInDeps(
            eligibility=self.service,
            repositories=self.store.repositories(),
            card_factory=lambda session: self.card,
            clock=self.clock,
            reader=reader,
            **extra,  # type: ignore[arg-type]
        )
        self.flow = CheckInFlow(
            self.deps, staff_id="staff-1", patient_id=patient_id, cancel=self.cancel
        )

    def tap(self) -> Step:
        return self.flow.handle(CardPresented(self.session))

    def to_consent(self, pin: str = "1234") -> Step:
        self.tap()
        self.flow.handle(ChoosePin())
        return self.flow.handle(EnterPin(pin))
