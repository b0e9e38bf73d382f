"""The settings dialog for IT staff (admin role only).

Built from ``Settings.specs()`` so that a new setting appears here by being declared
once in ``clinic_app.settings``. Each field shows its own reason when the value is
refused; nothing is written until every field is valid. Secrets (client-certificate
password, database password, backup key) go straight to the keyring and are never
shown back; an empty secret box means "keep what is stored".

Signals:
    saved(list)  — emitted with the changed setting keys (and secret names) after a save.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from clinic_app.core.consent import ConsentItem
from clinic_app.core.errors import KnownError
from clinic_app.secrets import BACKUP_KEY, CLIENT_CERT_PASSWORD, DATABASE_PASSWORD, SecretStore
from clinic_app.settings import (
    CONSENT_ITEM_NAMES,
    Settings,
    SettingsError,
    save_settings,
)
from clinic_app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    Signal,
    translate,
)

log = logging.getLogger(__name__)

ADMIN_ROLE = "admin"

#: Receives the changed keys after a successful save; the wiring appends the
#: ``settings_change`` audit row (staff id, keys only — never values of secrets).
ChangeRecorder = Callable[[list[str]], None]


class AdminOnly(KnownError):
    """Only an administrator may open or change the settings."""

    code = "settings_admin_only"


def _section_titles() -> dict[str, str]:
    return {
        "clinic": translate("SettingsDialog", "Clinic"),
        "desk": translate("SettingsDialog", "Desk"),
        "eligibility": translate("SettingsDialog", "Eligibility service"),
        "reader": translate("SettingsDialog", "Card reader"),
        "consent": translate("SettingsDialog", "Consent items asked"),
        "retention": translate("SettingsDialog", "Retention"),
        "database": translate("SettingsDialog", "Database"),
        "backup": translate("SettingsDialog", "Backups"),
        "secrets": translate("SettingsDialog", "Secrets (kept in the OS keyring)"),
    }


def _labels() -> dict[str, str]:
    return {
        "clinic.institution_code": translate("SettingsDialog", "Medical institution code"),
        "clinic.language": translate("SettingsDialog", "Language"),
        "desk.idle_lock_minutes": translate("SettingsDialog", "Lock after idle (minutes)"),
        "eligibility.transport": translate("SettingsDialog", "Transport"),
        "eligibility.https_url": translate("SettingsDialog", "HTTPS endpoint"),
        "eligibility.ca_bundle": translate("SettingsDialog", "CA bundle (PEM)"),
        "eligibility.client_certificate": translate("SettingsDialog", "Client certificate"),
        "eligibility.folder_root": translate("SettingsDialog", "Terminal folder (req/res/face)"),
        "reader.device": translate("SettingsDialog", "Reader"),
        "retention.records_years": translate("SettingsDialog", "Visits and checks (years)"),
        "retention.history_days": translate("SettingsDialog", "Fetched histories (days)"),
        "retention.audit_years": translate("SettingsDialog", "Audit log (years)"),
        "database.url": translate("SettingsDialog", "Database URL"),
        "backup.generations": translate("SettingsDialog", "Generations to keep"),
    }


def _choice_texts() -> dict[str, str]:
    return {
        "ja": translate("SettingsDialog", "Japanese"),
        "en": translate("SettingsDialog", "English"),
        "folder": translate("SettingsDialog", "Terminal folders (資格確認端末)"),
        "https": translate("SettingsDialog", "HTTPS gateway"),
        "medication": translate("SettingsDialog", "Medication (薬剤情報)"),
        "checkup": translate("SettingsDialog", "Checkups (特定健診情報)"),
        "treatment": translate("SettingsDialog", "Treatment (診療情報)"),
        "surgery": translate("SettingsDialog", "Surgery (手術情報)"),
    }


def _secret_labels() -> dict[str, str]:
    return {
        CLIENT_CERT_PASSWORD: translate("SettingsDialog", "Client certificate password"),
        DATABASE_PASSWORD: translate("SettingsDialog", "Database password"),
        BACKUP_KEY: translate("SettingsDialog", "Backup encryption key"),
    }


def _is_backup_key(text: str) -> bool:
    """A backup key as the store creates it: base64 of 32 random bytes (AES-256)."""
    try:
        return len(base64.b64decode(text.strip(), validate=True)) == 32
    except (binascii.Error, ValueError):
        return False


def _setting_widget_name(key: str) -> str:
    return "setting_" + key.replace(".", "_")


class SettingsDialog(QDialog):
    """Edit ``Settings`` field by field; refuse invalid values with the reason per field."""

    saved = Signal(list)

    def __init__(
        self,
        settings: Settings,
        *,
        role: str,
        secrets: SecretStore,
        record_change: ChangeRecorder,
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        if role != ADMIN_ROLE:
            raise AdminOnly("Only an administrator can change the settings.")
        super().__init__(parent)
        self._settings = settings
        self._secrets = secrets
        self._record_change = record_change
        self._path = path
        self._editors: dict[str, QLineEdit | QComboBox] = {}
        self._consent_boxes: dict[ConsentItem, QCheckBox] = {}
        self._secret_edits: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}
        self.setWindowTitle(translate("SettingsDialog", "Settings"))
        self.setObjectName("settings_dialog")
        self.setAccessibleName(translate("SettingsDialog", "Settings"))
        self._build()
        self._sync_transport_fields()

    # --- construction ---

    def _build(self) -> None:
        labels = _labels()
        titles = _section_titles()
        body = QWidget()
        column = QVBoxLayout(body)
        forms: dict[str, QFormLayout] = {}

        for name, spec in Settings.specs():
            section = spec.key.split(".", 1)[0]
            if section not in forms:
                box = QGroupBox(titles.get(section, section))
                forms[section] = QFormLayout(box)
                column.addWidget(box)
            form = forms[section]
            value = getattr(self._settings, name)
            if spec.key == "consent.enabled_items":
                form.addRow(self._consent_row(value))
                form.addRow(self._error_label(spec.key))
                continue
            label_text = labels.get(spec.key, spec.label)
            editor = self._editor_for(spec.key, value, label_text)
            if spec.help:
                editor.setToolTip(spec.help)
            self._editors[spec.key] = editor
            form.addRow(label_text, editor)
            form.addRow("", self._error_label(spec.key))

        secrets_box = QGroupBox(titles["secrets"])
        secrets_form = QFormLayout(secrets_box)
        for secret_name, text in _secret_labels().items():
            edit = QLineEdit()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setObjectName("secret_" + secret_name.replace("-", "_"))
            edit.setAccessibleName(text)
            edit.setPlaceholderText(translate("SettingsDialog", "unchanged"))
            self._secret_edits[secret_name] = edit
            secrets_form.addRow(text, edit)
        secrets_form.addRow("", self._error_label("secrets"))
        column.addWidget(secrets_box)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.accepted.connect(self.save)
        self._buttons.rejected.connect(self.reject)
        save_button = self._buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setObjectName("settings_save")
        save_button.setAccessibleName(translate("SettingsDialog", "Save settings"))
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self._buttons)
        self.resize(640, 720)

    def _editor_for(self, key: str, value: object, label_text: str) -> QLineEdit | QComboBox:
        editor: QLineEdit | QComboBox
        if isinstance(value, Enum):
            combo = QComboBox()
            choices = _choice_texts()
            for member in type(value):
                combo.addItem(choices.get(str(member.value), str(member.value)), member.value)
            combo.setCurrentIndex(combo.findData(value.value))
            combo.currentIndexChanged.connect(lambda _i, k=key: self._check_field(k))
            if key == "eligibility.transport":
                combo.currentIndexChanged.connect(lambda _i: self._sync_transport_fields())
            editor = combo
        else:
            edit = QLineEdit("" if value is None else str(value))
            edit.textChanged.connect(lambda _t, k=key: self._check_field(k))
            if key == "database.url":
                edit.setPlaceholderText(translate("SettingsDialog", "empty: local SQLite file"))
            editor = edit
        editor.setObjectName(_setting_widget_name(key))
        editor.setAccessibleName(label_text)
        return editor

    def _consent_row(self, enabled: tuple[ConsentItem, ...]) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        texts = _choice_texts()
        for name, item in CONSENT_ITEM_NAMES.items():
            box = QCheckBox(texts[name])
            box.setObjectName("consent_" + name)
            box.setAccessibleName(texts[name])
            box.setChecked(item in enabled)
            box.toggled.connect(lambda _c: self._check_field("consent.enabled_items"))
            self._consent_boxes[item] = box
            line.addWidget(box)
        return row

    def _error_label(self, key: str) -> QLabel:
        label = QLabel("")
        label.setObjectName("error_" + key.replace(".", "_"))
        label.setProperty("role", "field-error")
        label.setStyleSheet("color: #b00020;")
        label.setWordWrap(True)
        label.setVisible(False)
        self._errors[key] = label
        return label

    # --- reading the form ---

    def raw_values(self) -> dict[str, object]:
        """The form as raw values keyed by setting key (what ``Settings.with_values`` takes)."""
        values: dict[str, object] = {}
        for key, editor in self._editors.items():
            if isinstance(editor, QComboBox):
                values[key] = editor.currentData()
            else:
                values[key] = editor.text()
        values["consent.enabled_items"] = [
            name
            for name, item in CONSENT_ITEM_NAMES.items()
            if self._consent_boxes[item].isChecked()
        ]
        return values

    def error_for(self, key: str) -> str:
        """The reason shown under a field ("" when the field is accepted)."""
        label = self._errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    def _show_error(self, key: str, reason: str) -> None:
        label = self._errors.get(key)
        if label is None:  # a cross-field problem on a key without its own row
            label = self._errors["secrets"]
        label.setText(reason)
        label.setVisible(bool(reason))

    def _check_field(self, key: str) -> bool:
        raw = self.raw_values()[key]
        try:
            self._settings.with_values({key: raw})
        except SettingsError as exc:
            self._show_error(key, exc.problems.get(key, exc.message))
            return False
        self._show_error(key, "")
        return True

    def _sync_transport_fields(self) -> None:
        combo = self._editors["eligibility.transport"]
        https = isinstance(combo, QComboBox) and combo.currentData() == "https"
        for key in (
            "eligibility.https_url",
            "eligibility.ca_bundle",
            "eligibility.client_certificate",
        ):
            self._editors[key].setEnabled(https)
        self._editors["eligibility.folder_root"].setEnabled(not https)
        self._secret_edits[CLIENT_CERT_PASSWORD].setEnabled(https)

    # --- saving ---

    def validated(self) -> Settings | None:
        """The new settings if every field and cross-check passes; else shows reasons."""
        for key in self._errors:
            self._show_error(key, "")
        try:
            candidate = self._settings.with_values(self.raw_values())
        except SettingsError as exc:
            for key, reason in exc.problems.items():
                self._show_error(key, reason)
            return None
        problems = candidate.problems()
        if problems:
            for key, reason in problems.items():
                self._show_error(key, reason)
            return None
        return candidate

    def save(self) -> None:
        """Validate, store secrets in the keyring, write the file, audit the keys, close."""
        candidate = self.validated()
        if candidate is None:
            return
        backup_key = self._secret_edits[BACKUP_KEY].text()
        if backup_key and not _is_backup_key(backup_key):
            self._show_error(
                "secrets",
                translate(
                    "SettingsDialog",
                    "The backup key must be the key shown by the first PC (44 characters, base64).",
                ),
            )
            return
        changed_secrets: list[str] = []
        try:
            for name, edit in self._secret_edits.items():
                if edit.isEnabled() and edit.text():
                    self._secrets.set(
                        name, edit.text().strip() if name == BACKUP_KEY else edit.text()
                    )
                    changed_secrets.append(name)
        except KnownError as exc:  # a missing keyring: fail closed, keep the dialog open
            self._show_error("secrets", exc.message)
            return
        finally:
            for edit in self._secret_edits.values():
                edit.clear()
        changed = candidate.changed_keys(self._settings)
        try:
            save_settings(candidate, self._path)
        except OSError as exc:
            self._show_error("secrets", f"cannot write the settings file: {exc.strerror}")
            return
        keys = changed + [f"secret:{name}" for name in changed_secrets]
        if keys:
            self._record_change(keys)
        log.info("settings saved changed=%d", len(keys))
        self._settings = candidate
        self.saved.emit(keys)
        self.accept()

    @property
    def settings(self) -> Settings:
        """The settings as last saved (the ones passed in until a save succeeds)."""
        return self._settings
