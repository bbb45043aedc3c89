"""dangvu's main reads, timed through dangvu's own code paths, against the best hand-written SQL for the same answer.

    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/dangvu_bench [--repeat 5]
    .venv/bin/python bench/run.py --scale 0.01 [--out bench/RESULTS.md]     # generate, measure, drop

For each read (issue 8 §2), one warm-up round and then `--repeat` rounds of each side; the table shows the median of
each, their ratio and the queries dangvu issued (`CaptureQueriesContext`, on the round that checks the answers).
dangvu's side is the view called through `django.test.Client` (logged in as the dataset's administrator) or, for the reads that are a
query function rather than a page, that function called exactly as its view calls it. The SQL side is one or a few
hand-written statements giving the same answer; where the answers are comparable the run checks that they agree and
says so in the "answers" column (the process exits 1 when they differ). `--explain` prints, for each read over 1.5×,
the slowest statement dangvu issued and its EXPLAIN (ANALYZE, BUFFERS). A page is also judged against its page floor:
its SQL floor plus the same user's request of an empty page, measured in the same run. The process also exits 1
when a page issues more queries than its page tests allow (`dangvu.core.budgets`): "OVER QUERY BUDGET".

Then the import: an XLSX of `--import-rows` members (default 100,000 × scale, at least 1,000; 100,000 without
--scale) written with the import template's columns, imported through `members.importing.plan_import` and
`run_import` as the import view does (inside a transaction rolled back afterwards, so the database is unchanged),
against COPY of the same rows into a scratch copy of the member table.

The database: `--database-url` (or DATABASE_URL) names an existing database built by bench/generate.py. With
`--scale S`, a scratch database (its name must end in "_bench") is created with bench/generate.py, measured, and
dropped at the end.
"""

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import national  # noqa: E402  (scratch databases, the dataset's shape, what to measure)

DEFAULT_SCRATCH_URL = "postgres://postgres@127.0.0.1:5432/dangvu_run_bench"
ACTIVE = ("probationary", "full", "exempt")
MILESTONES = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)  # awards.rules.MILESTONES (checked at start)
DISCIPLINE_WAIT_MONTHS = {"reprimand": 6, "warning": 9, "removal_from_post": 12}  # awards.rules (checked too)


# The scratch database ---------------------------------------------------------------------------------------------


def _generate(url: str, scale: float, seed: int) -> None:
    """Build the dataset with bench/generate.py (which drops and creates the `_bench` database itself)."""
    command = [sys.executable, str(ROOT / "bench" / "generate.py"), "--scale", str(scale), "--database-url", url]
    command += ["--seed", str(seed), "--keep"]  # generate.py drops the database at the end without --keep
    print("$ " + " ".join(command[1:]), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def _drop(url: str) -> None:
    national.drop_database(url)


# What to measure ----------------------------------------------------------------------------------------------------


@dataclass
class Subjects:
    user: object  # the administrator (or office user) of the root
    root: object  # the whole country
    province: object  # a large province
    busy: object  # the unit with the most audit entries below it
    name: str  # a member's full name, with diacritics
    as_of: date  # the day of the subtree count
    quarter: object  # core.periods.Quarter of the rollups
    occasion: date  # the award day of the badge candidates
    cells: list = field(default_factory=list)  # codes of cells to import into


def _pick(found, *names, default=None):
    for name in names:
        value = found.get(name) if isinstance(found, dict) else getattr(found, name, None)
        if value is not None:
            return value
    return default


def _subjects() -> Subjects:
    """What to measure: from `national.subjects(connection)` where it says, else found in the data (the demo too)."""
    from django.db import connection
    from django.db.models import Count

    from dangvu.access.models import AuditEntry, Grant, User
    from dangvu.access.scoping import today
    from dangvu.awards import badges
    from dangvu.core.periods import Quarter
    from dangvu.members.models import Member
    from dangvu.tracking.models import Report
    from dangvu.units.models import CELL_KINDS, Unit

    given = {}
    try:
        given = national.subjects(connection)
    except Exception as error:  # a database not built by generate.py (the demo): find them here
        print(f"(national.subjects: {error!r}; finding the subjects in the data)")
        connection.rollback() if not connection.get_autocommit() else None

    def unit(value):
        if value is None or isinstance(value, Unit):
            return value
        return Unit.objects.get(pk=value)

    root = unit(_pick(given, "root"))
    if root is None:
        roots = Unit.objects.filter(parent__isnull=True).annotate(n=Count("children")).order_by("-n", "id")
        root = roots.first()
    province = unit(_pick(given, "province", "large_province"))
    if province is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.id FROM units_unit p JOIN units_unit c ON c.path LIKE p.path || '%%'"
                " JOIN members_member m ON m.unit_id = c.id WHERE p.parent_id = %s"
                " GROUP BY p.id ORDER BY COUNT(*) DESC, p.id LIMIT 1",
                [root.pk],
            )
            found = cursor.fetchone()
        province = Unit.objects.get(pk=found[0]) if found else root
    busy = unit(_pick(given, "busy_unit", "busy"))
    if busy is None:
        top = (
            AuditEntry.objects.filter(unit__isnull=False)
            .values("unit_id")
            .annotate(n=Count("id"))
            .order_by("-n", "unit_id")
            .first()
        )
        busy = Unit.objects.get(pk=top["unit_id"]) if top else province
    user = _pick(given, "user", "admin", "admin_user")
    if user is None and isinstance(given, dict) and given.get("users"):
        user = User.objects.filter(username=given["users"].get("admin")).first()
    if user is not None and not isinstance(user, User):
        user = User.objects.get(username=user) if isinstance(user, str) else User.objects.get(pk=user)
    if user is None:
        grant = (
            Grant.objects.active_on(today())
            .filter(unit=root, role__in=["admin", "office"])
            .order_by("role", "id")
            .select_related("user")
            .first()
        )
        user = grant.user if grant else User.objects.filter(is_superuser=True).order_by("id").first()
    name = _pick(given, "family_name", "name", "member_name", "search_name")
    if name is None:
        members = Member.objects.filter(unit__path__startswith=province.path, status__in=ACTIVE).order_by("id")
        name = members.values_list("full_name", flat=True)[members.count() // 2]
    as_of = _pick(given, "as_of", "day")
    if as_of is None:
        as_of = date(today().year - 2, 6, 30)
    quarter = _pick(given, "quarter")
    if quarter is None:
        latest = Report.objects.order_by("-quarter").values_list("quarter", flat=True).first()
        quarter = Quarter.parse(latest) if latest else Quarter.containing(today()).previous()
    elif isinstance(quarter, str):
        quarter = Quarter.parse(quarter)
    occasion = _pick(given, "occasion", "award_day") or badges.upcoming_occasions()[0]
    cells = list(
        Unit.objects.filter(path__startswith=province.path, kind__in=list(CELL_KINDS), closed_on__isnull=True)
        .order_by("path")
        .values_list("code", flat=True)[:200]
    )
    return Subjects(user, root, province, busy, name, as_of, quarter, occasion, cells)


# Timing -------------------------------------------------------------------------------------------------------------


@dataclass
class Read:
    name: str
    dangvu: object  # () -> answer (comparable form) — dangvu's own code path
    sql: object  # () -> answer — hand-written SQL
    statements: int  # SQL statements the hand-written side runs
    note: str = ""
    answer: object = None  # () -> the answer to compare, when timing `dangvu` does not return it (pages)
    budget: int | None = None  # the most queries it may issue: dangvu.core.budgets, as the page tests assert
    page: bool = False  # a whole web page (its page floor adds the price of an empty page)


@dataclass
class Measured:
    read: Read
    dangvu_ms: float
    sql_ms: float
    queries: int
    answer: str
    sql_in_dangvu_ms: float = 0.0  # time of dangvu's own queries on the round that counted them
    slowest: dict | None = None
    empty_page_ms: float = 0.0  # for pages: the same user's request of a page that shows no data

    @property
    def ratio(self) -> float:
        return self.dangvu_ms / self.sql_ms if self.sql_ms else float("inf")

    @property
    def page_floor_ms(self) -> float | None:
        return self.sql_ms + self.empty_page_ms if self.read.page else None

    @property
    def page_ratio(self) -> float | None:
        return self.dangvu_ms / self.page_floor_ms if self.read.page else None

    @property
    def over_budget(self) -> bool:
        return self.read.budget is not None and self.queries > self.read.budget

    @property
    def within_target(self) -> bool:
        """Within 1.5× of its floor: the SQL floor for a query function, SQL plus an empty page for a page."""
        return (self.page_ratio if self.read.page else self.ratio) <= 1.5


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    rounds = []
    for _round in range(repeat):
        start = time.perf_counter()
        fn()
        rounds.append(time.perf_counter() - start)
    return statistics.median(rounds) * 1000


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 400 else text[:400] + "…"


def _rows(sql: str, params) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class CountQueries:
    """`CaptureQueriesContext` that keeps a page's queries too: the test client's request_started signal would reset
    the query log (`django.db.reset_queries`) at the start of the request, so it is disconnected while inside."""

    def __enter__(self):
        from django.core.signals import request_started
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        self._reconnect = request_started.disconnect(reset_queries)
        self._captured = CaptureQueriesContext(connection)
        self._captured.__enter__()
        return self

    def __exit__(self, *exc):
        from django.core.signals import request_started
        from django.db import reset_queries

        try:
            return self._captured.__exit__(*exc)
        finally:
            if self._reconnect:
                request_started.connect(reset_queries)

    def __len__(self) -> int:
        return len(self._captured)

    def seconds(self) -> float:
        return sum(float(q["time"]) for q in self._captured.captured_queries)

    def slowest(self) -> dict | None:
        return max(self._captured.captured_queries, key=lambda q: float(q["time"]), default=None)


# Pages through the test client --------------------------------------------------------------------------------------


class Pages:
    """GET pages as the user; `context(url)` renders once with the template context captured (for the answers)."""

    def __init__(self, user):
        from django.test import Client

        self.client = Client()
        self.client.force_login(user)

    def get(self, url: str):
        response = self.client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    def context(self, url: str):
        """The response's template context: rendering instrumented as in tests, for this one request only."""
        from django.template import Template
        from django.test.utils import instrumented_test_render

        original = Template._render
        Template._render = instrumented_test_render
        try:
            return self.get(url).context
        finally:
            Template._render = original


# The reads ----------------------------------------------------------------------------------------------------------

# The unit's path that day first, then one aggregate of that day's status periods of the members affiliated below
# it (a literal prefix lets the path index work; a member has one status period on any day).
UNIT_PATH_ON = """
SELECT r.path FROM units_unitversion r
WHERE r.unit_id = %(unit)s AND r.valid_from <= %(day)s AND (r.valid_to IS NULL OR r.valid_to > %(day)s)
LIMIT 1
"""
COUNT_AS_OF = """
SELECT p.status, COUNT(*)
FROM members_statusperiod p
WHERE p.starts_on <= %(day)s AND (p.ends_on IS NULL OR p.ends_on > %(day)s)
  AND p.member_id IN (
    SELECT a.member_id
    FROM members_affiliation a
    JOIN units_unitversion v ON v.unit_id = a.unit_id
    WHERE a.kind = 'official' AND a.starts_on <= %(day)s AND (a.ends_on IS NULL OR a.ends_on > %(day)s)
      AND v.valid_from <= %(day)s AND (v.valid_to IS NULL OR v.valid_to > %(day)s)
      AND v.path LIKE %(prefix)s
  )
GROUP BY p.status
"""

# Lists count at most 10,001 rows (core.paging.CappedPaginator: "more than 10,000 members"), and so do their floors.
MEMBER_PAGE_COUNT = """
SELECT LEAST(COUNT(*), 10000) FROM (
  SELECT 1 FROM members_member m JOIN units_unit u ON u.id = m.unit_id
  WHERE u.path LIKE %(path)s AND m.status IN ('probationary', 'full', 'exempt') AND m.search_key LIKE %(key)s
  LIMIT 10001
) found
"""
MEMBER_PAGE = """
SELECT m.id, m.full_name, m.gender, m.birth_date, m.admitted_on, m.status, m.card_number, u.id, u.name, u.code
FROM members_member m JOIN units_unit u ON u.id = m.unit_id
WHERE u.path LIKE %(path)s AND m.status IN ('probationary', 'full', 'exempt') AND m.search_key LIKE %(key)s
ORDER BY m.name_sort_key, m.id
LIMIT %(size)s
"""

# Counts by status as of the quarter's end (`tracking.rules.derive_status`), reports expected / received / on time,
# the indicator total: the same statement as bench/tracking.py.
ROLLUP = """
SELECT
    CASE
        WHEN a.cancelled_on <= %(end)s THEN 'cancelled'
        WHEN a.completed_on <= %(end)s AND (a.deadline IS NULL OR a.completed_on <= a.deadline) THEN 'done_on_time'
        WHEN a.completed_on <= %(end)s THEN 'done_late'
        WHEN a.deadline < %(end)s THEN 'overdue'
        WHEN a.started_on <= %(end)s THEN 'in_progress'
        ELSE 'not_started'
    END AS status,
    COUNT(*),
    COUNT(*) FILTER (WHERE owes),
    COUNT(r.id) FILTER (WHERE owes),
    COUNT(*) FILTER (WHERE owes AND r.first_submitted_at < %(cutoff)s),
    SUM(r.indicator_value),
    COUNT(r.indicator_value)
FROM (
    SELECT a.*,
        (a.cancelled_on IS NULL OR a.cancelled_on > %(end)s)
        AND (a.completed_on IS NULL OR a.completed_on >= %(start)s) AS owes
    FROM tracking_assignment a
    JOIN units_unit u ON u.id = a.unit_id
    WHERE u.path LIKE %(subtree)s AND a.assigned_on <= %(end)s
) a
LEFT JOIN tracking_report r ON r.assignment_id = a.id AND r.quarter = %(quarter)s
GROUP BY 1
"""
ROLLUP_ROOT = ROLLUP.replace("JOIN units_unit u ON u.id = a.unit_id", "").replace("u.path LIKE %(subtree)s AND ", "")

DASHBOARD = [
    """SELECT kind, COUNT(*) FROM units_unit
       WHERE path LIKE %(path)s AND closed_on IS NULL AND id <> %(unit)s GROUP BY kind""",
    """SELECT m.status, COUNT(*) FROM members_member m JOIN units_unit u ON u.id = m.unit_id
       WHERE u.path LIKE %(path)s GROUP BY m.status""",
    """SELECT EXTRACT(YEAR FROM m.admitted_on)::int, COUNT(*) FROM members_member m
       JOIN units_unit u ON u.id = m.unit_id WHERE u.path LIKE %(path)s GROUP BY 1 ORDER BY 1""",
]
DASHBOARD_ROOT = [
    DASHBOARD[0],
    "SELECT status, COUNT(*) FROM members_member GROUP BY status",
    "SELECT EXTRACT(YEAR FROM admitted_on)::int, COUNT(*) FROM members_member GROUP BY 1 ORDER BY 1",
]

# The unit page's figures: members by status in the subtree, the open children with their active members, the
# committee in office, the latest audit entries of the unit.
UNIT_PAGE = [
    # One scan of the subtree's members for both the counts by status and each child's active members: the child is
    # the path's next component after the unit's own ("1.152." → "1.152.400.…" → "400").
    """SELECT split_part(substr(u.path, length(%(root)s) + 1), '.', 1), m.status, COUNT(*)
       FROM members_member m JOIN units_unit u ON u.id = m.unit_id
       WHERE u.path LIKE %(path)s GROUP BY 1, 2""",
    """SELECT c.id, c.name FROM units_unit c
       WHERE c.parent_id = %(unit)s AND c.closed_on IS NULL ORDER BY c.kind, c.sort_key""",
    """SELECT p.role, m.full_name FROM units_position p JOIN members_member m ON m.id = p.member_id
       WHERE p.term_id = (SELECT id FROM units_term WHERE unit_id = %(unit)s AND starts_on <= %(day)s
                          ORDER BY starts_on DESC LIMIT 1)
         AND p.starts_on <= %(day)s AND (p.ends_on IS NULL OR p.ends_on > %(day)s)""",
    """SELECT id, at, actor_name, action, object_repr, before, after FROM access_auditentry
       WHERE unit_id = %(unit)s ORDER BY at DESC, id DESC LIMIT 10""",
]

AUDIT_COUNT = (
    "SELECT LEAST(COUNT(*), 10000) FROM (SELECT 1 FROM access_auditentry WHERE unit_path LIKE %(path)s LIMIT 10001) f"
)
AUDIT_PAGE = """
SELECT a.id, a.at, a.actor_name, a.source, a.action, a.object_type, a.object_repr, a.before, a.after, a.reason, u.name
FROM access_auditentry a LEFT JOIN units_unit u ON u.id = a.unit_id
WHERE a.unit_path LIKE %(path)s ORDER BY a.at DESC, a.id DESC LIMIT 50
"""

# Members due a badge on the award day (rules.md §4): party age = days covered by an active status period since the
# first admission decision; the highest milestone reached and not received, unless a higher one was received; none
# while a disciplinary measure's wait runs. On-time badges of living full members (the early windows for grave
# illness and posthumous awards are left out: their members are compared apart).
BADGES = """
WITH m AS (
    SELECT m.id, m.name_sort_key,
           LEAST(m.admitted_on, COALESCE(
               (SELECT MIN(e.occurred_on) FROM members_memberevent e WHERE e.member_id = m.id AND e.kind = 'admission'),
               m.admitted_on)) AS first
    FROM members_member m JOIN units_unit u ON u.id = m.unit_id
    WHERE u.path LIKE %(path)s AND m.status IN ('full', 'exempt')
      AND (m.admitted_on <= %(bound)s OR EXISTS (
          SELECT 1 FROM members_memberevent e
          WHERE e.member_id = m.id AND e.kind = 'admission' AND e.occurred_on <= %(bound)s))
      AND NOT EXISTS (
          SELECT 1 FROM awards_discipline d WHERE d.member_id = m.id AND d.decided_on <= %(day)s AND (
              d.kind NOT IN ('reprimand', 'warning', 'removal_from_post')
              OR d.decided_on + make_interval(months => CASE d.kind WHEN 'reprimand' THEN 6 WHEN 'warning' THEN 9
                                                                     ELSE 12 END) > %(day)s))
), age AS (
    SELECT m.id, m.name_sort_key, m.first,
           COALESCE(SUM(GREATEST(0, LEAST(COALESCE(p.ends_on, %(day)s), %(day)s) - GREATEST(p.starts_on, m.first)))
                    FILTER (WHERE p.status IN ('probationary', 'full', 'exempt')), 0) AS days
    FROM m LEFT JOIN members_statusperiod p ON p.member_id = m.id
    GROUP BY m.id, m.name_sort_key, m.first
), due AS (
    SELECT a.id, a.name_sort_key, MAX(y) AS milestone
    FROM age a CROSS JOIN unnest(%(milestones)s::int[]) y
    WHERE a.days >= (a.first + make_interval(years => y))::date - a.first
      AND NOT EXISTS (SELECT 1 FROM awards_partybadge b WHERE b.member_id = a.id AND b.milestone = y)
    GROUP BY a.id, a.name_sort_key
)
SELECT d.id, d.milestone FROM due d
WHERE NOT EXISTS (SELECT 1 FROM awards_partybadge b WHERE b.member_id = d.id AND b.milestone > d.milestone)
  AND NOT EXISTS (SELECT 1 FROM awards_healthnote h WHERE h.member_id = d.id)
ORDER BY d.milestone, d.name_sort_key, d.id
"""


def _reads(s: Subjects, pages: Pages) -> list[Read]:
    from dateutil.relativedelta import relativedelta
    from django.conf import settings
    from django.utils.http import urlencode

    from dangvu.access.scoping import today
    from dangvu.awards import badges
    from dangvu.core import budgets
    from dangvu.core.text import search_key, strip_diacritics
    from dangvu.members.models import Member
    from dangvu.tracking import dashboard, queries
    from dangvu.units import queries as unit_queries

    user = s.user
    reads: list[Read] = []

    # 1. Subtree member count as of a date: what the unit page runs for ?as_of= (units.views.unit_detail).
    def count_as_of_sql():
        ((path,),) = _rows(UNIT_PATH_ON, {"day": s.as_of, "unit": s.province.pk})
        return {st: n for st, n in _rows(COUNT_AS_OF, {"day": s.as_of, "prefix": path + "%"}) if st is not None}

    def count_as_of_view():
        found = unit_queries.status_counts_as_of(Member.objects.visible_to(user), s.province, s.as_of)
        return {st: n for st, n in found.items() if st is not None}

    reads.append(
        Read(
            f"subtree members by status as of {s.as_of:%d/%m/%Y} (province)",
            count_as_of_view,
            count_as_of_sql,
            2,
        )
    )

    # 2-3. Member search, with and without diacritics; 4. the member list of a province: the list page.
    size = settings.PAGE_SIZES[0]

    def member_page(params: dict, path: str, key: str, label: str):
        url = "/members/?" + urlencode(params)

        def view():
            pages.get(url)

        def answer_view():
            page = pages.context(url)["page"]
            return page.paginator.count, [m.pk for m in page.object_list]

        def sql():
            args = {"path": path + "%", "key": f"%{key}%", "size": size}
            total = _rows(MEMBER_PAGE_COUNT, args)[0][0]
            return total, [row[0] for row in _rows(MEMBER_PAGE, args)]

        return Read(label, view, sql, 2, note=url, budget=budgets.MEMBER_LIST, page=True), answer_view

    plain = strip_diacritics(s.name).lower()
    for params, path, key, label in (
        ({"q": s.name}, "", search_key(s.name), f"member search “{s.name}” (whole country)"),
        ({"q": plain}, "", search_key(plain), f"member search “{plain}”, no diacritics (whole country)"),
        ({"unit": s.province.pk}, s.province.path, "", "member list page of a province"),
    ):
        read, answer = member_page(params, path, key, label)
        read.answer = answer
        reads.append(read)

    # 5-6. The quarterly rollup as the tracking dashboard computes it (tracking.dashboard.figures).
    for unit, label, statement in (
        (s.province, "quarterly rollup, province", ROLLUP),
        (s.root, "quarterly rollup, whole country", ROLLUP_ROOT),
    ):
        deadline = dashboard._reporting_deadlines(user, unit, [s.quarter])[s.quarter]

        def rollup(unit=unit, deadline=deadline):
            found = queries.rollup(queries.assignments_in(unit).visible_to(user), s.quarter, deadline)
            return _rollup_answer(
                {st.value: n for st, n in found.by_status.items() if n},
                found.expected_reports,
                found.reports,
                found.reports_on_time,
                found.indicator_total,
                found.indicator_count,
            )

        def rollup_sql(unit=unit, deadline=deadline, statement=statement):
            params = {
                "start": s.quarter.start,
                "end": queries.as_of_for(s.quarter),
                "cutoff": queries._cutoff(deadline),
                "subtree": unit.path + "%",
                "quarter": str(s.quarter),
            }
            by_status, expected, reported, on_time, total, count = {}, 0, 0, 0, None, 0
            for status, n, owing, sent, in_time, values, valued in _rows(statement, params):
                by_status[status] = n
                expected, reported, on_time, count = (
                    expected + owing,
                    reported + sent,
                    on_time + in_time,
                    count + valued,
                )
                if values is not None:
                    total = (total or 0) + values
            return _rollup_answer(by_status, expected, reported, on_time, total, count)

        reads.append(Read(f"{label} {s.quarter}", rollup, rollup_sql, 1))

    # 7. The dashboard (web.views.dashboard) of the administrator's home unit, the whole country.
    def dashboard_view():
        pages.get("/")

    def dashboard_answer():
        context = pages.context("/")
        return {value: n for value, _label, n in context["status_rows"] if n}, [tuple(r) for r in context["admissions"]]

    def dashboard_sql():
        statements = DASHBOARD_ROOT if s.root.parent_id is None else DASHBOARD
        found = [_rows(sql, {"path": s.root.path + "%", "unit": s.root.pk}) for sql in statements]
        return dict(found[1]), [tuple(r) for r in found[2]]

    read = Read(
        "dashboard (whole country)", dashboard_view, dashboard_sql, 3, note="/", budget=budgets.DASHBOARD, page=True
    )
    read.answer = dashboard_answer
    reads.append(read)

    # 8. The unit page of the province (units.views.unit_detail).
    unit_url = f"/units/{s.province.pk}/"

    def unit_answer():
        context = pages.context(unit_url)
        statuses = {value: n for value, _label, n in context["status_rows"] if n}
        return statuses, {child.pk: n for child, _name, n in context["children"]}

    def unit_sql():
        params = {"root": s.province.path, "path": s.province.path + "%", "unit": s.province.pk, "day": today()}
        counts, children, _committee, _audit = [_rows(sql, params) for sql in UNIT_PAGE]
        statuses, active = {}, {}
        for child, status, n in counts:
            statuses[status] = statuses.get(status, 0) + n
            if status in ACTIVE and child:
                active[int(child)] = active.get(int(child), 0) + n
        return statuses, {pk: active.get(pk, 0) for pk, _name in children}

    read = Read(
        "unit page of a province",
        lambda: pages.get(unit_url),
        unit_sql,
        len(UNIT_PAGE),
        note=unit_url,
        budget=budgets.UNIT_PAGE,
        page=True,
    )
    read.answer = unit_answer
    reads.append(read)

    # 9. The audit log of a busy unit (access.views.audit_log, filtered on the unit).
    audit_url = "/audit/?" + urlencode({"unit": s.busy.pk})

    def audit_answer():
        page = pages.context(audit_url)["page"]
        return page.paginator.count, [e.pk for e in page.object_list]

    def audit_sql():
        params = {"path": s.busy.path + "%"}
        return _rows(AUDIT_COUNT, params)[0][0], [row[0] for row in _rows(AUDIT_PAGE, params)]

    read = Read(
        f"audit log of a busy unit ({s.busy.code})",
        lambda: pages.get(audit_url),
        audit_sql,
        2,
        budget=budgets.AUDIT_LOG,
        page=True,
    )
    read.answer = audit_answer
    reads.append(read)

    # 10. Badge candidates of a province for an award day, as the candidates page computes them.
    bound = s.occasion - relativedelta(years=badges._EARLIEST_YEARS)

    def badge_view():
        return badges.badge_candidates(s.occasion, s.province, user)

    def badge_answer():
        return [(c.member.pk, c.milestone) for c in badge_view() if c.basis == "on_time"]

    def badge_sql():
        params = {
            "path": s.province.path + "%",
            "day": s.occasion,
            "bound": bound,
            "milestones": list(MILESTONES),
        }
        return [tuple(row) for row in _rows(BADGES, params)]

    read = Read(
        f"badge candidates of a province for {s.occasion:%d/%m/%Y}",
        badge_view,
        badge_sql,
        1,
        budget=budgets.BADGE_CANDIDATES,
    )
    read.answer = badge_answer
    reads.append(read)
    return reads


def _rollup_answer(by_status, expected, reported, on_time, total, count) -> tuple:
    from decimal import Decimal

    total = None if total is None else Decimal(str(total)).quantize(Decimal("0.01"))
    return tuple(sorted(by_status.items())), expected, reported, on_time, total, count


def _measure_all(reads: list[Read], repeat: int, pages: "Pages") -> list[Measured]:
    from django.urls import reverse

    empty_url = reverse("password_change_done")
    empty_page_ms = _median_ms(lambda: pages.get(empty_url), repeat)
    print(f"· an empty page ({empty_url}): {empty_page_ms:.1f} ms", flush=True)
    results = []
    for read in reads:
        print(f"· {read.name}", flush=True)
        answer_of = read.answer or read.dangvu
        with CountQueries() as captured:
            read.dangvu()
        issued, in_sql, slowest = len(captured), captured.seconds() * 1000, captured.slowest()  # before a new request
        theirs, ours = answer_of(), read.sql()
        if theirs == ours:
            answer = "equal"
        else:
            answer = "DIFFERENT"
            print(f"  DIFFERENT ANSWERS\n    dangvu: {_short(theirs)}\n    SQL:    {_short(ours)}", flush=True)
        if read.budget is not None and issued > read.budget:
            print(f"  OVER QUERY BUDGET: {issued} queries, at most {read.budget} (dangvu.core.budgets)", flush=True)
        dangvu_ms = _median_ms(read.dangvu, repeat)
        sql_ms = _median_ms(read.sql, repeat)
        results.append(
            Measured(read, dangvu_ms, sql_ms, issued, answer, in_sql, slowest, empty_page_ms if read.page else 0.0)
        )
    return results


# The import ---------------------------------------------------------------------------------------------------------


def _import_rows(n: int, cells: list[str], seed: int = 8) -> list[dict]:
    """`n` new members for the import: plausible Vietnamese names, dates, the province's cells."""
    import random

    from dangvu.access.scoping import today

    rng = random.Random(seed)
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middles = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Xuân"]
    givens = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam",
              "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Việt", "Yến"]  # fmt: skip
    end = today() - timedelta(days=400)
    rows = []
    for i in range(n):
        admitted = end - timedelta(days=rng.randrange(0, 40 * 365))
        born = admitted - timedelta(days=rng.randrange(18 * 365, 40 * 365))
        rows.append(
            {
                "full_name": f"{rng.choice(families)} {rng.choice(middles)} {rng.choice(givens)}",
                "gender": rng.choice(["Nam", "Nữ"]),
                "birth_date": born,
                "ethnicity": "Kinh",
                "religion": "",
                "hometown": "Xã Tân Phú, tỉnh Đồng Nai",
                "address": f"Số {i % 500 + 1} đường Lê Lợi",
                "citizen_id": f"{i:012d}",
                "phone": f"09{i % 100000000:08d}",
                "education": "12/12",
                "theory_level": rng.choice(["", "Sơ cấp", "Trung cấp", "Cao cấp"]),
                "occupation": "Công chức",
                "workplace": "Ủy ban nhân dân",
                "admitted_on": admitted,
                "confirmed_on": admitted + timedelta(days=365),
                "card_number": f"BI{i:09d}",
                "unit": cells[i % len(cells)],
            }
        )
    return rows


def _xlsx(rows: list[dict]) -> bytes:
    """The rows in the import template's layout (members.exporting.COLUMNS, the headers of `import_template`)."""
    from openpyxl import Workbook, load_workbook

    from dangvu.members import exporting

    template = load_workbook(io.BytesIO(exporting.import_template()), read_only=True)
    header = [cell for cell in next(template.worksheets[0].iter_rows(values_only=True))]
    template.close()
    by_header = {c.header: c.field for c in exporting.COLUMNS}
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(header)
    for row in rows:
        sheet.append([row[by_header[h]] for h in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _copy_rows(rows: list[dict]) -> tuple[list[str], list[tuple]]:
    """The same rows as the member table stores them (keys computed with dangvu.core.text, as the import does)."""
    from django.utils import timezone

    from dangvu.core.text import name_sort_key, search_key
    from dangvu.members.exporting import GENDER_WORDS, THEORY_WORDS
    from dangvu.units.models import Unit

    genders = {word: value for value, word in GENDER_WORDS.items()}
    theory = {word: value for value, word in THEORY_WORDS.items()}
    units = dict(Unit.objects.filter(code__in={r["unit"] for r in rows}).values_list("code", "pk"))
    now = timezone.now()
    columns = ["full_name", "gender", "birth_date", "ethnicity", "religion", "hometown", "address", "citizen_id",
               "phone", "education", "theory_level", "occupation", "workplace", "admitted_on", "confirmed_on",
               "card_number", "status", "unit_id", "name_sort_key", "search_key", "created_at", "updated_at"]  # fmt: skip
    out = []
    for r in rows:
        out.append(
            (
                r["full_name"], genders[r["gender"]], r["birth_date"], r["ethnicity"], r["religion"], r["hometown"],
                r["address"], r["citizen_id"], r["phone"], r["education"], theory.get(r["theory_level"], ""),
                r["occupation"], r["workplace"], r["admitted_on"], r["confirmed_on"], r["card_number"], "full",
                units[r["unit"]], name_sort_key(r["full_name"]), search_key(r["full_name"]), now, now,
            )
        )  # fmt: skip
    return columns, out


class _Rollback(Exception):
    pass


def _measure_import(s: Subjects, n: int) -> dict:
    """Import `n` members through dangvu (plan + run, as the import view's confirm step), rolled back; then COPY."""
    from django.db import connection, transaction

    from dangvu.members.importing import plan_import, run_import

    rows = _import_rows(n, s.cells)
    started = time.perf_counter()
    workbook = _xlsx(rows)
    built = time.perf_counter() - started
    print(f"· import of {n:,} members ({len(workbook) / 1e6:.1f} MB XLSX, written in {built:.1f} s)", flush=True)
    result = {"rows": n, "xlsx_mb": len(workbook) / 1e6}
    try:
        with transaction.atomic():
            start = time.perf_counter()
            plan = plan_import(s.user, io.BytesIO(workbook))
            planned = time.perf_counter()
            if plan.errors:
                raise RuntimeError(f"the import refused the file: {plan.errors[:3]}")
            run_import(s.user, plan, "bench.xlsx")
            done = time.perf_counter()
            result.update(plan_s=planned - start, run_s=done - planned, dangvu_s=done - start)
            raise _Rollback
    except _Rollback:
        pass
    columns, values = _copy_rows(rows)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_member_copy (LIKE members_member INCLUDING ALL) ON COMMIT DROP")
        start = time.perf_counter()
        with cursor.copy(f"COPY bench_member_copy ({', '.join(columns)}) FROM STDIN") as copy:
            for value in values:
                copy.write_row(value)
        result["copy_s"] = time.perf_counter() - start
    return result


def _explain(results: list[Measured]) -> None:
    """For each read over 1.5x: the slowest statement dangvu issued, with its plan (EXPLAIN ANALYZE, BUFFERS)."""
    from django.db import connection

    for m in results:
        if m.within_target or not m.slowest:
            continue
        sql = m.slowest["sql"]
        print(f"\n## {m.read.name}: slowest query {float(m.slowest['time']) * 1000:.1f} ms of {m.sql_in_dangvu_ms:.1f}"
              f" ms in SQL ({m.queries} queries), {m.dangvu_ms:.1f} ms in all\n{sql}")  # fmt: skip
        if sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)  # no parameters: "%" stays as it is
                print("\n".join(row[0] for row in cursor.fetchall()))


# The report ---------------------------------------------------------------------------------------------------------


# The page tour ------------------------------------------------------------------------------------------------------

PAGE_BUDGET_MS = 300


def _tour_urls(s: Subjects) -> list[tuple[str, str, int | None]]:
    """(label, URL, query budget) of every main page, as the country's administrator opens them: lists default to
    the whole country; a province, a member, a task where a page is about one. The budget is the one the page's tests
    assert on small trees (`dangvu.core.budgets`), where they assert one."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from dangvu.core import budgets
    from dangvu.members.models import Member
    from dangvu.tracking.models import Task

    member = Member.objects.in_subtree(s.province).order_by("pk").first()
    task = Task.objects.order_by("pk").first()
    province = {"unit": s.province.pk}

    def url(name, *args, **query):
        return reverse(name, args=args) + (f"?{urlencode(query)}" if query else "")

    b = budgets
    tour = [
        ("dashboard, whole country", url("dashboard"), b.DASHBOARD),
        ("dashboard, province", url("dashboard", **province), b.DASHBOARD),
        ("member list, whole country", url("member_list"), b.MEMBER_LIST),
        ("member list, province", url("member_list", **province), b.MEMBER_LIST),
        ("member search “nguyen van”, whole country", url("member_list", q="nguyen van"), b.MEMBER_LIST),
        ("member page", url("member_detail", member.pk) if member else "", b.MEMBER_PAGE),
        ("unit tree", url("unit_tree"), b.UNIT_TREE),
        ("unit page, whole country", url("unit_detail", s.root.pk), b.UNIT_PAGE),
        ("unit page, province", url("unit_detail", s.province.pk), b.UNIT_PAGE),
        (
            "unit page, province as of a date",
            url("unit_detail", s.province.pk, as_of=f"{s.as_of:%d/%m/%Y}"),
            b.UNIT_PAGE_AS_OF,
        ),
        ("documents", url("document_list"), b.DOCUMENT_LIST),
        ("tasks", url("task_list"), b.TASK_LIST),
        ("task page", url("task_detail", task.pk) if task else "", None),
        ("assignments", url("assignment_list"), b.ASSIGNMENT_LIST),
        ("tracking dashboard, province", url("tracking_dashboard", **province), b.TRACKING_DASHBOARD),
        ("tracking dashboard, whole country", url("tracking_dashboard"), b.TRACKING_DASHBOARD),
        ("review cycles", url("review_list"), None),
        ("meetings", url("meeting_list"), b.MEETING_LIST),
        ("cell meeting compliance, province", url("cell_compliance", **province), b.CELL_COMPLIANCE),
        ("congress plans", url("congress_plan_list"), None),
        ("rating results, province", url("rating_results", **province), None),
        ("awards", url("award_list"), None),
        (
            "badge candidates, province",
            url("badge_candidates", occasion=f"{s.occasion:%d/%m/%Y}", **province),
            None,
        ),
        ("badges awarded", url("badge_list"), None),
        ("official documents", url("official_list"), None),
        ("news", url("news_list"), None),
        ("audit log, province", url("audit_log", unit=s.busy.pk), b.AUDIT_LOG),
        ("accounts", url("user_list"), None),
        ("notifications", url("notification_list"), b.NOTIFICATIONS),
    ]
    return [(label, address, budget) for label, address, budget in tour if address]


@dataclass
class Toured:
    label: str
    url: str
    status: int
    median_ms: float
    queries: int
    budget: int | None = None

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.queries > self.budget


def _tour(s: Subjects, pages: "Pages", repeat: int) -> list[Toured]:
    """Every main page's median time and queries on the national dataset, against the 300 ms page budget."""
    found = []
    for label, url, budget in _tour_urls(s):
        print(f"· page {label}", flush=True)
        status = pages.client.get(url).status_code  # warm-up
        with CountQueries() as captured:
            pages.client.get(url)
        issued = len(captured)  # before another request resets the query log
        if budget is not None and issued > budget:
            print(f"  OVER QUERY BUDGET: {issued} queries, at most {budget} (dangvu.core.budgets)", flush=True)
        if status != 200:
            found.append(Toured(label, url, status, 0.0, issued, budget))
            continue
        median = _median_ms(lambda url=url: pages.get(url), repeat)
        found.append(Toured(label, url, status, median, issued, budget))
    return found


def _tour_table(toured: list[Toured]) -> str:
    lines = [
        f"| page | URL | median ms | queries (budget) | under {PAGE_BUDGET_MS} ms |",
        "|---|---|---:|---:|---|",
    ]
    for t in toured:
        queries = (
            f"{t.queries}" + (f" ({t.budget})" if t.budget is not None else "") + (" OVER" if t.over_budget else "")
        )
        if t.status != 200:
            lines.append(f"| {t.label} | `{t.url}` | answered {t.status} | {queries} | — |")
            continue
        verdict = "yes" if t.median_ms < PAGE_BUDGET_MS else "**no**"
        lines.append(f"| {t.label} | `{t.url}` | {t.median_ms:,.1f} | {queries} | {verdict} |")
    return "\n".join(lines)


def _table(results: list[Measured], imported: dict | None) -> str:
    lines = [
        "| read | dangvu median ms | SQL floor ms | ratio | page floor ms | page ratio | queries issued (budget)"
        " | of which in SQL ms | floor statements | answers |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for m in results:
        flag = " ⚠" if not m.within_target else ""
        if m.read.page:
            ratio = f"{m.ratio:.2f}"
            page = f"{m.page_floor_ms:,.1f} | {m.page_ratio:.2f}{flag}"
        else:
            ratio, page = f"{m.ratio:.2f}{flag}", "— | —"
        budget = f" ({m.read.budget})" if m.read.budget is not None else ""
        over = " OVER" if m.over_budget else ""
        lines.append(
            f"| {m.read.name} | {m.dangvu_ms:,.1f} | {m.sql_ms:,.1f} | {ratio} | {page} | {m.queries}{budget}{over} |"
            f" {m.sql_in_dangvu_ms:,.1f} | {m.read.statements} | {m.answer} |"
        )
    if imported:
        n = imported["rows"]
        ours, floor = n / imported["dangvu_s"], n / imported["copy_s"]
        lines += [
            "",
            "| import | rows | dangvu rows/s | COPY rows/s | ratio (COPY / dangvu) | dangvu s (plan + run) | COPY s |",
            "|---|---:|---:|---:|---:|---|---:|",
            f"| XLSX ({imported['xlsx_mb']:.1f} MB) through members.importing | {n:,} | {ours:,.0f} | {floor:,.0f} |"
            f" {floor / ours:.1f} | {imported['dangvu_s']:.1f} ({imported['plan_s']:.1f} + {imported['run_s']:.1f}) |"
            f" {imported['copy_s']:.2f} |",
        ]
    return "\n".join(lines)


def _machine(scale: float | None) -> list[str]:
    import django
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        ram = next(
            int(line.split()[1]) / 1024 / 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        ram = 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        counts = []
        for table, label in (
            ("units_unit", "units"),
            ("units_unitversion", "unit versions"),
            ("members_member", "members"),
            ("members_memberevent", "member events"),
            ("members_affiliation", "affiliations"),
            ("members_statusperiod", "status periods"),
            ("tracking_assignment", "assignments"),
            ("tracking_report", "reports"),
            ("awards_rating", "ratings"),
            ("awards_partybadge", "party badges"),
            ("meetings_meeting", "meetings"),
            ("access_auditentry", "audit entries"),
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed table names
            counts.append(f"{cursor.fetchone()[0]:,} {label}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    return [
        f"- machine: {cpu}, {os.cpu_count()} cores, {ram:.0f} GB RAM; {platform.system()} {platform.release()}",
        f"- PostgreSQL {pg} (same machine, default configuration); Python {platform.python_version()};"
        f" Django {django.get_version()}",
        f"- dataset: {'scale ' + str(scale) if scale is not None else 'as found'} ({connection.settings_dict['NAME']},"
        f" {size}): " + ", ".join(counts),
    ]


def _refresh_tallies() -> str:
    """What the cron'd background task does before anyone opens a large dashboard (members.tallies): timed apart."""
    from dangvu.members import tallies

    started = time.perf_counter()
    units = tallies.refresh()
    return (
        f"- members.tallies.refresh (the background count behind the dashboards of subtrees over"
        f" {tallies.min_members():,} members): {time.perf_counter() - started:.1f} s, {len(units)} units kept"
    )


def _describe(s: Subjects) -> list[str]:
    return [
        f"- user: {s.user.username}; whole country: {s.root.name} ({s.root.code}); province: {s.province.name}"
        f" ({s.province.code}); busy unit: {s.busy.name} ({s.busy.code})",
        f"- search name: {s.name}; count as of {s.as_of:%d/%m/%Y}; quarter {s.quarter};"
        f" award day {s.occasion:%d/%m/%Y}",
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an existing database built by bench/generate.py")
    parser.add_argument("--scale", type=float, help="generate at this scale into a scratch _bench database, then drop")
    parser.add_argument("--scratch-url", default=DEFAULT_SCRATCH_URL, help="the scratch database for --scale")
    parser.add_argument("--seed", type=int, default=8, help="for generate.py (default 8)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds after one warm-up (default 5)")
    parser.add_argument("--import-rows", type=int, help="members in the import (default 100,000 × scale, ≥ 1,000)")
    parser.add_argument("--no-import", action="store_true", help="skip the import measurement")
    parser.add_argument("--no-tour", action="store_true", help="skip the tour of every main page")
    parser.add_argument(
        "--only-tour", action="store_true", help="only the tour of every main page (no reads, no import)"
    )
    parser.add_argument("--keep", action="store_true", help="with --scale: keep the scratch database")
    parser.add_argument("--out", help="write the results (Markdown) to this file")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query dangvu issued for each read over 1.5x"
    )
    args = parser.parse_args(argv)

    if args.scale is not None:
        url = args.database_url or args.scratch_url
        national.database_url(url)  # refuses a database whose name does not end in "_bench"
        try:
            _generate(url, args.scale, args.seed)
        except BaseException:
            if not args.keep:
                _drop(url)
            raise
    else:
        url = args.database_url or os.environ.get("DATABASE_URL")
        if not url or not url.startswith("postgres"):
            sys.exit("give --database-url (PostgreSQL) of a database built by bench/generate.py, or --scale")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangvu.settings"
    # Production settings: no query log, no debug pages (DEBUG would keep every query in memory).
    os.environ.setdefault("DANGVU_DEBUG", "0")
    os.environ.setdefault("DANGVU_SECRET_KEY", "bench-only-not-a-secret")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
    from dangvu.awards import rules

    assert rules.MILESTONES == MILESTONES and rules.DISCIPLINE_WAIT_MONTHS == DISCIPLINE_WAIT_MONTHS
    from dangvu.core import paging

    assert paging.COUNT_CAP == 10_000  # the floors of the lists count as far as the lists do
    try:
        started = time.perf_counter()
        s = _subjects()
        machine = _machine(args.scale) + [_refresh_tallies()]
        print("\n".join(machine + _describe(s)), flush=True)
        pages = Pages(s.user)
        results = [] if args.only_tour else _measure_all(_reads(s, pages), args.repeat, pages)
        toured = [] if args.no_tour else _tour(s, pages, max(1, min(args.repeat, 3)))
        imported = None
        if not args.no_import and not args.only_tour:
            n = args.import_rows or (max(1000, round(100_000 * args.scale)) if args.scale is not None else 100_000)
            imported = _measure_import(s, n)
        table = _table(results, imported)
        if toured:
            table += "\n\nEvery main page, as the country's administrator opens it (median of up to 3 rounds):\n\n"
            table += _tour_table(toured)
        print()
        print(table)
        if args.explain:
            _explain(results)
        elapsed = time.perf_counter() - started
        if args.out:
            _write(Path(args.out), args, machine + _describe(s), table, results, elapsed)
            print(f"\nwritten to {args.out}")
        failed = any(m.answer == "DIFFERENT" or m.over_budget for m in results)
        return 1 if failed or any(t.over_budget or t.status != 200 for t in toured) else 0
    finally:
        for conn in connections.all():
            conn.close()
        if args.scale is not None and not args.keep:
            _drop(url)


KEPT_MARKER = "<!-- Below: written by hand; bench/run.py --out keeps it. -->"


def _write(path: Path, args, described: list[str], table: str, results: list[Measured], elapsed: float) -> None:
    scale = f"scale {args.scale}" if args.scale is not None else "an existing database"
    text = [
        "# Benchmark results: dangvu's reads against the SQL floor",
        "",
        f"Measured with `bench/run.py` on {scale} ({date.today():%d/%m/%Y}): one warm-up, then the median of"
        f" {args.repeat} rounds of each side; {elapsed:.0f} s in all (bench/README.md says how each side is measured).",
    ]
    if args.scale is not None and args.scale < 1:
        text += [
            "",
            f"**This is a reduced dataset (scale {args.scale}). The full national run (`--scale 1`, ~5.5 million"
            " members) is still to be done.**",
        ]
    slow = [m for m in results if not m.within_target]
    text += [
        "",
        *described,
        "",
        table,
        "",
        "Pages (member search and list, dashboard, unit page, audit log) are timed through the test client, sessions,"
        " grants and template included; their SQL floor is only the SQL of the figures they show, and their page floor"
        " adds the median time of the same user's request for a page that shows no data (the password-changed page:"
        " session, user, grants, unread notifications, the base template), measured in the same run; a page is"
        ' judged by its page ratio. "queries issued (budget)": the queries on the round that counted them, and the most'
        ' the page tests allow (`dangvu.core.budgets`); the run fails when one is over. "of which in SQL" is the'
        " database time of dangvu's own queries on that round (1 ms resolution).",
        "",
        f"Reads over 1.5× their floor: {len(slow)} of {len(results)}"
        + (": " + "; ".join(m.read.name for m in slow) if slow else "")
        + ".",
        "",
    ]
    # What follows the marker in an existing file (the analysis, the load test) is written by hand: kept.
    kept = path.read_text(encoding="utf-8").partition(KEPT_MARKER) if path.exists() else ("", "", "")
    path.write_text("\n".join(text) + (f"\n{KEPT_MARKER}{kept[2]}" if kept[1] else ""), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
