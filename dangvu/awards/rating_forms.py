"""Forms of the rating pages: the self-assessment, the cell's proposal (one row per member), the decision of the
base organisation (levels adjusted per member, the decision chosen or registered) and the collective ratings.

The forms only parse; `operations` applies the rules (levels, points, quota) and its refusals go back onto them.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.awards.models import LEVEL_CHOICES
from dangvu.awards.rules import Level
from dangvu.core.widgets import DateInput
from dangvu.documents.models import Document, DocumentType

BLANK = [("", "—")]
# In the per-row selects of a whole cell the abbreviations keep the table narrow enough for a phone.
SHORT_CHOICES = [(level.value, level.abbreviation) for level in Level]


def points_field(required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Points"),
        required=required,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5, "placeholder": "0-100"}),
    )


def level_field(label=None, required: bool = False, short: bool = True) -> forms.ChoiceField:
    choices = SHORT_CHOICES if short else LEVEL_CHOICES
    return forms.ChoiceField(label=label or _("Level"), required=required, choices=BLANK + choices)


class SelfAssessmentForm(forms.Form):
    level = level_field(required=True, short=False)
    points = points_field()
    note = forms.CharField(
        label=_("What I achieved and what I still must fix"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, points: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if points:
            self.fields["points"].required = True
        else:
            del self.fields["points"]


class DecisionFields(forms.Form):
    """Pick an existing decision of the deciding unit, or register a new one in the same form."""

    decision = forms.ModelChoiceField(
        label=_("Decision already registered"), queryset=Document.objects.none(), required=False, empty_label="—"
    )
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    symbol = forms.CharField(label=_("Symbol"), max_length=40, required=False, initial="QĐ/ĐU")
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)

    def __init__(self, *args, decisions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if decisions is not None:
            self.fields["decision"].queryset = decisions.filter(type=DocumentType.DECISION)

    def clean(self):
        data = super().clean()
        if not data.get("decision") and not (data.get("number") and data.get("issued_on")):
            raise forms.ValidationError(
                _("Choose the decision, or enter the number and date of a new one to register it.")
            )
        return data

    def new_decision(self) -> dict | None:
        data = self.cleaned_data
        if data.get("decision"):
            return None
        return {
            "number": data["number"],
            "symbol": data["symbol"],
            "issued_on": data["issued_on"],
            "subject": data["subject"],
        }


class ProposalForm(forms.Form):
    """One row per member the cell rates: `level_<id>`, `points_<id>`, `civil_<id>`, `note_<id>`."""

    def __init__(self, *args, rows=(), points: bool = False, civil: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member_rows = [row for row in rows if not row.decided]
        for row in self.member_rows:
            pk, rating = row.member.pk, row.rating
            self.fields[f"level_{pk}"] = level_field(_("Proposed level"))
            self.initial.setdefault(f"level_{pk}", (rating.proposed_level or rating.self_level) if rating else "")
            if points:
                self.fields[f"points_{pk}"] = points_field()
                self.initial.setdefault(
                    f"points_{pk}",
                    (rating.points if rating.points is not None else rating.self_points) if rating else None,
                )
            if civil:
                self.fields[f"civil_{pk}"] = level_field(_("Civil-service rating"))
                self.initial.setdefault(f"civil_{pk}", rating.civil_service_level if rating else "")
            self.fields[f"note_{pk}"] = forms.CharField(label=_("Note"), required=False, max_length=500)
            self.initial.setdefault(f"note_{pk}", rating.proposal_note if rating else "")

    def bound(self, row, name: str):
        key = f"{name}_{row.member.pk}"
        return self[key] if key in self.fields else None

    def proposals(self) -> list[dict]:
        """The rows with a level chosen, as keyword arguments of operations.ProposalRow."""
        data = self.cleaned_data
        found = []
        for row in self.member_rows:
            pk = row.member.pk
            if not data.get(f"level_{pk}"):
                continue
            found.append(
                {
                    "member": row.member,
                    "level": data[f"level_{pk}"],
                    "points": data.get(f"points_{pk}"),
                    "civil_service_level": data.get(f"civil_{pk}", ""),
                    "note": data.get(f"note_{pk}", ""),
                }
            )
        return found


class DecideForm(DecisionFields):
    """The decision of the base organisation: `level_<member id>` per proposal awaiting a decision."""

    def __init__(self, *args, pending=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pending = list(pending)
        for rating in self.pending:
            name = f"level_{rating.member_id}"
            self.fields[name] = level_field(_("Level decided"), required=True)
            self.initial.setdefault(name, rating.proposed_level)

    def levels(self) -> dict[int, str]:
        return {r.member_id: self.cleaned_data[f"level_{r.member_id}"] for r in self.pending}


class UnitRatingForm(DecisionFields):
    """Collective ratings of the units below: `level_<unit id>` and, under 366-QĐ/TW, `points_<unit id>`."""

    def __init__(self, *args, rows=(), points: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unit_rows = [row for row in rows if not (row.rating and row.rating.level)]
        for row in self.unit_rows:
            pk, rating = row.unit.pk, row.rating
            self.fields[f"level_{pk}"] = level_field(_("Level decided"))
            self.initial.setdefault(f"level_{pk}", rating.proposed_level if rating else "")
            if points:
                self.fields[f"points_{pk}"] = points_field()
                self.initial.setdefault(f"points_{pk}", rating.points if rating else None)

    def levels(self) -> tuple[dict[int, str], dict[int, object]]:
        data = self.cleaned_data
        levels, points = {}, {}
        for row in self.unit_rows:
            pk = row.unit.pk
            if data.get(f"level_{pk}"):
                levels[pk] = data[f"level_{pk}"]
                if f"points_{pk}" in data:
                    points[pk] = data[f"points_{pk}"]
        return levels, points
