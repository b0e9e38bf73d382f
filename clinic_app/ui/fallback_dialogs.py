# mypy: allow-subclassing-any, allow-untyped-decorators
"""Dialogs for checking in without a card, and for registering a new patient.

- :class:`NumbersDialog`: numbers from an eligibility certificate (資格確認書),
  an old insurance card or a qualification notice (資格情報のお知らせ), with
  the insurer check digit validated as staff type.
- :class:`SelfDeclarationDialog`: the patient filled in the self-declaration
  form (被保険者資格申立書); the visit is registered for re-check.
- :class:`NewPatientDialog`: register a patient from a result; a received name
  with ● or rare kanji must be looked at before it is saved.

Bad input never closes a dialog and never loses what was typed.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from clinic_app.core.errors import InvalidInput, KnownError
from clinic_app.core.insurance import InsuranceNumbers, validate_insurer_number
from clinic_app.core.matching import ReceivedIdentity
from clinic_app.core.names import has_replacement_mark, rare_kanji_in
from clinic_app.core.patient import Sex
from clinic_app.services.checkin_types import FallbackKind
from clinic_app.services.ports import NewPatient, PatientRecord
from clinic_app.ui import texts
from clinic_app.ui.birthdate import parse_birthdate
from clinic_app.ui.errors import describe
from clinic_app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class NumbersDialog(QDialog):
    """Ask the service by the numbers on a certificate, an old card or a notice."""

    NUMBER_KINDS = (
        FallbackKind.ELIGIBILITY_CERTIFICATE,
        FallbackKind.OLD_CARD,
        FallbackKind.QUALIFICATION_NOTICE,
    )

    def __init__(
        self,
        parent: QWidget | None = None,
        kind: FallbackKind | None = None,
        birthdate: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check by numbers"))
        self.setAccessibleName(self.windowTitle())
        self.result_numbers: InsuranceNumbers | None = None
        self.result_birthdate: date | None = None
        self.result_kind = kind or FallbackKind.ELIGIBILITY_CERTIFICATE

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Document"))
        for option in self.NUMBER_KINDS:
            self.kind_combo.addItem(texts.fallback_text(option), option)
        if kind in self.NUMBER_KINDS:
            self.kind_combo.setCurrentIndex(self.NUMBER_KINDS.index(kind))
        self.insurer_edit = _line(self.tr("Insurer number"), self.tr("6 or 8 digits"))
        self.insurer_state = QLabel()
        self.insurer_state.setObjectName("hint")
        self.symbol_edit = _line(self.tr("Symbol"))
        self.number_edit = _line(self.tr("Number"))
        self.branch_edit = _line(self.tr("Branch number"), self.tr("2 digits, optional"))
        self.birthdate_edit = _line(self.tr("Birth date"), self.tr("e.g. 1950-04-01 or S25.4.1"))
        if birthdate is not None:
            self.birthdate_edit.setText(birthdate.isoformat())
        self.birthdate_state = QLabel()
        self.birthdate_state.setObjectName("hint")
        self.error_label = QLabel()
        self.error_label.setObjectName("flag")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(self.tr("Document &kind"), self.kind_combo)
        form.addRow(self.tr("&Insurer number"), self.insurer_edit)
        form.addRow("", self.insurer_state)
        form.addRow(self.tr("&Symbol"), self.symbol_edit)
        form.addRow(self.tr("N&umber"), self.number_edit)
        form.addRow(self.tr("&Branch"), self.branch_edit)
        form.addRow(self.tr("Birth &date"), self.birthdate_edit)
        form.addRow("", self.birthdate_state)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Ask the service"))
        ok.setAccessibleName(ok.text())
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.insurer_edit.textChanged.connect(self._check_insurer)
        self.birthdate_edit.textChanged.connect(self._check_birthdate)
        self._check_insurer()
        self._check_birthdate()

    def _check_insurer(self) -> None:
        text = self.insurer_edit.text()
        if not text.strip():
            self.insurer_state.setText("")
            return
        try:
            validate_insurer_number(text)
        except InvalidInput as error:
            self.insurer_state.setText("✗ " + describe(error).what)
        else:
            self.insurer_state.setText("✓ " + self.tr("check digit correct"))

    def _check_birthdate(self) -> None:
        value = parse_birthdate(self.birthdate_edit.text(), strict=False)
        self.birthdate_state.setText("" if value is None else "→ " + texts.format_date(value))

    def fill(self, insurer: str, symbol: str, number: str, branch: str, birthdate: str) -> None:
        """Type the fields (used by tests and by the demo's helper)."""
        self.insurer_edit.setText(insurer)
        self.symbol_edit.setText(symbol)
        self.number_edit.setText(number)
        self.branch_edit.setText(branch)
        self.birthdate_edit.setText(birthdate)

    def try_accept(self) -> bool:
        try:
            numbers = InsuranceNumbers.parse(
                self.insurer_edit.text(),
                self.symbol_edit.text(),
                self.number_edit.text(),
                self.branch_edit.text() or None,
            )
            birthdate = parse_birthdate(self.birthdate_edit.text())
        except KnownError as error:
            message = describe(error)
            self.error_label.setText(f"{message.what} {message.next_step}")
            self.error_label.show()
            return False
        assert birthdate is not None
        self.result_numbers = numbers
        self.result_birthdate = birthdate
        self.result_kind = self.kind_combo.currentData()
        self.accept()
        return True


class SelfDeclarationDialog(QDialog):
    """Register the visit on the self-declaration form (被保険者資格申立書)."""

    def __init__(self, patient: PatientRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Self-declaration"))
        self.setAccessibleName(self.windowTitle())
        explanation = QLabel(
            self.tr(
                "Use this when the patient cannot show a card or certificate. Ask them to fill "
                "in the self-declaration form (被保険者資格申立書). The visit is registered "
                "and marked for a re-check."
            )
        )
        explanation.setWordWrap(True)
        who = QLabel(f"{patient.patient_id}  {patient.name}")
        who.setAccessibleName(self.tr("Patient"))
        self.received_check = QCheckBox(self.tr("The form is filled in and signed"))
        self.received_check.setAccessibleName(self.received_check.text())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Register visit"))
        ok.setEnabled(False)
        self.received_check.toggled.connect(ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(who)
        layout.addWidget(self.received_check)
        layout.addWidget(self.buttons)


def _full_width_katakana(kana: str) -> str:
    return unicodedata.normalize("NFKC", kana)


class NewPatientDialog(QDialog):
    """Register a new patient from what the service sent, after staff review."""

    def __init__(self, received: ReceivedIdentity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Register new patient"))
        self.setAccessibleName(self.windowTitle())
        self.result_patient: NewPatient | None = None
        self._received = received
        self.name_edit = _line(self.tr("Name"))
        self.name_edit.setText(received.name)
        self.kana_edit = _line(self.tr("Kana"))
        self.kana_edit.setText(_full_width_katakana(received.kana or ""))
        self.birthdate_edit = _line(self.tr("Birth date"))
        if received.birthdate is not None:
            self.birthdate_edit.setText(received.birthdate.isoformat())
        self.sex_combo = QComboBox()
        self.sex_combo.setAccessibleName(self.tr("Sex"))
        for sex, label in (
            (Sex.MALE, self.tr("Male")),
            (Sex.FEMALE, self.tr("Female")),
            (Sex.OTHER, self.tr("Other / not stated")),
        ):
            self.sex_combo.addItem(label, sex)
        if received.sex is not None:
            self.sex_combo.setCurrentIndex([Sex.MALE, Sex.FEMALE, Sex.OTHER].index(received.sex))
        self.flag_label = QLabel()
        self.flag_label.setObjectName("flag")
        self.flag_label.setWordWrap(True)
        self.reviewed_check = QCheckBox(self.tr("I checked the name's spelling with the patient"))
        self.reviewed_check.setAccessibleName(self.reviewed_check.text())
        self.error_label = QLabel()
        self.error_label.setObjectName("flag")
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("&Kana"), self.kana_edit)
        form.addRow(self.tr("Birth &date"), self.birthdate_edit)
        form.addRow(self.tr("&Sex"), self.sex_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Register"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.flag_label)
        layout.addWidget(self.reviewed_check)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._update_flags)
        self._update_flags()

    def _update_flags(self) -> None:
        name = self.name_edit.text()
        flags = []
        if has_replacement_mark(name):
            flags.append(
                self.tr("The name contains ●: ask the patient for the character and type it.")
            )
        rare = "".join(sorted(rare_kanji_in(name)))
        if rare:
            flags.append(self.tr("Rare kanji %1: confirm the spelling.").replace("%1", rare))
        self.flag_label.setText("\n".join(flags))
        self.flag_label.setVisible(bool(flags))

    def try_accept(self) -> bool:
        name = self.name_edit.text().strip()
        kana = _full_width_katakana(self.kana_edit.text()).strip()
        problem = None
        if not name or not kana:
            problem = self.tr("Name and kana are required.")
        elif has_replacement_mark(name):
            problem = self.tr("Replace ● with the real character before saving.")
        elif not self.reviewed_check.isChecked():
            problem = self.tr("Tick the box after checking the spelling with the patient.")
        birthdate = parse_birthdate(self.birthdate_edit.text(), strict=False)
        if problem is None and birthdate is None:
            problem = self.tr("Enter the birth date (西暦 or 和暦).")
        if problem is not None or birthdate is None:
            self.error_label.setText(problem or "")
            self.error_label.show()
            return False
        self.result_patient = NewPatient(name, kana, birthdate, self.sex_combo.currentData())
        self.accept()
        return True
