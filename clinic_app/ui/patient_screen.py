# mypy: allow-subclassing-any, allow-untyped-decorators
"""The patient's own screen: card prompt, PIN pad, consent, notices.

A separate top-level window meant for a second monitor facing the patient
(full-screen option). Rules it follows: very large type and touch targets of at
least 15 mm (computed from the screen's logical DPI), one decision per screen,
plain words, "do not agree" exactly as large and visible as "agree", the PIN
masked and cleared right after it is handed over, and its own language switch
(a patient may read English while the desk works in Japanese). What it says, and
the translator for the patient's language, live in :mod:`clinic_app.ui.patient_texts`.

Signals:
    pin_entered(str)           the 4 digits; the screen keeps no copy
    pin_cancelled()            the patient pressed "stop"
    consent_answered(object)   dict[ConsentItem, bool] for exactly the asked items
    language_changed(str)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from clinic_app.core.consent import ConsentItem
from clinic_app.ui.patient_texts import (
    ITEM_TEXTS,
    PATIENT_LANGUAGES,
    T_AGREE,
    T_AGREE_ALL,
    T_ALL_HEADING,
    T_ASK_STAFF,
    T_ASK_STAFF_SUB,
    T_DIGIT,
    T_DISAGREE,
    T_DISAGREE_ALL,
    T_DONE,
    T_DONE_SUB,
    T_DONE_SUB_NO_CARD,
    T_ITEM_COUNT,
    T_KEY_CLEAR,
    T_KEY_OK,
    T_LANGUAGE,
    T_LOCKED_SUB,
    T_MODE_ALL,
    T_MODE_HEADING,
    T_MODE_ONE_BY_ONE,
    T_MODE_SUB,
    T_NOTICE_BODY,
    T_NOTICE_HEADING,
    T_NOTICE_OK,
    T_PIN_DISPLAY,
    T_PIN_HEADING,
    T_PIN_SUB,
    T_PLACE_CARD,
    T_PLACE_CARD_SUB,
    T_STAFF_CHECKING,
    T_STAFF_CHECKING_NO_CARD,
    T_STOP,
    T_TRIES,
    T_TRIES_ONE,
    T_WAIT,
    T_WAIT_SUB,
    T_WAIT_SUB_NO_CARD,
    T_WRONG_PIN,
    PatientTranslator,
)
from clinic_app.ui.qt import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: Minimum size of anything the patient touches (issue: at least 15 mm).
MIN_TARGET_MM = 15.0
#: The PIN keys and answer buttons are made larger than the minimum.
KEY_TARGET_MM = 20.0
PIN_LENGTH = 4


def mm_to_px(mm: float, logical_dpi: float) -> int:
    """Millimetres to logical pixels at ``logical_dpi`` (rounded up)."""
    return int(-(-mm * logical_dpi // 25.4))


class PatientScreen(QWidget):
    """Top-level window for the patient; the check-in controller drives it."""

    pin_entered = Signal(str)
    pin_cancelled = Signal()
    consent_answered = Signal(object)
    language_changed = Signal(str)

    def __init__(self, language: str = "ja", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("patient_root")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._tr = PatientTranslator()
        self._bindings: list[tuple[QWidget, Callable[[], str]]] = []
        self._dynamic: list[tuple[QWidget, Callable[[], str]]] = []
        self._pin: list[str] = []
        self._items: tuple[ConsentItem, ...] = ()
        self._answers: dict[ConsentItem, bool] = {}
        self._item_index = 0
        self._tries_left: int | None = None
        self._pin_feedback = ""
        self._staff_sub = T_ASK_STAFF_SUB
        self._with_card = True  # False: checked in by numbers, no card on the reader
        self._fixed_names: set[QWidget] = set()

        dpi = max(self.logicalDpiX(), 72)
        self.min_target_px = mm_to_px(MIN_TARGET_MM, dpi)
        self.key_px = max(mm_to_px(KEY_TARGET_MM, dpi), self.min_target_px)

        self._stack = QStackedWidget(self)
        self.page_welcome = self._message_page(T_PLACE_CARD, T_PLACE_CARD_SUB)
        self.page_wait = self._message_page(T_WAIT, T_WAIT_SUB)
        self.page_pin = self._build_pin_page()
        self.page_mode = self._build_mode_page()
        self.page_item = self._build_item_page()
        self.page_all = self._build_all_page()
        self.page_notice = self._build_notice_page()
        self.page_done = self._message_page(
            T_DONE, lambda: self._tr(T_DONE_SUB if self._with_card else T_DONE_SUB_NO_CARD)
        )
        self.page_staff = self._message_page(T_ASK_STAFF, lambda: self._tr(self._staff_sub))
        self.page_checking = self._message_page(
            lambda: self._tr(T_STAFF_CHECKING if self._with_card else T_STAFF_CHECKING_NO_CARD),
            lambda: self._tr(T_WAIT_SUB if self._with_card else T_WAIT_SUB_NO_CARD),
        )
        for page in (
            self.page_welcome,
            self.page_wait,
            self.page_pin,
            self.page_mode,
            self.page_item,
            self.page_all,
            self.page_notice,
            self.page_done,
            self.page_staff,
            self.page_checking,
        ):
            self._stack.addWidget(page)

        self.language_button = self._button(
            lambda: self._tr(T_LANGUAGE), "patient_neutral", self._cycle_language
        )
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language_button)
        root = QVBoxLayout(self)
        root.setContentsMargins(40, 24, 40, 40)
        root.addLayout(top)
        root.addWidget(self._stack, 1)
        self.setWindowTitle("Madoguchi")
        self.set_language(language)
        self.show_welcome()

    # ------------------------------------------------------------ building

    def _bind(self, widget: QWidget, text: str | Callable[[], str]) -> None:
        """Static texts change with the language; callables also with the screen's state."""
        if callable(text):
            self._dynamic.append((widget, text))
        else:
            self._bindings.append((widget, partial(self._tr, text)))

    def _label(self, text: str | Callable[[], str], name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._bind(label, text)
        return label

    def _button(
        self, text: str | Callable[[], str], style: str, slot: Callable[[], None]
    ) -> QPushButton:
        button = QPushButton()
        button.setObjectName(style)
        button.setMinimumSize(self.key_px, self.key_px)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(slot)
        self._bind(button, text)
        return button

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(24)
        return page, layout

    def _message_page(
        self, heading: str | Callable[[], str], body: str | Callable[[], str]
    ) -> QWidget:
        page, layout = self._page()
        layout.addStretch(1)
        layout.addWidget(self._label(heading, "patient_heading"))
        layout.addWidget(self._label(body, "patient_body"))
        layout.addStretch(2)
        return page

    def _build_pin_page(self) -> QWidget:
        page, layout = self._page()
        layout.addWidget(self._label(T_PIN_HEADING, "patient_heading"))
        layout.addWidget(self._label(T_PIN_SUB, "patient_small"))
        self.pin_display = QLabel()
        self.pin_display.setObjectName("pin_display")
        self.pin_display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_display.setMinimumHeight(self.key_px)
        self._bind(self.pin_display, self._pin_mask)
        self.tries_label = self._label(self._tries_text, "tries_left")
        self.feedback_label = self._label(
            lambda: self._tr(self._pin_feedback) if self._pin_feedback else "", "tries_left"
        )
        grid = QGridLayout()
        grid.setSpacing(14)
        self.digit_buttons: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            button = self._key(digit)
            grid.addWidget(button, index // 3, index % 3)
        self.clear_button = self._button(T_KEY_CLEAR, "pin_key", self._clear_pin)
        self.clear_button.setMinimumWidth(self.key_px * 2)
        self.ok_button = self._button(T_KEY_OK, "pin_key", self._submit_pin)
        self.ok_button.setMinimumWidth(self.key_px * 2)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self.ok_button, 3, 2)
        pad = QHBoxLayout()
        pad.addStretch(1)
        pad.addLayout(grid, 4)
        pad.addStretch(1)
        center = QHBoxLayout()
        center.addStretch(1)
        center.addWidget(self.pin_display, 2)
        center.addStretch(1)
        layout.addLayout(center)
        layout.addWidget(self.tries_label)
        layout.addWidget(self.feedback_label)
        layout.addLayout(pad)
        self.pin_stop_button = self._button(T_STOP, "patient_neutral", self.pin_cancelled.emit)
        layout.addWidget(self.pin_stop_button)
        return page

    def _key(self, digit: str) -> QPushButton:
        button = self._button(digit, "pin_key", partial(self._press_digit, digit))
        button.setMinimumWidth(self.key_px * 2)
        button.setAccessibleName(digit)
        self._fixed_names.add(button)
        button.setAccessibleDescription(self._tr(T_DIGIT).replace("%1", digit))
        # The keypad also works from a numeric keyboard.
        button.setShortcut(digit)
        self.digit_buttons[digit] = button
        return button

    def _answer_row(
        self,
        agree: str,
        disagree: str,
        on_agree: Callable[[], None],
        on_disagree: Callable[[], None],
    ) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
        yes = self._button(agree, "patient_agree", on_agree)
        no = self._button(disagree, "patient_disagree", on_disagree)
        for button in (yes, no):
            button.setMinimumHeight(self.key_px + self.min_target_px // 2)
        row = QHBoxLayout()
        row.setSpacing(40)
        row.addWidget(no, 1)  # "no" first: never the less visible choice
        row.addWidget(yes, 1)
        return row, yes, no

    def _build_mode_page(self) -> QWidget:
        page, layout = self._page()
        layout.addStretch(1)
        layout.addWidget(self._label(T_MODE_HEADING, "patient_heading"))
        layout.addWidget(self._label(T_MODE_SUB, "patient_body"))
        layout.addStretch(1)
        self.mode_one_button = self._button(
            T_MODE_ONE_BY_ONE, "patient_primary", self._start_one_by_one
        )
        self.mode_all_button = self._button(T_MODE_ALL, "patient_primary", self._start_all)
        row = QHBoxLayout()
        row.setSpacing(40)
        row.addWidget(self.mode_one_button, 1)
        row.addWidget(self.mode_all_button, 1)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _build_item_page(self) -> QWidget:
        page, layout = self._page()
        self.item_count_label = self._label(self._item_count_text, "patient_small")
        self.item_title_label = self._label(lambda: self._item_text(0), "patient_heading")
        self.item_question_label = self._label(lambda: self._item_text(1), "patient_body")
        layout.addWidget(self.item_count_label)
        layout.addStretch(1)
        layout.addWidget(self.item_title_label)
        layout.addWidget(self.item_question_label)
        layout.addStretch(1)
        row, self.item_agree_button, self.item_disagree_button = self._answer_row(
            T_AGREE, T_DISAGREE, lambda: self._answer_item(True), lambda: self._answer_item(False)
        )
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _build_all_page(self) -> QWidget:
        page, layout = self._page()
        layout.addWidget(self._label(T_ALL_HEADING, "patient_heading"))
        self.all_list_label = self._label(self._all_items_text, "patient_body")
        self.all_list_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        frame = QFrame()
        frame.setObjectName("patient_notice")
        inner = QVBoxLayout(frame)
        inner.addWidget(self.all_list_label)
        layout.addWidget(frame)
        layout.addStretch(1)
        row, self.all_agree_button, self.all_disagree_button = self._answer_row(
            T_AGREE_ALL,
            T_DISAGREE_ALL,
            lambda: self._answer_all(True),
            lambda: self._answer_all(False),
        )
        layout.addLayout(row)
        return page

    def _build_notice_page(self) -> QWidget:
        page, layout = self._page()
        layout.addStretch(1)
        layout.addWidget(self._label(T_NOTICE_HEADING, "patient_heading"))
        frame = QFrame()
        frame.setObjectName("patient_notice")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(30, 30, 30, 30)
        inner.addWidget(self._label(T_NOTICE_BODY, "patient_body"))
        layout.addWidget(frame)
        layout.addStretch(1)
        self.notice_ok_button = self._button(T_NOTICE_OK, "patient_primary", self._finish_consent)
        layout.addWidget(self.notice_ok_button)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------ texts

    def _pin_mask(self) -> str:
        return " ".join(["●"] * len(self._pin) + ["○"] * (PIN_LENGTH - len(self._pin)))

    def _tries_text(self) -> str:
        if self._tries_left is None:
            return ""
        if self._tries_left <= 1:
            return self._tr(T_TRIES_ONE)
        return self._tr(T_TRIES).replace("%1", str(self._tries_left))

    def _item_count_text(self) -> str:
        total = max(len(self._items), 1)
        return (
            self._tr(T_ITEM_COUNT)
            .replace("%1", str(min(self._item_index + 1, total)))
            .replace("%2", str(total))
        )

    def _item_text(self, which: int) -> str:
        if not self._items or self._item_index >= len(self._items):
            return ""
        return self._tr(ITEM_TEXTS[self._items[self._item_index]][which])

    def _all_items_text(self) -> str:
        return "\n".join(f"・{self._tr(ITEM_TEXTS[item][0])}" for item in self._items)

    def _apply(self, bindings: list[tuple[QWidget, Callable[[], str]]]) -> None:
        for widget, getter in bindings:
            text = getter()
            if isinstance(widget, (QLabel, QPushButton)) and widget.text() != text:
                widget.setText(text)
                if widget not in self._fixed_names:
                    widget.setAccessibleName(text)

    def refresh(self) -> None:
        """Update the texts that depend on the screen's state (cheap: few widgets)."""
        self._apply(self._dynamic)
        self.pin_display.setAccessibleName(
            self._tr(T_PIN_DISPLAY).replace("%1", str(len(self._pin)))
        )

    def retranslate(self) -> None:
        """Every text again, in the current language."""
        self._apply(self._bindings)
        self._apply(self._dynamic)
        self.pin_display.setAccessibleName(
            self._tr(T_PIN_DISPLAY).replace("%1", str(len(self._pin)))
        )
        for digit, button in self.digit_buttons.items():
            button.setAccessibleDescription(self._tr(T_DIGIT).replace("%1", digit))

    # ------------------------------------------------------------ language

    @property
    def language(self) -> str:
        return self._tr.language

    def set_language(self, language: str) -> None:
        self._tr.set_language(language)
        self.retranslate()
        self.language_changed.emit(language)

    def _cycle_language(self) -> None:
        index = PATIENT_LANGUAGES.index(self.language) if self.language in PATIENT_LANGUAGES else 0
        self.set_language(PATIENT_LANGUAGES[(index + 1) % len(PATIENT_LANGUAGES)])

    # ------------------------------------------------------------ pages (controller API)

    def _go(self, page: QWidget) -> None:
        self.refresh()
        self._stack.setCurrentWidget(page)

    @property
    def current_page(self) -> QWidget:
        page = self._stack.currentWidget()
        assert page is not None  # the stack always holds the welcome page
        return page

    def show_welcome(self) -> None:
        self._clear_secret()
        self._go(self.page_welcome)

    def show_wait(self) -> None:
        self._go(self.page_wait)

    def show_staff_checking(self, *, with_card: bool = True) -> None:
        """Staff are looking at the result; ``with_card`` False: no card to leave on the reader."""
        self._with_card = with_card
        self._go(self.page_checking)

    def show_done(self, *, with_card: bool = True) -> None:
        """Checked in; ``with_card`` False: nothing to take back from the reader."""
        self._clear_secret()
        self._with_card = with_card
        self._go(self.page_done)

    def show_ask_staff(self, *, locked: bool = False) -> None:
        self._clear_secret()
        self._staff_sub = T_LOCKED_SUB if locked else T_ASK_STAFF_SUB
        self._go(self.page_staff)

    def ask_pin(self, tries_left: int | None, *, wrong_before: bool = False) -> None:
        self._pin.clear()
        self._tries_left = tries_left
        self._pin_feedback = T_WRONG_PIN if wrong_before else ""
        self._go(self.page_pin)
        self.digit_buttons["1"].setFocus()

    def ask_consent(self, items: Sequence[ConsentItem]) -> None:
        """Start the consent questions; ``consent_answered`` fires after the notice."""
        self._items = tuple(items)
        self._answers = {}
        self._item_index = 0
        if not self._items:
            self._go(self.page_notice)
            return
        if len(self._items) == 1:
            self._start_one_by_one()
            return
        self._go(self.page_mode)

    # ------------------------------------------------------------ PIN pad

    def _press_digit(self, digit: str) -> None:
        if len(self._pin) < PIN_LENGTH:
            self._pin.append(digit)
            self._pin_feedback = ""
            self.refresh()

    def _clear_pin(self) -> None:
        self._pin.clear()
        self.refresh()

    def _submit_pin(self) -> None:
        if len(self._pin) != PIN_LENGTH:
            return
        pin = "".join(self._pin)
        self._clear_secret()
        self.show_wait()
        self.pin_entered.emit(pin)

    def _clear_secret(self) -> None:
        self._pin.clear()

    @property
    def digits_entered(self) -> int:
        return len(self._pin)

    # ------------------------------------------------------------ consent

    def _start_one_by_one(self) -> None:
        self._item_index = 0
        self._go(self.page_item)
        self.item_disagree_button.setFocus()

    def _start_all(self) -> None:
        self._go(self.page_all)

    def _answer_item(self, agreed: bool) -> None:
        if self._item_index >= len(self._items):
            return
        self._answers[self._items[self._item_index]] = agreed
        self._item_index += 1
        if self._item_index < len(self._items):
            self._go(self.page_item)
        else:
            self._go(self.page_notice)

    def _answer_all(self, agreed: bool) -> None:
        self._answers = dict.fromkeys(self._items, agreed)
        self._go(self.page_notice)

    def _finish_consent(self) -> None:
        answers = dict(self._answers)
        self.show_wait()
        self.consent_answered.emit(answers)

    # ------------------------------------------------------------ window

    def show_on(self, *, fullscreen: bool, screen_index: int | None = None) -> None:
        """Show on the chosen screen (the second monitor when there is one)."""
        from clinic_app.ui.qt import QGuiApplication

        screens = QGuiApplication.screens()
        if screen_index is None:
            screen_index = 1 if len(screens) > 1 else 0
        if 0 <= screen_index < len(screens):
            self.setScreen(screens[screen_index])
            self.move(screens[screen_index].geometry().topLeft())
        if fullscreen:
            self.showFullScreen()
        else:
            self.resize(1024, 768)
            self.show()
