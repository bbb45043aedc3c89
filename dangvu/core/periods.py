"""Quarters: written 2022-Q2 in code and data, "quý II-2022" to users."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERN = re.compile(r"^\s*(\d{4})-Q([1-4])\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in _ROMAN:
            raise ValueError(f"quarter number must be 1-4, not {self.number}")

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(f"not a quarter: {text!r} (expected e.g. 2022-Q2)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter (inclusive)."""
        return self.next().start - timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        """'quý II-2022' in Vietnamese, 'Q2 2022' in English."""
        return _("quarter %(roman)s-%(year)s") % {"roman": _ROMAN[self.number], "year": self.year}
