from datetime import date

from dangvu.tracking.operations import assign, create_task


def make_task(owner_unit, title: str = "Tổ chức quán triệt Nghị quyết số 48-NQ/TU về chuyển đổi số", **fields):
    return create_task(None, owner_unit, title=title, **fields)


def make_assignment(task, unit, deadline: date | None = date(2022, 6, 30), **fields):
    (assignment,) = assign(
        None, task, [unit], deadline=deadline, assigned_on=fields.pop("assigned_on", date(2022, 4, 15)), **fields
    )
    return assignment
