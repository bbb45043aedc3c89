"""Helpers shared by the API tests."""

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from dangvu.access.operations import issue_api_token


def token_client(user, **kwargs) -> Client:
    """A client that authenticates with a fresh bearer token of `user`."""
    return Client(headers={"authorization": f"Bearer {issue_api_token(user, 'kiểm thử')}"}, **kwargs)


def vietnamese(msgid: str) -> str:
    with translation.override("vi"):
        return gettext(msgid)
