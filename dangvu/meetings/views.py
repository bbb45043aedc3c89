"""Placeholder: replaced by the real pages."""

from django.http import Http404


def meeting_list(request, *args, **kwargs):
    raise Http404


def meeting_export(request, *args, **kwargs):
    raise Http404


def meeting_create(request, *args, **kwargs):
    raise Http404


def meeting_detail(request, *args, **kwargs):
    raise Http404


def meeting_edit(request, *args, **kwargs):
    raise Http404


def meeting_cancel(request, *args, **kwargs):
    raise Http404


def meeting_agenda(request, *args, **kwargs):
    raise Http404


def meeting_invite(request, *args, **kwargs):
    raise Http404


def meeting_attendance(request, *args, **kwargs):
    raise Http404


def meeting_check_in(request, *args, **kwargs):
    raise Http404


def meeting_qr(request, *args, **kwargs):
    raise Http404


def meeting_ics(request, *args, **kwargs):
    raise Http404


def meeting_minutes(request, *args, **kwargs):
    raise Http404


def meeting_minutes_approve(request, *args, **kwargs):
    raise Http404


def meeting_outcome_task(request, *args, **kwargs):
    raise Http404


def meeting_outcome_document(request, *args, **kwargs):
    raise Http404
