"""Placeholder views, replaced by the real ones."""

from django.http import Http404


def badge_candidates(request, **kwargs):
    raise Http404


def badge_candidates_export(request, **kwargs):
    raise Http404


def badge_list(request, **kwargs):
    raise Http404


def badge_list_export(request, **kwargs):
    raise Http404


def badge_award(request, **kwargs):
    raise Http404


def badge_ceremony(request, **kwargs):
    raise Http404


def badge_health_note(request, **kwargs):
    raise Http404


def discipline_record(request, **kwargs):
    raise Http404
