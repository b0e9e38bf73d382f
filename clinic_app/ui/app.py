# mypy: allow-subclassing-any, allow-untyped-decorators
"""The Qt half of the composition root: windows, card watcher, idle lock, language.

:func:`run_desk` shows the login window at once and builds the backend (database,
sandbox or service, reader) in the worker meanwhile, so the app is on screen
fast. :class:`DeskApp` then moves between login, reception and lock. The
backend is duck-typed (``clinic_app.wiring.Backend``) so this module does not
import the adapters.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from clinic_app.ui import i18n
from clinic_app.ui.checkin_controller import CheckInController
from clinic_app.ui.demo_panel import CardsOnDeskPanel, DemoPerson
from clinic_app.ui.errors import ErrorPresenter
from clinic_app.ui.idle_lock import IdleLock
from clinic_app.ui.login import LoginWindow
from clinic_app.ui.patient_screen import PatientScreen
from clinic_app.ui.qt import QApplication, QObject, QTimer, QWidget, Signal, Slot, translate
from clinic_app.ui.reception import ReceptionWindow
from clinic_app.ui.session import DemoAccount, StaffSession
from clinic_app.ui.worker import ThreadPoolExecutor, Worker

log = logging.getLogger(__name__)


class CardWatcherBridge(QObject):
    """Forwards a reader watcher's callbacks (its own thread) to the GUI thread.

    Signals: ``present(object)`` with the card session, ``removed()``.
    """

    present = Signal(object)
    removed = Signal()
    _present_from_thread = Signal(object)
    _removed_from_thread = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._present_from_thread.connect(self._relay_present)
        self._removed_from_thread.connect(self._relay_removed)
        self.watcher: Any | None = None

    def on_present(self, session: object) -> None:
        self._present_from_thread.emit(session)

    def on_removed(self) -> None:
        self._removed_from_thread.emit()

    @Slot(object)
    def _relay_present(self, session: object) -> None:
        self.present.emit(session)

    @Slot()
    def _relay_removed(self) -> None:
        self.removed.emit()

    def start(self, reader: Any) -> None:
        from clinic_app.readers.base import CardWatcher

        self.watcher = CardWatcher(reader, self.on_present, self.on_removed)
        self.watcher.start()

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop(timeout=3.0)
            self.watcher = None


class FaceResultBridge(QObject):
    """Parses results a face-recognition reader drops in ``face/`` and forwards them.

    Signals: ``result(object)`` with an ``EligibilityResult``.
    """

    result = Signal(object)
    _from_thread = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._from_thread.connect(self._relay)
        self.watcher: Any | None = None

    def on_file(self, _name: str, data: bytes) -> None:
        from clinic_app.core.errors import KnownError
        from clinic_app.eligibility.messages import parse_eligibility_reply

        try:
            parsed = parse_eligibility_reply(data)
        except KnownError as error:
            log.warning("face result not readable: %s", error.code)
            return
        self._from_thread.emit(parsed)

    @Slot(object)
    def _relay(self, value: object) -> None:
        self.result.emit(value)

    def start(self, root: Any) -> None:
        from clinic_app.eligibility.folder import FaceWatcher

        self.watcher = FaceWatcher(root, self.on_file)
        self.watcher.start()

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None


class _HistoryStaff:
    """The signed-in doctor as the history service sees staff (id and role)."""

    def __init__(self, staff_id: int, role: Any) -> None:
        self.id = staff_id
        self.role = role


class DeskApp(QObject):
    """Login → reception (by role) → lock/logout, over one backend.

    Signals: ``ready()`` once the backend is built; ``reception_shown(object)``.
    """

    ready = Signal()
    reception_shown = Signal(object)
    quit_requested = Signal()

    def __init__(
        self,
        worker: Worker,
        errors: ErrorPresenter,
        language: i18n.LanguageSwitch | None,
        *,
        demo_accounts: Sequence[DemoAccount] = (),
        fullscreen_patient: bool = False,
        patient_screen_index: int | None = None,
        show_patient_screen: bool = True,
        watch_cards: bool = True,
    ) -> None:
        super().__init__()
        self.worker = worker
        self.errors = errors
        self.language = language
        self.backend: Any | None = None
        self.session: StaffSession | None = None
        self.reception: ReceptionWindow | None = None
        self.controller: CheckInController | None = None
        self.demo_panel: CardsOnDeskPanel | None = None
        self.idle_lock: IdleLock | None = None
        self.history_window: QWidget | None = None
        self.fullscreen_patient = fullscreen_patient
        self.patient_screen_index = patient_screen_index
        self.show_patient_screen = show_patient_screen
        self.watch_cards = watch_cards
        self.cards = CardWatcherBridge()
        self.faces = FaceResultBridge()
        lang = language.language if language is not None else "ja"
        self.patient_screen = PatientScreen(lang)
        self.login_window = LoginWindow(
            self._authenticate, worker, language=lang, demo_accounts=demo_accounts
        )
        self.login_window.logged_in.connect(self._logged_in)
        self.login_window.closing.connect(self._window_closed)
        self.login_window.language_requested.connect(self.set_language)
        self.login_window.login_button.setEnabled(False)
        self.login_window.subtitle.setText(translate("LoginWindow", "Starting…"))
        self.cards.present.connect(self._card_present)
        self.cards.removed.connect(self._card_removed)
        self.faces.result.connect(self._face_result)

    # ------------------------------------------------------------ startup

    def start(self, build_backend: Callable[[], Any]) -> None:
        """Show the login window now; build the backend in the worker."""
        self.login_window.show()
        self.worker.run(build_backend, on_success=self.set_backend, on_failure=self._backend_failed)

    def set_backend(self, backend: Any) -> None:
        self.backend = backend
        self.login_window.login_button.setEnabled(True)
        self.login_window.retranslate()
        if getattr(backend, "clinic_name", ""):
            self.login_window.subtitle.setText(backend.clinic_name)
        self.patient_screen.set_language(
            getattr(backend, "language", "ja") if self.language is None else self.language.language
        )
        if self.watch_cards and backend.reader is not None:
            self.cards.start(backend.reader)
        if getattr(backend, "face_root", None) is not None:
            try:
                self.faces.start(backend.face_root)
            except Exception as error:  # the desk works without the face folder
                self.errors.present(error)
        self.login_window.username_edit.setFocus()
        self.ready.emit()

    def _backend_failed(self, error: BaseException) -> None:
        self.login_window.subtitle.setText(translate("LoginWindow", "Could not start"))
        self.errors.present(error)

    def _authenticate(self, username: str, password: str) -> StaffSession:
        if self.backend is None:
            raise RuntimeError("backend not ready")
        session: StaffSession = self.backend.authenticate(username, password)
        return session

    def set_language(self, language: str) -> None:
        if self.language is not None:
            self.language.install(language)
        self.login_window.retranslate()
        self.patient_screen.set_language(language)

    # ------------------------------------------------------------ sessions

    def _logged_in(self, session: StaffSession) -> None:
        if self.reception is not None and self.session is not None:
            if self.session.staff_id == session.staff_id:
                self._show_reception()
                return
            self._close_reception()
        self.session = session
        self._build_reception(session)
        self._show_reception()

    def _build_reception(self, session: StaffSession) -> None:
        backend = self.backend
        assert backend is not None
        self.controller = CheckInController(
            backend.flow_factory(session.staff_id),
            self.worker,
            self.patient_screen,
            staff_id=session.staff_id,
        )
        self.demo_panel = None
        demo = getattr(backend, "demo", None)
        if demo is not None:
            people = [
                DemoPerson(
                    p.person_key,
                    p.label,
                    p.case,
                    p.has_card,
                    pin=p.pin if p.has_card else None,
                    card_status=p.card_status,
                    tries_left=p.pin_tries_left if p.has_card else None,
                )
                for p in demo.population.catalogue()
            ]
            self.demo_panel = CardsOnDeskPanel(people)
            self.demo_panel.tapped.connect(self.tap_demo_card)
            self.demo_panel.removed.connect(demo.reader.remove)
            self.demo_panel.service_down.connect(self._demo_service_down)
            self.demo_panel.service_slow.connect(self._demo_service_slow)
        self.reception = ReceptionWindow(
            session,
            backend.desk_services(),
            self.controller,
            self.worker,
            self.errors,
            demo_panel=self.demo_panel,
            clinic_name=getattr(backend, "clinic_name", ""),
        )
        self.reception.closing.connect(self._window_closed)
        self.reception.lock_requested.connect(self.lock)
        self.reception.logout_requested.connect(self.logout)
        self.reception.settings_requested.connect(self.open_settings)
        self.reception.history_requested.connect(self.open_history)
        timeout = backend.idle_timeout_ms(session.role)
        self.idle_lock = None
        if timeout:
            self.idle_lock = IdleLock(timeout, self)
            self.idle_lock.locked.connect(self.lock)
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self.idle_lock)
        if session.can_check_in:
            self.controller.start()

    def _show_reception(self) -> None:
        assert self.reception is not None and self.session is not None
        self.login_window.hide()
        self.login_window.reset()
        self.reception.show()
        self.reception.refresh_queue()
        if self.idle_lock is not None:
            self.idle_lock.start()
        if self.show_patient_screen and self.session.can_check_in:
            self.patient_screen.show_on(
                fullscreen=self.fullscreen_patient, screen_index=self.patient_screen_index
            )
        self.reception_shown.emit(self.reception)

    def _close_reception(self) -> None:
        if self.history_window is not None:
            self.history_window.close()
            self.history_window = None
        if self.controller is not None:
            self.controller.cancel()
        if self.idle_lock is not None:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self.idle_lock)
            self.idle_lock.stop()
            self.idle_lock = None
        if self.reception is not None:
            self.reception.hide()
            self.reception.deleteLater()
        self.reception = None
        self.controller = None
        self.session = None

    def lock(self) -> None:
        """Hide patient data; only a login brings the desk back."""
        if self.session is None or self.reception is None:
            return
        if self.idle_lock is not None:
            self.idle_lock.stop()
        self.reception.hide()
        if self.history_window is not None:  # doctors' data never stays on a locked screen
            self.history_window.close()
            self.history_window = None
        self.patient_screen.show_welcome()
        self.login_window.show_locked(self.session.username)
        self.login_window.show()

    def logout(self) -> None:
        session = self.session
        self._close_reception()
        self.patient_screen.show_welcome()
        self.patient_screen.hide()
        backend = self.backend
        if session is not None and backend is not None:
            self.worker.run(lambda: backend.logout(session), on_failure=lambda _e: None)
        self.login_window.reset()
        self.login_window.show()

    def _window_closed(self) -> None:
        """Closing the login or reception window ends the app (the patient screen follows)."""
        self.patient_screen.close()
        self.quit_requested.emit()

    # ------------------------------------------------------------ cards

    def _card_present(self, session: object) -> None:
        desk_open = self.reception is not None and self.reception.isVisible()
        allowed = self.session is not None and self.session.can_check_in
        if self.controller is not None and desk_open and allowed:
            self.controller.card_presented(session)  # type: ignore[arg-type]

    def _card_removed(self) -> None:
        if self.controller is not None:
            self.controller.card_removed()

    def _face_result(self, result: object) -> None:
        if self.controller is not None and self.reception is not None:
            self.controller.face_result(result)  # type: ignore[arg-type]

    def tap_demo_card(self, person_key: str) -> None:
        """Demo: put the person's software card on the reader (or type their numbers)."""
        backend = self.backend
        demo = getattr(backend, "demo", None)
        if demo is None or self.reception is None:
            return
        person = demo.population.by_key(person_key)
        if person is None:
            return
        if person.has_card:
            demo.reader.place(demo.card_for(person_key))
            return
        from clinic_app.services.checkin_types import FallbackKind

        kind = (
            FallbackKind.OLD_CARD if "old" in person.case else FallbackKind.ELIGIBILITY_CERTIFICATE
        )
        self.reception.open_numbers_dialog(
            kind,
            prefill=(
                person.insurer_number,
                person.symbol,
                person.number,
                person.branch or "",
                person.birthdate.isoformat(),
            ),
        )

    def _demo_service_down(self, down: bool) -> None:
        faults = getattr(getattr(self.backend, "demo", None), "faults", None)
        if faults is not None:
            faults.http_status = 503 if down else None

    def _demo_service_slow(self, slow: bool) -> None:
        faults = getattr(getattr(self.backend, "demo", None), "faults", None)
        if faults is not None:
            faults.latency = 5.0 if slow else 0.0

    # ------------------------------------------------------------ role features

    def open_settings(self) -> None:
        session = self.session
        if session is None or not session.can_change_settings:
            return
        try:
            from clinic_app.secrets import KeyringSecretStore
            from clinic_app.settings import load_settings
            from clinic_app.ui.settings_dialog import SettingsDialog

            backend = self.backend

            def record(keys: list[str]) -> None:
                if backend is not None:
                    backend.repositories.audit.append(
                        "settings_change",
                        staff_id=session.staff_id,
                        patient_id=None,
                        detail={"keys": ",".join(keys)},
                    )

            dialog = SettingsDialog(
                load_settings(),
                role=session.role.value,
                secrets=KeyringSecretStore(),
                record_change=record,
                parent=self.reception,
            )
        except Exception as error:
            self.errors.present(error)
            return
        dialog.open()

    def open_history(self, patient_id: str) -> None:
        """Doctors only: the history view (today's patients, medication, checkups).

        ``patient_id`` is the clinic's patient number selected at the desk ("" for none).
        """
        session = self.session
        backend = self.backend
        if session is None or not session.can_view_histories or backend is None:
            return
        try:
            from clinic_app.services.histories import HistoryService, StoreHistoryPorts
            from clinic_app.ui.history.i18n import install_translator
            from clinic_app.ui.history.screen import DoctorScreen

            app = QApplication.instance()
            if app is not None and self.language is not None:
                install_translator(app, self.language.language)
            ports = StoreHistoryPorts(backend.database)
            # The eligibility client fetches YZK/TKK again while consent is valid.
            fetcher = getattr(backend, "eligibility", None)
            service = HistoryService(ports, fetcher, ports, clock=backend.clock)
            screen = DoctorScreen(
                service,
                self.worker,
                _HistoryStaff(int(session.staff_id), session.role),
                present_error=self.errors.present,
            )
        except Exception as error:
            self.errors.present(error)
            return
        screen.setWindowTitle(translate("DeskApp", "Histories"))
        screen.resize(1400, 900)
        self.history_window = screen
        screen.show()
        if patient_id:  # the patient selected at the desk opens at once
            screen.open_patient_number(patient_id)

    # ------------------------------------------------------------ shutdown

    def shutdown(self) -> None:
        if self.controller is not None:
            self.controller.cancel()
        self.cards.stop()
        self.faces.stop()
        self.worker.shutdown(3000)
        if self.backend is not None:
            self.backend.close()


#: The GUI thread, the card watcher, the worker threads and (in the demo) the
#: sandbox server share the interpreter lock; a shorter switch interval than
#: Python's 5 ms default keeps a card tap from waiting behind another thread.
GIL_SWITCH_INTERVAL_S = 0.001


def tune_interpreter() -> None:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


def _quit_on_signals(app: QApplication) -> None:
    """Ctrl+C or a terminate request ends the event loop cleanly (so the demo cleans up).

    Python handles signals only when it runs, so a light timer wakes it regularly.
    """
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda _n, _f: app.quit())
    waker = QTimer(app)
    waker.timeout.connect(lambda: None)
    waker.start(250)


def run_desk(
    build_backend: Callable[[], Any],
    *,
    language: str = "ja",
    fullscreen_patient: bool = False,
    patient_screen_index: int | None = None,
    demo_accounts: Sequence[DemoAccount] = (),
) -> int:
    """Start Qt, show the login window, run until the last window closes."""
    tune_interpreter()
    app = QApplication.instance() or QApplication(["madoguchi"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Madoguchi")
    i18n.apply_font(app)
    i18n.apply_style(app)
    switch = i18n.LanguageSwitch(app)
    switch.install(language)
    errors = ErrorPresenter(parent=lambda: QApplication.activeWindow())
    worker = Worker(ThreadPoolExecutor(), default_failure=errors.present)
    desk = DeskApp(
        worker,
        errors,
        switch,
        demo_accounts=demo_accounts,
        fullscreen_patient=fullscreen_patient,
        patient_screen_index=patient_screen_index,
    )
    desk.start(build_backend)
    desk.quit_requested.connect(app.quit)
    _quit_on_signals(app)
    try:
        return int(app.exec())
    finally:
        desk.shutdown()
