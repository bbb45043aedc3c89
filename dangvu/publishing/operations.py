"""Every change to official drafts: create (by hand, or drafted from the data), edit with a version check, issue.

Each operation checks CHANGE on the issuing unit (its office), validates, writes in one transaction and records an
audit entry. Issuing takes the next number of the unit's register for the type and year (`numbering.next_number`,
under a row lock) and registers the document in `documents`, so numbers never repeat and never skip: a refused issue
rolls the register back with everything else.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can, today
from dangvu.core.periods import Quarter
from dangvu.core.text import normalise
from dangvu.documents import operations as documents
from dangvu.documents.rules import TYPES_BY_CODE
from dangvu.publishing import numbering
from dangvu.publishing.models import DraftKind, DraftState, OfficialDraft
from dangvu.units.models import Unit

EDITABLE_FIELDS = ("subject", "place", "recipients", "signing_authority", "signer_title", "signer_name")


def can_edit(actor, unit: Unit) -> bool:
    return actor is None or can(actor, Action.CHANGE, unit)


def _require(actor, unit: Unit) -> None:
    if not can_edit(actor, unit):
        raise PermissionDenied(_("Only the office of %(unit)s may prepare and issue its documents.") % {"unit": unit})


def _lines(text) -> str:
    """Each line normalised, blank lines dropped (recipients: one per line)."""
    return "\n".join(line for line in (normalise(raw) for raw in str(text or "").splitlines()) if line)


def _clean_sections(sections) -> list[dict]:
    cleaned = []
    for index, section in enumerate(sections or []):
        item = {
            "key": str(section.get("key") or f"s{index + 1}"),
            "heading": normalise(section.get("heading") or ""),
            "text": "\n".join(normalise(line) for line in str(section.get("text") or "").splitlines()).strip(),
            "drafted": bool(section.get("drafted", False)),
        }
        if section.get("table"):
            item["table"] = [[str(cell) for cell in row] for row in section["table"]]
        if section.get("heading_only"):
            item["heading_only"] = True  # a part title ("I. KẾT QUẢ …"): nothing to write under it
        cleaned.append(item)
    keys = [s["key"] for s in cleaned]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Two sections have the same key."))
    return cleaned


@transaction.atomic
def create_draft(
    actor,
    unit: Unit,
    *,
    kind: str,
    type: str,
    subject: str,
    sections=(),
    recipients: str = "",
    signing_authority: str = "",
    signer_title: str = "",
    signer_name: str = "",
    period: str = "",
    meeting=None,
    place: str = "",
) -> OfficialDraft:
    _require(actor, unit)
    errors = {}
    if kind not in DraftKind.values:
        errors["kind"] = _("Choose the kind of document.")
    if type not in TYPES_BY_CODE or not TYPES_BY_CODE[type].symbol:
        errors["type"] = _("Choose the document type.")
    subject = normalise(subject)
    if not subject:
        errors["subject"] = _("Enter the subject of the document.")
    if errors:
        raise ValidationError(errors)
    draft = OfficialDraft(
        unit=unit,
        kind=kind,
        type=type,
        subject=subject,
        sections=_clean_sections(sections),
        recipients=_lines(recipients),
        signing_authority=normalise(signing_authority),
        signer_title=normalise(signer_title),
        signer_name=normalise(signer_name),
        period=period,
        meeting=meeting,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if place:
        draft.place = normalise(place)
    draft.save()
    audit.record(actor, "create", draft, after=audit.snapshot(draft), unit=unit)
    return draft


def _locked(draft: OfficialDraft, version: int) -> OfficialDraft:
    """The draft's row, locked; refused when it was issued or saved by someone else since `version` was read."""
    current = OfficialDraft.objects.select_for_update().get(pk=draft.pk)
    if current.state != DraftState.DRAFT:
        raise ValidationError(_("This document has been issued; it can no longer be changed."), code="issued")
    if int(version) != current.version:
        raise ValidationError(
            _(
                "Someone else saved this document while you were editing it. Reload it to see their changes; nothing of "
                "yours was saved."
            ),
            code="stale",
        )
    return current


@transaction.atomic
def update_draft(actor, draft: OfficialDraft, version: int, sections: dict | None = None, **fields) -> OfficialDraft:
    """Save the clerk's edits: `sections` maps a section key to its new text; `fields` are EDITABLE_FIELDS. Refused
    (ValidationError, nothing saved) when `version` is not the version saved last."""
    _require(actor, draft.unit)
    current = _locked(draft, version)
    before = audit.snapshot(current)
    if sections:
        by_key = {s["key"]: s for s in current.sections}
        unknown = set(sections) - set(by_key)
        if unknown:
            raise ValidationError(_("Unknown section: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
        for key, text in sections.items():
            by_key[key]["text"] = "\n".join(normalise(line) for line in str(text).splitlines()).strip()
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(current, name, _lines(value) if name == "recipients" else normalise(value or ""))
    if not current.subject:
        raise ValidationError({"subject": _("Enter the subject of the document.")})
    current.version += 1
    current.save()
    audit.record(actor, "update", current, before=before, after=audit.snapshot(current), unit=current.unit)
    draft.refresh_from_db()
    return current


def plain_text(draft: OfficialDraft) -> str:
    """The body as plain text (the registered document's full text, for search)."""
    parts = []
    for section in draft.sections:
        if section.get("heading"):
            parts.append(section["heading"])
        if section.get("text"):
            parts.append(section["text"])
        for row in section.get("table") or []:
            parts.append(" | ".join(row))
    return "\n".join(parts)


@transaction.atomic
def issue(actor, draft: OfficialDraft, version: int | None = None, on: date | None = None) -> OfficialDraft:
    """Issue the draft: take the next number of the unit's register for its type and the year of `on` (default
    today), register it as a document of the unit, and lock the draft."""
    _require(actor, draft.unit)
    current = _locked(draft, draft.version if version is None else version)
    before = audit.snapshot(current)
    if current.document_id:
        # A registered document put into the layout (an award decision): it already has its number and date.
        current.state = DraftState.ISSUED
        current.issued_on = current.document.issued_on or on or today()
        current.version += 1
        current.save()
        audit.record(actor, "issue", current, before=before, after=audit.snapshot(current), unit=current.unit)
        draft.refresh_from_db()
        return current
    on = on or today()
    number = numbering.next_number(current.unit, current.type, on.year)
    try:
        document = documents.register_document(
            actor,
            type=current.type,
            number=str(number),
            symbol=numbering.document_symbol(current.type, current.unit),
            issuer_unit=current.unit,
            issuer_name="",
            term="",
            issued_on=on,
            subject=current.subject,
            text=plain_text(current),
            validity="",
        )
    except documents.DuplicateDocument as error:
        # The registry already holds this number (entered by hand): refuse, and the register rolls back with us.
        raise ValidationError(
            _("Number %(number)s is already taken in the registry by %(document)s; correct the register first.")
            % {"number": number, "document": error.existing},
            code="duplicate",
        ) from error
    current.state = DraftState.ISSUED
    current.document = document
    current.issued_on = on
    current.version += 1
    current.save()
    audit.record(actor, "issue", current, before=before, after=audit.snapshot(current), unit=current.unit)
    draft.refresh_from_db()
    return current


# Drafting from the data -----------------------------------------------------------------------------------------------


def draft_quarterly_report(actor, unit: Unit, quarter: Quarter) -> OfficialDraft:
    """The quarterly report of `unit` for `quarter`, drafted from the data (`quarterly.draft`)."""
    from dangvu.publishing import quarterly

    _require(actor, unit)
    return create_draft(actor, unit, **quarterly.draft(unit, quarter))


def draft_from_meeting(actor, meeting, kind: str) -> OfficialDraft:
    """An invitation, the minutes or the notice of conclusions of a meeting (`drafting`)."""
    from dangvu.publishing import drafting

    _require(actor, meeting.unit)
    builders = {
        DraftKind.INVITATION: drafting.invitation,
        DraftKind.MINUTES: drafting.minutes,
        DraftKind.CONCLUSIONS_NOTICE: drafting.conclusions_notice,
    }
    if kind not in builders:
        raise ValidationError(_("Choose the kind of document."))
    return create_draft(actor, meeting.unit, **builders[kind](meeting))


def draft_award_decision(actor, unit: Unit, awards, decision=None, **options) -> OfficialDraft:
    """An award decision with its list (`drafting.award_decision`). With `decision` (a registered document the
    awards were granted by), the draft is that decision in the party layout: it keeps its number and date, and
    issuing it takes no new number."""
    from dangvu.publishing import drafting

    _require(actor, unit)
    with transaction.atomic():
        draft = create_draft(actor, unit, **drafting.award_decision(unit, awards, **options))
        if decision is not None:
            if OfficialDraft.objects.filter(document=decision).exists():
                raise ValidationError(_("%(document)s has already been drafted.") % {"document": decision})
            draft.document = decision
            draft.save(update_fields=["document"])
    return draft
