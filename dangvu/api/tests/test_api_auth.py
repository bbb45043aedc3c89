import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from dangvu.access.models import ApiToken
from dangvu.access.operations import hash_key
from dangvu.access.roles import Role
from dangvu.access.tests.factories import PASSWORD, make_user
from dangvu.api.tests.clients import token_client
from dangvu.units.models import Unit
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

NEW_CELL = {"name": "Chi bộ Phòng Kế hoạch", "kind": "cell", "code": "KH01", "established_on": "2020-03-02"}


def session_client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_token_user_lists_units_of_their_scope():
    tree = Tree()
    user = make_user(Role.SECRETARY, tree.a1)
    response = token_client(user).get("/api/units")
    assert response.status_code == 200
    assert [u["name"] for u in response.json()["items"]] == ["Chi bộ Phòng Tổng hợp"]


def test_token_use_is_recorded():
    user = make_user(Role.SECRETARY, Tree().a1)
    token_client(user).get("/api/units")
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_revoked_token_is_refused():
    user = make_user(Role.SECRETARY, Tree().a1)
    client = token_client(user)
    ApiToken.objects.filter(user=user).update(revoked_at=timezone.now())
    response = client.get("/api/units")
    assert response.status_code == 401


def test_token_of_inactive_user_is_refused():
    user = make_user(Role.SECRETARY, Tree().a1)
    client = token_client(user)
    user.is_active = False
    user.save()
    assert client.get("/api/units").status_code == 401


def test_wrong_token_gets_401_json_in_vietnamese_not_the_login_page():
    response = Client(headers={"authorization": "Bearer not-a-key"}).get("/api/members")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Hãy đăng nhập hoặc gửi mã truy cập API."


def test_anonymous_call_gets_401_not_a_redirect():
    response = Client().post("/api/units", NEW_CELL, content_type="application/json")
    assert response.status_code == 401


def test_session_user_reads_the_api():
    tree = Tree()
    response = session_client(make_user(Role.OFFICE, tree.a)).get(f"/api/units/{tree.a1.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Chi bộ Phòng Tổng hợp"


def test_session_post_without_csrf_token_is_refused():
    tree = Tree()
    client = session_client(make_user(Role.OFFICE, tree.a), enforce_csrf_checks=True)
    response = client.post("/api/units", {**NEW_CELL, "parent": tree.a.pk}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã chống giả mạo yêu cầu (CSRF) bị thiếu hoặc không đúng."
    assert not Unit.objects.filter(code="KH01").exists()


def test_session_post_with_csrf_token_is_accepted():
    tree = Tree()
    client = session_client(make_user(Role.OFFICE, tree.a), enforce_csrf_checks=True)
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/units",
        {**NEW_CELL, "parent": tree.a.pk},
        content_type="application/json",
        headers={"x-csrftoken": secret},
    )
    assert response.status_code == 201
    assert Unit.objects.filter(code="KH01", parent=tree.a).exists()


def test_token_post_needs_no_csrf_token():
    tree = Tree()
    client = token_client(make_user(Role.OFFICE, tree.a), enforce_csrf_checks=True)
    response = client.post("/api/units", {**NEW_CELL, "parent": tree.a.pk}, content_type="application/json")
    assert response.status_code == 201


def test_create_api_token_command_prints_a_working_key_once():
    tree = Tree()
    user = make_user(Role.SECRETARY, tree.a1, username="bithu.a1")
    out = StringIO()
    call_command("create_api_token", "bithu.a1", "Báo cáo quý", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Báo cáo quý"
    assert token.key_hash == hash_key(key)
    assert key not in token.key_hash
    response = Client(headers={"authorization": f"Bearer {key}"}).get("/api/units")
    assert response.status_code == 200


def test_create_api_token_command_refuses_unknown_user():
    with pytest.raises(CommandError):
        call_command("create_api_token", "khong.co", "x", stdout=StringIO(), stderr=StringIO())


def test_schema_is_json_listing_the_paths_for_a_token_user():
    user = make_user(Role.SECRETARY, Tree().a1)
    response = token_client(user).get("/api/schema")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert {"/api/units", "/api/units/{unit_id}", "/api/members", "/api/members/{member_id}/events"} <= set(
        schema["paths"]
    )
    assert "patch" in schema["paths"]["/api/members/{member_id}"]


def test_schema_refuses_anonymous_callers():
    response = Client().get("/api/schema")
    assert response.status_code == 401
    assert response.json()["detail"] == "Hãy đăng nhập hoặc gửi mã truy cập API."


def test_docs_page_sends_anonymous_browsers_to_login():
    response = Client().get("/api/docs")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_docs_page_uses_no_outside_resources():
    response = session_client(make_user(Role.OFFICE, Tree().a)).get("/api/docs")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "/api/schema" in html
    assert "http://" not in html and "https://" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_docs_page_renders_under_the_content_security_policy(request, viewport, live_server, screenshot):
    page = request.getfixturevalue(viewport)
    tree = Tree()
    user = make_user(Role.OFFICE, tree.a, full_name="Lê Thị Hồng")
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    outside = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/api/docs")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/api/docs")
    page.locator(".opblock-summary-path", has_text="/api/members/{member_id}/events").first.wait_for()
    screenshot(page, f"api_docs_{viewport}", full_page=False)
    assert violations == []
    assert [url for url in outside if not url.startswith("data:")] == []
