"""Every change to news articles: drafting from a meeting, editing (with a version check), photos, publishing and
withdrawing.

Drafting and editing a draft need Action.CONVENE (the secretary who held the meeting) or Action.CHANGE (the office)
on the article's unit; publishing, withdrawing and editing a published article need Action.CHANGE (the office or
an administrator). Each operation validates with a clear message, writes in one transaction and is audited.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can
from dangvu.core.text import normalise, strip_diacritics
from dangvu.documents import mentions
from dangvu.publishing.models import NewsArticle, NewsPhoto, NewsState
from dangvu.publishing.news import draft_article, gather_facts

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 20
EDITABLE_FIELDS = ("headline", "dateline", "event_date", "lead", "body", "byline", "source")
# Magic bytes of the only image formats accepted; the file name and the browser's content type are not trusted.
IMAGE_SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def _may_draft(actor, unit) -> bool:
    return actor is None or can(actor, Action.CHANGE, unit) or can(actor, Action.CONVENE, unit)


def _may_publish(actor, unit) -> bool:
    return actor is None or can(actor, Action.CHANGE, unit)


def _require_draft(actor, unit) -> None:
    if not _may_draft(actor, unit):
        raise PermissionDenied(_("Only the office or the secretary of %(unit)s drafts its news.") % {"unit": unit})


def _require_publish(actor, unit) -> None:
    if not _may_publish(actor, unit):
        raise PermissionDenied(_("Only the office of %(unit)s publishes its news.") % {"unit": unit})


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def make_slug(headline: str) -> str:
    """An ASCII address from the headline: 'dang-uy-khoi-cac-co-quan-va-doanh-nghiep-tinh-trien-khai-nhiem-vu-quy-ii'."""
    return slugify(strip_diacritics(headline))[:100].strip("-") or "tin"


def image_kind(head: bytes) -> str | None:
    """'jpg' or 'png' from the file's first bytes; None for anything else (an HTML page renamed .jpg included)."""
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


@transaction.atomic
def draft_from_meeting(actor, meeting) -> NewsArticle:
    """A draft article about `meeting`, its facts gathered from the data and its text written from them."""
    _require_draft(actor, meeting.unit)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; there is nothing to report."))
    facts = gather_facts(meeting)
    draft = draft_article(facts)
    data = facts.as_json()
    data["captions"] = draft.captions
    article = NewsArticle.objects.create(
        unit=meeting.unit,
        meeting=meeting,
        headline=draft.headline[:300],
        slug=make_slug(draft.headline),
        dateline=draft.dateline[:100],
        event_date=draft.event_date,
        lead=draft.lead,
        body=draft.body,
        byline=draft.byline,
        source=draft.source[:200],
        facts=data,
        created_by=_user(actor),
    )
    audit.record(actor, "create", article, after=audit.snapshot(article), unit=meeting.unit)
    mentions.index(article)
    return article


def _clean(fields: dict) -> dict:
    data = {}
    for name in EDITABLE_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name == "body":
            value = "\n\n".join(normalise(p) for p in (value or "").replace("\r\n", "\n").split("\n\n") if normalise(p))
        elif name != "event_date":
            value = normalise(value)
        data[name] = value
    errors = {}
    if "headline" in data and not data["headline"]:
        errors["headline"] = _("Enter the headline.")
    if "lead" in data and not data["lead"]:
        errors["lead"] = _("Enter the lead.")
    if "body" in data and not data["body"]:
        errors["body"] = _("Enter the body of the article.")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def update_article(actor, article: NewsArticle, version: int, **fields) -> NewsArticle:
    """Save the editor's text. `version` is the one the editor started from: if someone saved in between, the edit
    is refused and nothing is overwritten."""
    if article.state == NewsState.PUBLISHED:
        _require_publish(actor, article.unit)
    else:
        _require_draft(actor, article.unit)
    data = _clean(fields)
    current = NewsArticle.objects.select_for_update().get(pk=article.pk)
    if int(version) != current.version:
        raise ValidationError(
            _("Someone else saved this article while you were editing it. Reload it and make your changes again.")
        )
    before = audit.snapshot(current)
    if "headline" in data and current.state != NewsState.PUBLISHED:
        data["slug"] = make_slug(data["headline"])  # a published address never changes
    for name, value in data.items():
        setattr(current, name, value)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit.record(actor, "update", current, before=before, after=audit.snapshot(current), unit=current.unit)
    mentions.index(current)
    return current


def _photo_snapshot(photo: NewsPhoto) -> dict:
    return {**audit.snapshot(photo, ("id", "article", "caption", "position")), "image": photo.image.name}


@transaction.atomic
def add_photo(actor, article: NewsArticle, upload, caption: str) -> NewsPhoto:
    """A JPEG or PNG photo (checked by its bytes, at most 5 MB) with its caption."""
    _require_draft(actor, article.unit)
    if article.state == NewsState.PUBLISHED:
        _require_publish(actor, article.unit)
    caption = normalise(caption)
    if not caption:
        raise ValidationError({"caption": _("Enter the caption of the photo.")})
    if upload is None:
        raise ValidationError({"image": _("Choose a photo.")})
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({"image": _("The photo is larger than 5 MB.")})
    content = upload.read()
    kind = image_kind(content[:8])
    if kind is None:
        raise ValidationError({"image": _("Only JPEG and PNG photos are accepted.")})
    if article.photos.count() >= MAX_PHOTOS:
        raise ValidationError(_("An article has at most %(count)s photos.") % {"count": MAX_PHOTOS})
    position = (article.photos.aggregate(m=Max("position"))["m"] or 0) + 1
    photo = NewsPhoto(article=article, caption=caption[:300], position=position)
    photo.image.save(f"{article.pk}-{uuid.uuid4().hex[:12]}.{kind}", ContentFile(content), save=False)
    photo.save()
    audit.record(actor, "create", photo, after=_photo_snapshot(photo), unit=article.unit)
    return photo


@transaction.atomic
def remove_photo(actor, photo: NewsPhoto) -> None:
    article = photo.article
    _require_draft(actor, article.unit)
    if article.state == NewsState.PUBLISHED:
        _require_publish(actor, article.unit)
    before = _photo_snapshot(photo)
    audit.record(actor, "delete", photo, before=before, unit=article.unit)
    photo.image.delete(save=False)
    photo.delete()


def photo_content_type(photo: NewsPhoto) -> str:
    """The image type from the stored file's bytes (never from its name)."""
    with photo.image.storage.open(photo.image.name, "rb") as handle:
        return CONTENT_TYPES.get(image_kind(handle.read(8)) or "", "application/octet-stream")


@transaction.atomic
def publish(actor, article: NewsArticle) -> NewsArticle:
    _require_publish(actor, article.unit)
    if article.state == NewsState.PUBLISHED:
        raise ValidationError(_("This article is already published."))
    before = audit.snapshot(article)
    article.state = NewsState.PUBLISHED
    article.published_at = timezone.now()
    article.published_by = _user(actor)
    article.version += 1
    article.save()
    audit.record(actor, "publish", article, before=before, after=audit.snapshot(article), unit=article.unit)
    return article


@transaction.atomic
def withdraw(actor, article: NewsArticle, reason: str = "") -> NewsArticle:
    """Take a published article off the public site (it stays, withdrawn, for the editors)."""
    _require_publish(actor, article.unit)
    if article.state != NewsState.PUBLISHED:
        raise ValidationError(_("Only a published article can be withdrawn."))
    before = audit.snapshot(article)
    article.state = NewsState.WITHDRAWN
    article.version += 1
    article.save()
    audit.record(
        actor, "withdraw", article, before=before, after=audit.snapshot(article), unit=article.unit, reason=reason
    )
    return article
