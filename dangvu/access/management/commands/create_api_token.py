from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from dangvu.access.audit import audit_context
from dangvu.access.operations import issue_api_token

TOKEN_CREATED = _("API token “%(name)s” created for %(user)s.")
TOKEN_SHOWN_ONCE = _("Keep this key safe: it is shown only once and cannot be recovered.")
UNKNOWN_USER = _("There is no active user %(username)s.")


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'báo cáo quý'")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(UNKNOWN_USER % {"username": username})
        with audit_context("command"):
            key = issue_api_token(user, name)
        self.stderr.write(TOKEN_CREATED % {"name": name, "user": user.username})
        self.stderr.write(TOKEN_SHOWN_ONCE)
        self.stdout.write(key)
