"""Staff accounts: KDF hashes, generic login failure, failure counter, lockout, audit rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clinic_app.core.errors import InvalidInput
from clinic_app.store import (
    AuthenticationFailed,
    Conflict,
    Database,
    LockoutPolicy,
    NotFound,
    StaffRole,
    WeakPassword,
    login,
)
from tests.helpers.store_fixtures import MutableClock

PASSWORD = "correct horse battery"


def events(db: Database) -> list[tuple[str, int | None, dict[str, object]]]:
    with db.session(write=False) as uow:
        return [(e.event, e.staff_id, dict(e.detail)) for e in uow.audit.entries()]


def test_add_user_stores_a_kdf_hash_and_audits(db: Database) -> None:
    with db.session() as uow:
        user = uow.staff.add("reception1", PASSWORD, StaffRole.RECEPTION)
    assert user.password_hash.startswith("scrypt$") and PASSWORD not in user.password_hash
    assert PASSWORD not in repr(user)
    assert events(db) == [("user_added", None, {"target_staff_id": user.id, "role": "reception"})]


def test_login_success_clears_failures(db: Database, clock: MutableClock) -> None:
    db.run(lambda uow: uow.staff.add("doc", PASSWORD, StaffRole.DOCTOR))
    with pytest.raises(AuthenticationFailed):
        login(db, "doc", "wrong password")
    user = login(db, "doc", PASSWORD)
    assert (user.role, user.failed_attempts, user.last_login_at) == (
        StaffRole.DOCTOR,
        0,
        clock.now,
    )
    assert [e[0] for e in events(db)] == ["user_added", "login_failed", "login"]


def test_failure_message_is_the_same_for_every_cause(db: Database) -> None:
    db.run(lambda uow: uow.staff.add("doc", PASSWORD, StaffRole.DOCTOR))
    db.run(lambda uow: uow.staff.add("gone", PASSWORD, StaffRole.DOCTOR))
    db.run(lambda uow: uow.staff.lock("gone"))
    messages = set()
    for name, password in (("doc", "bad password"), ("nobody", PASSWORD), ("gone", PASSWORD)):
        with pytest.raises(AuthenticationFailed) as caught:
            login(db, name, password)
        messages.add((caught.value.code, caught.value.message))
    assert len(messages) == 1
    reasons = [e[2].get("reason") for e in events(db) if e[0] == "login_failed"]
    assert reasons == ["bad_password", "unknown_user", "locked"]


def test_lockout_after_repeated_failures_then_expiry(db: Database, clock: MutableClock) -> None:
    policy = LockoutPolicy(max_failures=3, lock_for=timedelta(minutes=10))
    db.run(lambda uow: uow.staff.add("rec", PASSWORD, StaffRole.RECEPTION))
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            login(db, "rec", "not the password", policy=policy)
    with db.session(write=False) as uow:
        locked = uow.staff.by_username("rec")
    assert locked is not None and locked.is_locked(clock.now)
    assert locked.locked_until == clock.now + timedelta(minutes=10)
    with pytest.raises(AuthenticationFailed):  # even the right password is refused now
        login(db, "rec", PASSWORD, policy=policy)
    assert [e[0] for e in events(db)].count("lockout") == 1
    clock.advance(minutes=11)
    assert login(db, "rec", PASSWORD, policy=policy).failed_attempts == 0


def test_admin_lock_unlock_and_password_change(db: Database) -> None:
    with db.session() as uow:
        admin = uow.staff.add("admin", PASSWORD, StaffRole.ADMIN)
        uow.staff.add("rec", PASSWORD, StaffRole.RECEPTION)
        uow.staff.lock("rec", actor_id=admin.id)
    with pytest.raises(AuthenticationFailed):
        login(db, "rec", PASSWORD)
    with db.session() as uow:
        uow.staff.unlock("rec", actor_id=admin.id)
        uow.staff.set_password("rec", "another long secret", actor_id=admin.id)
        assert [u.username for u in uow.staff.list_all()] == ["admin", "rec"]
        assert uow.staff.count_admins() == 1
    with pytest.raises(AuthenticationFailed):
        login(db, "rec", PASSWORD)
    assert login(db, "rec", "another long secret").username == "rec"
    admin_events = [e[0] for e in events(db) if e[1] == admin.id]
    assert admin_events == ["user_locked", "user_unlocked", "password_changed"]


def test_bad_account_input_is_refused(db: Database) -> None:
    db.run(lambda uow: uow.staff.add("doc", PASSWORD, StaffRole.DOCTOR))
    with pytest.raises(Conflict):
        db.run(lambda uow: uow.staff.add("doc", PASSWORD, StaffRole.ADMIN))
    with pytest.raises(WeakPassword):
        db.run(lambda uow: uow.staff.add("new", "short", StaffRole.ADMIN))
    with pytest.raises(InvalidInput):
        db.run(lambda uow: uow.staff.add("名前", PASSWORD, StaffRole.ADMIN))
    with pytest.raises(NotFound):
        db.run(lambda uow: uow.staff.lock("nobody"))
    with db.session(write=False) as uow:
        assert [u.username for u in uow.staff.list_all()] == ["doc"]
