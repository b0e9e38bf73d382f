"""Insurance numbers: insurer check digit, padding, copay ratio (DESIGN.md §4, §6)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinic_app.core.errors import InvalidInput

_DIGITS = re.compile(r"^[0-9]+$")


def insurer_check_digit(body: str) -> int:
    """Check digit over ``body`` (the digits before the last).

    From the rightmost digit multiply by 2 and 1 alternately, add the digits of
    each product; the check digit is (10 - sum mod 10) mod 10.
    """
    if not _DIGITS.match(body):
        raise InvalidInput("insurer number must be digits", code="insurer_not_digits")
    total = 0
    for position, char in enumerate(reversed(body)):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def validate_insurer_number(raw: str) -> str:
    """Return the insurer number as 6 or 8 digits, or raise ``InvalidInput``.

    Accepts full-width digits and surrounding spaces (what a receptionist types).
    """
    import unicodedata

    number = unicodedata.normalize("NFKC", raw).strip()
    if not _DIGITS.match(number):
        raise InvalidInput("insurer number must be digits", code="insurer_not_digits")
    if len(number) not in (6, 8):
        raise InvalidInput("insurer number must have 6 or 8 digits", code="insurer_length")
    if insurer_check_digit(number[:-1]) != int(number[-1]):
        raise InvalidInput("insurer number check digit is wrong", code="insurer_check_digit")
    return number


def pad_insurer_number(number: str) -> str:
    """Pad a validated insurer number to 8 characters with leading spaces (国保 is 6)."""
    return validate_insurer_number(number).rjust(8, " ")


def with_check_digit(body: str) -> str:
    """Append the check digit to ``body`` (used by the synthetic population)."""
    return body + str(insurer_check_digit(body))


def copay_percent(raw: str | None) -> int | None:
    """``InsuredPartialContributionRatio`` "030" → 30; None or blank → None."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if not _DIGITS.match(text):
        raise InvalidInput(f"copay ratio is not a number: {text!r}", code="copay_ratio")
    return int(text)


@dataclass(frozen=True, slots=True)
class InsuranceNumbers:
    """The numbers printed on an eligibility certificate (資格確認書) or old card."""

    insurer_number: str
    symbol: str
    number: str
    branch: str | None = None

    @classmethod
    def parse(
        cls, insurer_number: str, symbol: str, number: str, branch: str | None = None
    ) -> InsuranceNumbers:
        """Validate desk input; raise ``InvalidInput`` with the field at fault."""
        import unicodedata

        insurer = validate_insurer_number(insurer_number)
        sym = unicodedata.normalize("NFKC", symbol).strip()
        num = unicodedata.normalize("NFKC", number).strip()
        if not num:
            raise InvalidInput("insured number is required", code="insured_number_missing")
        br: str | None = None
        if branch is not None and branch.strip():
            br = unicodedata.normalize("NFKC", branch).strip()
            if not _DIGITS.match(br) or len(br) > 2:
                raise InvalidInput("branch number must be 1-2 digits", code="branch_format")
            br = br.zfill(2)
        return cls(insurer, sym, num, br)
