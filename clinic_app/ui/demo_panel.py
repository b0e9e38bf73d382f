# mypy: allow-subclassing-any, allow-untyped-decorators
"""Demo only: the "cards on the desk" — synthetic people a tester can tap.

Each row is one made-up person from the sandbox population, by label (valid,
elderly, ● in the name, locked card, expired certificate, no match, no card…).
Activating a row taps that person's software card on the simulated reader, or,
for a person without a card, opens the numbers dialog filled with their
certificate numbers. Below the list the selected card is explained for the
tester: its PIN (a synthetic test card, so showing it is the point of the
demo), the tries left, or that it is locked, expired or absent and what to do
instead. Two switches make the sandbox service fail or answer slowly, to show
the offline banner and cancelling.

Signals: ``tapped(str)`` person key, ``removed()``, ``service_down(bool)``,
``service_slow(bool)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clinic_app.ui.qt import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """What the panel lists (no data beyond the label reaches the desk from here)."""

    person_key: str
    label: str
    case: str
    has_card: bool
    pin: str | None = None  # the synthetic card's PIN (demo only)
    card_status: str = "ok"  # ok | locked | expired_in_grace | expired_out_of_grace | none
    tries_left: int | None = None


class CardsOnDeskPanel(QFrame):
    tapped = Signal(str)
    removed = Signal()
    service_down = Signal(bool)
    service_slow = Signal(bool)

    def __init__(self, people: Sequence[DemoPerson], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(self.tr("Cards on the desk (demo)"))
        self._people = list(people)
        title = QLabel(self.tr("Cards on the desk (demo)"))
        title.setObjectName("title")
        hint = QLabel(
            self.tr(
                "Double-click or press Enter to tap a card on the reader. "
                "The patient then types the PIN shown below on the patient screen. "
                "People without a card open the numbers form."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Synthetic people"))
        for person in self._people:
            item = QListWidgetItem(self._row_text(person))
            item.setData(Qt.ItemDataRole.UserRole, person.person_key)
            item.setToolTip(person.case)
            self.list.addItem(item)
        self.list.itemActivated.connect(self._activate)
        self.details = QLabel()
        self.details.setObjectName("demo_card_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(self.tr("The selected card"))
        self.list.currentRowChanged.connect(self._show_details)
        self.tap_button = QPushButton(self.tr("Tap car&d"))
        self.tap_button.setAccessibleName(self.tr("Tap the selected card"))
        self.tap_button.clicked.connect(self._tap_current)
        self.remove_button = QPushButton(self.tr("Take card o&ff"))
        self.remove_button.setAccessibleName(self.tr("Take the card off the reader"))
        self.remove_button.clicked.connect(self.removed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.tap_button)
        buttons.addWidget(self.remove_button)
        self.down_check = QCheckBox(self.tr("Service down (training)"))
        self.down_check.setAccessibleName(self.down_check.text())
        self.down_check.toggled.connect(self.service_down.emit)
        self.slow_check = QCheckBox(self.tr("Service slow: 5 s (training)"))
        self.slow_check.setAccessibleName(self.slow_check.text())
        self.slow_check.toggled.connect(self.service_slow.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        layout.addWidget(self.down_check)
        layout.addWidget(self.slow_check)
        self.list.setCurrentRow(0)
        self._show_details(0)

    def people(self) -> list[DemoPerson]:
        return list(self._people)

    def _row_text(self, person: DemoPerson) -> str:
        """The label, with a mark for cards that do not work the usual way."""
        marks = {
            "locked": self.tr("locked"),
            "expired_in_grace": self.tr("expired"),
            "expired_out_of_grace": self.tr("expired"),
            "none": self.tr("no card"),
        }
        mark = marks.get(person.card_status)
        return person.label if mark is None else f"[{mark}] {person.label}"

    def describe(self, person: DemoPerson) -> str:
        """What the tester needs to check this person in: PIN, tries, or another way."""
        if person.card_status == "none":
            return str(
                self.tr(
                    "No card: “Tap card” opens the numbers form, already filled in from their "
                    "certificate. Check the numbers and press OK."
                )
            )
        pin = str(self.tr("PIN %1")).replace("%1", person.pin or "")
        if person.card_status == "locked":
            return str(
                self.tr(
                    "Card locked (PIN tried wrong too often): the PIN cannot be used. Use the "
                    "visual check (目視確認) or check in by numbers."
                )
            )
        if person.card_status == "expired_out_of_grace":
            return str(
                self.tr(
                    "%1 — but the card's certificate expired over 3 months ago: the card is "
                    "refused. Check in by numbers."
                )
            ).replace("%1", pin)
        text = pin
        if person.tries_left is not None:
            text += "  " + self.tr("(tries left: %1)").replace("%1", str(person.tries_left))
        if person.card_status == "expired_in_grace":
            text += "\n" + self.tr(
                "The card's certificate expired less than 3 months ago: it still works."
            )
        elif person.tries_left == 1:
            text += "\n" + self.tr(
                "One try left: staff confirm before the patient tries (a wrong PIN locks it)."
            )
        return text

    def _show_details(self, row: int) -> None:
        if not 0 <= row < len(self._people):
            self.details.clear()
            return
        person = self._people[row]
        self.details.setText(self.describe(person))
        self.tap_button.setText(
            self.tr("Tap car&d") if person.has_card else self.tr("Type car&d numbers…")
        )

    def _activate(self, item: QListWidgetItem) -> None:
        self.tapped.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _tap_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activate(item)

    def tap(self, person_key: str) -> None:
        """Tap by key (tests and the benchmark)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == person_key:
                self.list.setCurrentRow(row)
                self._activate(item)
                return
        raise KeyError(person_key)
