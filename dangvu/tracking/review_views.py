"""Pages of the quarterly review: open a quarter, follow its live figures, compile, close and reopen it."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any, today
from dangvu.core.periods import Quarter
from dangvu.tracking import operations, queries
from dangvu.tracking.forms import STATUS_CHOICES, CloseCycleForm, CycleOpenForm, ReopenCycleForm
from dangvu.tracking.models import Assignment, ReviewCycle
from dangvu.tracking.pages import attempt, percent, render_page, require_tracking
from dangvu.web.exports import Column, xlsx_response

# The quarterly review cycle -------------------------------------------------------------------------------------------


def _cycles(request):
    """The review cycles the list shows, in its order (the model's): the page and its export share this."""
    require_tracking(request.user)
    return ReviewCycle.objects.visible_to(request.user).select_related("unit")


def review_list(request):
    cycles = _cycles(request)
    page = Paginator(cycles, settings.PAGE_SIZES[0]).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_open": has_any(request.user, Action.CHANGE),
        "can_export": has_any(request.user, Action.EXPORT),
    }
    return render_page(request, "tracking/review_list.html", context)


def review_list_export(request):
    cycles = _cycles(request)
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    columns = [
        Column(_("Quarter"), lambda c: c.quarter_obj.label),
        Column(_("Unit"), lambda c: c.unit.name),
        Column(_("State"), lambda c: c.get_state_display()),
        Column(_("Reporting deadline"), lambda c: c.reporting_deadline),
    ]
    return xlsx_response("so-ket-quy", _("Quarterly reviews"), columns, cycles)


@require_http_methods(["GET", "POST"])
def review_open(request):
    if not has_any(request.user, Action.CHANGE):
        raise Http404
    data = request.POST if request.method == "POST" else None
    current = Quarter.containing(today())
    form = CycleOpenForm(data, initial={"quarter": current}, user=request.user)
    opened = []

    def open_cycle():
        fields = form.cleaned_data
        opened.append(
            operations.open_cycle(request.user, fields["unit"], fields["quarter"], fields["reporting_deadline"])
        )

    if data is not None and attempt(form, open_cycle):
        messages.success(request, _("The review of %(quarter)s is open.") % {"quarter": opened[0].quarter_obj.label})
        return redirect("review_detail", pk=opened[0].pk)
    return render_page(request, "tracking/review_form.html", {"form": form}, status=422 if data is not None else 200)


def _figures(total, units: list[dict]) -> dict:
    """What the review page shows, from the live rollup or from the compiled snapshot alike."""
    return {
        "by_status": [(value, label, total["by_status"].get(value, 0)) for value, label in STATUS_CHOICES],
        "assignments": sum(total["by_status"].values()),
        "on_time_rate": percent(total["on_time_rate"]),
        "expected": total["expected_reports"],
        "reports": total["reports"],
        "reports_on_time": total["reports_on_time"],
        "reports_late": total["reports"] - total["reports_on_time"],
        "reporting_rate": percent(total["reporting_rate"]),
        "reporting_on_time_rate": percent(
            total["reports_on_time"] / total["expected_reports"] if total["expected_reports"] else None
        ),
        "units": units,
        "lagging": None,
    }


def _live_figures(user, cycle: ReviewCycle) -> dict:
    quarter = cycle.quarter_obj
    assignments = queries.assignments_in(cycle.unit) & Assignment.objects.visible_to(user)
    total = queries.rollup(assignments, quarter, cycle.reporting_deadline)
    rows = queries.by_unit(cycle.unit, quarter)
    figures = _figures(queries.summary(total), [r.as_dict() for r in rows])
    figures["lagging"] = [r.as_dict() for r in queries.lagging(rows)]
    return figures


def _review_page(request, cycle: ReviewCycle, status: int = 200, **bound):
    may_run = can(request.user, Action.CHANGE, cycle.unit)
    context = {
        "cycle": cycle,
        "live": _live_figures(request.user, cycle),
        "snapshot": _figures(cycle.snapshot, cycle.snapshot["units"]) if cycle.snapshot else None,
        "may_run": may_run,
        "compile_form": bound.get("compile_form") or forms.Form(),
        "close_form": bound.get("close_form") or CloseCycleForm(),
        "reopen_form": bound.get("reopen_form") or ReopenCycleForm(),
        "conferences": _conferences(request.user, cycle),
    }
    return render_page(request, "tracking/review_detail.html", context, status=status)


def _conferences(user, cycle: ReviewCycle) -> list:
    """The meetings (the user may see) that review this quarter: the review conference."""
    from dangvu.meetings.models import Meeting  # meetings builds on tracking, not the other way round

    return list(Meeting.objects.visible_to(user).filter(review_cycle=cycle).order_by("starts_at"))


def _visible_cycle(request, pk) -> ReviewCycle:
    return get_object_or_404(ReviewCycle.objects.visible_to(request.user).select_related("unit"), pk=pk)


def review_detail(request, pk):
    return _review_page(request, _visible_cycle(request, pk))


STEP_FORMS = {"compile": forms.Form, "close": CloseCycleForm, "reopen": ReopenCycleForm}
STEP_DONE = {
    "compile": gettext_lazy("%(quarter)s has been compiled."),
    "close": gettext_lazy("%(quarter)s is closed; its reports are locked."),
    "reopen": gettext_lazy("%(quarter)s has been reopened."),
}


@require_POST
def review_step(request, pk, step):
    cycle = _visible_cycle(request, pk)
    if step not in STEP_FORMS or not can(request.user, Action.CHANGE, cycle.unit):
        raise Http404
    form = STEP_FORMS[step](request.POST)

    def perform():
        if step == "compile":
            operations.compile_cycle(request.user, cycle)
        elif step == "close":
            operations.close_cycle(request.user, cycle)
        else:
            operations.reopen_cycle(request.user, cycle, form.cleaned_data["reason"])

    if attempt(form, perform):
        messages.success(request, STEP_DONE[step] % {"quarter": cycle.quarter_obj.label})
        return redirect("review_detail", pk=cycle.pk)
    cycle.refresh_from_db()
    return _review_page(request, cycle, status=422, **{f"{step}_form": form})
