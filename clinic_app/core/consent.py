"""Consent to share histories (DESIGN.md §6): items, 24-hour validity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

CONSENT_VALIDITY = timedelta(hours=24)


class ConsentItem(Enum):
    """What the patient may agree to share; values are the message element stems."""

    MEDICATION = "PharmacistsInfo"  # 薬剤情報
    CHECKUP = "SpecificHealthCheckupsInfo"  # 特定健診情報
    TREATMENT = "DiagnosisInfo"  # 診療情報
    SURGERY = "OperationInfo"  # 手術情報


#: Treatment and surgery are asked only when the clinic turns them on.
DEFAULT_ENABLED_ITEMS: tuple[ConsentItem, ...] = (ConsentItem.MEDICATION, ConsentItem.CHECKUP)


class ConsentFlag(Enum):
    """``<Item>ConsFlg``: 1 agreed, 2 did not agree, 3 not asked (card read without consent)."""

    AGREED = "1"
    REFUSED = "2"
    NOT_ASKED = "3"


@dataclass(frozen=True, slots=True)
class Consent:
    """One consent triple as received from the service or given at the patient screen."""

    item: ConsentItem
    agreed: bool
    consent_time: datetime | None
    available_until: datetime | None = None

    @classmethod
    def given(cls, item: ConsentItem, agreed: bool, at: datetime) -> Consent:
        return cls(item, agreed, at, at + CONSENT_VALIDITY if agreed else None)

    def allows_fetch(self, now: datetime) -> bool:
        """A new history fetch is allowed while the consent window is open."""
        if not self.agreed or self.consent_time is None:
            return False
        until = self.available_until or self.consent_time + CONSENT_VALIDITY
        return self.consent_time <= now < until
