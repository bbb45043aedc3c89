"""Numbers and names of outgoing party documents: the issuer symbol after the slash ("12-BC/ĐUK"), the issuing body
and the higher body printed in the header, and the next number of a unit's register (sổ đăng ký văn bản đi).

Numbers are taken under a row lock of the `Register` row for (unit, type, year), so concurrent issuing never repeats
or skips a number (rules.md §1: numbers run per issuer and type; this register restarts every calendar year).
"""

from django.db import transaction

from dangvu.documents.rules import TYPES_BY_CODE
from dangvu.publishing.models import Register
from dangvu.units.models import Unit, UnitKind

# research.md §2.2: TU (tỉnh ủy), ĐUK (đảng ủy khối), ĐU (đảng ủy), CB (chi bộ).
ISSUER_SYMBOLS = {
    UnitKind.PROVINCE: "TU",
    UnitKind.BLOC: "ĐUK",
    UnitKind.BASE_COMMITTEE: "ĐU",
    UnitKind.SUB_COMMITTEE: "ĐU",
    UnitKind.BASE_CELL: "CB",
    UnitKind.CELL: "CB",
}


def issuer_symbol(unit: Unit) -> str:
    """The symbol of the unit as an issuer of party documents: province → TU, bloc → ĐUK, base committee → ĐU,
    base cell or cell → CB (research.md §2.2)."""
    return ISSUER_SYMBOLS.get(unit.kind, "ĐU")


def type_symbol(document_type: str) -> str:
    """'report' → 'BC'."""
    return TYPES_BY_CODE[document_type].symbol


def document_symbol(document_type: str, unit: Unit) -> str:
    """The symbol after the number: 'BC/ĐUK'."""
    return f"{type_symbol(document_type)}/{issuer_symbol(unit)}"


def number_line(number: int | str | None, document_type: str, unit: Unit) -> str:
    """'Số 12-BC/ĐUK' (no colon, 36-HD/VPTW); a draft without a number keeps the space: 'Số    -BC/ĐUK'."""
    shown = str(number) if number else "\u00a0" * 4
    return f"Số {shown}-{document_symbol(document_type, unit)}"


def issuing_body(unit: Unit) -> str:
    """The body that issues in the unit's name: a party organisation (Đảng bộ) issues through its committee (Đảng
    ủy), the province through the Tỉnh ủy; a cell issues as itself."""
    name = unit.name
    if unit.kind == UnitKind.PROVINCE and name.startswith("Đảng bộ tỉnh "):
        return "Tỉnh ủy " + name[len("Đảng bộ tỉnh ") :]
    if name.startswith("Đảng bộ "):
        return "Đảng ủy " + name[len("Đảng bộ ") :]
    return name


def higher_body(unit: Unit) -> str:
    """The line above the issuing body: the unit's parent organisation, as it is named ('Đảng bộ tỉnh Tuyên
    Quang'); the province itself has none above it but the Party."""
    if unit.parent_id:
        return unit.parent.name
    return ""


def next_number(unit: Unit, document_type: str, year: int) -> int:
    """Take the next number of the unit's register for the type and year. Must run inside a transaction: the row
    stays locked until it commits, so a concurrent caller waits and gets the following number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside a transaction")
    # Create the row if missing without racing: a concurrent insert of the same row is ignored, then both lock it.
    Register.objects.bulk_create(
        [Register(unit=unit, type=document_type, year=year, last_number=0)], ignore_conflicts=True
    )
    register = Register.objects.select_for_update().get(unit=unit, type=document_type, year=year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number
