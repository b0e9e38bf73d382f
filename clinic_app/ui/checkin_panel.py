# mypy: allow-subclassing-any, allow-untyped-decorators
"""The desk's check-in controls: what is happening, what to do next, and the buttons.

Buttons are enabled from the flow's allowed events, so staff can only press what
the state machine accepts. Keyboard: F2 new check-in, F5 retry, F6 numbers,
Esc cancel; every button has a mnemonic and an accessible name.

Signals:
    numbers_requested()            open the numbers dialog
    notice_requested()             open the numbers dialog for 資格情報のお知らせ
    self_declaration_requested()
    last_known_requested()

The visual check (目視確認) is a deliberate act: the button first asks the staff
member, through :attr:`CheckInPanel.confirm_visual_check`, whether they have compared
the card photo with the person. Tests replace that callable instead of driving a modal.
"""

from __future__ import annotations

from collections.abc import Callable

from clinic_app.services.checkin_types import (
    CheckInState,
    ChoosePin,
    ConfirmLastTry,
    ConfirmVisualCheck,
    Outcome,
    RetryQuery,
    Step,
)
from clinic_app.ui import texts
from clinic_app.ui.checkin_controller import CheckInController
from clinic_app.ui.qt import (
    QFrame,
    QGridLayout,
    QKeySequence,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QShortcut,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    translate,
)

# Work that ends sooner than this shows no progress bar (no flicker on a fast desk).
SLOW_WORK_MS = 300


def ask_visual_check_confirmation(parent: QWidget) -> bool:
    """Ask whether the card photo was compared with the person; True only on 確認した.

    The safe answer (やめる) is the default and the Esc answer, so a stray Enter or Esc
    never records a visual check.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(translate("CheckInPanel", "Visual check"))
    box.setAccessibleName(translate("CheckInPanel", "Confirm visual check"))
    question = translate(
        "CheckInPanel",
        "Have you compared the photo on the card with the person and confirmed "
        "that they are the same person?",
    )
    box.setText(question)
    box.setAccessibleDescription(question)
    confirm = box.addButton(
        translate("CheckInPanel", "&Confirmed"), QMessageBox.ButtonRole.AcceptRole
    )
    confirm.setAccessibleName(translate("CheckInPanel", "Confirmed: same person"))
    cancel = box.addButton(translate("CheckInPanel", "&Stop"), QMessageBox.ButtonRole.RejectRole)
    cancel.setAccessibleName(translate("CheckInPanel", "Stop: do not record a visual check"))
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    cancel.setFocus()
    box.exec()
    return box.clickedButton() is confirm


class CheckInPanel(QFrame):
    """Status of the current check-in and the actions it allows."""

    numbers_requested = Signal()
    notice_requested = Signal()
    self_declaration_requested = Signal()
    last_known_requested = Signal()

    def __init__(self, controller: CheckInController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.controller = controller
        # Asks the staff member to confirm the photo comparison; tests replace it.
        self.confirm_visual_check: Callable[[QWidget], bool] = ask_visual_check_confirmation
        self.setAccessibleName(self.tr("Check-in"))

        self.title = QLabel(self.tr("Check-in"))
        self.title.setObjectName("title")
        self.what_label = QLabel()
        self.what_label.setObjectName("verdict")
        self.what_label.setWordWrap(True)
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("hint")
        self.detail_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Working"))
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()

        def button(text: str, name: str, slot: object, shortcut: str | None = None) -> QPushButton:
            widget = QPushButton(text)
            widget.setAccessibleName(name)
            widget.clicked.connect(slot)
            if shortcut:
                widget.setToolTip(shortcut)
                QShortcut(QKeySequence(shortcut), self.window() or self, widget.click)
            return widget

        self.new_button = button(self.tr("&New check-in"), self.tr("New check-in"), self._new, "F2")
        self.new_button.setObjectName("primary")
        self.pin_button = button(
            self.tr("&PIN on patient screen"),
            self.tr("PIN on patient screen"),
            controller.choose_pin,
        )
        self.visual_button = button(
            self.tr("&Visual check (photo)"),
            self.tr("Visual check"),
            self._visual_check,
        )
        self.last_try_button = button(
            self.tr("&Allow last PIN try"),
            self.tr("Allow last PIN try"),
            controller.confirm_last_try,
        )
        self.retry_button = button(self.tr("Retr&y"), self.tr("Retry"), controller.retry, "F5")
        self.numbers_button = button(
            self.tr("By nu&mbers…"), self.tr("Check by numbers"), self.numbers_requested.emit, "F6"
        )
        self.notice_button = button(
            self.tr("Qualification noti&ce…"),
            self.tr("Qualification notice"),
            self.notice_requested.emit,
        )
        self.declaration_button = button(
            self.tr("&Self-declaration…"),
            self.tr("Self-declaration"),
            self.self_declaration_requested.emit,
        )
        self.cancel_button = button(
            self.tr("Cancel (Esc)"), self.tr("Cancel check-in"), controller.cancel
        )
        self.cancel_button.setObjectName("danger")
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.cancel_button.click,
            context=Qt.ShortcutContext.WindowShortcut,
        )

        grid = QGridLayout()
        grid.addWidget(self.new_button, 0, 0)
        grid.addWidget(self.pin_button, 0, 1)
        grid.addWidget(self.visual_button, 0, 2)
        grid.addWidget(self.last_try_button, 1, 0)
        grid.addWidget(self.retry_button, 1, 1)
        grid.addWidget(self.numbers_button, 1, 2)
        grid.addWidget(self.notice_button, 2, 0)
        grid.addWidget(self.declaration_button, 2, 1)
        grid.addWidget(self.cancel_button, 2, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.what_label)
        layout.addWidget(self.next_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.progress)
        layout.addLayout(grid)

        self._slow_timer = QTimer(self)
        self._slow_timer.setSingleShot(True)
        self._slow_timer.setInterval(SLOW_WORK_MS)
        self._slow_timer.timeout.connect(self._show_slow)
        controller.step_changed.connect(self.show_step)
        controller.busy_changed.connect(self._busy)
        self.what_label.setText(translate("DeskTexts", "Waiting for the card."))
        self.next_label.setText(
            translate("DeskTexts", "Ask the patient to place the card on the reader.")
        )
        self.refresh_buttons()

    def _new(self) -> None:
        self.controller.start(self.controller.patient_hint)

    def _visual_check(self) -> None:
        """Proceed with the visual check only after the staff member confirms it."""
        if self.confirm_visual_check(self):
            self.controller.confirm_visual_check()

    def show_step(self, step: Step) -> None:
        what, next_step = texts.outcome_text(step.outcome)
        self.what_label.setText(what)
        self.what_label.setAccessibleName(what)
        self.next_label.setText(next_step)
        details = []
        if step.tries_left is not None and step.state in (
            CheckInState.CHOOSING_VERIFICATION,
            CheckInState.ENTERING_PIN,
            CheckInState.CONFIRMING_LAST_TRY,
        ):
            details.append(self.tr("PIN tries left: %1").replace("%1", str(step.tries_left)))
        if step.certificate is not None and step.certificate.in_grace:
            details.append(
                self.tr("Certificate expired; usable until %1").replace(
                    "%1", texts.format_date(step.certificate.grace_until.date())
                )
            )
        if step.error_code:
            details.append(self.tr("Code: %1").replace("%1", step.error_code))
        self.detail_label.setText("  ".join(details))
        self.refresh_buttons()

    def _busy(self, busy: bool) -> None:
        """Buttons follow at once; the "working" bar only appears when work is slow."""
        if busy:
            self._slow_timer.start()
        else:
            self._slow_timer.stop()
            self.progress.hide()
        self.refresh_buttons()

    def _show_slow(self) -> None:
        if self.controller.busy:
            self.progress.show()
            self.what_label.setText(self.tr("Working…"))
            self.next_label.setText(self.tr("You can cancel with Esc."))

    def refresh_buttons(self) -> None:
        c = self.controller
        busy = c.busy
        step = c.step
        self.pin_button.setEnabled(c.allowed(ChoosePin) and (step is None or step.pin_allowed))
        self.visual_button.setEnabled(c.allowed(ConfirmVisualCheck))
        self.last_try_button.setEnabled(c.allowed(ConfirmLastTry))
        self.retry_button.setEnabled(c.allowed(RetryQuery) and step is not None and step.retryable)
        idle_or_fallback = not busy and (
            c.state is None
            or c.state.terminal
            or c.state
            in (
                CheckInState.WAITING_FOR_CARD,
                CheckInState.NEEDS_FALLBACK,
                CheckInState.CHOOSING_VERIFICATION,
            )
        )
        self.numbers_button.setEnabled(idle_or_fallback)
        self.notice_button.setEnabled(idle_or_fallback)
        self.declaration_button.setEnabled(not busy and c.state is not CheckInState.COMPLETED)
        self.new_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy or (c.state is not None and not c.state.terminal))
        if step is not None and step.outcome is Outcome.DUPLICATE_CHECK_IN:
            self.retry_button.setEnabled(False)
