"""Ask the eligibility service: build the message, exchange it, read the reply.

The client is transport-agnostic (HTTPS or terminal folders). It matches each
reply to its request by ``ArbitraryFileIdentifier``, asks again a bounded number
of times while the service says "in progress" (``SegmentOfResult`` 2), and turns
a failure reply (``SegmentOfResult`` 9) into :class:`ServiceReportedFailure`
carrying the service's own code and message (shown to staff as is).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from clinic_app.core.consent import ConsentItem
from clinic_app.core.eligibility import EligibilityResult, ResponseHeader, SegmentOfResult
from clinic_app.core.errors import KnownError
from clinic_app.core.history import CheckupHistory, MedicationHistory
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility import messages
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.messages import BulkQueryEntry, CardProof, RequestHeader, RequestKind
from clinic_app.eligibility.transport import EligibilityTransport, MalformedReply, TransportError

log = logging.getLogger(__name__)

T = TypeVar("T")


class ServiceReportedFailure(KnownError):
    """The service answered, but with a failure (``SegmentOfResult`` 9)."""

    code = "eligibility_service_failure"

    def __init__(self, error_code: str | None, error_message: str | None) -> None:
        self.error_code = error_code or ""
        self.service_message = error_message or ""
        text = "The eligibility service reported a failure"
        if error_code:
            text += f" ({error_code})"
        if error_message:
            text += f": {error_message}"
        super().__init__(text)


class StillInProgress(TransportError):
    """The service kept answering "in progress" beyond our bounded number of polls."""

    code = "eligibility_in_progress"


class EligibilityClient:
    """Builds, sends and reads every exchange of DESIGN.md §4 over one transport."""

    def __init__(
        self,
        transport: EligibilityTransport,
        institution_code: str,
        *,
        clock: Callable[[], datetime] = datetime.now,
        max_polls: int = 5,
        poll_interval: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport
        self._institution_code = institution_code
        self._clock = clock
        self._max_polls = max(1, max_polls)
        self._poll_interval = poll_interval
        self._sleep = sleep

    @property
    def transport(self) -> EligibilityTransport:
        return self._transport

    def _new_header(self) -> RequestHeader:
        return RequestHeader(
            self._institution_code, messages.new_file_identifier(), self._clock().date()
        )

    # -- queries -------------------------------------------------------------

    def query_by_numbers(
        self, numbers: InsuranceNumbers, birthdate: date, *, limit_consent: bool = False
    ) -> EligibilityResult:
        """Eligibility by the numbers on a 資格確認書 or an old insurance card."""
        header = self._new_header()
        body = messages.build_numbers_query(header, numbers, birthdate, limit_consent=limit_consent)
        return self._ask(RequestKind.SINGLE, header, body, messages.parse_eligibility_reply)

    def query_by_card(
        self,
        prove: Callable[[bytes], CardProof],
        consents: Mapping[ConsentItem, bool],
        *,
        limit_consent: bool = False,
    ) -> EligibilityResult:
        """Eligibility by My Number card: get a challenge, let the card sign it, ask.

        ``prove`` runs the card side (PIN already verified by the caller) and
        returns the certificate, the signature and the challenge it signed.
        """
        challenge = self._transport.challenge()
        proof = prove(challenge)
        header = self._new_header()
        body = messages.build_card_query(header, proof, consents, limit_consent=limit_consent)
        # A challenge is single-use: asking again after a failure needs a new one.
        return self._ask(
            RequestKind.SINGLE, header, body, messages.parse_eligibility_reply, idempotent=False
        )

    def query_by_card_visual_check(
        self,
        certificate_der: bytes,
        consents: Mapping[ConsentItem, bool],
        staff_id: str,
        *,
        limit_consent: bool = False,
    ) -> EligibilityResult:
        """Eligibility by My Number card after a staff visual check (目視確認).

        No PIN, so no signature and no challenge: the card's authentication
        certificate (readable without PIN) is sent with the id of the staff member
        who compared the card photo (``CardVisualCheckExtension``). The service
        checks the certificate's chain, validity and serial, not possession.
        """
        header = self._new_header()
        body = messages.build_card_visual_check_query(
            header, certificate_der, consents, staff_id=staff_id, limit_consent=limit_consent
        )
        result = self._ask(RequestKind.SINGLE, header, body, messages.parse_eligibility_reply)
        if not messages.is_visual_check_reply(result.header):
            log.info("eligibility visual-check reply carries no visual-check mark")
        return result

    def fetch_medication(self, numbers: InsuranceNumbers, birthdate: date) -> MedicationHistory:
        """Up to three years of medication (needs the patient's consent at the service)."""
        header = self._new_header()
        body = messages.build_history_query(RequestKind.MEDICATION, header, numbers, birthdate)
        reply = self._ask(RequestKind.MEDICATION, header, body, messages.parse_medication_reply)
        history: MedicationHistory = reply.history
        return history

    def fetch_checkups(self, numbers: InsuranceNumbers, birthdate: date) -> CheckupHistory:
        """Up to five years of specific health checkups (needs consent at the service)."""
        header = self._new_header()
        body = messages.build_history_query(RequestKind.CHECKUP, header, numbers, birthdate)
        reply = self._ask(RequestKind.CHECKUP, header, body, messages.parse_checkup_reply)
        history: CheckupHistory = reply.history
        return history

    def bulk_precheck(self, entries: Sequence[BulkQueryEntry]) -> list[EligibilityResult]:
        """The two-step bulk query (OQSmuquc01 → reception number → OQSmuquc02)."""
        if not entries:
            return []
        header = self._new_header()
        body = messages.build_bulk_request(header, entries)
        receipt = self._ask(RequestKind.BULK_REQUEST, header, body, messages.parse_bulk_receipt)
        reception_number = receipt.reception_number
        if not reception_number:
            raise MalformedReply(
                "The eligibility service accepted the bulk check without a reception number. "
                "Try the bulk check again."
            )
        poll_header = self._new_header()
        poll_body = messages.build_bulk_poll(poll_header, reception_number)
        reply = self._ask(RequestKind.BULK_POLL, poll_header, poll_body, messages.parse_bulk_reply)
        units = sorted(reply.units, key=lambda unit: unit.sequence_number)
        if len(units) != len(entries):
            raise MalformedReply(
                f"The eligibility service answered {len(units)} of {len(entries)} bulk entries. "
                "Try the bulk check again."
            )
        return [unit.result for unit in units]

    def register_reference_number(
        self, numbers: InsuranceNumbers, birthdate: date, reference_number: str
    ) -> None:
        """Register the clinic's patient ID with the service (not idempotent: sent once)."""
        header = self._new_header()
        body = messages.build_reference_registration(header, numbers, birthdate, reference_number)
        self._ask(
            RequestKind.REGISTRATION,
            header,
            body,
            messages.parse_registration_reply,
            idempotent=False,
        )

    # -- the exchange loop -----------------------------------------------------

    def _ask(
        self,
        kind: RequestKind,
        header: RequestHeader,
        body: bytes,
        parse: Callable[[bytes], T],
        *,
        idempotent: bool = True,
    ) -> T:
        identifier = header.arbitrary_file_identifier
        for attempt in range(1, self._max_polls + 1):
            data = self._transport.exchange(kind, body, identifier, idempotent=idempotent)
            reply = self._read(kind, data, parse)
            reply_header = _header_of(reply)
            if reply_header.arbitrary_file_identifier != identifier:
                raise MalformedReply(
                    "The eligibility service answered a different request (file identifier "
                    "mismatch). Try again."
                )
            segment = reply_header.segment_of_result.known
            if segment is SegmentOfResult.FAILED:
                raise ServiceReportedFailure(reply_header.error_code, reply_header.error_message)
            if segment is not SegmentOfResult.IN_PROGRESS:
                return reply
            log.info(
                "eligibility %s in progress (poll %d of %d)", kind.value, attempt, self._max_polls
            )
            if attempt < self._max_polls:
                self._sleep(self._poll_interval)
        raise StillInProgress(
            f"The eligibility service is still processing after {self._max_polls} tries. "
            "Continue the check-in and re-check this patient later."
        )

    @staticmethod
    def _read(kind: RequestKind, data: bytes, parse: Callable[[bytes], T]) -> T:
        """Parse a reply; status-only replies (in progress, failure) parse with every kind."""
        try:
            return parse(data)
        except MessageError as exc:
            raise MalformedReply(
                f"The eligibility service sent a {kind.reply_prefix} reply that cannot be read "
                f"({exc.message}). Try again; if it keeps happening, tell IT."
            ) from exc


def _header_of(reply: Any) -> ResponseHeader:
    header = getattr(reply, "header", None)
    if not isinstance(header, ResponseHeader):
        raise MalformedReply("The eligibility service's reply has no header.")
    return header
