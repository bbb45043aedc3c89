import pytest
from django.db import DatabaseError, connection, transaction

from dangvu.access.models import AuditEntry
from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.members.operations import update_member
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


def test_a_profile_edit_leaves_one_entry_with_before_and_after():
    tree = Tree()
    member = make_member(tree.a1, "Trần Thị Hoa", phone="0912345678")
    clerk = make_user(Role.OFFICE, tree.bloc)
    count = AuditEntry.objects.count()
    update_member(clerk, member, phone="0987654321", reason="Số điện thoại mới")
    assert AuditEntry.objects.count() == count + 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.actor, entry.action, entry.before["phone"], entry.after["phone"]) == (
        clerk,
        "update",
        "0912345678",
        "0987654321",
    )
    assert entry.reason == "Số điện thoại mới"
    assert entry.unit_path == tree.a1.path


def test_an_edit_that_changes_nothing_leaves_no_entry():
    tree = Tree()
    member = make_member(tree.a1, "Trần Thị Hoa")
    count = AuditEntry.objects.count()
    update_member(None, member, full_name="Trần Thị Hoa")
    assert AuditEntry.objects.count() == count


def test_the_database_refuses_to_change_an_entry():
    Tree()
    entry = AuditEntry.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_auditentry SET actor_name = 'x' WHERE id = %s", [entry.pk])


def test_the_model_layer_refuses_to_change_or_delete_entries():
    Tree()
    entry = AuditEntry.objects.first()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(reason="x")


@pytest.mark.parametrize("size", [3, 60])
def test_the_audit_log_page_runs_a_bounded_number_of_queries(client, size, django_assert_max_num_queries):
    from django.urls import reverse

    from dangvu.core import budgets

    tree = Tree()
    clerk = make_user(Role.OFFICE, tree.bloc)
    for index in range(size):
        member = make_member([tree.a1, tree.b1][index % 2], f"Lê Văn Số {index}", phone="0912345678")
        update_member(clerk, member, phone=f"09876543{index:02d}", reason="Số mới")
    client.force_login(clerk)
    with django_assert_max_num_queries(budgets.AUDIT_LOG):
        response = client.get(reverse("audit_log"), {"unit": tree.a.pk})
    assert response.status_code == 200
    entries = response.context["page"].object_list
    assert 0 < len(entries) <= 50
    assert all(entry.unit_path.startswith(tree.a.path) for entry in entries)
