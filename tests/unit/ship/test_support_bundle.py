"""support-bundle: logs (redacted again) and settings, never secrets or patient data."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from clinic_app import paths
from clinic_app.__main__ import main as app_main
from clinic_app.cli.ops import create_support_bundle
from clinic_app.secrets import DATABASE_PASSWORD, KeyringSecretStore
from clinic_app.settings import Settings, save_settings, settings_path


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path / "home"))


def read_bundle(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name).decode("utf-8") for name in bundle.namelist()}


def test_bundle_holds_redacted_logs_and_settings_without_secrets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    KeyringSecretStore().set(DATABASE_PASSWORD, "Top-Secret-pw")
    save_settings(
        Settings().with_values(
            {
                "institution_code": "1312345678",
                "database.url": "postgresql+psycopg://desk@db.lan:5432/madoguchi",
            }
        )
    )
    # A log written without the filter (an old version, a hand edit): personal data inside.
    (paths.log_dir() / "madoguchi.log.1").write_text(
        "2026-01-01 INFO x visit_id=5 name=山田太郎 kana=ﾔﾏﾀﾞ pin=1234 insurer=06132013\n",
        encoding="utf-8",
    )
    (paths.log_dir() / "madoguchi.log").write_text("INFO started code=ok\n", encoding="utf-8")

    assert app_main(["support-bundle", "--output", str(tmp_path)]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.parent == tmp_path and written.suffix == ".zip"
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    files = read_bundle(written)
    assert set(files) == {
        "logs/madoguchi.log",
        "logs/madoguchi.log.1",
        "settings/settings.toml",
        "settings/problems.txt",
        "system.txt",
        "README.txt",
    }
    everything = "\n".join(files.values())
    for personal in ("山田", "ﾔﾏﾀﾞ", "pin=1234", "06132013", "Top-Secret-pw"):
        assert personal not in everything
    assert "visit_id=5" in files["logs/madoguchi.log.1"]
    assert 'institution_code = "1312345678"' in files["settings/settings.toml"]
    assert "eligibility.folder_root" in files["settings/problems.txt"]
    assert "keyring backend:" in files["system.txt"]


def test_invalid_settings_file_is_included_with_secret_lines_removed(tmp_path: Path) -> None:
    settings_path().write_text(
        '[database]\nurl = "sqlite:///relative"\npassword = "hunter2"\n', encoding="utf-8"
    )
    files = read_bundle(create_support_bundle(tmp_path / "bundle.zip"))
    assert "hunter2" not in files["settings/settings.toml"]
    assert "line removed" in files["settings/settings.toml"]
    assert "does not load" in files["settings/problems.txt"]
    assert "database.url" in files["settings/problems.txt"]


def test_unwritable_target_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert app_main(["support-bundle", "-o", str(blocker / "sub" / "b.zip")]) == 1
    assert "cannot write the bundle" in capsys.readouterr().err
