"""Placeholder views, replaced by the real ones."""

from django.http import Http404


def rating_results(request, **kwargs):
    raise Http404


def rating_results_export(request, **kwargs):
    raise Http404


def rating_self(request, **kwargs):
    raise Http404


def rating_propose(request, **kwargs):
    raise Http404


def rating_decide(request, **kwargs):
    raise Http404


def rating_units(request, **kwargs):
    raise Http404
