"""Forms of emulation and commendation: award types, nominations, and the decision that grants awards (picked from the
registry or registered in the same form)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Action
from dangvu.awards.models import AwardForm, AwardType, Criterion, Recipients
from dangvu.core.widgets import DateInput
from dangvu.documents.models import Document, DocumentType
from dangvu.meetings.models import Meeting
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.tracking.forms import indented_units
from dangvu.units.models import Unit

YEAR_MIN, YEAR_MAX = 2000, 2100


def year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - 12, -1)]


class AwardTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    form = forms.ChoiceField(label=_("Form"), choices=AwardForm.choices)
    grantor_unit = forms.TypedChoiceField(label=_("Granting unit"), coerce=int)
    grantor = forms.CharField(
        label=_("Granted by"), max_length=200, help_text=_("As printed on the certificate, e.g. Ban Thường vụ Tỉnh ủy.")
    )
    recipients = forms.ChoiceField(label=_("For"), choices=Recipients.choices)
    criterion = forms.ChoiceField(label=_("Criterion"), choices=Criterion.choices, required=False)
    criterion_years = forms.IntegerField(
        label=_("Years"),
        min_value=1,
        max_value=20,
        initial=5,
        help_text=_("For the criterion: rated HTXSNV in each of this many years, ending with the award year."),
    )
    theme = forms.CharField(label=_("Theme"), max_length=300, required=False)
    description = forms.CharField(label=_("Criteria"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["grantor_unit"].choices = indented_units(Unit.objects.visible_to(user, Action.CHANGE).open())

    def operation_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["grantor_unit"] = Unit.objects.get(pk=data["grantor_unit"])
        return data


class DecisionForm(forms.Form):
    """The decision granting the awards: an existing decision, or a new one registered with the awards."""

    decision = forms.ModelChoiceField(
        label=_("Decision"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— register a new decision below —"),
    )
    number = forms.CharField(label=_("Number"), max_length=30, required=False)
    symbol = forms.CharField(label=_("Symbol"), max_length=40, required=False, help_text=_("E.g. QĐ/ĐUK."))
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)
    citation = forms.CharField(
        label=_("Citation"),
        max_length=300,
        required=False,
        help_text=_("As printed on the certificate; blank for the usual wording of the award type."),
    )
    presented_at = forms.ModelChoiceField(
        label=_("Presented at"), queryset=Meeting.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, data=None, *, user, grantor: Unit | None = None, **kwargs):
        super().__init__(data, **kwargs)
        decisions = Document.objects.visible_to(user).filter(type=DocumentType.DECISION).select_related("issuer_unit")
        if grantor is not None:
            decisions = decisions.filter(issuer_unit__path__startswith=grantor.path)
        self.fields["decision"].queryset = decisions.filter(
            pk__in=list(decisions.order_by("-issued_on", "-id").values_list("pk", flat=True)[:200])
        ).order_by("-issued_on", "-id")
        meetings = Meeting.objects.visible_to(user)
        if grantor is not None:
            meetings = meetings.filter(unit__path__startswith=grantor.path)
        self.fields["presented_at"].queryset = meetings.order_by("-starts_at")

    def clean(self):
        data = super().clean()
        if not data.get("decision"):
            missing = [name for name in ("number", "issued_on") if not data.get(name)]
            for name in missing:
                self.add_error(name, _("Pick a decision above or fill in the new decision."))
        return data

    def new_decision(self, issuer: Unit) -> dict | None:
        """The fields of the decision to register, or None when one was picked."""
        data = self.cleaned_data
        if data.get("decision"):
            return None
        return {
            "type": DocumentType.DECISION,
            "number": data["number"],
            "symbol": data.get("symbol") or "",
            "issuer_unit": issuer,
            "issuer_name": "",
            "term": "",
            "issued_on": data["issued_on"],
            "subject": data.get("subject") or "",
            "text": "",
            "validity": "in_force",
        }


class NominationForm(forms.Form):
    award_type = forms.ModelChoiceField(label=_("Award"), queryset=AwardType.objects.all())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    proposing_unit = forms.TypedChoiceField(label=_("Proposed by"), coerce=int)
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none(), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None)
    achievements = forms.CharField(label=_("Achievements"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = year_choices()
        units = indented_units(Unit.objects.visible_to(user, Action.RATE).open())
        self.fields["proposing_unit"].choices = units
        self.fields["unit"].choices = [("", "—"), *units]
        self.fields["member"].queryset = (
            Member.objects.visible_to(user, Action.RATE)
            .filter(status__in=list(ACTIVE_STATUSES))
            .select_related("unit")
            .order_by("name_sort_key")
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.full_name} — {m.unit.name if m.unit_id else ''}"

    def clean(self):
        data = super().clean()
        if not data.get("member") and not data.get("unit"):
            self.add_error("member", _("Choose a member or a unit."))
        return data


class FilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    type = forms.IntegerField(required=False)
    unit = forms.IntegerField(required=False)
    status = forms.CharField(required=False)
