"""Forms of the compliance page and the congress plans: the period filter, a new plan, a congress's progress and
its election results. Permission and the congress rules are checked by `operations`."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Action
from dangvu.core.text import normalise
from dangvu.core.widgets import DateInput
from dangvu.meetings.models import CongressPlan, CongressStatus, Meeting, MeetingKind
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.tracking.forms import UnitChoiceField, offer_units
from dangvu.units.models import PositionRole, Unit, UnitKind

# Kinds a plan usually covers: subordinate cells, base organisations, the mass organisations.
PLAN_KINDS = [
    UnitKind.CELL,
    UnitKind.BASE_CELL,
    UnitKind.BASE_COMMITTEE,
    UnitKind.SUB_COMMITTEE,
    UnitKind.YOUTH_UNION,
    UnitKind.TRADE_UNION,
    UnitKind.VETERANS,
    UnitKind.WOMEN,
]
# advance_congress moves a congress up to "held"; approval comes with the election results.
ADVANCE_CHOICES = [(s.value, s.label) for s in CongressStatus if s != CongressStatus.APPROVED]


class CongressPlanForm(forms.Form):
    unit = UnitChoiceField(label=_("Directing unit"), queryset=Unit.objects.none())
    term_name = forms.CharField(label=_("Term"), max_length=20, help_text=_("e.g. 2022-2025"))
    title = forms.CharField(label=_("Title"), max_length=300)
    kinds = forms.MultipleChoiceField(
        label=_("Units holding a congress"),
        choices=[(kind.value, UnitKind(kind).label) for kind in PLAN_KINDS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every open unit of these kinds under the directing unit."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], Unit.objects.visible_to(user, Action.CONVENE).open())

    def clean(self):
        cleaned = super().clean()
        unit, term_name, title = cleaned.get("unit"), cleaned.get("term_name"), cleaned.get("title")
        # The database refuses a second plan with the same unit, term and title: say so before it does.
        if unit and term_name and title:
            same = CongressPlan.objects.filter(unit=unit, term_name=normalise(term_name), title=normalise(title))
            if same.exists():
                self.add_error("title", _("This unit already has a plan with this title for this term."))
        return cleaned


class CongressUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ADVANCE_CHOICES)
    planned_on = forms.DateField(label=_("Planned for"), required=False, widget=DateInput())
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args, user, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.visible_to(user)
            .filter(unit=congress.unit, kind=MeetingKind.CONGRESS)
            .filter(Q(congress__isnull=True) | Q(congress=congress))
        )


class ElectionForm(forms.Form):
    """The new term's dates and, for each member of the unit, the position elected to (blank: not elected)."""

    starts_on = forms.DateField(label=_("Term starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Term ends on"), required=False, widget=DateInput())

    def __init__(self, *args, user, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(
            Member.objects.visible_to(user)
            .in_subtree(congress.unit)
            .filter(status__in=list(ACTIVE_STATUSES))
            .select_related("unit")
        )
        choices = [("", _("Not elected")), *PositionRole.choices]
        for member in self.members:
            self.fields[f"role_{member.pk}"] = forms.ChoiceField(
                label=f"{member.full_name} ({member.unit.name})", choices=choices, required=False
            )

    def role_fields(self):
        return [self[f"role_{member.pk}"] for member in self.members]

    def elected(self) -> list[tuple[Member, str]]:
        return [(m, self.cleaned_data[f"role_{m.pk}"]) for m in self.members if self.cleaned_data[f"role_{m.pk}"]]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The term must end after it starts."))
        return cleaned
