"""Forms that change the tree: new sub-units, rename, move, merge, split, dissolve; terms and committee seats.

Restructuring is two-step: "Preview" runs the operation inside a transaction that is rolled back (so the
preview is validated by exactly the code that will run) and shows what will change; "Confirm" runs it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangvu.access.roles import Action
from dangvu.members.models import Member
from dangvu.units import forms, operations, queries
from dangvu.units.models import CELL_KINDS, Position, Unit

MAX_PARTS = 6  # new units offered by the split form


class _Rollback(Exception):
    pass


def _unit(request, pk: int, action: str = Action.RESTRUCTURE) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user, action).open(), pk=pk)


def _error(form, error) -> None:
    """Put an operation's error on the form: on the field it names (or its `new_` twin), else above the form."""
    if isinstance(error, PermissionDenied):
        error = ValidationError(str(error) or _("You do not have permission to change this unit."))
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        target = next((f for f in (name, f"new_{name}", ALIASES.get(name)) if f in form.fields), None)
        form.add_error(target, errors)


# Operation argument → form field, where the two differ.
ALIASES = {"established_on": "effective_on", "parent": "new_parent"}


def _two_step(request, unit: Unit, form, *, title: str, perform, describe=None, done: str, extra=None):
    """Validate → preview (performed, then rolled back) → confirm (performed)."""
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("confirm") == "1":
                perform(form.cleaned_data)
                messages.success(request, done)
                return redirect("unit_detail", unit.pk)
            # What will change is read from the tree as it stands, before the trial run moves anything.
            preview = describe(form.cleaned_data) if describe else [done]
            with transaction.atomic():
                perform(form.cleaned_data)
                raise _Rollback
        except _Rollback:
            pass
        except (ValidationError, PermissionDenied) as error:
            preview = None
            _error(form, error)
        # The trial run changed objects in memory; show them as they are stored.
        unit.refresh_from_db()
    status = 422 if request.method == "POST" and form.errors else 200
    context = {"unit": unit, "form": form, "title": title, "preview": preview, "two_step": True, "nav_section": "units"}
    context.update(extra or {})
    return render(request, "units/unit_form.html", context, status=status)


def _one_step(request, unit: Unit, form, *, title: str, perform, done: str, action: str = Action.CHANGE):
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _error(form, error)
        else:
            messages.success(request, done)
            return redirect("unit_detail", unit.pk)
    status = 422 if request.method == "POST" and form.errors else 200
    context = {"unit": unit, "form": form, "title": title, "two_step": False, "nav_section": "units"}
    return render(request, "units/unit_form.html", context, status=status)


def unit_create(request, pk: int):
    parent = _unit(request, pk)
    form = forms.UnitCreateForm(request.POST or None)

    def perform(data):
        operations.create_unit(request.user, parent=parent, **data)

    return _one_step(request, parent, form, title=_("New sub-unit"), perform=perform, done=_("The unit was created."))


def unit_rename(request, pk: int):
    unit = _unit(request, pk)
    form = forms.RenameForm(request.POST or None, initial={"name": unit.name, "short_name": unit.short_name})

    def perform(data):
        operations.rename_unit(request.user, unit, **data)

    def describe(data):
        return [
            _("%(old)s will be called %(new)s from %(date)s; the old name stays on earlier dates.")
            % {"old": unit.name, "new": data["name"], "date": data["effective_on"].strftime("%d/%m/%Y")}
        ]

    return _two_step(
        request, unit, form, title=_("Rename"), perform=perform, describe=describe, done=_("The unit was renamed.")
    )


def unit_move(request, pk: int):
    unit = _unit(request, pk)
    parents = (
        Unit.objects.visible_to(request.user, Action.RESTRUCTURE)
        .open()
        .exclude(path__startswith=unit.path)
        .exclude(kind__in=CELL_KINDS)
        .exclude(pk=unit.parent_id)
    )
    form = forms.MoveForm(request.POST or None, parents=parents)

    def perform(data):
        operations.move_unit(request.user, unit, **data)

    def describe(data):
        size = Unit.objects.visible_to(request.user).open().filter(path__startswith=unit.path).count()
        return [
            _("%(unit)s and its %(count)s sub-units will move under %(parent)s from %(date)s.")
            % {
                "unit": unit,
                "count": size - 1,
                "parent": data["new_parent"],
                "date": data["effective_on"].strftime("%d/%m/%Y"),
            }
        ]

    return _two_step(
        request, unit, form, title=_("Move"), perform=perform, describe=describe, done=_("The unit was moved.")
    )


def _merge_inputs(data) -> dict:
    values = {"effective_on": data["effective_on"], "decision": data["decision"], "successor": data["successor"]}
    if not data["successor"]:
        values["new_unit"] = {"name": data["new_name"], "code": data["new_code"], "kind": data["new_kind"]}
    return values


def unit_merge(request, pk: int):
    unit = _unit(request, pk)
    candidates = Unit.objects.visible_to(request.user, Action.RESTRUCTURE).open().filter(parent=unit.parent_id)
    form = forms.MergeForm(
        request.POST or None,
        candidates=candidates.order_by("sort_key"),
        initial={"sources": [unit.pk], "new_kind": unit.kind},
    )

    def perform(data):
        values = _merge_inputs(data)
        if "new_unit" in values:
            values["new_unit"]["parent"] = unit.parent
        operations.merge_units(request.user, list(data["sources"]), **values)

    def describe(data):
        successor = data["successor"] or Unit(name=data["new_name"], code=data["new_code"], kind=data["new_kind"])
        plan = operations.plan_merge(list(data["sources"]), successor)
        members = Member.objects.visible_to(request.user)
        plan.members_moving = list(queries.members_under(members, [child for child, _parent in plan.moved_units]))
        return plan

    return _two_step(
        request, unit, form, title=_("Merge"), perform=perform, describe=describe, done=_("The units were merged.")
    )


def unit_split(request, pk: int):
    unit = _unit(request, pk)
    try:
        parts = min(max(int(request.GET.get("parts", 2)), 2), MAX_PARTS)
    except ValueError:
        parts = 2
    children = list(unit.children.open().order_by("sort_key"))
    members = list(Member.objects.visible_to(request.user).filter(unit=unit, status__in=queries.ACTIVE))
    form = forms.SplitForm(request.POST or None, parts=parts, children=children, members=members)

    def split_parts(data) -> list[operations.SplitPart]:
        result = [
            operations.SplitPart(name=data[f"part{n}_name"], code=data[f"part{n}_code"], kind=data[f"part{n}_kind"])
            for n in range(1, parts + 1)
        ]
        for child in children:
            result[int(data[f"child_{child.pk}"]) - 1].children.append(child)
        for member in members:
            result[int(data[f"member_{member.pk}"]) - 1].members.append(member)
        return result

    def perform(data):
        operations.split_unit(
            request.user, unit, split_parts(data), effective_on=data["effective_on"], decision=data["decision"]
        )

    def describe(data):
        return operations.plan_split(unit, split_parts(data))

    return _two_step(
        request,
        unit,
        form,
        title=_("Split"),
        perform=perform,
        describe=describe,
        done=_("The unit was split."),
        extra={"more_parts": parts + 1 if parts < MAX_PARTS else None},
    )


def unit_dissolve(request, pk: int):
    unit = _unit(request, pk)
    form = forms.DissolveForm(request.POST or None)

    def perform(data):
        operations.dissolve_unit(request.user, unit, **data)

    def describe(data):
        return operations.Plan(closed_units=[unit])

    return _two_step(
        request,
        unit,
        form,
        title=_("Dissolve"),
        perform=perform,
        describe=describe,
        done=_("The unit was dissolved."),
    )


def term_create(request, pk: int):
    unit = _unit(request, pk, Action.CHANGE)
    form = forms.TermForm(request.POST or None)

    def perform(data):
        operations.open_term(request.user, unit, **data)

    return _one_step(request, unit, form, title=_("New term"), perform=perform, done=_("The term was added."))


def position_create(request, pk: int):
    unit = _unit(request, pk, Action.CHANGE)
    members = Member.objects.visible_to(request.user).filter(
        unit__path__startswith=unit.path, status__in=queries.ACTIVE
    )
    form = forms.AppointForm(request.POST or None, terms=unit.terms.order_by("-starts_on"), members=members)

    def perform(data):
        operations.appoint(request.user, data["term"], data["member"], role=data["role"], starts_on=data["starts_on"])

    return _one_step(
        request, unit, form, title=_("Appoint to the committee"), perform=perform, done=_("The position was added.")
    )


@require_POST
def position_end(request, pk: int, position_pk: int):
    unit = _unit(request, pk, Action.CHANGE)
    position = get_object_or_404(Position.objects.filter(term__unit=unit, ends_on__isnull=True), pk=position_pk)
    form = forms.EndPositionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Enter the date as dd/mm/yyyy."))
        operations.end_position(request.user, position, ends_on=form.cleaned_data["ends_on"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The position was ended."))
    return redirect("unit_detail", unit.pk)
