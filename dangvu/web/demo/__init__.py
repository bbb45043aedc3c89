"""Demo data: a fictional but realistic bloc committee of Tuyên Quang province, 2020-2025.

Everything is created through the same operations a clerk's actions go through, by the system
(`actor=None`) inside one audit context, so the audit log and the histories look as in real use.
One `random.Random(settings.DEMO_SEED)` drives every choice and all dates are fixed, so two loads
give the same data.
"""

import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from dangvu.access.audit import audit_context
from dangvu.access.models import User
from dangvu.awards.models import Award, PartyBadge, Rating
from dangvu.meetings.models import Meeting
from dangvu.members.models import Member
from dangvu.tracking.models import Assignment, Report, Task
from dangvu.units.models import Unit
from dangvu.web.demo import catalogue
from dangvu.web.demo.awards import load_awards, load_badges
from dangvu.web.demo.committees import elect_committees
from dangvu.web.demo.documents import load_documents
from dangvu.web.demo.history import record_histories
from dangvu.web.demo.meetings import load_meetings
from dangvu.web.demo.people import admit_people, generate_people
from dangvu.web.demo.restructuring import restructure
from dangvu.web.demo.tracking import load_tracking
from dangvu.web.demo.units import build_tree
from dangvu.web.demo.users import DEMO_PASSWORD, create_accounts, login_rows, plan_accounts

__all__ = ["DEMO_PASSWORD", "Summary", "is_loaded", "load", "login_rows"]


@dataclass(frozen=True)
class Summary:
    units: int
    members: int
    users: int
    documents: int
    tasks: int
    assignments: int
    reports: int
    meetings: int
    ratings: int
    awards: int
    badges: int
    seconds: float


def is_loaded() -> bool:
    return Unit.objects.filter(code=catalogue.BLOC[1]).exists()


@transaction.atomic
def load() -> Summary:
    """Create the whole demo in one transaction (the caller checks `is_loaded` first)."""
    started = time.perf_counter()
    rng = random.Random(settings.DEMO_SEED)
    with audit_context("command"):
        tree = build_tree(rng)
        roster = generate_people(rng, tree)
        admit_people(roster)
        seats = elect_committees(rng, tree, roster)
        accounts = plan_accounts(rng, tree, roster, seats)
        record_histories(rng, tree, roster)
        documents = load_documents()
        load_tracking(rng, tree, seats)  # 2022, so before the 2023-2024 restructuring
        load_meetings(rng, tree, seats)  # 2022 too; the 8th conference reviews the first quarter
        load_awards(rng, tree)  # ratings 2017-2021 and the awards presented at the 8th conference
        restructure(tree, seats)
        load_badges(rng, tree)  # up to the last award day before today
    create_accounts(accounts)
    return Summary(
        units=Unit.objects.count(),
        members=Member.objects.count(),
        users=User.objects.count(),
        documents=documents,
        tasks=Task.objects.count(),
        assignments=Assignment.objects.count(),
        reports=Report.objects.count(),
        meetings=Meeting.objects.count(),
        ratings=Rating.objects.count(),
        awards=Award.objects.count(),
        badges=PartyBadge.objects.count(),
        seconds=time.perf_counter() - started,
    )
