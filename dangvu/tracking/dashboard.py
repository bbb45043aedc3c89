"""Placeholder: replaced by the real pages."""

from django.http import Http404


def tracking_dashboard(request, *args, **kwargs):
    raise Http404


def tracking_export(request, *args, **kwargs):
    raise Http404
