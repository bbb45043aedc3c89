"""Official documents drafted from the data and issued in the party format, and the news bulletins of the public site.

An `OfficialDraft` is a document being prepared by a unit's office: its sections are drafted from the data (the
quarter's rollups, meetings, ratings, awards) and edited by the clerk; issuing it takes the next number of the unit's
`Register` for that type and year and registers it as a `documents.Document`. A `NewsArticle` is drafted from a
meeting, reviewed by an editor and published on the public site.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.documents.models import Document, DocumentType
from dangvu.units.models import Unit


class Register(models.Model):
    """A unit's register of outgoing documents (sổ đăng ký văn bản đi): the last number given, per type and year.
    Numbers are taken under a row lock, so they never repeat and never skip."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registers")
    type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("register of documents")
        constraints = [models.UniqueConstraint(fields=["unit", "type", "year"], name="register_unit_type_year")]


class DraftKind(models.TextChoices):
    QUARTERLY_REPORT = "quarterly_report", _("Quarterly report")
    INVITATION = "invitation", _("Invitation")
    MINUTES = "minutes", _("Minutes")
    CONCLUSIONS_NOTICE = "conclusions_notice", _("Notice of conclusions")
    AWARD_DECISION = "award_decision", _("Award decision")
    OTHER = "other", _("Other document")


class DraftState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class OfficialDraftQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        from dangvu.access.scoping import scope_q

        return self.filter(scope_q(user, action, "unit__path"))


class OfficialDraft(models.Model):
    """A party document being prepared, then issued (registered with its number)."""

    unit = models.ForeignKey(Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="drafts")
    kind = models.CharField(_("kind"), max_length=20, choices=DraftKind.choices)
    type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    subject = models.CharField(_("subject"), max_length=500)
    place = models.CharField(_("place"), max_length=100, default="Tuyên Quang")
    # [{"key": "q1_results", "heading": "...", "text": "...", "drafted": true}, ...]: drafted from the data, edited.
    sections = models.JSONField(_("sections"), default=list)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    signing_authority = models.CharField(_("signing authority"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    period = models.CharField(_("period"), max_length=10, blank=True, help_text=_("E.g. 2022-Q1."))
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    state = models.CharField(_("state"), max_length=10, choices=DraftState.choices, default=DraftState.DRAFT)
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="draft", verbose_name=_("document")
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # concurrent edits are detected on it
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficialDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("official document draft")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(document__isnull=False, issued_on__isnull=False),
                name="draft_issued_has_document",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class NewsState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NewsArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=NewsState.PUBLISHED, published_at__isnull=False)

    def visible_to(self, user, action: str = "view"):
        """Editors see their units' articles in every state; the public sees only what is published."""
        from dangvu.access.scoping import scope_q

        return self.filter(scope_q(user, action, "unit__path"))


class NewsArticle(models.Model):
    """A news item about a unit's activity, drafted from a meeting and the data, published on the public site."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="news")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="news"
    )
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(max_length=120, allow_unicode=False)
    dateline = models.CharField(_("dateline"), max_length=100, blank=True, help_text=_("Place, e.g. Tuyên Quang."))
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    lead = models.TextField(_("lead"))
    body = models.TextField(_("body"), help_text=_("Paragraphs separated by a blank line."))
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    # The facts the draft was written from (dates, numbers, documents, awards), kept to check the text against.
    facts = models.JSONField(default=dict, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=NewsState.choices, default=NewsState.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["state", "published_at"], name="news_state_published_idx")]

    def __str__(self) -> str:
        return self.headline


class NewsPhoto(models.Model):
    """A photo of an article with its caption (JPEG or PNG, served as an image, never as HTML)."""

    article = models.ForeignKey(NewsArticle, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="news/%Y/%m/", blank=True)
    caption = models.CharField(_("caption"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["article", "position", "id"]
