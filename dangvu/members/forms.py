"""Forms for member records: admission, profile, lifecycle events and the import upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Action
from dangvu.core.widgets import DateInput
from dangvu.members.models import EVENT_CHOICES, Member
from dangvu.members.operations import PROFILE_FIELDS
from dangvu.members.rules import EventKind
from dangvu.units.models import CELL_KINDS, Unit

MAX_IMPORT_BYTES = 10 * 1024 * 1024


def date_field(label, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def add_operation_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an operation's ValidationError on the form: fields it names, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error)


def cells_for(user):
    """Open cells the user may change: where members can be admitted or transferred to."""
    return Unit.objects.visible_to(user, Action.CHANGE).open().filter(kind__in=CELL_KINDS).order_by("path")


class ProfileForm(forms.Form):
    """The profile fields of a member, with the model's labels and lengths."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in forms.fields_for_model(Member, fields=PROFILE_FIELDS).items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            self.fields[name] = field
        self.fields["full_name"].required = True
        self.fields["gender"].required = True
        self.fields["citizen_id"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{12}"})
        self.fields["phone"].widget.attrs["inputmode"] = "tel"

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class AdmitForm(ProfileForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cell = forms.ModelChoiceField(label=_("Cell"), queryset=cells_for(user))
        dates = {
            "admitted_on": date_field(_("Admission date")),
            "confirmed_on": date_field(_("Confirmation date"), required=False),
            "decision": forms.CharField(label=_("Admission decision"), required=False, max_length=200),
        }
        self.fields = {"unit": cell, **dates, **self.fields}


class EditForm(ProfileForm):
    # The record's `audit.state_token` as the form was rendered: a save over someone else's is refused.
    state = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )


# Admission is recorded by the admission form; every other event can be added to a record.
EVENT_FORM_CHOICES = [(value, label) for value, label in EVENT_CHOICES if value != EventKind.ADMISSION]


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=EVENT_FORM_CHOICES)
    occurred_on = date_field(_("Date"))
    unit = forms.ModelChoiceField(
        label=_("To cell"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("For transfers: the cell the member moves to."),
    )
    destination = forms.CharField(
        label=_("Destination"),
        required=False,
        max_length=200,
        help_text=_("For a transfer out: the party organisation outside the tree."),
    )
    decision = forms.CharField(label=_("Decision"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = cells_for(user).exclude(pk=member.unit_id)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(4)
        upload.seek(0)
        if not upload.name.lower().endswith(".xlsx") or head != b"PK\x03\x04":
            raise ValidationError(_("Only Excel workbooks (.xlsx) can be imported."))
        return upload
