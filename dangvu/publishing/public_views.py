"""The public news site (/tin-tuc/): published news newest first, the "Xem tin theo ngày" archive, per-unit pages,
article pages made to be shared (Open Graph, Twitter card, canonical address) and photos.

No login. Only published articles exist here: a draft or a withdrawn article is a 404. Nothing is shown beyond what
the article prints (unit names come from the articles themselves; no member data is read).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from dangvu.publishing.models import NewsArticle, NewsPhoto
from dangvu.publishing.news_forms import DayForm
from dangvu.publishing.news_views import serve_photo

PAGE_SIZE = 10
SUMMARY_WORDS = 40


def published():
    return (
        NewsArticle.objects.published()
        .select_related("unit")
        .prefetch_related("photos")
        .order_by("-published_at", "-id")
    )


def _render(request, template: str, context: dict, status: int = 200):
    latest_days = (
        NewsArticle.objects.published()
        .annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("-day")[:7]
    )
    return render(
        request, template, {"latest_days": list(latest_days), "day_form": DayForm(), **context}, status=status
    )


@login_not_required
def public_index(request):
    page = Paginator(published(), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "publishing/public_index.html", {"page": page})


@dataclass
class CalendarDay:
    day: date | None
    count: int = 0


def _month_grid(year: int, month: int, counts: dict[date, int]) -> list[list[CalendarDay]]:
    """Weeks from Monday; days with news carry their count (the template links them)."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([CalendarDay(d, counts.get(d, 0)) if d.month == month else CalendarDay(None) for d in week])
    return weeks


def _month_of(raw: str) -> tuple[int, int] | None:
    try:
        year, month = (int(part) for part in raw.split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        return None
    return year, month


@login_not_required
def public_archive(request):
    """Xem tin theo ngày: a date picker (sends to the day's page) and a month calendar whose days with news link."""
    if "ngay" in request.GET:
        form = DayForm(request.GET)
        if form.is_valid():
            return redirect("public_day", day=form.cleaned_data["ngay"].isoformat())
    else:
        form = DayForm()
    chosen = _month_of(request.GET.get("thang", ""))
    if chosen is None:
        latest = NewsArticle.objects.published().order_by("-published_at").first()
        moment = timezone.localtime(latest.published_at) if latest else timezone.localtime()
        chosen = (moment.year, moment.month)
    year, month = chosen
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    rows = (
        NewsArticle.objects.published()
        .annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
        .filter(day__range=(first, last))
        .values("day")
        .annotate(n=Count("id"))
    )
    counts = {row["day"]: row["n"] for row in rows}
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    context = {
        "form": form,
        "month": first,
        "weeks": _month_grid(year, month, counts),
        "previous": f"{previous:%Y-%m}",
        "following": f"{following:%Y-%m}",
        "total": sum(counts.values()),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return _render(request, "publishing/public_archive.html", context, status=status)


@login_not_required
def public_day(request, day):
    try:
        chosen = date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error
    zone = timezone.get_current_timezone()
    articles = published().annotate(day=TruncDate("published_at", tzinfo=zone)).filter(day=chosen)
    context = {
        "day": chosen,
        "articles": articles,
        "month": f"{chosen:%Y-%m}",
        "form": DayForm(initial={"ngay": chosen}),
    }
    return _render(request, "publishing/public_day.html", context)


@login_not_required
def public_unit(request, unit_id):
    """A unit's published news; the unit is known to the public only through its articles."""
    articles = published().filter(unit_id=unit_id)
    first = articles.first()
    if first is None:
        raise Http404
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "publishing/public_unit.html", {"unit": first.unit, "page": page})


@login_not_required
def public_article(request, pk, slug=None):
    article = get_object_or_404(published().prefetch_related("photos"), pk=pk)
    if slug != article.slug:
        return redirect("public_article", pk=article.pk, slug=article.slug, permanent=True)
    canonical = request.build_absolute_uri(reverse("public_article", kwargs={"pk": article.pk, "slug": article.slug}))
    photos = list(article.photos.all())
    image = request.build_absolute_uri(reverse("public_photo", kwargs={"photo_id": photos[0].pk})) if photos else ""
    more = published().filter(unit=article.unit).exclude(pk=article.pk)[:5]
    context = {
        "article": article,
        "paragraphs": [p for p in article.body.split("\n\n") if p.strip()],
        "photos": photos,
        "canonical": canonical,
        "share_image": image,
        "description": summary(article.lead),
        "more": more,
    }
    return _render(request, "publishing/public_article.html", context)


def summary(text: str, words: int = SUMMARY_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


@login_not_required
def public_photo(request, photo_id):
    photo = get_object_or_404(NewsPhoto.objects.filter(article__in=NewsArticle.objects.published()), pk=photo_id)
    response = serve_photo(photo)
    response["Cache-Control"] = "public, max-age=86400"
    return response
