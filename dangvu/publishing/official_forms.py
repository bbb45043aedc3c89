"""Forms of the official documents pages: draft a quarterly report, draft from a meeting, edit a draft."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.access.scoping import home_unit, today
from dangvu.core.periods import Quarter
from dangvu.publishing.models import DraftKind, DraftState
from dangvu.units.choices import UnitWalkField
from dangvu.units.models import MASS_ORGANISATION_KINDS, Unit

MEETING_KINDS = (
    (DraftKind.INVITATION, _("Invitation")),
    (DraftKind.MINUTES, _("Minutes")),
    (DraftKind.CONCLUSIONS_NOTICE, _("Notice of conclusions")),
)


def issuing_units(user):
    """Units whose documents the user may prepare (CHANGE: their office)."""
    return Unit.objects.visible_to(user, "change").open().exclude(kind__in=MASS_ORGANISATION_KINDS).order_by("path")


def quarter_choices(count: int = 40) -> list[tuple[str, str]]:
    """The current quarter and the ten years before it, newest first."""
    quarter = Quarter.containing(today())
    choices = []
    for _i in range(count):
        choices.append((str(quarter), quarter.label))
        quarter = quarter.previous()
    return choices


class QuarterlyReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none())
    quarter = forms.ChoiceField(label=_("Quarter reported on"), choices=())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units = issuing_units(user)
        self.fields["quarter"].choices = quarter_choices()
        if not self.initial.get("unit"):
            # The user's own highest unit by default: the office drafts its committee's report.
            home = home_unit(user)
            if home is not None and units.filter(pk=home.pk).exists():
                self.initial["unit"] = home.pk

    def clean_quarter(self) -> Quarter:
        return Quarter.parse(self.cleaned_data["quarter"])


class FromMeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=MEETING_KINDS, widget=forms.RadioSelect)


class DraftForm(forms.Form):
    """The clerk's edits: the subject, one textarea per section, recipients and the signature block."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    recipients = forms.CharField(
        label=_("Recipients"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line.")
    )
    signing_authority = forms.CharField(label=_("Signing on behalf of"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=120, required=False)

    def __init__(self, *args, draft, **kwargs):
        initial = {
            "version": draft.version,
            "subject": draft.subject,
            "recipients": draft.recipients,
            "signing_authority": draft.signing_authority,
            "signer_title": draft.signer_title,
            "signer_name": draft.signer_name,
        }
        for section in draft.sections:
            initial[f"section_{section['key']}"] = section.get("text", "")
        super().__init__(*args, initial=initial, **kwargs)
        self.sections = []
        for section in draft.sections:
            if section.get("heading_only"):
                self.sections.append((section, None))
                continue
            name = f"section_{section['key']}"
            lines = max(3, min(16, len(section.get("text", "").splitlines()) + 2))
            self.fields[name] = forms.CharField(
                label=section.get("heading") or _("Text"),
                required=False,
                widget=forms.Textarea(attrs={"rows": lines, "data-section": section["key"]}),
            )
            self.sections.append((section, name))
        self.draft = draft

    def section_fields(self):
        """(section, bound field) pairs, in the order of the document."""
        return [(section, self[name] if name else None) for section, name in self.sections]

    def section_texts(self) -> dict:
        return {section["key"]: self.cleaned_data[name] for section, name in self.sections if name}

    def field_values(self) -> dict:
        names = ("subject", "recipients", "signing_authority", "signer_title", "signer_name")
        return {name: self.cleaned_data[name] for name in names}


class DraftFilterForm(forms.Form):
    unit = UnitWalkField(label=_("Unit"), empty_label=_("All units"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *DraftKind.choices], required=False)
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All states")), *DraftState.choices], required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.visible_to(user).exclude(kind__in=MASS_ORGANISATION_KINDS)
        self.fields["unit"].offer(user, self["unit"].value(), units=units)


class IssueForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    issued_on = forms.DateField(
        label=_("Issue date"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y"),
        help_text=_("The date printed on the document; its year chooses the register."),
    )
