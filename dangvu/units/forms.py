from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import ModelMultipleChoiceField
from dangvu.core.widgets import DateInput
from dangvu.units.models import CELL_KINDS, PositionRole, UnitKind


class _Effective(forms.Form):
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    decision = forms.CharField(
        label=_("Decision"), required=False, max_length=200, help_text=_("e.g. Quyết định số 15-QĐ/TU")
    )


class UnitCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=80, required=False)
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("Short unique code, used in imports."))
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    established_on = forms.DateField(label=_("Established on"), widget=DateInput())
    decision = forms.CharField(label=_("Decision"), required=False, max_length=200)


class RenameForm(_Effective):
    name = forms.CharField(label=_("New name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=80, required=False)
    field_order = ["name", "short_name", "effective_on", "decision"]


class MoveForm(_Effective):
    new_parent = forms.ModelChoiceField(label=_("New parent unit"), queryset=None)
    field_order = ["new_parent", "effective_on", "decision"]

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class MergeForm(_Effective):
    sources = ModelMultipleChoiceField(label=_("Units to merge"), queryset=None, widget=forms.CheckboxSelectMultiple)
    successor = forms.ModelChoiceField(
        label=_("Successor (an existing unit)"), queryset=None, required=False, empty_label=_("— a new unit —")
    )
    new_name = forms.CharField(label=_("Name of the new unit"), max_length=200, required=False)
    new_code = forms.CharField(label=_("Code of the new unit"), max_length=40, required=False)
    new_kind = forms.ChoiceField(label=_("Kind of the new unit"), choices=UnitKind.choices, required=False)
    field_order = ["sources", "successor", "new_name", "new_code", "new_kind", "effective_on", "decision"]

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = candidates
        self.fields["successor"].queryset = candidates

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("successor") and not (cleaned.get("new_name") and cleaned.get("new_code")):
            raise forms.ValidationError(_("Choose the successor unit, or give the new unit's name and code."))
        return cleaned


class SplitForm(_Effective):
    """Parts 1..n, each with a name, code and kind; every sub-unit and member is assigned a part."""

    def __init__(self, *args, parts: int, children, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for number in range(1, parts + 1):
            self.fields[f"part{number}_name"] = forms.CharField(
                label=_("Name of new unit %(n)s") % {"n": number}, max_length=200
            )
            self.fields[f"part{number}_code"] = forms.CharField(
                label=_("Code of new unit %(n)s") % {"n": number}, max_length=40
            )
            self.fields[f"part{number}_kind"] = forms.ChoiceField(
                label=_("Kind of new unit %(n)s") % {"n": number}, choices=UnitKind.choices
            )
        choices = [(str(n), _("New unit %(n)s") % {"n": n}) for n in range(1, parts + 1)]
        self.children, self.members = children, members
        for child in children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(label=child.name, choices=choices)
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(label=member.full_name, choices=choices)
        self.order_fields(
            [f for f in self.fields if f not in {"effective_on", "decision"}] + ["effective_on", "decision"]
        )


class DissolveForm(_Effective):
    pass


class TermForm(forms.Form):
    name = forms.CharField(label=_("Term"), max_length=20, help_text=_("e.g. 2020-2025"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput(), required=False)


class AppointForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=None, empty_label=None)
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    role = forms.ChoiceField(label=_("Position"), choices=PositionRole.choices)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args, terms, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        self.fields["member"].queryset = members


class EndPositionForm(forms.Form):
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())


def non_cell_kinds() -> list[str]:
    return [k for k in UnitKind.values if k not in CELL_KINDS]
