"""Which organisation a rating or an award is made in, and which committee decides it."""

from dangvu.units.models import Unit, UnitKind

BASE_KINDS = frozenset({UnitKind.BASE_COMMITTEE, UnitKind.BASE_CELL})


def base_organisation(unit: Unit) -> Unit:
    """The base party organisation (base committee or base cell) the unit is, or lies in; the HTXSNV quota applies
    per base organisation (research.md §3.2), and its committee decides its members' ratings. A unit above that
    level is its own organisation."""
    if unit.kind in BASE_KINDS:
        return unit
    ancestors = Unit.objects.filter(pk__in=unit.ancestor_ids(), kind__in=BASE_KINDS).order_by("-depth")
    return ancestors.first() or unit


def deciding_unit(unit: Unit) -> Unit:
    """Whose committee decides the rating of `unit` as a collective: the level directly above (HD 43-HD/BTCTW: the
    standing committee of the next level up decides the final rating)."""
    return unit.parent or unit
