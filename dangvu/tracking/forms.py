"""Forms of the tracking pages: list filters, the task form, and the small forms of assignments and reviews.

The forms parse what a clerk typed; the rules (who may assign what, which quarter is locked, which deadline is too
late) are checked by `operations`, whose errors the views put back onto these forms.
"""

import re

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Action
from dangvu.access.scoping import scope_q, today
from dangvu.core.fields import ModelMultipleChoiceField
from dangvu.core.periods import Quarter
from dangvu.core.widgets import DateInput
from dangvu.documents.models import Document, DocumentType
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.tracking.models import Recurrence, Task
from dangvu.tracking.operations import TASK_FIELDS
from dangvu.tracking.rules import Status
from dangvu.units.choices import UnitWalkField
from dangvu.units.models import Unit, UnitKind

STATUS_CHOICES = [
    (Status.NOT_STARTED.value, _("Not started")),
    (Status.IN_PROGRESS.value, _("In progress")),
    (Status.OVERDUE.value, _("Overdue")),
    (Status.DONE_ON_TIME.value, _("Done on time")),
    (Status.DONE_LATE.value, _("Done late")),
    (Status.CANCELLED.value, _("Cancelled")),
]
# Documents a task usually belongs to; the task form offers the others on request.
PROGRAMME_TYPES = (DocumentType.PROGRAMME, DocumentType.PLAN)
# Quarters offered in the filters, back from today's; an older quarter still works when typed into the address.
QUARTERS_BACK = 24


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from `first` to `last`, newest first."""
    found = []
    quarter = last
    while quarter >= first:
        found.append(quarter)
        quarter = quarter.previous()
    return found


def recent_quarters() -> list[Quarter]:
    last = Quarter.containing(today())
    first = last
    for _step in range(QUARTERS_BACK - 1):
        first = first.previous()
    return quarters_between(first, last)


class QuarterField(forms.CharField):
    """A quarter chosen from a list (or given as 2022-Q2 in the address); cleans to a `Quarter`."""

    widget = forms.Select

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Quarter.parse(value)
        except ValueError as error:
            raise forms.ValidationError(_("Choose a quarter, e.g. 2022-Q2."), code="invalid") from error

    def prepare_value(self, value):
        return str(value) if isinstance(value, Quarter) else value


def offer_quarters(form: forms.Form, name: str, quarters: list[Quarter]) -> None:
    """The quarters the `name` select lists, plus the one asked for in the data if it is older."""
    field = form.fields[name]
    asked = form.data.get(form.add_prefix(name)) if form.is_bound else None
    try:
        asked = Quarter.parse(asked) if asked else None
    except ValueError:
        asked = None
    if asked is not None and asked not in quarters:
        quarters = sorted({*quarters, asked}, reverse=True)
    empty = [] if field.required else [("", _("All quarters"))]
    field.widget.choices = empty + [(str(q), q.label) for q in quarters]


def indented_units(units) -> list[tuple[int, str]]:
    """(pk, name) of `units` in tree order, indented by depth under the shallowest."""
    rows = list(units.order_by("path").values_list("pk", "name", "depth"))
    top = min((depth for _pk, _name, depth in rows), default=0)
    return [(pk, "\u2003" * (depth - top) + name) for pk, name, depth in rows]


class _IndentedLabels:
    labels: dict[int, str] = {}

    def label_from_instance(self, obj) -> str:
        return self.labels.get(obj.pk, obj.name)


class UnitChoiceField(_IndentedLabels, forms.ModelChoiceField):
    pass


class UnitsChoiceField(_IndentedLabels, ModelMultipleChoiceField):
    pass


def offer_units(field: UnitChoiceField | UnitsChoiceField, units) -> None:
    field.queryset = units.order_by("path")
    field.labels = dict(indented_units(units))


class TaskFilterForm(forms.Form):
    document = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int, empty_value=None)
    unit = UnitWalkField(label=_("Unit"), empty_label=_("All units"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *STATUS_CHOICES])
    quarter = QuarterField(label=_("Quarter"), required=False)
    size = forms.TypedChoiceField(
        label=_("Per page"), required=False, coerce=int, choices=[(n, n) for n in settings.PAGE_SIZES]
    )

    def __init__(self, data, *, user, tasks, **kwargs):
        super().__init__(data, **kwargs)
        documents = Document.objects.visible_to(user).filter(pk__in=tasks.values("document_id")).order_by("-issued_on")
        self.fields["document"].choices = [("", _("All programmes"))] + [(d.pk, str(d)) for d in documents]
        self.fields["unit"].offer(user, self["unit"].value(), units=Unit.objects.visible_to(user).open())
        offer_quarters(self, "quarter", recent_quarters())


class QuarterFilterForm(forms.Form):
    quarter = QuarterField(label=_("Quarter"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_quarters(self, "quarter", recent_quarters())


class TaskForm(forms.Form):
    """Every field of a task. The directing unit is one where the user may give tasks; on edit it stays."""

    owner_unit = UnitChoiceField(label=_("Directing unit"), queryset=Unit.objects.none())

    def __init__(self, *args, user, task: Task | None = None, all_documents: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(Task, fields=TASK_FIELDS)
        self.fields.update(model_fields)
        self.fields["lead_unit"] = UnitChoiceField(
            label=model_fields["lead_unit"].label, queryset=Unit.objects.none(), required=False
        )
        self.fields["cooperating_units"] = UnitsChoiceField(
            label=_("Cooperating units"), queryset=Unit.objects.none(), required=False
        )
        visible_units = Unit.objects.visible_to(user).open()
        offer_units(self.fields["lead_unit"], visible_units)
        offer_units(self.fields["cooperating_units"], visible_units)
        self.fields["cooperating_units"].widget.attrs["size"] = 6
        if task is None:
            offer_units(self.fields["owner_unit"], Unit.objects.visible_to(user, Action.ASSIGN).open())
        else:
            del self.fields["owner_unit"]
            # The task's `audit.state_token` as the form was rendered: a save over someone else's is refused.
            self.fields["state"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self._offer_documents(user, task, all_documents)
        parents = Task.objects.visible_to(user).filter(scope_q(user, Action.ASSIGN, "owner_unit__path"))
        if task is not None:
            parents = parents.exclude(pk__in=[task.pk, *descendants(task)])
        self.fields["parent"].queryset = parents.select_related("document").order_by("document_id", "id")
        self.fields["parent"].label_from_instance = _task_label
        person = task.person_id if task else None
        members = Member.objects.visible_to(user).filter(Q(status__in=ACTIVE_STATUSES) | Q(pk=person))
        self.fields["person"].queryset = members.select_related("unit")
        self.fields["person"].label_from_instance = lambda m: f"{m.full_name} ({m.unit.name})"
        self.fields["deadline"].widget = DateInput()
        self.fields["title"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 4})
        self.order_fields(
            ["owner_unit", "document", "parent", "title", "description", "lead_unit", "cooperating_units"]
        )

    def _offer_documents(self, user, task: Task | None, all_documents: bool) -> None:
        """Programmes and plans by default (and the document already chosen); every document on request."""
        documents = Document.objects.visible_to(user)
        if not all_documents:
            prefilled = self.initial.get("document")
            chosen = {getattr(prefilled, "pk", prefilled), task.document_id if task else None} - {None}
            documents = documents.filter(Q(type__in=PROGRAMME_TYPES) | Q(pk__in=chosen))
        self.fields["document"].queryset = documents.order_by("-issued_on", "-id")


def _task_label(task: Task) -> str:
    return f"{task.title} ({task.document})" if task.document_id else task.title


def descendants(task: Task) -> list[int]:
    """Ids of the tasks under `task`, at any depth (one query over the tasks of its directing unit)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Task.objects.filter(owner_unit_id=task.owner_unit_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], list(children.get(task.pk, []))
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found


def _units_below(user, unit: Unit):
    return Unit.objects.visible_to(user).open().filter(path__startswith=unit.path).exclude(pk=unit.pk)


# Beyond this many units below, only the units directly below are offered one by one (a province holds a thousand
# units, the country sixty thousand: one checkbox each made a task's page take seconds); the ones further down are
# reached by kind, or by the units below passing the task on.
MOST_OFFERED_ONE_BY_ONE = 300


def _offer_below(field: UnitsChoiceField, below, unit: Unit) -> None:
    if below[: MOST_OFFERED_ONE_BY_ONE + 1].count() > MOST_OFFERED_ONE_BY_ONE:
        below = below.filter(parent=unit)
        field.help_text = _(
            "Only the units directly below are listed: choose a kind below to reach every unit of that kind further"
            " down, or let these units pass the task on."
        )
    offer_units(field, below)


_PERIOD = {Recurrence.QUARTERLY: re.compile(r"^\d{4}-Q[1-4]$"), Recurrence.YEARLY: re.compile(r"^\d{4}$")}


class AssignForm(forms.Form):
    """Units chosen one by one, or every unit of some kinds under the directing unit (or both)."""

    units = UnitsChoiceField(
        label=_("Units"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        label=_("Every unit of these kinds"), required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    period = forms.CharField(label=_("Period"), required=False, max_length=7)
    assigned_on = forms.DateField(label=_("Assigned on"), widget=DateInput())

    def __init__(self, *args, user, task: Task, **kwargs):
        kwargs.setdefault("initial", {"assigned_on": today(), "deadline": task.deadline})
        super().__init__(*args, **kwargs)
        self.task = task
        below = _units_below(user, task.owner_unit)
        _offer_below(self.fields["units"], below, task.owner_unit)
        present = set(below.order_by().values_list("kind", flat=True).distinct())
        self.fields["kinds"].choices = [(k, label) for k, label in UnitKind.choices if k in present]
        if task.recurrence == Recurrence.NONE:
            del self.fields["period"]
        else:
            self.fields["period"].required = True
            self.fields["period"].widget.attrs["placeholder"] = (
                "2022-Q2" if task.recurrence == Recurrence.QUARTERLY else "2022"
            )
            self.fields["period"].help_text = _("The quarter (e.g. 2022-Q2) or the year (e.g. 2022) it is for.")

    def clean_period(self):
        period = (self.cleaned_data.get("period") or "").strip().upper()
        if period and not _PERIOD[self.task.recurrence].match(period):
            raise forms.ValidationError(_("Write the period as 2022-Q2 for a quarter or 2022 for a year."))
        return period


class PassOnForm(forms.Form):
    units = UnitsChoiceField(label=_("Units"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    assigned_on = forms.DateField(label=_("Assigned on"), widget=DateInput())

    def __init__(self, *args, user, below: Unit, **kwargs):
        kwargs.setdefault("initial", {"assigned_on": today()})
        super().__init__(*args, **kwargs)
        _offer_below(self.fields["units"], _units_below(user, below), below)


class ReportForm(forms.Form):
    # Chosen on the page before the form is shown, so that a report already sent for it can be prefilled.
    quarter = QuarterField(label=_("Quarter"), widget=forms.HiddenInput)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, widget=DateInput(), help_text=_("Only when the task is done.")
    )
    narrative = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    indicator_value = forms.DecimalField(label=_("Indicator value"), required=False, max_digits=14, decimal_places=2)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent"].widget.attrs["inputmode"] = "numeric"
        if task.has_indicator:
            unit = f" ({task.indicator_unit})" if task.indicator_unit else ""
            self.fields["indicator_value"].label = f"{task.indicator}{unit}"
        else:
            del self.fields["indicator_value"]


class RescheduleForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewReportForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return for correction"))]
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning the report."),
    )


class CycleOpenForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    quarter = QuarterField(label=_("Quarter"))
    reporting_deadline = forms.DateField(
        label=_("Reporting deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Blank: five days after the quarter ends."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], Unit.objects.visible_to(user, Action.CHANGE).open())
        quarters = recent_quarters()
        offer_quarters(self, "quarter", [quarters[0].next(), *quarters])


class CloseCycleForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The review conference has met: close the quarter and lock its reports."), required=True
    )


class ReopenCycleForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, JPG or PNG, at most 10 MB."))
