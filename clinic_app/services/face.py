"""Results dropped by a certified face-recognition reader (the terminal's ``face/``).

A dropped file is parsed and opened as a check-in in ``SHOWING_RESULT``: the
same result panel, the same patient matching, the same visit registration as a
card read at our own reader (``EstablishedBy.FACE_READER``).
"""

from __future__ import annotations

from collections.abc import Callable

from clinic_app.core.eligibility import EligibilityResult
from clinic_app.core.errors import KnownError
from clinic_app.services.checkin import CheckInDeps, CheckInFlow
from clinic_app.services.checkin_types import Step, UseFaceResult


class UnreadableFaceResult(KnownError):
    """A file in ``face/`` is not an eligibility result we can read."""

    code = "face.unreadable"


class FaceResultHandler:
    """Turns a face-reader result into an open check-in."""

    def __init__(
        self,
        deps: CheckInDeps,
        *,
        parse: Callable[[bytes], EligibilityResult] | None = None,
    ) -> None:
        self._deps = deps
        self._parse = parse

    def open_result(self, result: EligibilityResult, *, staff_id: str) -> tuple[CheckInFlow, Step]:
        flow = CheckInFlow(self._deps, staff_id=staff_id)
        return flow, flow.handle(UseFaceResult(result))

    def open_file(self, data: bytes, *, staff_id: str) -> tuple[CheckInFlow, Step]:
        """Parse the file's bytes (``OQSsiquc01res`` XML) and open it."""
        parse = self._parse
        if parse is None:
            from clinic_app.eligibility.messages import parse_eligibility_reply

            parse = parse_eligibility_reply
        try:
            result = parse(data)
        except KnownError as error:
            self._deps.repositories.audit.append(
                "face_result", staff_id=staff_id, patient_id=None, detail={"error": error.code}
            )
            raise UnreadableFaceResult(
                "a face-reader result could not be read; check the patient by card or numbers"
            ) from error
        return self.open_result(result, staff_id=staff_id)
