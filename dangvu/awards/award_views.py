"""Placeholder views, replaced by the real ones."""

from django.http import Http404


def award_list(request, **kwargs):
    raise Http404


def award_export(request, **kwargs):
    raise Http404


def award_type_list(request, **kwargs):
    raise Http404


def award_type_create(request, **kwargs):
    raise Http404


def award_type_edit(request, **kwargs):
    raise Http404


def award_candidates(request, **kwargs):
    raise Http404


def nomination_list(request, **kwargs):
    raise Http404


def nomination_create(request, **kwargs):
    raise Http404


def nomination_review(request, **kwargs):
    raise Http404


def award_grant(request, **kwargs):
    raise Http404


def award_decision(request, **kwargs):
    raise Http404


def award_decision_docx(request, **kwargs):
    raise Http404


def award_decision_xlsx(request, **kwargs):
    raise Http404


def award_certificate_docx(request, **kwargs):
    raise Http404


def award_certificate_pdf(request, **kwargs):
    raise Http404
