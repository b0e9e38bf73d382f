"""The store commands take their defaults from the profile's settings; flags still win."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import keyring
import pytest
import sqlalchemy as sa
from keyring.backends.fail import Keyring as FailKeyring

from clinic_app import secrets
from clinic_app.cli import store as cli
from clinic_app.core.patient import Sex
from clinic_app.store import Database
from clinic_app.store.retention import calendar_years
from tests.helpers.store_cli import run
from tests.helpers.store_samples import medication_lines


@pytest.fixture(autouse=True)
def profile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away profile, so the tests never read the real user's settings."""
    home = tmp_path / "profile"
    monkeypatch.setenv("MADOGUCHI_HOME", str(home))
    return home


def write_settings(home: Path, text: str) -> Path:
    folder = home / "config"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def usernames(url: str) -> list[str]:
    with Database.open(url) as db, db.session(write=False) as uow:
        return [user.username for user in uow.staff.list_all()]


def test_database_comes_from_the_settings(store_url: str, profile_home: Path) -> None:
    write_settings(profile_home, f'[database]\nurl = "{store_url}"\n')
    code, text = run(["user", "add", "boss", "--role", "admin"], "long enough 1\n")
    assert code == 0, text
    assert usernames(store_url) == ["boss"]
    assert not (profile_home / "data" / "madoguchi.sqlite3").exists()
    # --db still wins over the settings.
    other = profile_home / "other.sqlite3"
    code, _ = run(
        ["user", "add", "elsewhere", "--role", "doctor", "--db", str(other)], "pw long 12\n"
    )
    assert code == 0
    assert usernames(f"sqlite:///{other}") == ["elsewhere"]
    assert usernames(store_url) == ["boss"]


def test_no_settings_file_means_the_profiles_sqlite_file(profile_home: Path) -> None:
    assert cli.database_url(None) == f"sqlite:///{profile_home / 'data' / 'madoguchi.sqlite3'}"


def test_postgresql_password_is_joined_from_the_keyring(profile_home: Path) -> None:
    write_settings(
        profile_home, '[database]\nurl = "postgresql+psycopg://madoguchi@db.clinic.lan:5432/mado"\n'
    )
    store = secrets.KeyringSecretStore()
    assert cli.database_url(None, store=store) == (
        "postgresql+psycopg://madoguchi@db.clinic.lan:5432/mado"
    )
    store.set(secrets.DATABASE_PASSWORD, "p@ss:w/rd")
    url = sa.make_url(cli.database_url(None, store=store))
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "madoguchi",
        "p@ss:w/rd",
        "db.clinic.lan",
        5432,
        "mado",
    )


@pytest.mark.integration
def test_settings_postgresql_with_keyring_password_end_to_end(
    pg_server: object, profile_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The joined URL really connects (the test server trusts any password)."""
    from tests.helpers.store_fixtures import PgServer

    assert isinstance(pg_server, PgServer)
    name = pg_server.create(template=pg_server.template)
    try:
        url = pg_server.url_for(name).render_as_string(hide_password=False)
        write_settings(profile_home, f'[database]\nurl = "{url}"\n')
        secrets.KeyringSecretStore().set(secrets.DATABASE_PASSWORD, "not-in-any-output-42")
        code, text = run(["user", "add", "boss", "--role", "admin"], "long enough 1\n")
        assert code == 0
        code, listing = run(["user", "list"])
        assert code == 0 and listing.startswith("boss\tadmin")
        captured = capsys.readouterr()
        assert "not-in-any-output-42" not in text + listing + captured.out + captured.err
    finally:
        pg_server.drop(name)


def test_a_missing_keyring_is_a_clear_error_for_postgresql_only(
    profile_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(FailKeyring())
    write_settings(profile_home, '[database]\nurl = "postgresql+psycopg://m@127.0.0.1:9/mado"\n')
    assert run(["audit", "verify"])[0] == 1
    err = capsys.readouterr().err
    assert "No usable OS keyring" in err and "Traceback" not in err
    # SQLite needs no keyring for the URL.
    write_settings(profile_home, "[backup]\ngenerations = 3\n")
    code, text = run(["audit", "verify"])
    assert code == 0 and "audit chain OK: 0 rows" in text


def test_backup_generations_come_from_the_settings(store_url: str, profile_home: Path) -> None:
    write_settings(profile_home, f'[database]\nurl = "{store_url}"\n[backup]\ngenerations = 2\n')
    folder = profile_home / "backups"
    for _ in range(3):
        assert run(["backup", "--dir", str(folder)])[0] == 0
    assert len(list(folder.glob("*.mdbackup"))) == 2
    for _ in range(2):
        assert run(["backup", "--dir", str(folder), "--keep", "3"])[0] == 0
    assert len(list(folder.glob("*.mdbackup"))) == 3


def test_purge_periods_come_from_the_settings(store_url: str, profile_home: Path) -> None:
    write_settings(
        profile_home,
        f'[database]\nurl = "{store_url}"\n[retention]\nhistory_days = 30\nrecords_years = 6\n',
    )
    now = datetime.now()
    with Database.open(store_url) as db, db.session() as uow:
        for kana, age_days in (("ｱ", 40), ("ｲ", 20)):
            patient = uow.patients.add(
                name="試験", kana=kana, birthdate=date(1960, 1, 1), sex=Sex.FEMALE
            )
            uow.histories.replace_medication(
                patient.id, medication_lines(2), fetched_at=now - timedelta(days=age_days)
            )
    code, text = run(["purge", "--histories-days", "60"])  # the flag wins: nothing is 60 days old
    assert code == 0 and text.startswith("purged: medication_lines=0,")
    code, text = run(["purge"])
    assert code == 0 and text.startswith("purged: medication_lines=2,")
    today = date.today()
    visits = calendar_years(6, today).days
    audit = calendar_years(5, today).days
    assert f"kept: histories 30 days, visits {visits} days, audit {audit} days" in text


def test_purge_refuses_a_zero_period_before_touching_anything(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["purge", "--db", store_url, "--histories-days", "0"])[0] == 1
    assert "1 or more" in capsys.readouterr().err
    with Database.open(store_url) as db, db.session(write=False) as uow:
        assert uow.audit.latest(5) == []


def test_calendar_years_count_leap_days() -> None:
    assert calendar_years(5, date(2026, 11, 29)) == timedelta(days=1826)  # 2024-02-29 inside
    assert calendar_years(1, date(2028, 2, 29)) == timedelta(days=366)  # to 2027-02-28
    assert calendar_years(1, date(2027, 3, 1)) == timedelta(days=365)
    with pytest.raises(ValueError):
        calendar_years(-1, date(2026, 1, 1))


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("[backup]\ngenerations = 0\n", "backup.generations", "must be between 1 and 365"),
        (
            '[database]\nurl = "postgresql+psycopg://u:pw@h:5432/db"\n',
            "database.url",
            "must not contain the password",
        ),
        (
            '[retention]\nhistory_days = "many"\n',
            "retention.history_days",
            "expected a whole number",
        ),
        ("[backup\ngenerations = 3\n", "file", "is not valid TOML"),
    ],
)
def test_a_broken_settings_file_names_the_field(
    profile_home: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    field: str,
    reason: str,
) -> None:
    path = write_settings(profile_home, text)
    assert run(["backup"])[0] == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: the settings file {path} is invalid")
    assert f"{field}: {reason}" in err and "Traceback" not in err
    assert err.endswith("or give --db and --keep on the command line.\n")
    assert "pw@" not in err


def test_flags_work_around_a_broken_settings_file(profile_home: Path) -> None:
    write_settings(profile_home, "[backup]\ngenerations = 0\n")
    db_file = profile_home / "direct.sqlite3"
    folder = profile_home / "b"
    code, text = run(["backup", "--db", str(db_file), "--keep", "2", "--dir", str(folder)])
    assert code == 0 and "backup written" in text
    code, text = run(
        [
            *("purge", "--db", str(db_file), "--histories-days", "90"),
            *("--visits-days", "1900", "--audit-days", "1900"),
        ]
    )
    assert code == 0 and "kept: histories 90 days, visits 1900 days, audit 1900 days" in text
    # Needing a default from the file fails before the database is even created.
    fresh = profile_home / "never-created.sqlite3"
    assert run(["backup", "--db", str(fresh), "--dir", str(folder)])[0] == 1
    assert not fresh.exists()
    assert run(["backup", "--db", str(fresh), "--keep", "0"])[0] == 1
    assert not fresh.exists()


def test_broken_settings_through_the_module_entry_point(profile_home: Path) -> None:
    write_settings(profile_home, '[database]\nurl = "sqlite:///relative.sqlite3"\n')
    result = subprocess.run(
        [sys.executable, "-m", "clinic_app", "user", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**_env(), "MADOGUCHI_HOME": str(profile_home)},
    )
    assert result.returncode == 1
    assert "database.url: the SQLite file path must be absolute" in result.stderr
    assert "or give --db on the command line" in result.stderr
    assert "Traceback" not in result.stderr


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
