"""LoginService: generic failure, lockout via the directory, roles, idle lock."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic_app.services.login import (
    IdleLockPolicy,
    LoginFailed,
    LoginService,
    NotPermitted,
    Permission,
)
from clinic_app.services.ports import Role
from tests.helpers.services_fakes import MemoryStore, SteppingClock


@pytest.fixture
def desk():
    store = MemoryStore()
    store.add_staff("1", "uketsuke", Role.RECEPTION, "correct horse")
    store.add_staff("2", "sensei", Role.DOCTOR, "doctor pass")
    store.add_staff("3", "kanri", Role.ADMIN, "admin pass")
    clock = SteppingClock()
    return store, clock, LoginService(store, clock, audit=store)


def test_login_gives_a_session_with_role_permissions(desk):
    store, _, service = desk
    session = service.login(" uketsuke ", "correct horse")
    assert (session.staff_id, session.role) == ("1", Role.RECEPTION)
    assert session.may(Permission.CHECK_IN) and not session.may(Permission.VIEW_HISTORIES)
    doctor = service.login("sensei", "doctor pass")
    assert doctor.may(Permission.VIEW_HISTORIES) and not doctor.may(Permission.CHANGE_SETTINGS)
    admin = service.login("kanri", "admin pass")
    assert admin.may(Permission.CHANGE_SETTINGS) and not admin.may(Permission.VIEW_HISTORIES)
    with pytest.raises(NotPermitted):
        service.require(session, Permission.VIEW_HISTORIES)
    service.require(doctor, Permission.VIEW_HISTORIES)
    assert store.events() == ["login", "login", "login"]


@pytest.mark.parametrize(
    ("username", "password"),
    [("uketsuke", "wrong"), ("nobody", "correct horse"), ("", "x"), ("uketsuke", "")],
)
def test_every_failure_has_the_same_message(desk, username, password):
    _, _, service = desk
    with pytest.raises(LoginFailed) as caught:
        service.login(username, password)
    assert caught.value.code == "login.failed"
    assert caught.value.message == LoginFailed().message


def test_lockout_after_repeated_failures_even_with_the_right_password(desk):
    store, _, service = desk
    for _ in range(5):
        with pytest.raises(LoginFailed):
            service.login("uketsuke", "wrong")
    with pytest.raises(LoginFailed):
        service.login("uketsuke", "correct horse")
    assert "lockout" in store.events()


def test_idle_lock_per_role_and_unlock_by_the_same_user(desk):
    store, clock, service = desk
    reception = service.login("uketsuke", "correct horse")
    doctor = service.login("sensei", "doctor pass")
    clock.advance(dt.timedelta(minutes=6))
    assert service.should_lock(doctor) and not service.should_lock(reception)
    reception = service.touch(reception)
    clock.advance(dt.timedelta(minutes=9))
    assert not service.should_lock(reception)
    clock.advance(dt.timedelta(minutes=1))
    assert service.should_lock(reception)
    locked = service.lock(reception)
    assert locked.locked and not locked.may(Permission.CHECK_IN)
    assert not service.should_lock(locked)
    assert service.touch(locked) is locked
    with pytest.raises(LoginFailed):
        service.unlock(locked, "doctor pass")
    unlocked = service.unlock(locked, "correct horse")
    assert not unlocked.locked and unlocked.may(Permission.CHECK_IN)
    assert "screen_locked" in store.events()


def test_idle_policy_values():
    policy = IdleLockPolicy()
    assert policy.for_role(Role.RECEPTION) == dt.timedelta(minutes=10)
    assert policy.for_role(Role.DOCTOR) == dt.timedelta(minutes=5)
    assert IdleLockPolicy.uniform(7).for_role(Role.ADMIN) == dt.timedelta(minutes=7)
    never = IdleLockPolicy(reception=None)
    store = MemoryStore()
    store.add_staff("1", "u", Role.RECEPTION, "pw")
    clock = SteppingClock()
    service = LoginService(store, clock, idle_policy=never)
    session = service.login("u", "pw")
    clock.advance(dt.timedelta(days=1))
    assert not service.should_lock(session)


def test_logout_is_audited(desk):
    store, _, service = desk
    service.logout(service.login("uketsuke", "correct horse"))
    assert store.audit[-1].event == "logout" and store.audit[-1].staff_id == "1"
