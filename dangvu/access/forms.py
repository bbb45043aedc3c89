from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from dangvu.access import operations, throttling
from dangvu.core.widgets import DateInput


class ThrottledLoginForm(AuthenticationForm):
    """The login form, refusing a user name after repeated failures (against password guessing)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed attempts for this account. Try again in 15 minutes."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and throttling.is_locked(username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                throttling.record_failure(username, self.request.META.get("REMOTE_ADDR") if self.request else None)
            raise
        # With two-factor login the failures are cleared only by a right code, so that entering the password again
        # does not buy more guesses at the code.
        if not operations.has_totp(self.get_user()):
            throttling.clear(username)
        return cleaned


class AuditFilterForm(forms.Form):
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    user = forms.CharField(label=_("User"), required=False)
    object_type = forms.ChoiceField(
        label=_("Object"),
        required=False,
        choices=[
            ("", _("All")),
            ("members.member", _("Members")),
            ("units.unit", _("Units")),
            ("units.term", _("Terms")),
            ("units.position", _("Committee positions")),
        ],
    )


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, roles, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        self.fields["unit"].queryset = units


class UserCreateForm(GrantForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    card_number = forms.CharField(
        label=_("Party card number"), required=False, help_text=_("Links the account to the member's record.")
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    field_order = ["username", "full_name", "card_number", "password1", "password2", "role", "unit", "starts_on"]

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["ends_on"]
        self.members = members

    def clean_card_number(self):
        card = self.cleaned_data["card_number"].strip()
        if not card:
            return None
        member = self.members.filter(card_number=card).first()
        if member is None:
            raise forms.ValidationError(_("No member with this card number in your units."))
        return member

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class EndGrantForm(forms.Form):
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())


CODE_HELP = _("The 6 digits your authenticator app shows, or one of your recovery codes.")


def _code_field(label, help_text="", **attrs) -> forms.CharField:
    attrs = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", **attrs}
    return forms.CharField(label=label, max_length=20, help_text=help_text, widget=forms.TextInput(attrs=attrs))


class TotpEnrolForm(forms.Form):
    code = _code_field(_("Code shown by the app"), inputmode="numeric", autofocus=True)


class TotpLoginForm(forms.Form):
    code = _code_field(_("Authentication code"), CODE_HELP, autofocus=True)


class TotpDisableForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = _code_field(_("Authentication code"), CODE_HELP)
