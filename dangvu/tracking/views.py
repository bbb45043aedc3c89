"""Pages of implementation tracking: programmes and their tasks, the assignment inbox, progress reports and the
quarterly review.

Every read goes through `visible_to` (what is out of scope is a 404); every write goes through `operations`, whose
refusals go back onto the form with status 422 and change nothing.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any, home_unit, scope_paths, scope_q, today
from dangvu.core.periods import Quarter
from dangvu.documents.models import Document
from dangvu.tracking import operations, queries
from dangvu.tracking.forms import (
    STATUS_CHOICES,
    AssignForm,
    EvidenceForm,
    PassOnForm,
    QuarterFilterForm,
    ReportForm,
    RescheduleForm,
    ReviewReportForm,
    TaskFilterForm,
    TaskForm,
    quarters_between,
)
from dangvu.tracking.models import Assignment, Evidence, Report, ReportState, Task
from dangvu.tracking.operations import TASK_FIELDS
from dangvu.tracking.pages import attempt, render_page, require_tracking
from dangvu.tracking.queries import status_expression
from dangvu.tracking.rules import Status
from dangvu.units.models import Unit
from dangvu.web.exports import Column, xlsx_response

INBOX_PAGE_SIZE = 50


def _depth_first(items: list, key: Callable, parent: Callable) -> list[tuple[object, int]]:
    """`items` as a tree, (item, depth) in depth-first order; an item whose parent is absent is a root.
    Siblings keep their order in `items`."""
    present = {key(item) for item in items}
    children = defaultdict(list)
    roots = []
    for item in items:
        (children[parent(item)] if parent(item) in present else roots).append(item)
    ordered = []
    stack = [(item, 0) for item in reversed(roots)]
    while stack:
        item, depth = stack.pop()
        ordered.append((item, depth))
        stack.extend((child, depth + 1) for child in reversed(children[key(item)]))
    return ordered


def _indented(assignments: list[Assignment]) -> list[Assignment]:
    """Assignments in tree order, each passed-on one under the one it came from (`indent` for the page)."""
    ordered = []
    for assignment, depth in _depth_first(assignments, lambda a: a.pk, lambda a: a.parent_id):
        assignment.depth, assignment.indent = depth, "\u2003" * depth
        ordered.append(assignment)
    return ordered


# Programmes and tasks -------------------------------------------------------------------------------------------------


@dataclass
class TaskRow:
    task: Task
    depth: int
    document: Document | None
    counts: Counter = field(default_factory=Counter)

    @property
    def indent(self) -> str:
        return "\u2003" * self.depth

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[Status.DONE_ON_TIME] + self.counts[Status.DONE_LATE]

    @property
    def overdue(self) -> int:
        return self.counts[Status.OVERDUE]


def _filter_tasks(user, tasks, data: dict, as_of):
    """Tasks of the programme, unit (directed or assigned in its subtree), status and quarter asked for."""
    if data.get("document"):
        tasks = tasks.filter(document_id=data["document"])
    assignments = Assignment.objects.visible_to(user)
    unit = data.get("unit")  # an open unit the user may see (UnitWalkField)
    if unit is not None:
        assignments = assignments.filter(unit__path__startswith=unit.path)
    if data.get("quarter"):
        assignments = assignments.filter(queries.expects_report_q(data["quarter"]))
    if data.get("status"):
        assignments = assignments.annotate(status=status_expression(as_of)).filter(status=data["status"])
    if data.get("quarter") or data.get("status"):
        return tasks.filter(pk__in=assignments.values("task_id"))
    if unit is not None:
        return tasks.filter(Q(owner_unit__path__startswith=unit.path) | Q(pk__in=assignments.values("task_id")))
    return tasks


@dataclass
class TaskSelection:
    """The task list's filters and the matching tasks in tree order: (pk, depth, programme id) each."""

    form: TaskFilterForm
    data: dict
    as_of: object
    tasks: object  # the visible tasks
    tree: list[tuple[int, int, int | None]]


def _task_selection(request) -> TaskSelection:
    """What the task list shows, before paging: the page and its export share this, so they cannot disagree."""
    user = request.user
    require_tracking(user)
    tasks = Task.objects.visible_to(user)
    form = TaskFilterForm(request.GET, user=user, tasks=tasks)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    as_of = data["quarter"].end if data.get("quarter") else today()
    found = _filter_tasks(user, tasks, data, as_of).order_by(
        F("document__issued_on").desc(nulls_last=True), "document_id", "id"
    )
    tree = _depth_first(list(found.values_list("pk", "parent_id", "document_id")), lambda r: r[0], lambda r: r[1])
    # A sub-task is listed under its root task's programme.
    grouped, group = [], None
    for (pk, _parent, document_id), depth in tree:
        group = document_id if depth == 0 else group
        grouped.append((pk, depth, group))
    return TaskSelection(form, data, as_of, tasks, grouped)


def _task_rows(user, selection: TaskSelection, entries: list[tuple[int, int, int | None]]) -> list[TaskRow]:
    """`entries` of the selection as rows with their programme and assignment counts: three queries."""
    ids = [pk for pk, _depth, _group in entries]
    loaded = selection.tasks.filter(pk__in=ids).select_related("owner_unit").in_bulk()
    documents = Document.objects.visible_to(user).in_bulk({group for _pk, _depth, group in entries} - {None})
    counts = defaultdict(Counter)
    by_status = (
        Assignment.objects.visible_to(user)
        .filter(task_id__in=ids)
        .annotate(status=status_expression(selection.as_of))
        .values("task_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in by_status:
        counts[row["task_id"]][Status(row["status"])] = row["n"]
    return [TaskRow(loaded[pk], depth, documents.get(group), counts[pk]) for pk, depth, group in entries]


@vary_on_headers("HX-Request")
def task_list(request):
    user = request.user
    selection = _task_selection(request)
    page = Paginator(selection.tree, selection.data.get("size") or settings.PAGE_SIZES[0]).get_page(
        request.GET.get("page")
    )
    context = {
        "form": selection.form,
        "page": page,
        "rows": _task_rows(user, selection, list(page.object_list)),
        "as_of": selection.as_of,
        "can_create": has_any(user, Action.ASSIGN),
        "has_inbox": has_any(user, Action.REPORT) or has_any(user, Action.ASSIGN),
        "can_export": has_any(user, Action.EXPORT),
    }
    template = "tracking/task_list.html#results" if request.htmx else "tracking/task_list.html"
    return render_page(request, template, context)


def task_list_export(request):
    """Every task the list's filters match, in the list's tree order, with the counts as of the same day."""
    selection = _task_selection(request)
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    columns = [
        Column(_("Programme"), lambda row: str(row.document) if row.document else _("Tasks outside any programme")),
        Column(_("Task"), lambda row: row.indent + row.task.title),
        Column(_("Task level"), lambda row: row.depth + 1),
        Column(_("Directing unit"), lambda row: row.task.owner_unit.name),
        Column(_("Priority"), lambda row: row.task.get_priority_display()),
        Column(_("Deadline"), lambda row: row.task.deadline),
        Column(_("Recurrence"), lambda row: row.task.get_recurrence_display()),
        Column(_("Cancelled on"), lambda row: row.task.cancelled_on),
        Column(_("Units assigned"), lambda row: row.assigned),
        Column(_("Units done"), lambda row: row.done),
        Column(_("Overdue"), lambda row: row.overdue),
        Column(_("Status as of"), lambda row: selection.as_of),
    ]
    rows = _task_rows(request.user, selection, selection.tree)
    return xlsx_response("nhiem-vu", _("Programmes and tasks"), columns, rows)


def _visible_task(request, pk) -> Task:
    related = ("owner_unit", "document", "parent", "lead_unit", "person")
    return get_object_or_404(Task.objects.visible_to(request.user).select_related(*related), pk=pk)


def _task_form_page(request, form, task: Task | None):
    title = _("Edit the task") if task else _("New task")
    context = {"form": form, "task": task, "title": title, "all_documents": request.GET.get("documents") == "all"}
    return render_page(request, "tracking/task_form.html", context, status=422 if form.is_bound else 200)


def _task_prefill(request) -> dict:
    """A new task under a programme (?document=) or under another task (?parent=)."""
    user = request.user
    initial = {}
    first = Unit.objects.visible_to(user, Action.ASSIGN).open().order_by("path").first()
    if first is not None:
        initial["owner_unit"] = first.pk
    document = request.GET.get("document", "")
    if document.isdigit() and Document.objects.visible_to(user).filter(pk=document).exists():
        initial["document"] = int(document)
    parent_id = request.GET.get("parent", "")
    parent = Task.objects.visible_to(user).filter(pk=parent_id).first() if parent_id.isdigit() else None
    if parent is not None and can(user, Action.ASSIGN, parent.owner_unit):
        initial.update(parent=parent.pk, owner_unit=parent.owner_unit_id, document=parent.document_id)
    return initial


@require_http_methods(["GET", "POST"])
def task_create(request):
    if not has_any(request.user, Action.ASSIGN):
        raise Http404
    data = request.POST if request.method == "POST" else None
    all_documents = request.GET.get("documents") == "all"
    form = TaskForm(data, initial=_task_prefill(request), user=request.user, all_documents=all_documents)
    created = []

    def create():
        fields = dict(form.cleaned_data)
        owner, cooperating = fields.pop("owner_unit"), fields.pop("cooperating_units")
        created.append(operations.create_task(request.user, owner, cooperating, **fields))

    if data is not None and attempt(form, create):
        messages.success(request, _("The task has been created; assign it to units below."))
        return redirect("task_detail", pk=created[0].pk)
    return _task_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = _visible_task(request, pk)
    if not can(request.user, Action.ASSIGN, task.owner_unit):
        raise Http404
    initial = {name: getattr(task, name) for name in TASK_FIELDS}
    initial["cooperating_units"] = list(task.cooperating_units.all())
    initial["state"] = audit.state_token(task)
    data = request.POST if request.method == "POST" else None
    all_documents = request.GET.get("documents") == "all"
    form = TaskForm(data, initial=initial, user=request.user, task=task, all_documents=all_documents)

    def update():
        fields = dict(form.cleaned_data)
        cooperating, state = fields.pop("cooperating_units"), fields.pop("state") or None
        operations.update_task(request.user, task, cooperating_units=cooperating, expected_state=state, **fields)

    if data is not None and attempt(form, update):
        messages.success(request, _("The task has been saved."))
        return redirect("task_detail", pk=task.pk)
    return _task_form_page(request, form, task)


def _latest_reports(user, assignments: list[Assignment]) -> dict[int, Report]:
    latest = {}
    reports = Report.objects.visible_to(user).filter(assignment__in=assignments).order_by("assignment_id", "-quarter")
    for report in reports:
        latest.setdefault(report.assignment_id, report)
    return latest


def _task_page(request, task: Task, assign_form=None, status: int = 200):
    user = request.user
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(task=task)
        .select_related("unit", "assigned_by")
        .order_by("-period", "unit__path", "id")
    )
    latest = _latest_reports(user, assignments)
    for assignment in assignments:
        assignment.latest_report = latest.get(assignment.pk)
    can_assign = can(user, Action.ASSIGN, task.owner_unit)
    if can_assign and assign_form is None:
        assign_form = AssignForm(user=user, task=task)
    context = {
        "task": task,
        "parent": Task.objects.visible_to(user).filter(pk=task.parent_id).first() if task.parent_id else None,
        "subtasks": Task.objects.visible_to(user).filter(parent=task).select_related("owner_unit"),
        "cooperating": task.cooperating_units.all(),
        "assignments": _indented(assignments),
        "can_assign": can_assign,
        "assign_form": assign_form,
        "from_meetings": _meetings_of(user, task),
    }
    return render_page(request, "tracking/task_detail.html", context, status=status)


def _meetings_of(user, task: Task) -> list:
    """The meetings (the user may see) whose conclusions created this task."""
    from dangvu.meetings.models import Meeting  # meetings builds on tracking, not the other way round

    return list(task.outcomes.filter(meeting__in=Meeting.objects.visible_to(user)).select_related("meeting"))


def task_detail(request, pk):
    return _task_page(request, _visible_task(request, pk))


@require_POST
def task_assign(request, pk):
    task = _visible_task(request, pk)
    if not can(request.user, Action.ASSIGN, task.owner_unit):
        raise Http404
    form = AssignForm(request.POST, user=request.user, task=task)
    created = []

    def assign():
        data = form.cleaned_data
        units = list(data["units"])
        if data["kinds"]:
            units += operations.units_of_kinds_below(task.owner_unit, data["kinds"])
        created.extend(
            operations.assign(
                request.user,
                task,
                units,
                deadline=data["deadline"],
                period=data.get("period", ""),
                assigned_on=data["assigned_on"],
            )
        )

    if attempt(form, assign):
        count = len(created)
        messages.success(
            request,
            ngettext("The task has been assigned to %(n)d unit.", "The task has been assigned to %(n)d units.", count)
            % {"n": count},
        )
        return redirect("task_detail", pk=task.pk)
    return _task_page(request, task, assign_form=form, status=422)


# Assignments and reports ----------------------------------------------------------------------------------------------


def _own_units_q(user) -> Q:
    """Assignments to the units the user holds a reporting or assigning role in (not the units below them)."""
    paths = set()
    for action in (Action.REPORT, Action.ASSIGN):
        found = scope_paths(user, action)
        if found is None:
            unit = home_unit(user)
            found = [unit.path] if unit else []
        paths.update(found)
    return Q(unit__path__in=sorted(paths))


def _inbox_quarter(request) -> tuple[QuarterFilterForm, Quarter]:
    current = Quarter.containing(today())
    form = QuarterFilterForm({"quarter": request.GET.get("quarter") or str(current)})
    return form, (form.cleaned_data["quarter"] if form.is_valid() else current)


def _inbox(request) -> tuple[QuarterFilterForm, Quarter, object]:
    """The inbox's quarter and the assignments of the user's own units that expect a report for it, in the page's
    order: the page and its export share this."""
    user = request.user
    require_tracking(user)
    form, quarter = _inbox_quarter(request)
    cells = Unit.objects.visible_to(user).open().filter(parent=OuterRef("unit"))
    state = Report.objects.visible_to(user).filter(assignment=OuterRef("pk"), quarter=str(quarter)).values("state")[:1]
    mine = (
        Assignment.objects.visible_to(user)
        .filter(_own_units_q(user), queries.expects_report_q(quarter), task__cancelled_on__isnull=True)
        .select_related("task", "unit", "assigned_by")
        .annotate(report_state=Subquery(state), has_cells=Exists(cells), passed=Count("passed_on", distinct=True))
        .order_by(F("deadline").asc(nulls_last=True), "task_id", "unit__path")
    )
    return form, quarter, mine


def assignment_list(request):
    user = request.user
    form, quarter, mine = _inbox(request)
    page = Paginator(mine, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    for assignment in page.object_list:
        assignment.may_report = can(user, Action.REPORT, assignment.unit)
        assignment.may_pass_on = assignment.has_cells and can(user, Action.ASSIGN, assignment.unit)
    to_review = (
        Report.objects.visible_to(user)
        .filter(scope_q(user, Action.ASSIGN, "assignment__assigned_by__path"))
        .filter(state=ReportState.SUBMITTED, quarter=str(quarter))
        .select_related("assignment__task", "assignment__unit")
        .order_by("submitted_at")
    )
    context = {
        "form": form,
        "quarter": quarter,
        "page": page,
        "to_review": to_review,
        "can_export": has_any(user, Action.EXPORT),
    }
    return render_page(request, "tracking/assignment_list.html", context)


def assignment_list_export(request):
    """The assignments of the user's units for the quarter, all of them, as the inbox lists them."""
    _form, quarter, mine = _inbox(request)
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    states = dict(ReportState.choices)
    labels = dict(STATUS_CHOICES)
    columns = [
        Column(_("Task"), lambda a: a.task.title),
        Column(_("Assigned by"), lambda a: a.assigned_by.name),
        Column(_("Unit"), lambda a: a.unit.name),
        Column(_("Deadline"), lambda a: a.deadline),
        Column(_("Status"), lambda a: labels.get(a.status, a.status)),
        Column(_("Quarter"), lambda a: quarter.label),
        Column(_("Report"), lambda a: states.get(a.report_state, _("not yet"))),
        Column(_("Passed on to units"), lambda a: a.passed),
    ]
    return xlsx_response(f"giao-viec-{quarter}", _("My assignments"), columns, mine)


def _visible_assignment(request, pk) -> Assignment:
    related = ("task__owner_unit", "task__document", "unit", "assigned_by")
    return get_object_or_404(Assignment.objects.visible_to(request.user).select_related(*related), pk=pk)


def _may(user, assignment: Assignment) -> dict[str, bool]:
    live = assignment.cancelled_on is None
    has_cells = Unit.objects.visible_to(user).open().filter(parent=assignment.unit).exists()
    return {
        "pass_on": live and has_cells and can(user, Action.ASSIGN, assignment.unit),
        "report": live and can(user, Action.REPORT, assignment.unit),
        "reschedule": live and can(user, Action.ASSIGN, assignment.assigned_by),
        "review": can(user, Action.ASSIGN, assignment.assigned_by),
    }


def _assignment_page(request, assignment: Assignment, status: int = 200, **bound):
    """The assignment page; `bound` holds a form that was refused, shown in place of the empty one."""
    user = request.user
    may = _may(user, assignment)
    visible = Assignment.objects.visible_to(user)
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "may": may,
        "parent": visible.filter(pk=assignment.parent_id).select_related("unit").first()
        if assignment.parent_id
        else None,
        "passed_on": visible.filter(parent=assignment).select_related("unit").order_by("unit__path"),
        "reports": Report.objects.visible_to(user)
        .filter(assignment=assignment)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related("evidence"),
        "pass_on_form": bound.get("pass_on_form")
        or (PassOnForm(user=user, below=assignment.unit) if may["pass_on"] else None),
        "reschedule_form": bound.get("reschedule_form") or RescheduleForm(initial={"deadline": assignment.deadline}),
        "review_form": bound.get("review_form") or ReviewReportForm(),
        "reviewed_report": bound.get("reviewed_report"),
        "evidence_form": bound.get("evidence_form"),
        "evidence_report": bound.get("evidence_report"),
        "blank_evidence_form": EvidenceForm(),
        "current_quarter": Quarter.containing(today()),
    }
    return render_page(request, "tracking/assignment_detail.html", context, status=status)


def assignment_detail(request, pk):
    return _assignment_page(request, _visible_assignment(request, pk))


@require_POST
def assignment_pass_on(request, pk):
    assignment = _visible_assignment(request, pk)
    if not _may(request.user, assignment)["pass_on"]:
        raise Http404
    form = PassOnForm(request.POST, user=request.user, below=assignment.unit)
    created = []

    def pass_on():
        data = form.cleaned_data
        created.extend(
            operations.pass_on(
                request.user, assignment, data["units"], deadline=data["deadline"], assigned_on=data["assigned_on"]
            )
        )

    if attempt(form, pass_on):
        names = ", ".join(a.unit.name for a in created)
        messages.success(request, _("Passed on to %(units)s.") % {"units": names})
        return redirect("assignment_detail", pk=assignment.pk)
    return _assignment_page(request, assignment, status=422, pass_on_form=form)


def _report_quarters(assignment: Assignment) -> list[Quarter]:
    return quarters_between(Quarter.containing(assignment.assigned_on), Quarter.containing(today()))


@require_http_methods(["GET", "POST"])
def assignment_report(request, pk):
    assignment = _visible_assignment(request, pk)
    if not _may(request.user, assignment)["report"]:
        raise Http404
    quarters = _report_quarters(assignment)
    asked = request.POST.get("quarter") or request.GET.get("quarter") or ""
    try:
        quarter = Quarter.parse(asked)
    except ValueError:
        quarter = quarters[0] if quarters else Quarter.containing(today())
    existing = Report.objects.visible_to(request.user).filter(assignment=assignment, quarter=str(quarter)).first()
    initial = {"quarter": quarter}
    if existing is not None:
        fields = ("percent", "completed_on", "narrative", "indicator_value")
        initial.update({name: getattr(existing, name) for name in fields})
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, initial=initial, task=assignment.task)

    def submit():
        fields = dict(form.cleaned_data)
        operations.submit_report(request.user, assignment, fields.pop("quarter"), **fields)

    if data is not None and attempt(form, submit):
        messages.success(request, _("The report for %(quarter)s has been sent.") % {"quarter": quarter.label})
        return redirect("assignment_detail", pk=assignment.pk)
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "form": form,
        "quarter": quarter,
        "quarters": quarters,
        "existing": existing,
        "locked_by": operations.closing_cycle(assignment, str(quarter)),
    }
    return render_page(request, "tracking/assignment_report.html", context, status=422 if data is not None else 200)


@require_POST
def assignment_reschedule(request, pk):
    assignment = _visible_assignment(request, pk)
    if not _may(request.user, assignment)["reschedule"]:
        raise Http404
    form = RescheduleForm(request.POST)

    def reschedule():
        operations.reschedule(request.user, assignment, form.cleaned_data["deadline"], form.cleaned_data["reason"])

    if attempt(form, reschedule):
        messages.success(request, _("The deadline has been moved."))
        return redirect("assignment_detail", pk=assignment.pk)
    assignment.refresh_from_db(fields=["deadline"])
    return _assignment_page(request, assignment, status=422, reschedule_form=form)


@require_POST
def report_review(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user).select_related("assignment"), pk=pk)
    assignment = _visible_assignment(request, report.assignment_id)
    if not _may(request.user, assignment)["review"]:
        raise Http404
    form = ReviewReportForm(request.POST)

    def review():
        accept = form.cleaned_data["decision"] == "accept"
        operations.review_report(request.user, report, accept=accept, comment=form.cleaned_data["comment"])

    if attempt(form, review):
        if report.state == ReportState.ACCEPTED:
            done = _("The report of %(unit)s has been accepted.")
        else:
            done = _("The report of %(unit)s has been returned for correction.")
        messages.success(request, done % {"unit": assignment.unit})
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("assignment_detail", pk=assignment.pk)
    return _assignment_page(request, assignment, status=422, review_form=form, reviewed_report=report.pk)


@require_POST
def evidence_upload(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    assignment = _visible_assignment(request, report.assignment_id)
    if not _may(request.user, assignment)["report"]:
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    if attempt(form, lambda: operations.attach_evidence(request.user, report, form.cleaned_data["file"])):
        messages.success(request, _("The file has been attached to the report."))
        return redirect("assignment_detail", pk=assignment.pk)
    return _assignment_page(request, assignment, status=422, evidence_form=form, evidence_report=report.pk)


def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence.objects.filter(report__in=Report.objects.visible_to(request.user)), pk=pk)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
