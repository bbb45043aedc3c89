"""The national benchmark (issue 8) end to end at a small scale, and the generator's member histories.

The smoke test runs `bench/run.py --scale 0.01` (generate into a scratch `_bench` database on the test server,
measure every read once, drop it) as a subprocess; it needs PostgreSQL and asserts no timing.
"""

import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import generate, national  # noqa: E402
from dangvu.core.text import name_sort_key, search_key  # noqa: E402
from dangvu.members.rules import EventFact, EventKind, build_history  # noqa: E402

POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

# Every read of issue 8 §2, as bench/run.py names it in its table, and the import.
READS = (
    "subtree members by status as of",
    "member search",
    "no diacritics",
    "member list page of a province",
    "quarterly rollup, province",
    "quarterly rollup, whole country",
    "dashboard (whole country)",
    "unit page of a province",
    "audit log of a busy unit",
    "badge candidates of a province",
    "through members.importing",
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _scratch_url() -> str:
    """A database on the same server as the tests' one; its name ends in _bench, as bench/national.py requires."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/dangvu_smoke_bench"))


@pytest.mark.skipif(not POSTGRES, reason="the national benchmark runs on PostgreSQL only")
def test_run_at_scale_001_lists_every_read():
    url = _scratch_url()
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "0.01", "--scratch-url", url, "--repeat", "1"]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        national.drop_database(url)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    table = output[output.index("| read |") :]
    for read in READS:
        assert f"| {read}" in table or read in table, f"{read!r} missing from:\n{table}"
    assert "DIFFERENT ANSWERS" not in output, output[-4000:]
    # No page issues more queries on the national shape than its page tests allow on a small tree.
    assert "OVER QUERY BUDGET" not in output, output[-4000:]
    assert "members_member" in output  # the generator's per-table lines


def _tiny_tree() -> generate.Tree:
    return generate.build_tree(random.Random(3), 0.002)


def test_generated_histories_are_what_build_history_derives():
    """Events, status periods and affiliations are built together; rules.build_history must agree on each."""
    tree = _tiny_tree()
    rng = random.Random(5)
    last = national.LAST_DAY.toordinal()
    kinds = set()
    for n in range(4000):
        cell = rng.choice(tree.cells)
        admitted = date(1950 + n % 76, 1 + n % 12, 1 + n % 28).toordinal()
        birth = admitted - rng.randint(18 * 365, 45 * 365)
        events, statuses, official, temporary, confirmed = generate.member_history(
            rng, cell, birth, min(admitted, last), tree, last
        )
        kinds |= {kind for kind, *_rest in events}
        history = build_history([EventFact(EventKind(k), date.fromordinal(on), unit) for k, on, unit, _d in events])

        def spans(periods):
            return [(p.value, p.start, p.end) for p in periods]

        def ours(periods):
            return [(v, date.fromordinal(s), e and date.fromordinal(e)) for v, s, e in periods]

        assert spans(history.statuses) == ours(statuses)
        assert spans(history.official) == ours(official)
        assert spans(history.temporary) == ours(temporary)
        assert all(on <= last for _k, on, _u, _d in events)
        if confirmed:
            assert confirmed > events[0][1]
    # The sample covers every kind of event the generator makes.
    assert kinds >= {
        "admission", "confirmation", "transfer_permanent", "transfer_temporary", "temporary_end", "exemption",
        "death", "transfer_out", "striking_off",
    }  # fmt: skip


def test_tree_shape_and_member_keys():
    tree = generate.build_tree(random.Random(8), 0.01)
    assert 500 <= len(tree) <= 700
    assert max(tree.depth[1:]) <= 5
    assert {tree.kind[u] for u in tree.top} <= {"province", "bloc"}
    assert all(tree.kind[tree.parent[c]] != "cell" for c in tree.cells)
    people = generate.People(random.Random(1))
    for _ in range(200):
        full, sort_key, key = people.name("female")
        assert sort_key == name_sort_key(full)
        # The member row stores search_key(full_name, card_number) as "<name key> <card>" (generate.load_members).
        assert f"{key} 12000000345" == search_key(full, "12000000345")
