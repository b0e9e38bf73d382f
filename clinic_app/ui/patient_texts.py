"""What the patient screen says, and the translator that says it in the patient's language.

The source texts are English and marked with ``QT_TRANSLATE_NOOP`` in the
``PatientScreen`` context, so lupdate puts them in the app catalogue; the patient
screen translates them itself (:class:`PatientTranslator`) because the patient may
read a language other than the desk's. Split from :mod:`clinic_app.ui.patient_screen`
so the wording can be read and reviewed apart from the layout.
"""

from __future__ import annotations

from clinic_app import resources
from clinic_app.core.consent import ConsentItem
from clinic_app.ui.qt import QT_TRANSLATE_NOOP, QTranslator

# Translation context of every patient-screen text.
CONTEXT = "PatientScreen"

# Source texts (English); the patient screen translates them itself so it can use
# a language other than the desk's.
T_PLACE_CARD = QT_TRANSLATE_NOOP("PatientScreen", "Please place your My Number card on the reader")
T_PLACE_CARD_SUB = QT_TRANSLATE_NOOP(
    "PatientScreen", "Put it flat on the reader and leave it there until we say it is done."
)
T_WAIT = QT_TRANSLATE_NOOP("PatientScreen", "Please wait a moment")
T_WAIT_SUB = QT_TRANSLATE_NOOP("PatientScreen", "Please leave your card on the reader.")
T_PIN_HEADING = QT_TRANSLATE_NOOP("PatientScreen", "Please press your 4-digit PIN")
T_PIN_SUB = QT_TRANSLATE_NOOP(
    "PatientScreen", "This is the 4-digit number you chose when you got the card."
)
T_TRIES = QT_TRANSLATE_NOOP("PatientScreen", "You can try %1 more times.")
T_TRIES_ONE = QT_TRANSLATE_NOOP(
    "PatientScreen", "This is your last try. If it is wrong, the card will be locked."
)
T_WRONG_PIN = QT_TRANSLATE_NOOP("PatientScreen", "That number was not right. Please try again.")
T_KEY_CLEAR = QT_TRANSLATE_NOOP("PatientScreen", "Clear")
T_KEY_OK = QT_TRANSLATE_NOOP("PatientScreen", "OK")
T_STOP = QT_TRANSLATE_NOOP("PatientScreen", "Stop and ask the staff")
T_DIGIT = QT_TRANSLATE_NOOP("PatientScreen", "Digit %1")
T_PIN_DISPLAY = QT_TRANSLATE_NOOP("PatientScreen", "Digits entered: %1 of 4")
T_MODE_HEADING = QT_TRANSLATE_NOOP(
    "PatientScreen", "May the doctors here see your past medical information?"
)
T_MODE_SUB = QT_TRANSLATE_NOOP(
    "PatientScreen",
    "It helps the doctor treat you safely. You can answer for each kind of information, "
    "or for all at once. Saying no is fine and does not change your care.",
)
T_MODE_ONE_BY_ONE = QT_TRANSLATE_NOOP("PatientScreen", "Answer one by one")
T_MODE_ALL = QT_TRANSLATE_NOOP("PatientScreen", "Answer for all at once")
T_AGREE = QT_TRANSLATE_NOOP("PatientScreen", "Yes, I agree")
T_DISAGREE = QT_TRANSLATE_NOOP("PatientScreen", "No, I do not agree")
T_AGREE_ALL = QT_TRANSLATE_NOOP("PatientScreen", "Yes to all")
T_DISAGREE_ALL = QT_TRANSLATE_NOOP("PatientScreen", "No to all")
T_ALL_HEADING = QT_TRANSLATE_NOOP(
    "PatientScreen", "May the doctors here see all of this information?"
)
T_ITEM_COUNT = QT_TRANSLATE_NOOP("PatientScreen", "Question %1 of %2")
T_NOTICE_HEADING = QT_TRANSLATE_NOOP("PatientScreen", "About the limit on your medical costs")
T_NOTICE_BODY = QT_TRANSLATE_NOOP(
    "PatientScreen",
    "By law, the clinic is told the upper limit of what you pay each month (限度額). "
    "You do not need to do anything. You do not need to apply for it.",
)
T_NOTICE_OK = QT_TRANSLATE_NOOP("PatientScreen", "I understand")
T_DONE = QT_TRANSLATE_NOOP("PatientScreen", "Thank you. You are checked in.")
T_DONE_SUB = QT_TRANSLATE_NOOP(
    "PatientScreen", "You can take your card now. Please wait until we call your name."
)
T_ASK_STAFF = QT_TRANSLATE_NOOP("PatientScreen", "Please talk to the staff at the desk")
T_ASK_STAFF_SUB = QT_TRANSLATE_NOOP(
    "PatientScreen", "They will help you. You can take your card now."
)
T_LOCKED_SUB = QT_TRANSLATE_NOOP(
    "PatientScreen",
    "The card is locked because the number was wrong too many times. "
    "The staff will check you in another way.",
)
T_STAFF_CHECKING = QT_TRANSLATE_NOOP("PatientScreen", "The staff are checking your card")
T_STAFF_CHECKING_NO_CARD = QT_TRANSLATE_NOOP(
    "PatientScreen", "The staff are checking your insurance"
)
T_WAIT_SUB_NO_CARD = QT_TRANSLATE_NOOP("PatientScreen", "Please wait a moment.")
T_DONE_SUB_NO_CARD = QT_TRANSLATE_NOOP("PatientScreen", "Please wait until we call your name.")
T_LANGUAGE = QT_TRANSLATE_NOOP("PatientScreen", "日本語 / English")

#: Per consent item: (title, question in plain words).
ITEM_TEXTS: dict[ConsentItem, tuple[str, str]] = {
    ConsentItem.MEDICATION: (
        QT_TRANSLATE_NOOP("PatientScreen", "Your medicines"),
        QT_TRANSLATE_NOOP(
            "PatientScreen",
            "May the doctors here see which medicines you were given in the past?",
        ),
    ),
    ConsentItem.CHECKUP: (
        QT_TRANSLATE_NOOP("PatientScreen", "Your health check results"),
        QT_TRANSLATE_NOOP(
            "PatientScreen",
            "May the doctors here see the results of your yearly health checks?",
        ),
    ),
    ConsentItem.TREATMENT: (
        QT_TRANSLATE_NOOP("PatientScreen", "Your past treatment"),
        QT_TRANSLATE_NOOP(
            "PatientScreen",
            "May the doctors here see what illnesses other clinics treated you for?",
        ),
    ),
    ConsentItem.SURGERY: (
        QT_TRANSLATE_NOOP("PatientScreen", "Your past operations"),
        QT_TRANSLATE_NOOP(
            "PatientScreen", "May the doctors here see which operations you had in the past?"
        ),
    ),
}

#: Languages the patient can pick, in the order the button cycles through them.
PATIENT_LANGUAGES: tuple[str, ...] = ("ja", "en")


class PatientTranslator:
    """Translates patient texts into the patient's language, apart from the desk's."""

    def __init__(self) -> None:
        self.language = "en"
        self._translator: QTranslator | None = None

    def set_language(self, language: str) -> None:
        self.language = language
        self._translator = None
        if language == "en":
            return
        name = resources.translation_name(language)
        if not resources.exists(name):
            from clinic_app.ui.i18n import _ensure_catalogue

            _ensure_catalogue(language)
        if resources.exists(name):
            translator = QTranslator()
            with resources.as_path(name) as path:
                if translator.load(str(path)):
                    self._translator = translator

    def __call__(self, source: str) -> str:
        if self._translator is None:
            return source
        return self._translator.translate(CONTEXT, source) or source
