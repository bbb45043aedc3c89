"""Time of the subtree rollup (`tracking.queries.rollup`) against hand-written SQL for the same answer on the same data.

    .venv/bin/python bench/tracking.py [--committees 60] [--cells 8] [--tasks 20] [--repeat 7] [--seed 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/tracking.py

Builds a synthetic bloc in a scratch database: 1 bloc → `--committees` base committees → `--cells` cells each, and
`--tasks` tasks of the bloc, each assigned to every base committee and passed on by each to its cells (the default
gives 541 units and 10,800 assignments), with random dates (started, completed on time or late, cancelled) and
quarterly reports for 2022-Q1 and 2022-Q2 (some after the reporting deadline, some with an indicator value).

Then computes the bloc's rollup for 2022-Q2 (counts by status as of the quarter's end; reports expected, received,
received by the deadline; the indicator total) both ways: `queries.rollup(queries.assignments_in(bloc), ...)`, one
ORM aggregate, and one hand-written SQL statement; checks that the answers are equal, and prints the best time of each
over `--repeat` rounds and their ratio.

The database: without DATABASE_URL, a temporary SQLite file, deleted at the end. With DATABASE_URL (PostgreSQL), the
database it names is dropped if it exists, created, migrated and dropped at the end; its name must end in "_bench",
so that a DATABASE_URL left in the environment for something else is never touched.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUARTER = "2022-Q2"
REPORTING_DEADLINE = date(2022, 7, 5)

# Counts by status as of the quarter's end (`rules.derive_status`, branch for branch) and, per status, the
# assignments owing a report for the quarter (`rules.expects_report`), those that sent one, those that sent it by the
# reporting deadline, and the indicator values reported for the quarter.
HAND_WRITTEN = """
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
    COUNT(CASE WHEN owes THEN 1 END),
    COUNT(CASE WHEN owes AND r.id IS NOT NULL THEN 1 END),
    COUNT(CASE WHEN owes AND r.first_submitted_at < %(cutoff)s THEN 1 END),
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


def _database(url: str | None) -> tuple[str, str | None]:
    """Point the settings at a scratch database: (description, path of the SQLite file or None)."""
    if not url:
        handle, path = tempfile.mkstemp(prefix="dangvu-bench-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DANGVU_SQLITE_PATH"] = path
        return "SQLite (temporary file)", path
    name = urlsplit(url).path.lstrip("/")
    if not name.endswith("_bench"):
        sys.exit(f"refusing to drop and recreate {name!r}: the benchmark database's name must end in '_bench'")
    _admin(url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    return f"PostgreSQL ({name})", None


def _admin(url: str, *statements: str) -> None:
    """Run statements on the server's maintenance database (CREATE/DROP DATABASE cannot run inside the target)."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres", scheme="postgresql")), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _build(rng: random.Random, committees: int, cells: int, tasks: int) -> dict:
    """The synthetic bloc, written in one transaction. Units through `units.operations` (paths, versions); tasks,
    assignments and reports in bulk: they are fixtures of a benchmark, not actions of anybody."""
    from django.db import transaction
    from django.utils import timezone

    from dangvu.tracking.models import Assignment, Report, Task
    from dangvu.units.models import UnitKind
    from dangvu.units.operations import create_unit

    def unit(name, kind, parent, code):
        return create_unit(None, name=name, kind=kind, code=code, parent=parent, established_on=date(2000, 1, 1))

    def day(first: date, last: date) -> date:
        span = (last - first).days
        return first + timedelta(days=rng.randrange(span + 1)) if span >= 0 else last

    def maybe(chance: float, first: date, last: date) -> date | None:
        return day(first, last) if rng.random() < chance else None

    with transaction.atomic():
        bloc = unit("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", UnitKind.BLOC, None, "BENCH")
        tree = []
        for c in range(committees):
            committee = unit(f"Đảng bộ cơ sở số {c + 1}", UnitKind.BASE_COMMITTEE, bloc, f"B{c}")
            tree.append(
                (
                    committee,
                    [unit(f"Chi bộ {c + 1}.{n + 1}", UnitKind.CELL, committee, f"B{c}-{n}") for n in range(cells)],
                )
            )
        task_rows = Task.objects.bulk_create(
            Task(
                owner_unit=bloc,
                title=f"Nhiệm vụ số {t + 1} thực hiện Nghị quyết số 48-NQ/TU",
                indicator="Tỷ lệ hoàn thành" if t % 3 == 0 else "",
                indicator_unit="%" if t % 3 == 0 else "",
                indicator_target=Decimal(100) if t % 3 == 0 else None,
            )
            for t in range(tasks)
        )

        def assignment(task, to, by, parent=None, after=date(2022, 1, 3), until=date(2022, 12, 31)):
            assigned = day(after, min(after + timedelta(days=90), date(2022, 8, 31)))
            deadline = maybe(0.9, assigned + timedelta(days=15), until)
            completed = maybe(0.45, assigned, date(2022, 11, 30))
            return Assignment(
                task=task,
                unit=to,
                assigned_by=by,
                parent=parent,
                assigned_on=assigned,
                deadline=deadline,
                baseline_deadline=deadline,
                started_on=maybe(0.6, assigned, date(2022, 9, 30)),
                completed_on=completed,
                cancelled_on=maybe(0.05, assigned, date(2022, 12, 31)),
                percent=100 if completed else rng.randrange(0, 96),
            )

        upper = Assignment.objects.bulk_create(
            assignment(task, committee, bloc) for task in task_rows for committee, _cells in tree
        )
        below = {committee.pk: members for committee, members in tree}
        lower = Assignment.objects.bulk_create(
            assignment(a.task, cell, a.unit, a, a.assigned_on, a.deadline or date(2022, 12, 31))
            for a in upper
            for cell in below[a.unit_id]
        )
        reports = []
        for a in upper + lower:
            for quarter, first, ends in (
                ("2022-Q1", date(2022, 3, 15), date(2022, 3, 31)),
                (QUARTER, date(2022, 6, 18), date(2022, 6, 30)),
            ):
                if a.assigned_on > ends or rng.random() > 0.75:
                    continue
                at = timezone.make_aware(datetime.combine(day(first, first + timedelta(days=30)), datetime.min.time()))
                at += timedelta(minutes=rng.randrange(24 * 60))
                value = Decimal(rng.randrange(0, 12000)) / 100 if a.task.indicator else None
                reports.append(
                    Report(
                        assignment=a,
                        quarter=quarter,
                        percent=a.percent,
                        indicator_value=value,
                        first_submitted_at=at,
                        submitted_at=at,
                    )
                )
        Report.objects.bulk_create(reports, batch_size=2000)
    return {
        "bloc": bloc,
        "units": 1 + committees * (1 + cells),
        "assignments": len(upper) + len(lower),
        "reports": len(reports),
    }


def _hand_written(bloc, quarter) -> dict:
    from django.db import connection
    from django.utils import timezone

    ops = connection.ops
    # A report is on time when its local submission date is on or before the deadline: before the next midnight.
    cutoff = timezone.make_aware(datetime.combine(REPORTING_DEADLINE + timedelta(days=1), datetime.min.time()))
    params = {
        "start": ops.adapt_datefield_value(quarter.start),
        "end": ops.adapt_datefield_value(quarter.end),
        "cutoff": ops.adapt_datetimefield_value(cutoff),
        "subtree": bloc.path + "%",
        "quarter": str(quarter),
    }
    by_status, expected, reported, on_time, total, count = Counter(), 0, 0, 0, None, 0
    with connection.cursor() as cursor:
        cursor.execute(HAND_WRITTEN, params)
        for status, n, owing, sent, in_time, values, valued in cursor.fetchall():
            by_status[status] = n
            expected, reported, on_time, count = expected + owing, reported + sent, on_time + in_time, count + valued
            if values is not None:
                total = (total or Decimal(0)) + Decimal(str(values))
    return {"by_status": by_status, "expected": expected, "reported": reported, "on_time": on_time,
            "indicator_total": total, "indicator_count": count}  # fmt: skip


def _orm(bloc, quarter) -> dict:
    from dangvu.tracking import queries

    found = queries.rollup(queries.assignments_in(bloc), quarter, REPORTING_DEADLINE)
    return {
        "by_status": Counter({status.value: n for status, n in found.by_status.items() if n}),
        "expected": found.expected_reports,
        "reported": found.reports,
        "on_time": found.reports_on_time,
        "indicator_total": found.indicator_total,
        "indicator_count": found.indicator_count,
    }


def _same(a: dict, b: dict) -> bool:
    cents = Decimal("0.01")

    def norm(found: dict) -> dict:
        total = found["indicator_total"]
        return {**found, "indicator_total": None if total is None else Decimal(str(total)).quantize(cents)}

    return norm(a) == norm(b)


def _best(fn, repeat: int) -> float:
    rounds = []
    for _round in range(repeat):
        start = time.perf_counter()
        fn()
        rounds.append(time.perf_counter() - start)
    return min(rounds)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--committees", type=int, default=60, help="base committees under the bloc (default 60)")
    parser.add_argument("--cells", type=int, default=8, help="cells under each base committee (default 8)")
    parser.add_argument("--tasks", type=int, default=20, help="tasks of the bloc (default 20)")
    parser.add_argument("--repeat", type=int, default=7, help="rounds; the best time of each side counts (default 7)")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL")
    described, sqlite_path = _database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext

    from dangvu.core.periods import Quarter

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        built = _build(random.Random(args.seed), args.committees, args.cells, args.tasks)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"database: {described}")
        print(
            f"data: {built['units']:,} units, {args.tasks} tasks, {built['assignments']:,} assignments, "
            f"{built['reports']:,} reports (migrated and built in {time.perf_counter() - started:.1f} s)"
        )
        bloc, quarter = built["bloc"], Quarter.parse(QUARTER)
        with CaptureQueriesContext(connection) as orm_queries:
            by_orm = _orm(bloc, quarter)
        by_hand = _hand_written(bloc, quarter)
        if not _same(by_orm, by_hand):
            print(f"DIFFERENT ANSWERS\n  queries.rollup: {by_orm}\n  hand-written:   {by_hand}")
            return 1
        print(
            f"answer ({QUARTER}, reports due {REPORTING_DEADLINE:%d/%m/%Y}): "
            + ", ".join(f"{status} {n:,}" for status, n in sorted(by_orm["by_status"].items()))
            + f"; reports {by_orm['reported']:,} of {by_orm['expected']:,} expected, {by_orm['on_time']:,} on time;"
            f" indicator total {by_orm['indicator_total']:.2f} over {by_orm['indicator_count']:,} values"
            " — equal both ways"
        )
        orm_seconds = _best(lambda: _orm(bloc, quarter), args.repeat)
        hand_seconds = _best(lambda: _hand_written(bloc, quarter), args.repeat)
        print(
            f"queries.rollup: {orm_seconds * 1000:.1f} ms ({len(orm_queries)} {'query' if len(orm_queries) == 1 else 'queries'}, best of {args.repeat})"
        )
        print(f"hand-written SQL: {hand_seconds * 1000:.1f} ms (1 query, best of {args.repeat})")
        print(f"ratio: {orm_seconds / hand_seconds:.2f}x")
        return 0
    finally:
        for conn in connections.all():
            conn.close()
        if sqlite_path:
            for suffix in ("", "-wal", "-shm"):
                Path(sqlite_path + suffix).unlink(missing_ok=True)
        else:
            _admin(url, f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}"')


if __name__ == "__main__":
    sys.exit(main())
