"""Forms of party badges: the decision awarding them (picked from the registry or registered here), the ceremony,
a grave illness, and a disciplinary measure."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.awards.models import DisciplineKind
from dangvu.core.widgets import DateInput
from dangvu.documents.models import Document, DocumentType
from dangvu.units.models import Unit

DECISIONS_OFFERED = 200
NEW_DECISION_FIELDS = ("number", "symbol", "issued_on", "subject")


class BadgeDecisionForm(forms.Form):
    """The decision awarding the badges: an existing decision, or a new one registered with the award."""

    decision = forms.ModelChoiceField(
        label=_("Decision"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— register a new decision below —"),
    )
    number = forms.CharField(label=_("Number"), max_length=30, required=False)
    symbol = forms.CharField(label=_("Symbol"), max_length=40, required=False, help_text=_("E.g. QĐ/TU."))
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)

    def __init__(self, data=None, *, user, may_register: bool = True, **kwargs):
        super().__init__(data, **kwargs)
        decisions = Document.objects.visible_to(user).filter(type=DocumentType.DECISION)
        offered = list(decisions.order_by("-issued_on", "-id").values_list("pk", flat=True)[:DECISIONS_OFFERED])
        self.fields["decision"].queryset = Document.objects.filter(pk__in=offered).order_by("-issued_on", "-id")
        self.may_register = may_register
        if not may_register:
            # Only the committee office registers documents: pick a registered decision.
            for name in NEW_DECISION_FIELDS:
                del self.fields[name]
            self.fields["decision"].required = True
            self.fields["decision"].empty_label = None

    def clean(self):
        data = super().clean()
        if self.may_register and not data.get("decision"):
            for name in ("number", "issued_on"):
                if not data.get(name):
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
            "subject": data.get("subject") or str(_("on awarding party badges")),
            "text": "",
            "validity": "in_force",
        }


class CeremonyForm(forms.Form):
    on = forms.DateField(label=_("Ceremony held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class HealthNoteForm(forms.Form):
    since = forms.DateField(label=_("Gravely ill since"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DisciplineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=DisciplineKind.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    decision = forms.CharField(
        label=_("Decision"), max_length=200, required=False, help_text=_("E.g. Quyết định số 12-QĐ/UBKTĐU.")
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
