"""Placeholder: replaced by the real pages."""

from django.http import Http404


def task_list(request, *args, **kwargs):
    raise Http404


def task_create(request, *args, **kwargs):
    raise Http404


def task_detail(request, *args, **kwargs):
    raise Http404


def task_edit(request, *args, **kwargs):
    raise Http404


def task_assign(request, *args, **kwargs):
    raise Http404


def assignment_list(request, *args, **kwargs):
    raise Http404


def assignment_detail(request, *args, **kwargs):
    raise Http404


def assignment_pass_on(request, *args, **kwargs):
    raise Http404


def assignment_report(request, *args, **kwargs):
    raise Http404


def assignment_reschedule(request, *args, **kwargs):
    raise Http404


def report_review(request, *args, **kwargs):
    raise Http404


def review_list(request, *args, **kwargs):
    raise Http404


def review_open(request, *args, **kwargs):
    raise Http404


def review_detail(request, *args, **kwargs):
    raise Http404


def review_step(request, *args, **kwargs):
    raise Http404
