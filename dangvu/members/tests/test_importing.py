import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.members.exporting import COLUMNS_BY_HEADER
from dangvu.members.importing import RowError, _parse_cell, plan_import, run_import
from dangvu.members.models import Member
from dangvu.members.tests.factories import IMPORT_HEADERS, make_member
from dangvu.members.tests.factories import import_row as row
from dangvu.members.tests.factories import member_workbook as workbook
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def test_valid_rows_are_planned_for_creation(tree):
    office = make_user("office", tree.bloc)
    plan = plan_import(office, workbook([row(tree.a1.code, 1), row(tree.b1.code, 2)]))
    assert plan.errors == []
    assert len(plan.to_create) == 2
    assert plan.to_create[0]["unit"] == tree.a1
    assert plan.to_create[0]["admitted_on"] == date(2010, 5, 19)
    assert plan.to_create[0]["theory_level"] == ""


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"Họ và tên": " "}, "Họ và tên", "Hãy nhập họ và tên."),
        ({"Giới tính": "Khác"}, "Giới tính", "Ghi Nam hoặc Nữ."),
        ({"Ngày sinh": "31/02/1980"}, "Ngày sinh", "Không phải ngày: hãy ghi theo dạng dd/mm/yyyy."),
        ({"Ngày vào Đảng": "01/01/2999"}, "Ngày vào Đảng", "Ngày không được ở tương lai."),
        ({"Ngày chính thức": "01/01/2009"}, "Ngày chính thức", "Ngày công nhận chính thức phải sau ngày kết nạp."),
        ({"Số CCCD": "12345"}, "Số CCCD", "Số căn cước công dân gồm 12 chữ số."),
        ({"Mã chi bộ": "KHONGCO"}, "Mã chi bộ", "Không có tổ chức nào mang mã KHONGCO."),
        (
            {"Số thẻ đảng viên": None},
            "Số thẻ đảng viên",
            "Hãy nhập số thẻ đảng viên: số thẻ dùng để nhận biết đảng viên.",
        ),
        (
            {"Lý luận chính trị": "Tiến sĩ"},
            "Lý luận chính trị",
            "Ghi Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân, hoặc để trống.",
        ),
    ],
)
def test_each_bad_value_is_reported_with_row_column_and_message(tree, changes, column, message):
    office = make_user("office", tree.bloc)
    plan = plan_import(office, workbook([row(tree.a1.code, 1), row(tree.a1.code, 2, **changes)]))
    assert plan.errors == [RowError(3, column, message)]
    assert len(plan.to_create) == 1


def test_a_unit_that_is_not_a_cell_is_refused(tree):
    office = make_user("office", tree.bloc)
    plan = plan_import(office, workbook([row(tree.a.code)]))
    assert plan.errors == [
        RowError(2, "Mã chi bộ", "Đảng bộ Văn phòng Tỉnh ủy không phải là chi bộ: đảng viên sinh hoạt tại chi bộ.")
    ]


def test_a_cell_outside_the_import_scope_is_refused(tree):
    office = make_user("office", tree.a)
    plan = plan_import(office, workbook([row(tree.b1.code)]))
    assert plan.errors == [RowError(2, "Mã chi bộ", "Bạn không được nhập đảng viên vào Chi bộ Phòng Ngân sách.")]


def test_a_card_number_twice_in_the_file_is_refused(tree):
    office = make_user("office", tree.bloc)
    plan = plan_import(
        office, workbook([row(tree.a1.code, 1), row(tree.a1.code, 2, **{"Số thẻ đảng viên": "00000001"})])
    )
    assert plan.errors == [RowError(3, "Số thẻ đảng viên", "Số thẻ đảng viên 00000001 đã có ở dòng 2.")]


def test_unknown_and_missing_columns_are_reported_on_row_1(tree):
    office = make_user("office", tree.bloc)
    headers = [h for h in IMPORT_HEADERS if h != "Mã chi bộ"] + ["Ghi chú"]
    plan = plan_import(office, workbook([row(tree.a1.code)], headers))
    assert plan.errors == [RowError(1, "Ghi chú", "Cột không xác định."), RowError(1, "Mã chi bộ", "Thiếu cột này.")]


def test_existing_member_with_a_changed_profile_is_updated_and_identical_one_unchanged(tree):
    office = make_user("office", tree.bloc)
    plan = plan_import(office, workbook([row(tree.a1.code, 1), row(tree.a1.code, 2)]))
    run_import(office, plan, "dot-1.xlsx")
    plan = plan_import(office, workbook([row(tree.a1.code, 1), row(tree.a1.code, 2, **{"Nơi làm việc": "Sở Y tế"})]))
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged) == (0, 1, 1)
    run_import(office, plan, "dot-2.xlsx")
    assert Member.objects.get(card_number="00000002").workplace == "Sở Y tế"
    entry = AuditEntry.objects.get(action="update")
    assert (entry.source, entry.reason) == ("import", "Nhập từ tệp dot-2.xlsx")


def test_existing_member_in_another_cell_must_be_transferred_instead(tree):
    make_member(
        tree.a1, "Nguyễn Văn An", card_number="00000001", admitted_on=date(2010, 5, 19), confirmed_on=date(2011, 5, 19)
    )
    office = make_user("office", tree.bloc)
    plan = plan_import(office, workbook([row(tree.a2.code, 1, **{"Họ và tên": "Nguyễn Văn An"})]))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Mã chi bộ")]
    assert "chuyển sinh hoạt" in plan.errors[0].message


def test_big_import_reports_exactly_three_bad_rows_then_imports_all_once(tree, django_assert_max_num_queries):
    office = make_user("office", tree.bloc)
    codes = [tree.a1.code, tree.a2.code, tree.b1.code, tree.c.code]
    rows = [row(codes[i % 4], i) for i in range(1, 5001)]
    bad = list(rows)
    bad[99] = {**rows[99], "Giới tính": "X"}  # row 101
    bad[2499] = {**rows[2499], "Số CCCD": "99"}  # row 2501
    bad[4999] = {**rows[4999], "Mã chi bộ": "KHONGCO"}  # row 5001
    started = time.monotonic()
    with django_assert_max_num_queries(12):  # lookups in bulk, not per row
        plan = plan_import(office, workbook(bad))
    assert plan.errors == [
        RowError(101, "Giới tính", "Ghi Nam hoặc Nữ."),
        RowError(2501, "Số CCCD", "Số căn cước công dân gồm 12 chữ số."),
        RowError(5001, "Mã chi bộ", "Không có tổ chức nào mang mã KHONGCO."),
    ]
    with pytest.raises(ValueError):
        run_import(office, plan)
    assert not Member.objects.exists()

    plan = plan_import(office, workbook(rows))
    assert (plan.errors, len(plan.to_create)) == ([], 5000)
    run_import(office, plan, "dang-vien.xlsx")
    assert Member.objects.count() == 5000
    assert time.monotonic() - started < 60
    created = AuditEntry.objects.filter(action="create", source="import")
    assert created.count() == 5000
    assert created.filter(after__isnull=True).count() == 0
    assert created.values("object_id").distinct().count() == 5000

    entries = AuditEntry.objects.count()
    plan = plan_import(office, workbook(rows))
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged) == (0, 0, 5000)
    run_import(office, plan)
    assert AuditEntry.objects.count() == entries


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.none()))
def test_any_value_in_a_date_cell_gives_a_date_none_or_a_message(value):
    try:
        parsed = _parse_cell(COLUMNS_BY_HEADER["Ngày sinh"], value)
    except ValueError as error:
        assert str(error)
    else:
        assert parsed is None or isinstance(parsed, date)
