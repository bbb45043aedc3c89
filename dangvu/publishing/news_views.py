"""The news editors' pages: the list of drafts and published articles of the units in scope (and its XLSX), drafting
from a meeting, the editor with the facts panel, the preview, photos, publishing and withdrawing.

Reads go through `visible_to` (out of scope is a 404); writes go through `news_operations`, whose refusals go back
onto the form with status 422 and change nothing.
"""

from io import BytesIO

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.writer.excel import save_workbook

from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any, scope_q
from dangvu.meetings.models import Meeting, MeetingState
from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.publishing import news_operations as operations
from dangvu.publishing.models import NewsArticle, NewsPhoto, NewsState
from dangvu.publishing.news import NewsFacts
from dangvu.publishing.news_forms import ArticleForm, MeetingPickerForm, NewsFilterForm, PhotoForm, WithdrawForm
from dangvu.tracking.dashboard import Column, _sheet
from dangvu.tracking.pages import attempt

PAGE_SIZE = 25
MEETING_CHOICES = 200
STATE_BADGES = {"draft": "exempt", "published": "full", "withdrawn": "closed"}


def _require_editor(user) -> None:
    if not (has_any(user, Action.CHANGE) or has_any(user, Action.CONVENE)):
        raise Http404


def _render(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"nav_section": "news", "state_badges": STATE_BADGES, **context}, status=status)


def _articles(request):
    _require_editor(request.user)
    return NewsArticle.objects.visible_to(request.user).select_related("unit", "meeting", "published_by")


def _article(request, pk) -> NewsArticle:
    return get_object_or_404(_articles(request), pk=pk)


def _filtered(request):
    form = NewsFilterForm(request.GET or None)
    articles = _articles(request).order_by("-updated_at", "-id")
    if form.is_valid() and form.cleaned_data["state"]:
        articles = articles.filter(state=form.cleaned_data["state"])
    return form, articles


def news_list(request):
    form, articles = _filtered(request)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "publishing/news_list.html", {"form": form, "page": page})


def news_export(request):
    """The list as .xlsx (the filter applied)."""
    _form, articles = _filtered(request)
    if not has_any(request.user, Action.EXPORT):
        raise Http404
    columns = [
        Column(_("Headline"), lambda a: a.headline),
        Column(_("Unit"), lambda a: a.unit.name),
        Column(_("Date of the event"), lambda a: a.event_date.strftime("%d/%m/%Y") if a.event_date else ""),
        Column(_("State"), lambda a: str(a.get_state_display())),
        Column(
            _("Published at"),
            lambda a: timezone.localtime(a.published_at).strftime("%d/%m/%Y %H:%M") if a.published_at else "",
        ),
        Column(_("Published by"), lambda a: str(a.published_by or "")),
        Column(_("Meeting"), lambda a: a.meeting.title if a.meeting_id else ""),
    ]
    book = Workbook(write_only=True)
    _sheet(book, _("News"), columns, articles)
    out = BytesIO()
    save_workbook(book, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="tin-bai.xlsx"'
    return response


def _draftable_meetings(request):
    """Held (or past) meetings of units the user may draft for, latest first."""
    user = request.user
    meetings = Meeting.objects.visible_to(user).exclude(state=MeetingState.CANCELLED)
    meetings = meetings.filter(scope_q(user, Action.CHANGE, "unit__path") | scope_q(user, Action.CONVENE, "unit__path"))
    meetings = meetings.filter(starts_at__lte=timezone.now()).select_related("unit").order_by("-starts_at", "-id")
    return (
        Meeting.objects.filter(pk__in=list(meetings.values_list("pk", flat=True)[:MEETING_CHOICES]))
        .select_related("unit")
        .order_by("-starts_at", "-id")
    )


def _draft(request, form, meeting_of) -> NewsArticle | None:
    created = []
    if attempt(form, lambda: created.append(operations.draft_from_meeting(request.user, meeting_of()))):
        messages.success(request, _("The draft was written from the meeting's data. Check it before publishing."))
        return created[0]
    return None


@require_http_methods(["GET", "POST"])
def news_from_meeting(request):
    """Pick a meeting and draft its news."""
    _require_editor(request.user)
    meetings = _draftable_meetings(request)
    form = MeetingPickerForm(request.POST or None, meetings=meetings)
    if request.method == "POST":
        article = _draft(request, form, lambda: form.cleaned_data["meeting"])
        if article:
            return redirect("news_edit", pk=article.pk)
        return _render(request, "publishing/news_from_meeting.html", {"form": form}, status=422)
    return _render(request, "publishing/news_from_meeting.html", {"form": form})


@require_http_methods(["GET", "POST"])
def news_from_meeting_id(request, meeting_id):
    """The same, for one meeting (linked from the meeting's page)."""
    _require_editor(request.user)
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("unit"), pk=meeting_id)
    data = {"meeting": meeting.pk} if request.method == "POST" else None
    form = MeetingPickerForm(data, initial={"meeting": meeting}, meetings=Meeting.objects.filter(pk=meeting.pk))
    existing = NewsArticle.objects.visible_to(request.user).filter(meeting=meeting).order_by("-id")
    context = {"form": form, "meeting": meeting, "existing": existing}
    if request.method == "POST":
        article = _draft(request, form, lambda: meeting)
        if article:
            return redirect("news_edit", pk=article.pk)
        return _render(request, "publishing/news_from_meeting.html", context, status=422)
    return _render(request, "publishing/news_from_meeting.html", context)


def _facts(article: NewsArticle) -> NewsFacts | None:
    data = dict(article.facts or {})
    data.pop("captions", None)
    try:
        return NewsFacts.from_json(data) if data else None
    except TypeError:
        return None


def _edit_page(request, article, form=None, photo_form=None, withdraw_form=None, status=200):
    captions = (article.facts or {}).get("captions", [])
    used = {p.caption for p in article.photos.all()}
    context = {
        "article": article,
        "form": form or ArticleForm(instance=article, initial={"version": article.version}),
        "photo_form": photo_form or PhotoForm(initial={"caption": next((c for c in captions if c not in used), "")}),
        "withdraw_form": withdraw_form or WithdrawForm(),
        "facts": _facts(article),
        "captions": captions,
        "photos": article.photos.all(),
        "can_publish": can(request.user, Action.CHANGE, article.unit),
        "public_url": _public_url(article),
    }
    return _render(request, "publishing/news_edit.html", context, status=status)


def _public_url(article) -> str:
    from django.urls import reverse

    if article.state != NewsState.PUBLISHED:
        return ""
    return reverse("public_article", kwargs={"pk": article.pk, "slug": article.slug})


@require_http_methods(["GET", "POST"])
def news_edit(request, pk):
    article = _article(request, pk)
    if request.method != "POST":
        return _edit_page(request, article)
    form = ArticleForm(request.POST, instance=article)

    def save():
        data = {name: form.cleaned_data[name] for name in ArticleForm.Meta.fields}
        operations.update_article(request.user, article, form.cleaned_data["version"], **data)

    # The model form must not write: only the operation does; validate the fields, then call it.
    if attempt(form, save):
        messages.success(request, _("The article was saved."))
        return redirect("news_edit", pk=article.pk)
    article.refresh_from_db()
    return _edit_page(request, article, form=form, status=422)


def news_preview(request, pk):
    article = _article(request, pk)
    return _render(
        request,
        "publishing/news_preview.html",
        {"article": article, "paragraphs": _paragraphs(article), "photos": article.photos.all()},
    )


def _paragraphs(article) -> list[str]:
    return [p for p in article.body.split("\n\n") if p.strip()]


@require_POST
def news_photo_add(request, pk):
    article = _article(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if attempt(
        form,
        lambda: operations.add_photo(request.user, article, form.cleaned_data["image"], form.cleaned_data["caption"]),
    ):
        messages.success(request, _("The photo was added."))
        return redirect("news_edit", pk=article.pk)
    return _edit_page(request, article, photo_form=form, status=422)


@require_POST
def news_photo_remove(request, pk, photo_id):
    article = _article(request, pk)
    photo = get_object_or_404(article.photos, pk=photo_id)
    form = WithdrawForm(request.POST)
    if attempt(form, lambda: operations.remove_photo(request.user, photo)):
        messages.success(request, _("The photo was removed."))
        return redirect("news_edit", pk=article.pk)
    return _edit_page(request, article, status=422)


def serve_photo(photo: NewsPhoto) -> FileResponse:
    """A photo as an image (its type read from its bytes), never sniffed as anything else."""
    if not photo.image:
        raise Http404
    content_type = operations.photo_content_type(photo)
    response = FileResponse(photo.image.storage.open(photo.image.name, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def news_photo(request, pk, photo_id):
    article = _article(request, pk)
    return serve_photo(get_object_or_404(article.photos, pk=photo_id))


@require_POST
def news_publish(request, pk):
    article = _article(request, pk)
    form = WithdrawForm(request.POST)
    if attempt(form, lambda: operations.publish(request.user, article)):
        messages.success(request, _("The article is published on the public site."))
        return redirect("news_edit", pk=article.pk)
    article.refresh_from_db()
    return _edit_page(request, article, withdraw_form=form, status=422)


@require_POST
def news_withdraw(request, pk):
    article = _article(request, pk)
    form = WithdrawForm(request.POST)
    if attempt(form, lambda: operations.withdraw(request.user, article, form.cleaned_data["reason"])):
        messages.success(request, _("The article was withdrawn from the public site."))
        return redirect("news_edit", pk=article.pk)
    article.refresh_from_db()
    return _edit_page(request, article, withdraw_form=form, status=422)
