import pytest
from django.test import override_settings

from dangvu.access.roles import Role
from dangvu.access.tests.factories import PASSWORD, make_user
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_pages_need_login(client):
    response = client.get("/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_with_the_right_password_reaches_the_dashboard(client):
    tree = Tree()
    user = make_user(Role.OFFICE, tree.bloc)
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_shows_a_vietnamese_message(client):
    user = make_user()
    response = _login(client, user.username, "sai-mat-khau")
    assert response.status_code == 200
    assert "mật khẩu" in response.content.decode().lower()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_for_the_right_password(client):
    user = make_user()
    for _ in range(3):
        _login(client, user.username, "sai-mat-khau")
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 200
    assert "15 phút" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_page_is_in_vietnamese_by_default(client):
    response = client.get("/login/")
    assert 'lang="vi"' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def test_logout_ends_the_session(client):
    user = make_user()
    client.force_login(user)
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_the_personal_data_log_lists_who_saw_whose_data_within_scope(client):
    from dangvu.access.models import PersonalDataView
    from dangvu.members.tests.factories import make_member

    tree = Tree()
    mine = make_member(tree.a1, "Trần Thị Hoa")
    other = make_member(tree.b1, "Lê Văn Bình")
    clerk = make_user(Role.OFFICE, tree.bloc, username="vanphong")
    PersonalDataView.objects.create(user=clerk, member=mine, context="member page")
    PersonalDataView.objects.create(user=clerk, member=other, context="member page")
    client.force_login(make_user(Role.LEADER, tree.a))
    page = client.get("/audit/personal-data/").content.decode()
    assert "Trần Thị Hoa" in page and "Lê Văn Bình" not in page


def test_the_personal_data_log_is_not_for_secretaries(client):
    tree = Tree()
    client.force_login(make_user(Role.SECRETARY, tree.a1))
    assert client.get("/audit/personal-data/").status_code == 404
