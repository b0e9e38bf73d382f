"""Drives the whole desk through its widgets: login, card taps, patient screen, result.

Used by tests/ui/desk and bench/desk.py. The backend is the real demo wiring
(sandbox over HTTPS on 127.0.0.1, simulated reader, SQLite); only the executor
is synchronous unless a test asks for threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clinic_app.core.consent import ConsentItem
from clinic_app.services.checkin_types import CheckInState, Step
from clinic_app.ui.app import DeskApp
from clinic_app.ui.errors import ErrorPresenter, UserMessage
from clinic_app.ui.qt import QApplication
from clinic_app.ui.reception import ReceptionWindow
from clinic_app.ui.worker import Executor, SynchronousExecutor, Worker
from clinic_app.wiring import DEMO_ACCOUNTS, Backend


def process_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    """Run the Qt event loop until ``condition`` holds (bounded); no fixed sleeps."""
    import time

    deadline = time.monotonic() + timeout_s
    app = QApplication.instance()
    assert app is not None
    while not condition():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.001)
    return True


class DeskHarness:
    """One DeskApp over a backend, with helpers that click like a receptionist."""

    def __init__(self, backend: Backend, executor: Executor | None = None) -> None:
        self.backend = backend
        self.messages: list[UserMessage] = []
        self.errors = ErrorPresenter(show=self.messages.append)
        self.worker = Worker(executor or SynchronousExecutor(), default_failure=self.errors.present)
        self.app = DeskApp(
            self.worker, self.errors, None, demo_accounts=DEMO_ACCOUNTS,
            show_patient_screen=True,
        )  # fmt: skip
        self.app.set_backend(backend)
        self.steps: list[Step] = []

    # ------------------------------------------------------------ login

    def login(self, username: str = "uketsuke", password: str | None = None) -> ReceptionWindow:
        account = next((a for a in DEMO_ACCOUNTS if a.username == username), None)
        window = self.app.login_window
        window.fill(username, password if password is not None else account.password)
        window.login_button.click()
        assert process_until(lambda: self.app.reception is not None
                             and self.app.reception.isVisible())  # fmt: skip
        reception = self.reception
        if self.app.controller is not None:
            self.app.controller.step_changed.connect(self.steps.append)
        return reception

    @property
    def reception(self) -> ReceptionWindow:
        assert self.app.reception is not None
        return self.app.reception

    @property
    def step(self) -> Step | None:
        controller = self.app.controller
        return None if controller is None else controller.step

    # ------------------------------------------------------------ cards

    def person(self, case: str) -> Any:
        assert self.backend.demo is not None
        return self.backend.demo.population.by_case(case)

    def tap(self, case: str, *, until: Callable[[Step], bool] | None = None) -> Step:
        """Tap the person's card from the demo panel and wait for the card to be read."""
        person = self.person(case)
        before = len(self.steps)
        assert self.app.demo_panel is not None
        self.app.demo_panel.tap(person.person_key)
        wanted = until or (lambda s: s.state is not CheckInState.WAITING_FOR_CARD
                           or s.outcome.value != "waiting_for_card")  # fmt: skip
        assert process_until(lambda: any(wanted(s) for s in self.steps[before:])), self.steps[-3:]
        assert process_until(lambda: not self.app.controller.busy)
        step = self.step
        assert step is not None
        return step

    def remove_card(self) -> None:
        if self.backend.demo is not None:
            self.backend.demo.reader.remove()

    # ------------------------------------------------------------ patient screen

    def enter_pin(self, pin: str) -> Step:
        screen = self.app.patient_screen
        assert screen.current_page is screen.page_pin
        for digit in pin:
            screen.digit_buttons[digit].click()
        screen.ok_button.click()
        assert process_until(lambda: not self.app.controller.busy)
        return self.step  # type: ignore[return-value]

    def consent(self, answers: dict[ConsentItem, bool] | None = None, *,
                all_at_once: bool | None = None) -> Step:  # fmt: skip
        """Answer on the patient screen: one by one (answers) or all at once (bool)."""
        screen = self.app.patient_screen
        if all_at_once is not None:
            if screen.current_page is screen.page_mode:
                screen.mode_all_button.click()
            (screen.all_agree_button if all_at_once else screen.all_disagree_button).click()
        else:
            if screen.current_page is screen.page_mode:
                screen.mode_one_button.click()
            for item in screen._items:
                agree = (answers or {}).get(item, True)
                (screen.item_agree_button if agree else screen.item_disagree_button).click()
        assert screen.current_page is screen.page_notice
        screen.notice_ok_button.click()
        assert process_until(lambda: not self.app.controller.busy, 30)
        return self.step  # type: ignore[return-value]

    def check_in_with_pin(self, case: str, *, agree: bool = True) -> Step:
        person = self.person(case)
        step = self.tap(case, until=lambda s: s.state is not CheckInState.WAITING_FOR_CARD
                        and s.state is not CheckInState.CHOOSING_VERIFICATION)  # fmt: skip
        if step.state is not CheckInState.ENTERING_PIN:
            return step
        step = self.enter_pin(person.pin)
        if step.state is not CheckInState.ASKING_CONSENT:
            return step
        return self.consent(all_at_once=agree)

    def register(self) -> Step:
        panel = self.reception.result_panel
        assert panel.register_button.isEnabled()
        if not panel.names_reviewed_check.isHidden():
            panel.names_reviewed_check.setChecked(True)
        panel.register_button.click()
        assert process_until(lambda: not self.app.controller.busy)
        return self.step  # type: ignore[return-value]

    def close(self) -> None:
        reception = self.app.reception
        if reception is not None:
            for dialog in (reception.duplicate_box, reception.open_dialog):
                if dialog is not None:
                    dialog.close()
        self.app.cards.stop()
        self.remove_card()
        if self.app.controller is not None:
            self.app.controller.cancel()
        self.worker.shutdown(5000)
        for widget in (self.app.reception, self.app.login_window, self.app.patient_screen):
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        QApplication.processEvents()
