from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangvu.access.models import AuditEntry
from dangvu.members.models import Member
from dangvu.members.tests.factories import make_member
from dangvu.units.models import RestructuringEvent, Unit, UnitVersion
from dangvu.units.operations import dissolve_unit, merge_units, move_unit, rename_unit
from dangvu.units.tests.factories import Tree, merge_a_and_b

pytestmark = pytest.mark.django_db

BEFORE, ON = date(2022, 6, 30), date(2022, 7, 1)


@pytest.fixture
def tree():
    return Tree()


def _names_as_of(unit, day):
    return sorted(Member.objects.in_subtree_as_of(unit, day).values_list("full_name", flat=True))


def test_merging_two_base_committees_keeps_history_before_and_moves_members_after(tree):
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Lê Văn Bình")
    make_member(tree.b1, "Phạm Minh Châu")
    before = {u.pk: _names_as_of(u, BEFORE) for u in (tree.a, tree.b, tree.bloc)}

    event, successor = merge_a_and_b(tree, ON)

    assert {u.pk: _names_as_of(u, BEFORE) for u in (tree.a, tree.b, tree.bloc)} == before
    assert _names_as_of(successor, ON) == ["Lê Văn Bình", "Phạm Minh Châu", "Trần Thị Hoa"]
    assert _names_as_of(tree.a, ON) == []
    for old in (tree.a, tree.b):
        old.refresh_from_db()
        assert old.closed_on == ON
        assert event in old.events.all()
    tree.a1.refresh_from_db()
    assert tree.a1.parent == successor and tree.a1.path.startswith(successor.path)


def test_merging_base_cells_transfers_their_members_with_an_event(tree):
    cell = make_member(tree.c, "Hoàng Văn Đức").unit
    target = tree.a1
    merge_units(None, [cell], successor=target, effective_on=ON)
    member = Member.objects.get(full_name="Hoàng Văn Đức")
    assert member.unit == target
    assert member.events.filter(kind="transfer_permanent", restructuring__kind="merge").exists()
    assert _names_as_of(tree.c, BEFORE) == ["Hoàng Văn Đức"]


def test_rename_keeps_the_old_name_on_past_dates(tree):
    rename_unit(None, tree.a, name="Đảng bộ Cơ quan Tỉnh ủy", effective_on=ON)
    assert UnitVersion.objects.as_of(BEFORE).get(unit=tree.a).name == "Đảng bộ Văn phòng Tỉnh ủy"
    assert UnitVersion.objects.as_of(ON).get(unit=tree.a).name == "Đảng bộ Cơ quan Tỉnh ủy"


def test_move_rewrites_paths_of_the_whole_subtree_and_versions_them(tree):
    move_unit(None, tree.a, new_parent=tree.province, effective_on=ON)
    tree.a1.refresh_from_db()
    assert tree.a1.path == f"{tree.province.path}{tree.a.pk}.{tree.a1.pk}."
    old = UnitVersion.objects.as_of(BEFORE).get(unit=tree.a1)
    assert old.path.startswith(tree.bloc.path)


def test_move_under_own_descendant_is_refused(tree):
    with pytest.raises(ValidationError):
        move_unit(None, tree.a, new_parent=tree.a1, effective_on=ON)


def test_dissolving_a_unit_with_members_is_refused_and_changes_nothing(tree):
    make_member(tree.a1)
    with pytest.raises(ValidationError):
        dissolve_unit(None, tree.a1, effective_on=ON)
    tree.a1.refresh_from_db()
    assert tree.a1.closed_on is None
    assert not RestructuringEvent.objects.filter(kind="dissolve").exists()


def test_restructuring_leaves_audit_entries_with_before_and_after(tree):
    count = AuditEntry.objects.count()
    rename_unit(None, tree.b, name="Đảng bộ Sở Tài chính tỉnh", effective_on=ON)
    entry = AuditEntry.objects.exclude(pk__in=[]).order_by("-id").first()
    assert AuditEntry.objects.count() == count + 1
    assert entry.before["name"] == "Đảng bộ Sở Tài chính" and entry.after["name"] == "Đảng bộ Sở Tài chính tỉnh"
    assert Unit.objects.get(pk=tree.b.pk).name == "Đảng bộ Sở Tài chính tỉnh"


def test_a_move_is_audited_with_the_old_and_new_parent(tree):
    move_unit(None, tree.a, new_parent=tree.province, effective_on=ON)
    entry = AuditEntry.objects.filter(action="move", object_id=str(tree.a.pk)).get()
    assert (entry.before["parent_id"], entry.after["parent_id"]) == (tree.bloc.pk, tree.province.pk)


def test_sub_units_moved_by_a_merge_are_audited_with_their_new_parent(tree):
    _event, successor = merge_units(None, [tree.a, tree.b], successor=tree.b, effective_on=ON)
    entry = AuditEntry.objects.filter(action="move", object_id=str(tree.a1.pk)).get()
    assert (entry.before["parent_id"], entry.after["parent_id"]) == (tree.a.pk, successor.pk)
