"""The member page's ratings and awards: what each reader sees."""

from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.awards import awarding, badges, operations
from dangvu.awards.models import AwardForm, Criterion, Recipients
from dangvu.awards.tests.factories import make_decision, rated, unit_rated
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def lan():
    tree = Tree()
    lan = make_member(tree.a1, "Nguyễn Thị Lan", admitted_on=date(1990, 1, 10), confirmed_on=date(1991, 1, 10))
    lan.tree = tree
    for year in range(2017, 2022):
        rated(lan, year, "excellent")
    commendation = awarding.create_award_type(
        None,
        name="Giấy khen 5 năm liền",
        form=AwardForm.CERTIFICATE_OF_COMMENDATION,
        grantor="Ban Thường vụ Đảng ủy Khối",
        grantor_unit=tree.bloc,
        recipients=Recipients.MEMBERS,
        criterion=Criterion.EXCELLENT_YEARS,
        criterion_years=5,
    )
    decision = make_decision(tree.bloc, number="412", issued_on=date(2022, 4, 8))
    awarding.grant_awards(None, commendation, 2021, decision, members=[lan], citation="5 năm liền HTXSNV")
    badges.import_badges(None, [badges.HistoricBadge(lan.pk, 30, date(2020, 2, 3))])
    operations.record_discipline(None, lan, "reprimand", date(2022, 9, 1), decision="Quyết định 05-QĐ/UBKT")
    badges.record_health_note(None, lan, date(2026, 1, 5), "Điều trị dài ngày")
    return lan


def test_the_office_sees_ratings_awards_badges_discipline_and_may_record(client, lan):
    client.force_login(make_user("office", lan.tree.bloc))
    page = client.get(reverse("member_detail", args=[lan.pk])).text

    assert page.count('<tr data-year="') >= 5 and "HTXSNV" in page
    assert "Giấy khen 5 năm liền" in page and "412-QĐ/ĐU" in page
    assert "30-year badge" in page and "03/02/2020" in page
    assert "Quyết định 05-QĐ/UBKT" in page
    assert "gravely ill since 05/01/2026" in page
    assert reverse("discipline_record", args=[lan.pk]) in page
    assert reverse("badge_health_note", args=[lan.pk]) in page


def test_the_member_sees_their_own_record_but_neither_discipline_nor_the_recording_links(client, lan):
    client.force_login(make_user(None, member=lan))
    page = client.get(reverse("member_detail", args=[lan.pk])).text

    assert "Giấy khen 5 năm liền" in page and "30-year badge" in page
    assert "Quyết định 05-QĐ/UBKT" not in page
    assert reverse("discipline_record", args=[lan.pk]) not in page


def test_a_leader_reads_the_record_without_health_data(client, lan):
    client.force_login(make_user("leader", lan.tree.bloc))
    page = client.get(reverse("member_detail", args=[lan.pk])).text

    assert "Quyết định 05-QĐ/UBKT" in page
    assert "gravely ill" not in page
    assert reverse("badge_health_note", args=[lan.pk]) not in page


def test_the_unit_page_shows_its_collective_ratings_and_awards(client):
    tree = Tree()
    unit_rated(tree.a, 2021, "excellent")
    flag = awarding.create_award_type(
        None,
        name="Cờ thi đua của Ban Thường vụ Tỉnh ủy",
        form=AwardForm.EMULATION_FLAG,
        grantor="Ban Thường vụ Tỉnh ủy",
        grantor_unit=tree.province,
        recipients=Recipients.UNITS,
        criterion=Criterion.EXCELLENT_YEARS,
    )
    decision = make_decision(tree.province, number="1026", issued_on=date(2022, 4, 5))
    awarding.grant_awards(None, flag, 2021, decision, units=[tree.a])
    client.force_login(make_user("leader", tree.bloc))

    page = client.get(reverse("unit_detail", args=[tree.a.pk])).text

    assert '<span class="nowrap" data-year="2021">2021: <strong' in page and "HTXSNV" in page
    assert "Cờ thi đua của Ban Thường vụ Tỉnh ủy" in page and "1026-QĐ/ĐU" in page
    assert 'id="unit-awards"' not in client.get(reverse("unit_detail", args=[tree.b.pk])).text
