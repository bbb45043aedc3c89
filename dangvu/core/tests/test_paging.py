"""Lists stop counting past a cap and say so, instead of counting millions of rows on every page."""

import pytest
from django.urls import reverse
from django.utils import translation

from dangvu.access.tests.factories import make_user
from dangvu.core import paging
from dangvu.core.paging import CappedPaginator
from dangvu.members.models import Member
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    tree = Tree()
    for n in range(7):
        make_member(tree.a1, f"Nguyễn Văn Số {n}")
    return tree


def test_under_the_cap_the_count_is_exact(tree):
    paginator = CappedPaginator(Member.objects.all(), 3, cap=10)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (7, False, 3)


def test_over_the_cap_the_count_stops_and_the_pages_end_there(tree, django_assert_num_queries):
    paginator = CappedPaginator(Member.objects.order_by("pk"), 2, cap=5)
    with django_assert_num_queries(1):
        assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)
    assert len(paginator.page(3).object_list) == 1


def test_the_member_list_says_there_are_more_than_it_counted(client, tree, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    client.force_login(make_user("office", tree.bloc))
    with translation.override("vi"):
        response = client.get(reverse("member_list"), {"q": "nguyen"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Hơn 5 đảng viên: hãy thu hẹp tìm kiếm để xem hết." in response.text
    monkeypatch.setattr(paging, "COUNT_CAP", 100)
    response = client.get(reverse("member_list"), {"q": "nguyen"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "7 đảng viên" in response.text
