"""Encrypted backup generations and restore into an empty profile; failures change nothing."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from clinic_app import secrets
from clinic_app.core.patient import Sex
from clinic_app.store import BackupError, Database, EligibilitySource, StaffRole, login
from clinic_app.store.backup import MAGIC, create_backup, list_backups, read_backup, restore_backup
from clinic_app.store.schema import TABLES_IN_ORDER
from tests.helpers.store_fixtures import MutableClock
from tests.helpers.store_samples import eligibility_result, medication_lines


@pytest.fixture
def keyring_store() -> secrets.KeyringSecretStore:
    return secrets.KeyringSecretStore()  # the in-memory keyring the root conftest installs


def fill(db: Database) -> int:
    with db.session() as uow:
        uow.staff.add("admin", "correct horse battery", StaffRole.ADMIN)
        patient = uow.patients.add(
            name="德永 ●子", kana="ﾄｸﾅｶﾞ ﾖｳｺ", birthdate=date(1951, 4, 3), sex=Sex.FEMALE
        )
        check = uow.eligibility.record(
            source=EligibilitySource.CARD,
            result=eligibility_result(),
            patient_id=patient.id,
            raw_reply=b"<XmlMsg/>",
        )
        uow.visits.check_in(patient.id, source=EligibilitySource.CARD, check_id=check.id)
        uow.histories.replace_medication(patient.id, medication_lines(5))
        uow.audit.append("history_view", staff_id=1, patient_id=patient.id)
        return patient.id


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.session(write=False) as uow:
        return {
            t.name: [
                tuple(r)
                for r in uow.connection.execute(sa.select(t).order_by(*t.primary_key.columns))
            ]
            for t in TABLES_IN_ORDER
        }


def fresh(url_factory: str, tmp_path: Path, clock: MutableClock) -> Database:
    return Database.open(url_factory, clock=clock, backup_dir=tmp_path / "pre")


def test_round_trip_into_an_empty_profile(
    db: Database,
    tmp_path: Path,
    clock: MutableClock,
    keyring_store: secrets.KeyringSecretStore,
) -> None:
    patient = fill(db)
    before = snapshot(db)  # the backup's own audit row comes after its snapshot
    info = create_backup(db, tmp_path / "backups", keyring_store)
    assert info.path.name.startswith("madoguchi-20261130-090000")
    assert info.path.read_bytes().startswith(MAGIC)
    assert b"XmlMsg" not in info.path.read_bytes()  # sealed, not merely compressed
    assert keyring_store.get(secrets.BACKUP_KEY) is not None
    assert (info.path.stat().st_mode & 0o777) == 0o600

    target = fresh(f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path, clock)
    try:
        restored = restore_backup(target, info.path, keyring_store)
        after = snapshot(target)
        with target.session(write=False) as uow:
            verdict = uow.audit.verify()
            assert uow.eligibility.raw_reply(1) == b"<XmlMsg/>"
            assert len(uow.histories.medication(patient)) == 5
            # New rows continue after the restored ids.
        with target.session() as uow:
            extra = uow.patients.add(
                name="x", kana="ｴｯｸｽ", birthdate=date(2000, 1, 1), sex=Sex.MALE
            )
        assert extra.id == patient + 1
        assert login(target, "admin", "correct horse battery").username == "admin"
    finally:
        target.close()
    assert restored.rows == sum(len(rows) for rows in before.values())
    for name in before:
        if name == "audit_log":
            # The restore appended its own row; the rest is identical.
            assert after[name][: len(before[name])] == before[name]
            assert after[name][len(before[name])][2] == "restore"
        else:
            assert after[name] == before[name], name
    assert verdict.ok


def test_restore_into_postgresql_from_the_same_backend(
    db: Database,
    store_url: str,
    tmp_path: Path,
    keyring_store: secrets.KeyringSecretStore,
    clock: MutableClock,
    backend: str,
    request: pytest.FixtureRequest,
) -> None:
    """Restore into a second empty database on the parametrised backend (sequences reset)."""
    fill(db)
    info = create_backup(db, tmp_path / "b", keyring_store)
    if backend == "sqlite":
        other_url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    else:
        server = request.getfixturevalue("pg_server")
        name = server.create(template=server.template)
        request.addfinalizer(lambda: server.drop(name))
        other_url = server.url_for(name).render_as_string(hide_password=False)
    other = fresh(other_url, tmp_path, clock)
    try:
        restore_backup(other, info.path, keyring_store)
        with other.session() as uow:
            visit = uow.visits.check_in(1, source=EligibilitySource.CARD)
            assert (visit.id, visit.queue_number) == (2, 2)
            assert uow.audit.verify().ok
    finally:
        other.close()


def test_keep_n_generations(db: Database, tmp_path: Path, clock: MutableClock) -> None:
    store = secrets.KeyringSecretStore()
    fill(db)
    folder = tmp_path / "gens"
    made = []
    for _ in range(4):
        clock.advance(hours=1)
        made.append(create_backup(db, folder, store, keep=2).path)
    assert list_backups(folder) == made[-2:]
    with db.session(write=False) as uow:
        backups = [e for e in uow.audit.entries() if e.event == "backup"]
    assert [e.detail["file"] for e in backups] == [p.name for p in made]
    # Each backup row notes the chain head at that moment (to catch a cut-off end later).
    with db.session(write=False) as uow:
        assert uow.audit.verify(expected_head=str(backups[-1].detail["audit_head"])).ok
    with pytest.raises(BackupError):
        create_backup(db, folder, store, keep=0)


def test_corrupt_backup_is_refused_and_nothing_changes(
    db: Database, tmp_path: Path, clock: MutableClock
) -> None:
    store = secrets.KeyringSecretStore()
    fill(db)
    path = create_backup(db, tmp_path / "b", store).path
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    broken = tmp_path / "broken.mdbackup"
    broken.write_bytes(bytes(data))
    target = fresh(f"sqlite:///{tmp_path / 't.sqlite3'}", tmp_path, clock)
    try:
        with pytest.raises(BackupError) as caught:
            restore_backup(target, broken, store)
        assert caught.value.code == "backup_corrupt_or_wrong_key"
        assert all(not rows for rows in snapshot(target).values())
    finally:
        target.close()


def test_wrong_key_is_refused(db: Database, tmp_path: Path) -> None:
    store = secrets.KeyringSecretStore()
    fill(db)
    path = create_backup(db, tmp_path / "b", store).path
    store.set(secrets.BACKUP_KEY, base64.b64encode(b"k" * 32).decode())
    with pytest.raises(BackupError, match="another key"):
        read_backup(path, store)
    store.set(secrets.BACKUP_KEY, "not base64 !!")
    with pytest.raises(BackupError, match="damaged"):
        read_backup(path, store)
    store.delete(secrets.BACKUP_KEY)
    with pytest.raises(BackupError) as caught:
        read_backup(path, store)
    assert caught.value.code == "backup_key_missing"


def test_not_a_backup_and_missing_file(tmp_path: Path) -> None:
    store = secrets.KeyringSecretStore()
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(BackupError, match="not a Madoguchi backup"):
        read_backup(other, store)
    with pytest.raises(BackupError, match="cannot read"):
        read_backup(tmp_path / "missing.mdbackup", store)


def test_restore_refuses_a_database_with_data(db: Database, tmp_path: Path) -> None:
    store = secrets.KeyringSecretStore()
    fill(db)
    path = create_backup(db, tmp_path / "b", store).path
    before = snapshot(db)
    with pytest.raises(BackupError, match="empty profile"):
        restore_backup(db, path, store)
    assert snapshot(db) == before


def reseal(path: Path, store: secrets.KeyringSecretStore, edit: object) -> Path:
    """Decrypt a backup, change its JSON lines with ``edit``, seal it again with the same key."""
    import json
    import secrets as pysecrets
    import zlib

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    lines = [
        json.loads(x) for x in zlib.decompress(read_backup(path, store).compressed).splitlines()
    ]
    lines = edit(lines)  # type: ignore[operator]
    plain = zlib.compress(b"".join(json.dumps(x).encode() + b"\n" for x in lines))
    key = base64.b64decode(store.get(secrets.BACKUP_KEY) or "")
    nonce = pysecrets.token_bytes(12)
    out = path.with_name("edited.mdbackup")
    out.write_bytes(MAGIC + nonce + AESGCM(key).encrypt(nonce, plain, MAGIC))
    return out


def _edit_audit_row(lines: list[object]) -> list[object]:
    start = next(
        i for i, x in enumerate(lines) if isinstance(x, dict) and x.get("table") == "audit_log"
    )
    row = lines[start + 1]
    assert isinstance(row, list)
    row[4] = 424242  # patient_id of the first audit row
    return lines


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda lines: lines[:-1], "incomplete"),
        (
            lambda lines: [
                x for x in lines if not (isinstance(x, dict) and x.get("table") == "consents")
            ],
            "incomplete",
        ),
        (lambda lines: [*lines[:1], {"table": "nope", "columns": []}, *lines[1:]], "unknown table"),
        (_edit_audit_row, "audit chain in the backup is broken at row 1"),
        (lambda lines: [{**lines[0], "revision": "0001"}, *lines[1:]], "from schema 0001"),
    ],
    ids=["truncated", "table-missing", "unknown-table", "audit-edited", "other-revision"],
)
def test_tampered_content_is_refused_and_nothing_changes(
    db: Database, tmp_path: Path, clock: MutableClock, edit: object, message: str
) -> None:
    store = secrets.KeyringSecretStore()
    fill(db)
    edited = reseal(create_backup(db, tmp_path / "b", store).path, store, edit)
    target = fresh(f"sqlite:///{tmp_path / 't.sqlite3'}", tmp_path, clock)
    try:
        with pytest.raises(BackupError, match=message):
            restore_backup(target, edited, store)
        assert all(not rows for rows in snapshot(target).values())
    finally:
        target.close()
