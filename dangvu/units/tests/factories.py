from datetime import date
from itertools import count

from dangvu.units.models import Unit, UnitKind
from dangvu.units.operations import create_unit

_codes = count(1)


def make_unit(
    name: str | None = None,
    kind: str = UnitKind.CELL,
    parent: Unit | None = None,
    code: str | None = None,
    established_on: date = date(2000, 1, 1),
) -> Unit:
    number = next(_codes)
    return create_unit(
        None,
        name=name or f"Chi bộ {number}",
        kind=kind,
        code=code or f"U{number}",
        parent=parent,
        established_on=established_on,
    )


class Tree:
    """bloc → base committees A and B → cells A1, A2, B1; plus base cell C directly under the bloc."""

    def __init__(self) -> None:
        self.province = make_unit("Đảng bộ tỉnh Tuyên Quang", UnitKind.PROVINCE, established_on=date(1990, 1, 1))
        self.bloc = make_unit("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", UnitKind.BLOC, self.province)
        self.a = make_unit("Đảng bộ Văn phòng Tỉnh ủy", UnitKind.BASE_COMMITTEE, self.bloc)
        self.b = make_unit("Đảng bộ Sở Tài chính", UnitKind.BASE_COMMITTEE, self.bloc)
        self.a1 = make_unit("Chi bộ Phòng Tổng hợp", UnitKind.CELL, self.a)
        self.a2 = make_unit("Chi bộ Phòng Hành chính", UnitKind.CELL, self.a)
        self.b1 = make_unit("Chi bộ Phòng Ngân sách", UnitKind.CELL, self.b)
        self.c = make_unit("Chi bộ Báo Tuyên Quang", UnitKind.BASE_CELL, self.bloc)


def merge_a_and_b(tree: Tree, effective_on: date):
    """Merge base committees A and B of `tree` into a new "Đảng bộ các cơ quan Đảng tỉnh": (event, successor)."""
    from dangvu.units.operations import merge_units

    return merge_units(
        None,
        [tree.a, tree.b],
        effective_on=effective_on,
        new_unit={
            "name": "Đảng bộ các cơ quan Đảng tỉnh",
            "kind": UnitKind.BASE_COMMITTEE,
            "code": "CQD",
            "parent": tree.bloc,
        },
    )
