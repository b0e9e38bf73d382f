"""Staff login: roles, one generic failure message, lockout (in the store), idle lock."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum

from clinic_app.core.errors import KnownError
from clinic_app.services.ports import AuditSink, Clock, Role, StaffDirectory, StaffRecord


class LoginFailed(KnownError):
    """Always the same message: never says whether the user exists or is locked."""

    code = "login.failed"

    def __init__(self) -> None:
        super().__init__(
            "the user name or password is not right, or the account is locked for a while"
        )


class NotPermitted(KnownError):
    """The logged-in role may not do this."""

    code = "login.not_permitted"


class Permission(Enum):
    CHECK_IN = "check_in"  # queue, check-in, patient search and registration
    VIEW_HISTORIES = "view_histories"  # medication and checkup histories (doctors only)
    CHANGE_SETTINGS = "change_settings"
    MANAGE_STAFF = "manage_staff"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.RECEPTION: frozenset({Permission.CHECK_IN}),
    Role.DOCTOR: frozenset({Permission.CHECK_IN, Permission.VIEW_HISTORIES}),
    Role.ADMIN: frozenset(
        {Permission.CHECK_IN, Permission.CHANGE_SETTINGS, Permission.MANAGE_STAFF}
    ),
}


@dataclass(frozen=True, slots=True)
class IdleLockPolicy:
    """Lock the screen after this much inactivity, per role (a clinic setting).

    Doctors' screens may show histories, so they lock sooner; the front desk is
    staffed and busy, so it locks later. ``None`` never locks (not recommended).
    """

    reception: timedelta | None = timedelta(minutes=10)
    doctor: timedelta | None = timedelta(minutes=5)
    admin: timedelta | None = timedelta(minutes=5)

    @classmethod
    def uniform(cls, minutes: int) -> IdleLockPolicy:
        """The same timeout for every role (the ``desk.idle_lock_minutes`` setting)."""
        timeout = timedelta(minutes=minutes)
        return cls(timeout, timeout, timeout)

    def for_role(self, role: Role) -> timedelta | None:
        return {Role.RECEPTION: self.reception, Role.DOCTOR: self.doctor, Role.ADMIN: self.admin}[
            role
        ]


@dataclass(frozen=True, slots=True)
class StaffSession:
    """Who is at the desk, since when, and when they last did something."""

    staff: StaffRecord
    logged_in_at: datetime
    last_activity: datetime
    locked: bool = False
    permissions: frozenset[Permission] = field(default=frozenset())

    @property
    def staff_id(self) -> str:
        return self.staff.staff_id

    @property
    def role(self) -> Role:
        return self.staff.role

    def may(self, permission: Permission) -> bool:
        return not self.locked and permission in self.permissions


class LoginService:
    """Logs staff in and out and decides when an idle screen locks."""

    def __init__(
        self,
        staff: StaffDirectory,
        clock: Clock,
        *,
        idle_policy: IdleLockPolicy | None = None,
        audit: AuditSink | None = None,
    ) -> None:
        self._staff = staff
        self._clock = clock
        self._policy = idle_policy or IdleLockPolicy()
        self._audit = audit

    @property
    def idle_policy(self) -> IdleLockPolicy:
        return self._policy

    def login(self, username: str, password: str) -> StaffSession:
        """A session, or ``LoginFailed`` (the store counted the failure and audited it)."""
        name = username.strip()
        if not name or not password:
            raise LoginFailed()
        staff = self._staff.authenticate(name, password)
        if staff is None:
            raise LoginFailed()
        now = self._clock()
        return StaffSession(staff, now, now, permissions=ROLE_PERMISSIONS[staff.role])

    def logout(self, session: StaffSession) -> None:
        self._staff.logout(session.staff_id)

    def touch(self, session: StaffSession) -> StaffSession:
        """Record activity (a key press or click) on an unlocked session."""
        if session.locked:
            return session
        return replace(session, last_activity=self._clock())

    def idle_timeout(self, session: StaffSession) -> timedelta | None:
        return self._policy.for_role(session.role)

    def should_lock(self, session: StaffSession) -> bool:
        timeout = self.idle_timeout(session)
        if session.locked or timeout is None:
            return False
        return self._clock() - session.last_activity >= timeout

    def lock(self, session: StaffSession) -> StaffSession:
        """Lock the screen (idle or on request); the session stays, the data is hidden."""
        if session.locked:
            return session
        if self._audit is not None:
            self._audit.append(
                "screen_locked", staff_id=session.staff_id, patient_id=None, detail={}
            )
        return replace(session, locked=True)

    def unlock(self, session: StaffSession, password: str) -> StaffSession:
        """Only the same user unlocks, with their password (counts toward lockout)."""
        staff = self._staff.authenticate(session.staff.username, password) if password else None
        if staff is None or staff.staff_id != session.staff_id:
            raise LoginFailed()
        return replace(session, locked=False, last_activity=self._clock())

    def require(self, session: StaffSession, permission: Permission) -> None:
        """Raise ``NotPermitted`` unless the session's role allows ``permission``."""
        if not session.may(permission):
            raise NotPermitted(f"the {session.role.value} role may not {permission.value}")
