"""Who is logged in at the desk, and what their role may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from clinic_app.services.ports import Role


@dataclass(frozen=True, slots=True)
class StaffSession:
    """The logged-in staff member (ids and role only; no password kept)."""

    staff_id: str
    username: str
    role: Role

    @property
    def can_check_in(self) -> bool:
        return self.role in (Role.RECEPTION, Role.ADMIN)

    @property
    def can_view_histories(self) -> bool:
        """Medication and checkup data are for doctors only (DESIGN.md §7)."""
        return self.role is Role.DOCTOR

    @property
    def can_change_settings(self) -> bool:
        return self.role is Role.ADMIN


#: Checks a user name and password; raises a KnownError (generic message) on failure.
Authenticate = Callable[[str, str], StaffSession]


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo login shown on the login screen (demo only)."""

    username: str
    password: str
    role: Role
