"""The IT staff commands, run the way ``python -m clinic_app`` runs them."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from clinic_app import secrets
from clinic_app.cli import store as cli
from clinic_app.store import Database, StoreUnavailable, login, migrate
from clinic_app.store import backup as backups
from tests.helpers.memory_keyring import MemoryKeyring, install_memory_keyring
from tests.helpers.store_cli import run


@pytest.fixture(autouse=True)
def profile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away profile, so no test reads the real user's settings or database."""
    home = tmp_path / "profile"
    monkeypatch.setenv("MADOGUCHI_HOME", str(home))
    return home


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


# ------------------------------------------------------------ backup key to a new PC


def keyring_value(name: str = secrets.BACKUP_KEY) -> str | None:
    return secrets.KeyringSecretStore().get(name)


def audit_events(url: str) -> list[str]:
    with Database.open(url) as db, db.session(write=False) as uow:
        return [e.event for e in uow.audit.entries()]


def test_restore_on_a_replacement_pc_with_the_exported_key(
    store_url: str,
    empty_store_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(1)
    # Profile A: an account, a backup (which makes the key), the key exported.
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path / "A"))
    run(["user", "add", "boss", "--role", "admin", "--db", store_url], "boss password 1\n")
    assert run(["backup", "--db", store_url, "--dir", str(tmp_path / "backups")])[0] == 0
    (backup_file,) = (tmp_path / "backups").glob("*.mdbackup")
    key_file = tmp_path / "usb" / "madoguchi-backup-key.txt"
    key_file.parent.mkdir()
    code, text = run(["backup", "key", "export", "--to", str(key_file), "--db", store_url])
    assert code == 0 and f"backup key written to {key_file} (fingerprint " in text
    fingerprint = text.split("fingerprint ")[1].rstrip(")\n")
    assert "Store it offline" in capsys.readouterr().err
    key_a = keyring_value()
    assert key_a is not None and key_a in key_file.read_text(encoding="ascii")
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert audit_events(store_url)[-1] == "backup_key_exported"

    # Profile B on a new PC: a fresh keyring; restore fails until the key is imported.
    install_memory_keyring()
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path / "B"))
    assert run(["restore", str(backup_file), "--db", empty_store_url])[0] == 1
    assert "import its key first" in capsys.readouterr().err
    code, text = run(["backup", "key", "import", "--from", str(key_file), "--db", empty_store_url])
    assert code == 0 and text == f"backup key imported (fingerprint {fingerprint})\n"
    assert keyring_value() == key_a
    code, text = run(["restore", str(backup_file), "--db", empty_store_url])
    assert code == 0 and "restored" in text
    code, text = run(["audit", "verify", "--db", empty_store_url])
    assert code == 0 and "audit chain OK: 3 rows" in text
    # The import row B wrote before the restore is carried over after A's chain.
    assert audit_events(empty_store_url) == ["user_added", "backup_key_imported", "restore"]
    with Database.open(empty_store_url) as db:
        assert login(db, "boss", "boss password 1").username == "boss"

    # The key is never in an audit row, a log record or the printed output.
    for url in (store_url, empty_store_url):
        with Database.open(url) as db, db.session(write=False) as uow:
            assert all(key_a not in str(dict(e.detail)) for e in uow.audit.entries())
    captured = capsys.readouterr()
    assert key_a not in caplog.text + captured.out + captured.err


def test_key_export_refuses_to_overwrite_and_needs_a_key(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = tmp_path / "key.txt"
    assert run(["backup", "key", "export", "--to", str(key_file), "--db", store_url])[0] == 1
    assert "no backup key yet" in capsys.readouterr().err
    assert not key_file.exists() and audit_events(store_url) == []
    run(["backup", "--db", store_url, "--dir", str(tmp_path / "b")])
    key_file.write_text("something precious\n", encoding="ascii")
    assert run(["backup", "key", "export", "--to", str(key_file), "--db", store_url])[0] == 1
    assert "never overwritten" in capsys.readouterr().err
    assert key_file.read_text(encoding="ascii") == "something precious\n"
    missing_folder = tmp_path / "no such folder" / "key.txt"
    assert run(["backup", "key", "export", "--to", str(missing_folder), "--db", store_url])[0] == 1
    assert "cannot create the key file" in capsys.readouterr().err
    assert audit_events(store_url) == ["backup"]


def test_key_export_without_its_audit_row_leaves_no_file(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = secrets.KeyringSecretStore()
    with Database.open(store_url) as db:
        backups.create_backup(db, tmp_path / "b", store)

        def unavailable(_work: object) -> None:
            raise StoreUnavailable("the database stayed busy; try again")

        monkeypatch.setattr(db, "run", unavailable)
        with pytest.raises(StoreUnavailable):
            backups.export_key(db, store, tmp_path / "key.txt")
    assert not (tmp_path / "key.txt").exists()


def test_key_import_same_different_forced_and_bare(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["backup", "--db", store_url, "--dir", str(tmp_path / "b")])
    first = keyring_value()
    assert first is not None
    exported = tmp_path / "first.txt"
    run(["backup", "key", "export", "--to", str(exported), "--db", store_url])
    code, text = run(["backup", "key", "import", "--from", str(exported), "--db", store_url])
    assert code == 0 and text.startswith("this keyring already holds that backup key")

    other = tmp_path / "other.txt"  # a bare base64 line, as `keyring get` prints it
    other_key = base64.b64encode(bytes(range(32))).decode("ascii")
    other.write_text(other_key + "\n", encoding="ascii")
    assert run(["backup", "key", "import", "--from", str(other), "--db", store_url])[0] == 1
    assert "already has a different backup key" in capsys.readouterr().err
    assert keyring_value() == first
    code, text = run(
        ["backup", "key", "import", "--from", str(other), "--force", "--db", store_url]
    )
    assert code == 0 and text.startswith("backup key replaced: now ")
    assert keyring_value() == other_key
    with Database.open(store_url) as db, db.session(write=False) as uow:
        imports = [dict(e.detail) for e in uow.audit.entries() if e.event == "backup_key_imported"]
    assert imports == [{"outcome": "same_key"}, {"outcome": "replaced"}]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"# only a comment\n",
        b"madoguchi-backup-key-v1:not base64!\n",
        b"madoguchi-backup-key-v1:" + base64.b64encode(b"short") + b"\n",
        base64.b64encode(bytes(32)) + b"\n" + base64.b64encode(bytes(32)) + b"\n",
        "鍵".encode() + b"\n",
        b"A" * 5000,
    ],
    ids=["empty", "comment", "not-base64", "short", "two-keys", "not-ascii", "huge"],
)
def test_key_import_refuses_what_is_not_a_key(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    source = tmp_path / "key.txt"
    source.write_bytes(content)
    assert run(["backup", "key", "import", "--from", str(source), "--db", store_url])[0] == 1
    assert "does not hold a Madoguchi backup key" in capsys.readouterr().err
    assert keyring_value() is None and audit_events(store_url) == []
    assert (
        run(["backup", "key", "import", "--from", str(tmp_path / "nope"), "--db", store_url])[0]
        == 1
    )
    assert "cannot read the key file" in capsys.readouterr().err


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        import keyring.errors

        raise keyring.errors.PasswordSetError("locked")


def test_key_import_a_refusing_keyring_leaves_no_audit_row(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring

    source = tmp_path / "key.txt"
    source.write_text(base64.b64encode(bytes(32)).decode("ascii") + "\n", encoding="ascii")
    keyring.set_keyring(RefusingKeyring())
    assert run(["backup", "key", "import", "--from", str(source), "--db", store_url])[0] == 1
    assert "refused to store a secret" in capsys.readouterr().err
    assert audit_events(store_url) == []


def test_restore_still_refuses_a_profile_with_other_rows(
    store_url: str, empty_store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["user", "add", "boss", "--role", "admin", "--db", store_url], "boss password 1\n")
    run(["backup", "--db", store_url, "--dir", str(tmp_path / "b")])
    (backup_file,) = (tmp_path / "b").glob("*.mdbackup")
    run(["audit", "verify", "--db", empty_store_url])  # creates the schema, no rows
    with Database.open(empty_store_url) as db:
        db.run(lambda uow: uow.audit.append("backup_key_imported"))
        db.run(lambda uow: uow.audit.append("settings_change"))
    assert run(["restore", str(backup_file), "--db", empty_store_url])[0] == 1
    assert "needs an empty profile" in capsys.readouterr().err
    assert audit_events(empty_store_url) == ["backup_key_imported", "settings_change"]


def test_migrate_reads_the_revision_with_the_keyrings_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``migrate --db postgresql://user@host/db`` checks the revision as Database.open connects."""
    from clinic_app.store import engine as engine_module

    secrets.KeyringSecretStore().set(secrets.DATABASE_PASSWORD, "from the keyring")
    seen: list[sa.URL] = []

    class Stop(Exception):
        pass

    def capture(url: sa.URL | str, **_options: object) -> sa.Engine:
        seen.append(sa.make_url(url))
        raise Stop

    monkeypatch.setattr(engine_module, "create_store_engine", capture)
    with pytest.raises(Stop):
        cli.main(["migrate", "--show", "--db", "postgresql+psycopg://clinic@db.lan:5432/mado"])
    assert [(u.username, u.password, u.host) for u in seen] == [
        ("clinic", "from the keyring", "db.lan")
    ]
