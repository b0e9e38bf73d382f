"""Staff accounts: roles, scrypt password hashes, failed-attempt counter and lockout.

Every account change and every login attempt writes an audit row in the same
unit of work. ``authenticate`` returns ``None`` on any failure (unknown user,
wrong password, locked, disabled) so callers cannot tell which; leave the unit
of work normally so the failure count is kept, then raise
``AuthenticationFailed`` (``clinic_app.store.login`` does exactly this).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from clinic_app.core.errors import InvalidInput
from clinic_app.store import passwords
from clinic_app.store.errors import Conflict, NotFound
from clinic_app.store.records import AuditEvent, StaffRole, StaffUser
from clinic_app.store.repositories.audit import AuditRepository
from clinic_app.store.repositories.base import Repository
from clinic_app.store.schema import staff_users

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")

#: ``locked_until`` for an account locked by an admin (until unlocked).
LOCKED_INDEFINITELY = datetime(9999, 12, 31)


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """After ``max_failures`` wrong passwords in a row, lock for ``lock_for``."""

    max_failures: int = 5
    lock_for: timedelta = timedelta(minutes=15)


def _row_to_user(row: Any) -> StaffUser:
    return StaffUser(
        id=row.id,
        username=row.username,
        role=StaffRole(row.role),
        active=bool(row.active),
        failed_attempts=row.failed_attempts,
        locked_until=row.locked_until,
        last_login_at=row.last_login_at,
        created_at=row.created_at,
        password_hash=row.password_hash,
    )


class StaffRepository(Repository):
    def __init__(
        self, connection: sa.Connection, clock: Callable[[], datetime], audit: AuditRepository
    ) -> None:
        super().__init__(connection, clock)
        self._audit = audit

    def add(
        self,
        username: str,
        password: str,
        role: StaffRole,
        *,
        actor_id: int | None = None,
        at: datetime | None = None,
    ) -> StaffUser:
        """Create an account (audited as ``user_added``; ``actor_id`` None = command line)."""
        if not _USERNAME.match(username):
            raise InvalidInput(
                "a user name is 1-64 letters, digits, '.', '_' or '-'", code="username_invalid"
            )
        passwords.check_policy(password)
        now = self._now(at)
        try:
            with self._conn.begin_nested():
                new_id = self._conn.execute(
                    staff_users.insert()
                    .values(
                        username=username,
                        role=role.value,
                        password_hash=passwords.hash_password(password),
                        active=True,
                        failed_attempts=0,
                        created_at=now,
                    )
                    .returning(staff_users.c.id)
                ).scalar_one()
        except sa.exc.IntegrityError as exc:
            raise Conflict("that user name is already taken", code="username_taken") from exc
        self._audit.append(
            AuditEvent.USER_ADDED,
            staff_id=actor_id,
            detail={"target_staff_id": new_id, "role": role.value},
            at=now,
        )
        return self.get(new_id)

    def get(self, staff_id: int) -> StaffUser:
        row = self._conn.execute(staff_users.select().where(staff_users.c.id == staff_id)).first()
        if row is None:
            raise NotFound(f"no staff user with id {staff_id}")
        return _row_to_user(row)

    def by_username(self, username: str) -> StaffUser | None:
        row = self._conn.execute(
            staff_users.select().where(staff_users.c.username == username)
        ).first()
        return _row_to_user(row) if row else None

    def list_all(self) -> list[StaffUser]:
        rows = self._conn.execute(staff_users.select().order_by(staff_users.c.username))
        return [_row_to_user(row) for row in rows]

    def count_admins(self) -> int:
        return int(
            self._conn.execute(
                sa.select(sa.func.count())
                .select_from(staff_users)
                .where(staff_users.c.role == StaffRole.ADMIN.value, staff_users.c.active.is_(True))
            ).scalar_one()
        )

    def lock(self, username: str, *, actor_id: int | None = None) -> StaffUser:
        """Lock until an admin unlocks (audited)."""
        user = self._require(username)
        self._set(user.id, locked_until=LOCKED_INDEFINITELY)
        self._audit.append(
            AuditEvent.USER_LOCKED, staff_id=actor_id, detail={"target_staff_id": user.id}
        )
        return self.get(user.id)

    def unlock(self, username: str, *, actor_id: int | None = None) -> StaffUser:
        user = self._require(username)
        self._set(user.id, locked_until=None, failed_attempts=0)
        self._audit.append(
            AuditEvent.USER_UNLOCKED, staff_id=actor_id, detail={"target_staff_id": user.id}
        )
        return self.get(user.id)

    def set_password(
        self, username: str, password: str, *, actor_id: int | None = None
    ) -> StaffUser:
        passwords.check_policy(password)
        user = self._require(username)
        self._set(user.id, password_hash=passwords.hash_password(password))
        self._audit.append(
            AuditEvent.PASSWORD_CHANGED, staff_id=actor_id, detail={"target_staff_id": user.id}
        )
        return self.get(user.id)

    def authenticate(
        self,
        username: str,
        password: str,
        *,
        policy: LockoutPolicy | None = None,
        at: datetime | None = None,
    ) -> StaffUser | None:
        """The user on success, ``None`` on any failure; counts failures, locks, audits."""
        rules = policy or LockoutPolicy()
        now = self._now(at)
        user = self.by_username(username)
        if user is None:
            passwords.burn_time(password)
            self._audit.append(AuditEvent.LOGIN_FAILED, detail={"reason": "unknown_user"}, at=now)
            return None
        if not user.active or user.is_locked(now):
            passwords.burn_time(password)
            self._audit.append(
                AuditEvent.LOGIN_FAILED,
                staff_id=user.id,
                detail={"reason": "locked" if user.active else "disabled"},
                at=now,
            )
            return None
        if not passwords.verify_password(password, user.password_hash):
            failures = user.failed_attempts + 1
            values: dict[str, object] = {"failed_attempts": failures}
            locking = failures >= rules.max_failures
            if locking:
                values["locked_until"] = now + rules.lock_for
            self._set(user.id, **values)
            self._audit.append(
                AuditEvent.LOGIN_FAILED,
                staff_id=user.id,
                detail={"reason": "bad_password", "failures": failures},
                at=now,
            )
            if locking:
                self._audit.append(
                    AuditEvent.LOCKOUT,
                    staff_id=user.id,
                    detail={"minutes": int(rules.lock_for.total_seconds() // 60)},
                    at=now,
                )
            return None
        values = {"failed_attempts": 0, "locked_until": None, "last_login_at": now}
        if passwords.needs_rehash(user.password_hash):
            values["password_hash"] = passwords.hash_password(password)
        self._set(user.id, **values)
        self._audit.append(AuditEvent.LOGIN, staff_id=user.id, at=now)
        return self.get(user.id)

    def logout(self, staff_id: int) -> None:
        self._audit.append(AuditEvent.LOGOUT, staff_id=staff_id)

    def _require(self, username: str) -> StaffUser:
        user = self.by_username(username)
        if user is None:
            raise NotFound(f"no staff user named {username!r}", code="user_not_found")
        return user

    def _set(self, staff_id: int, **values: object) -> None:
        self._conn.execute(staff_users.update().where(staff_users.c.id == staff_id).values(values))
