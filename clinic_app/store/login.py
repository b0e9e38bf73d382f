"""Login as one call that keeps the failure count even though it raises."""

from __future__ import annotations

from datetime import datetime

from clinic_app.store.database import Database
from clinic_app.store.errors import AuthenticationFailed
from clinic_app.store.records import StaffUser
from clinic_app.store.repositories.staff import LockoutPolicy


def login(
    db: Database,
    username: str,
    password: str,
    *,
    policy: LockoutPolicy | None = None,
    at: datetime | None = None,
) -> StaffUser:
    """The staff user, or ``AuthenticationFailed`` (generic) after the attempt is committed."""
    user = db.run(lambda uow: uow.staff.authenticate(username, password, policy=policy, at=at))
    if user is None:
        raise AuthenticationFailed()
    return user
