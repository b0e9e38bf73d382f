# mypy: allow-subclassing-any, allow-untyped-decorators
"""The eligibility result as staff read it, and the patient match beside it.

Shows validity, insurer and numbers, copay, elderly and high-cost-limit details,
specific diseases, consent and until when, and how eligibility was established;
then the registered patient(s) the result matches with field-by-field
differences, the received name's ● and rare kanji flagged. Nothing is copied
over silently: registering a new patient opens a form staff must confirm.

Signals:
    register_requested(object, bool)  patient_id (str or None), names_reviewed
    register_new_requested()          staff want to register a new patient
"""

from __future__ import annotations

from clinic_app.core.eligibility import (
    EligibilityResult,
    QualificationRecord,
    QualificationValidity,
)
from clinic_app.core.matching import MatchReport, MatchStatus, NameFlag
from clinic_app.services.checkin_types import Outcome, Step
from clinic_app.ui import texts
from clinic_app.ui.qt import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    Signal,
)

_GOOD_OUTCOMES = (Outcome.RESULT_VALID, Outcome.VISIT_REGISTERED)
_WARN_OUTCOMES = (
    Outcome.VISIT_REGISTERED_FOR_RECHECK,
    Outcome.DUPLICATE_CHECK_IN,
    Outcome.PATIENT_SELECTION_REQUIRED,
)


def _clear_layout(layout: QLayout) -> None:
    """Remove and delete everything in ``layout`` now (not at the next event loop)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        child_layout = item.layout()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif child_layout is not None:
            _clear_layout(child_layout)


def _value_label(text: str, *, flagged: bool = False) -> QLabel:
    label = QLabel(text or "—")
    label.setWordWrap(True)
    if flagged:
        label.setObjectName("flag")
    label.setAccessibleName(text or "—")
    return label


class ResultPanel(QWidget):
    """Renders a :class:`Step` that carries a result (or clears itself)."""

    register_requested = Signal(object, bool)
    register_new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Eligibility result"))
        self._step: Step | None = None
        self._candidate_group = QButtonGroup(self)

        self.verdict_frame = QFrame()
        self.verdict_frame.setObjectName("verdict_warn")
        verdict_layout = QVBoxLayout(self.verdict_frame)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.service_message_label = QLabel()
        self.service_message_label.setWordWrap(True)
        verdict_layout.addWidget(self.verdict_label)
        verdict_layout.addWidget(self.next_label)
        verdict_layout.addWidget(self.service_message_label)

        # Several qualification records (e.g. 複数該当): staff can look at each one.
        self._records: tuple[QualificationRecord, ...] = ()
        self.record_selector = QComboBox()
        self.record_selector.setAccessibleName(self.tr("Qualification record"))
        self.record_selector.setToolTip(self.tr("The service returned several records"))
        self.record_selector.currentIndexChanged.connect(self._show_selected_record)
        self.record_selector.hide()
        self.insurance_box = QGroupBox(self.tr("Insurance"))
        self.insurance_form = QFormLayout(self.insurance_box)
        self.benefits_box = QGroupBox(self.tr("Elderly, cost limit, specific diseases"))
        self.benefits_form = QFormLayout(self.benefits_box)
        self.consent_box = QGroupBox(self.tr("Consent and identity check"))
        self.consent_form = QFormLayout(self.consent_box)
        self.match_box = QGroupBox(self.tr("Patient"))
        self.match_layout = QVBoxLayout(self.match_box)

        self.names_reviewed_check = QCheckBox(
            self.tr("I compared the received name with the registered spelling")
        )
        self.names_reviewed_check.setAccessibleName(self.names_reviewed_check.text())
        self.register_button = QPushButton(self.tr("&Register visit"))
        self.register_button.setObjectName("primary")
        self.register_button.setAccessibleName(self.tr("Register visit"))
        self.register_button.clicked.connect(self._register)
        self.register_new_button = QPushButton(self.tr("Register as ne&w patient…"))
        self.register_new_button.setAccessibleName(self.tr("Register as new patient"))
        self.register_new_button.clicked.connect(self.register_new_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.register_button)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.record_selector)
        left.addWidget(self.insurance_box)
        left.addWidget(self.benefits_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.consent_box)
        right.addWidget(self.match_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body_layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict_frame)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.names_reviewed_check)
        layout.addLayout(buttons)
        self.clear()

    # ------------------------------------------------------------ rendering

    def clear(self) -> None:
        self._step = None
        self._set_verdict_style("verdict_warn")  # not the last patient's green or red
        self.verdict_label.setText(self.tr("No result yet"))
        self.next_label.setText(self.tr("Start a check-in: tap a card or use numbers."))
        self.service_message_label.hide()
        self._records = ()
        self.record_selector.blockSignals(True)
        self.record_selector.clear()
        self.record_selector.blockSignals(False)
        self.record_selector.hide()
        for form in (self.insurance_form, self.benefits_form, self.consent_form):
            while form.rowCount():
                form.removeRow(0)
        self._clear_match()
        self.register_button.setEnabled(False)
        self.register_new_button.setEnabled(False)
        self.names_reviewed_check.hide()

    def _set_verdict_style(self, name: str) -> None:
        if self.verdict_frame.objectName() == name:
            return
        self.verdict_frame.setObjectName(name)
        self.verdict_frame.style().unpolish(self.verdict_frame)
        self.verdict_frame.style().polish(self.verdict_frame)

    def _clear_match(self) -> None:
        for button in self._candidate_group.buttons():
            self._candidate_group.removeButton(button)
        _clear_layout(self.match_layout)

    def show_step(self, step: Step) -> None:
        self.clear()
        self._step = step
        what, next_step = texts.outcome_text(step.outcome)
        if step.outcome in _GOOD_OUTCOMES:
            verdict_style = "verdict_ok"
        elif step.outcome in _WARN_OUTCOMES:
            verdict_style = "verdict_warn"
        else:
            verdict_style = "verdict_bad"
        self._set_verdict_style(verdict_style)
        result = step.result
        if result is not None and result.validity is not None:
            validity = texts.validity_text(result.validity.known, result.validity.raw)
            self.verdict_label.setText(f"{validity} — {what}")
        else:
            self.verdict_label.setText(what)
        self.verdict_label.setAccessibleName(self.verdict_label.text())
        self.next_label.setText(next_step)
        if step.service_message:
            self.service_message_label.setText(
                self.tr("Message from the service: %1").replace("%1", step.service_message)
            )
            self.service_message_label.show()
        if result is not None:
            self._show_result(result)
        self._show_consent(step)
        if step.match is not None:
            self._show_match(step.match)
        can_register = step.outcome in (
            Outcome.RESULT_VALID,
            Outcome.PATIENT_SELECTION_REQUIRED,
            Outcome.DUPLICATE_CHECK_IN,
        ) or (
            result is not None
            and result.validity is not None
            and result.validity.known is QualificationValidity.VALID
        )
        self.register_button.setEnabled(can_register and step.visit is None)
        self.register_new_button.setEnabled(
            can_register and step.visit is None and step.match is not None
        )

    def _show_result(self, result: EligibilityResult) -> None:
        if not result.records:
            self.insurance_form.addRow(self.tr("Records"), _value_label(self.tr("none")))
            return
        self._records = tuple(result.records)
        if len(self._records) > 1:
            self.record_selector.blockSignals(True)
            for index, record in enumerate(self._records, start=1):
                label = (
                    self.tr("Record %1 of %2")
                    .replace("%1", str(index))
                    .replace("%2", str(len(self._records)))
                )
                self.record_selector.addItem(f"{label}  {record.insurer_number.strip()}")
            self.record_selector.setCurrentIndex(0)
            self.record_selector.blockSignals(False)
            self.record_selector.show()
        self._show_selected_record(0)

    def _show_selected_record(self, index: int) -> None:
        """Show record ``index`` of the result; registration always uses the first."""
        if not 0 <= index < len(self._records):
            return
        for form in (self.insurance_form, self.benefits_form):
            while form.rowCount():
                form.removeRow(0)
        self._show_record(self._records[index])
        if len(self._records) > 1:
            self.insurance_form.addRow(
                self.tr("Records"),
                _value_label(
                    self.tr("%1 records; registration uses record 1").replace(
                        "%1", str(len(self._records))
                    )
                ),
            )

    def _show_record(self, record: QualificationRecord) -> None:
        form = self.insurance_form
        insurer = record.insurer_number.strip()
        if record.insurer_name:
            insurer = f"{insurer}  {record.insurer_name}"
        form.addRow(self.tr("Insurer"), _value_label(insurer))
        numbers = "・".join(
            part
            for part in (
                record.insured_card_symbol or "",
                record.insured_identification_number,
                record.insured_branch_number or "",
            )
            if part
        )
        form.addRow(self.tr("Symbol・number・branch"), _value_label(numbers))
        if record.personal_family is not None:
            family = record.personal_family.raw == "1"
            form.addRow(
                self.tr("Insured person"),
                _value_label(self.tr("Self") if family else self.tr("Family member")),
            )
        copay = "—" if record.copay_percent is None else f"{record.copay_percent // 10}割"
        form.addRow(self.tr("Copay"), _value_label(copay))
        form.addRow(
            self.tr("Qualified from"), _value_label(texts.format_date(record.qualification_date))
        )
        if record.disqualification_date is not None:
            form.addRow(
                self.tr("Lost on"),
                _value_label(texts.format_date(record.disqualification_date), flagged=True),
            )
        if record.card_valid_until is not None:
            form.addRow(
                self.tr("Valid until"), _value_label(texts.format_date(record.card_valid_until))
            )
        benefits = self.benefits_form
        if record.elderly is not None:
            elderly = record.elderly
            pct = "—" if elderly.copay_percent is None else f"{elderly.copay_percent // 10}割"
            benefits.addRow(
                self.tr("Elderly recipient"),
                _value_label(
                    f"{pct}  ({texts.format_date(elderly.valid_from)} – "
                    f"{texts.format_date(elderly.valid_until)})"
                ),
            )
        if record.high_cost_limit is not None:
            limit = record.high_cost_limit
            benefits.addRow(
                self.tr("Cost limit (限度額)"),
                _value_label(
                    f"{limit.classification_flag}  ({texts.format_date(limit.valid_from)}"
                    f" – {texts.format_date(limit.valid_until)})"
                ),
            )
        if record.high_cost_limit_consented is not None:
            benefits.addRow(
                self.tr("Cost limit shared"),
                _value_label(texts.yes_no(record.high_cost_limit_consented)),
            )
        for disease in record.specific_diseases:
            benefits.addRow(
                self.tr("Specific disease"),
                _value_label(
                    f"{disease.disease_classification}  "
                    f"{disease.self_pay_limit or ''}  "
                    f"({texts.format_date(disease.valid_until)})"
                ),
            )
        if benefits.rowCount() == 0:
            benefits.addRow(self.tr("None"), _value_label(""))

    def _show_consent(self, step: Step) -> None:
        form = self.consent_form
        form.addRow(
            self.tr("Identity checked by"),
            _value_label(texts.established_by_text(step.established_by)),
        )
        consents = step.consents
        if not consents and step.result is not None and step.result.records:
            consents = step.result.records[0].consents
        for consent in consents:
            if consent.agreed:
                until = texts.format_datetime(consent.available_until)
                value = self.tr("Agreed, until %1").replace("%1", until)
            else:
                value = self.tr("Not agreed")
            form.addRow(texts.consent_item_text(consent.item), _value_label(value))

    def _show_match(self, match: MatchReport) -> None:
        received = match.received
        flags = []
        for warning in match.name_warnings:
            if warning.flag is NameFlag.REPLACEMENT_MARK:
                flags.append(self.tr("● in the name: a character the service cannot show"))
            else:
                flags.append(
                    self.tr("Rare kanji: %1 (check before using in claims)").replace(
                        "%1", warning.characters
                    )
                )
        header = QFormLayout()
        header.addRow(self.tr("Received name"), _value_label(received.name, flagged=bool(flags)))
        header.addRow(self.tr("Received kana"), _value_label(received.kana or ""))
        header.addRow(self.tr("Birth date"), _value_label(texts.format_date(received.birthdate)))
        for flag in flags:
            header.addRow(self.tr("Check"), _value_label(flag, flagged=True))
        self.match_layout.addLayout(header)
        if flags and (self._step is None or self._step.visit is None):
            self.names_reviewed_check.show()
            self.names_reviewed_check.setChecked(False)
        status_text = {
            MatchStatus.MATCHED: self.tr("Matches one registered patient."),
            MatchStatus.SEVERAL: self.tr("Matches several registered patients: choose one."),
            MatchStatus.REFERENCE_ONLY: self.tr(
                "Only the service's reference number points to a patient: check carefully."
            ),
            MatchStatus.NONE: self.tr("Not registered yet: register as a new patient."),
        }[match.status]
        self.match_layout.addWidget(_value_label(status_text))
        for candidate in match.candidates:
            radio = QRadioButton(candidate.patient_id)
            radio.setAccessibleName(self.tr("Patient %1").replace("%1", candidate.patient_id))
            radio.setProperty("patient_id", candidate.patient_id)
            self._candidate_group.addButton(radio)
            if candidate.patient_id == match.patient_id or len(match.candidates) == 1:
                radio.setChecked(True)
            self.match_layout.addWidget(radio)
            if not candidate.differences:
                self.match_layout.addWidget(_value_label(self.tr("    No differences.")))
            for diff in candidate.differences:
                self.match_layout.addWidget(
                    _value_label(
                        self.tr("    %1: registered 「%2」 / received 「%3」")
                        .replace("%1", self._field_name(diff.field.value))
                        .replace("%2", diff.registered)
                        .replace("%3", diff.received),
                        flagged=True,
                    )
                )

    def _field_name(self, field: str) -> str:
        names: dict[str, str] = {
            "name": self.tr("Name"),
            "kana": self.tr("Kana"),
            "birthdate": self.tr("Birth date"),
            "sex": self.tr("Sex"),
        }
        return names.get(field, field)

    # ------------------------------------------------------------ actions

    def selected_patient_id(self) -> str | None:
        button = self._candidate_group.checkedButton()
        if button is None:
            return None
        value = button.property("patient_id")
        return str(value) if value else None

    def names_reviewed(self) -> bool:
        return bool(self.names_reviewed_check.isHidden() or self.names_reviewed_check.isChecked())

    def _register(self) -> None:
        self.register_requested.emit(self.selected_patient_id(), self.names_reviewed())
