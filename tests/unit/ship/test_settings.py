"""Settings: declared once, validated per field, round-tripped through TOML, no secrets."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from clinic_app.core.consent import ConsentItem
from clinic_app.secrets import DATABASE_PASSWORD, KeyringSecretStore
from clinic_app.settings import (
    Language,
    Settings,
    SettingsError,
    TransportKind,
    database_url_with_password,
    dumps_toml,
    load_settings,
    save_settings,
    settings_path,
)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path / "home"))


def test_defaults_without_a_file() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.consent_items == (ConsentItem.MEDICATION, ConsentItem.CHECKUP)
    assert settings.language is Language.JAPANESE
    assert settings.transport is TransportKind.FOLDER
    assert settings.reader == "pcsc"
    # A fresh install is not usable until the institution code and the folder are set.
    assert set(settings.problems()) == {"clinic.institution_code", "eligibility.folder_root"}


def test_round_trip_through_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "oqs"
    folder.mkdir()
    settings = Settings().with_values(
        {
            "clinic.institution_code": "1312345678",
            "eligibility.folder_root": str(folder),
            "consent.enabled_items": ["surgery", "medication", "treatment", "checkup"],
            "reader.device": "nfc:usb:054c:06c1",
            "database.url": "postgresql+psycopg://desk@db.clinic.lan:5432/madoguchi",
            "clinic.language": "en",
            "desk.idle_lock_minutes": 7,
            "backup.generations": 30,
        }
    )
    written = save_settings(settings)
    assert written == settings_path()
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    assert load_settings() == settings
    assert settings.consent_items == tuple(ConsentItem)  # canonical order
    assert settings.problems() == {}
    assert settings.is_postgresql()


def test_every_bad_field_is_reported_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        """
[clinic]
institution_code = "12345"
language = "fr"
[desk]
idle_lock_minutes = 0
[eligibility]
transport = "ftp"
https_url = "http://gateway.example/"
[reader]
device = "usb"
[consent]
enabled_items = ["medication", "horoscope"]
[database]
url = "postgresql+psycopg://desk:hunter2@db/madoguchi"
password = "hunter2"
""",
        encoding="utf-8",
    )
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    problems = caught.value.problems
    assert "10 digits" in problems["clinic.institution_code"]
    assert "ja, en" in problems["clinic.language"]
    assert "between 1 and 120" in problems["desk.idle_lock_minutes"]
    assert "https, folder" in problems["eligibility.transport"]
    assert "https://" in problems["eligibility.https_url"]
    assert "nfc:" in problems["reader.device"]
    assert "horoscope" in problems["consent.enabled_items"]
    assert "keyring" in problems["database.url"]
    assert "keyring" in problems["database.password"]
    assert caught.value.code == "settings_invalid"
    # The message names keys and reasons, never the secret value itself.
    assert "hunter2" not in caught.value.message


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("131234567", "10 digits"),
        ("13123456789", "10 digits"),
        ("1312345６78", "10 digits"),
        ("0012345678", "prefecture"),
        ("4812345678", "prefecture"),
        ("1352345678", "fee table"),
    ],
)
def test_institution_code_rules(code: str, reason: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings().with_values({"institution_code": code})
    assert reason in caught.value.problems["clinic.institution_code"]


def test_institution_code_accepts_medical_and_dental() -> None:
    assert Settings().with_values({"institution_code": " 0131234567 "}).institution_code == (
        "0131234567"
    )
    assert Settings().with_values({"institution_code": "4732345678"}).institution_code


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///relative.db",
        "sqlite:///:memory:",
        "mysql://u@h/db",
        "postgresql+psycopg://@host/db",
        "postgresql+psycopg://user@host/",
        "postgresql+psycopg://user@host:notaport/db",
    ],
)
def test_database_url_rules(url: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings().with_values({"database.url": url})
    assert caught.value.problems["database.url"]


def test_https_transport_cross_checks(tmp_path: Path) -> None:
    settings = Settings().with_values(
        {
            "institution_code": "1312345678",
            "transport": "https",
            "ca_bundle": str(tmp_path / "missing-ca.pem"),
        }
    )
    problems = settings.problems()
    assert "required" in problems["eligibility.https_url"]
    assert "file not found" in problems["eligibility.ca_bundle"]
    with pytest.raises(SettingsError):
        settings.require_usable()
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    fixed = settings.with_values({"https_url": "https://127.0.0.1:8443/", "ca_bundle": str(ca)})
    assert fixed.require_usable() is fixed


def test_https_url_refuses_credentials() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings().with_values({"https_url": "https://user:pw@gw.example/"})
    assert "keyring" in caught.value.problems["eligibility.https_url"]


def test_relative_paths_refused() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings().with_values({"folder_root": "oqs/req"})
    assert "absolute" in caught.value.problems["eligibility.folder_root"]


def test_malformed_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[clinic\ninstitution_code = 1", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert "TOML" in caught.value.problems["file"]
    path.write_bytes(b"\xff\xfe[")
    with pytest.raises(SettingsError):
        load_settings(path)


def test_changed_keys_for_the_audit() -> None:
    before = Settings()
    after = before.with_values({"consent.enabled_items": ["medication"], "idle_lock_minutes": 9})
    assert after.changed_keys(before) == ["desk.idle_lock_minutes", "consent.enabled_items"]


def test_toml_writer_escapes_and_round_trips() -> None:
    data = {"a": {"text": 'C:\\OQS\\"x"\n\t\x01日本', "n": 3, "b": True, "l": ["x", "y"]}}
    assert tomllib.loads(dumps_toml(data)) == data


def test_database_password_comes_from_the_keyring() -> None:
    store = KeyringSecretStore()
    settings = Settings().with_values({"database.url": "postgresql+psycopg://desk@db:5432/m"})
    assert database_url_with_password(settings, store) == "postgresql+psycopg://desk@db:5432/m"
    store.set(DATABASE_PASSWORD, "p@ss:w/rd")
    assert database_url_with_password(settings, store) == (
        "postgresql+psycopg://desk:p%40ss%3Aw%2Frd@db:5432/m"
    )
    sqlite = Settings()
    assert database_url_with_password(sqlite, store).startswith("sqlite:///")
    # The password never reaches the file.
    save_settings(settings)
    assert "p@ss" not in settings_path().read_text(encoding="utf-8")


def test_declaration_is_complete_and_defaults_round_trip() -> None:
    keys = [spec.key for _, spec in Settings.specs()]
    assert len(keys) == len(set(keys))
    assert all(key.count(".") == 1 for key in keys)
    assert all(spec.label for _, spec in Settings.specs())
    # Every default passes its own parser, and the defaults survive the file format.
    for name, spec in Settings.specs():
        default = getattr(Settings(), name)
        plain = Settings().to_toml_data()[spec.key.split(".")[0]][spec.key.split(".")[1]]
        assert spec.parse(plain) == default, name
    assert Settings.from_mapping(tomllib.loads(dumps_toml(Settings().to_toml_data()))) == (
        Settings()
    )
