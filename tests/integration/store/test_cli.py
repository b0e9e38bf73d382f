"""The IT staff commands, run the way ``python -m clinic_app`` runs them."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from clinic_app.cli import store as cli
from clinic_app.store import Database, login, migrate


class FakeStdin(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture(autouse=True)
def profile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away profile, so no test reads the real user's settings or database."""
    home = tmp_path / "profile"
    monkeypatch.setenv("MADOGUCHI_HOME", str(home))
    return home


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(argv, stdin=FakeStdin(stdin), stdout=out)
    return code, out.getvalue()


def test_user_add_list_lock_unlock_passwd(store_url: str) -> None:
    code, text = run(
        ["user", "add", "admin1", "--role", "admin", "--db", store_url], "first pass 1\n"
    )
    assert code == 0 and "user admin1 added (role admin" in text
    run(["user", "add", "rec1", "--role", "reception", "--db", store_url], "second pass 2\n")
    code, text = run(["user", "list", "--db", store_url])
    assert text.splitlines()[0].startswith("admin1\tadmin\tok\tlast login never")
    assert run(["user", "lock", "rec1", "--db", store_url])[0] == 0
    assert "rec1\treception\tlocked" in run(["user", "list", "--db", store_url])[1]
    assert run(["user", "unlock", "rec1", "--db", store_url])[0] == 0
    assert run(["user", "passwd", "rec1", "--db", store_url], "third pass 3\n")[0] == 0
    with Database.open(store_url) as db:
        assert login(db, "rec1", "third pass 3").username == "rec1"
        with db.session(write=False) as uow:
            events = [e.event for e in uow.audit.entries()]
    assert events == [
        "user_added",
        "user_added",
        "user_listed",
        "user_locked",
        "user_listed",
        "user_unlocked",
        "password_changed",
        "login",
    ]


def test_errors_are_clear_and_exit_nonzero(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["user", "add", "x", "--role", "admin", "--db", store_url], "short\n")[0] == 1
    assert run(["user", "lock", "nobody", "--db", store_url])[0] == 1
    run(["user", "add", "dup", "--role", "doctor", "--db", store_url], "long enough 1\n")
    assert (
        run(["user", "add", "dup", "--role", "doctor", "--db", store_url], "long enough 1\n")[0]
        == 1
    )
    err = capsys.readouterr().err
    assert "at least 8 characters" in err and "no staff user named" in err
    assert "already taken" in err and "Traceback" not in err


def test_password_is_never_an_argument() -> None:
    with pytest.raises(SystemExit):
        cli.main(["user", "add", "x", "--role", "admin", "--password", "secret"])


def test_backup_restore_purge_migrate(store_url: str, tmp_path: Path) -> None:
    run(["user", "add", "admin1", "--role", "admin", "--db", store_url], "first pass 1\n")
    code, text = run(["backup", "--db", store_url, "--dir", str(tmp_path / "b"), "--keep", "3"])
    assert code == 0 and "backup written" in text
    (backup_file,) = (tmp_path / "b").glob("*.mdbackup")
    target = tmp_path / "restored.sqlite3"
    code, text = run(["restore", str(backup_file), "--db", str(target)])
    assert code == 0 and "restored 2 rows" in text
    assert run(["restore", str(backup_file), "--db", str(target)])[0] == 1  # not empty now
    code, text = run(["purge", "--db", str(target), "--histories-days", "30"])
    assert code == 0 and text.startswith("purged: medication_lines=0")
    code, text = run(["audit", "verify", "--db", str(target)])
    assert (
        code == 0 and "audit chain OK: 3 rows" in text
    )  # added, restore, purge (the backup row is newer than its snapshot)
    code, text = run(["migrate", "--db", str(tmp_path / "new.sqlite3")])
    assert code == 0 and "migrated from empty to 0002" in text
    code, text = run(["migrate", "--show", "--db", str(tmp_path / "new.sqlite3")])
    assert "schema revision: 0002 (newest: 0002)" in text
    old = tmp_path / "old version.sqlite3"
    migrate.upgrade(sa.make_url(f"sqlite:///{old}"), target="0001")
    code, text = run(["migrate", "--db", str(old)])
    assert code == 0 and "migrated from 0001 to 0002" in text
    assert "copy of the database before migrating:" in text
    assert "audit chain OK: 1 rows" in run(["audit", "verify", "--db", str(old)])[1]
    code, text = run(["audit", "tail", "-n", "2", "--db", str(target)])
    assert [line.split("\t")[2] for line in text.splitlines()] == ["restore", "purge"]


def test_default_database_is_the_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path))
    assert cli.database_url(None) == f"sqlite:///{tmp_path / 'data' / 'madoguchi.sqlite3'}"
    assert cli.database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_module_entry_point_reads_password_from_stdin(tmp_path: Path) -> None:
    db_file = tmp_path / "cli.sqlite3"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "clinic_app",
            "user",
            "add",
            "boss",
            "--role",
            "admin",
            "--db",
            str(db_file),
        ],
        input="a long password\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "a long password" not in result.stdout + result.stderr
