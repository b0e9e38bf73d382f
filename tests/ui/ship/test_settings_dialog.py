"""The admin settings dialog: per-field reasons, keyring secrets, audited changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clinic_app.core.consent import ConsentItem
from clinic_app.secrets import CLIENT_CERT_PASSWORD, DATABASE_PASSWORD, KeyringSecretStore
from clinic_app.settings import Settings, TransportKind, load_settings
from clinic_app.ui.qt import QCheckBox, QComboBox, QLineEdit
from clinic_app.ui.settings_dialog import AdminOnly, SettingsDialog

pytestmark = pytest.mark.ui


class FailingSecrets:
    """A keyring that is not there: the dialog must fail closed."""

    def get(self, name: str) -> str | None:
        from clinic_app.secrets import SecretStoreUnavailable

        raise SecretStoreUnavailable("No usable OS keyring. Install gnome-keyring.")

    def set(self, name: str, value: str) -> None:
        self.get(name)

    def delete(self, name: str) -> None:
        self.get(name)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    return tmp_path / "settings.toml", []


def make_dialog(
    qtbot: QtBot,
    path: Path,
    recorded: list[list[str]],
    *,
    settings: Settings | None = None,
    secrets: object | None = None,
) -> SettingsDialog:
    dialog = SettingsDialog(
        settings or Settings(),
        role="admin",
        secrets=secrets or KeyringSecretStore(),  # type: ignore[arg-type]
        record_change=recorded.append,
        path=path,
    )
    qtbot.addWidget(dialog)
    return dialog


def edit(dialog: SettingsDialog, key: str) -> QLineEdit:
    widget = dialog.findChild(QLineEdit, "setting_" + key.replace(".", "_"))
    assert widget is not None, key
    return widget


def test_only_admins(setup: tuple[Path, list[list[str]]]) -> None:
    path, recorded = setup
    for role in ("reception", "doctor"):
        with pytest.raises(AdminOnly):
            SettingsDialog(
                Settings(),
                role=role,
                secrets=KeyringSecretStore(),
                record_change=recorded.append,
                path=path,
            )


def test_every_control_has_an_accessible_name(
    qtbot: QtBot, setup: tuple[Path, list[list[str]]]
) -> None:
    dialog = make_dialog(qtbot, *setup)
    controls = [
        *dialog.findChildren(QLineEdit),
        *dialog.findChildren(QComboBox),
        *dialog.findChildren(QCheckBox),
    ]
    assert len(controls) >= 18
    assert all(control.accessibleName() for control in controls)


def test_bad_fields_show_their_reason_and_nothing_is_written(
    qtbot: QtBot, setup: tuple[Path, list[list[str]]]
) -> None:
    path, recorded = setup
    dialog = make_dialog(qtbot, path, recorded)
    edit(dialog, "clinic.institution_code").setText("12345")
    assert "10 digits" in dialog.error_for("clinic.institution_code")  # shown while typing
    edit(dialog, "desk.idle_lock_minutes").setText("0")
    edit(dialog, "database.url").setText("postgresql+psycopg://desk:secret@db/m")
    dialog.save()
    assert "10 digits" in dialog.error_for("clinic.institution_code")
    assert "between 1 and 120" in dialog.error_for("desk.idle_lock_minutes")
    assert "keyring" in dialog.error_for("database.url")
    assert not path.exists()
    assert recorded == []
    # Fixing one field clears its message, the others stay.
    edit(dialog, "clinic.institution_code").setText("1312345678")
    assert dialog.error_for("clinic.institution_code") == ""
    assert dialog.error_for("desk.idle_lock_minutes")


def test_cross_field_problem_is_shown_on_the_field(
    qtbot: QtBot, setup: tuple[Path, list[list[str]]]
) -> None:
    path, recorded = setup
    dialog = make_dialog(qtbot, path, recorded)
    edit(dialog, "clinic.institution_code").setText("1312345678")
    edit(dialog, "eligibility.folder_root").setText(str(path.parent / "no-such-folder"))
    dialog.save()
    assert "folder not found" in dialog.error_for("eligibility.folder_root")
    assert not path.exists()


def test_save_writes_file_keyring_and_audits_keys_only(
    qtbot: QtBot, setup: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    path, recorded = setup
    ca = tmp_path / "ca.pem"
    ca.write_text("pem")
    dialog = make_dialog(qtbot, path, recorded)
    transport = dialog.findChild(QComboBox, "setting_eligibility_transport")
    assert transport is not None
    assert not edit(dialog, "eligibility.https_url").isEnabled()
    transport.setCurrentIndex(transport.findData("https"))
    assert edit(dialog, "eligibility.https_url").isEnabled()
    assert not edit(dialog, "eligibility.folder_root").isEnabled()
    edit(dialog, "clinic.institution_code").setText("1312345678")
    edit(dialog, "eligibility.https_url").setText("https://127.0.0.1:8443/")
    edit(dialog, "eligibility.ca_bundle").setText(str(ca))
    surgery = dialog.findChild(QCheckBox, "consent_surgery")
    assert surgery is not None and not surgery.isChecked()  # off by default
    surgery.setChecked(True)
    password = dialog.findChild(QLineEdit, "secret_client_certificate_password")
    assert password is not None and password.echoMode() == QLineEdit.EchoMode.Password
    password.setText("cert-pass-42")

    with qtbot.waitSignal(dialog.saved) as signal:
        dialog.save()
    saved = load_settings(path)
    assert saved.transport is TransportKind.HTTPS
    assert ConsentItem.SURGERY in saved.consent_items
    assert KeyringSecretStore().get(CLIENT_CERT_PASSWORD) == "cert-pass-42"
    assert KeyringSecretStore().get(DATABASE_PASSWORD) is None  # empty box: unchanged
    assert "cert-pass-42" not in path.read_text(encoding="utf-8")
    keys = recorded[0]
    assert signal.args == [keys]
    assert set(keys) == {
        "clinic.institution_code",
        "eligibility.transport",
        "eligibility.https_url",
        "eligibility.ca_bundle",
        "consent.enabled_items",
        "secret:client-certificate-password",
    }
    assert dialog.settings == saved
    assert password.text() == ""  # the secret does not linger in the widget


def test_missing_keyring_fails_closed(
    qtbot: QtBot, setup: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    path, recorded = setup
    folder = tmp_path / "oqs"
    folder.mkdir()
    dialog = make_dialog(qtbot, path, recorded, secrets=FailingSecrets())
    edit(dialog, "clinic.institution_code").setText("1312345678")
    edit(dialog, "eligibility.folder_root").setText(str(folder))
    database_password = dialog.findChild(QLineEdit, "secret_database_password")
    assert database_password is not None
    database_password.setText("pw")
    dialog.save()
    assert "keyring" in dialog.error_for("secrets")
    assert not path.exists()
    assert recorded == []
    assert dialog.result() == 0


def test_backup_key_must_be_a_real_key(
    qtbot: QtBot, setup: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    import base64

    from clinic_app.secrets import BACKUP_KEY

    path, recorded = setup
    folder = tmp_path / "oqs"
    folder.mkdir()
    dialog = make_dialog(qtbot, path, recorded)
    edit(dialog, "clinic.institution_code").setText("1312345678")
    edit(dialog, "eligibility.folder_root").setText(str(folder))
    key_edit = dialog.findChild(QLineEdit, "secret_backup_key")
    assert key_edit is not None
    key_edit.setText("my favourite password")
    dialog.save()
    assert "backup key" in dialog.error_for("secrets")
    assert KeyringSecretStore().get(BACKUP_KEY) is None
    assert not path.exists()
    key = base64.b64encode(bytes(range(32))).decode()
    key_edit.setText(f" {key} ")
    dialog.save()
    assert KeyringSecretStore().get(BACKUP_KEY) == key
    assert recorded[-1][-1] == "secret:backup-key"
