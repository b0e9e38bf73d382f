"""One synthetic person of the sandbox and the answers the sandbox gives about them.

The types only: how people are drawn is in ``people`` and ``catalogue``, their
histories in ``generated_histories``, the population in ``population``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from clinic_app.core.eligibility import (
    ElderlyRecipient,
    HighCostLimit,
    InsuredCardClassification,
    PersonalFamily,
    QualificationValidity,
    SpecificDisease,
)
from clinic_app.core.history import CheckupItem, MedicationLine
from clinic_app.core.patient import Sex

CardStatus = Literal["ok", "locked", "expired_in_grace", "expired_out_of_grace", "none"]

#: How long after its certificate expires a card still works as an insurance ID.
CARD_GRACE = timedelta(days=92)  # "3 months", counted generously in days

#: The clinic's own institution code in the sandbox (10 digits).
SANDBOX_INSTITUTION_CODE = "1312345678"


def age_on(birthdate: date, today: date) -> int:
    """Age in whole years on ``today``."""
    years = today.year - birthdate.year
    if (today.month, today.day) < (birthdate.month, birthdate.day):
        years -= 1
    return years


@dataclass(frozen=True, slots=True)
class CurrentNumbers:
    """The newer qualification of someone whose queried numbers were superseded."""

    insurer_number: str
    insurer_name: str
    symbol: str
    number: str
    branch: str | None


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    """One made-up person and the answers the sandbox gives about them."""

    index: int
    person_key: str
    case: str  # catalogue case id, or "random"
    label: str  # short text for the demo's "cards on the desk" panel
    name: str  # as the service spells it (● kept)
    kana: str  # half-width katakana
    name_of_other: str | None
    name_of_other_kana: str | None
    birthdate: date
    sex: Sex
    address: str
    post_number: str
    insurer_number: str  # 6 or 8 digits, valid check digit
    insurer_name: str
    symbol: str
    number: str
    branch: str | None
    card_classification: InsuredCardClassification
    personal_family: PersonalFamily
    insured_name: str  # 被保険者 (the head of the insurance) as the service spells it
    copay_percent: int
    preschool: bool
    qualification_date: date
    disqualification_date: date | None
    reason_of_loss: str | None
    card_valid_from: date
    card_valid_until: date | None
    expected_validity: QualificationValidity  # what a query by these numbers returns
    in_service: bool  # False: the service does not know these numbers (validity 4)
    card_status: CardStatus
    card_not_before: datetime | None
    card_not_after: datetime | None
    pin: str
    pin_tries_left: int
    elderly: ElderlyRecipient | None
    high_cost_limit: HighCostLimit | None
    specific_diseases: tuple[SpecificDisease, ...]
    reference_number: str | None
    current: CurrentNumbers | None  # the newer qualification (validity 3 case)
    history_key: str  # seeds the lazily generated histories
    as_of: date
    medication_months: int  # how far back the medication history reaches (0: none)
    checkup_years: int  # how many yearly checkups (0: none)

    @property
    def has_card(self) -> bool:
        return self.card_status != "none"

    @property
    def card_certificate_serial(self) -> int | None:
        """The serial of the card's authentication certificate, or None without a card."""
        if not self.has_card:
            return None
        from clinic_app.card.testpki import card_serial

        return card_serial(self.person_key)

    @property
    def card_validity(self) -> QualificationValidity | None:
        """What a card-path query with PIN returns (None: the card cannot be used)."""
        if self.card_status == "locked":
            return None
        return self.visual_check_validity

    @property
    def visual_check_validity(self) -> QualificationValidity | None:
        """What a card query after a staff visual check returns (None: no usable card).

        No PIN is involved, so a locked card still works; an expired certificate
        works within the 3-month grace only.
        """
        if self.card_status in ("none", "expired_out_of_grace"):
            return None
        if self.expected_validity is QualificationValidity.INVALID:
            return QualificationValidity.INVALID
        return QualificationValidity.VALID

    def medication_lines(self) -> tuple[MedicationLine, ...]:
        """Up to three years of medication from claims, dispensing and e-prescriptions."""
        from clinic_app.sandbox.generated_histories import medication_lines_for

        return medication_lines_for(self)

    def checkup_items(self) -> tuple[CheckupItem, ...]:
        """Up to five yearly 特定健診 results with JLAC10 item codes."""
        from clinic_app.sandbox.generated_histories import checkup_items_for

        return checkup_items_for(self)
