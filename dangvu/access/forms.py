from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from dangvu.access import throttling


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
