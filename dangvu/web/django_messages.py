"""Messages of Django itself that its Vietnamese catalogue does not translate yet (Django 6.1); listed here so that
makemessages puts them in this app's catalogue, which takes precedence over Django's."""

from django.utils.translation import gettext_noop

MESSAGES = (
    gettext_noop("- Select an option -"),  # the empty choice of a ModelChoiceField
)
