"""What the sandbox answers: request XmlMsg bytes in, reply XmlMsg bytes out.

Shared by the HTTPS server and the folder-terminal emulator, so both paths give
the same answers from the same population. The card path is verified for real:
the challenge must be one we issued, unused and fresh; the certificate must be
issued by the sandbox's test CA and valid (or expired less than three months
ago); the signature over the challenge must verify with the certificate's key.
Only then is the certificate's serial mapped back to a synthetic person (the
checks live in :mod:`clinic_app.sandbox.card_auth`). The visual-check form
(目視確認, ``CardVisualCheckQuery``) has no challenge and no signature: the
certificate's chain and validity (with the same grace) are checked and its serial
mapped to a person, not possession; the answer is a normal one, marked as a
visual check in its header and in the log. A locked card is fine here
— that is what the visual check is for.

Consent is enforced like the real service: histories are released only for a
person who agreed at a card reading within the last 24 hours.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from clinic_app.card.testpki import SandboxPki
from clinic_app.core.codes import Coded
from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.eligibility import (
    EligibilityResult,
    InsuredCardClassification,
    PersonalFamily,
    PrescriptionIssue,
    ProcessingResultStatus,
    QualificationRecord,
    QualificationValidity,
    ReferenceClassification,
    ResponseHeader,
    SegmentOfResult,
)
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.eligibility import messages
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.messages import RequestHeader, RequestKind
from clinic_app.sandbox.card_auth import (
    CHALLENGE_BYTES,
    CHALLENGE_LIFETIME,
    ERROR_CERTIFICATE,
    ERROR_CHALLENGE,
    ERROR_EXPIRED,
    ERROR_SIGNATURE,
    CardCheckFailure,
    Challenges,
    card_holder,
    check_card_proof,
    check_certificate,
)
from clinic_app.sandbox.faults import MALFORMED_REPLY, Failure, SandboxFaults
from clinic_app.sandbox.population import (
    SANDBOX_INSTITUTION_CODE,
    Population,
    SyntheticPerson,
)

log = logging.getLogger(__name__)

CONSENT_WINDOW = timedelta(hours=24)

# Error codes of the sandbox's other failures (SegmentOfResult 9); the card
# path's codes (ERROR_CHALLENGE ... ERROR_SIGNATURE) are in card_auth.
ERROR_CONSENT = "SBXCONS01"  # no valid consent for the history asked for
ERROR_NOT_ONE_PERSON = "SBXHIST01"  # the numbers do not identify exactly one valid person
ERROR_RECEPTION = "SBXBULK01"  # unknown reception number


@dataclass(frozen=True)
class Reply:
    """What to send back: the bytes, or a failure the HTTP front end acts out."""

    body: bytes
    failure: Failure | None = None


class SandboxService:
    """Answers every message of DESIGN.md §4 from a population (thread-safe)."""

    def __init__(
        self,
        population: Population,
        pki: SandboxPki,
        *,
        faults: SandboxFaults | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        require_consent: bool = True,
        bulk_polls_before_ready: int = 1,
    ) -> None:
        self.population = population
        self.pki = pki
        self.faults = faults if faults is not None else SandboxFaults()
        self._clock = clock
        self._challenges = Challenges(monotonic)
        self._require_consent = require_consent
        self._lock = threading.Lock()
        self._consents: dict[str, dict[ConsentItem, datetime]] = {}
        self._references: dict[str, str] = {}
        self._bulk: dict[
            str, tuple[tuple[tuple[messages.BulkQueryEntry, EligibilityResult], ...], int]
        ] = {}
        self._bulk_polls_before_ready = bulk_polls_before_ready
        self._bulk_counter = 0

    # -- entry points ------------------------------------------------------

    def issue_challenge(self) -> bytes:
        return self._challenges.issue()

    def handle(self, kind: RequestKind, data: bytes, *, http: bool = True) -> Reply:
        """Answer one request of ``kind`` (from the URL or the file name).

        Raises ``MessageError`` for a request that cannot be read at all.
        """
        failure = self.faults.take_failure(http=http)
        if failure is Failure.MALFORMED_XML:
            return Reply(MALFORMED_REPLY)
        if failure is not None:
            return Reply(b"", failure)
        request = messages.parse_request(data, kind=kind)
        encoding = messages.SHIFT_JIS if self.faults.shift_jis else messages.UTF8
        if self.faults.take_in_progress():
            return Reply(messages.build_in_progress_reply(kind, request.header))
        return Reply(self._answer(kind, request, encoding))

    # -- answers -----------------------------------------------------------

    def _answer(
        self, kind: RequestKind, request: messages.Request, encoding: messages.CharacterCode
    ) -> bytes:
        now = self._clock()
        if isinstance(request, messages.CardQuery):
            return self._card_query(request, now, encoding)
        if isinstance(request, messages.CardVisualCheckQuery):
            return self._card_visual_check_query(request, now, encoding)
        if isinstance(request, messages.NumbersQuery):
            result = self._numbers_result(
                request.header,
                request.numbers,
                request.birthdate,
                now,
                encoding,
                limit_consent=request.limit_consent,
            )
            return messages.build_eligibility_reply(result, encoding=encoding)
        if isinstance(request, messages.HistoryQuery):
            return self._history(request, now, encoding)
        if isinstance(request, messages.BulkRequest):
            return self._bulk_request(request, now, encoding)
        if isinstance(request, messages.BulkPoll):
            return self._bulk_poll(request, now, encoding)
        if isinstance(request, messages.ReferenceRegistration):
            return self._registration(request, now, encoding)
        raise MessageError(f"the sandbox does not answer {kind.value} requests")

    def _header(
        self,
        request: RequestHeader,
        now: datetime,
        reference: ReferenceClassification | None,
        encoding: messages.CharacterCode,
    ) -> ResponseHeader:
        return messages.response_header_for(
            request, processed_at=_local(now), reference=reference, encoding=encoding
        )

    def _failure(
        self,
        header: RequestHeader,
        code: str,
        message: str,
        now: datetime,
        encoding: messages.CharacterCode,
        kind: RequestKind = RequestKind.SINGLE,
    ) -> bytes:
        return messages.build_failure_reply(
            header, code, message, kind=kind, processed_at=_local(now), encoding=encoding
        )

    def _numbers_result(
        self,
        header: RequestHeader,
        numbers: InsuranceNumbers,
        birthdate: date,
        now: datetime,
        encoding: messages.CharacterCode,
        *,
        limit_consent: bool = False,
    ) -> EligibilityResult:
        found = self.population.find_by_numbers(
            numbers.insurer_number, numbers.symbol, numbers.number, numbers.branch, birthdate
        )
        response = self._header(header, now, ReferenceClassification.NUMBERS, encoding)
        if not found:
            validity = QualificationValidity.NOT_FOUND
        elif len(found) > 1:
            validity = QualificationValidity.SEVERAL_MATCH
        else:
            validity = found[0].expected_validity
            if validity is QualificationValidity.SEVERAL_MATCH:  # twin not in this population
                validity = QualificationValidity.VALID
        records = tuple(
            self._record(p, now, consents=(), limit_consented=limit_consent) for p in found
        )
        return _result(response, validity, records)

    def _card_query(
        self, request: messages.CardQuery, now: datetime, encoding: messages.CharacterCode
    ) -> bytes:
        checked = check_card_proof(self._challenges, self.pki, request.proof, now)
        if isinstance(checked, CardCheckFailure):
            return self._failure(request.header, checked.code, checked.message, now, encoding)
        person = card_holder(self.population, checked)
        response = self._header(request.header, now, ReferenceClassification.CARD, encoding)
        if person is None:
            result = _result(response, QualificationValidity.NOT_FOUND, ())
            return messages.build_eligibility_reply(result, encoding=encoding)
        log.debug("sandbox card query answered for %s", person.person_key)
        validity = person.card_validity or QualificationValidity.VALID
        return self._card_holder_reply(
            response, person, validity, request.consents, now, encoding, request.limit_consent
        )

    def _card_holder_reply(
        self,
        response: ResponseHeader,
        person: SyntheticPerson,
        validity: QualificationValidity,
        consents: Mapping[ConsentItem, bool],
        now: datetime,
        encoding: messages.CharacterCode,
        limit_consent: bool | None = None,
    ) -> bytes:
        """The reply naming the card holder ``person``, after recording the consents
        given at the reader (card query, visual check and face-recognition reader alike)."""
        self._record_consents(person, consents, now)
        given = tuple(Consent.given(item, agreed, _local(now)) for item, agreed in consents.items())
        record = self._record(
            person, now, consents=given, current=True, limit_consented=limit_consent
        )
        return messages.build_eligibility_reply(
            _result(response, validity, (record,)), encoding=encoding
        )

    def _card_visual_check_query(
        self,
        request: messages.CardVisualCheckQuery,
        now: datetime,
        encoding: messages.CharacterCode,
    ) -> bytes:
        checked = check_certificate(self.pki, request.certificate_der, now)
        if isinstance(checked, CardCheckFailure):
            return self._failure(request.header, checked.code, checked.message, now, encoding)
        person = card_holder(self.population, checked)
        response = messages.mark_visual_check(
            self._header(request.header, now, ReferenceClassification.CARD, encoding)
        )
        if person is None:
            log.info("sandbox card query by visual check (staff %s): no person", request.staff_id)
            result = _result(response, QualificationValidity.NOT_FOUND, ())
            return messages.build_eligibility_reply(result, encoding=encoding)
        log.info(
            "sandbox card query by visual check (staff %s) answered for %s",
            request.staff_id,
            person.person_key,
        )
        validity = person.visual_check_validity or QualificationValidity.VALID
        return self._card_holder_reply(
            response, person, validity, request.consents, now, encoding, request.limit_consent
        )

    def _record(
        self,
        person: SyntheticPerson,
        now: datetime,
        *,
        consents: tuple[Consent, ...],
        current: bool = False,
        limit_consented: bool | None = None,
    ) -> QualificationRecord:
        numbers = person.current if current and person.current is not None else None
        with self._lock:
            reference = self._references.get(person.person_key, person.reference_number)
        return QualificationRecord(
            insured_card_classification=Coded(
                person.card_classification.value, person.card_classification
            ),
            insurer_number=numbers.insurer_number if numbers else person.insurer_number,
            insurer_name=numbers.insurer_name if numbers else person.insurer_name,
            insured_card_symbol=(numbers.symbol if numbers else person.symbol) or None,
            insured_identification_number=numbers.number if numbers else person.number,
            insured_branch_number=numbers.branch if numbers else person.branch,
            personal_family=Coded(person.personal_family.value, person.personal_family),
            insured_name=person.insured_name,
            name=person.name,
            name_of_other=person.name_of_other,
            name_kana=person.kana,
            name_of_other_kana=person.name_of_other_kana,
            sex1=person.sex.value,
            sex2=None,
            birthdate=person.birthdate,
            address=person.address,
            post_number=person.post_number,
            qualification_date=_newer_start(person) if numbers else person.qualification_date,
            disqualification_date=None if numbers else person.disqualification_date,
            certificate_issuance_date=person.card_valid_from,
            card_valid_from=person.card_valid_from,
            card_valid_until=person.card_valid_until,
            copay_percent=person.copay_percent,
            preschool="1" if person.preschool else None,
            reason_of_loss=None if numbers else person.reason_of_loss,
            elderly=person.elderly,
            # 限度額 information is provided by law whatever the flag; the flag is echoed.
            high_cost_limit_consented=True if limit_consented else None,
            high_cost_limit_consent_time=_local(now) if limit_consented else None,
            high_cost_limit=person.high_cost_limit,
            specific_diseases=person.specific_diseases,
            consents=consents,
            reference_number=reference,
        )

    def face_result(
        self,
        person: SyntheticPerson,
        consents: Mapping[ConsentItem, bool],
        *,
        file_identifier: str,
        encoding: messages.CharacterCode = messages.UTF8,
    ) -> bytes:
        """The eligibility reply a certified face-recognition reader drops in ``face/``.

        The terminal has checked the card itself, so there is no challenge here;
        consents given at the reader are recorded like those of a card query.
        """
        now = self._clock()
        header = messages.RequestHeader(
            SANDBOX_INSTITUTION_CODE, file_identifier, _local(now).date()
        )
        response = self._header(header, now, ReferenceClassification.CARD, encoding)
        validity = person.card_validity or QualificationValidity.VALID
        return self._card_holder_reply(response, person, validity, consents, now, encoding)

    def _record_consents(
        self, person: SyntheticPerson, consents: Mapping[ConsentItem, bool], now: datetime
    ) -> None:
        with self._lock:
            given = self._consents.setdefault(person.person_key, {})
            for item, agreed in consents.items():
                if agreed:
                    given[item] = now
                else:
                    given.pop(item, None)

    # -- histories ---------------------------------------------------------

    def _history(
        self, request: messages.HistoryQuery, now: datetime, encoding: messages.CharacterCode
    ) -> bytes:
        numbers = request.numbers
        found = self.population.find_by_numbers(
            numbers.insurer_number,
            numbers.symbol,
            numbers.number,
            numbers.branch,
            request.birthdate,
        )
        if len(found) != 1 or found[0].expected_validity is not QualificationValidity.VALID:
            return self._failure(
                request.header,
                ERROR_NOT_ONE_PERSON,
                "該当する資格情報が一件に特定できません。",
                now,
                encoding,
                request.kind,
            )
        person = found[0]
        item = (
            ConsentItem.MEDICATION
            if request.kind is RequestKind.MEDICATION
            else ConsentItem.CHECKUP
        )
        if self._require_consent and not self._consented(person, item, now):
            return self._failure(
                request.header,
                ERROR_CONSENT,
                "本人の同意が確認できないため情報を提供できません。",
                now,
                encoding,
                request.kind,
            )
        header = self._header(request.header, now, ReferenceClassification.NUMBERS, encoding)
        if request.kind is RequestKind.MEDICATION:
            return _build_medication(header, person, encoding)
        return _build_checkups(header, person, encoding)

    def _consented(self, person: SyntheticPerson, item: ConsentItem, now: datetime) -> bool:
        with self._lock:
            at = self._consents.get(person.person_key, {}).get(item)
        return at is not None and at <= now < at + CONSENT_WINDOW

    def grant_consent(self, person_key: str, item: ConsentItem, at: datetime | None = None) -> None:
        """Record a consent as if given at a card reading (tests, the demo's trainer)."""
        with self._lock:
            self._consents.setdefault(person_key, {})[item] = at or self._clock()

    # -- bulk and registration ----------------------------------------------

    def _bulk_request(
        self, request: messages.BulkRequest, now: datetime, encoding: messages.CharacterCode
    ) -> bytes:
        results = tuple(
            (
                e,
                self._numbers_result(request.header, e.numbers, e.birthdate, now, encoding),
            )
            for e in request.entries
        )
        with self._lock:
            self._bulk_counter += 1
            reception = f"{now:%Y%m%d}{self._bulk_counter:08d}"
            self._bulk[reception] = (results, self._bulk_polls_before_ready)
        header = self._header(request.header, now, None, encoding)
        return messages.build_bulk_receipt(
            messages.BulkReceipt(header, reception, _OK), encoding=encoding
        )

    def _bulk_poll(
        self, request: messages.BulkPoll, now: datetime, encoding: messages.CharacterCode
    ) -> bytes:
        with self._lock:
            stored = self._bulk.get(request.reception_number)
            if stored is not None and stored[1] > 0:
                self._bulk[request.reception_number] = (stored[0], stored[1] - 1)
        if stored is None:
            return self._failure(
                request.header,
                ERROR_RECEPTION,
                "受付番号が見つかりません。",
                now,
                encoding,
                RequestKind.BULK_POLL,
            )
        if stored[1] > 0:
            return messages.build_in_progress_reply(RequestKind.BULK_POLL, request.header)
        header = self._header(request.header, now, ReferenceClassification.NUMBERS, encoding)
        units = tuple(
            messages.BulkReplyUnit(position, entry, result)
            for position, (entry, result) in enumerate(stored[0], start=1)
        )
        return messages.build_bulk_reply(messages.BulkReply(header, units, _OK), encoding=encoding)

    def _registration(
        self,
        request: messages.ReferenceRegistration,
        now: datetime,
        encoding: messages.CharacterCode,
    ) -> bytes:
        numbers = request.numbers
        found = self.population.find_by_numbers(
            numbers.insurer_number,
            numbers.symbol,
            numbers.number,
            numbers.branch,
            request.birthdate,
        )
        if len(found) != 1:
            return self._failure(
                request.header,
                ERROR_NOT_ONE_PERSON,
                "該当する資格情報が一件に特定できません。",
                now,
                encoding,
                RequestKind.REGISTRATION,
            )
        with self._lock:
            self._references[found[0].person_key] = request.reference_number
        header = self._header(request.header, now, ReferenceClassification.NUMBERS, encoding)
        return messages.build_registration_reply(
            messages.RegistrationReply(header, request.reference_number, _OK), encoding=encoding
        )


def _newer_start(person: SyntheticPerson) -> date:
    """The newer qualification starts the day after the old one was lost."""
    lost = person.disqualification_date
    return lost + timedelta(days=1) if lost is not None else person.qualification_date


def _local(moment: datetime) -> datetime:
    """Message times are Japan local time without a zone."""
    japan = moment.astimezone(UTC) + timedelta(hours=9)
    return japan.replace(tzinfo=None)


def _result(
    header: ResponseHeader,
    validity: QualificationValidity,
    records: tuple[QualificationRecord, ...],
) -> EligibilityResult:
    return EligibilityResult(
        header=header,
        processing_status=Coded(ProcessingResultStatus.OK.value, ProcessingResultStatus.OK),
        processing_code=None,
        processing_message=None,
        validity=Coded(validity.value, validity),
        prescription_issue=(
            Coded(PrescriptionIssue.ELECTRONIC.value, PrescriptionIssue.ELECTRONIC)
            if validity is QualificationValidity.VALID
            else None
        ),
        records=records,
    )


def _build_medication(
    header: ResponseHeader, person: SyntheticPerson, encoding: messages.CharacterCode
) -> bytes:
    from clinic_app.core.history import MedicationHistory

    history = MedicationHistory(header.arbitrary_file_identifier, person.medication_lines())
    reply = messages.MedicationReply(header, history, _OK, subject=_subject(person))
    return messages.build_medication_reply(reply, encoding=encoding)


def _build_checkups(
    header: ResponseHeader, person: SyntheticPerson, encoding: messages.CharacterCode
) -> bytes:
    from clinic_app.core.history import CheckupHistory

    history = CheckupHistory(header.arbitrary_file_identifier, person.checkup_items())
    reply = messages.CheckupReply(header, history, _OK, subject=_subject(person))
    return messages.build_checkup_reply(reply, encoding=encoding)


def _subject(person: SyntheticPerson) -> messages.HistorySubject:
    return messages.HistorySubject(
        person.insurer_number,
        person.symbol or None,
        person.number,
        person.branch,
        person.birthdate,
    )


_OK = Coded(ProcessingResultStatus.OK.value, ProcessingResultStatus.OK)


__all__ = [
    "CHALLENGE_BYTES",
    "CHALLENGE_LIFETIME",
    "ERROR_CERTIFICATE",
    "ERROR_CHALLENGE",
    "ERROR_CONSENT",
    "ERROR_EXPIRED",
    "ERROR_SIGNATURE",
    "InsuredCardClassification",
    "PersonalFamily",
    "Reply",
    "SandboxService",
    "SegmentOfResult",
]
