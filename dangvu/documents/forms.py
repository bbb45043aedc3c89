"""Forms of the document registry: the list filters, the document form, relations and uploads."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Action
from dangvu.core.widgets import DateInput
from dangvu.documents.models import Document, DocumentType, RelationKind, Validity
from dangvu.documents.operations import DOCUMENT_FIELDS
from dangvu.units.models import Unit


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *DocumentType.choices])
    issuer = forms.ChoiceField(label=_("Issuer"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    term = forms.ChoiceField(label=_("Term of office"), required=False)
    validity = forms.ChoiceField(label=_("Validity"), required=False, choices=[("", _("All")), *Validity.choices])
    size = forms.TypedChoiceField(
        label=_("Per page"), required=False, coerce=int, choices=[(n, n) for n in settings.PAGE_SIZES]
    )

    def __init__(self, data, *, documents, **kwargs):
        super().__init__(data, **kwargs)
        issuers = documents.order_by().values_list("issuer_key", "issuer_name", "issuer_unit__name").distinct()
        labels = sorted({(name or unit_name, key) for key, name, unit_name in issuers})
        self.fields["issuer"].choices = [("", _("All issuers"))] + [(key, label) for label, key in labels]
        terms = documents.exclude(term="").order_by().values_list("term", flat=True).distinct()
        self.fields["term"].choices = [("", _("All terms"))] + [(t, t) for t in sorted(set(terms))]


class DocumentForm(forms.Form):
    """The fields a clerk enters; the issuer is a unit of the tree or an outside body by name."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Document, fields=DOCUMENT_FIELDS))
        units = Unit.objects.visible_to(user, Action.CHANGE).open().order_by("path")
        self.fields["issuer_unit"].queryset = units
        self.fields["issuer_unit"].required = False
        self.fields["issued_on"].widget = DateInput()
        self.fields["subject"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["text"].widget = forms.Textarea(attrs={"rows": 8})
        self.fields["symbol"].widget.attrs["placeholder"] = "KL/TW"
        self.fields["issuer_name"].widget.attrs["placeholder"] = "Bộ Chính trị"

    def clean(self):
        data = super().clean()
        if not data.get("issuer_unit") and not (data.get("issuer_name") or "").strip():
            self.add_error("issuer_name", _("Choose the issuing unit or enter the name of the issuing body."))
        return data


class DocumentEditForm(DocumentForm):
    # The document's `audit.state_token` as the form was rendered: a save over someone else's is refused.
    state = forms.CharField(required=False, widget=forms.HiddenInput)


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    target = forms.ModelChoiceField(label=_("Document"), queryset=Document.objects.none())

    def __init__(self, *args, user, source: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Document.objects.visible_to(user).exclude(pk=source.pk)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF or DOCX, at most 10 MB)"))
