"""The eligibility engine: who meets "HTXSNV in each of the last N years" from the decided ratings on record."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dangvu.awards.eligibility import candidates
from dangvu.awards.models import AwardForm, AwardType, Criterion, Rating, Recipients
from dangvu.documents.tests.factories import make_document
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


_numbers = iter(range(100, 100000))


def decision(unit, year: int, number: str | None = None):
    """A rating (or award) decision issued by `unit` in January of the year after `year`."""
    return make_document(
        type="decision",
        number=number or str(next(_numbers)),
        symbol="QĐ/ĐU",
        issuer_unit=unit,
        issuer_name="",
        term="",
        issued_on=date(year + 1, 1, 15),
        subject=f"về việc công nhận kết quả đánh giá, xếp loại đảng viên năm {year}",
    )


def rate(member, years, level="excellent", cell=None, decided=True, issuer=None):
    """Decided (or, with decided=False, only proposed) year ratings of `member` for `years`."""
    rows = []
    for year in years:
        rows.append(
            Rating.objects.create(
                member=member,
                cell=cell or member.unit,
                year=year,
                rule="132-QĐ/TW",
                proposed_level=level,
                level=level if decided else "",
                decision=decision(issuer or (cell or member.unit).parent, year) if decided else None,
            )
        )
    return rows


def five_years(grantor, **fields) -> AwardType:
    values = {
        "name": "Giấy khen đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền",
        "form": AwardForm.CERTIFICATE_OF_COMMENDATION,
        "grantor": "Ban Thường vụ Đảng ủy Khối",
        "grantor_unit": grantor,
        "recipients": Recipients.MEMBERS,
        "criterion": Criterion.EXCELLENT_YEARS,
        "criterion_years": 5,
    }
    values.update(fields)
    return AwardType.objects.create(**values)


YEARS = range(2017, 2022)


def test_exactly_the_members_excellent_in_each_of_five_years_with_the_ratings_as_evidence():
    tree = Tree()
    steady = make_member(tree.a1, "Nguyễn Văn An")
    broken = make_member(tree.a1, "Trần Thị Bình")
    good = make_member(tree.b1, "Lê Văn Cường")
    rate(steady, YEARS)
    rate(broken, [2017, 2018, 2020, 2021])
    rate(broken, [2019], level="good")
    rate(good, YEARS, level="good")
    award_type = five_years(tree.bloc)

    found = candidates(award_type, 2021)

    assert [c.member for c in found] == [steady]
    assert [r.year for r in found[0].evidence] == list(YEARS)
    assert all(r.decision is not None and r.level == "excellent" for r in found[0].evidence)
    assert found[0].awarded is None


def test_a_transfer_between_cells_still_counts():
    tree = Tree()
    moved = make_member(tree.a2, "Phạm Thị Dung")
    rate(moved, [2017, 2018], cell=tree.b1)
    rate(moved, [2019, 2020, 2021], cell=tree.a2)

    found = candidates(five_years(tree.bloc), 2021)

    assert [c.member for c in found] == [moved]
    assert {r.cell for r in found[0].evidence} == {tree.a2, tree.b1}


def test_proposed_but_undecided_ratings_do_not_count():
    tree = Tree()
    member = make_member(tree.a1)
    rate(member, range(2017, 2021))
    rate(member, [2021], decided=False)

    assert candidates(five_years(tree.bloc), 2021) == []


def test_only_current_members_under_the_unit_asked_for():
    tree = Tree()
    in_a = make_member(tree.a1, "Hoàng Văn Em")
    in_b = make_member(tree.b1, "Vũ Thị Giang")
    rate(in_a, YEARS)
    rate(in_b, YEARS)
    award_type = five_years(tree.bloc)

    assert [c.member for c in candidates(award_type, 2021, within=tree.a)] == [in_a]
    assert {c.member for c in candidates(award_type, 2021)} == {in_a, in_b}
    assert candidates(award_type, 2022) == []  # 2018-2022: 2022 is missing


def test_a_type_without_criterion_lists_nobody():
    tree = Tree()
    rate(make_member(tree.a1), YEARS)
    assert candidates(five_years(tree.bloc, criterion=Criterion.NONE), 2021) == []


def test_already_awarded_is_flagged_and_the_query_count_does_not_grow_with_members():
    from dangvu.awards.awarding import grant_awards

    tree = Tree()
    members = [make_member(tree.a1, f"Nguyễn Văn {name}") for name in ("An", "Bình", "Cường", "Dũng")]
    for member in members:
        rate(member, YEARS)
    award_type = five_years(tree.bloc)
    granted = grant_awards(None, award_type, 2021, decision(tree.bloc, 2021), members=[members[0]])

    with CaptureQueriesContext(connection) as queries:
        found = candidates(award_type, 2021)
    assert len(queries) <= 3
    flagged = {c.member: c.awarded for c in found}
    assert flagged[members[0]] == granted[0]
    assert all(flagged[m] is None for m in members[1:])


def test_units_rated_excellent():
    tree = Tree()
    for year in YEARS:
        Rating.objects.create(
            unit=tree.a, cell=tree.a, year=year, rule="132-QĐ/TW", level="excellent", decision=decision(tree.bloc, year)
        )
    for year in range(2018, 2022):
        Rating.objects.create(
            unit=tree.b, cell=tree.b, year=year, rule="132-QĐ/TW", level="excellent", decision=decision(tree.bloc, year)
        )
    award_type = five_years(tree.bloc, recipients=Recipients.UNITS, name="Cờ thi đua", form=AwardForm.EMULATION_FLAG)

    assert [c.unit for c in candidates(award_type, 2021)] == [tree.a]
