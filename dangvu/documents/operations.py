"""Every change to the document registry: documents, relations between them, attachments.

Each operation checks permission, validates, writes in one transaction and records an audit entry
(unit = the issuing unit, or None for outside bodies).
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any
from dangvu.core.text import normalise, search_key
from dangvu.documents import mentions, rules
from dangvu.documents.models import Attachment, Document, DocumentRelation, RelationKind, Validity
from dangvu.units.models import Unit

DOCUMENT_FIELDS = (
    "type",
    "number",
    "symbol",
    "issuer_unit",
    "issuer_name",
    "term",
    "issued_on",
    "subject",
    "text",
    "validity",
)
# A relation that changes the validity of its target.
_VALIDITY_AFTER = {RelationKind.REPLACES: Validity.REPLACED, RelationKind.AMENDS: Validity.AMENDED}


class DuplicateDocument(ValidationError):
    """The registry already holds a document with the same number-symbol, issuer and term."""

    def __init__(self, existing: Document):
        super().__init__(
            _("%(document)s of %(issuer)s is already registered.") % {"document": existing, "issuer": existing.issuer},
            code="duplicate",
        )
        self.existing = existing


def can_change(user, document: Document | None = None, issuer_unit: Unit | None = None) -> bool:
    """CHANGE on the issuing unit; for an outside body, CHANGE anywhere. `user` None is the system."""
    if user is None:
        return True
    unit = document.issuer_unit if document is not None else issuer_unit
    if unit is not None:
        return can(user, Action.CHANGE, unit)
    return has_any(user, Action.CHANGE)


def _require(user, document: Document | None = None, issuer_unit: Unit | None = None) -> None:
    if not can_change(user, document, issuer_unit):
        raise PermissionDenied(_("You do not have permission to change this document."))


def _clean(fields: dict) -> dict:
    data = {name: fields.get(name) for name in DOCUMENT_FIELDS}
    for name in ("number", "symbol", "issuer_name", "subject"):
        data[name] = normalise(data[name])
    data["text"] = rules.normalise_lines(data["text"] or "")
    data["validity"] = data["validity"] or Validity.IN_FORCE
    errors = {}
    if not data["number"]:
        errors["number"] = _("Enter the document number.")
    if data["type"] not in rules.TYPES_BY_CODE:
        errors["type"] = _("Choose the document type.")
    if data["issuer_unit"] is not None:
        data["issuer_name"] = ""
    elif not data["issuer_name"]:
        errors["issuer_name"] = _("Choose the issuing unit or enter the name of the issuing body.")
    try:
        data["term"] = rules.normalise_term(data["term"] or "")
    except ValueError:
        errors["term"] = _("Write the term as a Roman numeral, e.g. XIII.")
    if errors:
        raise ValidationError(errors)
    return data


def _apply(document: Document, data: dict) -> None:
    for name, value in data.items():
        setattr(document, name, value)
    document.number_key = rules.number_key(document.number)
    document.symbol_key = rules.symbol_key(document.symbol)
    document.issuer_key = rules.issuer_key(document.issuer_unit_id, document.issuer_name)
    document.year_key = document.issued_on.year if document.issued_on else 0


def refresh_search_key(document: Document) -> None:
    """Type name, number-symbol, subject, issuer, text and the text of the attachments, diacritic-free; the
    title part (everything but the texts) also on its own, for ranking."""
    attachment_text = [a.text for a in document.attachments.all() if a.text] if document.pk else []
    document.title_key = search_key(
        document.type_name,
        document.number_symbol,
        document.subject,
        document.issuer,
        f"khoa {document.term}" if document.term else "",
    )
    document.search_key = search_key(document.title_key, document.text, *attachment_text)


def _check_duplicate(document: Document) -> None:
    existing = (
        Document.objects.filter(
            number_key=document.number_key,
            symbol_key=document.symbol_key,
            issuer_key=document.issuer_key,
            term=document.term,
            year_key=document.year_key,
        )
        .exclude(pk=document.pk)
        .select_related("issuer_unit")
        .first()
    )
    if existing is not None:
        raise DuplicateDocument(existing)


def _save(document: Document) -> None:
    _check_duplicate(document)
    refresh_search_key(document)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # a concurrent registration won the race
        _check_duplicate(document)
        raise


@transaction.atomic
def register_document(actor, **fields) -> Document:
    data = _clean(fields)
    _require(actor, issuer_unit=data["issuer_unit"])
    document = Document()
    _apply(document, data)
    _save(document)
    mentions.index(document)
    mentions.resolve_for(document)
    audit.record(actor, "create", document, after=audit.snapshot(document), unit=document.issuer_unit)
    return document


@transaction.atomic
def update_document(actor, document: Document, expected_state: str | None = None, **fields) -> Document:
    """Change the document; refused (`audit.StaleState`) when it changed since the editor read `expected_state`."""
    document.refresh_from_db(from_queryset=Document.objects.select_for_update())
    _require(actor, document)
    audit.check_state(document, expected_state)
    data = _clean(fields)
    _require(actor, issuer_unit=data["issuer_unit"])  # the new issuer must be within reach too
    before = audit.snapshot(document)
    keys = (document.number_key, document.symbol_key)
    _apply(document, data)
    _save(document)
    mentions.index(document)
    if keys != (document.number_key, document.symbol_key):
        mentions.resolve_for(document)  # mentions of the old number let go of it, those of the new one find it
    audit.record(actor, "update", document, before=before, after=audit.snapshot(document), unit=document.issuer_unit)
    return document


@transaction.atomic
def relate_documents(actor, source: Document, kind: str, target: Document) -> DocumentRelation:
    """Record that `source` <kind> `target`; replacing or amending a document changes its validity."""
    _require(actor, source)
    if source.pk == target.pk:
        raise ValidationError({"target": _("A document cannot be related to itself.")})
    if DocumentRelation.objects.filter(source=source, kind=kind, target=target).exists():
        raise ValidationError({"target": _("This relation is already recorded.")})
    relation = DocumentRelation.objects.create(source=source, kind=kind, target=target)
    audit.record(actor, "create", relation, after=audit.snapshot(relation), unit=source.issuer_unit)
    new_validity = _VALIDITY_AFTER.get(RelationKind(kind))
    if new_validity and target.validity == Validity.IN_FORCE:
        before = audit.snapshot(target)
        target.validity = new_validity
        target.save(update_fields=["validity", "updated_at"])
        audit.record(actor, "update", target, before=before, after=audit.snapshot(target), unit=target.issuer_unit)
    return relation


def _pdf_text(content: bytes) -> str | None:
    """Text of a PDF via poppler's pdftotext when it is installed; None otherwise or on failure."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(content)
        try:
            result = subprocess.run(  # noqa: S603 - fixed program, our own temporary file
                [program, "-enc", "UTF-8", "-q", str(source), "-"], capture_output=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    if result.returncode != 0:
        return None
    return rules.normalise_lines(result.stdout.decode("utf-8", "replace")) or None


@transaction.atomic
def attach_file(actor, document: Document, upload) -> Attachment:
    """Store a PDF or DOCX (≤ 10 MB, extension and content checked) and extract its text for search."""
    _require(actor, document)
    name = Path(upload.name or "").name
    if upload.size > rules.MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    content = upload.read()
    kind = rules.attachment_kind(name, content[:8])
    text = None
    if kind == rules.DOCX:
        text = rules.docx_text(content)
        if text is None:
            kind = None
    elif kind == rules.PDF:
        text = _pdf_text(content)
    if kind is None:
        raise ValidationError({"file": _("Only PDF and DOCX files can be attached.")})
    attachment = Attachment(
        document=document,
        original_name=name[:200],
        kind=kind,
        size=len(content),
        text=text,
        uploaded_by=actor,
    )
    attachment.file.save(f"{document.pk}-{kind}.{kind}", ContentFile(content), save=False)
    attachment.save()
    audit.record(
        actor,
        "create",
        attachment,
        after=audit.snapshot(attachment, ("id", "document", "original_name", "kind", "size")),
        unit=document.issuer_unit,
    )
    if text:
        refresh_search_key(document)
        document.save(update_fields=["search_key", "updated_at"])
    return attachment
