"""Every change to emulation and commendation: award types, nominations, the review of nominations, granting.

Each operation checks permission (`Action.CHANGE` on the granting unit for award types, `Action.RATE` on the
proposing unit for nominations and their review, `Action.RATE` on the granting unit or above for awards), validates,
writes in one transaction and records an audit entry. `actor=None` is the system.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can
from dangvu.awards.models import (
    Award,
    AwardForm,
    AwardType,
    Criterion,
    Nomination,
    NominationStatus,
    Recipients,
)
from dangvu.core.text import normalise
from dangvu.documents.models import Document, DocumentType
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.units.models import Unit

AWARD_TYPE_FIELDS = (
    "name",
    "form",
    "grantor",
    "grantor_unit",
    "recipients",
    "criterion",
    "criterion_years",
    "theme",
    "theme_document",
    "description",
)


def _allowed(actor, action: str, unit: Unit) -> bool:
    return actor is None or can(actor, action, unit)


def _under(unit: Unit, root: Unit) -> bool:
    return unit.path.startswith(root.path)


# Award types ---------------------------------------------------------------------------------------------------------


def _clean_type(fields: dict) -> dict:
    data = {name: fields.get(name) for name in AWARD_TYPE_FIELDS}
    for name in ("name", "grantor", "theme"):
        data[name] = normalise(data[name] or "")
    data["description"] = (data["description"] or "").strip()
    data["criterion"] = data["criterion"] or Criterion.NONE
    data["criterion_years"] = data["criterion_years"] or 1
    errors = {}
    if not data["name"]:
        errors["name"] = _("Enter the name of the award.")
    if data["form"] not in AwardForm.values:
        errors["form"] = _("Choose the form of the award.")
    if data["grantor_unit"] is None:
        errors["grantor_unit"] = _("Choose the granting unit.")
    if not data["grantor"]:
        errors["grantor"] = _("Enter who grants it, e.g. Ban Thường vụ Tỉnh ủy.")
    if data["recipients"] not in Recipients.values:
        errors["recipients"] = _("Choose whether it is for units or for members.")
    if data["criterion"] not in Criterion.values:
        errors["criterion"] = _("Choose the criterion.")
    if not 1 <= int(data["criterion_years"]) <= 20:
        errors["criterion_years"] = _("The number of years is between 1 and 20.")
    if errors:
        raise ValidationError(errors)
    return data


def _require_type(actor, unit: Unit) -> None:
    if not _allowed(actor, Action.CHANGE, unit):
        raise PermissionDenied(_("Only the office of %(unit)s manages its award types.") % {"unit": unit})


@transaction.atomic
def create_award_type(actor, **fields) -> AwardType:
    data = _clean_type(fields)
    _require_type(actor, data["grantor_unit"])
    award_type = AwardType.objects.create(**data)
    audit.record(actor, "create", award_type, after=audit.snapshot(award_type), unit=award_type.grantor_unit)
    return award_type


@transaction.atomic
def update_award_type(actor, award_type: AwardType, **fields) -> AwardType:
    _require_type(actor, award_type.grantor_unit)
    merged = {name: getattr(award_type, name) for name in AWARD_TYPE_FIELDS}
    merged.update(fields)
    data = _clean_type(merged)
    _require_type(actor, data["grantor_unit"])  # the new granting unit must be within reach too
    if data["recipients"] != award_type.recipients and award_type.awards.exists():
        raise ValidationError(
            {
                "recipients": _("Awards of this type were already granted; it stays for %(kind)s.")
                % {"kind": award_type.get_recipients_display()}
            }
        )
    before = audit.snapshot(award_type)
    for name, value in data.items():
        setattr(award_type, name, value)
    award_type.save()
    audit.record(
        actor, "update", award_type, before=before, after=audit.snapshot(award_type), unit=award_type.grantor_unit
    )
    return award_type


# Nominations ---------------------------------------------------------------------------------------------------------


def _check_recipient(award_type: AwardType, member: Member | None, unit: Unit | None) -> None:
    if (member is None) == (unit is None):
        raise ValidationError(_("Choose one member or one unit."))
    if award_type.recipients == Recipients.MEMBERS and member is None:
        raise ValidationError(_("%(award)s is awarded to members.") % {"award": award_type})
    if award_type.recipients == Recipients.UNITS and unit is None:
        raise ValidationError(_("%(award)s is awarded to units.") % {"award": award_type})


def _existing_award(award_type: AwardType, year: int, member: Member | None, unit: Unit | None) -> Award | None:
    found = Award.objects.filter(award_type=award_type, year=year).select_related("decision")
    return (found.filter(member=member) if member is not None else found.filter(unit=unit)).first()


def _duplicate_award_message(award: Award) -> str:
    return _("%(recipient)s already received %(award)s for %(year)s (%(decision)s, certificate no. %(number)s).") % {
        "recipient": award.recipient,
        "award": award.award_type,
        "year": award.year,
        "decision": award.decision,
        "number": award.certificate_number or "—",
    }


@transaction.atomic
def nominate(
    actor,
    award_type: AwardType,
    year: int,
    proposing_unit: Unit,
    *,
    member: Member | None = None,
    unit: Unit | None = None,
    achievements: str = "",
) -> Nomination:
    """`proposing_unit` proposes a member or unit of its subtree for `award_type` and `year`."""
    if not _allowed(actor, Action.RATE, proposing_unit):
        raise PermissionDenied(
            _("Only the office or the secretary of %(unit)s proposes its nominations.") % {"unit": proposing_unit}
        )
    _check_recipient(award_type, member, unit)
    if member is not None:
        if member.status not in ACTIVE_STATUSES or member.unit_id is None:
            raise ValidationError(_("%(member)s is not a current party member.") % {"member": member.full_name})
        if not _under(member.unit, proposing_unit):
            raise ValidationError(
                _("%(member)s is not a member under %(unit)s.") % {"member": member.full_name, "unit": proposing_unit}
            )
    elif not _under(unit, proposing_unit):
        raise ValidationError(_("%(nominee)s is not under %(unit)s.") % {"nominee": unit, "unit": proposing_unit})
    if not _under(proposing_unit, award_type.grantor_unit):
        raise ValidationError(
            _("%(unit)s is not under %(grantor)s, which grants %(award)s.")
            % {"unit": proposing_unit, "grantor": award_type.grantor_unit, "award": award_type}
        )
    nominee = member.full_name if member is not None else unit.name
    existing = Nomination.objects.filter(award_type=award_type, year=year)
    existing = (existing.filter(member=member) if member is not None else existing.filter(unit=unit)).first()
    if existing is not None:
        raise ValidationError(
            _("%(nominee)s is already nominated for %(award)s %(year)s by %(unit)s.")
            % {"nominee": nominee, "award": award_type, "year": year, "unit": existing.proposing_unit}
        )
    awarded = _existing_award(award_type, year, member, unit)
    if awarded is not None:
        raise ValidationError(_duplicate_award_message(awarded))
    nomination = Nomination.objects.create(
        award_type=award_type,
        year=year,
        proposing_unit=proposing_unit,
        member=member,
        unit=unit,
        achievements=(achievements or "").strip(),
        proposed_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor, "nominate", nomination, after=audit.snapshot(nomination), unit=proposing_unit)
    return nomination


def passes(votes_for: int, voters: int) -> bool:
    """Our assumption: the review of nominations follows the usual majority rule of party bodies (more than half of
    those present and voting in favour, as in Điều lệ Đảng's rule for decisions of party organisations); no text we
    found sets another threshold for commendation."""
    return voters > 0 and votes_for * 2 > voters


@transaction.atomic
def review_nominations(actor, nominations: Iterable[Nomination], votes: dict[int, tuple[int, int, int]]) -> list:
    """Record the vote of the review of nominations (bình xét): for each nomination id, (for, against, voters present).
    A nomination passes (REVIEWED) with more than half of the voters for it; otherwise it is NOT_GRANTED."""
    reviewed = []
    now = timezone.now()
    for nomination in nominations:
        if nomination.pk not in votes:
            continue
        if not _allowed(actor, Action.RATE, nomination.proposing_unit):
            raise PermissionDenied(
                _("Only the office or the secretary of %(unit)s reviews its nominations.")
                % {"unit": nomination.proposing_unit}
            )
        if nomination.status == NominationStatus.GRANTED:
            raise ValidationError(
                _("The nomination of %(nominee)s was already granted.") % {"nominee": nomination.nominee}
            )
        votes_for, against, voters = (int(v) for v in votes[nomination.pk])
        if voters <= 0 or votes_for < 0 or against < 0 or votes_for + against > voters:
            raise ValidationError(
                _(
                    "%(nominee)s: the votes for (%(for)s) and against (%(against)s) cannot exceed the %(voters)s voters "
                    "present."
                )
                % {"nominee": nomination.nominee, "for": votes_for, "against": against, "voters": voters}
            )
        before = audit.snapshot(nomination)
        nomination.votes_for, nomination.votes_against, nomination.voters = votes_for, against, voters
        nomination.status = NominationStatus.REVIEWED if passes(votes_for, voters) else NominationStatus.NOT_GRANTED
        nomination.reviewed_at = now
        nomination.reviewed_by = actor if getattr(actor, "pk", None) else None
        nomination.save()
        audit.record(
            actor,
            "review",
            nomination,
            before=before,
            after=audit.snapshot(nomination),
            unit=nomination.proposing_unit,
        )
        reviewed.append(nomination)
    return reviewed


# Granting ------------------------------------------------------------------------------------------------------------


def default_citation(award_type: AwardType, year: int) -> str:
    """The citation printed on the certificate (in Vietnamese, as the certificate is)."""
    if award_type.criterion == Criterion.EXCELLENT_YEARS:
        n = max(award_type.criterion_years or 1, 1)
        if n > 1:
            return f"Đã có thành tích hoàn thành xuất sắc nhiệm vụ {n} năm liền ({year - n + 1}-{year})"
        return f"Đã có thành tích hoàn thành xuất sắc nhiệm vụ năm {year}"
    return award_type.theme or f"Đã có thành tích xuất sắc năm {year}"


@transaction.atomic
def grant_awards(
    actor,
    award_type: AwardType,
    year: int,
    decision: Document,
    *,
    members: Iterable[Member] = (),
    units: Iterable[Unit] = (),
    citation: str = "",
    presented_at=None,
) -> list[Award]:
    """Grant `award_type` for `year` by `decision` to each member or unit, once; certificate numbers follow those
    already given under the same decision ("01", "02" …). Nominations for them become GRANTED and are linked."""
    grantor = award_type.grantor_unit
    if not _allowed(actor, Action.RATE, grantor):
        raise PermissionDenied(
            _("Only the standing committee of %(unit)s grants %(award)s.") % {"unit": grantor, "award": award_type}
        )
    if decision is None or decision.type != DocumentType.DECISION:
        raise ValidationError({"decision": _("Awards are granted by a registered decision.")})
    members, units = list(dict.fromkeys(members)), list(dict.fromkeys(units))
    if award_type.recipients == Recipients.MEMBERS and units:
        raise ValidationError(_("%(award)s is awarded to members.") % {"award": award_type})
    if award_type.recipients == Recipients.UNITS and members:
        raise ValidationError(_("%(award)s is awarded to units.") % {"award": award_type})
    if not members and not units:
        raise ValidationError(_("Choose at least one recipient."))
    errors = []
    for member in members:
        if member.unit_id is None or not _under(member.unit, grantor):
            errors.append(
                _("%(member)s is not a member under %(unit)s.") % {"member": member.full_name, "unit": grantor}
            )
    for unit in units:
        if not _under(unit, grantor):
            errors.append(_("%(nominee)s is not under %(unit)s.") % {"nominee": unit, "unit": grantor})
    existing = Award.objects.filter(award_type=award_type, year=year).select_related("decision", "member", "unit")
    existing = existing.filter(member__in=members) if members else existing.filter(unit__in=units)
    errors.extend(_duplicate_award_message(award) for award in existing)
    if errors:
        raise ValidationError(errors)

    citation = normalise(citation or "") or default_citation(award_type, year)
    numbers = [a.certificate_number for a in Award.objects.filter(decision=decision).select_for_update()]
    next_number = max((int(n) for n in numbers if n.isdigit()), default=0) + 1
    nominations = Nomination.objects.filter(award_type=award_type, year=year).exclude(status=NominationStatus.GRANTED)
    nominations = {
        (n.member_id, n.unit_id): n
        for n in (nominations.filter(member__in=members) if members else nominations.filter(unit__in=units))
    }
    created = []
    for recipient in [*members, *units]:
        is_member = isinstance(recipient, Member)
        nomination = nominations.get((recipient.pk, None) if is_member else (None, recipient.pk))
        award = Award.objects.create(
            award_type=award_type,
            year=year,
            member=recipient if is_member else None,
            unit=None if is_member else recipient,
            decision=decision,
            nomination=nomination,
            citation=citation,
            certificate_number=f"{next_number:02d}",
            presented_at=presented_at,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        next_number += 1
        audit.record(actor, "grant", award, after=audit.snapshot(award), unit=grantor)
        if nomination is not None:
            before = audit.snapshot(nomination)
            nomination.status = NominationStatus.GRANTED
            nomination.save(update_fields=["status"])
            audit.record(
                actor,
                "update",
                nomination,
                before=before,
                after=audit.snapshot(nomination),
                unit=nomination.proposing_unit,
            )
        created.append(award)
    return created


@transaction.atomic
def nominate_many(
    actor,
    award_type: AwardType,
    year: int,
    proposing_unit: Unit,
    *,
    members: Iterable[Member] = (),
    units: Iterable[Unit] = (),
    achievements: str = "",
) -> list[Nomination]:
    """Several nominations at once (from the candidates page): all or nothing."""
    made = [
        nominate(actor, award_type, year, proposing_unit, member=member, achievements=achievements)
        for member in members
    ]
    made += [nominate(actor, award_type, year, proposing_unit, unit=unit, achievements=achievements) for unit in units]
    if not made:
        raise ValidationError(_("Choose at least one member or unit."))
    return made


@transaction.atomic
def grant_with_decision(
    actor,
    award_type: AwardType,
    year: int,
    *,
    decision: Document | None = None,
    new_decision: dict | None = None,
    members: Iterable[Member] = (),
    units: Iterable[Unit] = (),
    citation: str = "",
    presented_at=None,
) -> list[Award]:
    """Grant by a registered decision, or register the decision (`new_decision`: the fields of
    `documents.operations.register_document`) and grant in the same transaction: all or nothing."""
    from dangvu.documents.operations import register_document

    if not _allowed(actor, Action.RATE, award_type.grantor_unit):
        raise PermissionDenied(
            _("Only the standing committee of %(unit)s grants %(award)s.")
            % {"unit": award_type.grantor_unit, "award": award_type}
        )
    if decision is None:
        if not new_decision:
            raise ValidationError({"decision": _("Awards are granted by a registered decision.")})
        decision = register_document(actor, **new_decision)
    return grant_awards(
        actor, award_type, year, decision, members=members, units=units, citation=citation, presented_at=presented_at
    )
