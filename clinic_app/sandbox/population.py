"""The sandbox's synthetic population (DESIGN.md §5), deterministic from seed and size.

The first people are a fixed *case catalogue*: one person for every situation
the desk meets (each ``QualificationValidity``, ● and rare-kanji names, 6- and
8-digit insurers, 後期高齢 1-3割, 70-74 2割, preschool, 限度額, specific
disease, expired card certificates in and out of the 3-month grace, a locked
card, several matches, no card...). The rest are random people drawn from
``random.Random(seed)`` — never the global generator. Histories are generated
lazily per person from ``(seed, index)``, so a 100,000-person population is
cheap to create and every answer can be recomputed by anyone holding the seed.

Nothing here is real: names, numbers and histories are made up.
"""

from __future__ import annotations

import random
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, overload

from clinic_app.core.eligibility import (
    ElderlyRecipient,
    HighCostLimit,
    InsuredCardClassification,
    PersonalFamily,
    QualificationValidity,
    SpecificDisease,
)
from clinic_app.core.history import CheckupItem, MedicationLine, MedicationSource
from clinic_app.core.insurance import with_check_digit
from clinic_app.core.patient import Sex

CardStatus = Literal["ok", "locked", "expired_in_grace", "expired_out_of_grace", "none"]

#: How long after its certificate expires a card still works as an insurance ID.
CARD_GRACE = timedelta(days=92)  # "3 months", counted generously in days

#: The clinic's own institution code in the sandbox (10 digits).
SANDBOX_INSTITUTION_CODE = "1312345678"

MEDICATION_YEARS = 3
CHECKUP_YEARS = 5

# ---------------------------------------------------------------------------
# Name material (made up, common surnames and given names)

_SURNAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "ｻﾄｳ"),
    ("鈴木", "ｽｽﾞｷ"),
    ("高橋", "ﾀｶﾊｼ"),
    ("田中", "ﾀﾅｶ"),
    ("伊藤", "ｲﾄｳ"),
    ("渡辺", "ﾜﾀﾅﾍﾞ"),
    ("山本", "ﾔﾏﾓﾄ"),
    ("中村", "ﾅｶﾑﾗ"),
    ("小林", "ｺﾊﾞﾔｼ"),
    ("加藤", "ｶﾄｳ"),
    ("吉田", "ﾖｼﾀﾞ"),
    ("山田", "ﾔﾏﾀﾞ"),
    ("佐々木", "ｻｻｷ"),
    ("松本", "ﾏﾂﾓﾄ"),
    ("井上", "ｲﾉｳｴ"),
    ("木村", "ｷﾑﾗ"),
    ("林", "ﾊﾔｼ"),
    ("斎藤", "ｻｲﾄｳ"),
    ("清水", "ｼﾐｽﾞ"),
    ("山口", "ﾔﾏｸﾞﾁ"),
    ("森", "ﾓﾘ"),
    ("池田", "ｲｹﾀﾞ"),
    ("橋本", "ﾊｼﾓﾄ"),
    ("阿部", "ｱﾍﾞ"),
    ("石川", "ｲｼｶﾜ"),
    ("前田", "ﾏｴﾀﾞ"),
    ("藤田", "ﾌｼﾞﾀ"),
    ("後藤", "ｺﾞﾄｳ"),
    ("岡田", "ｵｶﾀﾞ"),
    ("長谷川", "ﾊｾｶﾞﾜ"),
)
_MALE_NAMES: tuple[tuple[str, str], ...] = (
    ("太郎", "ﾀﾛｳ"),
    ("一郎", "ｲﾁﾛｳ"),
    ("健", "ｹﾝ"),
    ("翔太", "ｼｮｳﾀ"),
    ("大輔", "ﾀﾞｲｽｹ"),
    ("誠", "ﾏｺﾄ"),
    ("浩二", "ｺｳｼﾞ"),
    ("蓮", "ﾚﾝ"),
    ("悠真", "ﾕｳﾏ"),
    ("博", "ﾋﾛｼ"),
    ("茂", "ｼｹﾞﾙ"),
    ("隆", "ﾀｶｼ"),
    ("湊", "ﾐﾅﾄ"),
    ("陽翔", "ﾊﾙﾄ"),
    ("勇気", "ﾕｳｷ"),
)
_FEMALE_NAMES: tuple[tuple[str, str], ...] = (
    ("花子", "ﾊﾅｺ"),
    ("恵子", "ｹｲｺ"),
    ("美咲", "ﾐｻｷ"),
    ("陽菜", "ﾋﾅ"),
    ("由美", "ﾕﾐ"),
    ("幸子", "ｻﾁｺ"),
    ("結衣", "ﾕｲ"),
    ("さくら", "ｻｸﾗ"),
    ("直美", "ﾅｵﾐ"),
    ("和子", "ｶｽﾞｺ"),
    ("凛", "ﾘﾝ"),
    ("葵", "ｱｵｲ"),
    ("真由美", "ﾏﾕﾐ"),
    ("千尋", "ﾁﾋﾛ"),
    ("芽依", "ﾒｲ"),
)
_TOWNS: tuple[tuple[str, str], ...] = (
    ("東京都千代田区千代田", "1000001"),
    ("東京都世田谷区太子堂", "1540004"),
    ("神奈川県横浜市中区山下町", "2310023"),
    ("大阪府大阪市北区梅田", "5300001"),
    ("愛知県名古屋市中区栄", "4600008"),
    ("北海道札幌市中央区北一条西", "0600001"),
    ("福岡県福岡市博多区博多駅前", "8120011"),
    ("宮城県仙台市青葉区一番町", "9800811"),
)

# ---------------------------------------------------------------------------
# Insurers: bodies without the check digit; the digit is computed (DESIGN.md §6).


@dataclass(frozen=True, slots=True)
class Insurer:
    number: str
    name: str
    kind: Literal["employee", "national", "elderly", "seamen"]


def _insurer(
    body: str, name: str, kind: Literal["employee", "national", "elderly", "seamen"]
) -> Insurer:
    return Insurer(with_check_digit(body), name, kind)


INSURERS: tuple[Insurer, ...] = (
    _insurer("0113001", "全国健康保険協会 東京支部（テスト）", "employee"),
    _insurer("0127001", "全国健康保険協会 大阪支部（テスト）", "employee"),
    _insurer("0613950", "テスト商事健康保険組合", "employee"),
    _insurer("0627123", "サンドボックス工業健康保険組合", "employee"),
    _insurer("3113001", "テスト共済組合", "employee"),
    _insurer("13801", "千代田区国民健康保険（テスト）", "national"),  # 6 digits
    _insurer("13112", "世田谷区国民健康保険（テスト）", "national"),  # 6 digits
    _insurer("27100", "大阪市国民健康保険（テスト）", "national"),  # 6 digits
    _insurer("3913001", "東京都後期高齢者医療広域連合（テスト）", "elderly"),
    _insurer("3927001", "大阪府後期高齢者医療広域連合（テスト）", "elderly"),
    _insurer("0201001", "全国健康保険協会 船員保険部（テスト）", "seamen"),
)
_BY_KIND: dict[str, tuple[Insurer, ...]] = {
    kind: tuple(i for i in INSURERS if i.kind == kind)
    for kind in ("employee", "national", "elderly", "seamen")
}

# ---------------------------------------------------------------------------
# History material. Drug codes are YJ-style 12-character codes; checkup items use
# the JLAC10-style 17-character codes of the 特定健診 standard.

_DRUGS: tuple[tuple[str, str, str, str, str, int], ...] = (
    # code, name, ingredient, quantity, unit, times per day
    ("2171022F1090", "アムロジピン錠５ｍｇ「テスト」", "アムロジピンベシル酸塩", "1", "錠", 1),
    (
        "2149039F1020",
        "オルメサルタン錠２０ｍｇ「テスト」",
        "オルメサルタン　メドキソミル",
        "1",
        "錠",
        1,
    ),
    (
        "3962002F1030",
        "メトホルミン塩酸塩錠２５０ｍｇ「テスト」",
        "メトホルミン塩酸塩",
        "2",
        "錠",
        2,
    ),
    (
        "3969010F1020",
        "シタグリプチン錠５０ｍｇ「テスト」",
        "シタグリプチンリン酸塩水和物",
        "1",
        "錠",
        1,
    ),
    (
        "2189017F1040",
        "ロスバスタチン錠２．５ｍｇ「テスト」",
        "ロスバスタチンカルシウム",
        "1",
        "錠",
        1,
    ),
    (
        "2189016F1030",
        "アトルバスタチン錠１０ｍｇ「テスト」",
        "アトルバスタチンカルシウム水和物",
        "1",
        "錠",
        1,
    ),
    ("2325003F1030", "ファモチジン錠２０ｍｇ「テスト」", "ファモチジン", "2", "錠", 2),
    ("2329023F1020", "ランソプラゾールＯＤ錠１５ｍｇ「テスト」", "ランソプラゾール", "1", "錠", 1),
    (
        "1149019F1020",
        "ロキソプロフェンＮａ錠６０ｍｇ「テスト」",
        "ロキソプロフェンナトリウム水和物",
        "3",
        "錠",
        3,
    ),
    ("1141007C1075", "カロナール細粒２０％「テスト」", "アセトアミノフェン", "1.5", "ｇ", 3),
    (
        "6132005C1029",
        "セフカペンピボキシル塩酸塩細粒１０％「テスト」",
        "セフカペン　ピボキシル塩酸塩水和物",
        "0.9",
        "ｇ",
        3,
    ),
    (
        "4490025F1022",
        "フェキソフェナジン塩酸塩錠６０ｍｇ「テスト」",
        "フェキソフェナジン塩酸塩",
        "2",
        "錠",
        2,
    ),
    ("2239001F1564", "カルボシステイン錠５００ｍｇ「テスト」", "L-カルボシステイン", "3", "錠", 3),
    ("3399007H1021", "バイアスピリン錠１００ｍｇ「テスト」", "アスピリン", "1", "錠", 1),
    ("2139005F1030", "フロセミド錠２０ｍｇ「テスト」", "フロセミド", "1", "錠", 1),
    ("1124017F1033", "ゾルピデム酒石酸塩錠５ｍｇ「テスト」", "ゾルピデム酒石酸塩", "1", "錠", 1),
    ("3311401A1020", "生理食塩液「テスト」", "塩化ナトリウム", "1", "瓶", 1),
    (
        "2649843S1030",
        "ロキソプロフェンNaテープ１００ｍｇ「テスト」",
        "ロキソプロフェンナトリウム水和物",
        "14",
        "枚",
        1,
    ),
)
_USAGE_BY_TIMES = {1: "１日１回朝食後", 2: "１日２回朝夕食後", 3: "１日３回毎食後"}
_INSTITUTIONS: tuple[tuple[str, str], ...] = (
    ("1310000011", "テスト内科クリニック"),
    ("1310000029", "サンドボックス総合病院"),
    ("1340000017", "テスト調剤薬局 駅前店"),
    ("1340000025", "みどり薬局（テスト）"),
    ("2710000010", "テスト整形外科医院"),
)

# (code, name, data type, unit, generator key)
_CHECKUP_ITEMS: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("9N001000000000001", "身長", "PQ", "cm", "height"),
    ("9N006000000000001", "体重", "PQ", "kg", "weight"),
    ("9N011000000000001", "BMI", "PQ", "kg/m2", "bmi"),
    ("9N016160100000001", "腹囲（実測）", "PQ", "cm", "waist"),
    ("9A751000000000001", "収縮期血圧（１回目）", "PQ", "mmHg", "sbp"),
    ("9A761000000000001", "拡張期血圧（１回目）", "PQ", "mmHg", "dbp"),
    ("3D046000001920402", "HbA1c（NGSP値）", "PQ", "%", "hba1c"),
    ("3D010000001926101", "空腹時血糖", "PQ", "mg/dl", "glucose"),
    ("3F015000002327101", "中性脂肪（トリグリセリド）", "PQ", "mg/dl", "tg"),
    ("3F070000002327101", "HDLコレステロール", "PQ", "mg/dl", "hdl"),
    ("3F077000002327101", "LDLコレステロール", "PQ", "mg/dl", "ldl"),
    ("3B035000002327201", "GOT（AST）", "PQ", "U/l", "ast"),
    ("3B045000002327201", "GPT（ALT）", "PQ", "U/l", "alt"),
    ("3B090000002327101", "γ-GT（γ-GTP）", "PQ", "U/l", "ggt"),
    ("3C015000002327101", "血清クレアチニン", "PQ", "mg/dl", "creatinine"),
    ("8A065000002391901", "eGFR", "PQ", "ml/min/1.73m2", "egfr"),
    ("1A020000000190111", "尿糖（試験紙法・目視法）", "CD", None, "urine_sugar"),
    ("1A010000000190111", "尿蛋白（試験紙法・目視法）", "CD", None, "urine_protein"),
)
_URINE_CODES = (("1", "－"), ("2", "±"), ("3", "＋"), ("4", "＋＋"))
_CHECKUP_OID = "1.2.392.200119.6.1005"


# ---------------------------------------------------------------------------


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
        return _medication_lines(self)

    def checkup_items(self) -> tuple[CheckupItem, ...]:
        """Up to five yearly 特定健診 results with JLAC10 item codes."""
        return _checkup_items(self)


def fold_number(value: str) -> str:
    """A number or symbol as compared: NFKC (full-width → ASCII, half-width kana →
    full-width kana) with every space removed (ASCII and ideographic)."""
    return "".join(unicodedata.normalize("NFKC", value).split())


class _People(Sequence[SyntheticPerson]):
    """The people of a population; random people are generated on first access."""

    def __init__(self, seed: int, size: int, as_of: date, catalogue: list[SyntheticPerson]) -> None:
        self._seed = seed
        self._size = max(size, len(catalogue))
        self._as_of = as_of
        self._made: dict[int, SyntheticPerson] = {p.index: p for p in catalogue}

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> SyntheticPerson: ...

    @overload
    def __getitem__(self, index: slice) -> list[SyntheticPerson]: ...

    def __getitem__(self, index: int | slice) -> SyntheticPerson | list[SyntheticPerson]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        person = self._made.get(index)
        if person is None:
            person = _random_person(self._seed, index, self._as_of)
            self._made[index] = person
        return person


class Population:
    """A deterministic set of synthetic people the sandbox answers from.

    Creating one is cheap whatever its size: only the case catalogue is built
    up front; other people and every history are generated when first asked for.
    """

    def __init__(self, seed: int, size: int, as_of: date, catalogue: list[SyntheticPerson]) -> None:
        self.seed = seed
        self.as_of = as_of
        self.people: Sequence[SyntheticPerson] = _People(seed, size, as_of, catalogue)
        self._catalogue = catalogue
        self._catalogue_by_numbers: dict[tuple[str, str, str], list[SyntheticPerson]] = {}
        for person in catalogue:
            if person.in_service:
                key = (
                    fold_number(person.insurer_number),
                    fold_number(person.number),
                    person.birthdate.strftime("%Y%m%d"),
                )
                self._catalogue_by_numbers.setdefault(key, []).append(person)
        self._by_serial: dict[int, int] | None = None
        self._serial_lock = threading.Lock()

    @classmethod
    def generate(cls, seed: int, size: int, *, as_of: date | None = None) -> Population:
        """``size`` people (never fewer than the whole case catalogue) from ``seed``.

        ``as_of`` is the day the answers are computed for (card expiry, ages,
        history windows); it defaults to today so the grace cases stay true.
        """
        if size < 1:
            raise ValueError("population size must be at least 1")
        today = as_of or date.today()
        return cls(seed, size, today, _catalogue(seed, today))

    @property
    def size(self) -> int:
        return len(self.people)

    def __iter__(self) -> Iterator[SyntheticPerson]:
        return iter(self.people)

    def __len__(self) -> int:
        return len(self.people)

    def by_key(self, person_key: str) -> SyntheticPerson | None:
        if not person_key.startswith("p") or not person_key[1:].isdigit():
            return None
        index = int(person_key[1:])
        return self.people[index] if index < len(self.people) else None

    def by_case(self, case: str) -> SyntheticPerson:
        """The catalogue person for ``case`` (KeyError if the catalogue has no such case)."""
        for person in self._catalogue:
            if person.case == case:
                return person
        raise KeyError(case)

    def catalogue(self) -> list[SyntheticPerson]:
        """The fixed case catalogue (the first people of every population)."""
        return list(self._catalogue)

    def find_by_numbers(
        self,
        insurer_number: str,
        symbol: str | None,
        number: str,
        branch: str | None,
        birthdate: date,
    ) -> list[SyntheticPerson]:
        """People whose registered numbers match (symbol and branch only when given).

        Numbers and symbols are compared folded (``fold_number``: NFKC, no spaces),
        so full-width desk input matches a card printed in half-width kana, and a
        6-digit insurer padded with spaces matches its unpadded form.
        """
        insurer, num = fold_number(insurer_number), fold_number(number)
        wanted_symbol = fold_number(symbol or "")
        wanted_branch = fold_number(branch or "")
        born = birthdate.strftime("%Y%m%d")
        candidates = list(self._catalogue_by_numbers.get((insurer, num, born), []))
        if num.isdigit() and len(self._catalogue) < int(num) <= len(self.people):
            person = self.people[int(num) - 1]
            if (
                fold_number(person.insurer_number) == insurer
                and fold_number(person.number) == num
                and person.birthdate == birthdate
            ):
                candidates.append(person)
        found = []
        for person in candidates:
            if wanted_symbol and fold_number(person.symbol) != wanted_symbol:
                continue
            if wanted_branch and fold_number(person.branch or "") != wanted_branch.zfill(2):
                continue
            found.append(person)
        return found

    def by_card_serial(self, serial: int) -> SyntheticPerson | None:
        """The person whose card certificate has ``serial`` (index built on first use)."""
        from clinic_app.card.testpki import card_serial

        with self._serial_lock:
            if self._by_serial is None:
                self._by_serial = {card_serial(f"p{i:06d}"): i for i in range(len(self.people))}
        index = self._by_serial.get(serial)
        if index is None:
            return None
        person = self.people[index]
        return person if person.has_card else None

    def export(self, *, with_histories: bool = True) -> list[dict[str, Any]]:
        """Everything an independent client needs to check the sandbox's answers."""
        return [person_as_json(p, with_histories=with_histories) for p in self.people]


# ---------------------------------------------------------------------------
# Building people


@dataclass(slots=True)
class _Draft:
    """Mutable draft of a person; frozen into ``SyntheticPerson`` at the end."""

    values: dict[str, Any]

    def freeze(self) -> SyntheticPerson:
        return SyntheticPerson(**self.values)


def _age_on(birthdate: date, today: date) -> int:
    years = today.year - birthdate.year
    if (today.month, today.day) < (birthdate.month, birthdate.day):
        years -= 1
    return years


def _birthdate_for_age(rng: random.Random, age: int, today: date) -> date:
    """A birthdate making the person exactly ``age`` today."""
    latest = _shift_years(today, -age)
    return latest - timedelta(days=rng.randrange(0, 365))


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _first_of_next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _copay_for(age: int, kind: str, rng: random.Random) -> tuple[int, bool]:
    """(copay percent, preschool) by age and insurer kind."""
    if kind == "elderly":
        return rng.choice((10, 10, 10, 20, 30)), False
    if age < 6:
        return 20, True
    if 70 <= age <= 74:
        return rng.choice((20, 20, 20, 30)), False
    return 30, False


def _base(
    rng: random.Random,
    seed: int,
    index: int,
    today: date,
    *,
    case: str,
    label: str,
    age: int,
    sex: Sex | None = None,
    insurer_kind: str = "employee",
) -> dict[str, Any]:
    """A valid, card-holding person of ``age``; cases then change what they need."""
    sex = sex or rng.choice((Sex.MALE, Sex.FEMALE))
    surname, surname_kana = rng.choice(_SURNAMES)
    given, given_kana = rng.choice(_MALE_NAMES if sex is Sex.MALE else _FEMALE_NAMES)
    town, post = rng.choice(_TOWNS)
    birthdate = _birthdate_for_age(rng, age, today)
    if insurer_kind == "employee" and age >= 75:
        insurer_kind = "elderly"
    insurer = rng.choice(_BY_KIND[insurer_kind])
    copay, preschool = _copay_for(age, insurer.kind, rng)
    family = (
        PersonalFamily.FAMILY
        if (age < 18 or rng.random() < 0.25) and insurer.kind == "employee"
        else PersonalFamily.SELF
    )
    if insurer.kind == "elderly":
        classification = InsuredCardClassification.ELDERLY
    elif insurer.kind == "seamen":
        classification = InsuredCardClassification.SEAMEN
    elif family is PersonalFamily.FAMILY:
        classification = InsuredCardClassification.DEPENDANT
    else:
        classification = InsuredCardClassification.HEALTH_INSURANCE
    symbol = (
        ""
        if insurer.kind == "elderly"
        else (
            f"{rng.randrange(1, 999):d}"
            if insurer.kind == "employee"
            else f"ﾃｽﾄ{rng.randrange(1, 99):02d}"
        )
    )
    # The number encodes the index, so a lookup by numbers needs no index of everyone.
    number = f"{index + 1:08d}" if insurer.kind == "elderly" else f"{index + 1:07d}"
    branch = None if insurer.kind == "elderly" else f"{rng.randrange(0, 4):02d}"
    qualification_date = max(birthdate, today - timedelta(days=rng.randrange(60, 20 * 365)))
    not_before = datetime.combine(today - timedelta(days=rng.randrange(30, 4 * 365)), time(9), UTC)
    not_after = _cert_expiry(not_before, today)
    elderly = None
    if 70 <= age <= 74 and insurer.kind != "elderly":
        start = _first_of_next_month(_shift_years(birthdate, 70))
        elderly = ElderlyRecipient(
            start, start, date(today.year + (today.month >= 8), 7, 31), copay
        )
    return {
        "index": index,
        "person_key": f"p{index:06d}",
        "case": case,
        "label": label,
        "name": f"{surname}　{given}",
        "kana": f"{surname_kana} {given_kana}",
        "name_of_other": None,
        "name_of_other_kana": None,
        "birthdate": birthdate,
        "sex": sex,
        "address": f"{town}{rng.randrange(1, 9)}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)}",
        "post_number": post,
        "insurer_number": insurer.number,
        "insurer_name": insurer.name,
        "symbol": symbol,
        "number": number,
        "branch": branch,
        "card_classification": classification,
        "personal_family": family,
        "insured_name": f"{surname}　{given}"
        if family is PersonalFamily.SELF
        else f"{surname}　{rng.choice(_MALE_NAMES)[0]}",
        "copay_percent": copay,
        "preschool": preschool,
        "qualification_date": qualification_date,
        "disqualification_date": None,
        "reason_of_loss": None,
        "card_valid_from": qualification_date,
        "card_valid_until": None,
        "expected_validity": QualificationValidity.VALID,
        "in_service": True,
        "card_status": "ok",
        "card_not_before": not_before,
        "card_not_after": not_after,
        "pin": f"{rng.randrange(0, 10_000):04d}",
        "pin_tries_left": 3,
        "elderly": elderly,
        "high_cost_limit": None,
        "specific_diseases": (),
        "reference_number": None,
        "current": None,
        "history_key": f"{seed}:{index}",
        "as_of": today,
        "medication_months": rng.choice((0, 3, 12, 24, 36)),
        "checkup_years": rng.choice((0, 1, 3, 5)) if age >= 40 else 0,
    }


def _cert_expiry(not_before: datetime, today: date) -> datetime:
    """Card certificates last about five years; keep them valid well past today."""
    expiry = not_before + timedelta(days=5 * 365)
    floor = datetime.combine(today + timedelta(days=200), time(9), UTC)
    return max(expiry, floor)


def _expired(today: date, days_ago: int) -> tuple[datetime, datetime]:
    after = datetime.combine(today - timedelta(days=days_ago), time(0), UTC)
    return after - timedelta(days=5 * 365), after


def _catalogue(seed: int, today: date) -> list[SyntheticPerson]:
    """The fixed case catalogue. Randomness only fills in unimportant details."""
    rng = random.Random(f"catalogue:{seed}")  # noqa: S311 (synthetic data, not secrets)
    drafts: list[dict[str, Any]] = []

    def add(case: str, label: str, age: int, **changes: Any) -> dict[str, Any]:
        values = _base(
            rng,
            seed,
            len(drafts),
            today,
            case=case,
            label=label,
            age=age,
            sex=changes.pop("sex", None),
            insurer_kind=changes.pop("insurer_kind", "employee"),
        )
        values.update(changes)
        drafts.append(values)
        return values

    add(
        "valid_employee",
        "会社員 3割 (カード)",
        42,
        personal_family=PersonalFamily.SELF,
        card_classification=InsuredCardClassification.HEALTH_INSURANCE,
        medication_months=36,
        checkup_years=5,
    )
    add(
        "valid_dependant",
        "被扶養者 3割",
        35,
        personal_family=PersonalFamily.FAMILY,
        card_classification=InsuredCardClassification.DEPENDANT,
    )
    add("national_6digit", "国保 6桁保険者", 55, insurer_kind="national")
    add("elderly_10", "後期高齢 1割", 80, insurer_kind="elderly", copay_percent=10)
    add("elderly_20", "後期高齢 2割", 78, insurer_kind="elderly", copay_percent=20)
    add("elderly_30", "後期高齢 3割 (現役並み)", 76, insurer_kind="elderly", copay_percent=30)
    p = add("age_70_74_20", "70-74歳 2割 (高齢受給者)", 72, copay_percent=20)
    p["elderly"] = _elderly_for(p, 20, today)
    p = add("age_70_74_30", "70-74歳 3割 (現役並み)", 73, copay_percent=30)
    p["elderly"] = _elderly_for(p, 30, today)
    add(
        "preschool_20",
        "未就学児 2割",
        4,
        copay_percent=20,
        preschool=True,
        personal_family=PersonalFamily.FAMILY,
        card_classification=InsuredCardClassification.DEPENDANT,
        checkup_years=0,
    )
    add(
        "newborn",
        "乳児 0歳 2割",
        0,
        copay_percent=20,
        preschool=True,
        card_status="none",
        personal_family=PersonalFamily.FAMILY,
        card_classification=InsuredCardClassification.DEPENDANT,
        medication_months=3,
        checkup_years=0,
    )
    add(
        "high_cost_limit",
        "限度額適用 (区分エ)",
        48,
        high_cost_limit=HighCostLimit(
            "01",
            "A04",
            today - timedelta(days=40),
            today - timedelta(days=40),
            date(today.year + (today.month >= 8), 7, 31),
        ),
    )
    add(
        "high_cost_limit_elderly",
        "限度額 低所得Ⅱ 後期高齢",
        83,
        insurer_kind="elderly",
        copay_percent=10,
        high_cost_limit=HighCostLimit(
            "02",
            "B05",
            today - timedelta(days=100),
            today - timedelta(days=100),
            date(today.year + (today.month >= 8), 7, 31),
        ),
    )
    add(
        "specific_disease",
        "特定疾病 (人工透析)",
        61,
        specific_diseases=(
            SpecificDisease(
                "02", "20000", today - timedelta(days=700), today - timedelta(days=700), None
            ),
        ),
    )
    add(
        "specific_disease_hemophilia",
        "特定疾病 (血友病)",
        27,
        specific_diseases=(
            SpecificDisease(
                "01", "10000", today - timedelta(days=300), today - timedelta(days=300), None
            ),
        ),
    )
    add(
        "name_replacement",
        "氏名に ● (外字)",
        66,
        name="●田　一郎",
        kana="ﾂﾁﾀﾞ ｲﾁﾛｳ",
        insured_name="●田　一郎",
        sex=Sex.MALE,
    )
    add(
        "rare_kanji_toku",
        "旧字体 德",
        58,
        name="德川　和子",
        kana="ﾄｸｶﾞﾜ ｶｽﾞｺ",
        insured_name="德川　和子",
        sex=Sex.FEMALE,
    )
    add(
        "rare_kanji_taka",
        "旧字体 髙",
        45,
        name="髙橋　誠",
        kana="ﾀｶﾊｼ ﾏｺﾄ",
        insured_name="髙橋　誠",
        sex=Sex.MALE,
    )
    add(
        "kana_voiced",
        "半角カナ 濁点・半濁点",
        39,
        name="長谷川　ぱるこ",
        kana="ﾊｾｶﾞﾜ ﾊﾟﾙｺ",
        insured_name="長谷川　ぱるこ",
        sex=Sex.FEMALE,
    )
    add(
        "foreign_name",
        "外国籍 通称名あり",
        34,
        name="SMITH JOHN",
        kana="ｽﾐｽ ｼﾞｮﾝ",
        name_of_other="須見　ジョン",
        name_of_other_kana="ｽﾐ ｼﾞｮﾝ",
        insured_name="SMITH JOHN",
        sex=Sex.MALE,
    )
    add("employee_8digit_no_symbol_branch", "保険者 8桁 枝番なし", 29, branch=None)
    add(
        "invalid_lost",
        "資格喪失 (無効)",
        50,
        expected_validity=QualificationValidity.INVALID,
        disqualification_date=today - timedelta(days=45),
        reason_of_loss="1",
    )
    p = add(
        "invalid_newer_exists",
        "転職 新しい資格あり",
        38,
        expected_validity=QualificationValidity.INVALID_NEWER_EXISTS,
        disqualification_date=today - timedelta(days=20),
        reason_of_loss="1",
    )
    newer = rng.choice(_BY_KIND["employee"][2:])
    p["current"] = CurrentNumbers(
        newer.number, newer.name, "88", f"{9_000_000 + p['index']:07d}", "00"
    )
    add(
        "not_found",
        "該当なし (番号誤り)",
        44,
        expected_validity=QualificationValidity.NOT_FOUND,
        in_service=False,
        card_status="none",
        medication_months=0,
        checkup_years=0,
    )
    first = add(
        "several_match_a", "複数該当 A", 31, expected_validity=QualificationValidity.SEVERAL_MATCH
    )
    add(
        "several_match_b",
        "複数該当 B (同番号)",
        31,
        expected_validity=QualificationValidity.SEVERAL_MATCH,
        insurer_number=first["insurer_number"],
        insurer_name=first["insurer_name"],
        symbol=first["symbol"],
        number=first["number"],
        branch=first["branch"],
        birthdate=first["birthdate"],
        card_status="none",
    )
    nb, na = _expired(today, 30)
    add(
        "card_expired_in_grace",
        "電子証明書 期限切れ (猶予内)",
        67,
        card_status="expired_in_grace",
        card_not_before=nb,
        card_not_after=na,
    )
    nb, na = _expired(today, 150)
    add(
        "card_expired_out_of_grace",
        "電子証明書 期限切れ (猶予超過)",
        69,
        card_status="expired_out_of_grace",
        card_not_before=nb,
        card_not_after=na,
    )
    add("card_locked", "暗証番号ロック", 74, card_status="locked", pin_tries_left=0)
    add("card_last_try", "暗証番号 残り1回", 57, pin_tries_left=1)
    add(
        "no_card",
        "カードなし (資格確認書)",
        47,
        card_status="none",
        card_classification=InsuredCardClassification.ELIGIBILITY_CERTIFICATE,
    )
    add("no_card_old_insurance_card", "カードなし (旧保険証)", 36, card_status="none")
    add("seamen", "船員保険", 46, insurer_kind="seamen")
    add(
        "short_term",
        "短期被保険者証 (国保)",
        41,
        insurer_kind="national",
        card_classification=InsuredCardClassification.SHORT_TERM,
        card_valid_until=today + timedelta(days=90),
    )
    add(
        "qualification_certificate",
        "資格証明書 (国保)",
        52,
        insurer_kind="national",
        card_classification=InsuredCardClassification.QUALIFICATION_CERT,
    )
    add("reference_registered", "診察券番号 登録済み", 60, reference_number="00012345")
    add(
        "heavy_medication",
        "薬歴 3年 (多剤)",
        77,
        insurer_kind="elderly",
        copay_percent=10,
        medication_months=36,
        checkup_years=5,
    )
    add("checkups_5y", "健診 5年分", 52, medication_months=12, checkup_years=5)
    add("no_history", "履歴なし", 25, medication_months=0, checkup_years=0)
    add(
        "new_qualification",
        "資格取得 今月",
        23,
        qualification_date=today - timedelta(days=3),
        card_valid_from=today - timedelta(days=3),
        medication_months=0,
    )
    add(
        "student_dependant",
        "学生 被扶養者",
        19,
        personal_family=PersonalFamily.FAMILY,
        card_classification=InsuredCardClassification.DEPENDANT,
    )

    people = []
    for values in drafts:
        if values["card_status"] == "none":
            values["card_not_before"] = values["card_not_after"] = None
        if values["qualification_date"] < values["birthdate"]:
            values["qualification_date"] = values["card_valid_from"] = values["birthdate"]
        people.append(_Draft(values).freeze())
    return people


def _elderly_for(values: dict[str, Any], copay: int, today: date) -> ElderlyRecipient:
    start = _first_of_next_month(_shift_years(values["birthdate"], 70))
    return ElderlyRecipient(start, start, date(today.year + (today.month >= 8), 7, 31), copay)


def _random_person(seed: int, index: int, today: date) -> SyntheticPerson:
    rng = random.Random(f"person:{seed}:{index}")  # noqa: S311 (synthetic data, not secrets)
    age = min(int(rng.triangular(0, 100, 60)), 99)
    kind = rng.choices(("employee", "national"), weights=(7, 3))[0]
    values = _base(rng, seed, index, today, case="random", label="", age=age, insurer_kind=kind)
    values["card_status"] = "ok" if rng.random() < 0.8 else "none"
    if values["card_status"] == "none":
        values["card_not_before"] = values["card_not_after"] = None
    if values["qualification_date"] < values["birthdate"]:
        values["qualification_date"] = values["card_valid_from"] = values["birthdate"]
    values["label"] = f"{values['name']} ({age}歳 {values['copay_percent'] // 10}割)"
    return _Draft(values).freeze()


# ---------------------------------------------------------------------------
# Lazy histories


def _medication_lines(person: SyntheticPerson) -> tuple[MedicationLine, ...]:
    if person.medication_months <= 0:
        return ()
    rng = random.Random(f"medication:{person.history_key}")  # noqa: S311 (synthetic data, not secrets)
    today = person.as_of
    start = max(
        today - timedelta(days=min(person.medication_months, 12 * MEDICATION_YEARS) * 30),
        person.birthdate,
    )
    regular = (
        rng.sample(_DRUGS[:8], k=rng.randint(1, 4))
        if _age_on(person.birthdate, today) >= 40
        else []
    )
    acute = _DRUGS[8:]
    lines: list[MedicationLine] = []
    day = start + timedelta(days=rng.randrange(0, 14))
    while day <= today:
        clinic_code, clinic_name = rng.choice(_INSTITUTIONS[:2] + _INSTITUTIONS[4:])
        pharmacy_code, pharmacy_name = rng.choice(_INSTITUTIONS[2:4])
        drugs = list(regular)
        if rng.random() < 0.3 or not drugs:
            drugs.extend(rng.sample(acute, k=rng.randint(1, 2)))
        days = 28 if regular else rng.choice((3, 5, 7))
        electronic = day >= today - timedelta(days=365) and rng.random() < 0.5
        for code, name, ingredient, quantity, unit, times in drugs:
            usage = _USAGE_BY_TIMES.get(times, "１日１回")
            lines.append(
                MedicationLine(
                    MedicationSource.CLAIMS,
                    day,
                    day,
                    pharmacy_code,
                    pharmacy_name,
                    code,
                    name,
                    ingredient,
                    quantity,
                    unit,
                    usage,
                    days,
                )
            )
            if day >= today - timedelta(days=100):
                # Recent dispensing results arrive before the claims are processed.
                dispensed = day + timedelta(days=rng.choice((0, 0, 1)))
                if dispensed <= today:
                    lines.append(
                        MedicationLine(
                            MedicationSource.DISPENSING,
                            dispensed,
                            day,
                            pharmacy_code,
                            pharmacy_name,
                            code,
                            name,
                            ingredient,
                            quantity,
                            unit,
                            usage,
                            days,
                        )
                    )
            if electronic:
                lines.append(
                    MedicationLine(
                        MedicationSource.EPRESCRIPTION,
                        None,
                        day,
                        clinic_code,
                        clinic_name,
                        code,
                        name,
                        ingredient,
                        quantity,
                        unit,
                        usage,
                        days,
                    )
                )
        day += timedelta(days=days + rng.randrange(0, 10) if regular else rng.randrange(20, 120))
    return tuple(lines)


def _checkup_items(person: SyntheticPerson) -> tuple[CheckupItem, ...]:
    if person.checkup_years <= 0:
        return ()
    rng = random.Random(f"checkup:{person.history_key}")  # noqa: S311 (synthetic data, not secrets)
    today = person.as_of
    male = person.sex is Sex.MALE
    height = rng.gauss(170 if male else 157, 6)
    weight = height * height / 10_000 * rng.gauss(23.5, 3)
    hba1c = rng.gauss(5.6, 0.5)
    sbp = rng.gauss(128, 14)
    ldl = rng.gauss(125, 25)
    items: list[CheckupItem] = []
    for years_ago in range(min(person.checkup_years, CHECKUP_YEARS) - 1, -1, -1):
        checkup_day = today - timedelta(days=365 * years_ago + rng.randrange(10, 120))
        if checkup_day < person.birthdate:
            continue
        weight += rng.gauss(0.3, 1.2)
        hba1c += rng.gauss(0.05, 0.15)
        sbp += rng.gauss(0.8, 5)
        ldl += rng.gauss(0, 8)
        bmi = weight / (height / 100) ** 2
        creatinine = max(0.4, rng.gauss(0.95 if male else 0.7, 0.15))
        age = _age_on(person.birthdate, checkup_day)
        egfr = 194 * creatinine**-1.094 * max(age, 20) ** -0.287 * (1 if male else 0.739)
        values = {
            "height": f"{height:.1f}",
            "weight": f"{weight:.1f}",
            "bmi": f"{bmi:.1f}",
            "waist": f"{bmi * 3.4 + rng.gauss(6, 3):.1f}",
            "sbp": f"{sbp:.0f}",
            "dbp": f"{sbp * 0.62 + rng.gauss(0, 5):.0f}",
            "hba1c": f"{max(4.3, hba1c):.1f}",
            "glucose": f"{max(70.0, 18 * max(4.3, hba1c) - 5 + rng.gauss(0, 8)):.0f}",
            "tg": f"{max(30.0, rng.lognormvariate(4.7, 0.45)):.0f}",
            "hdl": f"{max(25.0, rng.gauss(60 if not male else 52, 12)):.0f}",
            "ldl": f"{max(50.0, ldl):.0f}",
            "ast": f"{max(10.0, rng.gauss(23, 7)):.0f}",
            "alt": f"{max(6.0, rng.gauss(22, 11)):.0f}",
            "ggt": f"{max(8.0, rng.lognormvariate(3.3, 0.6)):.0f}",
            "creatinine": f"{creatinine:.2f}",
            "egfr": f"{egfr:.1f}",
        }
        for code, name, data_type, unit, key in _CHECKUP_ITEMS:
            if key in ("urine_sugar", "urine_protein"):
                weights = (
                    (85, 8, 5, 2) if key == "urine_protein" or hba1c < 6.5 else (50, 15, 20, 15)
                )
                value, value_name = rng.choices(_URINE_CODES, weights=weights)[0]
                items.append(
                    CheckupItem(
                        checkup_day, code, name, data_type, value, unit, _CHECKUP_OID, value_name
                    )
                )
            else:
                items.append(
                    CheckupItem(checkup_day, code, name, data_type, values[key], unit, None, None)
                )
    return tuple(items)


# ---------------------------------------------------------------------------
# JSON export


def _day(value: date | None) -> str | None:
    return value.strftime("%Y%m%d") if value else None


def person_as_json(person: SyntheticPerson, *, with_histories: bool = True) -> dict[str, Any]:
    """A person as plain JSON; field names follow the message elements where they exist."""
    data: dict[str, Any] = {
        "person_key": person.person_key,
        "as_of": _day(person.as_of),
        "case": person.case,
        "label": person.label,
        "name": person.name,
        "name_kana": person.kana,
        "name_of_other": person.name_of_other,
        "name_of_other_kana": person.name_of_other_kana,
        "sex": person.sex.value,
        "birthdate": _day(person.birthdate),
        "insurer_number": person.insurer_number,
        "insurer_name": person.insurer_name,
        "insured_card_symbol": person.symbol,
        "insured_identification_number": person.number,
        "insured_branch_number": person.branch,
        "insured_card_classification": person.card_classification.value,
        "personal_family_classification": person.personal_family.value,
        "copay_percent": person.copay_percent,
        "preschool": person.preschool,
        "qualification_date": _day(person.qualification_date),
        "disqualification_date": _day(person.disqualification_date),
        "expected_validity": person.expected_validity.value,
        "card_status": person.card_status,
        "card_certificate_serial": person.card_certificate_serial,
        "card_expected_validity": person.card_validity.value if person.card_validity else None,
        "card_visual_check_expected_validity": (
            person.visual_check_validity.value if person.visual_check_validity else None
        ),
        "card_not_after": person.card_not_after.isoformat() if person.card_not_after else None,
        "pin": person.pin if person.has_card else None,
        "pin_tries_left": person.pin_tries_left if person.has_card else None,
        "elderly_copay_percent": person.elderly.copay_percent if person.elderly else None,
        "high_cost_limit": (
            {
                "classification": person.high_cost_limit.classification,
                "classification_flag": person.high_cost_limit.classification_flag,
            }
            if person.high_cost_limit
            else None
        ),
        "specific_diseases": [d.disease_classification for d in person.specific_diseases],
        "reference_number": person.reference_number,
        "current_insurer_number": person.current.insurer_number if person.current else None,
    }
    if with_histories:
        data["medication"] = [
            {
                "source": line.source.value,
                "dispensed_on": _day(line.dispensed_on),
                "prescribed_on": _day(line.prescribed_on),
                "institution_code": line.institution_code,
                "drug_code": line.drug_code,
                "drug_name": line.drug_name,
                "quantity": line.quantity,
                "unit": line.unit,
                "days": line.days,
            }
            for line in person.medication_lines()
        ]
        data["checkups"] = [
            {
                "date": _day(item.checkup_date),
                "item_code": item.item_code,
                "item_name": item.item_name,
                "value": item.value,
                "unit": item.unit,
            }
            for item in person.checkup_items()
        ]
    return data
