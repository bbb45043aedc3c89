"""The document registry: party and state documents, the relations between them, and their files.

Rows are written only by `operations`, which fills the derived keys (`search_key`, `number_key`,
`symbol_key`, `issuer_key`) from the fields a clerk enters.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.documents.rules import number_symbol, type_name
from dangvu.units.models import Unit


class DocumentType(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    CONCLUSION = "conclusion", _("Conclusion")
    DIRECTIVE = "directive", _("Directive")
    REGULATION = "regulation", _("Regulation")
    DECISION = "decision", _("Decision")
    RULES = "rules", _("Rules")
    PLAN = "plan", _("Plan")
    PROGRAMME = "programme", _("Programme")
    GUIDANCE = "guidance", _("Guidance")
    NOTICE = "notice", _("Notice")
    REPORT = "report", _("Report")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    SUBMISSION = "submission", _("Submission")
    SCHEME = "scheme", _("Scheme")
    INVITATION = "invitation", _("Invitation")
    MINUTES = "minutes", _("Minutes")
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    CIRCULAR = "circular", _("Circular")


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPLACED = "replaced", _("Replaced")
    EXPIRED = "expired", _("Expired")


class RelationKind(models.TextChoices):
    IMPLEMENTS = "implements", _("implements")
    CONTINUES = "continues", _("continues")
    GUIDES = "guides", _("guides")
    AMENDS = "amends", _("amends")
    REPLACES = "replaces", _("replaces")


# How a relation reads from its target: "05-CT/TW is continued by 01-KL/TW".
REVERSE_LABELS = {
    RelationKind.IMPLEMENTS: _("is implemented by"),
    RelationKind.CONTINUES: _("is continued by"),
    RelationKind.GUIDES: _("is guided by"),
    RelationKind.AMENDS: _("is amended by"),
    RelationKind.REPLACES: _("is replaced by"),
}


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Party documents are for study: every active, logged-in user reads the whole registry."""
        if getattr(user, "is_authenticated", False) and user.is_active:
            return self.all()
        return self.none()

    def search(self, query: str):
        """Matching documents, best first (`documents.search`)."""
        from dangvu.documents.search import search

        return search(self, query)


class Document(models.Model):
    type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=30, help_text=_("As written: 21, 98/2023."))
    symbol = models.CharField(
        _("symbol"), max_length=40, blank=True, help_text=_("KL/TW, NĐ-CP; blank for laws cited by name.")
    )
    issuer_unit = models.ForeignKey(
        Unit,
        verbose_name=_("issuing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    issuer_name = models.CharField(
        _("issuing body"), max_length=200, blank=True, help_text=_("An outside body: Bộ Chính trị, Chính phủ.")
    )
    term = models.CharField(_("term"), max_length=10, blank=True, help_text=_("Roman numeral: XIII."))
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    text = models.TextField(_("full text"), blank=True)
    validity = models.CharField(_("validity"), max_length=10, choices=Validity.choices, default=Validity.IN_FORCE)
    # Derived by operations.
    number_key = models.CharField(max_length=30, editable=False)
    symbol_key = models.CharField(max_length=40, editable=False)
    issuer_key = models.CharField(max_length=220, editable=False)
    # The year of issue (0 when unknown). A unit's own register restarts its numbers every year
    # (publishing.numbering), so the number alone does not identify a document across years.
    year_key = models.PositiveSmallIntegerField(default=0, editable=False)
    # Type, number-symbol, subject and issuer, diacritic-free: a match here ranks above a match in the text only.
    title_key = models.TextField(editable=False, default="")
    search_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            # Numbers restart every term (or year), so number-symbol, issuer, term and year identify a document.
            models.UniqueConstraint(
                fields=["number_key", "symbol_key", "issuer_key", "term", "year_key"], name="document_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(issuer_unit__isnull=False) | ~Q(issuer_name=""), name="document_has_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"{type_name(self.type)} {self.number_symbol}"

    @property
    def number_symbol(self) -> str:
        return number_symbol(self.number, self.symbol)

    @property
    def type_name(self) -> str:
        return type_name(self.type)

    @property
    def issuer(self) -> str:
        return self.issuer_unit.name if self.issuer_unit_id else self.issuer_name

    @property
    def validity_badge(self) -> str:
        """The site.css badge colour of the validity: green in force, amber amended, grey otherwise."""
        return {Validity.IN_FORCE: "full", Validity.AMENDED: "probationary"}.get(self.validity, "closed")


class DocumentRelation(models.Model):
    """`source` <kind> `target`: 01-KL/TW continues 05-CT/TW."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind.choices)
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="document_relation_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="document_relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source.number_symbol} {self.get_kind_display()} {self.target.number_symbol}"

    @property
    def reverse_label(self) -> str:
        return str(REVERSE_LABELS[RelationKind(self.kind)])


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="documents/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=4, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField()
    # None: no text could be extracted (a scanned PDF, or pdftotext not installed).
    text = models.TextField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def has_text(self) -> bool:
        return bool(self.text)


class Mention(models.Model):
    """A citation found in a stored text (`source_type`, `source_id`, `field`) and the document it names, if known.

    Written only by `mentions.index`; `document` is empty while the cited document is not registered, or when two
    registered documents fit and the citation gives no date to choose between them.
    """

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=40)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    span = models.CharField(max_length=500)
    type = models.CharField(max_length=40, blank=True)
    number = models.CharField(max_length=30, blank=True)
    symbol = models.CharField(max_length=40, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=200, blank=True)
    term = models.CharField(max_length=10, blank=True)
    number_key = models.CharField(max_length=30)
    symbol_key = models.CharField(max_length=40)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions")

    class Meta:
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="mention_source_idx"),
            models.Index(fields=["number_key", "symbol_key"], name="mention_number_idx"),
        ]

    def __str__(self) -> str:
        return self.span
