"""Placeholder: replaced by the real pages."""

from django.http import Http404


def notification_list(request, *args, **kwargs):
    raise Http404
