"""Placeholder: replaced by the real pages."""

from django.http import Http404


def cell_compliance(request, *args, **kwargs):
    raise Http404


def cell_compliance_export(request, *args, **kwargs):
    raise Http404


def congress_plan_list(request, *args, **kwargs):
    raise Http404


def congress_plan_create(request, *args, **kwargs):
    raise Http404


def congress_plan_detail(request, *args, **kwargs):
    raise Http404


def congress_update(request, *args, **kwargs):
    raise Http404


def congress_election(request, *args, **kwargs):
    raise Http404
