"""Demo quality ratings 2017-2021 and the awards handed out at the bloc's 8th conference (13-4-2022).

Báo Tuyên Quang (14-4-2022): at the conference the bloc presented the Provincial Standing Committee's emulation flags
to 2 party committees and 1 cell and its certificates of merit to 2 party committees, 2 cells and 3 individuals with
outstanding achievements in 2021; the bloc's Standing Committee gave certificates of commendation to 6 members who
completed their duties excellently 5 years in a row (2017-2021).

The ratings of 2017-2021 are imported as the paper records of those years would be (`operations.import_ratings`,
which checks each year's rule and the HTXSNV quota of every base organisation). Six members are rated HTXSNV in
each of the five years; every other run of five is broken. The six commendations are then what the eligibility
engine finds in those ratings (`eligibility.candidates`), nominated by their base organisations, reviewed and granted
by a decision; nothing in the award list is written by hand. Decisions, numbers and people are fictional.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from dangvu.awards import awarding, badges, eligibility, operations, rules
from dangvu.awards.models import AwardForm, AwardType, Criterion, DisciplineKind, PartyBadge, Recipients
from dangvu.awards.operations import HistoricRating
from dangvu.awards.rules import Level, quota_limit
from dangvu.documents.models import Document
from dangvu.documents.operations import register_document
from dangvu.meetings.models import Meeting
from dangvu.members.models import Affiliation, Member
from dangvu.members.rules import ACTIVE_STATUSES, AffiliationKind
from dangvu.units.models import Unit, UnitKind
from dangvu.web.demo.tracking import story_clock
from dangvu.web.demo.units import DemoTree

YEARS = tuple(range(2017, 2022))
STREAKS = 6  # members rated HTXSNV in each of 2017-2021
# The quota of Quy định 132-QĐ/TW, kept in 2017 too (its rule set none) so that every year reads alike.
QUOTA = Decimal("0.20")
# Shares of the levels among members, before the HTXSNV quota is applied.
NOT_COMPLETED, COMPLETED = 0.01, 0.08
EXCELLENT_TARGET = 0.14
UNIT_LEVELS = ((Level.EXCELLENT, 0.25), (Level.GOOD, 0.60), (Level.COMPLETED, 0.13), (Level.NOT_COMPLETED, 0.02))
THEME_05 = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05-CT/TW)"


def load_awards(rng: random.Random, tree: DemoTree) -> int:
    """Ratings 2017-2021 and the 2021 awards; returns how many awards were granted."""
    cells_by_year = {year: _cells_on(date(year, 12, 31), tree) for year in YEARS}
    _member_ratings(rng, tree, cells_by_year)
    flagged, merited = _unit_ratings(rng, tree)
    types = _award_types(tree)
    return _awards_2021(rng, tree, types, flagged, merited)


def _cells_on(day: date, tree: DemoTree) -> dict[int, int]:
    """Member id → official cell on `day`, for members active that day."""
    active = Member.objects.with_status_on(day).filter(status_on__in=[s.value for s in ACTIVE_STATUSES])
    rows = Affiliation.objects.filter(
        kind=AffiliationKind.OFFICIAL, starts_on__lte=day, member__in=active.values("pk")
    ).exclude(ends_on__lte=day)
    return dict(rows.values_list("member_id", "unit_id"))


def _org_of(tree: DemoTree) -> dict[int, int]:
    """Cell id → base organisation id."""
    return {cell.unit.pk: tree.base[cell.org.code].pk for cell in tree.cells}


def _streak_members(rng: random.Random, tree: DemoTree, cells_by_year: dict[int, dict[int, int]]) -> list[int]:
    """Six members, in six base organisations, active in every year 2017-2021 and still active today."""
    org_of = _org_of(tree)
    current = set(Member.objects.filter(status__in=[s.value for s in ACTIVE_STATUSES]).values_list("pk", flat=True))
    steady = [m for m in sorted(cells_by_year[YEARS[0]]) if m in current and all(m in cells_by_year[y] for y in YEARS)]
    rng.shuffle(steady)
    chosen, orgs = [], set()
    for member in steady:
        org = org_of[cells_by_year[YEARS[-1]][member]]
        if org not in orgs:
            chosen.append(member)
            orgs.add(org)
        if len(chosen) == STREAKS:
            break
    return chosen


def _levels_of_year(rng: random.Random, members: list[int], favoured: set[int]) -> dict[int, Level]:
    """Levels for the members of one base organisation in one year, within the HTXSNV quota."""
    levels: dict[int, Level] = {}
    for member in members:
        draw = rng.random()
        if member in favoured:
            levels[member] = Level.GOOD
        elif draw < NOT_COMPLETED:
            levels[member] = Level.NOT_COMPLETED
        elif draw < NOT_COMPLETED + COMPLETED:
            levels[member] = Level.COMPLETED
        else:
            levels[member] = Level.GOOD
    good = [m for m in members if levels[m] == Level.GOOD]
    target = max(len(favoured & set(members)), round(EXCELLENT_TARGET * len(members)))
    others = [m for m in good if m not in favoured]
    pool = [m for m in good if m in favoured] + rng.sample(others, k=len(others))
    for excellent, member in enumerate(pool):
        # `excellent` already chosen; one more must stay within the quota of the HTTNV left.
        if excellent >= target or excellent + 1 > quota_limit(len(good) - excellent - 1, QUOTA):
            break
        levels[member] = Level.EXCELLENT
    return levels


def _member_ratings(rng: random.Random, tree: DemoTree, cells_by_year: dict[int, dict[int, int]]) -> None:
    org_of = _org_of(tree)
    streaks = set(_streak_members(rng, tree, cells_by_year))
    levels: dict[int, dict[int, Level]] = defaultdict(dict)  # member → year → level
    for year in YEARS:
        by_org: dict[int, list[int]] = defaultdict(list)
        for member, cell in sorted(cells_by_year[year].items()):
            by_org[org_of[cell]].append(member)
        for members in by_org.values():
            for member, level in _levels_of_year(rng, members, streaks).items():
                levels[member][year] = level
    # Only the six keep a run of five: anyone else's is broken in one year (HTXSNV → HTTNV never breaks the quota).
    for member, years in levels.items():
        if member not in streaks and all(years.get(y) == Level.EXCELLENT for y in YEARS):
            years[rng.choice(YEARS)] = Level.GOOD
    rows = [
        HistoricRating(year=year, level=level, member_id=member, cell_id=cells_by_year[year][member])
        for member, years in levels.items()
        for year, level in sorted(years.items())
    ]
    operations.import_ratings(None, rows)


def _unit_ratings(rng: random.Random, tree: DemoTree) -> tuple[list[Unit], list[Unit]]:
    """Collective ratings of every base organisation and cell; returns the 2021 recipients of flags and merits:
    (2 base committees, Đảng bộ Văn phòng Tỉnh ủy first, + 1 cell; 2 base committees + 2 cells), all rated HTXSNV
    in 2021."""
    committees = [unit for unit in tree.base.values() if unit.kind == UnitKind.BASE_COMMITTEE]
    cells = [cell.unit for cell in tree.cells if cell.unit.kind == UnitKind.CELL] + [
        unit for unit in tree.base.values() if unit.kind == UnitKind.BASE_CELL
    ]
    # The article's photo shows the flag presented to Đảng bộ Văn phòng Tỉnh ủy.
    office = tree.base["VPTU"]
    outstanding = [office, *rng.sample([c for c in committees if c != office], 3), *rng.sample(cells, 3)]
    rows = []
    for unit in [*committees, *cells]:
        for year in YEARS:
            if year == 2021 and unit in outstanding:
                level = Level.EXCELLENT
            else:
                level = rng.choices([lv for lv, _ in UNIT_LEVELS], [w for _, w in UNIT_LEVELS])[0]
            rows.append(HistoricRating(year=year, level=level, unit_id=unit.pk, cell_id=unit.pk))
    operations.import_ratings(None, rows)
    return [*outstanding[:2], outstanding[4]], [*outstanding[2:4], *outstanding[5:7]]


def _award_types(tree: DemoTree) -> dict[str, AwardType]:
    province_standing = "Ban Thường vụ Tỉnh ủy Tuyên Quang"
    bloc_standing = "Ban Thường vụ Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"
    specs = {
        "flag": dict(
            name="Cờ thi đua của Ban Thường vụ Tỉnh ủy",
            form=AwardForm.EMULATION_FLAG,
            grantor=province_standing,
            grantor_unit=tree.province,
            recipients=Recipients.UNITS,
            criterion=Criterion.EXCELLENT_YEARS,
            criterion_years=1,
            description="Tổ chức đảng hoàn thành xuất sắc nhiệm vụ, tiêu biểu xuất sắc trong năm.",
        ),
        "merit_units": dict(
            name="Bằng khen của Ban Thường vụ Tỉnh ủy (tập thể)",
            form=AwardForm.CERTIFICATE_OF_MERIT,
            grantor=province_standing,
            grantor_unit=tree.province,
            recipients=Recipients.UNITS,
            criterion=Criterion.EXCELLENT_YEARS,
            criterion_years=1,
            description="Tổ chức đảng hoàn thành xuất sắc nhiệm vụ tiêu biểu trong năm.",
        ),
        "merit_members": dict(
            name="Bằng khen của Ban Thường vụ Tỉnh ủy (cá nhân)",
            form=AwardForm.CERTIFICATE_OF_MERIT,
            grantor=province_standing,
            grantor_unit=tree.province,
            recipients=Recipients.MEMBERS,
            criterion=Criterion.EXCELLENT_YEARS,
            criterion_years=1,
            description="Đảng viên hoàn thành xuất sắc nhiệm vụ, có thành tích xuất sắc tiêu biểu trong năm.",
        ),
        "five_years": dict(
            name="Giấy khen của Ban Thường vụ Đảng ủy Khối: hoàn thành xuất sắc nhiệm vụ 5 năm liền",
            form=AwardForm.CERTIFICATE_OF_COMMENDATION,
            grantor=bloc_standing,
            grantor_unit=tree.bloc,
            recipients=Recipients.MEMBERS,
            criterion=Criterion.EXCELLENT_YEARS,
            criterion_years=5,
            description="Đảng viên được xếp loại hoàn thành xuất sắc nhiệm vụ 5 năm liền.",
        ),
        "study_05": dict(
            name="Giấy khen của Ban Thường vụ Đảng ủy Khối: học tập và làm theo Bác",
            form=AwardForm.CERTIFICATE_OF_COMMENDATION,
            grantor=bloc_standing,
            grantor_unit=tree.bloc,
            recipients=Recipients.MEMBERS,
            criterion=Criterion.NONE,
            theme=THEME_05,
            theme_document=Document.objects.filter(number="05", symbol="CT/TW").first(),
            description="Tập thể, cá nhân điển hình tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, phong cách "
            "Hồ Chí Minh.",
        ),
    }
    return {key: awarding.create_award_type(None, **fields) for key, fields in specs.items()}


def _decision(unit: Unit, number: str, symbol: str, issued_on: date, subject: str) -> Document:
    return register_document(
        None,
        type="decision",
        number=number,
        symbol=symbol,
        issuer_unit=unit,
        issuer_name="",
        term="",
        issued_on=issued_on,
        subject=subject,
        text="",
        validity="in_force",
    )


def _conference_8(tree: DemoTree) -> Meeting | None:
    return Meeting.objects.filter(unit=tree.bloc, starts_at__date=date(2022, 4, 13)).first()


def _awards_2021(
    rng: random.Random, tree: DemoTree, types: dict[str, AwardType], flagged: list[Unit], merited: list[Unit]
) -> int:
    conference = _conference_8(tree)
    granted = 0
    with story_clock() as clock:
        clock.return_value = _moment(date(2022, 3, 25), time(9))
        # The base organisations nominate their members found by the engine; the bloc's standing committee reviews.
        five = eligibility.candidates(types["five_years"], 2021, within=tree.bloc)
        nominations = [
            awarding.nominate(
                None,
                types["five_years"],
                2021,
                _base_of(candidate.member.unit),
                member=candidate.member,
                achievements="Hoàn thành xuất sắc nhiệm vụ 5 năm liền (2017-2021).",
            )
            for candidate in five
        ]
        excellent_2021 = [c.member for c in eligibility.candidates(types["merit_members"], 2021, within=tree.bloc)]
        five_ids = {c.member.pk for c in five}
        individuals = rng.sample([m for m in excellent_2021 if m.pk not in five_ids], 3)
        clock.return_value = _moment(date(2022, 3, 31), time(14))
        awarding.review_nominations(None, nominations, {n.pk: (11, 0, 11) for n in nominations})
        clock.return_value = _moment(date(2022, 4, 5), time(10))
        province_decision = _decision(
            tree.province,
            "1026",
            "QĐ/TU",
            date(2022, 4, 5),
            "tặng Cờ thi đua, Bằng khen cho các tập thể, cá nhân thuộc Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh "
            "có thành tích xuất sắc tiêu biểu năm 2021",
        )
        citation_2021 = "Đã có thành tích xuất sắc tiêu biểu năm 2021"
        for key, units in (("flag", flagged), ("merit_units", merited)):
            granted += len(
                awarding.grant_awards(
                    None,
                    types[key],
                    2021,
                    province_decision,
                    units=units,
                    citation=citation_2021,
                    presented_at=conference,
                )
            )
        granted += len(
            awarding.grant_awards(
                None,
                types["merit_members"],
                2021,
                province_decision,
                members=individuals,
                citation=citation_2021,
                presented_at=conference,
            )
        )
        clock.return_value = _moment(date(2022, 4, 8), time(10))
        bloc_decision = _decision(
            tree.bloc,
            "412",
            "QĐ/ĐUK",
            date(2022, 4, 8),
            "tặng Giấy khen cho đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền (2017-2021)",
        )
        granted += len(
            awarding.grant_awards(
                None,
                types["five_years"],
                2021,
                bloc_decision,
                members=[c.member for c in five],
                citation="Đã có thành tích hoàn thành xuất sắc nhiệm vụ 5 năm liền (2017-2021)",
                presented_at=conference,
            )
        )
    return granted


def _moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _base_of(unit: Unit) -> Unit:
    from dangvu.awards.organisations import base_organisation

    return base_organisation(unit)


# Party badges ----------------------------------------------------------------------------------------------------------

BADGE_CEREMONY_PLACE = "Hội trường Đảng ủy Khối"


def load_badges(rng: random.Random, tree: DemoTree) -> int:
    """Party badges up to the last award day before today: the earlier ones imported from the paper register, the
    last batch awarded by a decision of the Provincial Standing Committee and presented at a ceremony. For the next
    award day, one member gravely ill (an early badge) and one member under a reprimand (who must wait six months);
    returns how many badges there are."""
    today = timezone.localdate()
    last = rules.next_occasion(today - relativedelta(years=1))
    while (following := rules.next_occasion(last + timedelta(days=1))) < today:
        last = following
    everyone = Member.objects.all()
    history = badges.due_history(everyone, until=last)
    badges.import_badges(None, [row for row in history if row.occasion < last])
    batch = [row for row in history if row.occasion == last]
    if batch:
        decision = _decision(
            tree.province,
            "2" + f"{last:%m%d}",
            "QĐ/TU",
            last - timedelta(days=14),
            f"tặng Huy hiệu Đảng đợt {last.day}-{last.month}-{last.year} cho đảng viên Đảng bộ Khối các cơ quan và "
            "doanh nghiệp tỉnh",
        )
        members = {m.pk: m for m in Member.objects.filter(pk__in=[row.member_id for row in batch])}
        awarded = badges.award_badges(None, last, decision, [(members[row.member_id], row.milestone) for row in batch])
        badges.record_ceremony(None, awarded, last, BADGE_CEREMONY_PLACE)
    _next_occasion_cases(rng, today)
    return PartyBadge.objects.count()


def _next_occasion_cases(rng: random.Random, today: date) -> None:
    """A member gravely ill who reaches a milestone within the early window after the next award day, and a member
    due on it who was reprimanded three months ago."""
    upcoming = rules.next_occasion(today)
    active = Member.objects.filter(status__in=[s.value for s in ACTIVE_STATUSES])
    due_next = [row for row in badges.due_history(active, until=upcoming) if row.occasion == upcoming]
    if due_next:
        member = Member.objects.get(pk=rng.choice(due_next).member_id)
        operations.record_discipline(
            None,
            member,
            DisciplineKind.REPRIMAND,
            today - relativedelta(months=3),
            decision="Quyết định kỷ luật khiển trách của Ủy ban Kiểm tra Đảng ủy cơ sở",
            reason="Vi phạm quy định về chế độ báo cáo, để chậm tiến độ nhiệm vụ được giao.",
        )
    early = [
        row
        for row in badges.due_history(active, until=upcoming + relativedelta(months=11))
        if upcoming < row.occasion and row.milestone < 70
    ]
    if early:
        member = Member.objects.get(pk=rng.choice(early).member_id)
        badges.record_health_note(None, member, today - relativedelta(months=2), "Bệnh hiểm nghèo, điều trị dài ngày")
