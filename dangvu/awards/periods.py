"""Rating periods: a year ("2021", quarter 0) or, where the rule allows it, a quarter ("2026-Q1")."""

from datetime import date

from dangvu.core.periods import Quarter


def parse_period(text: str) -> tuple[int, int]:
    """'2021' → (2021, 0); '2026-Q1' → (2026, 1). ValueError on anything else."""
    text = text.strip()
    if text.isdigit() and len(text) == 4:
        return int(text), 0
    quarter = Quarter.parse(text)
    return quarter.year, quarter.number


def period_text(year: int, quarter: int = 0) -> str:
    return str(year) if not quarter else str(Quarter(year, quarter))


def period_label(year: int, quarter: int = 0) -> str:
    """'năm 2021' / 'quý I-2026' for users."""
    from django.utils.translation import gettext as _

    return _("year %(year)s") % {"year": year} if not quarter else Quarter(year, quarter).label


def period_bounds(year: int, quarter: int = 0) -> tuple[date, date]:
    if not quarter:
        return date(year, 1, 1), date(year, 12, 31)
    q = Quarter(year, quarter)
    return q.start, q.end
