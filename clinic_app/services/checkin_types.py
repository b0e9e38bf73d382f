"""The check-in state machine's vocabulary: states, events, outcomes, steps.

Re-exported by ``clinic_app.services.checkin``; the UI imports from there. Every
value here is plain data (no Qt, no adapters), so the UI can render a ``Step``
and build an event without knowing how the flow works inside.

Message codes: the UI translates ``"checkin." + outcome.value`` (and shows
``Step.service_message`` as received when there is one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from clinic_app.core.consent import Consent, ConsentItem
from clinic_app.core.eligibility import EligibilityResult
from clinic_app.core.insurance import InsuranceNumbers
from clinic_app.core.matching import MatchReport
from clinic_app.services.ports import CardSession, EstablishedBy, NewPatient, VisitRecord


class CheckInState(Enum):
    """Where one check-in is. Terminal states: COMPLETED, CANCELLED."""

    WAITING_FOR_CARD = "waiting_for_card"  # staff screen: "place the card"; fallbacks open
    CHOOSING_VERIFICATION = "choosing_verification"  # cert read, tries shown: PIN or visual
    CONFIRMING_LAST_TRY = "confirming_last_try"  # one PIN try left: staff must confirm
    ENTERING_PIN = "entering_pin"  # patient screen shows the PIN pad
    ASKING_CONSENT = "asking_consent"  # patient screen asks the enabled items
    SHOWING_RESULT = "showing_result"  # an online result is shown; staff register the visit
    NEEDS_FALLBACK = "needs_fallback"  # no usable result: retry, numbers, or a fallback
    COMPLETED = "completed"  # visit created
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (CheckInState.COMPLETED, CheckInState.CANCELLED)


class FallbackKind(Enum):
    """What the visit rests on when the card path gave no usable result."""

    ELIGIBILITY_CERTIFICATE = "eligibility_certificate"  # 資格確認書 numbers
    OLD_CARD = "old_card"  # 従来の保険証 numbers (still valid in the transition period)
    QUALIFICATION_NOTICE = "qualification_notice"  # 資格情報のお知らせ numbers
    SELF_DECLARATION = "self_declaration"  # 被保険者資格申立書
    LAST_KNOWN = "last_known"  # the last stored eligibility, service unreachable

    @property
    def needs_numbers(self) -> bool:
        return self in (
            FallbackKind.ELIGIBILITY_CERTIFICATE,
            FallbackKind.OLD_CARD,
            FallbackKind.QUALIFICATION_NOTICE,
        )

    @property
    def established_by(self) -> EstablishedBy:
        return {
            FallbackKind.ELIGIBILITY_CERTIFICATE: EstablishedBy.NUMBERS,
            FallbackKind.OLD_CARD: EstablishedBy.NUMBERS,
            FallbackKind.QUALIFICATION_NOTICE: EstablishedBy.QUALIFICATION_NOTICE,
            FallbackKind.SELF_DECLARATION: EstablishedBy.SELF_DECLARATION,
            FallbackKind.LAST_KNOWN: EstablishedBy.LAST_KNOWN,
        }[self]


class Outcome(Enum):
    """What the last event led to; the value is the message code (``checkin.<value>``)."""

    WAITING_FOR_CARD = "waiting_for_card"
    NO_CARD_YET = "no_card_yet"  # wait timed out; keep waiting or use a fallback
    READER_UNAVAILABLE = "reader_unavailable"  # check the reader cable / settings
    CARD_UNREADABLE = "card_unreadable"  # not a My Number card or unreadable: tap again
    CARD_REMOVED = "card_removed"  # card left the reader: place it again
    CARD_READ = "card_read"  # choose PIN or visual check
    CERTIFICATE_EXPIRED_IN_GRACE = "certificate_expired_in_grace"  # usable: 3-month grace
    CERTIFICATE_EXPIRED = "certificate_expired"  # past the grace: use a fallback, renew card
    CARD_LOCKED = "card_locked"  # PIN blocked: visual check or fallback; reset at city office
    LAST_TRY_NEEDS_CONFIRMATION = "last_try_needs_confirmation"  # staff confirm or visual
    PIN_REQUESTED = "pin_requested"  # patient enters PIN on the patient screen
    PIN_FORMAT_INVALID = "pin_format_invalid"  # 4 digits; no try was used
    WRONG_PIN = "wrong_pin"  # tries_left says how many remain
    PIN_VERIFIED = "pin_verified"  # ask consent
    VISUAL_CHECK_RECORDED = "visual_check_recorded"  # ask consent
    RESULT_VALID = "result_valid"  # review and register the visit
    RESULT_INVALID = "result_invalid"  # insurance not valid: ask for current insurance
    RESULT_NEWER_EXISTS = "result_newer_exists"  # a newer qualification exists: ask for it
    RESULT_NOT_FOUND = "result_not_found"  # no such qualification: check numbers / fallback
    RESULT_SEVERAL_MATCH = "result_several_match"  # several match: use numbers
    SERVICE_ERROR = "service_error"  # the service answered with an error: service_message
    SERVICE_DOWN = "service_down"  # unreachable: retry later or fallback (re-check queued)
    SERVICE_TIMEOUT = "service_timeout"  # too slow: retry or fallback
    SERVICE_BUSY = "service_busy"  # still in progress after polling: retry later / fallback
    SERVICE_REPLY_INVALID = "service_reply_invalid"  # unreadable reply: fallback, tell IT
    CARD_REJECTED = "card_rejected"  # the service refused the card proof: fallback
    PATIENT_SELECTION_REQUIRED = "patient_selection_required"  # choose or register patient
    DUPLICATE_CHECK_IN = "duplicate_check_in"  # already checked in today: confirm
    NO_LAST_KNOWN = "no_last_known"  # nothing stored for this patient: another fallback
    VISIT_REGISTERED = "visit_registered"
    VISIT_REGISTERED_FOR_RECHECK = "visit_registered_for_recheck"
    CANCELLED = "cancelled"


class NextAction(Enum):
    """What the desk should offer next (derived from state and outcome)."""

    TAP_CARD = "tap_card"
    CHOOSE_VERIFICATION = "choose_verification"
    CONFIRM_LAST_TRY = "confirm_last_try"
    ENTER_PIN = "enter_pin"
    GIVE_CONSENT = "give_consent"
    REVIEW_RESULT = "review_result"
    SELECT_PATIENT = "select_patient"
    CONFIRM_DUPLICATE = "confirm_duplicate"
    RETRY_OR_FALLBACK = "retry_or_fallback"
    USE_FALLBACK = "use_fallback"
    NONE = "none"


#: Outcomes after which repeating the same query may help.
RETRYABLE_OUTCOMES = frozenset(
    {Outcome.SERVICE_DOWN, Outcome.SERVICE_TIMEOUT, Outcome.SERVICE_BUSY, Outcome.SERVICE_ERROR}
)


@dataclass(frozen=True, slots=True)
class CertificateStatus:
    """Validity of the card's authentication certificate at reading time."""

    not_after: datetime
    grace_until: datetime  # not_after + 3 months: still usable as insurance ID
    expired: bool
    in_grace: bool

    @property
    def usable(self) -> bool:
        return not self.expired or self.in_grace


# ------------------------------------------------------------------------ events


@dataclass(frozen=True, slots=True)
class CardPresented:
    """A card arrived (from the reader port or the UI's card watcher)."""

    session: CardSession


@dataclass(frozen=True, slots=True)
class CardWithdrawn:
    """The card watcher saw the card leave the reader."""


@dataclass(frozen=True, slots=True)
class ChoosePin:
    """Staff (or the patient) choose PIN verification on the patient screen."""


@dataclass(frozen=True, slots=True)
class ConfirmLastTry:
    """Staff explicitly allow the last PIN try (recorded with their id)."""

    staff_id: str


@dataclass(frozen=True, slots=True)
class EnterPin:
    """The PIN typed on the patient screen; used once for VERIFY, never stored."""

    pin: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ConfirmVisualCheck:
    """Staff compared the card photo with the patient (目視確認)."""

    staff_id: str


@dataclass(frozen=True, slots=True)
class GiveConsent:
    """Answers for exactly the enabled consent items (True = agree)."""

    answers: Mapping[ConsentItem, bool]


@dataclass(frozen=True, slots=True)
class RetryQuery:
    """Repeat the last eligibility query (after service down / slow / busy)."""


@dataclass(frozen=True, slots=True)
class QueryByNumbers:
    """Ask the service by the numbers on a certificate, old card or notice."""

    numbers: InsuranceNumbers
    birthdate: date
    source: FallbackKind = FallbackKind.ELIGIBILITY_CERTIFICATE


@dataclass(frozen=True, slots=True)
class UseFaceResult:
    """A result dropped by a certified face-recognition reader (terminal ``face/``)."""

    result: EligibilityResult


@dataclass(frozen=True, slots=True)
class RegisterVisit:
    """Create the visit from the shown result.

    ``patient_id`` picks a registered patient (required unless the match is
    unambiguous); ``new_patient`` registers one from staff-reviewed fields
    (see ``services.patients.PatientService.draft_from_record``).
    """

    patient_id: str | None = None
    new_patient: NewPatient | None = None
    names_reviewed: bool = False  # staff looked at ● / rare kanji flags
    confirm_duplicate: bool = False


@dataclass(frozen=True, slots=True)
class RegisterFallback:
    """Create the visit on a fallback, marked for re-check."""

    kind: FallbackKind
    patient_id: str
    numbers: InsuranceNumbers | None = None  # required for the numbers kinds
    confirm_duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Cancel:
    """Abandon the check-in (allowed in every non-terminal state)."""


Event = (
    CardPresented
    | CardWithdrawn
    | ChoosePin
    | ConfirmLastTry
    | EnterPin
    | ConfirmVisualCheck
    | GiveConsent
    | RetryQuery
    | QueryByNumbers
    | UseFaceResult
    | RegisterVisit
    | RegisterFallback
    | Cancel
)


# ------------------------------------------------------------------------- steps


@dataclass(frozen=True, slots=True)
class Step:
    """What the UI shows after an event: the new state, why, and what comes next."""

    state: CheckInState
    outcome: Outcome
    next_action: NextAction
    tries_left: int | None = None  # PIN tries remaining, when known
    pin_allowed: bool = True  # False once the card is locked
    certificate: CertificateStatus | None = None
    consent_items: tuple[ConsentItem, ...] = ()  # what the patient screen asks
    consents: tuple[Consent, ...] = ()  # what was given
    result: EligibilityResult | None = None
    established_by: EstablishedBy | None = None
    match: MatchReport | None = None
    check_id: str | None = None  # stored eligibility check
    visit: VisitRecord | None = None
    duplicate_of: VisitRecord | None = None
    retryable: bool = False
    error_code: str | None = None  # KnownError.code behind the outcome
    service_message: str | None = None  # ProcessingResultMessage / ErrorMessage as is
    fallbacks: tuple[FallbackKind, ...] = tuple(FallbackKind)


class CheckInUsageError(RuntimeError):
    """An event the current state does not accept: a bug in the caller, not a desk problem."""


# Allowed transitions: (state, event type) → the states the event may lead to.
_S = CheckInState
_PRE_QUERY = (_S.CHOOSING_VERIFICATION, _S.CONFIRMING_LAST_TRY, _S.ENTERING_PIN, _S.ASKING_CONSENT)
_QUERY_TARGETS = frozenset(
    {_S.SHOWING_RESULT, _S.NEEDS_FALLBACK, _S.WAITING_FOR_CARD, _S.CANCELLED}
)
TRANSITIONS: dict[tuple[CheckInState, type[object]], frozenset[CheckInState]] = {
    (_S.WAITING_FOR_CARD, CardPresented): frozenset(
        {_S.WAITING_FOR_CARD, _S.CHOOSING_VERIFICATION, _S.NEEDS_FALLBACK}
    ),
    (_S.NEEDS_FALLBACK, CardPresented): frozenset(
        {_S.WAITING_FOR_CARD, _S.CHOOSING_VERIFICATION, _S.NEEDS_FALLBACK}
    ),
    (_S.CHOOSING_VERIFICATION, ChoosePin): frozenset(
        {_S.ENTERING_PIN, _S.CONFIRMING_LAST_TRY, _S.CHOOSING_VERIFICATION, _S.WAITING_FOR_CARD}
    ),
    (_S.CONFIRMING_LAST_TRY, ConfirmLastTry): frozenset({_S.ENTERING_PIN}),
    (_S.ENTERING_PIN, EnterPin): frozenset(
        {
            _S.ASKING_CONSENT,
            _S.ENTERING_PIN,
            _S.CONFIRMING_LAST_TRY,
            _S.CHOOSING_VERIFICATION,
            _S.WAITING_FOR_CARD,
        }
    ),
    (_S.CHOOSING_VERIFICATION, ConfirmVisualCheck): frozenset({_S.ASKING_CONSENT}),
    (_S.CONFIRMING_LAST_TRY, ConfirmVisualCheck): frozenset({_S.ASKING_CONSENT}),
    (_S.ENTERING_PIN, ConfirmVisualCheck): frozenset({_S.ASKING_CONSENT}),
    (_S.ASKING_CONSENT, GiveConsent): _QUERY_TARGETS,
    (_S.NEEDS_FALLBACK, RetryQuery): _QUERY_TARGETS,
    **{
        # numbers can replace the card at any point before a result
        (state, QueryByNumbers): _QUERY_TARGETS
        for state in (_S.WAITING_FOR_CARD, *_PRE_QUERY, _S.NEEDS_FALLBACK)
    },
    (_S.WAITING_FOR_CARD, UseFaceResult): frozenset({_S.SHOWING_RESULT, _S.NEEDS_FALLBACK}),
    (_S.SHOWING_RESULT, RegisterVisit): frozenset({_S.SHOWING_RESULT, _S.COMPLETED}),
    **{
        # a duplicate warning or a missing last-known answer keeps the state
        (state, RegisterFallback): frozenset({state, _S.COMPLETED})
        for state in (_S.WAITING_FOR_CARD, *_PRE_QUERY, _S.SHOWING_RESULT, _S.NEEDS_FALLBACK)
    },
    **{
        (state, CardWithdrawn): frozenset({_S.WAITING_FOR_CARD} if state in _PRE_QUERY else {state})
        for state in CheckInState
        if not state.terminal
    },
    **{(state, Cancel): frozenset({_S.CANCELLED}) for state in CheckInState if not state.terminal},
}


def allowed_events(state: CheckInState) -> frozenset[type[object]]:
    """Event types the state accepts (the UI enables buttons from this)."""
    return frozenset(event for (source, event) in TRANSITIONS if source is state)


def next_action_for(state: CheckInState, outcome: Outcome, *, has_patient: bool) -> NextAction:
    """What to offer next: mostly the state, refined by the outcome."""
    if outcome is Outcome.DUPLICATE_CHECK_IN:
        return NextAction.CONFIRM_DUPLICATE
    if outcome is Outcome.NO_LAST_KNOWN:
        return NextAction.USE_FALLBACK
    if state is CheckInState.SHOWING_RESULT:
        return NextAction.REVIEW_RESULT if has_patient else NextAction.SELECT_PATIENT
    if state is CheckInState.NEEDS_FALLBACK:
        if outcome in RETRYABLE_OUTCOMES:
            return NextAction.RETRY_OR_FALLBACK
        return NextAction.USE_FALLBACK
    return {
        CheckInState.WAITING_FOR_CARD: NextAction.TAP_CARD,
        CheckInState.CHOOSING_VERIFICATION: NextAction.CHOOSE_VERIFICATION,
        CheckInState.CONFIRMING_LAST_TRY: NextAction.CONFIRM_LAST_TRY,
        CheckInState.ENTERING_PIN: NextAction.ENTER_PIN,
        CheckInState.ASKING_CONSENT: NextAction.GIVE_CONSENT,
        CheckInState.COMPLETED: NextAction.NONE,
        CheckInState.CANCELLED: NextAction.NONE,
    }[state]
