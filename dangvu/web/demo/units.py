"""The demo tree: province → bloc → base committees (with their cells), base cells and mass organisations."""

import random
from dataclasses import dataclass, field
from datetime import date

from dangvu.core.text import strip_diacritics
from dangvu.units.models import Unit, UnitKind
from dangvu.units.operations import create_unit
from dangvu.web.demo import catalogue
from dangvu.web.demo.catalogue import BaseOrg
from dangvu.web.demo.names import random_day

PROVINCE_ESTABLISHED = date(1991, 10, 1)  # Tuyên Quang re-established from Hà Tuyên
BLOC_ESTABLISHED = date(1992, 3, 15)


@dataclass
class Cell:
    unit: Unit
    org: BaseOrg  # the base organisation it belongs to (itself for a base cell)
    size: int


@dataclass
class DemoTree:
    province: Unit
    bloc: Unit
    base: dict[str, Unit] = field(default_factory=dict)  # base organisation code → unit
    cells: list[Cell] = field(default_factory=list)
    cells_of: dict[str, list[Cell]] = field(default_factory=dict)  # base organisation code → its cells


def cell_code(parent_code: str, name: str, taken: set[str]) -> str:
    """'VPTU' + 'Phòng Hành chính – Lưu trữ' → 'VPTU-PHCLT': up to 5 initials, a digit on a clash."""
    words = [w for w in strip_diacritics(name).split() if w[:1].isalnum()]
    initials = "".join(w[0] for w in words).upper()[:5]
    code, n = f"{parent_code}-{initials}", 2
    while code in taken:
        code, n = f"{parent_code}-{initials}{n}", n + 1
    taken.add(code)
    return code


def _split(rng: random.Random, total: int, parts: int, minimum: int) -> list[int]:
    """`total` split into `parts` uneven sizes, each at least `minimum`."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    spare = max(0, total - minimum * parts)
    sizes = [minimum + int(spare * w / sum(weights)) for w in weights]
    sizes[0] += total - sum(sizes) if total > minimum * parts else 0
    return sizes


def _established(rng: random.Random, after: date, latest: date) -> date:
    return random_day(rng, max(after, date(1992, 6, 1)), latest)


def _subordinate_cells(rng: random.Random, org: BaseOrg, base: Unit, size: int, taken: set[str]) -> list[Cell]:
    cells = []
    for name, cell_size in zip(org.cells, _split(rng, size, len(org.cells), minimum=6), strict=True):
        unit = create_unit(
            None,
            name=f"Chi bộ {name}",
            kind=UnitKind.CELL,
            code=cell_code(org.code, name, taken),
            parent=base,
            established_on=_established(rng, base.established_on, date(2014, 12, 31)),
        )
        cells.append(Cell(unit, org, cell_size))
    return cells


def build_tree(rng: random.Random) -> DemoTree:
    name, code = catalogue.PROVINCE
    province = create_unit(
        None, name=name, kind=UnitKind.PROVINCE, code=code, parent=None, established_on=PROVINCE_ESTABLISHED
    )
    name, code, short = catalogue.BLOC
    bloc = create_unit(
        None,
        name=name,
        kind=UnitKind.BLOC,
        code=code,
        short_name=short,
        parent=province,
        established_on=BLOC_ESTABLISHED,
    )
    tree = DemoTree(province=province, bloc=bloc)
    taken: set[str] = set()
    for org in (*catalogue.BASE_CELLS[:1], *catalogue.BASE_COMMITTEES, *catalogue.BASE_CELLS[1:]):
        size = round(org.size * rng.uniform(0.92, 1.08))
        kind = UnitKind.BASE_COMMITTEE if org.is_committee else UnitKind.BASE_CELL
        established = (
            BLOC_ESTABLISHED
            if org is catalogue.BLOC_OFFICE
            else _established(rng, BLOC_ESTABLISHED, date(2010, 12, 31))
        )
        base = create_unit(None, name=org.name, kind=kind, code=org.code, parent=bloc, established_on=established)
        tree.base[org.code] = base
        if org.is_committee:
            tree.cells_of[org.code] = _subordinate_cells(rng, org, base, size, taken)
        else:
            tree.cells_of[org.code] = [Cell(base, org, size)]
        tree.cells += tree.cells_of[org.code]
    for name, code, kind in catalogue.MASS_ORGANISATIONS:
        create_unit(
            None,
            name=name,
            kind=kind,
            code=code,
            parent=bloc,
            established_on=_established(rng, BLOC_ESTABLISHED, date(2005, 12, 31)),
        )
    return tree
