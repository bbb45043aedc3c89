"""The rating pages: results, self-assessment, the cell's proposal, the decision, collective ratings, the export."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dangvu.access.tests.factories import make_user
from dangvu.awards import operations
from dangvu.awards.models import Rating
from dangvu.awards.operations import ProposalRow
from dangvu.awards.tests.factories import make_decision, rated
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so that the tests read the messages as written in the code."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


E, G, C = "excellent", "good", "completed"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    return Tree()


def _members(cell, n):
    return [make_member(cell, f"Đảng viên {cell.pk}-{i}") for i in range(n)]


def _propose_url(cell, period="2021"):
    return reverse("rating_propose", kwargs={"unit_id": cell.pk, "period": period})


def test_the_proposal_page_states_the_rule_and_refuses_a_quota_break(client, tree):
    members = _members(tree.a1, 5)
    secretary = make_user("secretary", tree.a1)
    client.force_login(secretary)
    page = client.get(_propose_url(tree.a1), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "132-QĐ/TW" in html and "Đảng bộ Văn phòng Tỉnh ủy" in html
    assert all(m.full_name in html for m in members)
    data = {f"level_{m.pk}": G for m in members}
    data[f"level_{members[0].pk}"] = E
    refused = client.post(_propose_url(tree.a1), data)
    assert refused.status_code == 200
    assert "4 HTTNV allow 0 HTXSNV; there would be 1, 1 too many" in refused.content.decode()
    assert not Rating.objects.exists()
    data[f"level_{members[0].pk}"] = G
    saved = client.post(_propose_url(tree.a1), data)
    assert saved.status_code == 302
    assert Rating.objects.filter(proposed_level=G, proposed_by=secretary).count() == 5


def test_the_2026_page_asks_points_and_takes_quarters(client, tree):
    member = make_member(tree.a1, "Lê Văn Bình")
    client.force_login(make_user("secretary", tree.a1))
    page = client.get(_propose_url(tree.a1, "2026-Q1")).content.decode()
    assert "366-QĐ/TW" in page and f'name="points_{member.pk}"' in page
    vietnamese = {"HTTP_ACCEPT_LANGUAGE": "vi"}  # points written the Vietnamese way
    response = client.post(
        _propose_url(tree.a1, "2026-Q1"), {f"level_{member.pk}": G, f"points_{member.pk}": "72,5"}, **vietnamese
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.quarter == 1 and str(rating.points) == "72.50"
    assert client.get(_propose_url(tree.a1, "2021-Q1")).status_code == 404  # 132-QĐ/TW rates by year only


def test_scoping_of_the_pages(client, tree):
    _members(tree.a1, 2)
    outsider = make_user("secretary", tree.b1)
    client.force_login(outsider)
    assert client.get(_propose_url(tree.a1)).status_code == 404
    client.force_login(make_user("secretary", tree.a1))
    decide = reverse("rating_decide", kwargs={"unit_id": tree.a.pk, "period": "2021"})
    assert client.get(decide).status_code == 404  # a cell secretary does not decide
    viewer = make_user("leader", tree.a)
    client.force_login(viewer)
    assert client.get(_propose_url(tree.a1)).status_code == 200  # read only
    assert client.post(_propose_url(tree.a1), {}).status_code == 404
    client.force_login(make_user("office", tree.a))
    assert client.get(decide).status_code == 200


def test_the_committee_decides_registering_the_decision(client, tree):
    members = _members(tree.a1, 6)
    operations.propose_ratings(
        None, tree.a1, 2021, 0, [ProposalRow(m, E if i == 0 else G) for i, m in enumerate(members)]
    )
    committee = make_user("office", tree.a)
    client.force_login(committee)
    url = reverse("rating_decide", kwargs={"unit_id": tree.a.pk, "period": "2021"})
    page = client.get(url).content.decode()
    assert "1/1" in page  # HTXSNV / quota
    levels = {f"level_{m.pk}": (E if i == 0 else G) for i, m in enumerate(members)}
    # Raising a second member to HTXSNV breaks the quota: nothing decided, no decision registered.
    broken = client.post(
        url, {**levels, f"level_{members[1].pk}": E, "number": "15", "symbol": "QĐ/ĐU", "issued_on": "10/01/2022"}
    )
    assert "2 too many" in broken.content.decode()
    assert not Rating.objects.exclude(level="").exists()
    done = client.post(
        url, {**levels, "number": "15", "symbol": "QĐ/ĐU", "issued_on": "10/01/2022", "subject": "xếp loại"}
    )
    assert done.status_code == 302
    decided = Rating.objects.exclude(level="")
    assert decided.count() == 6 and {r.decision.number for r in decided} == {"15"}
    assert all(r.decided_by == committee for r in decided)


def test_a_member_self_assesses_on_the_self_page(client, tree):
    member = make_member(tree.a1, "Nguyễn Thị Thu")
    rated(member, 2021, E)
    user = make_user(None, member=member)
    client.force_login(user)
    page = client.get(reverse("rating_self")).content.decode()
    assert "HTXSNV" in page and "2021" in page
    response = client.post(reverse("rating_self"), {"level": G, "points": "85", "note": "Hoàn thành tốt"})
    assert response.status_code == 302
    rating = Rating.objects.get(year__gt=2021)
    assert rating.self_level == G and rating.self_points == 85
    refused = client.post(reverse("rating_self"), {"level": E, "points": "85"})
    assert "85 points give at most HTTNV" in refused.content.decode()
    client.force_login(make_user(None))
    assert client.get(reverse("rating_self")).status_code == 404


def test_results_show_the_distribution_and_export_it(client, tree):
    members = _members(tree.a1, 6)
    for i, member in enumerate(members):
        rated(member, 2021, E if i == 0 else G)
    client.force_login(make_user("office", tree.bloc))
    page = client.get(reverse("rating_results"), {"unit": tree.bloc.pk, "year": 2021}).content.decode()
    assert 'data-year="2021" data-total="6"' in page
    assert 'data-level="excellent" data-count="1"' in page
    assert "16.6%" in page or "16.7%" in page  # 1 of 6
    # Above the base level the page lists the base organisations; a base organisation's page lists its cells.
    assert f'data-unit="{tree.a.pk}" data-proposed="6" data-decided="6"' in page
    assert _propose_url(tree.a1) not in page
    base_page = client.get(reverse("rating_results"), {"unit": tree.a.pk}).content.decode()
    assert _propose_url(tree.a1) in base_page
    assert 'data-year="2021" data-total="6"' in base_page  # the latest year rated, by default
    export = client.get(reverse("rating_results_export"), {"unit": tree.bloc.pk, "year": 2021})
    assert export.status_code == 200
    book = load_workbook(BytesIO(export.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 7 and rows[1][8] in {"HTXSNV", "HTTNV"}
    client.force_login(make_user("secretary", tree.b1))
    assert client.get(reverse("rating_results"), {"unit": tree.a.pk}).status_code == 404


def test_collective_ratings_are_decided_by_the_unit_above(client, tree):
    committee = make_user("office", tree.a)
    client.force_login(committee)
    url = reverse("rating_units", kwargs={"unit_id": tree.a.pk, "period": "2021"})
    page = client.get(url).content.decode()
    assert tree.a1.name in page and tree.b1.name not in page
    decision = make_decision(tree.a)
    response = client.post(url, {f"level_{tree.a1.pk}": E, f"level_{tree.a2.pk}": G, "decision": decision.pk})
    assert response.status_code == 302
    assert dict(Rating.objects.of_units().values_list("unit_id", "level")) == {tree.a1.pk: E, tree.a2.pk: G}
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(url).status_code == 404


def test_the_pages_read_in_a_fixed_number_of_queries(client, tree):
    client.force_login(make_user("office", tree.a))
    counts = []
    for n in (2, 6):
        for i in range(n):
            member = make_member(tree.a1, f"Đảng viên {len(counts)}-{i}")
            operations.self_assess(None, member, 2026, 0, G, points=80)
        with CaptureQueriesContext(connection) as found:
            assert client.get(_propose_url(tree.a1, "2026")).status_code == 200
            decide = reverse("rating_decide", kwargs={"unit_id": tree.a.pk, "period": "2026"})
            assert client.get(decide).status_code == 200
        counts.append(len(found))
    assert counts[0] == counts[1]  # 2 members or 8: the same queries
