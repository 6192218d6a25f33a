"""The arithmetic of the satisfaction index (IKM) of PermenPANRB 14/2017, and survey periods.

Pure functions, no database: NRR per element, the weighted sum, IKM, its grade,
the Krejcie-Morgan minimum sample and periods such as ``2026-10``, ``2026-Q3``
or ``2026``. Everything is exact: answers are summed as integers, means and the
weighted sum are rational (``Fraction``) and only the published figures are
rounded, half up, into ``Decimal``.
"""

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENT_CODES = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")

# Weights offices use: the regulation's 1/9 and the rounded 0.111 and 0.11 some still publish.
WEIGHTS = {"1/9": Fraction(1, 9), "0.111": Fraction(111, 1000), "0.11": Fraction(11, 100)}
DEFAULT_WEIGHT = "1/9"

TWO_PLACES = Decimal("0.01")


def parse_weight(value) -> Fraction:
    """The element weight named by a setting: ``"1/9"`` (default), ``"0.111"`` or ``"0.11"``."""
    key = str(value if value not in (None, "") else DEFAULT_WEIGHT).strip()
    try:
        return WEIGHTS[key]
    except KeyError:
        raise ValueError(f"IKM_WEIGHT must be one of {', '.join(WEIGHTS)}, not {value!r}") from None


def to_decimal(value: Fraction, places: str = "0.01") -> Decimal:
    """Round a rational number half up (as people round by hand) to ``places``."""
    quantum = Decimal(places)
    # Exact: scale to an integer number of quanta, round the remainder half up.
    scaled = value / Fraction(quantum)
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    if remainder * 2 >= scaled.denominator:
        whole += 1
    return (Decimal(whole) * quantum).quantize(quantum)


@dataclass(frozen=True)
class Grade:
    """Mutu pelayanan (A-D) and kinerja unit pelayanan (the words) for an IKM value."""

    letter: str
    words: str
    lower: Decimal  # lowest IKM (two decimals) with this grade

    def __str__(self) -> str:
        return f"{self.letter} ({self.words})"


# PermenPANRB 14/2017: nilai interval konversi 25.00-64.99 D, 65.00-76.60 C, 76.61-88.30 B, 88.31-100 A.
GRADES = (
    Grade("A", "Sangat Baik", Decimal("88.31")),
    Grade("B", "Baik", Decimal("76.61")),
    Grade("C", "Kurang Baik", Decimal("65.00")),
    Grade("D", "Tidak Baik", Decimal("0.00")),
)


def grade_for(ikm: Decimal) -> Grade:
    """The grade of an IKM, judged on the value rounded to two decimals."""
    value = Decimal(ikm).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    for grade in GRADES:
        if value >= grade.lower:
            return grade
    return GRADES[-1]


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    totals: dict[str, int]
    weight: Fraction
    nrr_exact: dict[str, Fraction]
    ikm_exact: Fraction

    @property
    def nrr(self) -> dict[str, Decimal]:
        """Mean score per element, two decimals as reports print it."""
        return {code: to_decimal(v) for code, v in self.nrr_exact.items()}

    @property
    def nrr_weighted(self) -> dict[str, Decimal]:
        """NRR x weight per element (NRR tertimbang), three decimals."""
        return {code: to_decimal(v * self.weight, "0.001") for code, v in self.nrr_exact.items()}

    @property
    def weighted_sum(self) -> Decimal:
        """Sum of NRR x weight (jumlah NRR tertimbang), three decimals."""
        return to_decimal(self.ikm_exact / 25, "0.001")

    @property
    def ikm(self) -> Decimal:
        return to_decimal(self.ikm_exact)

    @property
    def grade(self) -> Grade:
        return grade_for(self.ikm)

    def weakest(self, count: int = 3) -> list[str]:
        """Element codes to improve first: the ``count`` lowest NRR (ties at the cut included)
        and every element that on its own would grade C or D (NRR x 25 below 76.61)."""
        ordered = sorted(self.nrr_exact.items(), key=lambda item: (item[1], ELEMENT_CODES.index(item[0])))
        if not ordered:
            return []
        cut = ordered[min(count, len(ordered)) - 1][1]
        weak = {code for code, value in ordered if value <= cut}
        weak |= {code for code, value in ordered if to_decimal(value * 25) < GRADES[1].lower}
        return [code for code, _ in ordered if code in weak]


def compute(totals: Mapping[str, int | None], respondents: int, weight: Fraction) -> IkmResult | None:
    """IKM from the sum of answers per element over ``respondents`` responses.

    NRR per element = sum / respondents; IKM = sum(NRR x weight) x 25.
    No respondents, no index: returns None.
    """
    if not respondents:
        return None
    clean = {code: int(totals.get(code) or 0) for code in ELEMENT_CODES}
    for code, total in clean.items():
        if not respondents <= total <= 4 * respondents:
            raise ValueError(f"total of {code} ({total}) impossible for {respondents} respondents")
    nrr = {code: Fraction(total, respondents) for code, total in clean.items()}
    ikm = sum((v * weight for v in nrr.values()), Fraction(0)) * 25
    return IkmResult(respondents=respondents, totals=clean, weight=weight, nrr_exact=nrr, ikm_exact=ikm)


def mean_of(values: list[Decimal]) -> Decimal | None:
    """Plain mean of several IKM, two decimals (some offices report a region this way)."""
    if not values:
        return None
    return to_decimal(sum((Fraction(v) for v in values), Fraction(0)) / len(values))


# Krejcie & Morgan (1970), the table PermenPANRB 14/2017 prints: population -> sample.
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148), (250, 152),
    (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175), (340, 181), (360, 186),
    (380, 191), (400, 196), (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226),
    (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274),
    (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310),
    (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361),
    (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379),
    (40000, 380), (50000, 381), (75000, 382), (1000000, 384),
)  # fmt: skip
_KM_POPULATIONS = [p for p, _ in KREJCIE_MORGAN]


def min_sample(population: int) -> int:
    """Minimum respondents for ``population`` people served (Krejcie-Morgan table).

    Between two rows of the table the larger population's row applies (the safe
    side); below 10 everyone must answer; above the last row, 384.
    """
    if population <= 0:
        return 0
    if population < KREJCIE_MORGAN[0][0]:
        return population
    index = bisect.bisect_left(_KM_POPULATIONS, population)
    if index >= len(KREJCIE_MORGAN):
        return KREJCIE_MORGAN[-1][1]
    return KREJCIE_MORGAN[index][1]


# --- Periods -----------------------------------------------------------------------------------------

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
ROMAN = ("I", "II", "III", "IV")

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|[Qq](?P<quarter>[1-4])))?$")
PERIOD_REGEX = r"^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$"  # the same, for a database check


@dataclass(frozen=True, order=True)
class Period:
    """A month, a quarter or a year: the dates ``[start, end)``."""

    start: date
    end: date
    kind: str  # "month", "quarter" or "year"

    @classmethod
    def parse(cls, text: str) -> "Period":
        """``2026-10`` (month), ``2026-Q3`` (quarter) or ``2026`` (year)."""
        match = PERIOD_RE.match(str(text).strip())
        if not match:
            raise ValueError(f"Periode tidak dikenal: {text!r} (contoh: 2026-10, 2026-Q3, 2026).")
        year = int(match["year"])
        if not 2000 <= year <= 2100:
            raise ValueError(f"Tahun di luar jangkauan: {year}.")
        if match["month"]:
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise ValueError(f"Bulan tidak dikenal: {text!r}.")
            return cls.month(year, month)
        if match["quarter"]:
            return cls.quarter(year, int(match["quarter"]))
        return cls.year(year)

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return cls(date(year, month, 1), end, "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        start_month = 3 * (quarter - 1) + 1
        end = date(year + 1, 1, 1) if quarter == 4 else date(year, start_month + 3, 1)
        return cls(date(year, start_month, 1), end, "quarter")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year + 1, 1, 1), "year")

    @classmethod
    def containing(cls, day: date, kind: str = "month") -> "Period":
        if kind == "year":
            return cls.year(day.year)
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.month(day.year, day.month)

    @property
    def key(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def label(self) -> str:
        """As Indonesian reports name it: Oktober 2026, Triwulan III 2026, Tahun 2026."""
        if self.kind == "year":
            return f"Tahun {self.start.year}"
        if self.kind == "quarter":
            return f"Triwulan {ROMAN[(self.start.month - 1) // 3]} {self.start.year}"
        return f"{MONTHS_ID[self.start.month - 1]} {self.start.year}"

    def previous(self) -> "Period":
        return Period.containing(date.fromordinal(self.start.toordinal() - 1), self.kind)

    def next(self) -> "Period":
        return Period.containing(self.end, self.kind)

    def trend(self, count: int) -> list["Period"]:
        """The ``count`` periods of the same kind ending with this one, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    def __str__(self) -> str:
        return self.key
