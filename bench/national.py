"""Shared pieces of the national-scale benchmark (issue 8): the dataset's shape, the scratch database, and the
subjects that `bench/run.py` measures.

The scratch database follows `bench/tracking.py`: a PostgreSQL URL whose database name must end in "_bench" (so a
DATABASE_URL left in the environment for something else is never dropped); it is dropped, created and migrated with
`manage.py migrate`.
"""

import math
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dangvu_national_bench"

# --- The shape at --scale 1 (everything proportional with --scale) -------------------------------------------------
UNITS = 60_000
MEMBERS = 5_500_000
# 63 provinces and cities as before the 1-7-2025 merger (issue 8 asks for ~63); at small scales fewer, so that each
# province keeps a realistic number of units: round(63 * sqrt(scale)), at least 2.
PROVINCES = 63
# Party committees directly under the Central Committee besides the provinces (cơ quan Đảng, Chính phủ, Quốc hội, MTTQ).
CENTRAL_COMMITTEES = 4
FIRST_ADMISSION = date(1950, 1, 1)
LAST_DAY = date(2025, 12, 31)  # no event after this day
TRACKING_YEARS = (2021, 2022, 2023, 2024, 2025)
TASKS_PER_YEAR = 6  # tasks of each province-level unit a year, passed down to every unit below it
CENTRAL_TASKS_PER_YEAR = 2  # tasks of the Central Committee a year, assigned to every province-level unit
RATING_YEARS = (2021, 2022, 2023, 2024, 2025)
BENCH_PASSWORD = "bench-national-2025"
USERNAMES = {"admin": "bench_admin", "office": "bench_office", "secretary": "bench_secretary"}
# The award days of party badges (3/2, 19/5, 2/9, 7/11); the benchmark uses the first one after the data.
AWARD_DAY = date(2026, 2, 3)
QUARTER = "2025-Q3"


def provinces_for(scale: float) -> int:
    return max(2, min(PROVINCES, round(PROVINCES * math.sqrt(scale))))


def central_committees_for(scale: float) -> int:
    return max(1, min(CENTRAL_COMMITTEES, round(CENTRAL_COMMITTEES * math.sqrt(scale))))


# --- Scratch database ----------------------------------------------------------------------------------------------


def database_url(url: str | None = None) -> str:
    """The benchmark database's URL: the one given, else DATABASE_URL if it names a *_bench PostgreSQL database, else
    DEFAULT_URL. Refuses (SystemExit) a name that does not end in "_bench"."""
    if not url:
        env = os.environ.get("DATABASE_URL", "")
        url = env if env.startswith("postgres") and database_name(env).endswith("_bench") else DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("the national benchmark runs on PostgreSQL only")
    name = database_name(url)
    if not name.endswith("_bench"):
        sys.exit(f"refusing to drop and recreate {name!r}: the benchmark database's name must end in '_bench'")
    return url


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def psycopg_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql"))


def admin(url: str, *statements: str) -> None:
    """Run statements on the server's maintenance database (CREATE/DROP DATABASE cannot run inside the target)."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres", scheme="postgresql")), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def create_database(url: str) -> None:
    """Drop (if it exists) and create the scratch database, then migrate it with `manage.py migrate`."""
    name = database_name(database_url(url))
    admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    migrate(url)


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dangvu.settings"}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT
    )


def drop_database(url: str) -> None:
    name = database_name(database_url(url))
    admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- What run.py measures ------------------------------------------------------------------------------------------


def subjects(connection) -> dict:
    """Ids and names of what the benchmark reads, found in a database built by bench/generate.py.

    `connection` is a DB-API connection (Django's `connection` or a psycopg one). Keys: root (id), province (the
    province-level unit with the most current members), province_path, base_committee (the base committee with the
    most current members), busy_unit (the unit under which the audit log has most entries), cell (the cell of the
    bench secretary), family_name (a frequent family name, with diacritics) and family_name_plain (without),
    quarter ("2025-Q3"), as_of (a day for "members as of"), award_day (a badge award day), year (latest rated year),
    users (username by role: admin, office, secretary) and password.
    """
    from dangvu.core.text import strip_diacritics

    def one(sql: str, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    root = one("SELECT id FROM units_unit WHERE parent_id IS NULL ORDER BY id LIMIT 1")[0]
    # Paths start with the root's id, then the province-level unit's: "1.45.…" (one pass over the members).
    province, province_path = one(
        """SELECT p.id, p.path FROM units_unit p JOIN (
               SELECT split_part(u.path, '.', 2)::int AS top, count(*) AS n
               FROM members_member m JOIN units_unit u ON u.id = m.unit_id
               WHERE u.depth >= 1 AND m.status IN ('probationary', 'full', 'exempt') GROUP BY 1
           ) c ON c.top = p.id ORDER BY c.n DESC, p.id LIMIT 1"""
    )
    base_committee = one(
        """SELECT b.id FROM units_unit b
           JOIN units_unit c ON c.path LIKE b.path || '%%' JOIN members_member m ON m.unit_id = c.id
           WHERE b.kind = 'base_committee' AND b.path LIKE %s AND m.status IN ('probationary', 'full', 'exempt')
           GROUP BY b.id ORDER BY count(*) DESC, b.id LIMIT 1""",
        (province_path + "%",),
    )[0]
    # The province-level unit under which the audit log holds most entries (the member events of 2025).
    busy = one(
        """SELECT split_part(unit_path, '.', 2)::int FROM access_auditentry
           WHERE unit_path LIKE '%%.%%.%%' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
    )
    cell = one(
        """SELECT g.unit_id FROM access_grant g JOIN access_user u ON u.id = g.user_id WHERE u.username = %s""",
        (USERNAMES["secretary"],),
    )
    family = one(
        """SELECT split_part(full_name, ' ', 1) AS family, count(*) FROM members_member
           WHERE unit_id IN (SELECT id FROM units_unit WHERE path LIKE %s)
           GROUP BY 1 HAVING split_part(full_name, ' ', 1) <> lower(split_part(full_name, ' ', 1))
           ORDER BY (split_part(full_name, ' ', 1) ~ '^[A-Za-z]+$'), count(*) DESC LIMIT 1""",
        (province_path + "%",),
    )[0]
    return {
        "root": root,
        "province": province,
        "province_path": province_path,
        "base_committee": base_committee,
        "busy_unit": busy[0] if busy else province,
        "cell": cell[0] if cell else None,
        "family_name": family,
        "family_name_plain": strip_diacritics(family),
        "quarter": QUARTER,
        "as_of": date(2024, 12, 31),
        "award_day": AWARD_DAY,
        "year": RATING_YEARS[-1],
        "users": dict(USERNAMES),
        "password": BENCH_PASSWORD,
    }
